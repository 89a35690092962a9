// End-to-end tests of what a hostile pass and a fresh, slow machine found
// (issue 10): racing tabs, edits just before a reload, the saved-plan list,
// mangled links, unreadable records, dropped simulation paths, and the
// uncertainty section of a plan whose ranges move nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedBrowser, open, shot, LAPTOP, copyLink } from './support.mjs';

const env = sharedBrowser();

/** Every record saved in this browser: { key: plan } (readable ones). */
const records = (page) => page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
  .filter((k) => /^headroom\.plan\.[^.]+$/.test(k)).map((k) => [k, JSON.parse(localStorage.getItem(k)).plan])));
const savedNames = async (page) => Object.values(await records(page)).map((p) => p.name).sort();
/** The names the saved-plan list shows, as its inputs hold them now. */
const listedNames = (page) => page.$$eval('.plan-list .plan-title', (els) => els.map((e) => e.value ?? e.textContent).sort());
const heading = (page, name) => page.waitForFunction((n) => document.querySelector('h1.plan-name')?.textContent === n, name);

test('two tabs editing within the autosave delay: the first save stays and the second tab keeps its edit apart', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  const a = await context.newPage();
  await a.goto(env.server.url);
  await a.locator('#f-name').fill('Shared');
  await a.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  const b = await context.newPage();
  await b.goto(env.server.url);
  await heading(b, 'Shared');
  // A and B edit the same plan before either autosave has run.
  await a.locator('#f-initial_users').fill('12,345');
  await b.locator('#f-name').fill('Shared, renamed in B');
  // A saved first; B finds the record changed under it and does not write.
  await b.locator('.notice.problem', { hasText: 'another tab' }).waitFor();
  await a.waitForFunction(() => Object.keys(localStorage).some((k) => (localStorage.getItem(k) || '').includes('"initial_users":12345')));
  let stored = Object.values(await records(a));
  assert.equal(stored.length, 1);
  assert.equal(stored[0].initial_users, 12345, "A's edit is saved");
  assert.equal(stored[0].name, 'Shared', "B's stale copy did not overwrite it");
  // Loading the newer version keeps B's own edit as a new saved plan.
  await b.getByRole('button', { name: 'Load the newer version' }).click();
  await heading(b, 'Shared');
  assert.equal(await b.locator('#f-initial_users').inputValue(), '12,345');
  await b.locator('.notice', { hasText: 'kept as a new saved plan' }).waitFor();
  assert.deepEqual(await savedNames(b), ['Shared', 'Shared, renamed in B (edits from another tab)']);
  await context.close();
});

test('an edit made just before a reload or a tab close is saved', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  let page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('.saved-state').waitFor();
  await page.locator('#f-name').fill('Saved on the way out');
  await page.reload();
  await heading(page, 'Saved on the way out');
  await page.locator('#f-initial_users').fill('7,777');
  await page.close({ runBeforeUnload: true });
  page = await context.newPage();
  await page.goto(env.server.url);
  await heading(page, 'Saved on the way out');
  assert.equal(await page.locator('#f-initial_users').inputValue(), '7,777');
  await context.close();
});

test('the saved-plan list shows each row with its own name after duplicate, rename and delete', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-name').fill('Alpha');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.locator('.plans summary').click();
  await page.locator('#new-plan-from').selectOption('launch');
  await page.locator('.new-plan').getByRole('button', { name: 'Create' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 2);
  const row = (name) => page.locator('.plan-list li').filter({ has: page.locator(`input[value="${name}"]`) });
  await row('Alpha').getByRole('button', { name: 'Duplicate' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 3);
  const copy = page.getByLabel('Name of saved plan Alpha (copy)');
  await copy.fill('Beta');
  await copy.press('Enter');
  // Wait for the saved record, not for the text this test typed.
  await page.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('"name":"Beta"')));
  await page.waitForFunction(() => [...document.querySelectorAll('.plan-list li')].length === 3);
  assert.deepEqual(await listedNames(page), await savedNames(page));
  await page.getByLabel('Name of saved plan Beta').waitFor();
  await row('Beta').getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => !Object.values(localStorage).some((t) => t.includes('"name":"Beta"')));
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 2);
  assert.deepEqual(await listedNames(page), await savedNames(page));
  assert.ok(!(await listedNames(page)).includes('Beta'), 'the deleted name is gone from every row');
  // The row named Alpha acts on Alpha.
  await row('Alpha').getByRole('button', { name: 'Open' }).click();
  await heading(page, 'Alpha');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a link whose # was escaped as %23, or pasted with spaces, still opens its plan', async () => {
  const a = await open(env.browser, env.server.url);
  await a.page.locator('#f-name').fill('Escaped link plan');
  await heading(a.page, 'Escaped link plan');
  const good = await copyLink(a.page);
  await a.context.close();
  const [base, fragment] = good.split('#');
  assert.match(fragment, /^p2\./, 'new links are written in format 2');

  // A fresh visitor: the static host answers the unknown path with its 404
  // page, which is the app (dist/404.html).
  const escaped = await open(env.browser, `${base}%23${fragment}`);
  await heading(escaped.page, 'Escaped link plan');
  assert.match(await escaped.page.locator('.notice').textContent(), /Opened from a link/);
  assert.equal(new URL(escaped.page.url()).hash, `#${fragment}`, 'the address is put right');
  await escaped.context.close();

  const spaced = await open(env.browser, `${base}#%20${fragment}%20`);
  await heading(spaced.page, 'Escaped link plan');
  await spaced.context.close();
});

