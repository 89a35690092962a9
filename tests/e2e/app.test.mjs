// End-to-end tests of the browser app: real headless Chromium against the
// built dist/, served under a subpath. Expected figures come from MODEL.md's
// formulas and the seed guide's itemised tier totals, not from the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser, open, shot, chartPixels, waitForRedraw, LAPTOP, PHONE, settledBox } from './support.mjs';

const env = sharedBrowser();

// Compound growth (MODEL.md section 2): users(m) = users(m-1) * (1 + rate(m)).
function compound(u0, periods, months = 24) {
  let u = u0;
  for (let m = 1; m <= months; m++) u *= 1 + periods.find(([a, b]) => m >= a && m <= b)[2];
  return u;
}
const MODERATE = [[1, 6, 0.25], [7, 12, 0.2], [13, 99, 0.15]];
const AGGRESSIVE = [[1, 6, 0.35], [7, 12, 0.3], [13, 99, 0.25]];
const fmt = (n) => Math.round(n).toLocaleString('en-US');

const card = (page, label) => page.locator('.results > .cards .card-figure', { hasText: label }).locator('.figure');
const lastRow = (page) => page.locator('table.forecast tbody tr').last();
const row = (page, m) => page.locator('table.forecast tbody tr').nth(m);

/** Types into a field and waits for the charts to redraw. */
async function edit(page, id, text) {
  const since = await page.evaluate(() => performance.now());
  await page.locator(`#${id}`).fill(text);
  await waitForRedraw(page, since);
}

test('loads the default plan with its forecast, without errors or outside requests', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  assert.equal(await page.locator('h1.plan-name').textContent(), 'Three-tier platform');
  // The Moderate scenario opens: 10,000 users compounding to month 24.
  assert.equal(await card(page, 'Users at month 24').textContent(), fmt(compound(10000, MODERATE)));
  // Month 24 runs on Enterprise, whose itemised total is $26,258.72 a month (seed guide).
  assert.equal(await card(page, 'Monthly cost at month 24').textContent(), '$26,259');
  assert.equal(await page.locator('table.forecast caption').textContent(), 'Forecast');
  assert.equal(await page.locator('table.forecast tbody tr').count(), 25);
  // Month 0 is on Growth ($3,020.05 itemised); peak concurrency 15% of users passes 80% of 10,000 at month 8.
  assert.match(await row(page, 0).textContent(), /Growth.*\$3,020/);
  assert.equal(await card(page, 'First tier change').textContent(), 'Month 8');
  assert.match(await page.locator('.event-list').textContent(), /move from Growth to Enterprise/);
  for (const id of ['chart-users', 'chart-cost', 'chart-utilization', 'chart-cumulative']) {
    const blank = await page.$eval(`#${id} canvas`, (c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 200) return false;
      return true;
    });
    assert.equal(blank, false, `${id} has drawn something`);
  }
  await shot(page, 'default-laptop');
  // This browser has WebAssembly SIMD: the check beside the loader stays quiet.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.unsupported), undefined);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a browser without WebAssembly SIMD is told why the planner cannot run, not left loading', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  // An old browser: no SIMD, so the app's wasm does not compile.
  await context.addInitScript(() => {
    const refuse = () => Promise.reject(new WebAssembly.CompileError('SIMD unsupported'));
    WebAssembly.validate = () => false;
    WebAssembly.instantiateStreaming = refuse;
    WebAssembly.instantiate = refuse;
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(env.server.url);
  const loading = page.locator('#loading[role=alert]');
  await loading.waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.unsupported), 'wasm-simd');
  assert.match(await loading.textContent(), /This browser cannot run Headroom: it needs WebAssembly with SIMD \(Chrome or Edge 91, Firefox 89, Safari 16\.4/);
  // The loader's failed start is said there, not also thrown as an error.
  await page.locator('html[data-loader=failed]').waitFor({ state: 'attached' });
  assert.deepEqual(errors, []);
  await context.close();
});

