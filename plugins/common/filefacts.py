"""What a build learned by reading a file, kept with the file's identity for the next build
of the same process (the live preview builds again on every save).

Some checks read every file of the site on every build: the sitemap reads each page's
head (noindex), the Blogger check reads each article's source for archive photos. Most
files are the same file as in the previous build: a page linked unchanged from the
previous site (build_report/renders.py), an article nobody saved. An answer is kept with
the file's path, device, inode, size and modification time (the render traces and the
read cache trust a file by the same stamp) and given again only while all are the same.

A file changed within cachekeys.SETTLED seconds of being read is not kept: a second write
in the same tick of the file system's clock would leave the stamp as it was. This is a
cache across builds, checked against the file on every use, not the state of one build.
"""

from __future__ import annotations

import os
import time
from typing import Callable, Generic, TypeVar

from .cachekeys import SETTLED

Answer = TypeVar("Answer")


class FileFacts(Generic[Answer]):
    """answer(path, *key) computed by read(path, *key), kept per file identity and key
    (at most `limit` answers)."""

    def __init__(self, read: Callable[..., Answer], limit: int = 200_000) -> None:
        self.read = read
        self.limit = limit
        self.known: dict[tuple, Answer] = {}

    def answer(self, path: str | os.PathLike, *key) -> Answer:
        """read(path), or the answer kept for this very file; `key` adds what else the
        answer depends on (a name shown in it)."""
        found = os.stat(path)
        # The path too: a deleted file's inode number is given to the next file made, and
        # a test may set the same modification time on both.
        identity = (os.fspath(path), found.st_dev, found.st_ino, found.st_size,
                    found.st_mtime_ns, *key)
        try:
            return self.known[identity]
        except KeyError:
            pass
        read_at = time.time_ns()
        answer = self.read(os.fspath(path), *key)
        if found.st_mtime_ns < read_at - int(SETTLED * 1e9):
            if len(self.known) >= self.limit:
                self.known.clear()
            self.known[identity] = answer
        return answer