test('a saved record that is damaged or too new is listed, exportable and deletable', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP, acceptDownloads: true });
  const future = '{"format":9,"saved_at":5,"plan":{"schema":7,"name":"From the future"}}';
  await context.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('headroom.plan.future', text);
      localStorage.setItem('headroom.current', 'future');
    }
  }, future);
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('.notice.problem', { hasText: 'newer version' }).waitFor();
  await page.locator('.plans summary').click();
  const unreadable = page.locator('.plan-list li.unreadable');
  await unreadable.first().waitFor();
  assert.equal(await unreadable.count(), 1);
  assert.match(await unreadable.textContent(), /newer version of Headroom/);
  const download = page.waitForEvent('download');
  await unreadable.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  assert.equal(fs.readFileSync(await file.path(), 'utf8'), future, 'exported as it was stored');
  await unreadable.getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.includes('future')));
  assert.equal(await page.locator('.plan-list li.unreadable').count(), 0);
  await context.close();
});

test('a simulation that drops overflowing paths says how many, and calls its figures unreliable', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#f-horizon_months').fill('60');
  // Users past 10^12 overflow for rates above about 40% a month from month 13.
  await page.locator('#f-scenarios-1-growth-segments-2-rate').fill('0% to 60%');
  const dropped = page.locator('.uncertainty .sim-dropped');
  await dropped.waitFor();
  const text = await dropped.textContent();
  const [, failed, samples, share] = text.match(/^([\d,]+) of ([\d,]+) paths \(([\d.]+)%\) overflowed/).map((x) => x.replaceAll(',', ''));
  assert.equal(Number(samples), 2000);
  assert.ok(Number(failed) > 100 && Number(failed) < 2000, text);
  assert.equal(share, ((100 * failed) / samples).toFixed(1));
  assert.match(text, /unreliable/);
  assert.equal(await dropped.getAttribute('role'), 'alert');
  await shot(page, 'hostile-dropped-paths');
  await context.close();
});