test('editing initial users, a growth rate, a tier limit and a unit cost moves the table, summary and charts', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const users = () => card(page, 'Users at month 24').textContent();

  let before = await chartPixels(page, 'chart-users');
  await edit(page, 'f-initial_users', '20,000');
  assert.equal(await users(), fmt(compound(20000, MODERATE)));
  assert.match(await row(page, 0).textContent(), /^0\s*20,000/);
  assert.notEqual(await chartPixels(page, 'chart-users'), before);

  before = await chartPixels(page, 'chart-users');
  await edit(page, 'f-scenarios-1-growth-segments-0-rate', '30');
  const faster = [[1, 6, 0.3], [7, 12, 0.2], [13, 99, 0.15]];
  assert.equal(await users(), fmt(compound(20000, faster)));
  assert.equal((await lastRow(page).textContent()).includes(fmt(compound(20000, faster))), true);
  assert.notEqual(await chartPixels(page, 'chart-users'), before);

  // Back to 10,000 users at 25%, then double Growth's limit: 15% of users must
  // stay within 80% of 20,000, so the move to Enterprise comes later.
  await edit(page, 'f-initial_users', '10000');
  await edit(page, 'f-scenarios-1-growth-segments-0-rate', '25%');
  before = await chartPixels(page, 'chart-utilization');
  await edit(page, 'f-tiers-1-limits-peak_concurrent', '20000');
  const month = [...Array(25).keys()].find((m) => 0.15 * compound(10000, MODERATE, m) > 0.8 * 20000);
  assert.equal(await card(page, 'First tier change').textContent(), `Month ${month}`);
  assert.match(await row(page, month - 1).textContent(), /Growth/);
  assert.match(await row(page, month).textContent(), /Enterprise/);
  assert.notEqual(await chartPixels(page, 'chart-utilization'), before);

  // 30 Enterprise backends at $500 become $600: +$3,000 a month.
  before = await chartPixels(page, 'chart-cost');
  await edit(page, 'f-tiers-2-components-0-unit_cost', '$600');
  assert.equal(await card(page, 'Monthly cost at month 24').textContent(), '$29,259');
  assert.match(await lastRow(page).textContent(), /\$29,259/);
  assert.notEqual(await chartPixels(page, 'chart-cost'), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the first item\'s ↑ and the last\'s ↓ change nothing; a new growth period keeps the forecast', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const before = await card(page, 'Users at month 24').textContent();
  await page.getByRole('button', { name: 'Move scenario 1 up' }).click();
  await page.getByRole('button', { name: 'Move scenario 3 down' }).click();
  // Moderate (scenario 2) runs 13 to the horizon at its last rate; a new
  // period starts at 14 at that rate, the last one ending at 13.
  const last = await page.locator('#f-scenarios-1-growth-segments-2-rate').inputValue();
  const card2 = page.locator('fieldset.card', { has: page.locator('#f-scenarios-1-label') });
  await card2.getByRole('button', { name: '+ Add growth period' }).click();
  const added = page.locator('#f-scenarios-1-growth-segments-3-rate');
  await added.waitFor();
  assert.equal(await added.inputValue(), last);
  assert.equal(await page.locator('#f-scenarios-1-growth-segments-3-from').inputValue(), '14');
  assert.equal(await page.locator('#f-scenarios-1-growth-segments-2-to').inputValue(), '13');
  assert.equal(await card(page, 'Users at month 24').textContent(), before);
  // Removing period 3 puts the focus on the rate of the period now in its
  // place, not on that period's remove button.
  await page.getByRole('button', { name: 'Remove growth period 3 of scenario 2' }).click();
  await added.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.activeElement?.id === 'f-scenarios-1-growth-segments-2-rate');
  // Two undos take both edits back and leave nothing to undo: the ↑ and
  // ↓ that could not move made no edit.
  await page.getByRole('button', { name: 'Undo' }).click();
  await added.waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await added.waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('button[aria-keyshortcuts="Control+Z"]').disabled);
  assert.deepEqual(problems, []);
  await context.close();
});

