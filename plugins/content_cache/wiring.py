"""Pelican wiring of the content cache: where it lives and when it may be trusted.

Pelican's reader cache (CACHE_CONTENT, CONTENT_CACHING_LAYER "reader") keeps what a
reader's read() returned, keyed on the file's path and stamp, and on the next build
skips read() for a file whose stamp is unchanged. Two rules make that safe here:

1. Keyed on every input of a read. CACHE_PATH is a folder named by a fingerprint of
   the settings, the vocabularies under content/ (CONTENT_CACHE["inputs"]), the names
   of the theme's templates, the plugins' source and the library versions. With the
   file's own bytes (CHECK_MODIFIED_METHOD "sha256"), a cached read is what a fresh
   read would return. Checks that look at other files on disk (the images' originals)
   are not done in read() but on every content object, cached or not (plugins/images).

2. Trusted only after a build that finished. Readers record content mistakes while
   reading, and a read served by the cache records nothing. So a folder is used only
   when it holds the COMPLETE mark, written when a build finishes; build_report stops
   every build that recorded a mistake before that, and a crash stops it too. The mark
   is removed when a build starts and an unmarked folder is emptied: the first build
   after a failed or interrupted one reads every file again. By induction, every read
   the cache answers was clean when it was cached and would be clean now, and every
   mistake is reported on every build until it is fixed.
"""

from __future__ import annotations

import logging
import platform
import shutil
from importlib import metadata
from pathlib import Path

from pelican import signals

from common.settings import plugin_settings

from .fingerprint import files_under, fingerprint

logger = logging.getLogger(__name__)

DEFAULTS = {
    "folder": (".cache/konten", "where cache folders live, relative to the folder the build "
               "runs in; outside output/ so `clean` keeps it"),
    "inputs": (("data",), "files or folders under PATH that shape how articles are read "
               "(vocabularies such as data/kategori.yaml)"),
}
COMPLETE = "COMPLETE"
# Settings that name the cache itself, not an input of a read.
NOT_INPUTS = ("CACHE_PATH", "LOAD_CONTENT_CACHE")
LIBRARIES = ("pelican", "markdown", "pygments", "pyyaml")


def cache_settings(settings: dict) -> dict:
    return plugin_settings(settings, "CONTENT_CACHE", DEFAULTS)


def start_build(pelican) -> None:
    """Point CACHE_PATH at this build's fingerprint folder; drop untrusted and old ones."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    options = cache_settings(settings)
    base = Path(options["folder"])
    base = base if base.is_absolute() else Path.cwd() / base
    folder = base / _fingerprint(settings, options)[:16]
    mark = folder / COMPLETE
    if mark.exists():
        mark.unlink()  # in use: trusted again only if this build finishes
    elif folder.exists():
        shutil.rmtree(folder)  # the build that wrote it failed or was interrupted
        logger.info("Cache isi: build sebelumnya tidak selesai; semua berkas dibaca ulang")
    if base.is_dir():
        for other in base.iterdir():
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
    settings["CACHE_PATH"] = str(folder)
    # Connected now, after every plugin registered: runs after their finalized handlers.
    signals.finalized.connect(mark_complete)


def mark_complete(pelican) -> None:
    folder = Path(pelican.settings["CACHE_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / COMPLETE).write_text("build selesai tanpa kesalahan isi\n", encoding="utf-8")


def _fingerprint(settings: dict, options: dict) -> str:
    content = Path(settings["PATH"])
    data = files_under(content / str(p) for p in options["inputs"])
    code = files_under(Path(p) for p in settings.get("PLUGIN_PATHS", []))
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
               Path(settings["THEME"]) / "templates"]
    names = [p.relative_to(folder).as_posix() for folder in map(Path, folders)
             for p in files_under([folder])]
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    shown = {k: v for k, v in settings.items() if k not in NOT_INPUTS}
    return fingerprint(shown, data, code, names, versions)