test('users past 10^12 are told on the scenario that grows them, and the problem links there', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-horizon_months').fill('60');
  await page.locator('#f-scenarios-2-growth-segments-2-rate').fill('90%');
  // The message sits in the Aggressive scenario's card, not in a list alone.
  const said = page.locator('#f-scenarios-2-error');
  await said.waitFor();
  assert.match(await said.textContent(), /^users reach [\d.]+e\d+ in month \d+, past the limit of 10\^12/);
  assert.equal(await page.locator('#f-scenarios-1-error').count(), 0);
  // The problems list's link brings the card into view and focus.
  await page.locator('#f-name').focus();
  await page.locator('.problems a', { hasText: 'scenarios[2]' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-scenarios-2');
  // Fixed: the message goes.
  await page.locator('#f-scenarios-2-growth-segments-2-rate').fill('12%');
  await said.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a cost that overflows is marked at the unit cost or quantity that made it, and the last good figures stay', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const total = () => page.locator('dl.cards').first().textContent();
  const before = await total();
  for (const [field, value] of [['unit_cost', '1e308'], ['quantity', '1e308']]) {
    const id = `#f-tiers-1-components-0-${field}`;
    await page.locator(id).fill(value);
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-invalid') === 'true', id);
    assert.match(await page.locator(`${id}-error`).textContent(), /^with this value the cost overflows by month \d+; lower it/);
    assert.equal(await total(), before, 'the last good figures stay');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-invalid') === 'false', id);
  }
  // A huge value that stays valid shows in exponent form, as typed, when a
  // plan is opened with it (not as its 21 digits).
  const plan = JSON.parse(fs.readFileSync(new URL('../../src/presets/three_tier.json', import.meta.url), 'utf8'));
  plan.name = 'Huge unit cost';
  plan.tiers[1].components[0].unit_cost = 1e20;
  await page.locator('input[type=file]').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await heading(page, 'Huge unit cost');
  await page.waitForFunction(() => document.querySelector('#f-tiers-1-components-0-unit_cost')?.value === '1e20');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a plan whose ranges move nothing says so in one line, and its histogram shows the one total', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const line = page.locator('.uncertainty .sim-no-spread');
  await line.waitFor();
  assert.equal(await page.locator('.uncertainty .cards .card-figure').count(), 0, 'no identical P10/P50/P90 cards');
  // The histogram's bar is drawn inside its axis: count bar-coloured pixels.
  await page.locator('#chart-total-histogram').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name === 'headroom:drawn:chart-total-histogram'));
  const barPixels = await page.$eval('#chart-total-histogram canvas', (c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    // The first series colour (0, 114, 178) at 85% over white.
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - 38) < 12 && Math.abs(data[i + 1] - 135) < 12 && Math.abs(data[i + 2] - 190) < 12) n++;
    }
    return n;
  });
  assert.ok(barPixels > 200, `the bar is visible (${barPixels} pixels)`);
  await context.close();
});

test('a range badge names what it shows', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#f-scenarios-1-growth-segments-0-rate').fill('15% to 30%');
  const badge = page.getByRole('button', { name: /^range · normal/ });
  await badge.first().waitFor();
  const name = await badge.first().getAttribute('aria-label');
  assert.ok(name.includes(await badge.first().textContent()), `"${name}" holds the visible text`);
  await context.close();
});

test('keyboard focus stays with the item after add, remove, move, duplicate and a change of kind', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const active = () => page.evaluate(() => {
    const e = document.activeElement;
    const tier = e.closest('fieldset.tier');
    return { id: e.id, tag: e.tagName, tier: tier ? [...document.querySelectorAll('fieldset.tier')].indexOf(tier) : -1 };
  });
  const tiers = () => page.locator('fieldset.tier').count();
  const press = async (name) => { await page.getByRole('button', { name, exact: true }).focus(); await page.keyboard.press('Enter'); };
  const n = await tiers();

  await press('+ Add tier');
  await page.waitForFunction((n) => document.querySelectorAll('fieldset.tier').length === n + 1, n);
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.equal((await active()).tier, n, 'on the new tier');

  await press('Move tier 1 down');
  await page.waitForFunction(() => document.activeElement.id === 'act-move-tier-2-down');

  await press('Duplicate tier 2');
  await page.waitForFunction((n) => document.querySelectorAll('fieldset.tier').length === n + 2, n);
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.ok([1, 2].includes((await active()).tier), 'on the tier or its copy');

  await press('Remove tier 2');
  await page.waitForFunction((n) => document.querySelectorAll('fieldset.tier').length === n + 1, n);
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.ok([1, 2].includes((await active()).tier), 'on a neighbouring tier');

  const kind = page.locator('#f-scenarios-0-growth-kind');
  await kind.focus();
  await kind.selectOption('table');
  await page.waitForFunction(() => document.querySelector('#f-scenarios-0-growth-kind')?.value === 'table');
  await page.waitForFunction(() => document.activeElement.id === 'f-scenarios-0-growth-kind');

  const mode = page.locator('#f-tiers-0-components-0-quantity-mode');
  await mode.focus();
  await mode.selectOption('usage');
  await page.waitForFunction(() => document.querySelector('#f-tiers-0-components-0-quantity-mode')?.value === 'usage');
  await page.waitForFunction(() => document.activeElement.id === 'f-tiers-0-components-0-quantity-mode');

  // Ctrl+Z takes away the control that has focus (an added tier's): focus
  // lands on the control in its place in the editor, not on the page's top.
  const before = await tiers();
  await press('+ Add tier');
  await page.waitForFunction((k) => document.querySelectorAll('fieldset.tier').length === k + 1, before);
  await page.waitForFunction((k) => document.activeElement.closest('fieldset.tier') === document.querySelectorAll('fieldset.tier')[k], before);
  await page.keyboard.press('Control+Z');
  await page.waitForFunction((k) => document.querySelectorAll('fieldset.tier').length === k, before);
  await page.waitForFunction(() => document.activeElement !== document.body);
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('.editor')), 'focus stays in the editor');
  await context.close();
});

