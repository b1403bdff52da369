/* The site's service worker (plugins/offline): offline reading with Workbox.
   The build writes this file as sw.js at the site's root with CONFIG filled in; its scope
   is that root (the site's own path, also under a sub-path). No node runs at build time:
   Workbox's prebuilt modules are copied from npm into luring/workbox/ and loaded below.

   - Pages: network first (CONFIG.timeout seconds), then the cached copy; an online reader
     gets the published page, a reader without network the copy from their last visit.
     Asked past the browser's HTTP cache (revalidated), so a host's cache headers never
     hand out an old page. When the network is slower than the timeout the cached copy is
     shown, the network's answer still completes and updates the cache, and if its bytes
     differ the open page is told (it offers "Muat ulang", theme/js/luring.js).
   - Stylesheet, scripts and the offline page: installed with the worker (precache) and
     still asked from the network first, so a new publish never mixes old and new files.
   - Photos: cache first (their names carry a content tag: a changed photo is a new
     address), bounded by CONFIG.images entries and an age.
   - Pagefind: files with a content tag cache first, the others network first, all kept as
     they are used, so a search already made works offline.
   - Nothing under the web editor (CONFIG.admin) is answered here: it goes to the network.
   Caches are named "kabar-inovasi:<scope>-<kind>-<build>"; the build id is a hash of the
   installed files and of this worker, and activation deletes the caches of other builds of
   this scope, never "tersimpan" (the reader's saved pages, kept until they remove them). */
"use strict";

const CONFIG = /*KONFIGURASI*/{};

importScripts(CONFIG.workbox + "workbox-sw.js");
workbox.setConfig({modulePathPrefix: CONFIG.workbox, debug: false});
// Every module is loaded now: a worker may not import scripts once installed.
const core = workbox.core;
const routing = workbox.routing;
const strategies = workbox.strategies;
const expiration = workbox.expiration;
const precaching = workbox.precaching;

const SCOPE = new URL("./", self.location).pathname;
const PREFIX = "kabar-inovasi:" + SCOPE;
const BUILD = CONFIG.build;
const SAVED = "tersimpan";
const ADMIN = SCOPE + CONFIG.admin;
const OFFLINE_PAGE = new URL(CONFIG.offline, self.location).href;
const DAY = 24 * 60 * 60;
core.setCacheNameDetails({prefix: PREFIX, precache: "inti", runtime: "lain", suffix: BUILD});
const cacheName = (kind) => `${PREFIX}-${kind}-${BUILD}`;

self.addEventListener("install", () => self.skipWaiting());
core.clientsClaim();
precaching.precache(CONFIG.precache);

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names
    .filter((name) => name.startsWith(PREFIX + "-") && !name.endsWith("-" + BUILD))
    .map((name) => caches.delete(name)))));
});

const ours = (url) => url.origin === self.location.origin && url.pathname.startsWith(SCOPE)
  && !url.pathname.startsWith(ADMIN);
const withoutQuery = (address) => {
  const url = new URL(address);
  url.search = "";
  url.hash = "";
  return url.href;
};

// An ordinary request ("default" cache mode) is revalidated with the host: a page or an
// installed file is never taken from the browser's HTTP cache unasked (hosts without
// Cache-Control let browsers reuse HTML for a while by heuristics, an old page after a
// publish). Other modes are kept (a reload's "no-cache"; "force-cache" where the worker
// keeps the page on screen, below).
const revalidated = {
  requestWillFetch: async ({request}) => request.cache === "default"
    ? new Request(request, {cache: "no-cache"}) : request,
};
// One cached copy per page whatever its query (?fbclid=... from a shared link).
const pageKey = {cacheKeyWillBeUsed: async ({request}) => withoutQuery(request.url)};
// No network and no copy in the pages' cache: a copy in any cache (saved by the reader,
// kept from the home page), else the offline page, which names the address asked for.
const pageFallback = {
  handlerDidError: async ({request}) => (await caches.match(request))
    || (await caches.match(withoutQuery(request.url)))
    || Response.redirect(OFFLINE_PAGE + "?alamat=" + encodeURIComponent(
      new URL(request.url).pathname), 302),
};
async function sameBytes(one, other) {
  const [a, b] = await Promise.all([one.arrayBuffer(), other.arrayBuffer()]);
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) return false;
  return true;
}
const pause = (ms) => new Promise((done) => setTimeout(done, ms));

// Tells the page a navigation opened that a newer copy of it is in the cache: the window
// the answer went to (it may still be starting: asked again for up to 10 s), or without a
// resulting client id, every window showing that address.
async function tellNewer(event, address) {
  const message = {type: "halaman-baru", url: address};
  const shows = (client) => client && withoutQuery(client.url) === address;
  const id = event && event.resultingClientId;
  if (!id) {
    for (const client of await self.clients.matchAll({type: "window"})) {
      if (shows(client)) client.postMessage(message);
    }
    return;
  }
  for (let waited = 0; waited <= 10_000; waited += 100) {
    const client = await self.clients.get(id);
    if (client) {
      if (shows(client)) client.postMessage(message);
      return;
    }
    await pause(100);
  }
}

