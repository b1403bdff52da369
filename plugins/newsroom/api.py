"""Build the site in this process and get the result as data.

    from newsroom.api import build_site
    result = build_site("/path/to/project", overrides={"SITEURL": "https://contoh.go.id"})
    result.ok              # True when the site was written
    result.diagnostics     # [Diagnostic(path, line, column, code, message, severity)], sorted
    result.written         # the pages and feeds the writer put in place (absolute paths)
    result.files           # every file the build put in its output: {path: how}, how is
                           # 'written', 'linked' (from the previous site or a cache) or 'same'
    result.bytes_written   # bytes of the files written (0 for a build with nothing changed)
    result.sources         # {output file: the source file of its article or page} (absolute)
    result.scheduled       # [(source file, ISO date)] of articles held back until their date
    result.stdout, result.stderr   # what the command line prints for this build

The same net as `python -m newsroom.build` (which is a printer over this function): the
settings file checked (CFG0xx at its line), build_report's CheckedPelican (every mistake
a diagnostic, nothing written on a mistake), library warnings caught by the logging net.
Each call makes its own common.build.Build, so a second build in the process sees none
of the first's diagnostics, photo plan, render registry, search plan or sitemap dates.

What a build changes in the process is put back when it ends: the working folder (a
build runs from the project folder, so diagnostics name `content/...`), the locale
(Pelican sets it from LOCALE), the root logger's handlers and filters and Python's
warnings hook (the net), the signal handlers plugins connected (each build registers its
own PLUGINS, in their order), and Pelican's process-wide log deduplication (a warning
logged by one build is still reported by the next), and Pelican's memos of content
methods (which would hold every build's content objects). Builds in one process run one
at a time: the working folder and the locale belong to the whole process.
"""

from __future__ import annotations

import contextlib
import functools
import io
import locale
import logging
import os
import threading
import warnings
import weakref
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from common import build as build_state
from common import diagnostics
from common.diagnostics import Diagnostic

# One build at a time per process (see the module's docstring).
_one_at_a_time = threading.Lock()


@dataclass
class BuildResult:
    """What one build did: whether the site was written, its diagnostics, its files."""

    ok: bool
    diagnostics: list[Diagnostic]
    output: Path
    stdout: str = ""
    stderr: str = ""
    settings: dict = field(default_factory=dict, repr=False)
    bytes_written: int = 0
    scheduled: list[tuple[Path, str]] = field(default_factory=list)
    # As the build recorded them (absolute paths as text); `written`, `files` and `sources`
    # make their Paths when first asked: a save of the preview at 10,000 articles spent
    # 0.7 s making 25,000 Paths nobody looked at.
    recorded_written: list[str] = field(default_factory=list, repr=False)
    # The build's manifest (common/outfiles.py): every output file and how it was put.
    recorded_files: dict[str, str] = field(default_factory=dict, repr=False)
    recorded_sources: dict[str, str] = field(default_factory=dict, repr=False)
    # Each generator's pages as build_report/parallel.py wrote them: (jobs, how many a
    # fork of the build wrote, whether its part was kept; None when there was no fork).
    page_writing: list[tuple[int, int, bool | None]] = field(default_factory=list,
                                                             repr=False)

    @functools.cached_property
    def written(self) -> list[Path]:
        return [Path(p) for p in self.recorded_written]

    @functools.cached_property
    def files(self) -> dict[Path, str]:
        return {Path(p): how for p, how in self.recorded_files.items()}

    @functools.cached_property
    def sources(self) -> dict[Path, Path]:
        return {Path(p): Path(source) for p, source in self.recorded_sources.items()}

    def files_that_were(self, how: str) -> list[Path]:
        """The output files put in this way: 'written', 'linked' or 'same'."""
        return sorted(path for path, done in self.files.items() if done == how)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == diagnostics.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == diagnostics.WARNING]


def build_site(root: Path | str = ".", *, settings_file: str | os.PathLike = "pelicanconf.py",
               overrides: dict | None = None, output: str | os.PathLike | None = None,
               content: str | os.PathLike | None = None,
               folders_present: Collection[str] = (), first_pages: Collection[str] = (),
               on_first_pages=None, kept_reads=None) -> BuildResult:
    """Build the project in `root` once; the settings file and the content and output
    folders are relative to root (as `python -m newsroom.build CONTENT -s SETTINGS -o
    OUTPUT -e KEY=JSON` from that folder), overrides win over the settings file.
    `folders_present`: folders of the output there already (relative, with '/'), which
    the build does not make again (the resident preview's frame).
    `first_pages`: output names (relative, with '/'), or a function giving them when the
    pages are about to be written, written before the other pages of their generator;
    `on_first_pages({name: file})` is called in the build's thread once they are written
    and checked (the preview serves them before the build ends).
    `kept_reads`: a content_cache.kept.KeptReads the build reads from and adds to (the
    resident preview's, kept between its builds)."""
    root = Path(root).resolve()
    config: dict = {"DEBUG": False}  # as Pelican's get_config() gives it
    if content is not None:
        config["PATH"] = os.path.abspath(root / content)
    if output is not None:
        config["OUTPUT_PATH"] = os.path.abspath(root / output)
    config.update(overrides or {})
    return build_with_config(root, os.fspath(settings_file), config,
                             folders_present=folders_present, first_pages=first_pages,
                             on_first_pages=on_first_pages, kept_reads=kept_reads)