test('the largest plan the model allows opens with folded tiers, and a problem link unfolds its tier', async () => {
  const { hugePlan } = await import('./huge-plan.mjs');
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('input[type=file]').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hugePlan())) });
  await heading(page, 'Largest allowed plan');
  // A large plan's fields are built the task after its figures.
  await page.locator('.editor[aria-busy="false"] fieldset.tier').first().waitFor();
  assert.equal(await page.locator('fieldset.tier').count(), 50);
  // Only what is open is built: no component fields until a tier unfolds.
  assert.equal(await page.locator('[id^="f-tiers-"][id*="-components-"]').count(), 0);
  await page.locator('#unfold-tier-3').click();
  await page.locator('#f-tiers-3-components-99-unit_cost').waitFor();
  assert.equal(await page.locator('#unfold-tier-3').getAttribute('aria-expanded'), 'true');
  // Typing in an unfolded tier reaches the forecast.
  await page.locator('#f-tiers-3-components-0-name').fill('');
  const link = page.locator('.problems a', { hasText: 'tiers[3].components[0].name' });
  await link.waitFor();
  await page.locator('#unfold-tier-3').click();
  await page.waitForFunction(() => !document.getElementById('f-tiers-3-components-0-name'));
  await link.click();
  await page.locator('#f-tiers-3-components-0-name').waitFor();
  assert.equal(await page.locator('.notice', { hasText: 'does not hold' }).count(), 0, 'a jump to a field is not a plan link');
  assert.deepEqual(problems, []);
  await context.close();
});

test('at phone width a long money axis keeps its title whole', async () => {
  const { PHONE } = await import('./support.mjs');
  const { page, context } = await open(env.browser, env.server.url, PHONE);
  // Costs in the hundreds of thousands: tick labels such as "$450k".
  await page.locator('#f-tiers-2-components-0-unit_cost').fill('15,555');
  await page.locator('#chart-cost').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => performance.getEntriesByType('mark').filter((m) => m.name === 'headroom:drawn:chart-cost').length >= 2);
  const ink = await page.$eval('#chart-cost canvas', (c) => {
    const { data, width, height } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    // Dark text pixels (the title is drawn in ink) per column, left edge first.
    const dark = (x) => { let n = 0; for (let y = 0; y < height; y++) { const i = 4 * (y * width + x); if (data[i] < 110 && data[i + 1] < 110 && data[i + 2] < 130 && data[i + 3] > 200) n++; } return n; };
    const cols = Array.from({ length: Math.min(width, 120) }, (_, x) => dark(x));
    const start = cols.findIndex((n) => n > 0);
    let end = start;
    while (end < cols.length && cols[end] > 0) end++;
    let gap = end;
    while (gap < cols.length && cols[gap] === 0) gap++;
    return { start, title: end - start, gap: gap - end };
  });
  assert.ok(ink.start >= 2, `nothing is cut at the left edge (ink from column ${ink.start})`);
  assert.ok(ink.title >= 8 && ink.title <= 24, `the axis title is one line of text (${ink.title} columns)`);
  assert.ok(ink.gap >= 6, `a gap between the title and the tick labels (${ink.gap} columns)`);
  await shot(page, 'hostile-phone-cost-axis');
  await context.close();
});

test('at phone width a long unreadable value wraps in its messages, and the page never scrolls sideways', async () => {
  const { PHONE } = await import('./support.mjs');
  const { page, context } = await open(env.browser, env.server.url, PHONE);
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.equal(await wide(), 0, 'the default plan fits the phone');
  const field = page.locator('#f-tiers-0-components-0-quantity');
  await field.fill(`${'9'.repeat(400)} abc`);
  await page.locator('.problems li', { hasText: 'tiers[0].components[0].quantity' }).waitFor();
  // The field keeps focus: its whole message shows under it.
  await page.locator('#f-tiers-0-components-0-quantity-error:not(:empty)').waitFor();
  assert.equal(await wide(), 0, 'messages quoting the value wrap');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'No link copied' }).waitFor();
  assert.equal(await wide(), 0, 'the notice wraps too');
  await shot(page, 'hostile-phone-long-value');
  await context.close();
});

