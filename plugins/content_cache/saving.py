"""The reader cache saved by a fork of the build, while the build goes on.

Pelican saves a generator's reader cache at the end of its generate_context: the whole
cache pickled into one file, 0.19 s of every build at 10,000 articles, before any page
is written (and before the live preview can show the page a tab is on). A fork made at
that moment holds the cache exactly as it is then (its memory is a copy of the build's
at the fork), so the fork's file has the bytes the build would have written itself;
the build goes on with the other core free for it.

The cache is trusted only once its folder holds the COMPLETE mark (wiring.py): the mark
is written only after every fork that saves into the folder has ended well; a fork that
failed, or was killed with the build, leaves no mark, and the next build starts from the
last trusted snapshot. A small cache, or a system without fork, is saved in place.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import sys

from common import build as build_state

from .spared import SparedCache

MIN_ENTRIES = 500  # fewer: saved in place (a fork of a large build costs about 10 ms)
SLOT = "content_cache.savers"


def save_aside(cacher) -> None:
    """Make `cacher.save_cache()` (a Pelican FileDataCacher: a generator's Readers) save
    in a fork when its cache is large."""
    save = getattr(cacher, "save_cache", None)
    if save is not None and hasattr(os, "fork"):
        cacher.save_cache = functools.partial(_save, cacher, save)


def _save(cacher, save) -> None:
    cache = getattr(cacher, "_cache", ())
    if len(cache) < MIN_ENTRIES and not isinstance(cache, SparedCache):
        return save()  # (a spared cache is saved whole: the file it spared, unpickled)
    from common import children

    for stream in (sys.stdout, sys.stderr):  # the fork must not print them again
        with contextlib.suppress(Exception):
            stream.flush()
    children.install()  # the fork dies with the build
    try:
        pid = os.fork()
    except OSError:
        return save()
    if pid == 0:  # the fork: saves, then ends without running anything of the build's
        code = 1
        try:
            children.worker_start()
            gc.freeze()  # no collection: nothing is written to the shared pages
            save()
            code = 0
        finally:
            os._exit(code)
    build = build_state.running()
    savers = build.state.get(SLOT)
    if savers is None:
        savers = build.state[SLOT] = []
        build.on_end(lambda: finished(build))  # a failed build reaps them too
    savers.append(pid)


def finished(build=None) -> bool:
    """Wait for the build's saving forks; whether each ended well."""
    build = build or build_state.running()
    savers = build.state.get(SLOT) or []
    good = True
    while savers:
        pid = savers.pop()
        try:
            _, status = os.waitpid(pid, 0)
        except ChildProcessError:
            good = False
            continue
        good = good and os.waitstatus_to_exitcode(status) == 0
    return good