test('adds and removes a tier and a component', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.getByRole('button', { name: '+ Add tier' }).click();
  await page.locator('#f-tiers-3-label').waitFor();
  // The new tier carries ten times Enterprise's limit and has no components:
  // the over-capacity months move onto it at no cost.
  await page.waitForFunction(() => document.querySelector('table.forecast tbody tr:last-child').textContent.includes('Tier 4'));
  assert.match(await lastRow(page).textContent(), /Tier 4.*\$0/);
  await page.getByRole('button', { name: 'Remove tier 4' }).click();
  await page.waitForFunction(() => !document.querySelector('#f-tiers-3-label'));
  await page.waitForFunction(() => document.querySelector('table.forecast tbody tr:last-child').textContent.includes('Enterprise'));
  assert.match(await lastRow(page).textContent(), /Enterprise \(over capacity\)/);

  // Moving a tier moves its fields with it (the editor rebuilds from the plan).
  await page.locator('#f-tiers-0-label').fill('Starter (edited)');
  await page.getByRole('button', { name: 'Move tier 2 up' }).click();
  await page.waitForFunction(() => document.querySelector('#f-tiers-0-label').value === 'Growth');
  assert.equal(await page.locator('#f-tiers-1-label').inputValue(), 'Starter (edited)');
  await page.getByRole('button', { name: 'Move tier 1 down' }).click();
  await page.waitForFunction(() => document.querySelector('#f-tiers-0-label').value === 'Starter (edited)');

  // A component added to Growth (month 0's tier) costs its unit cost.
  await page.locator('fieldset.tier').nth(1).getByRole('button', { name: '+ Add component' }).click();
  const cost = page.locator('#f-tiers-1-components-10-unit_cost');
  await cost.waitFor();
  await edit(page, 'f-tiers-1-components-10-unit_cost', '1000');
  assert.match(await row(page, 0).textContent(), /\$4,020/);
  await page.getByRole('button', { name: 'Remove component 11 of tier 2' }).click();
  await page.waitForFunction(() => !document.querySelector('#f-tiers-1-components-10-unit_cost'));
  await page.waitForFunction(() => document.querySelector('table.forecast tbody tr').textContent.includes('$3,020'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid value shows its error at the field and keeps the last forecast', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const input = page.locator('#f-initial_users');
  const expected = fmt(compound(10000, MODERATE));
  await input.fill('ten thousand');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').getAttribute('aria-invalid') === 'true');
  assert.equal(await input.getAttribute('aria-describedby'), 'f-initial_users-error');
  assert.match(await page.locator('#f-initial_users-error').textContent(), /is not a number/);
  assert.equal(await input.inputValue(), 'ten thousand', 'what was typed stays');
  assert.match(await page.locator('.problems').textContent(), /out of date/);
  assert.equal(await card(page, 'Users at month 24').textContent(), expected);
  assert.match(await page.locator('.problems').textContent(), /initial_users: "ten thousand" is not a number/);
  assert.equal(await page.locator('.results.stale').count(), 1);
  await shot(page, 'invalid-value');

  // A number the model rejects gets the validator's message at the field.
  await input.fill('-5');
  await page.waitForFunction(() => /must be/.test(document.querySelector('#f-initial_users-error').textContent));
  assert.equal(await card(page, 'Users at month 24').textContent(), expected);

  // Valid again: the same forecast as before, so no chart needs redrawing.
  await input.fill('10,000');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').getAttribute('aria-invalid') === 'false');
  assert.equal(await page.locator('#f-initial_users-error').textContent(), '');
  assert.equal(await page.locator('.problems').textContent(), '', 'no problems listed');
  assert.equal(await page.locator('.results.stale').count(), 0, 'results no longer marked out of date');
  assert.deepEqual(problems, []);
  await context.close();
});

test('switching scenario changes the summary, table and scenario charts', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const before = await chartPixels(page, 'chart-cost');
  const since = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Aggressive' }).click();
  await waitForRedraw(page, since).catch(() => {});
  await page.waitForFunction(() => document.querySelector('.tab[aria-pressed=true]').textContent === 'Aggressive');
  assert.equal(await card(page, 'Users at month 24').textContent(), fmt(compound(10000, AGGRESSIVE)));
  assert.match(await lastRow(page).textContent(), new RegExp(fmt(compound(10000, AGGRESSIVE))));
  assert.notEqual(await chartPixels(page, 'chart-cost'), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('one cell can be edited with the keyboard alone, with a visible focus', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement?.id === 'f-initial_users');
  }
  assert.ok(reached, 'Tab reaches the Initial users field');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused field shows a focus ring');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('40000');
  await page.waitForFunction((t) => document.querySelector('table.forecast tbody tr').textContent.includes(t), '40,000');
  assert.equal(await card(page, 'Users at month 24').textContent(), fmt(compound(40000, MODERATE)));
  // The charts are reachable too, and the arrow keys read out a month.
  await page.locator('#chart-users canvas').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('#chart-users-readout').textContent.startsWith('Month 24'));
  assert.match(await page.locator('#chart-users-readout').textContent(), new RegExp(`Moderate ${fmt(compound(40000, MODERATE))}`));
  await shot(page, 'keyboard-focus');
  assert.deepEqual(problems, []);
  await context.close();
});

