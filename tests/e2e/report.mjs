// The size-and-speed report (scripts/report.sh). Prints figures; asserts
// nothing, since wall-clock times depend on the machine.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { serve, launch, open, DIST, LAPTOP } from './support.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let raw = 0, gz = 0;
console.log('Size (dist/):');
for (const f of fs.readdirSync(DIST).filter((f) => /\.(wasm|js)$/.test(f))) {
  const data = fs.readFileSync(path.join(DIST, f));
  const g = zlib.gzipSync(data, { level: 9 }).length;
  raw += data.length; gz += g;
  console.log(`  ${f.padEnd(44)} ${kb(data.length).padStart(10)}  gzip ${kb(g).padStart(9)}`);
}
console.log(`  ${'wasm + JS'.padEnd(44)} ${kb(raw).padStart(10)}  gzip ${kb(gz).padStart(9)}   (goal: under 350 KB gzip)`);

const server = await serve(DIST, '/');
const browser = await launch();
// First drawn chart with the simulation's workers (started on the first
// load, for the tornado) and without them (?workers=0): their startup
// cost; and when the workers are ready.
const firstChart = { '': [], '?workers=0': [] };
const ready = [];
const editor = [];
for (let i = 0; i < 7; i++) {
  for (const q of Object.keys(firstChart)) {
    const { page, context } = await open(browser, server.url + q, LAPTOP);
    firstChart[q].push(await page.evaluate(() => Math.min(...performance.getEntriesByType('mark')
      .filter((m) => m.name.startsWith('headroom:drawn:')).map((m) => m.startTime))));
    if (!q) {
      editor.push(await page.evaluate(() => performance.getEntriesByName('headroom:editor-ready')[0]?.startTime ?? NaN));
      await page.waitForFunction(() => document.querySelector('.sim-settings[data-workers-ready]:not([data-workers-ready="0"])') || !document.querySelector('.sim-settings'), null, { timeout: 10000 }).catch(() => {});
      ready.push(await page.evaluate(() => performance.getEntriesByName('headroom:workers-ready').at(-1)?.startTime ?? NaN));
    }
    await context.close();
  }
}
console.log(`\nNavigation to first drawn chart: median ${median(firstChart['']).toFixed(0)} ms over ${firstChart[''].length} loads, ${median(firstChart['?workers=0']).toFixed(0)} ms without workers (goal: under 400 ms); the editor's fields (built the task after the first frame) at ${median(editor).toFixed(0)} ms; workers ready at ${median(ready).toFixed(0)} ms`);

const { page, context } = await open(browser, server.url, LAPTOP);
const cycles = await page.evaluate(async () => {
  const input = document.getElementById('f-initial_users');
  const nextTask = () => new Promise((r) => setTimeout(r, 0));
  const out = [];
  for (let i = 0; i < 60; i++) {
    await nextTask();
    const t0 = performance.now();
    input.value = String(10001 + i * 37);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await nextTask();
    const done = performance.now();
    const marks = performance.getEntriesByType('mark').filter((m) => m.name.startsWith('headroom:drawn:') && m.startTime >= t0);
    out.push({ charts: marks.length, drawn: Math.max(...marks.map((m) => m.startTime)) - t0, settled: done - t0 });
  }
  return out;
});
await context.close();
await browser.close();
await server.close();
const ok = cycles.filter((c) => c.charts >= 1);
console.log(`Edit to redraw (type into Initial users; the charts whose data changed redraw), ${ok.length} edits:`);
if (ok.length) console.log(`  to the last chart drawn:            median ${median(ok.map((c) => c.drawn)).toFixed(1)} ms, worst ${Math.max(...ok.map((c) => c.drawn)).toFixed(1)} ms`);
if (ok.length) console.log(`  to every update done (next task):   median ${median(ok.map((c) => c.settled)).toFixed(1)} ms, worst ${Math.max(...ok.map((c) => c.settled)).toFixed(1)} ms   (goal: under 16 ms)`);
console.log(`  charts redrawn per edit: ${[1, 2, 3, 4].map((n) => `${n}: ${ok.filter((c) => c.charts === n).length}`).join(", ")}`);
if (ok.length !== cycles.length) console.log(`  (${cycles.length - ok.length} edits redrew no chart)`);

