// The simulation on background workers (issue 13): the same figures as one
// run on one thread and as the command line, for any number of workers;
// a newer plan takes over a run; a worker that cannot start leaves the run
// to the page, said once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, open, ROOT, noteProgress, progressSeen } from './support.mjs';

const env = sharedBrowser();

/** The default preset with ranged growth and concurrency (report.mjs's benchmark plan). */
function rangedPlan(name) {
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/presets/three_tier.json'), 'utf8'));
  plan.name = name;
  plan.horizon_months = 36;
  for (const s of plan.scenarios) for (const seg of s.growth.segments) seg.rate = { low: seg.rate * 0.6, high: seg.rate * 1.4 };
  plan.metrics.find((m) => m.id === 'peak_concurrent').factor = { low: 0.12, high: 0.18 };
  return plan;
}

const status = (page) => page.locator('.sim-settings .hint').textContent();
const where = (page) => page.locator('.sim-workers').textContent();

/** `headroom simulate` of `plan` as JSON text. */
function cli(plan, samples, seed) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-workers-')), 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  const args = ['run', '--quiet', '--bin', 'headroom', '--', 'simulate', '--plan', file, '--scenario', 'moderate', '--samples', String(samples), '--seed', String(seed), '--format', 'json'];
  return execFileSync('cargo', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
}

async function exported(page) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export simulation (JSON)' }).click();
  return fs.readFileSync(await (await download).path(), 'utf8');
}

/** Opens `plan` in a page at `query`; resolves once the pool has said how many workers are ready (or none). */
async function openPlan(query, plan) {
  const { page, context, problems } = await open(env.browser, env.server.url + query);
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction((n) => document.querySelector('h1.plan-name').textContent === n, plan.name);
  return { page, context, problems };
}

test('one, two and four workers give the figures of one thread and of the command line, to the last digit', async () => {
  const plan = rangedPlan('Split over workers');
  const expected = cli(plan, 10000, 3);
  for (const n of [0, 1, 2, 4]) {
    const { page, context, problems } = await openPlan(`?workers=${n}`, plan);
    // The first run may start before the workers are ready; the next
    // (10,000 paths) runs on them once they are.
    await page.locator(`.sim-settings[data-workers-ready="${n}"]`).waitFor();
    await page.locator('#f-seed').fill('3');
    await page.locator('#samples').selectOption('10000');
    await page.waitForFunction(() => /^10,000 paths, seed 3;/.test(document.querySelector('.sim-settings .hint').textContent));
    if (n === 0) assert.equal(await page.locator('.sim-workers').count(), 0, 'no note when workers are turned off');
    else assert.equal(await where(page), n === 1 ? 'Ran on 1 background worker.' : `Ran on ${n} background workers.`);
    assert.equal(await exported(page), expected, `${n} workers`);
    assert.deepEqual(problems, [], `${n} workers`);
    await context.close();
  }
});

test('a newer plan takes over a run in progress on the workers', async () => {
  const plan = rangedPlan('Taken over');
  const { page, context, problems } = await openPlan('?workers=2', plan);
  await page.locator('.sim-settings[data-workers-ready="2"]').waitFor();
  await page.locator('#samples').selectOption('100000');
  // Rough figures of the first rounds show while the workers go on.
  await page.waitForFunction(() => /^Simulating… [1-9][\d,]* of 100,000 paths$/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.equal(await page.locator('progress.sim-progress').count(), 1);
  await page.locator('#f-seed').fill('5');
  await page.waitForFunction(() => /^100,000 paths, seed 5;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 60000 });
  assert.equal(await page.locator('progress.sim-progress').count(), 0);
  // Only the newer run's figures: those of seed 5, every path.
  assert.equal(await exported(page), cli(plan, 100000, 5));
  assert.deepEqual(problems, []);
  await context.close();
});

test('on the workers the progress bar moves between rounds, never back', async () => {
  const plan = rangedPlan('Progress between rounds');
  const { page, context, problems } = await openPlan('?workers=1', plan);
  await page.locator('.sim-settings[data-workers-ready="1"]').waitFor();
  await page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''));
  // Every frame notes the bar's value from the start of the run.
  await noteProgress(page);
  await page.locator('#samples').selectOption('100000');
  await page.waitForFunction(() => /^100,000 paths, seed 1;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 120000 });
  const seen = await progressSeen(page);
  // Rounds end at 2,000, 8,000 and 32,000 paths (app::slices::refreshes):
  // the bar also shows counts between them, told by the worker as it goes.
  const rounds = [0, 2000, 8000, 32000];
  assert.ok(seen.some((v) => !rounds.includes(v)), `progress between rounds: ${seen}`);
  assert.ok(seen.every((v, i) => i === 0 || v >= seen[i - 1]), `progress never goes back: ${seen}`);
  assert.equal(await where(page), 'Ran on 1 background worker.');
  assert.deepEqual(problems, []);
  await context.close();
});

