"""Pelican wiring of the content cache: where it lives and when it may be trusted.

Pelican's reader cache (CACHE_CONTENT, CONTENT_CACHING_LAYER "reader") keeps what a
reader's read() returned, keyed on the file's path and stamp, and on the next build
skips read() for a file whose stamp is unchanged. Two rules make that safe here:

1. Keyed on every input of a read. CACHE_PATH is a folder named by a fingerprint of
   the settings, the vocabularies a read checks against (CONTENT_CACHE["inputs"]: the
   news categories; an OPD's or a stage's name is read by the innovations generator on
   every build, so editing one does not read every article again), the names
   of the theme's templates, the plugins' code and the versions of the libraries it
   uses (common/cachekeys.py, the read scope). With the
   file's own bytes (CHECK_MODIFIED_METHOD "sha256"), a cached read is what a fresh
   read would return. Checks that look at other files on disk (the images' originals)
   are not done in read() but on every content object, cached or not (plugins/images).

2. Trusted only after a build that finished. Readers record content mistakes while
   reading, and a read served by the cache records nothing. So a folder is used only
   when it holds the COMPLETE mark, written when a build finishes; build_report stops
   every build that recorded a mistake before that, and a crash stops it too. By
   induction, every read the cache answers was clean when it was cached and would be
   clean now, and every mistake is reported on every build until it is fixed.

3. A failed build costs the next one only what changed. When a build starts from a
   trusted folder, a snapshot of it (`<folder>.terpercaya`, hard links: no copy) is made
   before its mark is removed, and each generator's cache file is unlinked from the
   working folder right after the generator loaded it (generator_init), so Pelican's
   save writes a new file and never the snapshot's. When the build finishes, the
   snapshot is dropped; when it fails or is killed, the next build puts the snapshot
   back in place of the untrusted folder, and reads again only the files changed since
   the last good build. Without a snapshot, an untrusted folder is emptied.

4. The reader cache of a large site is saved by a fork of the build at the moment Pelican
   saves it, while the build goes on (saving.py); the folder is marked COMPLETE only
   after every such fork ended well.

5. Settings that differ give side-by-side folders (`invoke build` and `invoke build
   --publish` each keep theirs); the KEEP most recently used are kept. One build at a
   time uses the cache folder (an flock on `.kunci`, released by the system when a
   process dies); a second build at once reads everything without a cache and says so.

6. In the resident preview, a build whose kept reads (kept.py) answer every unchanged
   file does not unpickle the reader cache: it asks it only about the files saved, and
   saves it whole in the saving fork (spared.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
from pathlib import Path

from pelican import signals

from common import build as build_state
from common import locks
from common import cachekeys
from common.fingerprint import files_under
from common.settings import plugin_settings

from . import kept, prefetch, saving, spared, stamps, templates

logger = logging.getLogger(__name__)

DEFAULTS = {
    "folder": (".cache/konten", "where cache folders live, relative to the folder the build "
               "runs in; outside output/ so `clean` keeps it"),
    "inputs": (("data/kategori.yaml",), "files or folders under PATH that shape how "
               "articles and pages are read: the news categories (NEWS categories_file, "
               "always counted); every other vocabulary is read by a generator on every "
               "build, and the innovation records key their own reads on theirs"),
    "workers": (None, "processes that read uncached files ahead of Pelican (prefetch.py); "
                "None: one per core, 1: none"),
    "prefetch_min": (64, "fewer uncached files than this are read by Pelican alone"),
}
COMPLETE = "COMPLETE"
SNAPSHOT = ".terpercaya"  # the last trusted folder, kept while a build runs
LOCK = ".kunci"
KEEP = 4  # fingerprint folders kept side by side (build, build --publish, tests...)


def cache_settings(settings: dict) -> dict:
    return plugin_settings(settings, "CONTENT_CACHE", DEFAULTS)


def start_build(pelican) -> None:
    """Point CACHE_PATH at this build's fingerprint folder, trusted or emptied (see above)."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    options = cache_settings(settings)
    base = Path(options["folder"])
    base = base if base.is_absolute() else Path.cwd() / base
    base.mkdir(parents=True, exist_ok=True)
    holder = _lock(base)
    if holder is not None:
        sys.stderr.write(f"Cache isi sedang dipakai pembangunan lain (proses {holder}); "
                         "pembangunan ini membaca semua berkas tanpa cache.\n")
        settings["CACHE_CONTENT"] = False
        settings["LOAD_CONTENT_CACHE"] = False
        return
    key = _fingerprint(settings, options)
    folder = base / key[:16]
    snapshot = snapshot_of(folder)
    if not (folder / COMPLETE).exists():
        if (snapshot / COMPLETE).exists():
            _remove(folder)  # the build that wrote it failed or was interrupted
            snapshot.rename(folder)
            logger.info("Cache isi: dipulihkan dari build terakhir yang berhasil")
        elif folder.exists():
            _remove(folder)
            logger.info("Cache isi: build sebelumnya tidak selesai; semua berkas dibaca ulang")
    _remove(snapshot)
    if (folder / COMPLETE).exists():
        making = snapshot.with_name(snapshot.name + ".tmp")
        _remove(making)
        shutil.copytree(folder, making, copy_function=os.link)
        making.rename(snapshot)
        (folder / COMPLETE).unlink()  # in use: trusted again only if this build finishes
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)  # most recently used
    _prune(base, keep=folder)
    settings["CACHE_PATH"] = str(folder)
    kept_reads = build_state.running().kept_reads
    if kept_reads is not None:  # the resident preview's reads of its earlier builds
        kept_reads.under(key)
        if kept_reads.warm():  # the reader cache is read only if needed (spared.py)
            spared.set_aside(folder)
        signals.generator_init.connect(kept.keep_reads)
        signals.generator_init.connect(spared.spare)
    # Connected now, after every plugin registered: runs after their finalized handlers.
    signals.generator_init.connect(detach_loaded)
    signals.generator_init.connect(stamps.remember_digests)  # before the read-ahead asks
    signals.article_generator_init.connect(stamps.remember_digests)
    signals.page_generator_init.connect(stamps.remember_digests)
    signals.article_generator_init.connect(stamps.idle_generator_cache)
    signals.page_generator_init.connect(stamps.idle_generator_cache)
    signals.generator_init.connect(read_ahead)
    signals.generator_init.connect(compiled_templates)
    signals.generator_init.connect(save_readers_aside)
    signals.finalized.connect(mark_complete)


