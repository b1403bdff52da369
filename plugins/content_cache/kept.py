"""Reads kept in memory between the builds of one process (the resident preview).

A save in the live preview builds the whole site again in the same process
(newsroom/resident.py). Pelican's reader cache already spares each unchanged file its
Markdown, but every build still asks Readers.read_file() for all of them: the file's
path made relative, its metadata from the path and the defaults, the cached read
unpickled and checked, the empty alt texts looked for. At 10,000 articles that was
about a tenth of the time from a save to the page the tab waits for.

KeptReads holds, for each file read cleanly by an earlier build of this process, what
read_file() handed the content class: the HTML and the metadata. The next build makes
the content object from them with the content class itself, so Pelican's
Content.__init__ and every content_object_init handler run on it as in a cold build;
only the work before that is skipped. What read_file() computes there is a function of:

- the file's bytes, and its modification time (a date may come from it): a kept read is
  used only while the file has the identity it had when it was read (device, inode,
  size, modification and change times in nanoseconds), and a file changed within
  cachekeys.SETTLED seconds of its read is not kept (a second write in the same tick of
  the file system's clock could leave that identity as it was): common/filefacts.py's
  rules, with its functions;
- everything else a read depends on: the settings, the vocabularies a read checks
  against, the plugins' code and the libraries' versions. That is the content cache's
  read key (common/cachekeys.py read_key, computed once per build by wiring.py); kept
  reads made under another key are all dropped;
- the signals sent around a read: when a plugin listens to Pelican's
  article_generator_preread or article_generator_context (none of ours does), every
  file is read as Pelican reads it.

Only a clean read is kept (the content cache's and the read-ahead's rule): one that
recorded no diagnostic, logged no warning and raised nothing, its content object made
by the content class asked for. A file with a mistake is read again by every build, so
its messages are given every time, as a cold build gives them.

Nothing of a build reaches the next one: the metadata is copied when it is kept (before
the content object or any handler can change it) and copied again for each build that
uses it, its categories, tags and authors as new objects holding the new build's
settings (prefetch.py gives a worker's reads the same). The kept reads belong to the
builder that made them (ResidentBuilder.kept), handed to each build it runs
(common/build.py Build.kept_reads); a build without them reads as Pelican does.
tests/test_resident_preview.py compares every build of the preview, after random edits
of every kind, byte for byte with a cold build.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass

from pelican.urlwrappers import URLWrapper

from common import build as build_state
from common import diagnostics
from common.filefacts import identity_of, settled

from .prefetch import Warned

logger = logging.getLogger("pelican.readers")  # read_file's own debug line, as it logs it


@dataclass(frozen=True)
class _Read:
    identity: tuple  # the file's (dev, inode, size, mtime_ns, ctime_ns) when read
    asked: tuple  # base_path, fmt, the content class
    content: str | None
    metadata: dict  # a copy nobody else holds


class KeptReads:
    """The clean reads of one builder's builds, by file and kind (see the docstring)."""

    def __init__(self) -> None:
        self.made_under: str | None = None  # the read key of the reads held
        self.key: str | None = None  # the running build's read key; None: not used
        self.reads: dict[str, _Read] = {}  # absolute path -> its last clean read
        self.asked: set[str] = set()  # the files the running build asked for
        self.used = 0  # reads the running build took from here
        # For spared.py: the files the last finished build asked for, and of those the
        # ones it read cleanly but too soon after they were written to keep (`recent`);
        # the files whose kept read the running build found out of date.
        self.previous: frozenset[str] = frozenset()
        self.recent: frozenset[str] = frozenset()
        self.changed: set[str] = set()
        self._recent: set[str] = set()  # the running build's
        self._looked: dict[str, tuple] = {}  # identity() of the files answers() looked at

    def begin(self) -> None:
        """A build starts: no read is used until its read key is known (under())."""
        self.key = None
        self.asked = set()
        self.changed = set()
        self._recent = set()
        self._looked = {}
        self.used = 0

    def under(self, key: str) -> None:
        """The running build reads under read key `key` (content_cache/wiring.py):
        reads made under another key are dropped."""
        if key != self.made_under:
            self.reads.clear()
            self.previous = self.recent = frozenset()
            self.made_under = key
        self.key = key

    def warm(self) -> bool:
        """Whether the running build has reads of earlier builds to take (under())."""
        return self.key is not None and self.key == self.made_under and bool(self.reads)

    def answers(self, path: str) -> bool:
        """Whether the running build will take `path`'s read from here (the file has the
        identity it was read with); a file that changed since is noted in `changed`."""
        found = self.reads.get(path) if self.warm() else None
        if found is None:
            return False
        now = identity(path)
        if now is not None and now[0] == found.identity:
            # read_file() takes this identity rather than look again: the build takes
            # the file as it was now, and a save since gives it another identity by the
            # next build, which the watcher starts (content_cache/stamps.py, the same).
            self._looked[path] = now
            return True
        self.changed.add(path)
        return False

    def may_hold(self, path: str) -> bool:
        """Whether the reader cache is worth unpickling for a read of `path`: for a file
        the last finished build asked for whose read was not kept (it warned, say), not
        for a new file, one whose kept read is out of date (its bytes changed since), or
        one whose clean read was too recent to keep (read again: one file, not the
        whole cache). A file with a kept read takes it, or changed since it was read."""
        return path in self.previous and path not in self.reads and \
            path not in self.changed and path not in self.recent

    def end(self) -> None:
        """The build finished: the reads of files it did not ask for are dropped (a file
        deleted, moved, or no longer under the content's folders)."""
        for path in set(self.reads) - self.asked:
            del self.reads[path]
        self.previous = frozenset(self.asked)
        self.recent = frozenset(self._recent)


