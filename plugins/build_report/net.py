"""The net under every build: whatever a library logs while building becomes a diagnostic.

Pelican, Python-Markdown, Jinja, PyYAML, Pillow and Pagefind report trouble by logging
(and Python's `warnings`, routed to logging). Each record of level WARNING or above is
turned into a diagnostic in the site's form, attributed to the file it names or else to
the file the build is working on (common.diagnostics.working_on), and kept off the
console: staff see it once, in Bahasa Indonesia, in the build's report. Messages we know
get their own code and wording; any other is wrapped, quoting the library's words.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from common import diagnostics, outfiles, sourcetext, textlines

# Loggers whose records are ours to report already (diagnostics are recorded directly).
QUIET = ("pelican.log",)


@dataclass(frozen=True)
class Translation:
    code: str
    severity: str
    message: str
    path: str | None = None  # the file the message names, when it names one
    needle: str | None = None  # text to look for in that file, for a line number


URL_KINDS = {"Tag": ("topik", "Tags"), "Category": ("kategori", "Category"),
             "Author": ("penulis", "Author")}


def translate(record: logging.LogRecord, content_root: Path) -> Translation:
    """The diagnostic a log record stands for (pure, apart from sys.exc_info())."""
    template = str(record.msg)
    args = record.args if isinstance(record.args, tuple) else (record.args,)
    args = tuple(a for a in args if a is not None) if args else ()

    if template.startswith("Unable to generate valid slug for"):
        kind, field = URL_KINDS.get(str(args[0]), (str(args[0]).lower(), str(args[0])))
        name = str(args[1]) if len(args) > 1 else ""
        return Translation(
            "BRT017", diagnostics.ERROR,
            f"nama {kind} {diagnostics.quote(name)} tidak menghasilkan alamat halaman; "
            f"tulis nama {kind} dengan huruf atau angka pada baris '{field}'",
            needle=name)
    if template.startswith("Unable to find") and "url replacement" in template:
        link = str(args[0]) if args else ""
        return Translation(
            "LNK001", diagnostics.ERROR,
            f"tautan ke berkas yang tidak ada di folder content/ (ditemukan: "
            f"{diagnostics.quote(link)}); periksa nama dan folder berkasnya", needle=link)
    if template.startswith("{filename} used for linking to static"):
        return Translation(
            "LNK003", diagnostics.WARNING,
            "tautan {filename} ke berkas yang bukan berita atau halaman; pakai {static} "
            f"(ditemukan: {diagnostics.quote(args[0] if args else '')})",
            needle="{filename}")
    if template.startswith("Could not process"):
        path = _content_path(args[0], content_root) if args else None
        if path is None and args:  # gone since Pelican listed it: still that file's
            path = str(content_root / str(args[0]))
        error = sys.exc_info()[1]
        if error is None and len(args) > 1 and isinstance(args[1], BaseException):
            error = args[1]  # Pelican logs the exception as an argument, outside `except`
        if isinstance(error, OSError):
            return Translation("FS003", diagnostics.ERROR,
                               sourcetext.unreadable_message(error), path=path)
        found = f"{type(error).__name__}: {error}" if error else record.getMessage()
        return Translation(
            "BRT018", diagnostics.ERROR,
            "berkas tidak dapat dibaca sebagai berita atau halaman (ditemukan: "
            f"{diagnostics.quote(found)}); periksa baris-baris keterangannya", path=path)
    if template.startswith("Skipping %s: could not find information about"):
        return Translation(
            "BRT001", diagnostics.ERROR,
            f"baris '{str(args[1]).title()}' tidak ada; berkas ini dilewati", path=None)
    if template.startswith("Unknown status"):
        return Translation(
            "BRT019", diagnostics.ERROR,
            "'Status' harus salah satu dari published, draft, hidden "
            f"(ditemukan: {diagnostics.quote(args[0] if args else '')})",
            needle="Status:")
    if template.startswith("Detected misconfiguration with"):
        key = str(args[0]) if args else ""
        return Translation(
            "CFG013", diagnostics.ERROR,
            f"pengaturan {key} harus daftar [...]; Pelican mengabaikan nilainya "
            f"({_first_line(record.getMessage())})", path=None, needle=f"{key} =")
    if template.startswith("Cannot load plugin"):
        name = str(args[0]) if args else ""
        reason = _first_line(str(args[1])) if len(args) > 1 else ""
        return Translation(
            "CFG005", diagnostics.ERROR,
            f"plugin '{name}' di PLUGINS tidak dapat dimuat ({reason}); periksa namanya dan "
            "PLUGIN_PATHS")
    if template.startswith(("Could not save cache", "Cannot unpickle cache")):
        return Translation(  # at the cache file it could not write or read
            "FS002", diagnostics.WARNING,
            "cache isi tidak dapat disimpan atau dibaca; situs tetap dibangun, pembangunan "
            f"berikutnya membaca ulang semua berkas ({_first_line(record.getMessage())})",
            path=str(args[0]) if args else "pelicanconf.py")
    if template.startswith("A problem occurred copying file") and len(args) == 3:
        # Pelican's copy of a static or theme file: a failed write is the copy's.
        source, destination, error = args
        path, message = copy_failure(source, destination, error)
        return Translation("FS001", diagnostics.ERROR, message, path=path)
    if record.name == "py.warnings":
        return Translation(
            "SIT002", diagnostics.WARNING,
            f"peringatan dari pustaka saat memproses berkas ini: "
            f"{diagnostics.quote(_first_line(record.getMessage()))}")
    origin = record.name.split(".")[0] or "situs"
    # Only WARNING and above reach here (DiagnosticHandler's level): a library's problem
    # stops the build, as SIT001 is registered.
    return Translation(
        "SIT001", diagnostics.ERROR,
        f"{origin} melaporkan masalah saat membangun situs: "
        f"{diagnostics.quote(_first_line(record.getMessage()))}")


# Messages a plugin reports itself, with the line: Pelican's own would say it twice.
LEFT_TO_PLUGINS = (
    "Empty alt attribute for image",  # the images plugin's IMG004, at the image's line
)


class DiagnosticHandler(logging.Handler):
    """A logging handler that records WARNING and above as diagnostics of the build."""

    def __init__(self, content_root: Path, settings_file: str = "pelicanconf.py") -> None:
        super().__init__(logging.WARNING)
        self.content_root = Path(content_root)
        self.settings_file = settings_file

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(QUIET) or str(record.msg).startswith(LEFT_TO_PLUGINS):
            return
        try:
            found = translate(record, self.content_root)
            path = found.path or _named_path(record, self.content_root) \
                or diagnostics.current_file() or self.settings_file
            line, column = locate(path, found.needle)
            diagnostics.record(path, line, column, found.code, found.message, found.severity)
        except Exception:  # noqa: BLE001  a handler must never break the build it reports on
            self.handleError(record)


class QuietConsole(logging.Filter):
    """Keeps WARNING and above off the console: they are in the build's report."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.WARNING or record.name.startswith(QUIET)


