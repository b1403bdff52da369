"""Read the files the content cache does not hold on every core, before Pelican asks.

Pelican reads articles and pages one after the other in one process: Markdown, the
sanitizer and our header checks take most of a cold build at 10,000 articles, and the
machine's other cores wait. Pelican's reader cache is the seam: Readers.read_file() asks
it first, and calls the reader only for a file it does not hold (or holds for other
bytes). So, when a generator is made (generator_init), the files it will read that the
cache does not answer are read ahead by worker processes (forked: they have this
build's settings, plugins and readers already) and their results put in the cache.
Pelican's own loop then finds them there, exactly as it finds the reads of an unchanged
file in a warm build: same signals, same content objects, same order.

Only a clean read is put in the cache: a file whose read recorded a diagnostic, logged
a warning or raised is left for Pelican's loop to read again in this process, where its
mistakes are reported as in any build. That is the content cache's own rule (a cached
read is one that was clean), so nothing a worker reads can hide a mistake.

In the resident preview, the files its kept reads answer (kept.py) are not asked about:
the build takes their reads from there, and the reader cache it keeps may not even be
unpickled (spared.py).
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import os

from pelican.urlwrappers import URLWrapper

from common import build as build_state
from common import children, diagnostics

logger = logging.getLogger(__name__)

_work: dict = {}  # what the forked workers read: set before the pool starts


def prefetch(generator, workers: int, min_files: int) -> int:
    """Read ahead the uncached files of an articles or pages generator; how many."""
    paths_setting = {"ArticlesGenerator": ("ARTICLE_PATHS", "ARTICLE_EXCLUDES"),
                     "PagesGenerator": ("PAGE_PATHS", "PAGE_EXCLUDES")}.get(
                         type(generator).__name__)
    readers = getattr(generator, "readers", None)
    if paths_setting is None or readers is None or workers < 2:
        return 0
    settings = generator.settings
    files = sorted(generator.get_files(settings[paths_setting[0]],
                                       exclude=settings[paths_setting[1]]))
    kept = build_state.running().kept_reads  # the resident preview's (kept.py)
    answered = kept.answers if kept is not None and kept.warm() else None
    todo = []
    for relative in files:
        path = os.path.abspath(os.path.join(generator.path, relative))
        kind = os.path.splitext(path)[1][1:]
        if kind in readers.readers and not (answered and answered(path)) and \
                readers.get_cached_data(path, None) is None:
            todo.append((path, kind))
    if len(todo) < min_files:
        return 0
    _work.update(readers=readers)
    # Small chunks, taken as they come: the reads arrive while others are made, and no
    # answer holds half the site at once (peak memory).
    chunks = [todo[start:start + CHUNK] for start in range(0, len(todo), CHUNK)]
    done = 0
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=children.worker_start) as pool:
            for chunk in pool.imap_unordered(_read_chunk, chunks):
                for path, read in chunk:
                    if read is not None:
                        _give_settings(read[1], settings)
                        readers.cache_data(path, read)
                        done += 1
    except Exception as error:  # noqa: BLE001 - no pool (a sandbox): Pelican reads the rest
        logger.info("Pembacaan paralel tidak tersedia (%s); berkas dibaca satu per satu",
                    error)
    finally:
        _work.clear()
    return done


CHUNK = 64  # files per task


def _wrappers(metadata: dict):
    """The categories, tags and authors of a read's metadata (Pelican's URLWrappers)."""
    for value in metadata.values():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if isinstance(item, URLWrapper):
                yield item


def _without_settings(metadata: dict) -> dict:
    """In a worker: the metadata with copies of its categories, tags and authors that do
    not hold the settings (given back by _give_settings in the build's process)."""
    def bare(item):
        if not isinstance(item, URLWrapper):
            return item
        twin = copy.copy(item)
        twin.settings = None
        return twin

    return {key: [bare(i) for i in value] if isinstance(value, list)
            else tuple(bare(i) for i in value) if isinstance(value, tuple) else bare(value)
            for key, value in metadata.items()}


def _give_settings(metadata: dict, settings: dict) -> None:
    """Each category, tag and author holds the build's settings, as a read here would:
    they travel without them (a copy of the settings per tag made the answers large)."""
    for wrapper in _wrappers(metadata):
        wrapper.settings = settings


def _read_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, tuple | None]]:
    """In a worker: each file's read, or None when it was not clean."""
    readers = _work["readers"]
    return [(path, _read_one(readers, path, kind)) for path, kind in chunk]


def _read_one(readers, path: str, kind: str) -> tuple | None:
    from pelican.readers import _filter_discardable_metadata

    before = len(diagnostics.log())
    warned = Warned()
    logging.getLogger().addHandler(warned)
    try:
        with diagnostics.log().recording() as recorded:
            content, metadata = readers.readers[kind].read(path)
        if recorded or warned.seen or len(diagnostics.log()) != before:
            return None
        return (content, _without_settings(_filter_discardable_metadata(metadata)))
    except Exception:  # noqa: BLE001 - read again by Pelican, which reports it
        return None
    finally:
        logging.getLogger().removeHandler(warned)


class Warned(logging.Handler):
    """Notices a warning logged while a file is read (Markdown's, for one)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen = False

    def emit(self, record) -> None:
        self.seen = True


def worker_count(setting) -> int:
    """CONTENT_CACHE['workers']: None means one per core this process may use."""
    if setting is None:
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            return os.cpu_count() or 1
    return max(1, int(setting))