// Simulation in the browser: 10,000 paths x 36 months of the default preset
// with ranges on its growth rates and concurrency (the benchmark's plan),
// the Moderate scenario (the one the page simulates).
{
  const plan = JSON.parse(fs.readFileSync(path.join(path.dirname(DIST), 'src/presets/three_tier.json'), 'utf8'));
  plan.horizon_months = 36;
  for (const s of plan.scenarios) for (const seg of s.growth.segments) seg.rate = { low: seg.rate * 0.6, high: seg.rate * 1.4 };
  plan.metrics.find((m) => m.id === 'peak_concurrent').factor = { low: 0.12, high: 0.18 };
  const server2 = await serve(DIST, '/');
  const browser2 = await launch();
  console.log('\nSimulation in the browser, 10,000 paths x 36 months (Moderate, ranged growth and concurrency):');
  for (const workers of [0, 1, 2, 4]) {
    const { page, context } = await open(browser2, `${server2.url}?workers=${workers}`, LAPTOP);
    await page.locator('input[type=file]').setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
    await page.locator(`.sim-settings[data-workers-ready="${workers}"]`).waitFor();
    await page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''));
    await page.locator('#samples').selectOption('10000');
    for (let seed = 1; seed <= 7; seed++) {
      await page.locator('#f-seed').fill(String(seed));
      await page.waitForFunction((s) => new RegExp(`^10,000 paths, seed ${s};`).test(document.querySelector('.sim-settings .hint').textContent), seed);
    }
    const walls = await page.evaluate(() => performance.getEntriesByName('headroom:simulate-wall').slice(-7).map((m) => m.duration));
    const work = await page.evaluate(() => performance.getEntriesByName('headroom:simulate').slice(-7).map((m) => m.duration));
    // 100,000 paths: the time to the final figures, and the longest gap
    // between two turns of the page's event loop meanwhile (its longest
    // task, near enough), measured by a message sent to itself each turn.
    await page.evaluate(() => {
      window.__gaps = [];
      const ch = new MessageChannel();
      let last = performance.now();
      ch.port1.onmessage = () => { const t = performance.now(); window.__gaps.push(t - last); last = t; if (window.__watch) ch.port2.postMessage(0); };
      window.__watch = true;
      ch.port2.postMessage(0);
    });
    await page.locator('#samples').selectOption('100000');
    await page.waitForFunction(() => /^100,000 paths, seed 7;/.test(document.querySelector('.sim-settings .hint').textContent), null, { timeout: 120000 });
    const big = await page.evaluate(() => { window.__watch = false; return { wall: performance.getEntriesByName('headroom:simulate-wall').at(-1).duration, gap: Math.max(...window.__gaps) }; });
    // Edits while a 100,000-path run goes on: each edit's forecast and
    // charts redraw at once (the run restarts once typing pauses).
    await page.locator('#f-seed').fill('8');
    await page.waitForFunction(() => /^Simulating… [1-9]/.test(document.querySelector('.sim-settings .hint').textContent));
    const edits = await page.evaluate(async () => {
      const input = document.getElementById('f-initial_users');
      const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
      const out = [];
      for (let i = 0; i < 10 && document.querySelector('progress.sim-progress'); i++) {
        await nextFrame();
        const t0 = performance.now();
        input.value = String(10001 + i * 37);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => { const check = () => (performance.getEntriesByType('mark').some((m) => m.name.startsWith('headroom:drawn:chart-') && m.startTime >= t0) ? r() : setTimeout(check, 0)); check(); });
        out.push(performance.now() - t0);
      }
      return out;
    });
    await context.close();
    const where = workers === 0 ? 'on the page            ' : `on ${workers} worker${workers > 1 ? 's' : ' '}              `;
    console.log(`  ${where} 10,000 paths: to the final figures median ${median(walls).toFixed(1)} ms (page work ${median(work).toFixed(1)} ms) over 7 seeds; 100,000 paths: ${big.wall.toFixed(0)} ms, longest page task meanwhile ${big.gap.toFixed(1)} ms; edit to redraw during a 100,000-path run: median ${edits.length ? median(edits).toFixed(1) : '-'} ms, worst ${edits.length ? Math.max(...edits).toFixed(1) : '-'} ms (${edits.length} edits)`);
  }
  // The engine alone: the app's own wasm in one worker with no page
  // around it (nothing drawn, nothing else on the cores but the browser's
  // own threads), running the same 10,000 paths with the calls the app's
  // worker makes. The gap to the wall times above is the page's share:
  // its messages, drawing the first figures, and V8 compiling hot code.
  const alone = await engineAlone(browser2, server2, plan);
  console.log(`  the engine alone, 1 worker, no page: 10,000 paths to the final figures median ${median(alone).toFixed(1)} ms over ${alone.length} runs`);
  // The browser closes first: its processes would otherwise share the
  // cores with the command line's run.
  await browser2.close();
  await server2.close();
  // The same model in vectorised NumPy (scripts/numpy-bench.sh installs
  // it into target/numpy-venv), when report.sh has run it.
  const numpy = process.env.HEADROOM_NUMPY_LINE;
  if (numpy) console.log(`  ${numpy}`);
  // The command line on the same plan (scripts/report.sh builds it with
  // the native profile): the whole process, median of 3 runs.
  const cli = path.join(path.dirname(DIST), 'target', 'native', 'headroom');
  if (fs.existsSync(cli)) {
    const file = path.join(os.tmpdir(), `headroom-bench-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify(plan));
    const cores = os.availableParallelism();
    const line = [];
    for (const samples of [10000, 100000]) {
      for (const threads of [...new Set([1, cores])]) {
        const runs = [1, 2, 3].map(() => {
          const t = performance.now();
          const r = spawnSync(cli, ['simulate', '--plan', file, '--scenario', 'moderate', '--samples', String(samples), '--threads', String(threads), '--format', 'json'], { stdio: ['ignore', 'ignore', 'inherit'] });
          if (r.status !== 0) throw new Error(`headroom simulate exited ${r.status}`);
          return performance.now() - t;
        });
        line.push(`${samples.toLocaleString('en-US')} paths on ${threads} thread${threads > 1 ? 's' : ''}: ${median(runs).toFixed(0)} ms`);
      }
    }
    fs.rmSync(file);
    console.log(`  command line (headroom simulate, whole process): ${line.join('; ')}`);
  }
}

// The largest plan the model allows (50 tiers x 100 components, 12
// scenarios, 120 months): opening it, typing into it, and the longest
// main-thread task after an edit (the simulation and sensitivity follow).
{
  const { hugePlan } = await import('./huge-plan.mjs');
  const server3 = await serve(DIST, '/');
  const browser3 = await launch();
  const { page, context } = await open(browser3, server3.url, LAPTOP);
  await page.evaluate(() => { window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' }); });
  const t0 = Date.now();
  await page.locator('input[type=file]').setInputFiles({ name: 'huge.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hugePlan())) });
  await page.waitForFunction(() => document.querySelector('h1.plan-name').textContent === 'Largest allowed plan', null, { timeout: 120000 });
  const openMs = Date.now() - t0;
  await page.waitForTimeout(3000);
  const openTasks = await page.evaluate(() => window.__long.splice(0));
  const keys = await page.evaluate(async () => {
    const input = document.getElementById('f-initial_users');
    const nextTask = () => new Promise((r) => setTimeout(r, 0));
    const out = [];
    for (let i = 0; i < 15; i++) { await nextTask(); const t = performance.now(); input.value = String(10001 + i); input.dispatchEvent(new Event('input', { bubbles: true })); await nextTask(); out.push(performance.now() - t); }
    return out;
  });
  await page.waitForTimeout(3000);
  const editTasks = await page.evaluate(() => window.__long.splice(0));
  console.log('\nLargest allowed plan (50 tiers x 100 components, 12 scenarios, 120 months):');
  console.log(`  import to plan shown: ${openMs} ms; longest task while opening: ${Math.max(0, ...openTasks).toFixed(0)} ms   (goal: under 100 ms to open)`);
  console.log(`  keystroke to next task: median ${median(keys).toFixed(1)} ms, worst ${Math.max(...keys).toFixed(1)} ms   (goal: under 50 ms)`);
  console.log(`  longest task after the edits (simulation, sensitivity): ${Math.max(0, ...editTasks).toFixed(0)} ms`);
  await context.close();
  await browser3.close();
  await server3.close();
}

// Elastic capacity: the same 10,000-path, 36-month simulation of the
// elastic presets (ranged growth), against the same plan without
// autoscaling, in one run (ratios; machines of this kind differ in speed).
{
  const load = (name) => JSON.parse(fs.readFileSync(path.join(path.dirname(DIST), `src/presets/${name}.json`), 'utf8'));
  const ranged = (plan) => {
    plan.horizon_months = 36;
    for (const s of plan.scenarios) for (const seg of s.growth.segments) seg.rate = { low: seg.rate * 0.6, high: seg.rate * 1.4 };
    return plan;
  };
  const still = (plan) => {
    delete plan.daily_profile;
    for (const t of plan.tiers) for (const c of t.components) if (c.quantity && c.quantity.autoscale) delete c.quantity.autoscale;
    return plan;
  };
  const server4 = await serve(DIST, '/');
  const browser4 = await launch();
  const timeOf = async (plan) => {
    const { page, context } = await open(browser4, server4.url, LAPTOP);
    await page.locator('input[type=file]').setInputFiles({ name: 'bench.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
    await page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''), null, { timeout: 120000 });
    await page.locator('#samples').selectOption('10000');
    const times = [];
    for (let seed = 1; seed <= 3; seed++) {
      await page.locator('#f-seed').fill(String(seed));
      await page.waitForFunction((s) => new RegExp(`^10,000 paths, seed ${s};`).test(document.querySelector('.sim-settings .hint').textContent), seed, { timeout: 120000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('headroom:simulate').at(-1).duration));
    }
    await context.close();
    return median(times);
  };
  console.log('\nElastic capacity, 10,000 paths x 36 months in the browser (Moderate, ranged growth):');
  for (const name of ['elastic_hpa', 'elastic_step']) {
    const withDay = await timeOf(ranged(load(name)));
    const without = await timeOf(still(ranged(load(name))));
    console.log(`  ${name.replace('_', '-')}: ${withDay.toFixed(1)} ms, ${(withDay / without).toFixed(1)}x the same plan without autoscaling (${without.toFixed(1)} ms)   (goal for the target policy: under 2x)`);
  }
  await browser4.close();
  await server4.close();
}

// Actuals (issue 14): both fits and a 6-month backtest of 120 months of
// history, beside a plain forecast of the same plan (120 months), in the page.
{
  const server5 = await serve(DIST, '/');
  const browser5 = await launch();
  const { page, context } = await open(browser5, server5.url + '?workers=0', LAPTOP);
  const plan = JSON.parse(fs.readFileSync(path.join(path.dirname(DIST), 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'Fitting 120 months';
  plan.horizon_months = 120;
  for (const s of plan.scenarios) for (const seg of s.growth.segments) seg.rate = Math.min(seg.rate, 0.05);
  plan.actuals = Array.from({ length: 120 }, (_, i) => ({ month: i - 119, users: Math.round(200000 / (1 + 199 * Math.exp(-0.06 * i)) * (1 + 0.02 * Math.sin(i))) }));
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.locator('#actuals-title').waitFor();
  for (const k of [6, 5, 6, 5, 6, 5, 6]) {
    await page.locator('#holdout').selectOption(String(k));
    await page.waitForFunction((k) => document.querySelector('.actuals-panel .cards').textContent.includes(`last ${k} months held out`), k);
  }
  for (let i = 0; i < 7; i++) {
    await page.locator('#f-initial_users').fill(String(10000 + i));
    await page.waitForFunction((n) => performance.getEntriesByName('headroom:forecast').length >= n, i + 2);
  }
  const fit = await page.evaluate(() => performance.getEntriesByName('headroom:fit').slice(-7).map((m) => m.duration));
  const plain = await page.evaluate(() => performance.getEntriesByName('headroom:forecast').slice(-7).map((m) => m.duration));
  console.log(`\nActuals: both fits and a 6-month backtest of 120 months of history: median ${median(fit).toFixed(1)} ms (goal: within one frame, 16 ms); a plain forecast of the same plan (120 months): ${median(plain).toFixed(1)} ms`);
  await context.close();
  await browser5.close();
  await server5.close();
}

// Commitments (issue 15): the optimiser for 10,000 paths x 36 months (its
// own run of the paths, collecting each term month's demand, then the
// curve and the best amount) against the simulation it reads, in one page
// (?workers=0, so both run here, a slice at a time), over 7 seeds.
{
  const server6 = await serve(DIST, '/');
  const browser6 = await launch();
  const { page, context } = await open(browser6, server6.url + '?workers=0', LAPTOP);
  const plan = JSON.parse(fs.readFileSync(path.join(path.dirname(DIST), 'src/presets/three_tier.json'), 'utf8'));
  plan.name = 'Committing';
  plan.horizon_months = 36;
  for (const s of plan.scenarios) for (const seg of s.growth.segments) seg.rate = { low: seg.rate * 0.6, high: seg.rate * 1.4 };
  delete plan.pricing.reserved;
  plan.pricing.commitment = { amount: 0, discount: { low: 0.4, high: 0.6 }, term_months: 36, categories: ['compute', 'database', 'cache'] };
  await page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''), null, { timeout: 120000 });
  await page.locator('#samples').selectOption('10000');
  for (let seed = 1; seed <= 7; seed++) {
    const before = await page.evaluate(() => performance.getEntriesByName('headroom:commit').length);
    await page.locator('#f-seed').fill(String(seed));
    await page.waitForFunction((s) => new RegExp(`^10,000 paths, seed ${s};`).test(document.querySelector('.sim-settings .hint').textContent), seed, { timeout: 120000 });
    await page.waitForFunction((n) => performance.getEntriesByName('headroom:commit').length > n, before, { timeout: 120000 });
  }
  const last = (name) => page.evaluate((n) => performance.getEntriesByName(n).slice(-7).map((m) => m.duration), name);
  const sim = median(await last('headroom:simulate'));
  const commit = median(await last('headroom:commit'));
  console.log(`\nCommitment optimiser, 10,000 paths x 36 months in the browser (Moderate, ranged growth and discount, on the page): ${commit.toFixed(1)} ms of work, ${(commit / sim).toFixed(2)}x the simulation it reads (${sim.toFixed(1)} ms)   (goal: at most 2x)`);
  await context.close();
  // The same on a background worker (as the app runs it when one is
  // ready): the time from the plan to the answer, the page free meanwhile.
  const w = await open(browser6, server6.url + '?workers=1', LAPTOP);
  await w.page.locator('.sim-settings[data-workers-ready="1"]').waitFor();
  await w.page.locator('input[type=file]').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plan)) });
  await w.page.waitForFunction(() => /paths, seed/.test(document.querySelector('.sim-settings .hint')?.textContent || ''), null, { timeout: 120000 });
  await w.page.locator('#samples').selectOption('10000');
  for (let seed = 1; seed <= 7; seed++) {
    const before = await w.page.evaluate(() => performance.getEntriesByName('headroom:commit-worker-wall').length);
    await w.page.locator('#f-seed').fill(String(seed));
    await w.page.waitForFunction((n) => performance.getEntriesByName('headroom:commit-worker-wall').length > n, before, { timeout: 120000 });
  }
  const onWorker = median(await w.page.evaluate(() => performance.getEntriesByName('headroom:commit-worker-wall').slice(-7).map((m) => m.duration)));
  console.log(`  on 1 background worker (beside the simulation's run): ${onWorker.toFixed(1)} ms from the plan to the answer, none of it on the page`);
  await w.context.close();
  await browser6.close();
  await server6.close();
}

// Runs of `plan`'s 10,000 paths (Moderate) in a dedicated worker that
// loads the app's wasm and calls its worker exports in 500-path chunks,
// as static/sim-worker.js does; the time of each run after 5 warm-ups.
async function engineAlone(browser, server, plan) {
  const js = fs.readdirSync(DIST).find((f) => /^headroom-app-.*\.js$/.test(f));
  // No service worker: the test's route below serves the script.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  // Served at the app's origin by the test, not shipped in dist/.
  await page.route('**/engine-alone.js', (route) => route.fulfill({ contentType: 'text/javascript', body: `
    onmessage = async ({ data }) => {
      const app = await import(data.js);
      await app.default({ module_or_path: data.js.replace(/\\.js$/, '_bg.wasm') });
      const times = [];
      for (let seed = 1; seed <= 25; seed++) {
        const t0 = performance.now();
        app.worker_start({ run: seed, plan: data.plan, which: [data.scenario], samples: 10000, seed, worker: 0, workers: 1 });
        while (!app.worker_finished()) app.worker_run(500);
        times.push(performance.now() - t0);
      }
      postMessage(times.slice(5));
    };` }));
  await page.goto(server.url + '404.html');
  const scenario = plan.scenarios.findIndex((s) => s.id === 'moderate');
  const times = await page.evaluate(({ js, plan, scenario }) => new Promise((resolve, reject) => {
    const w = new Worker('engine-alone.js', { type: 'module' });
    w.onmessage = (e) => resolve(e.data);
    w.onerror = (e) => reject(new Error(`engine-alone.js: ${e.message}`));
    w.postMessage({ js, plan, scenario });
  }), { js: server.url + js, plan: JSON.stringify(plan), scenario });
  await context.close();
  return times;
}
