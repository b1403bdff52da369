"""Content diagnostics: every mistake staff can make, collected and reported at once.

A diagnostic names the file (relative to the repository), the 1-based line and column,
a stable code, and a message in Bahasa Indonesia that says what was expected and what
was found. Plugins record diagnostics while they read content; the build_report plugin
prints them all, sorted, before anything is written, and stops the build.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import textlines


# Severities: an error ("galat") stops the build; a warning ("peringatan") is printed
# with the others and the site is still built (e.g. unsafe HTML removed from an article).
ERROR = "galat"
WARNING = "peringatan"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One content mistake, ordered by file, line, column."""

    path: str
    line: int = 0
    column: int = 0
    code: str = field(default="", compare=True)
    message: str = field(default="", compare=True)
    severity: str = field(default=ERROR, compare=False)

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        return f"{where}: {self.severity} {self.code}: {self.message}"


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake found in a text, before anyone says which file the text is: what the
    pure checks return (header lines, records, schedules, links, settings, YAML and text
    decoding), made a Diagnostic at one place by the caller that knows the file."""

    line: int
    column: int
    code: str
    message: str
    severity: str = field(default=ERROR, compare=False)

    def at(self, path) -> Diagnostic:
        """This problem in the file `path` (shown as staff know it)."""
        return Diagnostic(display_path(path), self.line, self.column, self.code,
                          self.message, self.severity)


class ProblemError(Exception):
    """A Problem raised by a pure function that returns a value or stops (decoding a text,
    reading a YAML file); `.problem` is what it found, str() is 'line:column: message'.
    Its code is the caller's to give (the same bad byte is BRT010 in an article, INV001 in
    a record): `error.problem.code` is '' unless the raiser knew it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.line}:{problem.column}: {problem.message}")
        self.problem = problem

    @property
    def line(self) -> int:
        return self.problem.line

    @property
    def column(self) -> int:
        return self.problem.column

    @property
    def message(self) -> str:
        return self.problem.message


class FileProblem(Exception):
    """A file a build cannot use (a photo, a recording, a podcast cover), by `kind`
    (missing, unreadable, too_large, ... as the raising module lists them) and a `detail`.
    No line nor code: the file is reported where each text names it, at that line, in the
    words of that use (images/wiring.py, audio/messages.py). It crosses process pools as
    {"problem": kind, "detail": detail}."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind = kind
        self.detail = detail


class DiagnosticLog:
    """The diagnostics of one build; identical ones are kept once."""

    def __init__(self) -> None:
        self._items: set[Diagnostic] = set()
        self._recorders: list[list[Diagnostic]] = []

    def add(self, diagnostic: Diagnostic) -> None:
        self._items.add(diagnostic)
        for recorder in self._recorders:
            recorder.append(diagnostic)

    @contextlib.contextmanager
    def recording(self):
        """The diagnostics added within the block, in a list (what one page's render
        reported, kept to be reported again when the render is skipped)."""
        found: list[Diagnostic] = []
        self._recorders.append(found)
        try:
            yield found
        finally:
            # By identity: list.remove() compares lists by value, and a recording nested
            # in another (one page's, inside the whole part a fork writes) can hold the
            # same diagnostics as the outer one.
            for index, recorder in enumerate(self._recorders):
                if recorder is found:
                    del self._recorders[index]
                    break

    def extend(self, diagnostics) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        self._items.clear()


def log() -> DiagnosticLog:
    """The log of the build running in this context (common/build.py): every build has
    its own, so a second build in the same process starts with none of the first's."""
    from . import build

    return build.running().diagnostics


def __getattr__(name: str):
    # `diagnostics.current`, as code and tests named the running build's log before
    # builds had their own object: the same log as log().
    if name == "current":
        return log()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def record(path, line: int, column: int, code: str, message: str,
           severity: str = ERROR) -> Diagnostic:
    """Record a diagnostic in the current build's log and return it."""
    diagnostic = Diagnostic(display_path(path), line, column, code, message, severity)
    log().add(diagnostic)
    return diagnostic


def report(path, problems) -> None:
    """Record each Problem of `problems` (found in the file `path`) with its severity."""
    for problem in problems:
        log().add(problem.at(path))


def warn(path, line: int, column: int, code: str, message: str) -> Diagnostic:
    """Record a warning: shown to staff with the other diagnostics, the build goes on."""
    return record(path, line, column, code, message, WARNING)


# The file the build is working on (reading, checking or writing its pages), so that a
# warning a library logs, or an error it raises, can be attributed to it.
_working_on: contextvars.ContextVar[str | None] = contextvars.ContextVar("working_on",
                                                                         default=None)


@contextlib.contextmanager
def working_on(path):
    """Within this block, problems nobody attributes are attributed to `path`."""
    token = _working_on.set(os.fspath(path) if path is not None else None)
    try:
        yield
    finally:
        _working_on.reset(token)


def current_file() -> str | None:
    """The file the build is working on, as set by working_on(), or None."""
    return _working_on.get()


def has_errors() -> bool:
    """Whether the current build recorded a mistake that stops it."""
    return any(d.severity == ERROR for d in log().sorted())


def display_path(path) -> str:
    """The path as staff know it: relative to the working folder when inside it."""
    return _display_path(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=65_536)  # asked for every article by several checks
def _display_path(text: str, cwd: str) -> str:
    # The folders are resolved, the name is not: a symbolic link is named where it lies,
    # never by what it points to (a link out of content/ must not print its target's path).
    path = Path(text)
    try:
        if path.name in ("", ".", ".."):
            return path.resolve().relative_to(Path(cwd).resolve()).as_posix()
        return (path.parent.resolve() / path.name).relative_to(Path(cwd).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def format_report(diagnostics: list[Diagnostic]) -> str:
    """The text printed when a build stops: a header, then one line per diagnostic."""
    count = sum(1 for d in diagnostics if d.severity == ERROR)
    lines = [
        f"Situs tidak dibangun: {count} kesalahan ditemukan di isi situs. "
        "Perbaiki semuanya, lalu bangun ulang.",
    ]
    lines.extend(str(d) for d in diagnostics)
    return "\n".join(lines)


def format_warnings(diagnostics: list[Diagnostic]) -> str:
    """The text printed when a build succeeds with warnings only."""
    lines = [f"Situs dibangun, tetapi {len(diagnostics)} peringatan perlu diperiksa di isi "
             "situs:"]
    lines.extend(str(d) for d in diagnostics)
    return "\n".join(lines)


def quote(value) -> str:
    """A found value as shown in a message: short, on one line, in quotes, and every
    character a reader cannot see (zero-width space, bidi control, control character,
    no-break space...) written as <U+XXXX>, so 'Berita<U+200B>' does not look right."""
    text = str(value).replace("\r\n", " ").replace("\n", " ").strip(" \t\r")
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{textlines.visible(text)}'"
