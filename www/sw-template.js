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
  event.respondWith(
    caches.open(VERSION).then(async (cache) => {
      // Any page address (with ?view or a plan link) is the one app page.
      const hit = request.mode === 'navigate'
        ? await cache.match('./', { ignoreSearch: true })
        : await cache.match(request, { ignoreSearch: true });
      return hit || fetch(request);
    }),
  );
});
