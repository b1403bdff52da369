// Offline reading (plugins/offline): registers the site's service worker, found from this
// script's own address (<root>/theme/js/luring.js -> <root>/sw.js, scope <root>), so it is
// right under a sub-path too. Loaded with defer only in builds that have the worker; where
// service workers are unavailable nothing happens and the site works as without.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator) || !document.currentScript) return;
  var root = new URL("../../", document.currentScript.src);
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(new URL("sw.js", root).href, {scope: root.pathname})
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function (registration) {
        // This page and the photos it shows are kept (the first page is loaded before the
        // worker runs); the newest articles too, never on a "save data" connection.
        var connection = navigator.connection;
        var photos = Array.prototype.map.call(document.images, function (image) {
          return image.currentSrc;
        }).filter(Boolean);
        if (registration.active) registration.active.postMessage({
          type: "luring", page: location.href, photos: photos,
          newest: !(connection && connection.saveData)});
      })
      .catch(function () { /* no offline reading; the site works as it does without */ });
  });
})();
