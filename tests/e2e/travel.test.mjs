// End-to-end tests of plans that travel and last (issue 4): links, saved
// plans, files, the presentation view, the security policy and hostile text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedBrowser, open, shot, LAPTOP } from './support.mjs';

const env = sharedBrowser();

/** Names of the plans saved in this browser. */
const savedPlans = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((k) => /^headroom\.plan\.[^.]+$/.test(k)).map((k) => JSON.parse(localStorage.getItem(k)).plan.name).sort());
/** Names of the plans as the saved-plan list shows them (its inputs' values). */
const listedPlans = (page) => page.$$eval('.plan-list input.plan-title', (els) => els.map((e) => e.value).sort());
/** The name of the saved plan this browser opens with. */
const currentSaved = (page) => page.evaluate(() => {
  const id = localStorage.getItem('headroom.current');
  const text = id && localStorage.getItem(`headroom.plan.${id}`);
  return text ? JSON.parse(text).plan.name : null;
});
const card = (page, label) => page.locator('.results > .cards .card-figure', { hasText: label }).locator('.figure');
const notice = (page) => page.locator('.notice');

async function copyLink(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await notice(page).filter({ hasText: 'Link copied' }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('a copied link opens the same plan in a fresh browser profile, unsaved until kept', async () => {
  const a = await open(env.browser, env.server.url);
  await a.page.locator('#f-name').fill('Shared plan');
  await a.page.locator('#f-initial_users').fill('12,345');
  await a.page.locator('#f-tiers-2-components-0-unit_cost').fill('550');
  await a.page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Shared plan');
  // The scenario on screen travels with the link (Moderate, the main one, is not named).
  const moderate = await card(a.page, 'Users at month 24').textContent();
  await a.page.locator('.scenario-picker .tab', { hasText: 'Aggressive' }).click();
  await a.page.waitForFunction((m) => document.querySelector('.results > .cards .card-figure .figure')?.textContent !== m, moderate);
  const users = await card(a.page, 'Users at month 24').textContent();
  const cost = await card(a.page, 'Monthly cost at month 24').textContent();
  const url = await copyLink(a.page);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/some\/sub\/path\/\?scenario=aggressive#p2\.[A-Za-z0-9_-]+$/);
  assert.ok(url.length < 400, `short link: ${url.length}`);
  await a.context.close();

  // A new context is a fresh profile: empty storage.
  const b = await open(env.browser, url);
  assert.equal(await b.page.locator('h1.plan-name').textContent(), 'Shared plan');
  assert.equal(await b.page.locator('.scenario-picker .tab[aria-pressed=true]').textContent(), 'Aggressive');
  assert.equal(await card(b.page, 'Users at month 24').textContent(), users);
  assert.equal(await card(b.page, 'Monthly cost at month 24').textContent(), cost);
  assert.match(await notice(b.page).textContent(), /Opened from a link/);
  assert.match(await b.page.locator('.saved-state').textContent(), /Not saved: opened from a link/);
  // Editing the linked copy saves nothing until the visitor keeps it.
  await b.page.locator('#f-name').fill('Shared plan, my copy');
  await b.page.waitForTimeout(800);
  assert.deepEqual(await savedPlans(b.page), []);
  await b.page.getByRole('button', { name: 'Save to this browser' }).click();
  await b.page.waitForFunction(() => localStorage.getItem('headroom.current') !== null);
  assert.deepEqual(await savedPlans(b.page), ['Shared plan, my copy']);
  assert.equal(new URL(b.page.url()).hash, '', 'the address no longer carries the link');
  await b.page.reload();
  await b.page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Shared plan, my copy');
  // A reload keeps the scenario on screen; choosing the main one drops it from the address.
  assert.equal(await b.page.locator('.scenario-picker .tab[aria-pressed=true]').textContent(), 'Aggressive');
  await b.page.locator('.scenario-picker .tab', { hasText: 'Moderate' }).click();
  await b.page.waitForFunction(() => location.search === '');
  assert.deepEqual(b.problems, []);
  await b.context.close();

  // A mail scanner's `%23` for the `#` lands after the query: still the plan and its scenario.
  const mailed = await open(env.browser, url.replace('#', '%23'));
  assert.equal(await mailed.page.locator('h1.plan-name').textContent(), 'Shared plan');
  assert.equal(await mailed.page.locator('.scenario-picker .tab[aria-pressed=true]').textContent(), 'Aggressive');
  assert.equal(await card(mailed.page, 'Users at month 24').textContent(), users);
  assert.deepEqual(mailed.problems, []);
  await mailed.context.close();
});

test('damaged, oversized and newer links explain themselves and load nothing', async () => {
  const good = await (async () => {
    const a = await open(env.browser, env.server.url);
    const url = await copyLink(a.page);
    await a.context.close();
    return url;
  })();
  const cases = [
    [good.slice(0, good.length - 12), /damaged/],
    [good.replace('#p2.', '#p2.%%%'), /damaged/],
    [good.replace(/#p2\.(.{10})/, '#p2.$1 '), /damaged/],
    // One character changed: the checksum of format 2 catches it.
    [good.replace(/#p2\.(.{20})(.)/, (_, a, c) => `#p2.${a}${c === 'A' ? 'B' : 'A'}`), /damaged/],
    [`${env.server.url}#p1.${'A'.repeat(250000)}`, /too long/],
    [`${env.server.url}#p7.AAAA`, /newer version of Headroom/],
    [`${env.server.url}#hello`, /does not hold a Headroom plan link/],
  ];
  for (const [url, message] of cases) {
    const { page, context } = await open(env.browser, url);
    assert.match(await page.locator('.notice.problem').textContent(), message, url.slice(0, 80));
    // The default plan opens instead; nothing was saved over.
    assert.equal(await page.locator('h1.plan-name').textContent(), 'Three-tier platform');
    assert.deepEqual(await savedPlans(page), []);
    await context.close();
  }
  // A double percent-encoded link (a mail client's doing) still opens.
  const fragment = good.split('#')[1];
  const mangled = `${env.server.url}#${encodeURIComponent(encodeURIComponent(fragment)).replace(/\./g, '%252E')}`;
  const { page, context } = await open(env.browser, mangled);
  assert.match(await notice(page).textContent(), /Opened from a link/);
  await context.close();
});

test('no link is copied while the plan has a problem or a field holds unreadable text; spaces in messages show as typed', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(() => navigator.clipboard.writeText('left alone'));
  const copy = () => page.getByRole('button', { name: 'Copy link' }).click();
  // A name of spaces is a problem of the plan: a link would not open.
  await page.locator('#f-name').fill('   ');
  await page.locator('#f-name').press('Tab');
  await page.locator('.problems li', { hasText: 'name:' }).waitFor();
  await copy();
  const refused = notice(page).filter({ hasText: 'No link copied' });
  await refused.waitFor();
  // innerText is the text as laid out: the three spaces are not merged.
  assert.match(await refused.innerText(), /the plan has a problem to fix first \(name: must not be blank, got " {3}"\)/);
  assert.match(await page.locator('.problems li', { hasText: 'name:' }).innerText(), /got " {3}"/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'left alone');
  await page.locator('#f-name').fill('Shared');
  await page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Shared');
  // A driver id of spaces stays in its field, unread: the plan keeps the
  // old id, and a link would leave the field's text out without a word.
  await page.locator('#f-metrics-1-id').fill('  ');
  await page.locator('.problems li', { hasText: 'metrics[1].id' }).waitFor();
  await copy();
  await notice(page).filter({ hasText: /No link copied: the plan has a problem to fix first \(metrics\[1\]\.id: / }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), 'left alone');
  await page.locator('#f-metrics-1-id').fill('daily_active');
  await page.locator('.problems li').first().waitFor({ state: 'detached' });
  const url = await copyLink(page);
  assert.match(url, /#p2\./);
  await context.close();
});

test('an edit survives a reload (autosave)', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-name').fill('Autosaved plan');
  await page.locator('#f-initial_users').fill('4,321');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Autosaved plan');
  assert.equal(await page.locator('#f-initial_users').inputValue(), '4,321');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a full storage quota is reported, the edits stay, and export is offered', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  // Storage works for the page's first save, then reports a full quota.
  await context.addInitScript(() => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (window.__full) throw new DOMException('quota', 'QuotaExceededError');
      return real.call(this, k, v);
    };
  });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('#f-name').fill('Saved before the quota');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.evaluate(() => { window.__full = true; });
  await page.locator('#f-name').fill('Edited after the quota');
  await page.locator('.notice.problem').waitFor();
  assert.match(await page.locator('.notice.problem').textContent(), /Could not save to this browser: .*storage is full.*Your edits stay on this page/);
  assert.match(await page.locator('.saved-state').textContent(), /newer edits are not saved/);
  assert.equal(await page.locator('h1.plan-name').textContent(), 'Edited after the quota');
  assert.equal(await currentSaved(page), 'Saved before the quota', 'the previous good save is kept');
  const download = page.waitForEvent('download');
  await page.locator('.notice').getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).name, 'Edited after the quota');
  await shot(page, 'quota-exceeded');
  await context.close();
});

test('importing a bad JSON file lists every error and replaces nothing; a good one loads', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const bad = JSON.stringify({ schema: 1, name: 'Bad', initial_users: -5, horizon_months: 500, tiers: [{ id: 't', label: 'T' }] });
  await page.locator('input[type=file]').setInputFiles({ name: 'bad-plan.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await page.locator('.notice.problem').waitFor();
  const text = await page.locator('.notice.problem').textContent();
  assert.match(text, /bad-plan\.json was not imported; the plan on screen is unchanged/);
  assert.match(text, /initial_users: must be/);
  assert.match(text, /horizon_months: must be from 1 to 120/);
  assert.equal(await page.locator('h1.plan-name').textContent(), 'Three-tier platform');
  await page.locator('input[type=file]').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"schema": 1,') });
  await page.locator('.notice.problem', { hasText: 'broken.json' }).waitFor();
  assert.match(await page.locator('.notice.problem').textContent(), /line 1, column/);
  // Read as the command line reads it: UTF-16 (a Windows tool's) is told as such.
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"schema": 1}', 'utf16le')]);
  await page.locator('input[type=file]').setInputFiles({ name: 'wide.json', mimeType: 'application/json', buffer: utf16 });
  await page.locator('.notice.problem', { hasText: 'wide.json' }).waitFor();
  assert.match(await page.locator('.notice.problem').textContent(), /wide\.json was not imported; the plan on screen is unchanged\. 1 problem: the file is UTF-16 text; save it as UTF-8/);
  assert.equal(await page.locator('h1.plan-name').textContent(), 'Three-tier platform');

  const good = fs.readFileSync(new URL('../fixtures/links/v1-custom.json', import.meta.url));
  await page.locator('input[type=file]').setInputFiles({ name: 'custom.json', mimeType: 'application/json', buffer: good });
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent.startsWith('Café'));
  assert.match(await notice(page).textContent(), /Imported custom\.json/);
  await context.close();
});

