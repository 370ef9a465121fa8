// Pages that must open at the fair, where the network often fails: a stallholder's ticket (/stall/,
// the second app) and the gate's scanner (/gate/, the third app). One worker, registered once per
// scope with the app it keeps in its URL:
//   /shell-sw.js?app=/organise/  with scope /stall/
//   /shell-sw.js?app=/gate/      with scope /gate/
// It caches the app's page and its hashed script and wasm when installed, answers from the network
// when it can (refreshing the copy) and from the copy when it cannot. The data (tickets, the gate's
// keys, list and queue) comes from the phone's localStorage.
const APP = new URL(self.location).searchParams.get('app') || '/organise/';
const SHELL = APP + 'index.html';
const CACHE = 'jishi-shell-v1 ' + APP;
// Trunk names the assets under the app's folder; the release page is minified, so its attributes
// may be quoted or not: match the paths themselves.
const ASSET = new RegExp(APP.replace(/\//g, '\\/') + '[^"\'\\s>]+\\.(?:js|wasm)', 'g');

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    const page = await fetch(SHELL, { cache: 'no-cache' });
    if (!page.ok) return;
    const html = await page.clone().text();
    await cache.put(SHELL, page);
    await cache.addAll([...new Set(html.match(ASSET) || [])]);
  })());
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Only this app's older copies (and the first version's): the other scope's worker keeps its own.
    for (const name of await caches.keys()) {
      const mine = name.endsWith(' ' + APP) || name.startsWith('jishi-stall-');
      if (mine && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) return;
  const scope = new URL(self.registration.scope).pathname;
  const isPage = event.request.mode === 'navigate' && url.pathname.startsWith(scope);
  const isAsset = url.pathname.startsWith(APP) && /\.(js|wasm)$/.test(url.pathname);
  if (!isPage && !isAsset) return;
  const key = isPage ? SHELL : event.request;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const fresh = await fetch(event.request);
      // Every route of the scope answers with the same page: it is kept once, as the shell.
      if (fresh.ok) await cache.put(key, fresh.clone());
      return fresh;
    } catch (offline) {
      const kept = await cache.match(key);
      if (kept) return kept;
      throw offline;
    }
  })());
});