test('undoing a delete never overwrites the plan another tab saved since', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  const a = await context.newPage();
  await a.goto(env.server.url);
  await a.locator('#f-name').fill('Alpha');
  await a.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  const b = await context.newPage();
  await b.goto(env.server.url);
  await heading(b, 'Alpha');
  await a.locator('.plans summary').click();
  await a.getByRole('button', { name: 'Delete saved plan Alpha' }).click();
  await a.locator('.notice', { hasText: 'Deleted "Alpha"' }).waitFor();
  // B saves its edit after the delete: the record exists again, in EUR.
  await b.locator('#f-currency').fill('EUR');
  await b.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('"currency":"EUR"')));
  await b.close({ runBeforeUnload: true });
  await a.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  await a.locator('.notice', { hasText: 'The plan is back' }).waitFor();
  // Both versions of Alpha are kept (beside the blank plan A opened after the delete).
  const alphas = Object.values(await records(a)).filter((p) => p.name === 'Alpha').map((p) => p.currency).sort();
  assert.deepEqual(alphas, ['EUR', 'USD'], 'both versions are kept');
  await context.close();
});

test('a link whose # was escaped twice (%2523) still opens its plan', async () => {
  const a = await open(env.browser, env.server.url);
  await a.page.locator('#f-name').fill('Twice escaped');
  await heading(a.page, 'Twice escaped');
  const [base, fragment] = (await copyLink(a.page)).split('#');
  await a.context.close();
  const b = await open(env.browser, `${base}%2523${fragment}`);
  await heading(b.page, 'Twice escaped');
  await b.context.close();
});

test('element ids are unique, renaming the open plan shows in its field, and a range with bad ends is marked at its field', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const duplicates = await page.evaluate(() => {
    const seen = new Map();
    for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  assert.deepEqual(duplicates, []);
  await page.locator('#f-name').fill('One');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.locator('.plans summary').click();
  const title = page.getByLabel('Name of saved plan One');
  await title.fill('Renamed');
  await title.press('Enter');
  await page.waitForFunction(() => document.querySelector('#f-name')?.value === 'Renamed');
  await page.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('"name":"Renamed"')));
  await page.locator('#f-initial_users').fill('-10 to -5');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').getAttribute('aria-invalid') === 'true');
  assert.match(await page.locator('#f-initial_users-error').textContent(), /must be >= 0/);
  await context.close();
});

test('a name with a text-direction override is refused at its field and shown escaped in the heading, after a reload too', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#f-name').fill('Plan \u202Eevil');
  await page.waitForFunction(() => document.querySelector('#f-name').getAttribute('aria-invalid') === 'true');
  assert.match(await page.locator('#f-name-error').textContent(), /text-direction overrides/);
  // Not "Plan live": the override is shown as its error quotes it.
  await heading(page, 'Plan \\u{202e}evil');
  await page.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('evil')));
  await page.reload();
  await heading(page, 'Plan \\u{202e}evil');
  assert.ok(!(await page.locator('h1.plan-name').textContent()).includes('\u202E'));
  await context.close();
});

test('a chart that cannot be drawn says why in its place, and the others still draw', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.waitForFunction(() => performance.getEntriesByName('headroom:drawn:chart-users').length > 0);
  // Take this canvas's 2D context away, as a browser out of canvas memory does.
  await page.evaluate(() => { document.querySelector('#chart-users canvas').getContext = () => null; });
  await page.locator('#f-initial_users').fill('12,000');
  const alert = page.locator('#chart-users .chart-failed');
  await alert.waitFor();
  assert.match(await alert.textContent(), /could not be drawn \(the canvas has no 2D drawing context\)/);
  // The other charts still draw.
  assert.equal(await page.locator('.chart-failed').count(), 1);
  assert.ok(problems.some((p) => /chart-users could not be drawn/.test(p)), problems.join('\n'));
  await context.close();
});