def snapshot_of(folder: Path) -> Path:
    return folder.with_name(folder.name + SNAPSHOT)


def read_ahead(generator) -> None:
    """Read the files the cache does not hold on every core (prefetch.py)."""
    if not generator.settings.get("CACHE_CONTENT"):
        return
    options = cache_settings(generator.settings)
    count = prefetch.prefetch(generator, prefetch.worker_count(options["workers"]),
                              int(options["prefetch_min"]))
    if count:
        logger.info("Cache isi: %d berkas dibaca lebih dulu secara paralel", count)


def compiled_templates(generator) -> None:
    """Templates compiled by an earlier build are loaded, not compiled (templates.py)."""
    env = getattr(generator, "env", None)
    if env is None or not generator.settings.get("CACHE_CONTENT"):
        return
    # Inside the fingerprint folder: compiled code can hold the result of a filter called
    # on a literal, so it is kept only as long as the settings, vocabularies and plugin
    # code it was compiled with (templates.py).
    templates.use_compiled_cache(env, Path(generator.settings["CACHE_PATH"]))


def detach_loaded(generator) -> None:
    """After a generator loaded its cache files: unlink them, so saving makes new files
    and the snapshot's hard links keep the trusted bytes."""
    if not generator.settings.get("CACHE_CONTENT"):
        return
    folder = Path(generator.settings["CACHE_PATH"])
    name = type(generator).__name__
    for cached in (folder / name, folder / f"{name}-Readers"):
        with contextlib.suppress(FileNotFoundError):
            if cached.stat().st_nlink > 1:
                cached.unlink()


def save_readers_aside(generator) -> None:
    """The generator's reader cache is saved by a fork of the build (saving.py)."""
    readers = getattr(generator, "readers", None)
    if readers is not None and generator.settings.get("CACHE_CONTENT"):
        saving.save_aside(readers)


def mark_complete(pelican) -> None:
    if not pelican.settings.get("CACHE_CONTENT"):
        return
    if not saving.finished():
        logger.info("Cache isi: sebuah cache tidak tersimpan; build berikut membaca ulang "
                    "berkas sejak build terakhir yang berhasil")
        return
    folder = Path(pelican.settings["CACHE_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / COMPLETE).write_text("build selesai tanpa kesalahan isi\n", encoding="utf-8")
    _remove(snapshot_of(folder))


def _prune(base: Path, keep: Path, count: int = KEEP) -> None:
    """Keep the `count` most recently used fingerprint folders (and their snapshots)."""
    folders = [p for p in base.iterdir() if p.is_dir() and "." not in p.name]
    folders.sort(key=lambda p: (p != keep, -p.stat().st_mtime))
    for old in folders[count:]:
        for path in (old, snapshot_of(old), snapshot_of(old).with_name(
                snapshot_of(old).name + ".tmp")):
            _remove(path)


def _lock(base: Path) -> str | None:
    """Hold the cache's lock for this build; the holder's pid when another has it.

    Released when the build ends (common/build.py), or with its process: a process
    that builds many times (the tests, a resident preview) holds no lock between builds.
    """
    base = base.resolve()
    build = build_state.running()
    held = build.slot("content_cache.locks", dict)
    if base in held:
        return None
    handle, holder = locks.try_lock(base / LOCK)
    if handle is not None:
        held[base] = handle
        build.on_end(handle.close)
    return holder


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _fingerprint(settings: dict, options: dict) -> str:
    content = Path(settings["PATH"])
    inputs = [str(p) for p in options["inputs"]]
    # What the article reader checks Category against (news/reading.py), wherever the
    # news settings put it.
    categories = (settings.get("NEWS") or {}).get("categories_file")
    if isinstance(categories, str) and categories not in inputs:
        inputs.append(categories)
    data = files_under(content / p for p in inputs)
    return cachekeys.read_key(settings, data)
