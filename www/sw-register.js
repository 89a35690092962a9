// Registers the service worker (offline use) and offers a new build when one
// is ready: "Update available" with a Reload button. The page never swaps
// files under a running tab; the reload moves it to the new build whole.
if ('serviceWorker' in navigator) {
  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  const offer = (worker) => {
    if (document.getElementById('update-ready')) return;
    const bar = document.createElement('div');
    bar.id = 'update-ready';
    bar.className = 'notice update';
    bar.setAttribute('role', 'status');
    const text = document.createElement('p');
    text.textContent = 'Update available: a new version of Headroom is ready. Your plan is saved; reload to use it.';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
      reloading = true;
      worker.postMessage('skip-waiting');
    });
    bar.append(text, button);
    document.body.prepend(bar);
  };
  navigator.serviceWorker.register('sw.js').then((registration) => {
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offer(worker);
      });
    });
  }).catch((e) => console.warn('Headroom works online only here: the service worker did not register', e));
}
