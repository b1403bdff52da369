"""Pelican wiring of the offline plugin: the offline page, the service worker, Workbox.

Reads: the articles in the shared context (`articles`, newest first, as Pelican's
ArticlesGenerator leaves it) for the newest articles the worker keeps; the built files it
installs, read back from the output folder in `finalized`, once every generator (the
theme's files among them) has written. Sets the context name `offline_worker` (the worker's
settings for base.html, or None: no registration script). Nothing is written, and nothing
registered, with OFFLINE = {"enabled": False}. The live preview builds the same files as a
full build (its pages must be a full build's, byte for byte); its server withholds the
worker instead (newsroom/preview.py: no registration script, no sw.js).
"""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from common import build, diagnostics, outfiles
from common.settings import plugin_settings

from . import worker

PROJECT = Path(__file__).resolve().parent.parent.parent
OFFLINE_PAGE = "luring/"
WORKBOX_FOLDER = "luring/workbox/"
WORKER_FILE = "sw.js"

DEFAULTS = {
    "enabled": (True, "offline reading with a service worker (False: none)"),
    "timeout": (3, "seconds a page waits for the network before the cached copy is shown"),
    "pages": (60, "pages a reader opened kept for reading offline (the oldest go first)"),
    "page_days": (30, "days a page (and a search file) read offline stays cached"),
    "images": (120, "photos kept (cache first; their addresses change with their bytes)"),
    "image_days": (30, "days a photo stays cached"),
    "search_files": (150, "Pagefind files kept, so searches already made work offline"),
    "newest": (5, "newest articles of the home page kept after the worker starts"),
    "newest_photos": (2, "photos per newest article kept, at their smallest width"),
    "precache": (["theme/css/situs.css", "theme/js/luring.js"],
                 "files every page needs, installed with the worker (with the offline page)"),
    "node_modules": (str(PROJECT / "node_modules"),
                     "the npm installation holding Workbox (npm ci, Makefile bootstrap)"),
}


def offline_settings(settings: dict) -> dict:
    return plugin_settings(settings, "OFFLINE", DEFAULTS)


def active(settings: dict) -> bool:
    """Whether this build has a service worker (the live preview's too: see above)."""
    return bool(offline_settings(settings)["enabled"])


class OfflineGenerator(Generator):
    """The offline page (luring/index.html), written like every page."""

    def generate_context(self) -> None:
        options = offline_settings(self.settings)
        on = active(self.settings)
        self.context["offline_worker"] = {"timeout": options["timeout"]} if on else None
        if not on:
            return
        missing = [path for path in worker.workbox_sources(Path(options["node_modules"]))
                   if not path.is_file()]
        if missing:
            diagnostics.record(
                "pelicanconf.py", 0, 0, "LUR001",
                f"baca-luring (service worker) tidak dapat dibuat: berkas Workbox "
                f"{missing[0].name} tidak ada di {missing[0].parent}; jalankan `make build` "
                "atau `npm ci` sekali di folder proyek, atau matikan dengan "
                "OFFLINE = {'enabled': False}")

    def generate_output(self, writer) -> None:
        if not active(self.settings):
            return
        writer.write_file(worker.file_for(OFFLINE_PAGE), self.get_template("luring"),
                          self.context, self.settings["RELATIVE_URLS"])
        options = offline_settings(self.settings)
        newest = [article.url for article in self.context.get("articles", ())
                  [: options["newest"]]]
        build.running().slot("offline", dict)["newest"] = newest


def get_generators(pelican):
    return OfflineGenerator


def write_worker(pelican) -> None:
    """sw.js at the site's root and Workbox's modules, after every other file is written."""
    settings = pelican.settings
    if not active(settings):
        return
    options = offline_settings(settings)
    output = Path(pelican.output_path)
    entries, missing = worker.precache_entries(output, [*options["precache"], OFFLINE_PAGE])
    for url in missing:
        diagnostics.record("pelicanconf.py", 0, 0, "LUR002",
                           f"OFFLINE['precache'] menyebut '{url}', tetapi berkas itu tidak "
                           "ditulis oleh pembangunan; hapus dari daftar atau periksa namanya")
    sources = worker.workbox_sources(Path(options["node_modules"]))
    source = worker.SOURCE.read_text(encoding="utf-8")
    code = [source.encode("utf-8"), *(path.read_bytes() for path in sources)]
    admin = (settings.get("ADMIN") or {}).get("folder", "admin")
    config = {
        "admin": admin.strip("/") + "/",
        "build": worker.build_id(entries, code),
        "image_days": options["image_days"],
        "images": options["images"],
        "newest": build.running().slot("offline", dict).get("newest", []),
        "newest_photos": options["newest_photos"],
        "offline": OFFLINE_PAGE,
        "page_days": options["page_days"],
        "pages": options["pages"],
        "precache": [{"revision": e.revision, "url": e.url} for e in entries],
        "search_files": options["search_files"],
        "timeout": options["timeout"],
        "workbox": WORKBOX_FOLDER,
    }
    site = outfiles.site_writer(output)
    folder = output / WORKBOX_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for path in sources:
        site.place(path, folder / path.name)
    site.put(output / WORKER_FILE, worker.worker_script(source, config))