test('when the workers cannot start, the page runs the simulation itself and says so once', async () => {
  const plan = rangedPlan('No workers here');
  const context = await env.browser.newContext();
  // The worker's script is blocked, as a strict proxy or an old browser would.
  await context.route('**/sim-worker.js', (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url + '?workers=2');
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name.startsWith('headroom:drawn:')));
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction((n) => document.querySelector('h1.plan-name').textContent === n, plan.name);
  await page.waitForFunction(() => /workers are unavailable/.test(document.querySelector('.sim-workers')?.textContent || ''));
  await page.locator('#f-seed').fill('4');
  await page.locator('#samples').selectOption('10000');
  await page.waitForFunction(() => /^10,000 paths, seed 4;/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.match(await where(page), /^Ran on this page: background workers are unavailable \(a worker failed: .+\)\.$/);
  assert.equal(await page.locator('.sim-workers').count(), 1, 'said once');
  assert.equal(await exported(page), cli(plan, 10000, 4));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a ?workers that cannot be followed as written is said, with what is done instead', async () => {
  const { page, context, problems } = await openPlan('?workers=lots', rangedPlan('Asked oddly'));
  const note = page.locator('.sim-workers-address');
  await note.waitFor();
  assert.match(await note.textContent(), /^\?workers=lots is not a whole number from 0 to 8; using [1-8]$/);
  const using = Number((await note.textContent()).match(/using (\d)$/)[1]);
  await page.locator(`.sim-settings[data-workers-ready="${using}"]`).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('workers that say they are ready and then never answer: the page stops waiting and runs it itself', async () => {
  const plan = rangedPlan('Silent workers');
  // A commitment (in place of the reserved program), so the Commitment
  // panel's run is owed by the workers too.
  delete plan.pricing.reserved;
  plan.pricing.commitment = { amount: 0, discount: { low: 0.4, high: 0.6 }, term_months: 12, categories: ['compute', 'database', 'cache'] };
  const context = await env.browser.newContext();
  // A worker that loads, says it is ready, and then ignores every request.
  const silent = "self.onmessage = (e) => { if (e.data.kind === 'load') self.postMessage({ kind: 'ready' }); };";
  await context.route('**/sim-worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: silent }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.server.url + '?workers=2');
  await page.locator('.sim-settings[data-workers-ready="2"]').waitFor();
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction((n) => document.querySelector('h1.plan-name').textContent === n, plan.name);
  await page.locator('#f-seed').fill('6');
  // After 30 s of silence the run and the tornado move to the page.
  await page.waitForFunction(() => /^2,000 paths, seed 6;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 90000 });
  assert.equal(await where(page), 'Ran on this page: background workers are unavailable (they gave no answer for 30 s).');
  assert.equal(await exported(page), cli(plan, 2000, 6));
  await page.locator('#chart-tornado canvas').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('#chart-tornado-readout').textContent.includes(':'));
  // And the amount to commit is chosen here.
  await page.waitForFunction(() => /^Commit .+ for 12 months/.test(document.querySelector('.commit-sentence')?.textContent || ''));
  assert.equal(await page.evaluate(() => performance.getEntriesByName('headroom:commit').length > 0), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a run begun on the page while the workers start moves to them once they are ready', async () => {
  const plan = rangedPlan('Moved to the workers');
  plan.horizon_months = 72;
  const context = await env.browser.newContext();
  // The worker's script is held back until the page's own run is under way.
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/sim-worker.js', async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(env.server.url + '?workers=1');
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name.startsWith('headroom:drawn:')));
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction((n) => document.querySelector('h1.plan-name').textContent === n, plan.name);
  await page.locator('#f-seed').fill('9');
  await page.locator('#samples').selectOption('100000');
  await page.waitForFunction(() => /^Simulating… [1-9][\d,]* of 100,000 paths$/.test(document.querySelector('.sim-settings .hint').textContent));
  release();
  await page.waitForFunction(() => /^100,000 paths, seed 9;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 120000 });
  assert.equal(await where(page), 'Ran on 1 background worker.');
  assert.equal(await exported(page), cli(plan, 100000, 9));
  assert.deepEqual(errors, []);
  await context.close();
});
