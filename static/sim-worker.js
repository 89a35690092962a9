// A simulation worker (src/ui/pool/): it loads the app's own wasm, already
// fetched and cached by the page, runs its block of a run's paths and
// summarizes its window of months (src/app/pool.rs). At the end of each
// round it sends each owner its part through the page, handing the
// number buffers over rather than copying them. Between chunks it yields,
// so a newer run (or a stop) takes over at once, and a sensitivity run
// (the tornado) asked for meanwhile is answered between two chunks, and
// the commitment optimiser runs in slices between them.
// Messages carry JS values (serde-wasm-bindgen); only the plan, once per
// run, travels as its file's text.
let app = null;
let current = 0;
// The commitment optimiser's run in hand (a newer one or a stop ends it).
let committing = 0;
// Yields to the worker's message queue; the simulation's loop and the
// commitment's may both be waiting, each resumed in turn.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()();
const yieldNow = () => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

// The byte arrays' buffers in a part, to transfer rather than copy.
const buffers = (v, out = []) => {
  if (v instanceof Uint8Array) out.push(v.buffer);
  else if (v && typeof v === 'object') for (const k in v) buffers(v[k], out);
  return out;
};

const send = (partials) => {
  for (const partial of partials) self.postMessage({ kind: 'partial', partial });
};

self.onmessage = async ({ data }) => {
  try {
    if (data.kind === 'load') {
      app = await import(data.js);
      // The page's compiled module when it could send it, else the file.
      await app.default({ module_or_path: data.module || data.wasm });
      self.postMessage({ kind: 'ready' });
    } else if (data.kind === 'start') {
      const run = ++current;
      app.worker_start(data.block);
      let told = performance.now();
      for (;;) {
        const [parts, partials] = app.worker_run(data.chunk);
        for (const [to, part] of parts) {
          const moved = buffers(part);
          self.postMessage({ kind: 'part', to, part, buffers: moved }, moved);
        }
        send(partials);
        if (app.worker_finished()) return;
        // The paths run so far, a few times a second: rounds of a slow
        // plan can take seconds, and the progress bar should not stall.
        if (performance.now() - told > 100) {
          told = performance.now();
          const now = app.worker_progress();
          if (now) self.postMessage({ kind: 'progress', run: now[0], paths: now[1] });
        }
        await yieldNow();
        if (run !== current) return;
      }
    } else if (data.kind === 'commit') {
      // The commitment optimiser, a slice at a time between the
      // simulation's chunks, with its progress a few times a second.
      const run = ++committing;
      let reply = app.worker_commit_start(data.job);
      let told = performance.now();
      while (reply === null) {
        await yieldNow();
        if (run !== committing) return;
        reply = app.worker_commit_slice(8);
        if (reply === null && performance.now() - told > 100) {
          told = performance.now();
          const now = app.worker_commit_progress();
          if (now) self.postMessage({ kind: 'commit-progress', id: now[0], done: now[1], all: now[2] });
        }
      }
      self.postMessage({ kind: 'commit', reply });
    } else if (data.kind === 'commit-stop') {
      committing++;
      if (app) app.worker_commit_stop();
    } else if (data.kind === 'sensitivity') {
      self.postMessage({ kind: 'sensitivity', reply: app.worker_sensitivity(data.job) });
    } else if (data.kind === 'part') {
      send(app.worker_receive(data.part));
    } else if (data.kind === 'stop') {
      current++;
    }
  } catch (e) {
    self.postMessage({ kind: 'failed', why: String((e && e.message) || e) });
  }
};