test('hovering a chart reads out that month', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const canvas = page.locator('#chart-cost canvas');
  const box = await settledBox(canvas);
  await page.mouse.move(box.x + box.width - 20, box.y + box.height / 2);
  await page.waitForFunction(() => document.querySelector('#chart-cost-readout').textContent.startsWith('Month 24'));
  assert.match(await page.locator('#chart-cost-readout').textContent(), /Enterprise.*total \$26,259/);
  await context.close();
});

test('every field has a visible label, and every chart a name and a data table', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const unlabelled = await page.$$eval('input, select, textarea', (els) =>
    els.filter((e) => e.getClientRects().length > 0)
      .filter((e) => !e.labels || e.labels.length === 0 || !e.labels[0].textContent.trim()).map((e) => e.id || e.outerHTML));
  assert.deepEqual(unlabelled, []);
  for (const id of ['chart-users', 'chart-cost', 'chart-utilization', 'chart-cumulative']) {
    const name = await page.locator(`#${id} canvas`).getAttribute('aria-labelledby');
    assert.ok((await page.locator(`#${name}`).textContent()).length > 10);
    await page.locator(`#${id} details summary`).click();
    assert.equal(await page.locator(`#${id} details tbody tr`).count(), 25);
  }
  await context.close();
});

test('a preset replaces the plan only after confirmation', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.locator('#preset').selectOption('launch');
  await page.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await page.locator('h1.plan-name').textContent(), 'Three-tier platform');
  await page.locator('#preset').selectOption('blank');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Untitled plan');
  assert.equal(await page.locator('fieldset.tier').count(), 1);
  await context.close();
});

