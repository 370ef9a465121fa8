// Pages that must open where the network fails: the villagers' app (/, the schedule and the market
// pages a villager opened from a WeChat group, 我的), a stallholder's ticket (/stall/, the second
// app) and the gate's scanner (/gate/, the third app). One worker, registered once per scope with
// the app it keeps in its URL:
//   /shell-sw.js?app=/           with scope /
//   /shell-sw.js?app=/organise/  with scope /stall/
//   /shell-sw.js?app=/gate/      with scope /gate/
// It keeps the app's page (its index.html) with its hashed script and wasm; pages come from the
// network when it answers in time with a page, else the kept page starts the app, which shows
// what the phone saved (the schedule, the tickets). The data comes from the phone's localStorage.
const APP = new URL(self.location).searchParams.get('app') || '/organise/';
const SHELL = APP + 'index.html';
const CACHE = 'jishi-shell-v1 ' + APP;
// Trunk names the assets `jishi-…` in the app's folder; the release page is minified, so its
// attributes may be quoted or not: match the paths themselves.
const ASSET = new RegExp(APP.replace(/\//g, '\\/') + 'jishi-[^"\'\\s>/]+\\.(?:js|wasm)', 'g');
// Within the scope /, the other apps' pages and the API are not the villagers' (the server's
// `jishi_views::paths::SECOND_APP`, the gate and the check-in): the network answers them, as if no
// worker ran.
const OTHERS = ['/organise', '/stall', '/account', '/gate', '/checkin', '/api', '/media'];
const othersPage = (path) => OTHERS.some((p) => path === p || path.startsWith(p + '/'));
// A page request that hangs (a weak signal rather than none) falls back to the copy after this long.
const PATIENCE_MS = 3000;

/** Keeps `page` as the shell, after the assets it names (a kept page never points at assets that
 *  were not kept), and forgets older builds' assets. */
async function keepApp(page) {
  const cache = await caches.open(CACHE);
  const html = await page.clone().text();
  const assets = [...new Set(html.match(ASSET) || [])];
  await cache.addAll(assets);
  await cache.put(SHELL, page);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path !== SHELL && !assets.includes(path)) await cache.delete(request);
  }
}

/** After a page came from the network: when it names assets that are not kept (a new build), keeps
 *  the app's page and its assets anew. The page itself is not kept: the server draws `/` and the
 *  market pages with their data, and the kept page must be the bare app. */
async function renewAfter(page) {
  const cache = await caches.open(CACHE);
  const named = [...new Set((await page.text()).match(ASSET) || [])];
  const kept = await Promise.all(named.map((asset) => cache.match(asset)));
  if (named.length > 0 && kept.every(Boolean)) return;
  const shell = await fetch(SHELL, { cache: 'no-cache' });
  if (shell.ok) await keepApp(shell);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const page = await fetch(SHELL, { cache: 'no-cache' });
    if (page.ok) await keepApp(page);
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
  const isPage = event.request.mode === 'navigate' && url.pathname.startsWith(scope) &&
    !(scope === '/' && othersPage(url.pathname));
  const isAsset = url.pathname.startsWith(APP) && url.pathname.slice(APP.length).startsWith('jishi-') &&
    /\.(js|wasm)$/.test(url.pathname);
  if (!isPage && !isAsset) return;
  event.respondWith((async () => {
    const kept = await caches.match(isPage ? SHELL : event.request, { cacheName: CACHE });
    // Hashed assets never change: the kept copy is the asset.
    if (!isPage) return kept || fetch(event.request);
    const network = fetch(event.request).then((fresh) => {
      if (fresh.ok) renewAfter(fresh.clone()).catch(() => {});
      // An error page instead of the app (the server's 503 while it is being updated, a proxy's
      // 502) is no better than no network: the kept page, with the kept tickets, is.
      return fresh.ok || !kept ? fresh : kept;
    });
    if (!kept) return network;
    const late = new Promise((resolve) => setTimeout(() => resolve(kept), PATIENCE_MS));
    return Promise.race([network.catch(() => kept), late]);
  })());
});