test('the forecast exports as CSV with every scenario-month and neutralised text', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  // The CSV names scenarios by id: a formula there must not be evaluated.
  await page.locator('#f-scenarios-0-id').fill('=HYPERLINK("http://evil.example")');
  await page.waitForTimeout(100);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const d = await download;
  assert.equal(d.suggestedFilename(), 'three-tier-platform-forecast.csv');
  const lines = fs.readFileSync(await d.path(), 'utf8').trim().split(/\r?\n/);
  assert.equal(lines.length, 1 + 3 * 25, 'a header and one row per scenario-month');
  assert.match(lines[0], /^scenario,/);
  const evil = lines.filter((l) => l.includes('HYPERLINK'));
  assert.equal(evil.length, 25);
  assert.ok(evil.every((l) => /"'=HYPERLINK/.test(l) || /,'=HYPERLINK/.test(l)), evil[0]);
  await context.close();
});

test('the presentation view shows the results without the editor', async () => {
  const { page, context, problems } = await open(env.browser, `${env.server.url}?view`);
  assert.equal(await page.locator('.editor').count(), 0);
  assert.equal(await page.locator('table.forecast caption').textContent(), 'Forecast');
  for (const id of ['chart-users', 'chart-cost', 'chart-utilization', 'chart-cumulative', 'chart-tornado']) {
    assert.equal(await page.locator(`#${id} canvas`).count(), 1, id);
  }
  // Read-only: the buttons that edit or export the plan are not shown.
  await page.locator('.commitment .add-commitment').waitFor({ state: 'attached' });
  for (const name of ['Add a commitment', 'Export simulation (JSON)']) {
    assert.equal(await page.getByRole('button', { name }).isVisible(), false, name);
  }
  assert.equal(await page.locator('#f-seed').isVisible(), false);
  await shot(page, 'presentation');
  await page.getByRole('button', { name: 'Edit plan' }).click();
  await page.locator('.editor').waitFor();
  assert.equal(new URL(page.url()).search, '');
  assert.deepEqual(problems, []);
  await context.close();
});

const PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>"'><svg onload=window.__xss=1>`;

test('plan text with script and markup shows literally and never runs (link, import, editor)', async () => {
  const plan = JSON.parse(fs.readFileSync(new URL('../fixtures/links/v1-custom.json', import.meta.url)));
  plan.name = PAYLOAD;
  plan.description = PAYLOAD;
  plan.scenarios[0].label = PAYLOAD;
  plan.metrics[0].label = PAYLOAD;
  plan.metrics[0].unit = PAYLOAD;
  plan.tiers[0].label = PAYLOAD;
  plan.tiers[0].components[0].name = PAYLOAD;
  plan.tiers[0].targets = { [PAYLOAD]: PAYLOAD };

  const { page, context, problems } = await open(env.browser, env.server.url);
  // Through a JSON import...
  await page.locator('input[type=file]').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction((p) => document.querySelector('h1.plan-name').textContent === p, PAYLOAD);
  // ...and the editor.
  await page.locator('#f-scenarios-1-label').fill(PAYLOAD);
  await page.waitForTimeout(200);
  const check = async (p) => {
    assert.equal(await p.evaluate(() => window.__xss), undefined, 'no payload ran');
    assert.equal(await p.locator('h1.plan-name').textContent(), PAYLOAD);
    assert.equal(await p.locator('img[src=x], svg[onload], script:not([src]):not([type=module])').count(), 0, 'no markup was made from plan text');
    assert.ok(await p.locator('.tab', { hasText: PAYLOAD }).count() >= 1);
  };
  await check(page);
  // ...and through a link into another profile.
  const url = await copyLink(page);
  await context.close();
  const b = await open(env.browser, url);
  await check(b.page);
  assert.match(await b.page.locator('table.forecast thead').textContent(), /<img src=x/);
  assert.deepEqual(problems.filter((p) => !p.includes('favicon')), []);
  assert.deepEqual(b.problems, []);
  await b.context.close();
});

test('undo and redo step through edits of every kind, by button and keyboard', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const users = () => card(page, 'Users at month 24').textContent();
  const start = await users();
  await page.locator('#f-initial_users').fill('20,000');
  await page.waitForFunction((s) => document.querySelector('.card-figure .figure').textContent !== s, start);
  await page.getByRole('button', { name: '+ Add tier' }).click();
  await page.locator('#f-tiers-3-label').waitFor();
  await page.locator('#f-tiers-0-components-0-category').selectOption('worker');
  // Undo the category choice (Ctrl+Z), then the added tier (button), then the typing.
  await page.locator('#f-initial_users').focus();
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-tiers-0-components-0-category').value === 'compute');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-initial_users', 'focus stays on the field');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => !document.querySelector('#f-tiers-3-label'));
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').value === '10,000');
  assert.equal(await users(), start);
  // Redo brings the typing back.
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').value === '20,000');
  assert.equal(await page.getByRole('button', { name: 'Redo' }).isDisabled(), false);
  // Text that never became a value is undone first, on its own: the field
  // shows the plan's value again and the plan's edits stay.
  const quantity = page.locator('#f-tiers-0-components-0-quantity');
  const was = await quantity.inputValue();
  await quantity.fill('x1');
  await page.locator('.problems li', { hasText: 'tiers[0].components[0].quantity' }).waitFor();
  await page.keyboard.press('Control+Z');
  await page.locator('.problems li').first().waitFor({ state: 'detached' });
  assert.equal(await quantity.inputValue(), was);
  assert.equal(await page.locator('#f-initial_users').inputValue(), '20,000');
  // With nothing else to undo, Undo is there for the unread text alone.
  await page.keyboard.press('Control+Z');
  await page.waitForFunction(() => document.querySelector('#f-initial_users').value === '10,000');
  assert.equal(await page.getByRole('button', { name: 'Undo' }).isDisabled(), true);
  await quantity.fill('x1');
  await page.locator('.problems li', { hasText: 'tiers[0].components[0].quantity' }).waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('.problems li').first().waitFor({ state: 'detached' });
  assert.equal(await quantity.inputValue(), was);
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs on one plan: the older tab is told and cannot overwrite the newer save', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  const a = await context.newPage();
  await a.goto(env.server.url);
  await a.locator('#f-name').fill('Tab A edit');
  await a.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  const b = await context.newPage();
  await b.goto(env.server.url);
  await b.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Tab A edit');
  await b.locator('#f-name').fill('Tab B edit');
  await b.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  // Tab A hears of the newer save and stops saving.
  await a.locator('.notice.problem', { hasText: 'another tab' }).waitFor();
  await a.locator('#f-name').fill('Tab A again');
  await a.waitForTimeout(800);
  assert.equal(await currentSaved(a), 'Tab B edit');
  assert.match(await a.locator('.saved-state').textContent(), /newer version is saved in another tab/);
  await a.getByRole('button', { name: 'Load the newer version' }).click();
  await a.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Tab B edit');
  await context.close();
});

