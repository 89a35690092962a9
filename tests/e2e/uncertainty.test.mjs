// End-to-end tests of uncertainty (issue 5): ranges typed into fields,
// fan charts, tier odds, determinism by seed and samples, sensitivity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sharedBrowser, open, shot, chartPixels, noteProgress, progressSeen } from './support.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const env = sharedBrowser();

const figure = (page, label) => page.locator('.uncertainty .card-figure', { hasText: label });
/** Waits until the simulation has caught up with the plan. */
const settled = (page) => page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''));

function cdf(z) {
  // Abramowitz-Stegun 7.1.26 for erf; good to 1.5e-7.
  const t = 1 / (1 + 0.3275911 * Math.abs(z) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z / 2);
  return 0.5 * (1 + Math.sign(z) * y);
}

test('typing a range shows bands, tier odds and budget risk', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // A blank plan is all certain: the section says how to add a range.
  await page.locator('#preset').selectOption('blank');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => /Every number here is certain/.test(document.querySelector('.uncertainty').textContent));
  await page.locator('#preset').selectOption('three-tier');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Three-tier platform');
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('15% to 30%');
  await page.locator('.range-badge').first().waitFor();
  assert.equal(await page.locator('.range-badge').first().textContent(), 'range · normal');
  await settled(page);
  // Moderate's months 1-6 rate is normal with a 90% interval of 15% to 30%;
  // 15% of users pass 80% of Growth's 10,000 once 10,000 (1 + r)^6 1.2^6 > 53,333.
  const r = Math.pow(53333.33 / (10000 * Math.pow(1.2, 6)), 1 / 6) - 1;
  const want = 1 - cdf((r - 0.225) / (0.15 / (2 * 1.6448536)));
  const got = parseFloat(await figure(page, 'Chance of Enterprise by month 12').locator('.figure').textContent()) / 100;
  const tol = Math.max(4 * Math.sqrt(want * (1 - want) / 2000), 0.002);
  assert.ok(Math.abs(got - want) <= tol, `odds ${got} vs ${want} ± ${tol}`);
  assert.match(await figure(page, 'Budget risk').textContent(), /\d+\.\d%/);
  assert.match(await figure(page, 'Users at month 24').locator('.detail').textContent(), /^P10 [\d,]+ · P90 [\d,]+$/);
  // The fan chart reads out the bands for a month.
  await page.locator('#chart-users-fan canvas').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('#chart-users-fan-readout').textContent.startsWith('Month 24'));
  assert.match(await page.locator('#chart-users-fan-readout').textContent(), /Simulated users P10 [\d,]+, P50 [\d,]+, P90 [\d,]+/);
  // Switching the distribution of the range.
  await page.locator('.range-badge').first().click();
  await page.waitForFunction(() => document.querySelector('#f-scenarios-1-growth-segments-0-rate').value === '15 to 30 lognormal');
  await shot(page, 'uncertainty');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the seed and the sample count change the bands deterministically', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('15% to 30%');
  await settled(page);
  const detail = () => figure(page, 'Users at month 24').locator('.detail').textContent();
  const first = await detail();
  const seedA = await chartPixels(page, 'chart-users-fan');
  await page.locator('#f-seed').fill('2');
  await page.waitForFunction(() => /seed 2/.test(document.querySelector('.sim-settings .hint').textContent));
  const seed2 = await detail();
  assert.notEqual(await chartPixels(page, 'chart-users-fan'), seedA);
  await page.locator('#f-seed').fill('1');
  await page.waitForFunction(() => /seed 1/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.equal(await detail(), first, 'seed 1 again gives the same figures');
  assert.equal(await chartPixels(page, 'chart-users-fan'), seedA);
  await page.locator('#samples').selectOption('500');
  await page.waitForFunction(() => /^500 paths/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.notEqual(await detail(), first);
  await page.locator('#samples').selectOption('2000');
  await page.waitForFunction(() => /^2,000 paths/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.equal(await detail(), first);
  assert.notEqual(seed2, first);
  await context.close();
});

test('the seed field shows the seed of a plan read from a file', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('15% to 30%');
  await settled(page);
  await page.locator('#f-seed').fill('2');
  await page.waitForFunction(() => /seed 2;/.test(document.querySelector('.sim-settings .hint').textContent));
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'Seeded';
  plan.seed = 7;
  plan.scenarios[1].growth.segments[0].rate = { low: 0.15, high: 0.3 };
  await page.locator('input[type=file]').setInputFiles({ name: 'seeded.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  // The run reads the plan's seed; the field must say the same.
  await page.waitForFunction(() => /seed 7;/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.equal(await page.locator('#f-seed').inputValue(), '7');
  assert.deepEqual(problems, []);
  await context.close();
});

test('sensitivity lists the ranged input first when it dominates, and a link carries the figures', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('5% to 45%');
  await settled(page);
  await page.locator('#chart-tornado canvas').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('#chart-tornado-readout').textContent.includes(':'));
  assert.match(await page.locator('#chart-tornado-readout').textContent(), /^Moderate growth, months 1-6: \$[\d,]+ at its low end, \$[\d,]+ at its high end$/);
  const cards = await page.locator('.uncertainty .cards').textContent();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await context.close();
  const b = await open(env.browser, link);
  await settled(b.page);
  assert.equal(await b.page.locator('.uncertainty .cards').textContent(), cards, 'a stakeholder sees the same figures');
  await b.context.close();
});

// A plan whose growth goes through exp (logistic) and pow (table), with a
// lognormal range: the functions whose platform versions could differ.
function transcendentalPlan() {
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'Same figures everywhere';
  plan.seed = 7;
  plan.scenarios = [
    { id: 'logistic', label: 'Logistic', growth: { kind: 'logistic', rate: { low: 0.2, high: 0.5 }, capacity: { low: 80000, high: 200000, dist: 'lognormal' } } },
    { id: 'table', label: 'Table', growth: { kind: 'table', points: [[6, { low: 3000, high: 6000 }], [12, { low: 10000, high: 30000, dist: 'lognormal' }]] } },
  ];
  return plan;
}

test('the browser and the command line give the same simulation to the last digit', async () => {
  const plan = transcendentalPlan();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-sim-'));
  const planFile = path.join(dir, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Same figures everywhere');
  for (const [i, s] of plan.scenarios.entries()) {
    await page.locator('.scenario-picker button').nth(i).click();
    await page.waitForFunction((label) => document.querySelector('.scenario-picker [aria-pressed=true]').textContent === label, s.label);
    await settled(page);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export simulation (JSON)' }).click();
    const d = await download;
    assert.equal(d.suggestedFilename(), `same-figures-everywhere-simulation-${s.id}.json`);
    const fromPage = fs.readFileSync(await d.path(), 'utf8');
    const fromCli = execFileSync('cargo', ['run', '--quiet', '--bin', 'headroom', '--', 'simulate', '--plan', planFile, '--scenario', s.id, '--samples', '2000', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(JSON.parse(fromPage).seed, 7, 'the plan seed is used');
    assert.equal(fromPage, fromCli, `scenario ${s.id}: wasm and native figures differ`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a large run refines its figures in slices with progress, and the page answers meanwhile', async () => {
  const plan = JSON.parse(fs.readFileSync(path.join(ROOT, 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'A large run';
  plan.scenarios[1].growth.segments[0].rate = { low: 0.15, high: 0.3 };
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'A large run');
  // Settled on the imported plan, not on the one before it: its range moves
  // the figures, so the default plan's "no spread" note has gone.
  await page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || '')
    && !document.querySelector('.sim-no-spread') && document.querySelector('.uncertainty .card-figure'));
  await page.locator('#samples').selectOption('100000');
  await page.waitForFunction(() => document.querySelector('#samples').value === '100000');
  const bar = page.locator('progress.sim-progress');
  await bar.waitFor();
  // Every frame notes the progress from here on: on a slow machine the
  // restarted run may be well on (or done) by the time the screenshot below
  // is taken, so the notes start before the edit that restarts it.
  await noteProgress(page);
  // An edit made during the run is answered between slices: the forecast
  // follows it while paths are still running. What the page shows is read
  // in the page, at the edit and at the moment the forecast follows it (a
  // slow machine's round trips would otherwise outlast the run).
  const during = await page.evaluate(() => new Promise((done) => {
    const hint = document.querySelector('.sim-settings .hint').textContent;
    const running = () => !!document.querySelector('progress.sim-progress');
    const figures = document.querySelectorAll('.uncertainty .card-figure').length;
    const cards = document.querySelector('.results > .cards');
    const first = () => cards.querySelector('.card-figure')?.textContent;
    const before = first();
    const atEdit = running();
    const watch = new MutationObserver(() => {
      if (first() !== before) {
        watch.disconnect();
        done({ hint, figures, atEdit, atForecast: running() });
      }
    });
    watch.observe(cards, { childList: true, subtree: true, characterData: true });
    const input = document.querySelector('#f-initial_users');
    input.value = '2500';
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }));
  // Rough figures show at once while the rest of the paths run.
  assert.match(during.hint, /^Simulating… [\d,]+ of 100,000 paths$/);
  assert.ok(during.figures > 0, 'figures show during the run');
  assert.equal(during.atEdit, true, 'the edit was made during the run');
  assert.equal(during.atForecast, true, 'the run was still going when the forecast followed the edit');
  await shot(page, 'uncertainty-progress');
  // The run starts again for the edited plan.
  await page.waitForFunction(() => /^100,000 paths, seed 1;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 60000 });
  assert.equal(await bar.count(), 0, 'the progress bar goes when the run is done');
  const seen = await progressSeen(page);
  assert.ok(seen.length >= 2, `progress moved on over frames: ${seen}`);
  // It only grows, but for one drop if the restart came after the notes began.
  assert.ok(seen.filter((v, i) => i > 0 && v < seen[i - 1]).length <= 1, `progress only grows within a run: ${seen}`);
  // However the run was sliced, its figures are those of one native run.
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export simulation (JSON)' }).click();
  const fromPage = fs.readFileSync(await (await exported).path(), 'utf8');
  plan.initial_users = 2500;
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-sim-')), 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const id = JSON.parse(fromPage).scenario;
  const fromCli = execFileSync('cargo', ['run', '--quiet', '--bin', 'headroom', '--', 'simulate', '--plan', planFile, '--scenario', id, '--samples', '100000', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(fromPage, fromCli);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an extreme driver (a factor of 1e100) draws every chart within the page policy', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const since = await page.evaluate(() => performance.now());
  await page.locator('#f-metrics-0-factor').fill('0.1 to 1e100');
  await settled(page);
  // Every chart redrawn after the edit, the simulation's included.
  await page.waitForFunction((t) => {
    const drawn = performance.getEntriesByType('mark').filter((m) => m.startTime >= t).map((m) => m.name);
    return ['chart-utilization', 'chart-total-histogram', 'chart-tornado'].every((id) => drawn.includes(`headroom:drawn:${id}`));
  }, since);
  assert.deepEqual(problems, [], 'no CSP violation (plotters measures long axis labels with an inline style)');
  // Text and tables give such numbers as powers of ten, not 100 digits.
  const text = await page.locator('#results').textContent();
  assert.doesNotMatch(text, /\d{16}/);
  await context.close();
});

test('a percentage out of its range is told in percent, as typed', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-scenarios-0-growth-segments-0-rate').fill('-500');
  await page.waitForFunction(() => document.querySelector('#f-scenarios-0-growth-segments-0-rate-error').textContent !== '');
  assert.equal(await page.locator('#f-scenarios-0-growth-segments-0-rate-error').textContent(), 'must be > -100%, got -500%');
  await page.locator('#f-scenarios-0-growth-segments-0-churn, #f-scenarios-0-growth-churn').first().fill('150');
  await page.waitForFunction(() => /must be < 100%, got 150%/.test(document.querySelector('#f-scenarios-0-growth-churn-error')?.textContent || ''));
  assert.deepEqual(problems, []);
  await context.close();
});