def copy_failure(source, destination, error) -> tuple[str, str]:
    """Where a failed copy of a file into the output is reported (FS001) and its message:
    a file that could not be read at itself, else the output file, naming its source."""
    if isinstance(error, OSError) and error.filename is not None and \
            error.filename2 is None and error.errno not in outfiles.WRITES_ONLY and \
            os.fspath(error.filename) == str(source):
        return str(source), f"berkas tidak dapat dibaca: {error.strerror or error}"
    reason = outfiles.failure_reason(error) if isinstance(error, OSError) \
        else _first_line(str(error))
    return str(destination), (f"berkas keluaran tidak dapat ditulis: {reason} "
                              f"(salinan dari {diagnostics.display_path(source)})")


def install(content_root: Path, settings_file: str = "pelicanconf.py") -> DiagnosticHandler:
    """Catch every warning of the build from now on; returns the handler (to remove)."""
    logging.captureWarnings(True)
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, QuietConsole) for f in handler.filters):
            handler.addFilter(QuietConsole())
    for handler in list(root.handlers):
        if isinstance(handler, DiagnosticHandler):
            root.removeHandler(handler)
    handler = DiagnosticHandler(content_root, settings_file)
    root.addHandler(handler)
    return handler


def locate(path: str, needle: str | None) -> tuple[int, int]:
    """1-based line and column of the first `needle` in the file, or (0, 0)."""
    if not needle:
        return 0, 0
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return 0, 0
    for number, line in enumerate(textlines.split_lines(text), start=1):
        at = line.find(needle)
        if at >= 0:
            return number, at + 1
    return 0, 0


def _named_path(record: logging.LogRecord, content_root: Path) -> str | None:
    args = record.args if isinstance(record.args, tuple) else ()
    for arg in args:
        path = _content_path(arg, content_root)
        if path:
            return path
    return None


def _content_path(value, content_root: Path) -> str | None:
    """`value` as a file under the content folder, when it names one."""
    if not isinstance(value, (str, Path)) or not str(value).strip():
        return None
    candidate = Path(str(value))
    for path in (candidate, content_root / candidate):
        try:
            if path.is_file():
                return str(path)
        except (OSError, ValueError):
            continue
    return None


def _first_line(text: str) -> str:
    return re.split(r"[\r\n]", text.strip(), maxsplit=1)[0]