test('a reloaded tab opens the plan it had open, not the one another tab saved last', async () => {
  const context = await env.browser.newContext({ viewport: LAPTOP });
  const a = await context.newPage();
  await a.goto(env.server.url);
  await a.locator('#f-name').fill('Plan one');
  await a.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  const b = await context.newPage();
  await b.goto(env.server.url);
  await b.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Plan one');
  await b.locator('.plans summary').click();
  await b.locator('#new-plan-from').selectOption('launch');
  await b.locator('.new-plan').getByRole('button', { name: 'Create' }).click();
  await b.waitForFunction(() => document.querySelector('h1.plan-name').textContent !== 'Plan one');
  await b.locator('#f-name').fill('Plan two');
  await b.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('"name":"Plan two"')));
  // Tab A saves last: the browser's current plan is A's.
  await a.locator('#f-name').fill('Plan one, edited');
  await a.waitForFunction(() => {
    const id = localStorage.getItem('headroom.current');
    return JSON.parse(localStorage.getItem(`headroom.plan.${id}`) || '{}').plan?.name === 'Plan one, edited';
  });
  await b.reload();
  await b.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Plan two');
  assert.equal(await b.locator('#f-name').inputValue(), 'Plan two');
  // A new tab opens the plan saved last, as before.
  const c = await context.newPage();
  await c.goto(env.server.url);
  await c.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'Plan one, edited');
  await context.close();
});