def fresh(value, settings):
    """A copy of a metadata value that shares nothing mutable with it: lists, tuples and
    dicts copied, each category, tag and author a new object holding `settings`."""
    if isinstance(value, URLWrapper):
        twin = object.__new__(type(value))
        twin.__dict__.update(value.__dict__)
        twin.settings = settings
        return twin
    if isinstance(value, list):
        return [fresh(item, settings) for item in value]
    if isinstance(value, tuple):
        return tuple(fresh(item, settings) for item in value)
    if isinstance(value, dict):
        return {key: fresh(item, settings) for key, item in value.items()}
    return value


# What a read's metadata may hold to be kept: values that cannot change in place, and
# the containers and Pelican objects fresh() copies. Anything else (a plugin's own
# object) might be changed by the build that uses it: such a read is not kept.
_PLAIN = (str, bytes, int, float, bool, type(None))


def _keepable(value) -> bool:
    if isinstance(value, (*_PLAIN, dt.date, dt.time, dt.timedelta)):
        return True
    if isinstance(value, URLWrapper):
        return all(_keepable(item) for key, item in vars(value).items() if key != "settings")
    if isinstance(value, (list, tuple)):
        return all(_keepable(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _keepable(item) for key, item in value.items())
    return False


def identity(path: str) -> tuple[tuple, int] | None:
    """The file's identity and when it last changed (common/filefacts.py), None when it
    cannot be looked at."""
    try:
        return identity_of(os.stat(path))
    except OSError:
        return None


def keep_reads(generator) -> None:
    """generator_init: the generator's Readers.read_file() answers from the running
    build's kept reads (Build.kept_reads) where it may; see the module's docstring."""
    kept = build_state.running().kept_reads
    readers = getattr(generator, "readers", None)
    plain = getattr(readers, "read_file", None)
    if kept is None or plain is None or getattr(plain, "_kept", False):
        return

    def read_file(base_path, path, content_class=None, fmt=None, context=None,
                  preread_signal=None, preread_sender=None, context_signal=None,
                  context_sender=None):
        arguments = dict(content_class=content_class, fmt=fmt, context=context,
                         preread_signal=preread_signal, preread_sender=preread_sender,
                         context_signal=context_signal, context_sender=context_sender)
        if content_class is None:
            del arguments["content_class"]  # Pelican's default (Page)
        if kept.key is None or any(signal is not None and signal.receivers for signal in
                                   (preread_signal, context_signal)):
            return plain(base_path, path, **arguments)
        full = os.path.abspath(os.path.join(base_path, path))
        kept.asked.add(full)
        asked = (base_path, fmt, content_class)
        stamp = kept._looked.pop(full, None) or identity(full)
        now = stamp[0] if stamp is not None else None
        found = kept.reads.get(full)
        if found is not None and now is not None and found.identity == now and \
                found.asked == asked:
            kept.used += 1
            logger.debug("Read file %s -> %s (kept)", full, content_class.__name__)
            # Not asked again: find_empty_alt() (a kept read logged no warning, and its
            # HTML is the same) and the two signals (no receivers, checked above).
            metadata = fresh(found.metadata, readers.settings)
            return content_class(content=found.content, metadata=metadata,
                                 settings=readers.settings, source_path=full,
                                 context=context)
        if found is not None and (now is None or found.identity != now):
            kept.changed.add(full)
        kept.reads.pop(full, None)
        if content_class is None or now is None:
            return plain(base_path, path, **arguments)
        given: dict = {}

        def made(**parts):  # read_file's last step: the content class, given these
            if _keepable(parts.get("metadata")) and \
                    isinstance(parts.get("content"), (str, type(None))):
                given.update(content=parts.get("content"),
                             metadata=fresh(parts["metadata"], None))
            return content_class(**parts)

        read_at = time.time_ns()
        warned = Warned()
        root = logging.getLogger()
        root.addHandler(warned)
        try:
            with diagnostics.log().recording() as recorded:
                result = plain(base_path, path, **{**arguments, "content_class": made})
        finally:
            root.removeHandler(warned)
        if given and not recorded and not warned.seen and \
                type(result) is content_class and identity(full) == stamp:
            if settled(stamp[1], read_at):
                kept.reads[full] = _Read(now, asked, given["content"], given["metadata"])
            else:
                kept._recent.add(full)
        return result

    read_file._kept = True
    readers.read_file = read_file
