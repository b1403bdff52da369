// "Simpan untuk dibaca nanti", the Tersimpan page and the share sheet (issue 26).
// Loaded with defer by articles, innovation profiles, the recordings list and /tersimpan/.
//
// What is stored (read by the offline page too, plugins/offline):
//   Cache Storage, cache "tersimpan" (the service worker never deletes it; offline it
//   answers a navigation or a photo from any cache, this one included).
//   - a saved page: key = its address without query or fragment; value = its HTML as the
//     host sent it, with three more headers:
//       X-Tersimpan-Judul   encodeURIComponent(title shown in lists)
//       X-Tersimpan-Waktu   when it was saved (ISO 8601, UTC)
//       X-Tersimpan-Gambar  encodeURIComponent(JSON list of the photo addresses kept with it)
//     A saved page is an entry of "tersimpan" that has X-Tersimpan-Judul.
//   - its photos: key = the photo's address; value = the photo as the host sent it. Every
//     same-origin address of the page's <img src>, <img srcset> and <source srcset> is kept
//     (every width: the page may be read offline on another screen). A photo goes when the
//     last saved page that lists it is removed.
// Kept until the reader removes it here or on /tersimpan/.
//
// Without JavaScript, and where the browser has no Cache Storage or no service worker of
// this site runs (none registered: the live preview, OFFLINE off, service workers blocked),
// the save button stays hidden. The share button shows only where the browser has a share
// sheet (navigator.share).
(function () {
  "use strict";
  var CACHE = "tersimpan";
  var HEADER = {title: "X-Tersimpan-Judul", time: "X-Tersimpan-Waktu", photos: "X-Tersimpan-Gambar"};
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);  // <root>/theme/js/simpan.js
  // Saving helps only where the page can be read back offline: the browser has Cache
  // Storage and service workers, and the site's worker (theme/js/luring.js) is active.
  var canSave = "caches" in window && "serviceWorker" in navigator && window.isSecureContext;

  function pageKey(address) {
    var url = new URL(address, location.href);
    url.search = "";
    url.hash = "";
    return url.href;
  }

  function photosOfPage() {
    var found = [];
    function add(address) {
      if (!address || /^data:/.test(address)) return;
      var url = new URL(address, document.baseURI);
      url.hash = "";
      if (url.origin === location.origin && found.indexOf(url.href) < 0) found.push(url.href);
    }
    document.querySelectorAll("img[src], img[srcset], picture source[srcset]").forEach(function (el) {
      add(el.getAttribute("src"));
      (el.getAttribute("srcset") || "").split(",").forEach(function (candidate) {
        add(candidate.trim().split(/\s+/)[0]);
      });
    });
    return found;
  }

  function photosOf(response) {
    try {
      return JSON.parse(decodeURIComponent(response.headers.get(HEADER.photos) || "%5B%5D"));
    } catch (error) {
      return [];
    }
  }

  // The saved pages: [{href, title, time, photos}], newest first.
  function savedPages() {
    return caches.open(CACHE).then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(function (response) {
            var title = response && response.headers.get(HEADER.title);
            if (!title) return null;
            return {href: request.url, title: decodeURIComponent(title),
                    time: response.headers.get(HEADER.time) || "", photos: photosOf(response)};
          });
        }));
      });
    }).then(function (pages) {
      return pages.filter(function (page) {
        return page && new URL(page.href).pathname.indexOf(root.pathname) === 0;
      }).sort(function (a, b) { return a.time < b.time ? 1 : a.time > b.time ? -1 : 0; });
    });
  }

  function save(address, title) {
    var key = pageKey(address);
    var photos = photosOfPage();
    return caches.open(CACHE).then(function (cache) {
      // Without network, the copy the service worker kept when the page was opened.
      return fetch(key, {credentials: "same-origin"}).catch(function (error) {
        return caches.match(key).then(function (copy) { if (copy) return copy; throw error; });
      }).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.blob().then(function (body) {
          var headers = new Headers(response.headers);
          // The body is already decoded and its length is the blob's.
          headers.delete("Content-Encoding");
          headers.delete("Content-Length");
          headers.set(HEADER.title, encodeURIComponent(title));
          headers.set(HEADER.time, new Date().toISOString());
          headers.set(HEADER.photos, encodeURIComponent(JSON.stringify(photos)));
          var page = new Response(body, {status: 200, statusText: "OK", headers: headers});
          // The photos first: a page listed as saved has its photos.
          return Promise.all(photos.map(function (photo) {
            return fetch(photo, {credentials: "same-origin"}).then(function (got) {
              if (got.ok) return cache.put(photo, got);
            }).catch(function () { /* a photo not at hand: the page is still kept */ });
          })).then(function () { return cache.put(key, page); });
        });
      });
    });
  }

  function remove(address) {
    var key = pageKey(address);
    return caches.open(CACHE).then(function (cache) {
      return cache.match(key).then(function (response) {
        var photos = response ? photosOf(response) : [];
        return cache.delete(key).then(function () { return savedPages(); }).then(function (others) {
          var used = {};
          others.forEach(function (page) {
            page.photos.forEach(function (photo) { used[photo] = true; });
          });
          return Promise.all(photos.filter(function (photo) { return !used[photo]; })
            .map(function (photo) { return cache.delete(photo); }));
        });
      });
    });
  }

  function failure(error) {
    return error && error.name === "QuotaExceededError"
      ? "Ruang penyimpanan peramban penuh. Hapus beberapa bacaan di halaman Tersimpan, lalu coba lagi."
      : "Halaman ini belum dapat disimpan. Periksa sambungan internet, lalu coba lagi.";
  }

  // The save button of a page: aria-pressed tells whether it is saved; a polite status
  // says what happened.
  function saveButton(button) {
    var status = button.parentNode.querySelector("[data-simpan-status]");
    var address = location.href;
    var title = button.getAttribute("data-judul") || document.title;
    var busy = false;
    function show(saved, message) {
      button.setAttribute("aria-pressed", saved ? "true" : "false");
      if (status && message !== undefined) status.textContent = message;
    }
    caches.open(CACHE).then(function (cache) { return cache.match(pageKey(address)); })
      .then(function (found) { show(!!found); })
      .catch(function () { /* unreadable: shown as not saved */ });
    button.addEventListener("click", function () {
      if (busy) return;
      busy = true;
      var saved = button.getAttribute("aria-pressed") === "true";
      if (status) status.textContent = saved ? "Menghapus…" : "Menyimpan…";
      (saved ? remove(address) : save(address, title)).then(function () {
        show(!saved, saved ? "Dihapus dari Tersimpan."
          : "Tersimpan. Halaman ini dapat dibaca tanpa sambungan internet.");
      }, function (error) {
        show(saved, failure(error));
      }).then(function () { busy = false; });
    });
    button.closest("[hidden]") && button.closest("[hidden]").removeAttribute("hidden");
  }

  // The Tersimpan page: the saved pages, each with a link and a remove button.
  function savedList(list) {
    var status = document.querySelector("[data-tersimpan-status]");
    if (!canSave) {
      status.textContent = "Peramban ini tidak dapat menyimpan halaman untuk dibaca tanpa sambungan.";
      return;
    }
    function render() {
      return savedPages().then(function (pages) {
        list.textContent = "";
        pages.forEach(function (page) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = page.href;
          link.textContent = page.title;
          var button = document.createElement("button");
          button.type = "button";
          button.className = "hapus-tersimpan";
          button.textContent = "Hapus";
          var name = document.createElement("span");
          name.className = "sr-teks";
          name.textContent = " " + page.title;
          button.appendChild(name);
          button.addEventListener("click", function () {
            remove(page.href).then(function () {
              status.textContent = "“" + page.title + "” dihapus dari Tersimpan.";
              return render();
            }, function () {
              status.textContent = "“" + page.title + "” tidak dapat dihapus. Coba lagi.";
            }).then(function () {
              var next = list.querySelector("button") || document.querySelector("main h1");
              if (next) next.focus();
            });
          });
          item.appendChild(link);
          item.appendChild(document.createTextNode(" "));
          item.appendChild(button);
          list.appendChild(item);
        });
        list.hidden = pages.length === 0;
        document.querySelector("[data-tersimpan-kosong]").hidden = pages.length !== 0;
        return pages;
      });
    }
    render().then(function (pages) {
      status.textContent = pages.length ? pages.length + " bacaan tersimpan di perangkat ini." : "";
    }, function () {
      status.textContent = "Daftar bacaan tersimpan tidak dapat dibaca di peramban ini.";
    });
  }

  // The phone's own share sheet, where the browser has one.
  function shareButton(button) {
    if (typeof navigator.share !== "function") return;
    button.addEventListener("click", function () {
      navigator.share({title: button.getAttribute("data-judul"),
                       url: button.getAttribute("data-alamat")})
        .catch(function () { /* closed by the reader, or not allowed: nothing to do */ });
    });
    button.hidden = false;
  }

  document.querySelectorAll("[data-bagikan]").forEach(shareButton);
  if (canSave) navigator.serviceWorker.ready.then(function () {
    document.querySelectorAll("[data-simpan]").forEach(saveButton);
  });
  var list = document.querySelector("[data-tersimpan-daftar]");
  if (list) savedList(list);
})();
