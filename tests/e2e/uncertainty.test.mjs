// End-to-end tests of uncertainty (issue 5): ranges typed into fields,
// fan charts, tier odds, determinism by seed and samples, sensitivity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, open, shot, chartPixels } from './support.mjs';

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
