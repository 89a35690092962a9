// Commitments (issue 15): the Commitment panel chooses an amount against
// the simulated paths with the command line's figures, "Use this amount"
// is one undoable edit, the cost chart splits committed and on-demand
// spend, and a link carries the commitment to a fresh profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { sharedBrowser, open, ROOT, copyLink } from './support.mjs';

const env = sharedBrowser();

/** `headroom commit` on a link, through the real binary. */
function cli(link, term, samples = 2000) {
  const args = ['run', '--quiet', '--bin', 'headroom', '--', 'commit', '--link', link, '--scenario', 'moderate', '--term', String(term), '--samples', String(samples), '--format', 'json'];
  return JSON.parse(execFileSync('cargo', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 }));
}

/** Money as the app shows it (formats::numbers::money, USD). */
function money(v) {
  const whole = Math.abs(v) >= 1000 || Number.isInteger(v);
  return '$' + v.toLocaleString('en-US', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2 });
}

const panelCard = (page, label) => page.locator('section.commitment .card-figure')
  .filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) });
const amountField = (page) => page.locator('#f-pricing-commitment-amount');

/** Waits for the panel to finish choosing, and returns its sentence. */
async function chosen(page, words) {
  await page.waitForFunction((w) => {
    const s = document.querySelector('.commit-sentence');
    return s && s.textContent.includes(w) && !s.classList.contains('refreshing');
  }, words, { timeout: 30000 });
  return page.locator('.commit-sentence').textContent();
}

/** Opens the Managed services preset over 36 months with a range on
 * Moderate's growth: paths differ, so the choice is a real one. */
async function rangedManagedServices(page) {
  await page.locator('#preset').selectOption('managed-services');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent.includes('anaged'));
  await page.locator('#f-horizon_months').fill('36');
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('5 to 25');
}

