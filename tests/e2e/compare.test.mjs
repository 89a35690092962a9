// Comparing plans (issue 16): managed services against VPS to cluster,
// the decision table and break-even month as the command line gives them,
// a comparison link opened in a fresh profile (read-only), one of its plans
// opened for editing, a damaged comparison link, and the CSV export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, open, ROOT } from './support.mjs';

const env = sharedBrowser();

function cli(...args) {
  return JSON.parse(execFileSync('cargo', ['run', '--quiet', '--bin', 'headroom', '--', 'compare', ...args, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }));
}

const rowCells = (page, name) => page.locator('table.decision tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${name}$`) }) }).locator('td');

test('two presets compared: the command line\'s figures, a shared link opened read-only, one plan opened for editing', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#preset').selectOption('managed-services');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent.includes('anaged'));
  await page.getByRole('button', { name: 'Compare…' }).click();
  // Presets are offered by their plans' names, as "Start from" offers them.
  const offered = await page.locator('#compare-add optgroup[label=Presets] option').allTextContents();
  const started = await page.locator('#preset option').allTextContents();
  assert.ok(offered.includes('VPS to cluster') && !offered.includes('vps-to-cluster'), offered.join(', '));
  assert.ok(offered.length >= 7 && offered.every((t) => started.includes(t)), `${offered} / ${started}`);
  await page.locator('#compare-add').selectOption('preset:vps-to-cluster');
  await page.locator('table.decision thead th', { hasText: 'VPS to cluster' }).waitFor();
  const want = cli('--preset', 'managed-services', '--preset', 'vps-to-cluster');
  // Totals to each horizon (24 and 6 months) as the command line gives
  // them, not ranked; ranked on the 6 months both have.
  const money = (v) => '$' + Math.round(v).toLocaleString('en-US');
  const own = await rowCells(page, "Total cost to each plan's horizon \\(not ranked\\)").allTextContents();
  assert.deepEqual(own, [`${money(want.plans[0].total_cost)} (month 24)`, `${money(want.plans[1].total_cost)} (month 6)`]);
  const totals = await rowCells(page, 'Total cost to month 6').allTextContents();
  assert.match(totals[0], /\(cheapest\)$/);
  assert.equal(totals[1], money(want.plans[1].total_cost));
  assert.match(await page.locator('ul.break-even').textContent(), new RegExp(`costs less until month ${want.break_even[0].month}`));
  assert.match(await page.locator('details.differences').textContent(), /Horizon: 24 months → 6 months/);
  // The overlaid charts are drawn.
  for (const id of ['compare-users', 'compare-cost', 'compare-cumulative']) {
    await page.waitForFunction((id) => performance.getEntriesByType('mark').some((m) => m.name === `headroom:drawn:${id}`), id);
  }
  // CSV export of the decision table and the monthly series.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export comparison (CSV)' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  assert.ok(csv.startsWith('figure,Managed services (SaaS plan levels),VPS to cluster,best\n'), csv.slice(0, 200));
  // The comparison link.
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy comparison link' }).click();
  await page.locator('.notice', { hasText: 'Comparison link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(link, /#c1\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(problems, []);
  await context.close();

  // A stakeholder opens it in a fresh profile: read-only, the same figures.
  const b = await open(env.browser, link);
  await b.page.locator('.notice-inline', { hasText: 'read-only' }).waitFor();
  assert.equal(await b.page.locator('.compare-picker').count(), 0);
  assert.deepEqual(await rowCells(b.page, 'Total cost to month 6').allTextContents(), totals);
  // Open VPS to cluster for editing: the editor holds it, as a linked copy.
  await b.page.locator('table.decision thead th', { hasText: 'VPS to cluster' }).getByRole('button', { name: 'Open for editing' }).click();
  await b.page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'VPS to cluster');
  await b.page.locator('.notice', { hasText: 'Opened from a link' }).waitFor();
  assert.equal(await b.page.locator('section.compare').count(), 0);
  // Back returns to the comparison; Forward to the plan.
  await b.page.goBack();
  await b.page.locator('table.decision').waitFor();
  await b.page.goForward();
  await b.page.waitForFunction(() => !document.querySelector('section.compare'));
  assert.deepEqual(b.problems, []);
  await b.context.close();

  // A damaged comparison link says so; the plan on screen is the visitor's own.
  const damaged = link.slice(0, -6) + 'AAAAAA';
  const c = await open(env.browser, damaged);
  await c.page.locator('.notice', { hasText: 'comparison link is damaged' }).waitFor();
  assert.equal(await c.page.locator('section.compare').count(), 0);
  await c.context.close();
});

test('the scenarios of one plan side by side, four at most, and a bad pasted link told where it was pasted', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.getByRole('button', { name: 'Compare…' }).click();
  // Every scenario of the plan, one column each.
  await page.locator('#compare-add').selectOption('all:');
  await page.locator('table.decision thead th', { hasText: 'Aggressive' }).waitFor();
  assert.equal(await page.locator('table.decision thead th').count(), 3);
  // A column's scenario can be changed.
  await page.locator('#compare-scenario-2').selectOption({ label: 'Conservative' });
  await page.waitForFunction(() => [...document.querySelectorAll('table.decision thead th')].filter((t) => t.textContent.includes('Conservative')).length === 2);
  await page.locator('#compare-link').fill('https://example.com/#p2.not-a-link');
  await page.getByRole('button', { name: 'Add from link' }).click();
  await page.locator('#compare-problem', { hasText: 'damaged' }).waitFor();
  // A whole address whose # a mail tool escaped as %23 adds its plan.
  const launch = execFileSync('cargo', ['run', '--quiet', '--bin', 'headroom', '--', 'link', '--preset', 'launch'], { cwd: ROOT, encoding: 'utf8' }).trim();
  await page.locator('#compare-link').fill(`https://example.com/app/%23${launch}`);
  await page.getByRole('button', { name: 'Add from link' }).click();
  await page.waitForFunction(() => document.querySelectorAll('table.decision thead th').length === 4);
  assert.equal(await page.locator('#compare-add').isDisabled(), true, 'four plans: full');
  await page.getByRole('button', { name: 'Close' }).click();
  await page.locator('#chart-users').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
