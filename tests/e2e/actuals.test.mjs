// Actuals (issue 14): history pasted from a spreadsheet, the plan against
// it, the fitted growth and its backtest, "Use this fit", rebaselining,
// CSV import, and a link that carries it all to a fresh profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedBrowser, open } from './support.mjs';

const env = sharedBrowser();

/** 18 months of users, June 2026 to November 2027, about 14% a month. */
const history = Array.from({ length: 18 }, (_, i) => {
  const month = 5 + i; // months since January 2026
  const date = `${2026 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  return [date, Math.round(800 * Math.pow(1.14, i) * (1 + 0.04 * Math.sin(i * 1.7)))];
});

/** The compound fit's monthly rate by least squares on the logs, worked here. */
function fittedRate(users) {
  const xs = users.map((_, i) => i);
  const ys = users.map((u) => Math.log(u));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0);
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return Math.exp(sxy / sxx) - 1;
}

const cards = (page) => page.locator('.actuals-panel .cards').textContent();

async function paste(page, text) {
  await page.locator('#actuals-paste').fill(text);
  await page.getByRole('button', { name: 'Read pasted rows' }).click();
}

test('pasted history is read with its dates, fitted, backtested and used as a scenario, and a link carries it', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // A spreadsheet's copy: tab-separated, a header, thousands separators.
  const rows = history.map(([d, u]) => `${d}\t${u.toLocaleString('en-US')}`);
  await paste(page, ['Month\tUsers', ...rows].join('\n'));
  await page.locator('#actuals-title').waitFor();
  // No start yet: the latest date became month 0.
  assert.equal(await page.locator('#f-start').inputValue(), '2027-11');
  assert.equal(await page.locator('.actual-row').count(), 18);
  assert.equal(await page.locator('#f-actuals-0-month').inputValue(), '-17');
  const rate = fittedRate(history.map(([, u]) => u));
  const text = await cards(page);
  assert.ok(text.includes(`Compound fit${(rate * 100).toFixed(1)}% a month`), `${text} vs ${rate}`);
  assert.match(text, /Backtest, last 3 months held out[\d.]+% mean error[0-3] of 3 inside/);
  // Month 0's actual against the plan's 10,000 users.
  const actual0 = history[17][1];
  const drift = ((actual0 / 10000 - 1) * 100).toFixed(1);
  assert.ok(text.includes(`Actual users against Moderate${drift}%`), text);
  // The fit chart and the users chart show the actual points.
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-fit'));
  const dataTable = async (id) => {
    await page.locator(`#${id} .data-table summary`).click();
    return page.locator(`#${id} .data-table table`).textContent();
  };
  const fitTable = await dataTable('chart-fit');
  assert.ok(fitTable.includes('-17') && fitTable.includes(history[0][1].toLocaleString('en-US')), fitTable);
  const usersTable = await dataTable('chart-users');
  assert.ok(usersTable.includes('Actual users') && usersTable.includes(actual0.toLocaleString('en-US')), usersTable);

  // A bad row is refused where it is, and nothing is half-read.
  await paste(page, '2027-12\t9,000\n2028-01\tlots');
  assert.equal(await page.locator('#actuals-paste-error').textContent(), 'row 2, column 2: users: "lots" is not a number, e.g. 12,500');
  assert.equal(await page.locator('.actual-row').count(), 18);
  // Ctrl+Z in the paste box is the box's own undo, not the plan's.
  await page.locator('#actuals-paste').focus();
  await page.keyboard.press('Control+Z');
  await page.getByRole('button', { name: 'Read pasted rows' }).focus();
  assert.equal(await page.locator('.actual-row').count(), 18);
  assert.equal(await page.locator('#f-start').inputValue(), '2027-11');

  // A shorter backtest, said in the singular, and a longer one.
  await page.locator('#holdout').selectOption('1');
  await page.waitForFunction(() => /last month held out/.test(document.querySelector('.actuals-panel .cards').textContent));
  assert.equal(await page.locator('#holdout + span').textContent(), 'month');
  await page.locator('#holdout').selectOption('5');
  await page.waitForFunction(() => /last 5 months held out/.test(document.querySelector('.actuals-panel .cards').textContent));
  assert.equal(await page.locator('#holdout + span').textContent(), 'months');

  // Use the compound fit: a scenario whose rate is the fitted range; undoable.
  await page.getByRole('button', { name: 'Use the compound fit' }).click();
  const fitted = page.locator('.scenario-picker .tab', { hasText: 'Fitted, compound, 18 months' });
  await fitted.waitFor();
  const low = await page.locator('#f-scenarios-3-growth-segments-0-rate').inputValue();
  assert.match(low, /^[\d.]+ to [\d.]+$/, 'a range');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const before = await cards(page);
  await page.locator('#f-name').focus();
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => ![...document.querySelectorAll('.scenario-picker .tab')].some((t) => /Fitted/.test(t.textContent)));
  assert.deepEqual(problems, []);
  await context.close();

  // A stakeholder opens the link in a fresh profile: the same actuals and figures.
  const b = await open(env.browser, link);
  await b.page.locator('#actuals-title').waitFor();
  assert.equal(await b.page.locator('.actual-row').count(), 18);
  // The scenario shown and the backtest's length are the viewer's choices.
  await b.page.locator('.scenario-picker .tab', { hasText: 'Fitted, compound, 18 months' }).click();
  await b.page.locator('#holdout').selectOption('5');
  await b.page.waitForFunction((want) => document.querySelector('.actuals-panel .cards').textContent === want, before);
  assert.deepEqual(b.problems, []);
  await b.context.close();
});

