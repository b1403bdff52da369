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
"""

from __future__ import annotations

import logging
import multiprocessing
import os

from common import diagnostics

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
    todo = []
    for relative in files:
        path = os.path.abspath(os.path.join(generator.path, relative))
        kind = os.path.splitext(path)[1][1:]
        if kind in readers.readers and readers.get_cached_data(path, None) is None:
            todo.append((path, kind))
    if len(todo) < min_files:
        return 0
    _work.update(readers=readers)
    # One chunk per worker: what a chunk returns is pickled once, so the settings its
    # categories and tags hold travel once per chunk, not once per file.
    chunks = [todo[start::workers] for start in range(workers)]
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            results = pool.map(_read_chunk, chunks)
    except Exception as error:  # noqa: BLE001 - no pool (a sandbox): Pelican reads them all
        logger.info("Pembacaan paralel tidak tersedia (%s); berkas dibaca satu per satu",
                    error)
        return 0
    finally:
        _work.clear()
    done = 0
    for chunk in results:
        for path, read in chunk:
            if read is not None:
                readers.cache_data(path, read)
                done += 1
    return done


def _read_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, tuple | None]]:
    """In a worker: each file's read, or None when it was not clean."""
    readers = _work["readers"]
    return [(path, _read_one(readers, path, kind)) for path, kind in chunk]


def _read_one(readers, path: str, kind: str) -> tuple | None:
    from pelican.readers import _filter_discardable_metadata

    before = len(diagnostics.current)
    warned = _Warned()
    logging.getLogger().addHandler(warned)
    try:
        with diagnostics.current.recording() as recorded:
            content, metadata = readers.readers[kind].read(path)
        if recorded or warned.seen or len(diagnostics.current) != before:
            return None
        return (content, _filter_discardable_metadata(metadata))
    except Exception:  # noqa: BLE001 - read again by Pelican, which reports it
        return None
    finally:
        logging.getLogger().removeHandler(warned)


class _Warned(logging.Handler):
    """Notices a warning logged while a worker reads (Markdown's, for one)."""

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