// Pages: network first with a timeout, Workbox's custom-strategy way (a Strategy with its
// own _handle over the handler's fetch, cachePut and cacheMatch, so every plugin runs).
// Unlike Workbox's NetworkFirst, a network answer that lost the race to the cached copy is
// compared with the copy shown, and the page is told when they differ. A postMessage rather
// than workbox-broadcast-update: that plugin compares only headers (Content-Length, ETag,
// Last-Modified: a rebuild that rewrites a page unchanged would announce a new version, a
// host without them never would) and announces every cache update, also when the reader
// already got the network's page; what is left of it here is one postMessage.
class PageFirst extends strategies.Strategy {
  constructor(options) {
    super(options);
    this.timeout = options.networkTimeoutSeconds * 1000;
  }

  async _handle(request, handler) {
    const fetched = handler.fetch(request);
    const stored = fetched.then((response) => handler.cachePut(request, response.clone()));
    // The worker stays until the network's answer is kept, however late it comes.
    handler.waitUntil(stored.catch(() => false));
    let timer;
    const late = new Promise((done) => { timer = setTimeout(done, this.timeout, "late"); });
    const first = await Promise.race([fetched.then(() => "network", () => "network"), late]);
    clearTimeout(timer);
    if (first === "network") {
      try {
        return await fetched;
      } catch (error) {
        const cached = await handler.cacheMatch(request);
        if (cached) return cached;
        throw error;
      }
    }
    const cached = await handler.cacheMatch(request);
    if (!cached) return fetched;  // nothing kept yet: the network's answer, when it comes
    handler.waitUntil(this.announce(handler, request, cached.clone(), fetched, stored));
    return cached;
  }

  async announce(handler, request, shown, fetched, stored) {
    let fresh;
    try {
      fresh = (await fetched).clone();
      if (!(await stored)) return;  // not kept (an error page, a redirect): nothing newer
    } catch (error) {
      return;  // no network after all: the copy shown is the newest there is
    }
    if (await sameBytes(shown, fresh)) return;
    await tellNewer(handler.event, withoutQuery(request.url));
  }
}

const PRECACHED = new Set(CONFIG.precache.map((entry) => new URL(entry.url, self.location).href));
const installedFallback = {
  handlerDidError: async ({request}) => precaching.matchPrecache(withoutQuery(request.url)),
};

// Photos are published as <name>-<width>.<tag>.<format>: offline, another width or format
// of the same photo is better than none.
const PHOTO = /^(.*-)(?:\d+|og)\.([0-9a-f]{8})\.[a-z]+$/;
async function samePhoto(address) {
  const found = PHOTO.exec(new URL(address).pathname);
  if (!found) return undefined;
  for (const name of await caches.keys()) {
    if (name !== SAVED && !name.startsWith(PREFIX + "-")) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const other = PHOTO.exec(new URL(request.url).pathname);
      if (other && other[1] === found[1] && other[2] === found[2]) return cache.match(request);
    }
  }
  return undefined;
}
const photoFallback = {
  handlerDidError: async ({request}) => (await caches.match(request))
    || samePhoto(request.url),
};
const bounded = (entries, days) => new expiration.ExpirationPlugin(
  {maxEntries: entries, maxAgeSeconds: days * DAY, purgeOnQuotaError: true});

routing.registerRoute(
  ({url}) => PRECACHED.has(withoutQuery(url.href)),
  new strategies.NetworkOnly({networkTimeoutSeconds: CONFIG.timeout,
                              plugins: [revalidated, installedFallback]}));
const routes = {
  page: new routing.Route(
    ({request, url}) => request.mode === "navigate" && ours(url)
      && /(\/|\.html)$/.test(url.pathname),
    new PageFirst({cacheName: cacheName("halaman"), networkTimeoutSeconds: CONFIG.timeout,
                   plugins: [revalidated, pageKey, bounded(CONFIG.pages, CONFIG.page_days),
                             pageFallback]})),
  photo: new routing.Route(
    ({request, url}) => request.destination === "image" && ours(url),
    new strategies.CacheFirst({cacheName: cacheName("gambar"),
                               plugins: [bounded(CONFIG.images, CONFIG.image_days),
                                         photoFallback]})),
};
routing.registerRoute(routes.page);
routing.registerRoute(routes.photo);
const searchFiles = bounded(CONFIG.search_files, CONFIG.page_days);
routing.registerRoute(
  ({url}) => ours(url) && url.pathname.startsWith(SCOPE + "pagefind/")
    && /_[0-9a-f]{7,}\.pf_[a-z]+$/.test(url.pathname),
  new strategies.CacheFirst({cacheName: cacheName("cari"), plugins: [searchFiles]}));
