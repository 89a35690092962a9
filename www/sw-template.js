// Headroom's service worker (scripts/postbuild.mjs fills in the version and
// the file list of each build). Every file of one build is cached together
// and served from that cache, so a tab never mixes two builds; a new build
// waits until the page accepts the update prompt.
const VERSION = '__VERSION__';
const FILES = __FILES__;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(['./', ...FILES])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('headroom-') && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // The app's files are relative to its folder, so a page address in a
  // folder below it would look for them there and never start: one that is
  // not a file of the build opens the app's own address instead, with the
  // query, a plan link whose `#` was escaped (`%23`, the last part), and
  // the fragment (kept by the browser).
  const url = new URL(request.url);
  const scope = new URL(self.registration.scope);
  const rest = url.pathname.startsWith(scope.pathname) ? url.pathname.slice(scope.pathname.length) : '';
  const last = rest.slice(rest.lastIndexOf('/') + 1);
  const link = /%(25)*23/i.test(last) ? last : '';
  event.respondWith(
    caches.open(VERSION).then(async (cache) => {
      // A file of this build, as itself (also when opened as a page).
      const file = await cache.match(request, { ignoreSearch: true });
      if (file || request.mode !== 'navigate') return file || fetch(request);
      if (rest.includes('/')) return Response.redirect(scope.href + link + url.search, 302);
      // Any other page address (with ?view or a plan link) is the one app page.
      return (await cache.match('./', { ignoreSearch: true })) || fetch(request);
    }),
  );
});
