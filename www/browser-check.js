// The app's wasm uses 128-bit SIMD (.cargo/config.toml): a browser without
// it (before Chrome 91, Firefox 89, Safari 16.4) cannot compile it and
// would show "Loading the planner…" for ever. Say why instead. It runs
// before the loader (index.html), so its listeners catch the loader's
// failure however fast that comes.
(() => {
  // The smallest module with a SIMD instruction (i8x16.splat, i8x16.popcnt).
  const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
  let ok = false;
  try { ok = typeof WebAssembly === 'object' && WebAssembly.validate(simd); } catch (e) { ok = false; }
  if (ok) return;
  document.documentElement.dataset.unsupported = 'wasm-simd';
  // The loader's failure to compile the app is expected here, and said
  // below: not an error to report as well.
  // (The loader awaits the wasm at its top level: its failure is an error
  // event; a promise it left unawaited would be an unhandled rejection.)
  const quiet = (e) => {
    e.preventDefault();
    document.documentElement.dataset.loader = 'failed';
  };
  window.addEventListener('error', quiet);
  window.addEventListener('unhandledrejection', quiet);
  const show = () => {
    const loading = document.getElementById('loading');
    if (!loading) return;
    loading.setAttribute('role', 'alert');
    loading.textContent = 'This browser cannot run Headroom: it needs WebAssembly with SIMD (Chrome or Edge 91, Firefox 89, Safari 16.4, or later). Update the browser, or open the plan in another one.';
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', show);
  else show();
})();
