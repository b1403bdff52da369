"""The digest of a content file's bytes, made once per version of the file.

Pelican's reader cache knows a file by the digest of its bytes (CHECK_MODIFIED_METHOD
"sha256", pelicanconf.py): a modification time can go back, a copy keeps the old one.
So every build read and hashed every article, twice (the read-ahead asks the cache
first, then Pelican's loop): about 1 s of each preview save at 10,000 articles.

A process that builds more than once (the preview, the test workers) keeps each digest
with the identity of the file it was made from: device, inode, size, and modification
and change times in nanoseconds. A file with the same identity gets the same digest
without being read. Every write moves a file's change time, and no program can set it
back, so a file written since has another identity. A file changed within
cachekeys.SETTLED seconds of its hashing is not kept: a second write in the same tick
of the file system's clock could leave its times as they were (git's "racily clean"
files). A file that changes while it is hashed is kept under the identity it had
before, which it no longer has, so it is hashed again next time.

These digests are a cache across builds (like content_cache.templates'), not the state
of one build: each answer is checked against the file on every use.
"""

from __future__ import annotations

import hashlib
import os
import time

from common.cachekeys import SETTLED

LIMIT = 200_000  # files remembered; past that the memory starts again empty
_known: dict[str, tuple[tuple, bytes]] = {}


def digest(path: str, method: str) -> bytes:
    """hashlib `method`'s digest of the bytes of the file at path."""
    found = os.stat(path)
    identity = (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns,
                found.st_ctime_ns, method)
    held = _known.get(path)
    if held is not None and held[0] == identity:
        return held[1]
    hashed_at = time.time_ns()
    with open(path, "rb") as file:
        value = hashlib.new(method, file.read()).digest()
    if max(found.st_mtime_ns, found.st_ctime_ns) < hashed_at - int(SETTLED * 1e9):
        if len(_known) >= LIMIT:
            _known.clear()
        _known[path] = (identity, value)
    return value


def remember_digests(generator) -> None:
    """generator_init, article_generator_init, page_generator_init: the generator's reader
    cache, and the generator's own (it stamps every file it asks, even when it caches
    nothing: the reader layer caches here), ask digest() for their file stamps. The
    reader cache is made before generator_init (the read-ahead asks it then), the
    generator's own after."""
    method = generator.settings.get("CHECK_MODIFIED_METHOD")
    if method not in hashlib.algorithms_guaranteed:
        return

    def stamp(path: str) -> bytes:
        return digest(path, method)

    for cacher in (generator, getattr(generator, "readers", None)):
        if hasattr(cacher, "_filestamp_func"):
            cacher._filestamp_func = stamp