test('a chart saves as a PNG image', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const download = page.waitForEvent('download');
  await page.locator('#chart-cost').getByRole('button', { name: 'Save as PNG' }).click();
  const d = await download;
  assert.equal(d.suggestedFilename(), 'headroom-cost.png');
  const bytes = fs.readFileSync(await d.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG file');
  assert.ok(bytes.length > 5000);
  // It stands alone: the chart as drawn, under a band with its title and
  // legend (dark text and coloured swatches above the chart's own pixels).
  const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  const canvas = await page.evaluate(() => { const c = document.querySelector('#chart-cost canvas'); return [c.width, c.height]; });
  assert.equal(w, canvas[0]);
  assert.ok(h > canvas[1] + 20, `${h} px tall, the chart ${canvas[1]}`);
  const band = await page.evaluate(async ([src, top]) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const c = new OffscreenCanvas(img.width, top);
    const g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, img.width, top).data;
    let dark = 0, coloured = 0;
    for (let i = 0; i < px.length; i += 4) {
      const [r, gr, b] = [px[i], px[i + 1], px[i + 2]];
      if (r < 80 && gr < 80 && b < 90) dark++;
      if (Math.max(r, gr, b) - Math.min(r, gr, b) > 100) coloured++;
    }
    return { dark, coloured };
  }, [`data:image/png;base64,${bytes.toString('base64')}`, h - canvas[1]]);
  assert.ok(band.dark > 100 && band.coloured > 50, JSON.stringify(band));
  await context.close();
});

