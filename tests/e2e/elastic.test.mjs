// End-to-end tests of elastic capacity (issue 11): a day of load edited in
// the page, an autoscaled component's day with its cards and charts, the
// figures equal to the command line's, and a link that carries it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, open, shot, ROOT, PHONE, chartPixels, settledBox } from './support.mjs';

const env = sharedBrowser();

const cli = (args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'headroom', '--', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
const card = (page, label) => page.locator('.elastic .card-figure', { hasText: label }).locator('.figure');

async function openElastic(page) {
  await page.locator('.plans summary').click();
  await page.locator('#new-plan-from').selectOption('elastic-hpa');
  await page.locator('.new-plan').getByRole('button', { name: 'Create' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Elastic backend (HPA at 70%)');
  await page.locator('.elastic .card-figure').first().waitFor();
}

/** Month m's day of the plan on screen, from the command line. */
function cliDay(page, plan, month) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-day-')), 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  return JSON.parse(cli(['day', '--plan', file, '--scenario', 'moderate', '--month', String(month), '--format', 'json']));
}

const exportedPlan = async (page) => {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export JSON' }).first().click();
  return JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
};

test('an autoscaled backend shows its day, with the command line\'s figures, and follows edits of the profile and the policy', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  // The day of the last month (24) by default.
  let plan = await exportedPlan(page);
  let day = cliDay(page, plan, 24);
  const avg = (d) => d.components[0].average_replicas.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, avg(day));
  assert.equal(await card(page, 'Minutes over capacity').textContent(), String(day.components[0].minutes_over_capacity));
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-day-load'));

  // Another month: the slider.
  await page.locator('#day-month').fill('12');
  day = cliDay(page, plan, 12);
  await page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, avg(day));
  assert.match(await page.locator('.elastic .hint[role=status]').textContent(), /month 12/);

  // A flatter evening (18:00 at half load): the page and the command line agree again.
  const before = await chartPixels(page, 'chart-day-load');
  await page.locator('#f-daily_profile-18').fill('0.5');
  await page.waitForFunction(() => document.querySelector('#f-daily_profile-shape')?.value === 'custom');
  plan = await exportedPlan(page);
  assert.equal(plan.daily_profile[18], 0.5);
  day = cliDay(page, plan, 12);
  await page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, avg(day));
  assert.notEqual(await chartPixels(page, 'chart-day-load'), before);

  // A lower target: more replicas, and the forecast's cost at month 12 follows.
  const target = page.locator('#f-tiers-2-components-0-quantity-autoscale-target');
  await target.fill('50');
  plan = await exportedPlan(page);
  assert.equal(plan.tiers[2].components[0].quantity.autoscale.target, 0.5);
  day = cliDay(page, plan, 12);
  await page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, avg(day));
  const forecast = JSON.parse(cli(['forecast', '--plan', (() => { const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-day-')), 'p.json'); fs.writeFileSync(f, JSON.stringify(plan)); return f; })(), '--scenario', 'moderate', '--format', 'json']));
  const cost12 = forecast.months[12].cost;
  // Month 12's row of the forecast table (the Moderate scenario) shows that cost.
  await page.waitForFunction((c) => [...document.querySelectorAll('table.forecast tbody tr')]
    .some((r) => r.querySelector('th')?.textContent === '12' && r.textContent.includes(c)), `$${Math.round(cost12).toLocaleString('en-US')}`);

  // Undo brings the 70% target back.
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-tiers-2-components-0-quantity-autoscale-target')?.value === '70');
  await shot(page, 'elastic-day');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the autoscale switch, a step policy and a link that carries them', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  // Step rules with a hold range from 17 to 21.
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-policy').selectOption('step');
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-up-add').waitFor();
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-up-add').fill('2');
  // A minutes field tells what it cannot read; the range is the validator's.
  const upFor = '#f-tiers-2-components-0-quantity-autoscale-up-for';
  const said = [['1.5', '"1\\.5" is not a whole number$'], ['-3', 'must not be negative, got -3'], ['0', 'from 1 to 1440, got 0$']];
  for (const [typed, message] of said) {
    await page.locator(upFor).fill(typed);
    await page.waitForFunction(([id, re]) => new RegExp(re).test(document.getElementById(id)?.textContent.trim() ?? ''), [`${upFor.slice(1)}-error`, message]);
  }
  await page.locator(upFor).fill('2');
  await page.waitForFunction((id) => !document.getElementById(id)?.textContent.trim(), `${upFor.slice(1)}-error`);
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-hold').fill('17-21');
  let plan = await exportedPlan(page);
  const a = plan.tiers[2].components[0].quantity.autoscale;
  assert.deepEqual([a.policy, a.up.add, a.hold], ['step', 2, [[17, 21]]]);
  // A bad hold range is refused at its field, and the plan keeps the good one.
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-hold').fill('21-17');
  await page.locator('.problems a', { hasText: 'autoscale.hold[0]' }).waitFor();
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-hold').fill('17-21');
  await page.waitForFunction(() => !document.querySelector('.problems a'));
  const average = await page.locator('.elastic .card-figure .figure').first().textContent();

  // The link carries the profile and the policy to a fresh profile.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'Link copied' }).waitFor();
  const url = await page.evaluate(() => navigator.clipboard.readText());
  const b = await open(env.browser, url, PHONE);
  await b.page.locator('.elastic .card-figure').first().waitFor();
  await b.page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, average);
  await b.page.locator('#chart-day-replicas').scrollIntoViewIfNeeded();
  await shot(b.page, 'elastic-phone');
  await b.context.close();

  // Switching autoscaling off prices the component as before: the section goes
  // once no component autoscales.
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-on').uncheck();
  await page.locator('#f-tiers-1-components-0-quantity-autoscale-on').uncheck();
  await page.waitForFunction(() => !document.querySelector('.elastic'));
  plan = await exportedPlan(page);
  assert.equal(plan.tiers[2].components[0].quantity.autoscale, undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('dragging a bar of the day sets its hour, as one undo step', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  const bars = page.locator('svg.profile-bars');
  let box = await settledBox(bars);
  // From near the top (1) down to the middle: 18:00 at half the busiest load.
  // Hovering first lets Playwright check that the bars, not something over
  // them, take the pointer there.
  await bars.hover({ position: { x: box.width * (18.5 / 24), y: box.height * 0.05 } });
  box = await bars.boundingBox();
  const x = box.x + box.width * (18.5 / 24);
  await page.mouse.down();
  await page.mouse.move(x, box.y + box.height * 0.3);
  await page.mouse.move(x, box.y + box.height * 0.5);
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('#f-daily_profile-18')?.value === '0.5');
  assert.equal(await page.locator('#f-daily_profile-shape').inputValue(), 'custom');
  const plan = await exportedPlan(page);
  assert.equal(plan.daily_profile[18], 0.5);
  assert.equal(plan.daily_profile[17], 1, 'the other hours stay');
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-daily_profile-18')?.value === '1');
  assert.equal(await page.locator('#f-daily_profile-shape').inputValue(), 'evening');
  await shot(page, 'elastic-profile-bars');
  assert.deepEqual(problems, []);
  await context.close();
});

test('replicas too slow for the evening ramp: minutes over capacity, and an alert that says what to change', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-warmup').fill('20');
  await page.locator('#f-tiers-2-components-0-quantity-autoscale-target').fill('95');
  const plan = await exportedPlan(page);
  const day = cliDay(page, plan, 24);
  assert.ok(day.components[0].minutes_over_capacity > 0);
  await page.waitForFunction((n) => {
    const c = [...document.querySelectorAll('.elastic .card-figure')].find((x) => x.textContent.includes('Minutes over capacity'));
    return c?.querySelector('.figure').textContent === String(n);
  }, day.components[0].minutes_over_capacity);
  await page.locator('.events li', { hasText: 'is short of load' }).first().waitFor();
  assert.match(await page.locator('.events li', { hasText: 'is short of load' }).first().textContent(), /Backend \(8xlarge, autoscaled\).*warm-up/);
  // The day chart marks the minutes over target: in its hourly data table,
  // "Load over target" is above 0 exactly at the command line's minutes whose
  // utilization is over the 95% target.
  assert.ok(day.components[0].minutes_over_target > 0);
  const table = page.locator('#chart-day-load .data-table');
  await table.locator('summary').click();
  const head = await table.locator('thead th').allTextContents();
  const col = head.indexOf('Load over target');
  assert.ok(col > 0, head.join(' | '));
  const rows = await table.locator('tbody tr').evaluateAll((trs, c) => trs.map((tr) => tr.children[c].textContent), col);
  assert.equal(rows.length, 24);
  const per = plan.tiers[2].components[0].quantity.per;
  const want = [...Array(24).keys()].map((h) => {
    const m = day.components[0].minutes[h * 60];
    return Math.max(0, m.load - m.ready * per * 0.95);
  });
  rows.forEach((v, h) => assert.ok(Math.abs(Number(v.replace(/,/g, '')) - want[h]) <= 1, `hour ${h}: ${v} against ${want[h]}`));
  assert.ok(want.some((x) => x > 1), 'some sampled hour is over target');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong hold range and a day of all zeros are told at their own fields, and the forecast stays', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  const hold = '#f-tiers-2-components-0-quantity-autoscale-hold';
  await page.locator(hold).fill('21-17');
  const holdError = page.locator(`${hold}-error`);
  await page.waitForFunction((id) => document.getElementById(id)?.textContent.trim().length > 0, `${hold.slice(1)}-error`);
  assert.match(await holdError.textContent(), /21|17|range|before|after/i);
  await page.locator(hold).fill('');
  await page.waitForFunction((id) => !document.getElementById(id)?.textContent.trim(), `${hold.slice(1)}-error`);
  for (let h = 0; h < 23; h++) await page.locator(`#f-daily_profile-${h}`).fill('0');
  // Only hour 23 left: a valid day, with the command line's figures.
  const day = cliDay(page, await exportedPlan(page), 24);
  const lastGood = day.components[0].average_replicas.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await page.waitForFunction((v) => document.querySelector('.elastic .card-figure .figure')?.textContent === v, lastGood);
  await page.locator('#f-daily_profile-23').fill('0');
  await page.locator('#daily_profile-error').waitFor();
  assert.match(await page.locator('#daily_profile-error').textContent(), /must not be all 0/);
  // The last good figures stay on screen.
  assert.equal(await card(page, 'Average replicas').textContent(), lastGood);
  assert.deepEqual(problems.filter((p) => !/404|favicon/.test(p)), []);
  await context.close();
});

test('switching autoscaling off and on again brings its policy back as it was', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await openElastic(page);
  const q = '#f-tiers-2-components-0-quantity-autoscale';
  await page.locator(`${q}-target`).fill('55');
  await page.locator(`${q}-warmup`).fill('7');
  await page.locator(`${q}-on`).uncheck();
  await page.locator(`${q}-target`).waitFor({ state: 'detached' });
  assert.equal((await exportedPlan(page)).tiers[2].components[0].quantity.autoscale, undefined);
  await page.locator(`${q}-on`).check();
  await page.locator(`${q}-target`).waitFor();
  assert.equal(await page.locator(`${q}-target`).inputValue(), '55');
  assert.equal(await page.locator(`${q}-warmup`).inputValue(), '7');
  const a = (await exportedPlan(page)).tiers[2].components[0].quantity.autoscale;
  assert.equal(a.target, 0.55);
  assert.equal(a.warmup, 7);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a day of load opens on a month whose tier autoscales, with that tier\'s component and charts', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // The default plan: only Growth's backend autoscales; the horizon's tier
  // (Enterprise) has no day to show.
  await page.selectOption('#f-daily_profile-shape', { index: 3 });
  await page.selectOption('#f-tiers-1-components-0-quantity-mode', { index: 2 });
  await page.locator('#f-tiers-1-components-0-quantity-autoscale-on').check();
  await page.locator('#elastic-title').waitFor();
  await page.waitForFunction(() => /^Tier /.test(document.querySelector('.day-settings .hint')?.textContent || ''));
  const hint = await page.locator('.day-settings .hint').textContent();
  assert.match(hint, /^Tier Growth at month \d+\.$/);
  const month = Number(hint.match(/month (\d+)/)[1]);
  assert.ok(month < 24, `opened on month ${month}`);
  assert.deepEqual(await page.locator('#day-component option').allTextContents(), ['Backend (6 x 4xlarge)']);
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-day-load'));
  // At the horizon (Enterprise), it says why there is no day, with no empty charts.
  await page.locator('#day-month').fill('24');
  await page.waitForFunction(() => /has no autoscaled component/.test(document.querySelector('.day-settings .hint').textContent));
  assert.equal(await page.locator('#chart-day-load').count(), 0);
  assert.equal(await page.locator('#day-component').isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});
