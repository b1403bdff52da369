/* The site's service worker (plugins/offline): offline reading with Workbox.
   The build writes this file as sw.js at the site's root with CONFIG filled in; its scope
   is that root (the site's own path, also under a sub-path). No node runs at build time:
   Workbox's prebuilt modules are copied from npm into luring/workbox/ and loaded below.

   - Pages: network first (CONFIG.timeout seconds), then the cached copy; an online reader
     gets the published page, a reader without network the copy from their last visit.
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
                              plugins: [installedFallback]}));
const routes = {
  page: new routing.Route(
    ({request, url}) => request.mode === "navigate" && ours(url)
      && /(\/|\.html)$/.test(url.pathname),
    new strategies.NetworkFirst({cacheName: cacheName("halaman"),
                                 networkTimeoutSeconds: CONFIG.timeout,
                                 plugins: [pageKey, bounded(CONFIG.pages, CONFIG.page_days),
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
routing.registerRoute(
  ({url}) => ours(url) && (url.pathname.startsWith(SCOPE + "pagefind/")
                           || url.pathname.startsWith(SCOPE + "theme/")),
  new strategies.NetworkFirst({cacheName: cacheName("cari"),
                               networkTimeoutSeconds: CONFIG.timeout,
                               plugins: [searchFiles]}));

// Sent by every page once the worker is ready (theme/js/luring.js): the page itself and
// the photos it shows are kept like any page read (the first page a reader opens is loaded
// before the worker runs), and the newest articles of the home page are kept too, unless
// the connection is in "save data" mode: their HTML and the smallest width of their first
// photos, in a cache of their own that holds nothing else.
self.addEventListener("message", (event) => {
  const data = event.data;
  if (!data || data.type !== "luring") return;
  const connection = self.navigator.connection;
  const saving = !data.newest || (connection && connection.saveData);
  event.waitUntil(Promise.all([keepOpened(event, data), saving ? null : keepNewest()])
    .catch(() => undefined));
});

async function keepOpened(event, data) {
  const page = new URL(String(data.page || ""), self.location);
  if (!routes.page.match({request: {mode: "navigate"}, url: page})) return;
  if (!(await caches.match(withoutQuery(page.href)))) {
    await routes.page.handler.handle({event, request: new Request(page.href)})
      .catch(() => undefined);
  }
  for (const address of [].concat(data.photos || []).slice(0, 20)) {
    const photo = new URL(String(address), self.location);
    if (!routes.photo.match({request: {destination: "image"}, url: photo})) continue;
    await routes.photo.handler.handle({event, request: new Request(photo.href)})
      .catch(() => undefined);
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

async function keepNewest() {
  const cache = await caches.open(cacheName("terbaru"));
  const keep = new Set();
  for (const page of CONFIG.newest.map((path) => new URL(path, self.location).href)) {
    keep.add(page);
    let response = await cache.match(page);
    if (!response) {
      const fetched = await fetch(page, {credentials: "same-origin"});
      if (!fetched.ok) continue;
      await cache.put(page, fetched.clone());
      response = fetched;
    }
    for (const photo of firstPhotos(await response.text(), page)) {
      keep.add(photo);
      if (await cache.match(photo)) continue;
      const fetched = await fetch(photo, {credentials: "same-origin"});
      if (fetched.ok) await cache.put(photo, fetched);
    }
  }
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
}