routes.file = new routing.Route(
  ({url}) => ours(url) && (url.pathname.startsWith(SCOPE + "pagefind/")
                           || url.pathname.startsWith(SCOPE + "theme/")),
  new strategies.NetworkFirst({cacheName: cacheName("cari"),
                               networkTimeoutSeconds: CONFIG.timeout,
                               plugins: [revalidated, searchFiles]}));
routing.registerRoute(routes.file);

// Sent by every page once the worker is ready (theme/js/luring.js): first the page itself,
// the photos it shows and its own scripts (saving, search, the radio's schedule) are kept
// like any page read (the first page a reader opens is
// loaded before the worker runs), then the newest articles of the home page, unless the
// connection is in "save data" mode: their HTML and the smallest width of their first
// photos, in a cache of their own that holds nothing else.
// The page on screen is kept first and from the copy the browser already holds (HTTP cache:
// no second download): it used to be downloaded again alongside the newest articles, and a
// reload right after the network went showed the offline page for a page just read.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "luring") return;
  const connection = self.navigator.connection;
  const saving = !data.newest || (connection && connection.saveData);
  event.waitUntil(keepOpened(event, data).catch(() => undefined)
    .then(() => (saving ? null : keepNewest()))
    .catch(() => undefined));
});

async function keepOpened(event, data) {
  const page = new URL(String(data.page || ""), self.location);
  if (!routes.page.match({request: {mode: "navigate"}, url: page})) return;
  // Its own cache, not any: a copy among the newest articles goes when they change.
  const pages = await caches.open(cacheName("halaman"));
  if (!(await pages.match(withoutQuery(page.href)))) {
    await routes.page.handler.handle(
      {event, request: new Request(page.href, {cache: "force-cache"})}).catch(() => undefined);
  }
  const kept = [[routes.photo, data.photos, {destination: "image"}],
                [routes.file, data.scripts, {destination: "script"}]];
  for (const [route, addresses, kind] of kept) {
    for (const address of [].concat(addresses || []).slice(0, 20)) {
      const url = new URL(String(address), self.location);
      if (PRECACHED.has(withoutQuery(url.href)) || !route.match({request: kind, url})) continue;
      await route.handler.handle({event, request: new Request(url.href, {cache: "force-cache"})})
        .catch(() => undefined);
    }
  }
}

function firstPhotos(html, page) {
  const chosen = new Map();
  for (const found of html.matchAll(/\ssrcset="([^"]+)"/g)) {
    const first = found[1].trim().split(/\s+/)[0];
    const address = new URL(first.replace(/&amp;/g, "&"), page).href;
    const photo = PHOTO.exec(new URL(address).pathname);
    const key = photo ? photo[1] + photo[2] : address;
    if (!chosen.has(key)) chosen.set(key, address);
  }
  return [...chosen.values()].slice(0, CONFIG.newest_photos);
}

// The host's current copy of page when it differs from cached, else null: asked with the
// copy's validators (a 304 costs no body), and compared byte for byte when the host
// answers in full (a rebuild may rewrite a page unchanged, with a new Last-Modified).
async function newerThan(cached, page) {
  const headers = {};
  const etag = cached.headers.get("ETag");
  const modified = cached.headers.get("Last-Modified");
  if (etag) headers["If-None-Match"] = etag;
  if (modified) headers["If-Modified-Since"] = modified;
  const fetched = await fetch(page, {credentials: "same-origin", cache: "no-store", headers});
  if (!fetched.ok || fetched.status !== 200) return null;
  return (await sameBytes(cached.clone(), fetched.clone())) ? null : fetched;
}

// Each time a page tells the worker, the newest articles are fetched when missing and
// refreshed when republished; a refreshed article the reader had opened is refreshed in
// the pages' cache too, so offline they read the newest copy that was available.
async function keepNewest() {
  const cache = await caches.open(cacheName("terbaru"));
  const read = await caches.open(cacheName("halaman"));
  const keep = new Set();
  for (const page of CONFIG.newest.map((path) => new URL(path, self.location).href)) {
    keep.add(page);
    let response = await cache.match(page);
    const fetched = response
      ? await newerThan(response, page)
      : await fetch(page, {credentials: "same-origin", cache: "no-cache"});
    if (fetched && fetched.ok) {
      await cache.put(page, fetched.clone());
      if (response && await read.match(page)) await read.put(page, fetched.clone());
      response = fetched;
    }
    if (!response) continue;
    for (const photo of firstPhotos(await response.text(), page)) {
      keep.add(photo);
      if (await cache.match(photo)) continue;
      const got = await fetch(photo, {credentials: "same-origin"});
      if (got.ok) await cache.put(photo, got);
    }
  }
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}