test('saved plans: new from a preset, open, duplicate, rename, delete with undo', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  await page.locator('#f-name').fill('First plan');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.locator('.plans summary').click();
  await page.locator('#new-plan-from').selectOption('launch');
  await page.locator('.new-plan').getByRole('button', { name: 'Create' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent !== 'First plan');
  const launch = await page.locator('h1.plan-name').textContent();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 2);
  assert.deepEqual(await savedPlans(page), ['First plan', launch].sort());

  const row = (name) => page.locator('.plan-list li').filter({ has: page.locator(`input[value="${name}"]`) });
  await row('First plan').getByRole('button', { name: 'Open' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'First plan');
  await row('First plan').getByRole('button', { name: 'Duplicate' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 3);
  const copy = page.getByLabel('Name of saved plan First plan (copy)');
  await copy.fill('Renamed copy');
  await copy.press('Enter');
  // Wait for the saved record (not the text this test typed), then for its row.
  await page.waitForFunction(() => Object.values(localStorage).some((t) => t.includes('"name":"Renamed copy"')));
  await page.getByLabel('Name of saved plan Renamed copy').waitFor();
  assert.deepEqual(await savedPlans(page), ['First plan', 'Renamed copy', launch].sort());
  assert.deepEqual(await listedPlans(page), await savedPlans(page), 'each row shows its own plan');
  assert.equal(await page.locator('.plans summary').textContent(), 'Saved plans (3)');
  // A blank name is refused: the plan keeps its own, in storage and on its row.
  const first = page.getByLabel('Name of saved plan First plan');
  await first.fill(' ');
  await first.press('Enter');
  await page.locator('.notice', { hasText: 'A saved plan needs a name' }).waitFor();
  assert.equal(await first.inputValue(), 'First plan');
  assert.deepEqual(await savedPlans(page), ['First plan', 'Renamed copy', launch].sort());

  await row('Renamed copy').getByRole('button', { name: 'Delete' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 2);
  assert.match(await page.locator('.notice').textContent(), /Deleted "Renamed copy"/);
  assert.deepEqual(await listedPlans(page), ['First plan', launch].sort(), 'the deleted name is on no row');
  await page.locator('.notice').getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.plan-list li').length === 3);
  assert.deepEqual(await savedPlans(page), ['First plan', 'Renamed copy', launch].sort());

  // The plan open last is the one a reload opens.
  await row('First plan').getByRole('button', { name: 'Open' }).click();
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'First plan');
  await page.reload();
  await page.waitForFunction(() => document.querySelector('h1.plan-name')?.textContent === 'First plan');
  assert.deepEqual(problems, []);
  await context.close();
});

test('blocked storage and a damaged saved record are reported, and the app still works', async () => {
  // Storage that throws on any use (private mode, blocked by policy).
  let context = await env.browser.newContext({ viewport: LAPTOP });
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  let page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('.notice.problem').waitFor();
  assert.match(await page.locator('.notice.problem').textContent(), /Plans cannot be saved: this browser does not allow the page to store data/);
  await page.locator('#f-initial_users').fill('20,000');
  await page.waitForFunction(() => document.querySelector('table.forecast tbody tr').textContent.includes('20,000'));
  await context.close();

  // A damaged record is set aside, never overwritten.
  context = await env.browser.newContext({ viewport: LAPTOP });
  await context.addInitScript(() => {
    if (!sessionStorage.getItem('seeded')) {
      sessionStorage.setItem('seeded', '1');
      localStorage.setItem('headroom.current', 'old');
      localStorage.setItem('headroom.plan.old', '{"format":1,"saved_at":1,"plan":{"schema":1,"name":"Half');
    }
  });
  page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('.notice.problem').waitFor();
  assert.match(await page.locator('.notice.problem').textContent(), /damaged.*kept aside/);
  assert.equal(await page.evaluate(() => localStorage.getItem('headroom.plan.old.damaged')).then((t) => t.endsWith('"Half')), true);
  await context.close();
});

test('a plan file dropped on the page is imported', async () => {
  const { page, context } = await open(env.browser, env.server.url);
  const text = fs.readFileSync(new URL('../fixtures/links/v1-custom.json', import.meta.url), 'utf8');
  await page.evaluate((json) => {
    const data = new DataTransfer();
    data.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, text);
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent.startsWith('Café'));
  assert.match(await page.locator('.notice').textContent(), /Imported dropped\.json/);
  await context.close();
});

test('the page runs under its Content-Security-Policy, which blocks injected scripts', async () => {
  const { page, context, problems } = await open(env.browser, env.server.url);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  assert.doesNotMatch(policy, /unsafe-inline|https?:/);
  await page.evaluate(() => {
    window.__violations = 0;
    document.addEventListener('securitypolicyviolation', () => { window.__violations++; });
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
  });
  await page.waitForFunction(() => window.__violations === 1);
  assert.equal(await page.evaluate(() => window.__inline), undefined, 'an injected inline script does not run');
  // The one violation is the injected script's; the app itself caused none.
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /inline script violates the following Content Security Policy/);
  await context.close();
});

test('printing the presentation view gives a clean report', async () => {
  const { page, context } = await open(env.browser, `${env.server.url}?view`);
  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['.toolbar', '.scenario-picker', '.chart .png']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is not printed`);
  }
  assert.equal(await page.locator('table.forecast').isVisible(), true);
  // The scenario picker does not print; the scenario's name does.
  assert.equal(await page.locator('.scenario-printed').textContent(), 'Moderate scenario');
  assert.equal(await page.locator('.scenario-printed').isVisible(), true);
  // No control to edit, export or run: not a button or a simulation setting.
  await page.locator('.uncertainty').waitFor();
  for (const control of await page.locator('.results button, .sim-settings .field').all()) {
    assert.equal(await control.isVisible(), false, `${await control.textContent()} is not printed`);
  }
  await shot(page, 'print');
  await context.close();
});