test('the panel recommends the command line\'s amount; using it splits the cost chart, undoes, and travels in a link', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await rangedManagedServices(page);
  await page.locator('.commitment .hint', { hasText: 'No commitment in this plan' }).waitFor();
  await page.getByRole('button', { name: 'Add a commitment' }).click();
  await amountField(page).waitFor();
  assert.equal(await page.locator('#f-pricing-commitment-discount').inputValue(), '40 to 60');
  await chosen(page, 'for 12 months');

  const link = await copyLink(page);
  const want = cli(link, 12);
  assert.equal(want.samples, 2000);
  assert.equal(await panelCard(page, 'Best amount').locator('.figure').textContent(), money(want.best.amount));
  assert.equal(await panelCard(page, 'Saving').locator('.figure').textContent(), money(want.best.saving));
  // The curve is drawn, with its data table of every amount.
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-commitment'));
  await page.locator('#chart-commitment .data-table summary').click();
  assert.equal(await page.locator('#chart-commitment .data-table tbody tr').count(), want.curve.length);

  // The 36-month term, against the command line's.
  await page.locator('.term-switch .tab', { hasText: '36 months' }).click();
  await chosen(page, 'for 36 months');
  const want36 = cli(link, 36);
  assert.equal(await panelCard(page, 'Best amount').locator('.figure').textContent(), money(want36.best.amount));
  assert.ok((await panelCard(page, 'With a 12-month term').textContent()).includes(money(want.best.saving)));

  // Use this amount: the plan commits it for 36 months.
  await page.getByRole('button', { name: 'Use this amount' }).click();
  const cents = Math.round(want36.best.amount * 100) / 100;
  await page.waitForFunction((v) => Number(document.querySelector('#f-pricing-commitment-amount')?.value.replace(/,/g, '')) === v, cents);
  assert.equal(await page.locator('#f-pricing-commitment-term_months').inputValue(), '36');
  await chosen(page, 'for 36 months');
  assert.ok((await panelCard(page, "This plan's amount").textContent()).includes('the best amount'));
  // The button says the amount is used, and offers no edit that changes nothing.
  const inUse = page.getByRole('button', { name: 'This amount is in use' });
  await inUse.waitFor();
  assert.equal(await inUse.isDisabled(), true);
  // The cost chart: committed spend (at the median discount, 50%) and what runs past it.
  await page.locator('#chart-cost .data-table summary').click();
  const head = await page.locator('#chart-cost .data-table thead').textContent();
  assert.ok(head.includes('committed') && head.includes('on demand (committed categories)'), head);
  const row1 = await page.locator('#chart-cost .data-table tbody tr').nth(1).textContent();
  assert.ok(row1.includes(money(cents * 0.5)), `${row1} has ${money(cents * 0.5)}`);
  const used = await copyLink(page);

  // One undo puts the amount back.
  await page.locator('#f-name').focus();
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-pricing-commitment-amount')?.value === '0');
  await page.getByRole('button', { name: 'Use this amount' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();

  // A stakeholder opens the link: the same commitment and recommendation.
  const b = await open(env.browser, used);
  await amountField(b.page).waitFor();
  assert.equal(Number((await amountField(b.page).inputValue()).replace(/,/g, '')), cents);
  await chosen(b.page, 'for 36 months');
  assert.ok((await panelCard(b.page, "This plan's amount").textContent()).includes('the best amount'));
  assert.deepEqual(b.problems, []);
  await b.context.close();
});

test('a plan without ranges gets the optimum of its one path, and bad input is told at its field', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // The default plan's reserved program lists compute, database and cache
  // at 0% coverage: a commitment takes them over.
  await page.locator('#toggle-commitment').check();
  await amountField(page).waitFor();
  assert.equal(await page.locator('#commitment-compute').isChecked(), true);
  assert.equal(await page.locator('#commitment-storage').isChecked(), false);
  await chosen(page, 'for 12 months');
  // A term the 24-month horizon cannot hold is not chosen: the 12-month
  // one is shown, and why.
  await page.locator('#f-pricing-commitment-term_months').fill('36');
  await page.locator('.term-note', { hasText: "This plan's 36-month term runs past its 24-month horizon" }).waitFor();
  assert.equal(await page.locator('.term-switch .tab[aria-pressed=true]').textContent(), '12 months');
  assert.equal(await page.locator('.term-switch .tab', { hasText: '36 months' }).isDisabled(), true);
  // A blank plan has no ranges; its commitment's discount is made plain.
  await page.locator('#preset').selectOption('blank');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Untitled plan');
  await page.locator('#toggle-commitment').check();
  await amountField(page).waitFor();
  assert.equal(await page.locator('#commitment-compute').isChecked(), true);
  await page.locator('#f-pricing-commitment-discount').fill('45');
  await chosen(page, 'Commit');
  assert.ok(!(await page.locator('.commit-sentence').textContent()).includes('on average'), 'one path: no average');
  const best = await panelCard(page, 'Best amount').locator('.figure').textContent();
  // A range typed into the amount is refused there; the answer stays.
  await amountField(page).fill('100 to 200');
  await page.locator('#f-pricing-commitment-amount-error', { hasText: 'only the discount may be a range' }).waitFor();
  await page.locator('#f-pricing-commitment-start_month').fill('0');
  await page.locator('#f-pricing-commitment-start_month-error', { hasText: 'whole number of months' }).waitFor();
  assert.equal(await panelCard(page, 'Best amount').locator('.figure').textContent(), best);
  // A term starting after the horizon has nothing to choose from, said so.
  await page.locator('#f-pricing-commitment-start_month').fill('30');
  await page.locator('section.commitment [role=alert]', { hasText: 'after the horizon' }).waitFor();
  // A sentence, with no amount to use and no chart beside it.
  assert.match(await page.locator('section.commitment [role=alert]').textContent(), /^The commitment starts in month 30, after the horizon \(month 24\)\.$/);
  assert.equal(await page.locator('section.commitment #chart-commitment').count(), 0);
  assert.equal(await page.locator('section.commitment').getByRole('button', { name: 'Use this amount' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a background worker the panel chooses what this page chooses, to the last digit', async () => {
  /** The panel's answer for Managed services over 36 months with a ranged growth, at `query`. */
  async function answer(query) {
    const { page, context, problems } = await open(env.browser, env.server.url + query);
    const workers = query === '?workers=1' ? '1' : '0';
    await page.locator(`.sim-settings[data-workers-ready="${workers}"]`).waitFor();
    await rangedManagedServices(page);
    await page.getByRole('button', { name: 'Add a commitment' }).click();
    await amountField(page).waitFor();
    await page.locator('#samples').selectOption('10000');
    await chosen(page, 'for 12 months');
    await page.waitForFunction(() => !document.querySelector('.commit-status').textContent);
    await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-commitment'));
    await page.locator('#chart-commitment .data-table summary').click();
    const out = {
      sentence: await page.locator('.commit-sentence').textContent(),
      cards: await page.locator('section.commitment .cards').textContent(),
      curve: await page.locator('#chart-commitment .data-table').textContent(),
      // Where the run was: the page records its own slices' work.
      onPage: await page.evaluate(() => performance.getEntriesByName('headroom:commit').length),
      onWorker: await page.evaluate(() => performance.getEntriesByName('headroom:commit-worker-wall').length),
    };
    assert.deepEqual(problems, []);
    await context.close();
    return out;
  }
  const worker = await answer('?workers=1');
  const here = await answer('?workers=0');
  assert.ok(worker.onWorker >= 1 && worker.onPage === 0, JSON.stringify(worker));
  assert.ok(here.onPage >= 1 && here.onWorker === 0, JSON.stringify(here));
  assert.match(worker.sentence, / on average; /);
  for (const k of ['sentence', 'cards', 'curve']) assert.equal(worker[k], here[k], k);
});

test('on a worker, a newer term takes over a run in progress, its progress told meanwhile', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url + '?workers=1');
  await page.locator('.sim-settings[data-workers-ready="1"]').waitFor();
  await rangedManagedServices(page);
  await page.getByRole('button', { name: 'Add a commitment' }).click();
  await amountField(page).waitFor();
  await chosen(page, 'for 12 months');
  await page.locator('#samples').selectOption('100000');
  // The worker's progress, between its first and its last path.
  await page.waitForFunction(() => /^Choosing the amount… [1-9][\d,]* of 100,000 paths$/.test(document.querySelector('.commit-status').textContent));
  await page.locator('.term-switch .tab', { hasText: '36 months' }).click();
  await chosen(page, 'for 36 months');
  await page.waitForFunction(() => !document.querySelector('.commit-status').textContent);
  const want = cli(await copyLink(page), 36, 100000);
  assert.equal(want.samples, 100000);
  assert.equal(await panelCard(page, 'Best amount').locator('.figure').textContent(), money(want.best.amount));
  assert.equal(await panelCard(page, 'Saving').locator('.figure').textContent(), money(want.best.saving));
  assert.equal(await page.evaluate(() => performance.getEntriesByName('headroom:commit').length), 0, 'nothing ran on the page');
  assert.deepEqual(problems, []);
  await context.close();
});
