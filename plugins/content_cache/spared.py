"""The reader cache of a build whose kept reads answer the unchanged files: not unpickled.

A build of the resident preview takes each unchanged file's read from its kept reads
(kept.py) and asks Pelican's reader cache only about the files saved since. Yet Pelican's
Readers unpickled the whole cache file when each generator was made: at 10,000 articles
a 50 MB pickle, 0.13 s of every save before the first article was read, for answers no
read of the build would ask for. And the read-ahead asked the cache about every file.

So a warm build (its kept reads were made under its read key, KeptReads.warm(); see
wiring.start_build) opens each reader cache file of its folder and takes it out of
Pelican's way before the generators are made (the trusted snapshot keeps a link to the
same bytes, wiring.py rule 3). Pelican's Readers finds no file and starts with an empty
cache; at generator_init that cache becomes a SparedCache, which:

- answers from the reads this build put in it (the read-ahead's, Pelican's loop's own);
- answers a miss, without unpickling anything, for a file whose kept read says it changed
  since (KeptReads.changed), for a file no finished build of this process asked for (a
  new file), and for one the last build read cleanly but too soon after it was written to
  keep (KeptReads.recent: the file just saved, read again next time). A miss is always
  right (a cached read is, by the cache's rule, the read a fresh one gives), and reading
  one file costs less than unpickling the whole cache;
- unpickles the file set aside, once, when asked about any other file (one whose read was
  not kept: it warned, say): such a build costs what every build cost before;
- is saved whole: the file set aside unpickled, this build's reads put over it, pickled as
  a plain dict. That is what Pelican writes after loading the file and adding the same
  reads, and it happens in the saving fork (saving.py), on the other core, while the build
  goes on. The next process that starts finds every read it found before.

The read-ahead (prefetch.py) no longer asks about files the kept reads answer: it would
read them for nothing.
"""

from __future__ import annotations

import gzip
import logging
import os
import pickle
from pathlib import Path

from common import build as build_state

logger = logging.getLogger(__name__)

SLOT = "content_cache.spared"  # {cache file name: its file, opened before it was unlinked}
READERS_SUFFIX = "-Readers"  # Pelican's reader cache files: "<generator class>-Readers"


def set_aside(folder: Path) -> None:
    """A warm build starts (wiring.start_build): open the folder's reader cache files and
    unlink them, so that Pelican's Readers load nothing. A file whose only link is this one
    (no trusted snapshot holds it) is left for Pelican to load as always."""
    build = build_state.running()
    held: dict = build.slot(SLOT, dict)
    for path in sorted(folder.glob(f"*{READERS_SUFFIX}")):
        try:
            if path.stat().st_nlink < 2:
                continue
            handle = open(path, "rb")  # closed when the build ends
        except OSError:
            continue
        build.on_end(handle.close)
        try:
            path.unlink()
        except OSError:
            continue  # still there: Pelican loads it
        held[path.name] = handle


def spare(generator) -> None:
    """generator_init: the generator's reader cache, when its file was set aside, becomes a
    SparedCache of that file."""
    build = build_state.running()
    held = build.state.get(SLOT)
    readers = getattr(generator, "readers", None)
    kept = build.kept_reads
    if not held or readers is None or kept is None:
        return
    handle = held.pop(os.path.basename(getattr(readers, "_cache_path", "")), None)
    if handle is None or not isinstance(getattr(readers, "_cache", None), dict) or \
            readers._cache:
        return
    readers._cache = SparedCache(handle, bool(generator.settings.get("GZIP_CACHE")),
                                 kept.may_hold)


class SparedCache(dict):
    """Pelican's reader cache (path: (stamp, read)) holding only this build's reads, over
    a cache file that is read only when needed (see the module's docstring). Pelican uses
    get() and item assignment; pickling it writes the whole cache as a plain dict."""

    def __init__(self, handle, gzipped: bool, may_hold) -> None:
        super().__init__()
        self._handle = handle
        self._gzipped = gzipped
        self._may_hold = may_hold  # path -> whether the file's cached read could serve
        self._base: dict | None = None

    def get(self, key, default=None):
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        if self._may_hold(key):
            return self.base().get(key, default)
        return default

    def base(self) -> dict:
        """The cache file set aside, unpickled once; empty when it cannot be read (as
        Pelican treats a cache it cannot load)."""
        if self._base is None:
            try:
                data = _read_all(self._handle)
                loaded = pickle.loads(gzip.decompress(data) if self._gzipped else data)
            except Exception as error:  # noqa: BLE001 - a broken cache is an empty one
                logger.info("Cache isi: %s tidak dapat dibaca (%s); berkasnya dibaca ulang",
                            getattr(self._handle, "name", "cache"), error)
                loaded = {}
            self._base = loaded if isinstance(loaded, dict) else {}
        return self._base

    def whole(self) -> dict:
        """The cache as Pelican would save it: the file's reads with this build's over."""
        merged = dict(self.base())
        merged.update(self)
        return merged

    def __reduce_ex__(self, protocol):
        return (dict, (), None, None, iter(self.whole().items()))


def _read_all(handle) -> bytes:
    """The file's bytes from its start, without moving the offset it shares with the
    build's forks (os.pread)."""
    fd = handle.fileno()
    if not hasattr(os, "pread"):
        handle.seek(0)
        return handle.read()
    size, chunks, offset = os.fstat(fd).st_size, [], 0
    while offset < size:
        chunk = os.pread(fd, min(size - offset, 1 << 24), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