test('a problem link takes focus to its field and leaves a plan link in the address', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const link = await copyLink(page);
  await page.goto(`${env.server.url}${link.slice(link.indexOf('#'))}`);
  await page.locator('.notice', { hasText: 'Opened from a link' }).waitFor();
  const address = await page.evaluate(() => location.hash);
  await page.locator('#f-initial_users').fill('abc');
  await page.locator('#f-tiers-2-components-0-unit_cost').focus();
  await page.locator('.problems a', { hasText: 'initial_users' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'f-initial_users');
  assert.equal(await page.evaluate(() => location.hash), address, 'the plan link stays in the address');
  await page.locator('#f-initial_users').fill('10000');
  // An error on an item of a list typed in one field (a hold range) takes
  // focus to that field.
  await page.locator('#preset').selectOption('elastic-step');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  const hold = page.locator('[id$="-autoscale-hold"]').first();
  await hold.fill('21-17');
  const holdId = await hold.getAttribute('id');
  await page.locator('#f-initial_users').focus();
  await page.locator('.problems a', { hasText: 'hold[0]' }).click();
  await page.waitForFunction((id) => document.activeElement?.id === id, holdId);
  assert.deepEqual(problems, []);
  await context.close();
});

test('leaving a plan opened from a link with edits asks first; without edits it does not', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const link = await copyLink(page);
  const linked = await context.newPage();
  await linked.goto(`${env.server.url}${link.slice(link.indexOf('#'))}`);
  await linked.locator('.notice', { hasText: 'Opened from a link' }).waitFor();
  const asked = [];
  linked.on('dialog', async (d) => { asked.push(d.type()); await d.dismiss(); });
  // Unedited: it closes without a question.
  await linked.locator('#f-name').click();
  await linked.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(asked, []);
  const edited = await context.newPage();
  edited.on('dialog', async (d) => { asked.push(d.type()); await d.dismiss(); });
  await edited.goto(`${env.server.url}${link.slice(link.indexOf('#'))}`);
  await edited.locator('.notice', { hasText: 'Opened from a link' }).waitFor();
  await edited.locator('#f-name').fill('Edited copy');
  await edited.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Edited copy');
  await edited.close({ runBeforeUnload: true });
  await edited.waitForEvent('dialog').catch(() => {});
  assert.deepEqual(asked, ['beforeunload']);
  assert.equal(edited.isClosed(), false, 'the page stays when the question is dismissed');
  await edited.close();
  await context.close();
});

test('at phone width names of one long word wrap in cards, legends and titles, and a scenario button ends in an ellipsis', async () => {
  const { PHONE } = await import('./support.mjs');
  const { page, context } = await open(env.browser, env.server.url, PHONE);
  const wide = () => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  await page.locator('#f-scenarios-1-label').fill('S'.repeat(200));
  await page.locator('#f-tiers-1-label').fill('T'.repeat(200));
  // Wait for what the assertions read: the re-rendered button and card.
  await page.locator('.scenario-picker .tab', { hasText: 'S'.repeat(200) }).waitFor();
  await page.locator('.card-figure .detail', { hasText: 'T'.repeat(200) }).first().waitFor();
  assert.equal(await wide(), 0, 'the page does not scroll sideways');
  const spills = await page.$$eval('.card-figure, .chart figcaption, .legend li, .card > legend',
    (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.slice(0, 40)));
  assert.deepEqual(spills, [], 'no card, title or legend runs past its box');
  const tab = await page.locator('.scenario-picker .tab', { hasText: 'S'.repeat(200) }).evaluate((e) => ({
    right: e.getBoundingClientRect().right, ellipsis: getComputedStyle(e).textOverflow,
  }));
  assert.ok(tab.right <= 390, `the scenario button ends inside the screen (right edge ${tab.right})`);
  assert.equal(tab.ellipsis, 'ellipsis');
  await shot(page, 'hostile-phone-long-names');
  await context.close();
});

test('Undo and Redo hand the keyboard focus to each other when they run out of steps', async () => {
  const { page, context } = await open(env.browser, env.server.url, LAPTOP);
  const field = page.locator('#f-initial_users');
  const before = await field.inputValue();
  await field.fill('12345');
  await page.locator('#undo:not([disabled])').waitFor();
  await page.locator('#undo').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'redo');
  assert.equal(await field.inputValue(), before, 'the edit is undone');
  assert.equal(await page.locator('#undo').isDisabled(), true, 'nothing is left to undo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'undo');
  assert.equal((await field.inputValue()).replace(/,/g, ''), '12345', 'the edit is redone');
  await context.close();
});
