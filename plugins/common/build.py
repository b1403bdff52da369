"""The state of one build: made when the build starts, gone when it ends.

Everything a build collects (its diagnostics, each plugin's plans and registries: the
photos to derive, the render traces' content registry, the search plan, the sitemap's
dates, the read cache's lock) lives on one `Build` object, never in a module global, so
two builds in one process (one after the other, or in different threads or contexts)
never see each other's state. Modules hold constants and pure functions only.

Why a context variable and not only the settings dict: most of the state is reached
from code that has no settings at hand (diagnostics.record() from pure helpers, a
template global, a logging handler), and Pelican copies the settings into the context
and into every content object, so an object put into them would also be pickled by the
read cache and fingerprinted by cache keys. `started()` sets the variable for the
duration of one build (the in-process API, newsroom/api.py, and CheckedPelican when
Pelican is started by its own command line); the Pelican instance also holds it
(`pelican.build_state`). A thread the build starts runs in a copy of the build's
context (`contextvars.copy_context().run`) when it must see it; forked workers inherit it.

Outside any build (a unit test calling a checker directly, the Blogger importer), code
gets the context's ambient Build: a log that lives as long as that context, which is
what such callers have always read from.

Left in modules on purpose, because they belong to the process, not to a build: the fork
hooks of common/children.py and the open lock files common/locks.py closes in forked
children; what forked workers read (content_cache/prefetch.py `_work`, set and cleared
within one call; the Blogger importer's worker initializer); caches of pure answers
(dates, display paths keyed on the working folder, the search name finder) and of the
file system (images' resolved folders, cleared when each build starts). Pelican's own
class-wide log deduplication is reset per build by newsroom/api.py.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from pathlib import Path
from typing import Any, Callable, Collection


class Build:
    """One build's state: its diagnostics, a slot per plugin, the project root."""

    def __init__(self, root: Path | str | None = None) -> None:
        from .diagnostics import DiagnosticLog  # diagnostics asks this module for its log
        from .outfiles import Manifest

        self.root = Path(root if root is not None else os.getcwd())
        self.diagnostics = DiagnosticLog()
        self.state: dict[str, Any] = {}  # one entry per plugin, named after it
        self.written: list[str] = []  # output files written (Pelican's content_written)
        self.sources: dict[str, str] = {}  # output file -> the article or page that made it
        self.scheduled: list[tuple[str, str]] = []  # held back: (source, ISO date)
        self.manifest = Manifest()  # every output file and how it was put (outfiles.py)
        self.scoped = False  # made by started(): its block decides when it ends
        self.pelican_made = False  # a CheckedPelican has run in it
        # Folders of the output known to be there when the build starts (the resident
        # preview's frame, newsroom/resident.py), relative with '/', the output itself
        # ".": not made again.
        self.folders_present: frozenset[str] = frozenset()
        # Pages someone is looking at (the preview's open tabs: output names with '/'),
        # written before the other pages of their generator; `on_first_pages` is given
        # {name: file} once they are (build_report/site.py CheckedWriter._write_first).
        # A function giving them is asked when the pages are about to be written: a tab
        # opened just before the save has told the preview by then.
        self.first_pages: Collection[str] | Callable[[], Collection[str]] = frozenset()
        self.on_first_pages: Callable[[dict[str, str]], None] | None = None
        # The clean reads of earlier builds of this process that this build may use
        # (content_cache/kept.py: the resident preview's); None: every file is read.
        self.kept_reads = None
        self._cleanups: list[Callable[[], None]] = []

    def pages_first(self) -> frozenset[str]:
        """The pages to write first now (first_pages), none when nobody is told."""
        if self.on_first_pages is None:
            return frozenset()
        wanted = self.first_pages
        return frozenset(wanted() if callable(wanted) else wanted)

    def slot(self, name: str, factory: Callable[[], Any]) -> Any:
        """The plugin's state named `name`, made by factory() the first time it is asked."""
        try:
            return self.state[name]
        except KeyError:
            made = self.state[name] = factory()
            return made

    def on_end(self, cleanup: Callable[[], None]) -> None:
        """Run cleanup() when the build ends (a lock held for the build is released)."""
        self._cleanups.append(cleanup)

    def end(self) -> None:
        """Release what the build held; later cleanups first."""
        while self._cleanups:
            cleanup = self._cleanups.pop()
            with contextlib.suppress(Exception):
                cleanup()


_running: contextvars.ContextVar[Build | None] = contextvars.ContextVar("kabar_build",
                                                                       default=None)
_ambient: contextvars.ContextVar[Build | None] = contextvars.ContextVar("kabar_ambient",
                                                                       default=None)


def active() -> Build | None:
    """The build running in this context, or None outside any build."""
    return _running.get()


def running() -> Build:
    """The build running in this context, or the context's ambient one outside a build."""
    found = _running.get()
    if found is not None:
        return found
    found = _ambient.get()
    if found is None:
        found = Build()
        _ambient.set(found)
    return found


@contextlib.contextmanager
def started(root: Path | str | None = None):
    """Within this block, a new Build is the running one; released and forgotten after."""
    made = Build(root)
    made.scoped = True
    token = _running.set(made)
    try:
        yield made
    finally:
        _running.reset(token)
        made.end()


def begin(root: Path | str | None = None) -> Build:
    """A new Build made the running one until the next begin() or the context's end
    (Pelican's own command line, which has no block to run a build in)."""
    previous = _running.get()
    if previous is not None and not previous.scoped:
        previous.end()
    made = Build(root)
    _running.set(made)
    return made


def for_settings() -> Build:
    """The build that reads settings now: the started() one, else a new one (a caller
    that reads settings and builds without the API starts a build by reading them)."""
    found = _running.get()
    return found if found is not None and found.scoped else begin()


def for_pelican() -> Build:
    """The build a CheckedPelican runs in: the started() one, the one whose settings were
    just read, or else a new one (a second Pelican in the same process)."""
    found = _running.get()
    if found is None or (not found.scoped and found.pelican_made):
        found = begin()
    found.pelican_made = True
    return found
