"""What a build learned by reading a file, kept with the file's identity for the next build
of the same process (the live preview, the test workers).

Some work reads every file of the site on every build: the reader cache hashes every
source (content_cache/stamps.py), the Blogger check reads every article for archive
photos, the sitemap reads each page's head (noindex). Most files are the same file as in
the previous build: an article nobody saved, a page linked unchanged from the previous
site (build_report/renders.py). An answer is kept per path with the file's identity (its
device, inode, size and modification time, and its change time when the file is a source)
and given again only while the file still has that identity.

A source's change time moves with every write and no program can set it back, so a file
written since has another identity, even at the same size and with its modification time
put back. A page of the site is different: the build links it into each new site, and a
new link moves the change time too, so pages are known without it (the render traces
trust a page by the same stamp). A file changed within cachekeys.SETTLED seconds of being
read is not kept: a second write in the same tick of the file system's clock could leave
its times as they were (git's "racily clean" files).

This is a cache across builds, checked against the file on every use, not the state of
one build.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Generic, TypeVar

from .cachekeys import SETTLED

Answer = TypeVar("Answer")


def identity_of(found: os.stat_result, change_time: bool = True) -> tuple[tuple, int]:
    """A file's identity from its stat (see the module's docstring), and the time it last
    changed in nanoseconds."""
    changed = max(found.st_mtime_ns, found.st_ctime_ns) if change_time else found.st_mtime_ns
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns,
            found.st_ctime_ns if change_time else None), changed


def settled(changed: int, read_at: int) -> bool:
    """Whether what was read at read_at (time_ns) may be kept for a file that last changed
    at `changed`: not within SETTLED seconds, when a second write in the same tick of the
    file system's clock could leave the file's identity as it was."""
    return changed < read_at - int(SETTLED * 1e9)


class FileFacts(Generic[Answer]):
    """answer(path, *key) computed by read(path, *key) and kept with the file's identity:
    one answer per path and key, at most `limit` of them."""

    def __init__(self, read: Callable[..., Answer], change_time: bool = True,
                 limit: int = 200_000) -> None:
        self.read = read
        self.change_time = change_time  # False for files the build links anew each time
        self.limit = limit
        self.known: dict[tuple, tuple[tuple, Answer]] = {}

    def answer(self, path: str | os.PathLike, *key) -> Answer:
        """read(path, *key), or the answer kept for this very file; `key` adds what else
        the answer depends on (a hash method, a name shown in it)."""
        path = os.fspath(path)
        identity, changed = identity_of(os.stat(path), self.change_time)
        held = self.known.get((path, *key))
        if held is not None and held[0] == identity:
            return held[1]
        read_at = time.time_ns()
        answer = self.read(path, *key)
        if settled(changed, read_at):
            if len(self.known) >= self.limit:
                self.known.clear()
            self.known[(path, *key)] = (identity, answer)
        return answer