for (const [name, viewport] of [['laptop', LAPTOP], ['phone', PHONE]]) {
  test(`the layout works at ${name} size (${viewport.width}x${viewport.height})`, async () => {
    const { page, context, problems } = await open(env.browser, env.server.url, viewport);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
    const editor = await page.locator('.editor').boundingBox();
    const results = await page.locator('.results').boundingBox();
    if (name === 'laptop') {
      assert.ok(results.x >= editor.x + editor.width, 'results sit beside the editor');
      assert.ok(results.y < viewport.height / 4, 'results are in view at the top');
    } else {
      assert.ok(results.y >= editor.y + editor.height, 'results sit below the editor');
    }
    const tiny = await page.$$eval('canvas', (cs) => cs.filter((c) => c.clientWidth < 200).length);
    assert.equal(tiny, 0, 'charts keep a usable width');
    await shot(page, `layout-${name}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the seed guide\'s three-tier plan can be rebuilt from a blank plan', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#preset').selectOption('blank');
  await page.getByRole('button', { name: 'Replace plan' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Untitled plan');
  await page.locator('#f-name').fill('Rebuilt three tiers');
  await page.locator('#f-initial_users').fill('10,000');

  // The driver: peak concurrent users are 15% of users.
  await page.getByRole('button', { name: '+ Add driver' }).click();
  await page.locator('#f-metrics-0-id').fill('peak_concurrent');
  await page.locator('#f-metrics-0-label').fill('Peak concurrent users');
  await page.locator('#f-metrics-0-factor').fill('0.15');

  // Three tiers for 1K / 10K / 100K peak concurrent users, each with its
  // itemised monthly total from the seed guide as one line.
  const tiers = [['Starter', '1,000', '463.45'], ['Growth', '10,000', '3,020.05'], ['Enterprise', '100,000', '26,258.72']];
  for (let t = 0; t < tiers.length; t++) {
    if (t > 0) {
      await page.getByRole('button', { name: '+ Add tier' }).click();
      await page.locator(`#f-tiers-${t}-label`).waitFor();
    }
    const [name, limit, cost] = tiers[t];
    await page.locator(`#f-tiers-${t}-label`).fill(name);
    const key = page.locator(`[id="f-tiers-${t}-limits-users-key"], [id="f-tiers-${t}-limits-peak_concurrent-key"]`);
    await key.selectOption('peak_concurrent');
    await page.locator(`#f-tiers-${t}-limits-peak_concurrent`).fill(limit);
    await page.locator('fieldset.tier').nth(t).getByRole('button', { name: '+ Add component' }).click();
    await page.locator(`#f-tiers-${t}-components-0-name`).fill(`${name} infrastructure`);
    await page.locator(`#f-tiers-${t}-components-0-unit_cost`).fill(cost);
  }
  await page.waitForFunction(() => document.querySelector('.problems').textContent === '');
  // The same forecast as the preset's: Moderate moves to Enterprise at month 8
  // and costs $26,259 a month at month 24.
  await page.getByRole('button', { name: 'Moderate' }).click();
  await page.waitForFunction(() => document.querySelector('.tab[aria-pressed=true]').textContent === 'Moderate');
  assert.equal(await card(page, 'First tier change').textContent(), 'Month 8');
  assert.equal(await card(page, 'Monthly cost at month 24').textContent(), '$26,259');
  assert.equal(await card(page, 'Users at month 24').textContent(), fmt(compound(10000, MODERATE)));
  assert.match(await row(page, 0).textContent(), /Growth\s*15\.0% Peak concurrent users\s*\$3,020/);
  await shot(page, 'rebuilt-from-blank');
  assert.deepEqual(problems, []);
  await context.close();
});

test('charts are drawn at the device pixel ratio and redrawn on resize', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP, deviceScaleFactor: 2 });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.waitForFunction(() => performance.getEntriesByType('mark').length >= 4);
  const size = () => page.$eval('#chart-users canvas', (c) => [c.width, c.clientWidth]);
  let [w, cw] = await size();
  assert.equal(w, 2 * cw, 'the backing store has two device pixels per CSS pixel');
  const since = await page.evaluate(() => performance.now());
  await page.setViewportSize({ width: 1000, height: 768 });
  await waitForRedraw(page, since, ['chart-users']);
  const [w2, cw2] = await size();
  assert.notEqual(cw2, cw, 'the chart box changed with the window');
  assert.equal(w2, 2 * cw2, 'and the canvas was resized to match');
  await context.close();
});

test('text colours pass WCAG AA contrast against their backgrounds', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  // Also check the error and out-of-date states.
  await page.locator('#f-initial_users').fill('oops');
  await page.waitForFunction(() => document.querySelector('.problems').textContent !== '');
  const failures = await page.evaluate(() => {
    const parse = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el.getClientRects().length) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden') continue;
      let fg = parse(st.color);
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const bg = background(el);
      // Blend the text over its background by the opacity it is drawn with.
      fg = fg.slice(0, 3).map((v, i) => v * opacity + bg[i] * (1 - opacity));
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      const size = parseFloat(st.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)} "${n.textContent.trim().slice(0, 30)}" in <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    return out;
  });
  assert.deepEqual(failures, []);
  await context.close();
});
