// Offline reading (plugins/offline): registers the site's service worker, found from this
// script's own address (<root>/theme/js/luring.js -> <root>/sw.js, scope <root>), so it is
// right under a sub-path too. Loaded with defer only in builds that have the worker; where
// service workers are unavailable nothing happens and the site works as without.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../../", document.currentScript.src);

  // A slow network: the worker showed the cached copy of this page, then got a newer one
  // from the host ("halaman-baru"). A polite notice offers to load it; nothing moves.
  var here = location.origin + location.pathname;
  var notice = document.createElement("div");
  notice.className = "pembaruan";
  notice.setAttribute("role", "status");
  (document.querySelector("main") || document.body).appendChild(notice);
  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "halaman-baru" || data.url !== here || notice.firstChild) return;
    var text = document.createElement("p");
    text.textContent = "Versi terbaru halaman ini sudah tersedia.";
    var reload = document.createElement("button");
    reload.type = "button";
    reload.textContent = "Muat ulang";
    reload.addEventListener("click", function () { location.reload(); });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Tutup";
    close.addEventListener("click", function () {
      notice.textContent = "";
      document.documentElement.classList.remove("ada-pembaruan");
    });
    text.appendChild(document.createTextNode(" "));
    text.appendChild(reload);
    text.appendChild(document.createTextNode(" "));
    text.appendChild(close);
    notice.appendChild(text);
    document.documentElement.classList.add("ada-pembaruan");
  });
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, {scope: root.pathname})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // This page, the photos it shows and its scripts are kept (the first page is
        // loaded before the worker runs); the newest articles too, never on a "save data" connection.
        var connection = navigator.connection;
        var photos = Array.prototype.map.call(document.images, function (image) {
          return image.currentSrc;
        }).filter(Boolean);
        var scripts = Array.prototype.map.call(document.scripts, function (script) {
          return script.src;
        }).filter(Boolean);
        if (registration.active) registration.active.postMessage({
          type: "luring", page: location.href, photos: photos, scripts: scripts,
          newest: !(connection && connection.saveData)});
      })
      .catch(function () { /* no offline reading; the site works as it does without */ });
  });
})();
