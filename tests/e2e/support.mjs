// Shared by the end-to-end tests and the size-and-speed report: a static
// server for dist/ (optionally under a subpath) and headless Chromium via
// Playwright (playwright-core, driving Debian's /usr/bin/chromium).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.HEADROOM_DIST || path.join(ROOT, 'dist');
export const SHOTS = path.join(ROOT, 'target', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
};

/** Serves `dir` at http://127.0.0.1:<port><prefix>; anything else is 404 (with dir/404.html under the prefix). */
export function serve(dir = DIST, prefix = '/') {
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: build the app first (bash scripts/build.sh)`);
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) { res.writeHead(404).end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      // As static hosts do (GitHub Pages, Netlify): an unknown path gets the
      // site's 404.html, if it has one, with status 404.
      const notFound = path.join(dir, '404.html');
      if (fs.existsSync(notFound)) {
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        fs.createReadStream(notFound).pipe(res);
      } else res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({ url: `http://127.0.0.1:${port}${prefix}`, close: () => new Promise((r) => server.close(r)) });
  }));
}

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Headless Chromium with the flags this machine needs (no network at all). */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run bash scripts/test.sh, which installs it`);
  }
  // Playwright gives every launch a fresh, empty profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
  });
}

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

/**
 * Opens the app; collects console errors, page errors and any request that
 * leaves the served origin. Waits for the first drawn chart.
 */
export async function open(browser, url, viewport = LAPTOP) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(url).origin;
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) problems.push(`request left the page: ${r.url()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(url);
  // The first chart, the editor's fields and the results below the charts (they arrive the task after
  // the first frame).
  await page.waitForFunction(() => performance.getEntriesByType('mark').some((m) => m.name.startsWith('headroom:drawn:'))
    && !document.querySelector('.pending'));
  return { page, context, problems };
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/**
 * An element scrolled into view and its box once layout has stopped moving it:
 * editor sections off screen are laid out only when they come near the view
 * (content-visibility), so the page can shift a frame after a scroll.
 */
export async function settledBox(locator) {
  await locator.scrollIntoViewIfNeeded();
  const handle = await locator.elementHandle();
  await handle.evaluate((el) => new Promise((done) => {
    let last = '';
    let same = 0;
    const look = () => {
      const r = el.getBoundingClientRect();
      const now = `${r.x},${r.y},${r.width},${r.height}`;
      same = now === last ? same + 1 : 0;
      last = now;
      if (same >= 3) done();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  }));
  return locator.boundingBox();
}

/** From now on, notes the simulation's progress bar value every frame it changes (read them with `progressSeen`). */
export function noteProgress(page) {
  return page.evaluate(() => {
    window.seen = [];
    const note = () => {
      const bar = document.querySelector('progress.sim-progress');
      if (bar && bar.value !== window.seen.at(-1)) window.seen.push(bar.value);
      requestAnimationFrame(note);
    };
    note();
  });
}

/** The progress bar values `noteProgress` has noted. */
export function progressSeen(page) {
  return page.evaluate(() => window.seen);
}

/** The pixels of a chart's canvas, as a data URL (to tell whether it changed). */
export function chartPixels(page, id) {
  return page.$eval(`#${id} canvas`, (c) => c.toDataURL());
}

/** Sets a field's text the way typing does (one input event). */
export async function typeInto(page, label, text) {
  const field = page.getByLabel(label, { exact: true });
  await field.fill(text);
}

/**
 * Waits until the charts named (default: any chart) have been drawn since
 * `since` (a performance.now()). Charts whose data did not change are not
 * redrawn, and all redraws of one edit happen in the same task.
 */
export function waitForRedraw(page, since, ids = ['chart-users', 'chart-cost', 'chart-utilization', 'chart-cumulative'], all = false) {
  return page.waitForFunction(([t, ids, all]) => {
    const marks = performance.getEntriesByType('mark');
    const drawn = (id) => marks.some((m) => m.name === `headroom:drawn:${id}` && m.startTime >= t);
    return all ? ids.every(drawn) : ids.some(drawn);
  }, [since, ids, all], { timeout: 5000 });
}

/**
 * One static server (dist/ under `prefix`) and one headless Chromium for a
 * test file, started before its tests and closed after them.
 */
export function sharedBrowser(prefix = '/some/sub/path/') {
  const env = {};
  before(async () => {
    env.server = await serve(DIST, prefix);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Copies the plan's link with the toolbar's button and reads it back from the clipboard. */
export async function copyLink(page) {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await page.locator('.notice', { hasText: 'Link copied' }).waitFor();
  return page.evaluate(() => navigator.clipboard.readText());
}
