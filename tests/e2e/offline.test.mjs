// Offline use (issue 4): after one visit the app starts, opens links and
// exports with the server gone; a new build is offered, never mixed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, DIST, LAPTOP } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A private copy of dist/ (so a test can "deploy" a new build into it). */
function copyOfDist() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-dist-'));
  fs.cpSync(DIST, dir, { recursive: true });
  return dir;
}

const drawn = (page) => page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name.startsWith('headroom:drawn:')));

/** Opens the app and waits until its service worker controls the page. */
async function visit(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await drawn(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
    await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  }
  return page;
}

test('after one visit the app starts, opens a link and exports with the server stopped', async () => {
  const dir = copyOfDist();
  const server = await serve(dir, '/deployed/here/');
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await visit(context, server.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.locator('#f-name').fill('Made online');
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'Link copied' }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  await server.close();

  const offline = await context.newPage();
  const errors = [];
  offline.on('pageerror', (e) => errors.push(e.message));
  await offline.goto(server.url);
  await drawn(offline);
  assert.equal(await offline.locator('h1.plan-name').textContent(), 'Made online', 'the saved plan opens offline');
  // An address in a folder below the app's opens the app at its own address
  // (its files are relative to its folder), query kept.
  const deeper = await context.newPage();
  await deeper.goto(server.url + 'some/deeper/place?workers=0');
  await drawn(deeper);
  assert.equal(await deeper.locator('h1.plan-name').textContent(), 'Made online');
  assert.equal(deeper.url(), server.url + '?workers=0');
  // ...and a plan link whose `#` was escaped keeps its plan there too.
  await deeper.goto(server.url + 'some/deeper/' + link.slice(link.indexOf('#')).replace('#', '%23'));
  await deeper.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Opened from a link'));
  await deeper.close();
  // A file of the build opened as a page is that file, not the app.
  const css = fs.readdirSync(dir).find((f) => f.endsWith('.css'));
  const style = await (await context.newPage()).goto(server.url + css);
  assert.match(style.headers()['content-type'], /text\/css/);
  // A link pasted into the open page (only the fragment changes)...
  await offline.goto(link);
  await offline.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Opened from a link'));
  // ...and a link opened in a new tab, both offline.
  const tab = await context.newPage();
  await tab.goto(link);
  await tab.waitForFunction(() => document.querySelector('.notice')?.textContent.includes('Opened from a link'));
  assert.equal(await tab.locator('h1.plan-name').textContent(), 'Made online');
  const download = offline.waitForEvent('download');
  await offline.getByRole('button', { name: 'Export CSV' }).click();
  assert.match((await download).suggestedFilename(), /\.csv$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a new build is offered with an update prompt and taken whole on reload', async () => {
  const dir = copyOfDist();
  const server = await serve(dir, '/');
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await visit(context, server.url);
  const before = await page.evaluate(() => caches.keys());
  assert.equal(before.length, 1);

  // "Deploy" a rebuild: new contents give a new service worker version.
  const sw = path.join(dir, 'sw.js');
  fs.writeFileSync(sw, fs.readFileSync(sw, 'utf8').replace(/const VERSION = '([^']+)'/, "const VERSION = '$1-next'"));
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration()).update(); });
  const prompt = page.locator('#update-ready');
  await prompt.waitFor();
  assert.match(await prompt.textContent(), /Update available/);
  // Until the reload, the old build keeps serving this tab.
  assert.deepEqual(await page.evaluate(() => caches.keys()).then((k) => k.includes(before[0])), true);
  await Promise.all([page.waitForEvent('load'), prompt.getByRole('button', { name: 'Reload' }).click()]);
  await drawn(page);
  await page.waitForFunction(async () => (await caches.keys()).every((k) => k.endsWith('-next')));
  assert.equal(await page.locator('#update-ready').count(), 0);
  await context.close();
  await server.close();
});

test('the app is installable (web app manifest with icons, service worker)', async () => {
  const server = await serve(copyOfDist(), '/app/');
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await visit(context, server.url);
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // Playwright's contexts are private ("incognito") profiles, where nothing
  // installs; every other installability check must pass.
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
  const manifest = await (await page.request.get(`${server.url}static/manifest.webmanifest`)).json();
  assert.equal(manifest.short_name, 'Headroom');
  for (const icon of manifest.icons) {
    const res = await page.request.get(new URL(icon.src, `${server.url}static/`).href);
    assert.equal(res.status(), 200, icon.src);
  }
  await context.close();
  await server.close();
});

test('offline, a reload runs the simulation on its workers from the cache', async () => {
  const dir = copyOfDist();
  const server = await serve(dir, '/deployed/here/');
  const context = await browser.newContext({ viewport: LAPTOP });
  const page = await visit(context, server.url + '?workers=2');
  const plan = JSON.parse(fs.readFileSync(path.join(path.dirname(DIST), 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'Ranged, offline';
  plan.scenarios[1].growth.segments[0].rate = { low: 0.15, high: 0.3 };
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.locator('.saved-state', { hasText: 'Saved in this browser' }).waitFor();
  await server.close();

  const offline = await context.newPage();
  const errors = [];
  offline.on('pageerror', (e) => errors.push(e.message));
  offline.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await offline.goto(server.url + '?workers=2');
  await drawn(offline);
  assert.equal(await offline.locator('h1.plan-name').textContent(), 'Ranged, offline');
  // A new run once the workers are ready (the first may beat them to it).
  await offline.locator('.sim-settings[data-workers-ready="2"]').waitFor();
  await offline.locator('#f-seed').fill('6');
  await offline.waitForFunction(() => /^2,000 paths, seed 6;/.test(document.querySelector('.sim-settings .hint').textContent));
  assert.equal(await offline.locator('.sim-workers').textContent(), 'Ran on 2 background workers.');
  assert.ok(await offline.locator('.uncertainty .card-figure').count() > 0);
  assert.deepEqual(errors, []);
  await context.close();
});