@contextlib.contextmanager
def between_builds():
    """Hold off every in-process build while the block runs (the resident preview settles
    the heap there: gc.freeze() during a build would keep its objects from the collector)."""
    with _one_at_a_time:
        yield


def build_with_config(root: Path, settings_file: str, config: dict, *,
                      folders_present: Collection[str] = (),
                      first_pages: Collection[str] = (), on_first_pages=None,
                      kept_reads=None) -> BuildResult:
    """build_site() with Pelican's settings overrides as its command line makes them."""
    from newsroom import build as cli

    out, err = io.StringIO(), io.StringIO()
    settings: dict | None = None
    with _one_at_a_time, _process_kept(root), build_state.started(root) as made:
        made.folders_present = frozenset(folders_present)
        made.first_pages = first_pages if callable(first_pages) else frozenset(first_pages)
        made.on_first_pages = on_first_pages
        if kept_reads is not None:
            kept_reads.begin()
            made.kept_reads = kept_reads
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            settings = cli.load_settings(settings_file, config)
            ok = settings is not None and cli.build(settings)
        found = made.diagnostics.sorted()
        scheduled = sorted((Path(source), date) for source, date in made.scheduled)
    output = Path(settings["OUTPUT_PATH"]) if settings else \
        Path(config.get("OUTPUT_PATH") or root / "output")
    return BuildResult(bool(ok), found, output, out.getvalue(), err.getvalue(),
                       settings or {}, made.manifest.bytes_written, scheduled,
                       recorded_written=list(made.written),
                       recorded_files=dict(made.manifest.files),
                       recorded_sources=dict(made.sources),
                       page_writing=[(r.jobs, r.forked, r.kept) for r in
                                     made.state.get("build_report.parallel", [])])


def _note_written(path, context=None) -> None:
    """Pelican's content_written: a page or feed the writer put in place."""
    made = build_state.active()
    if made is not None:
        made.written.append(os.fspath(path))
        content = (context or {}).get("article") or (context or {}).get("page")
        source = getattr(content, "source_path", None)
        if source:
            made.sources[os.path.abspath(path)] = os.path.abspath(source)


def _note_scheduled(generator) -> None:
    """The articles the news plugin holds back until their date (`scheduled`)."""
    made = build_state.active()
    if made is not None:
        made.scheduled = [(os.path.abspath(a.source_path), a.date.isoformat())
                          for a in getattr(generator, "drafts", [])
                          if getattr(a, "scheduled", False)]


@contextlib.contextmanager
def _process_kept(root: Path):
    """Run the block from `root`, then put back what a build changes in the process."""
    from pelican import signals
    from pelican.log import LimitFilter

    signals.content_written.connect(_note_written)  # the same functions: connected once
    signals.article_generator_finalized.connect(_note_scheduled)
    cwd = os.getcwd()
    saved_locale = locale.setlocale(locale.LC_ALL)
    logger = logging.getLogger()
    handlers = list(logger.handlers)
    filters = {handler: list(handler.filters) for handler in handlers}
    level = logger.level
    showwarning = warnings.showwarning
    receivers = _receivers()
    # Pelican drops a log message it has seen before in this process (LimitFilter, class
    # state): without this, a warning of the first build would be missing from the next.
    # Its LOG_FILTER setting is added to the same class for good; put back after.
    for kept in (LimitFilter._raised_messages, LimitFilter._group_count):
        kept.clear()
    ignored = set(LimitFilter._ignore)
    os.chdir(root)
    try:
        yield
    finally:
        os.chdir(cwd)
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_ALL, saved_locale)
        for handler in list(logger.handlers):
            if handler not in filters:
                logger.removeHandler(handler)
                with contextlib.suppress(Exception):
                    handler.close()
        logger.handlers[:] = handlers  # in their order, the net's replaced one too
        for handler in handlers:
            handler.filters[:] = filters[handler]
        logger.setLevel(level)
        if warnings.showwarning is not showwarning:
            logging.captureWarnings(False)
            warnings.showwarning = showwarning
        _restore_receivers(receivers)
        LimitFilter._ignore.clear()
        LimitFilter._ignore.update(ignored)
        _forget_memoized()


def _forget_memoized() -> None:
    """Empty Pelican's process-wide memos of content methods (`Content.get_content` and
    `get_summary` are `pelican.utils.memoized`, keyed on the content object): they hold
    every content object of every build and its HTML for as long as the process lives,
    about 10 MB per build at 1,000 articles in the resident preview (newsroom/resident.py)
    and in the test process. Nothing asks for a finished build's objects again."""
    from pelican.contents import Content
    from pelican.utils import memoized

    for value in vars(Content).values():
        if isinstance(value, memoized):
            value.cache.clear()


def _signals() -> list:
    """Every named blinker signal (Pelican's and the plugins' own, such as
    build_report's kabar_site_written)."""
    from blinker import signal
    from blinker.base import default_namespace

    signal("pelican_initialized")  # Pelican's signals are in the default namespace
    return list(default_namespace.values())


def _receivers() -> dict:
    return {sig: set(sig.receivers) for sig in _signals()}


def _restore_receivers(before: dict) -> None:
    """Disconnect what the build connected: plugins register again in the next build,
    in the order of its own PLUGINS."""
    for sig in _signals():
        kept = before.get(sig, set())
        for receiver_id, receiver in list(sig.receivers.items()):
            if receiver_id in kept:
                continue
            if isinstance(receiver, weakref.ref):
                receiver = receiver()
            if receiver is not None:
                sig.disconnect(receiver)
            else:
                sig.receivers.pop(receiver_id, None)
