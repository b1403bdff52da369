"""The digest of a content file's bytes, made once per version of the file.

Pelican's reader cache knows a file by the digest of its bytes (CHECK_MODIFIED_METHOD
"sha256", pelicanconf.py): a modification time can go back, a copy keeps the old one.
So every build read and hashed every article, twice (the read-ahead asks the cache
first, then Pelican's loop): about 1 s of each preview save at 10,000 articles.

A process that builds more than once (the preview, the test workers) keeps each digest
with the identity of the file it was made from (common/filefacts.py: device, inode,
size, and modification and change times in nanoseconds). A file with the same identity
gets the same digest without being read; a file written since has another identity. A
file that changes while it is hashed is kept under the identity it had before, which it
no longer has, so it is hashed again next time.

Within one build a file is asked for four times (the read-ahead, Pelican's cache lookup,
its cache store, the generator's own stamp), all through the generator's stamp function
(remember_digests): the first answer is the generator's for that file. A file saved
after it was first asked is read by this build as it was or as it is now; either way it
has another identity by the next build, which reads it again (the preview's watcher
starts that build).
"""

from __future__ import annotations

import hashlib

from common.filefacts import FileFacts


def digest(path: str, method: str) -> bytes:
    """hashlib `method`'s digest of the bytes of the file at path."""
    return _digests.answer(path, method)


def _hash(path: str, method: str) -> bytes:
    with open(path, "rb") as file:
        return hashlib.new(method, file.read()).digest()


_digests = FileFacts(_hash)


def remember_digests(generator) -> None:
    """generator_init, article_generator_init, page_generator_init: the generator's reader
    cache, and the generator's own (it stamps every file it asks, even when it caches
    nothing: the reader layer caches here), ask digest() for their file stamps. The
    reader cache is made before generator_init (the read-ahead asks it then), the
    generator's own after."""
    method = generator.settings.get("CHECK_MODIFIED_METHOD")
    if method not in hashlib.algorithms_guaranteed:
        return

    cachers = (generator, getattr(generator, "readers", None))
    for cacher in cachers:  # asked again for the same generator: its stamps kept
        made = getattr(cacher, "_filestamp_func", None)
        if getattr(made, "method", None) == method:
            stamp = made
            break
    else:
        stamp = _Stamps(method)
    for cacher in cachers:
        if hasattr(cacher, "_filestamp_func"):
            cacher._filestamp_func = stamp


class _Stamps:
    """One generator's stamp function: each file's digest, asked once (the generator is
    made for one build)."""

    def __init__(self, method: str) -> None:
        self.method = method
        self.known: dict[str, bytes] = {}

    def __call__(self, path: str) -> bytes:
        held = self.known.get(path)
        if held is None:
            held = self.known[path] = digest(path, self.method)
        return held


def idle_generator_cache(generator) -> None:
    """article_generator_init, page_generator_init: a generator whose own cache keeps
    nothing (the reader layer caches here: CONTENT_CACHING_LAYER "reader") answers its
    lookups with nothing and keeps nothing, without asking each file's stamp to compare
    it with a cache that holds none. Pelican asked it twice per file and build (0.05-0.1 s
    of a save at 10,000 articles, since the kept reads ask no stamps: kept.py)."""
    if getattr(generator, "_cache_data_policy", True) or getattr(generator, "_cache", None):
        return
    generator.get_cached_data = _nothing_cached
    generator.cache_data = _keep_nothing


def _nothing_cached(filename, default=None):
    return default


def _keep_nothing(filename, data) -> None:
    return None
