// The stallholder's ticket must open at the fair, where the network often fails. This service worker,
// registered by the second app for /stall/ only, keeps that app's page and its assets: it caches
// them when installed, answers from the network when it can (refreshing the copy) and from the copy
// when it cannot. The booking itself comes from the phone's localStorage (see tickets.rs).
const CACHE = 'jishi-stall-v2';
const SHELL = '/organise/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch(SHELL, { cache: 'no-cache' });
    if (!page.ok) return;
    const html = await page.clone().text();
    await cache.put(SHELL, page);
    // The hashed script and wasm the page loads (trunk names them under /organise/). The release
    // page is minified, so its attributes may be quoted or not: match the paths themselves.
    const assets = [...html.matchAll(/\/organise\/[^"'\s>]+\.(?:js|wasm)/g)].map((m) => m[0]);
    await cache.addAll([...new Set(assets)]);
  })());
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const isPage = event.request.mode === 'navigate' && url.pathname.startsWith('/stall/');
  const isAsset = url.pathname.startsWith('/organise/') && /\.(js|wasm)$/.test(url.pathname);
  if (!isPage && !isAsset) return;
  const key = isPage ? SHELL : event.request;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const fresh = await fetch(event.request);
      // Every /stall/ route answers with the same page: it is kept once, as the shell.
      if (fresh.ok) await cache.put(key, fresh.clone());
      return fresh;
    } catch (offline) {
      const kept = await cache.match(key);
      if (kept) return kept;
      throw offline;
    }
  })());
});