test('actuals since month 0 rebaseline the plan as a new one, and a CSV file imports', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // A CSV file with a header, quoted thousands and costs.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import actuals (CSV)…' }).click();
  const csv = 'month,users,cost\n-2,"8,000",2900\n-1,"9,000",2950\n0,"10,000",3020\n1,"11,500",3020\n';
  await (await chooser).setFiles({ name: 'actuals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('#actuals-title').waitFor();
  assert.equal(await page.locator('.actual-row').count(), 4);
  // Month 1: 11,500 actual users against Moderate's 12,500.
  assert.ok((await cards(page)).includes('Actual users against Moderate-'), await cards(page));
  await page.locator('#f-start').fill('2026-11');
  await page.waitForFunction(() => document.querySelector('.tracking')?.textContent.includes('2026-12'));
  // Exported as CSV with dates, in a shape the import reads back.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export actuals (CSV)' }).click();
  const exported = fs.readFileSync(await (await download).path(), 'utf8');
  assert.equal(exported.split('\n')[0], 'date,users,cost');
  assert.equal(exported.split('\n')[4], '2026-12,11500,3020');
  const original = await page.locator('h1.plan-name').textContent();
  await page.getByRole('button', { name: 'Rebaseline' }).click();
  await page.waitForFunction((n) => document.querySelector('h1.plan-name').textContent === n, `${original} (rebaselined from 2026-12)`);
  assert.equal(await page.locator('#f-start').inputValue(), '2026-12');
  assert.equal(await page.locator('#f-initial_users').inputValue(), '11,500');
  assert.equal(await page.locator('#f-actuals-0-month').inputValue(), '-3');
  // The original is kept as it was among the saved plans.
  const list = await page.locator('details.plans').textContent();
  assert.ok(list.includes(original), list);
  assert.deepEqual(problems, []);
  await context.close();
});

test("drivers get their own columns, the fits' residuals are charted, and the plan can start from its history", async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  // A driver named in the header gets a column of its own, editable in each row.
  await paste(page, 'Month\tUsers\tAPI requests per month\n-3\t1,000\t90,000\n-2\t1,100\t99,000\n-1\t1,250\t111,000\n0\t1,400\t126,000');
  await page.locator('#actuals-title').waitFor();
  await page.locator('#actuals-read', { hasText: 'Read 4 months: 4 new, 0 updated.' }).waitFor();
  const requests = page.locator('#f-actuals-1-metrics-api_requests');
  assert.equal(await requests.inputValue(), '99,000');
  // A month pasted again takes the figures given and keeps the others.
  await paste(page, 'month\tusers\n-2\t1,150');
  await page.locator('#actuals-read', { hasText: 'Read 1 month: 0 new, 1 updated.' }).waitFor();
  assert.equal(await page.locator('#f-actuals-1-users').inputValue(), '1,150');
  assert.equal(await requests.inputValue(), '99,000');
  await paste(page, 'month\tusers\n-2\t1,100');
  await page.locator('#actuals-read', { hasText: 'Read 1 month: 0 new, 1 updated.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('#f-actuals-1-users').value === '1,100');
  await requests.fill('1.234,5');
  // A European decimal comma is told the way this page reads numbers.
  await page.locator('#f-actuals-1-metrics-api_requests-error', { hasText: 'use a point for decimals: 1,234.5;' }).waitFor();
  await requests.fill('101,500');
  // The other drivers can get a column too; it survives the editor's rebuild.
  await page.locator('#actuals-add-driver').selectOption('daily_active');
  const daily = page.locator('#f-actuals-0-metrics-daily_active');
  await daily.waitFor();
  await daily.fill('4,000');
  // The exported CSV carries what was typed in both columns.
  await page.locator('#f-name').focus();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export actuals (CSV)' }).click();
  const exported = fs.readFileSync(await (await download).path(), 'utf8').trim().split('\n');
  assert.equal(exported[0], 'month,users,cost,api_requests,daily_active');
  assert.equal(exported[1], '-3,1000,,90000,4000');
  assert.equal(exported[2], '-2,1100,,101500,');

  // Residuals: one dot per history month and fit, below and above zero.
  await page.locator('#chart-residuals .data-table summary').click();
  const residuals = await page.locator('#chart-residuals .data-table table').textContent();
  assert.ok(residuals.includes('Compound fit residual') && /-\d/.test(residuals), residuals);

  // The plan starts from 10,000 users, the history's month 0 is 1,400: said,
  // and one click (undoable) starts it there.
  const note = page.locator('.start-mismatch');
  await note.waitFor();
  assert.ok((await note.textContent()).includes('This plan starts from 10,000 users; the actual of month 0 is 1,400.'));
  await note.getByRole('button', { name: 'Start from 1,400 users' }).click();
  await page.waitForFunction(() => document.querySelector('#f-initial_users').value === '1,400');
  await note.waitFor({ state: 'detached' });
  // Using the fit now grows it from where the history ends; its rate field
  // reads in hundredths of a percent.
  await page.getByRole('button', { name: 'Use the compound fit' }).click();
  await page.locator('.scenario-picker .tab', { hasText: 'Fitted, compound, 4 months' }).waitFor();
  const rate = await page.locator('#f-scenarios-3-growth-segments-0-rate').inputValue();
  assert.match(rate, /^\d+(\.\d{1,2})? to \d+(\.\d{1,2})?$/, rate);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a driver's actuals follow its rename and go with it when it is removed; a paste's report lasts while it is true", async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await paste(page, 'month\tusers\tdaily_active\n-1\t1,000\t300\n0\t1,100\t330');
  await page.locator('#actuals-read', { hasText: 'Read 2 months: 2 new, 0 updated.' }).waitFor();
  // Rename the driver: its column is rebuilt under the new id, and an edit
  // there lands under it.
  const id = page.locator('#f-metrics-1-id');
  assert.equal(await id.inputValue(), 'daily_active');
  await id.fill('dau');
  const cell = page.locator('#f-actuals-0-metrics-dau');
  await cell.waitFor();
  await cell.fill('310');
  await page.locator('#f-name').focus();
  await page.waitForFunction(() => document.querySelector('#f-actuals-0-metrics-dau').value === '310');
  assert.equal(await page.locator('.problems li').count(), 0);
  // An undo takes the actuals away from what the paste left: its report goes.
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-actuals-0-metrics-dau')?.value === '300');
  assert.equal(await page.locator('#actuals-read').textContent(), '');
  // Removing the driver takes its values with it: no hidden errors.
  await page.getByRole('button', { name: 'Remove driver 2' }).click();
  await page.waitForFunction(() => !document.querySelector('#f-actuals-0-metrics-dau'));
  assert.equal(await page.locator('.problems li').count(), 0);
  assert.equal(await page.locator('.actual-row').count(), 2);
  assert.deepEqual(problems, []);
  await context.close();
});
