"""Build the site: `python -m newsroom.build [--diagnostics FILE] [CONTENT] -s SETTINGS -o OUTPUT
[-e KEY=JSON]`.

Pelican's own command line, with everything that can go wrong turned into the site's
diagnostics (plugins/build_report): a broken or mistyped settings file is reported at
its line, the build's mistakes are listed at once, and the exit is 1 when the site was
not built. Never a traceback. Run with the project's plugins/ folder on PYTHONPATH.
main() prints what the in-process API (newsroom/api.py) returns; load_settings() and
build() are the steps the API runs inside a build's own state (common/build.py).
"""

from __future__ import annotations

import ast
import signal
import sys
import traceback
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Build once; 0 when the site was written, 1 when it was not."""
    from pelican import get_config, parse_arguments
    from pelican.log import init as init_logging

    from common import children

    # Every worker and program this build starts ends with it, even when it is killed
    # (common/children.py); a file grown past `ulimit -f` fails its write (EFBIG, reported
    # as that file's diagnostic) instead of killing the build with SIGXFSZ.
    children.install()
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    argv = sys.argv[1:] if argv is None else list(argv)
    diagnostics_file = None  # --diagnostics FILE: the build's diagnostics as data
    if argv[:1] == ["--diagnostics"]:
        diagnostics_file, argv = argv[1], argv[2:]
        Path(diagnostics_file).unlink(missing_ok=True)  # never a previous build's
    try:
        args = parse_arguments(merge_extra_settings(argv))
    except ValueError as error:  # a value of -e that is not JSON
        sys.stderr.write("Situs tidak dibangun: perintah pembangunan berisi pengaturan -e yang "
                         f"tidak dapat dibaca: {error}\n")
        return 1
    init_logging(level=args.verbosity, fatal="", name="pelican")
    from newsroom import api

    result = api.build_with_config(Path.cwd(), args.settings or "pelicanconf.py",
                                   get_config(args))
    if diagnostics_file:  # for the preview's build processes (newsroom/preview.py)
        from common import diagnostic_data

        diagnostic_data.write_file(diagnostics_file, result.diagnostics)
    sys.stdout.write(result.stdout)
    sys.stdout.flush()
    sys.stderr.write(result.stderr)
    sys.stderr.flush()
    return 0 if result.ok else 1


def merge_extra_settings(argv: list[str]) -> list[str]:
    """All `-e KEY=VALUE` groups as one: Pelican keeps only the last -e it is given."""
    kept: list[str] = []
    extra: list[str] = []
    taking = False
    for token in argv:
        if token in ("-e", "--extra-settings"):
            taking = True
            continue
        if taking and not token.startswith("-"):
            extra.append(token)
            continue
        taking = False
        kept.append(token)
    return kept + (["-e", *extra] if extra else [])


def load_settings(settings_file: str, overrides: dict) -> dict | None:
    """Pelican's settings, or None after reporting what makes them unreadable."""
    from pelican.settings import DEFAULT_CONFIG, read_settings

    from common import diagnostics

    from build_report.settings_check import check_types
    from build_report.site import report

    from build_report import net

    from common import build as build_state

    build_state.for_settings()  # a new build's state, unless the API started one
    net.install(Path("content"), diagnostics.display_path(settings_file))  # Pelican warns too
    shown = diagnostics.display_path(settings_file)
    if not Path(settings_file).is_file():
        diagnostics.record(shown, 0, 0, "CFG010",
                           "berkas pengaturan tidak ditemukan; jalankan perintah dari folder "
                           "proyek atau sebutkan berkas dengan -s")
        report()
        return None
    if isinstance(overrides.get("LOG_FILTER"), list):  # -e gives JSON: pairs as lists
        overrides = {**overrides, "LOG_FILTER": [tuple(pair) if isinstance(pair, list) else pair
                                                 for pair in overrides["LOG_FILTER"]]}
    try:
        settings = read_settings(settings_file, override=overrides)
    except SyntaxError as error:
        line = error.lineno or 0 if _same_file(error.filename, settings_file) else 0
        diagnostics.record(shown, line, error.offset or 0 if line else 0, "CFG011",
                           f"pengaturan tidak dapat dibaca: penulisan Python salah "
                           f"({error.msg}); periksa tanda kutip, koma, dan kurung")
        report()
        return None
    except Exception as error:  # noqa: BLE001  any mistake in the settings file
        line = _line_in(error.__traceback__, settings_file)
        diagnostics.record(shown, line, 0, "CFG012",
                           f"pengaturan tidak dapat dimuat: {type(error).__name__}: "
                           f"{diagnostics.quote(error)}")
        report()
        return None
    diagnostics.report(shown, check_types(settings, DEFAULT_CONFIG,
                                          _assignment_lines(settings_file), overrides))
    if diagnostics.has_errors():
        report()
        return None
    return settings


def build(settings: dict) -> bool:
    """One build with the checked Pelican; True when the site was written."""
    from build_report.site import CheckedPelican

    cls = settings.get("PELICAN_CLASS")
    if not (isinstance(cls, type) and issubclass(cls, CheckedPelican)):
        cls = CheckedPelican
    return cls(settings).build()  # it prints the build's report itself


def _assignment_lines(settings_file: str) -> dict[str, tuple[int, int]]:
    """The line and column of each top-level `NAME = ...` in the settings file."""
    try:
        tree = ast.parse(Path(settings_file).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, tuple[int, int]] = {}
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            if isinstance(target, ast.Name):
                found[target.id] = (node.lineno, node.col_offset + 1)
    return found


def _line_in(tb, settings_file: str) -> int:
    line = 0
    for frame, number in traceback.walk_tb(tb):
        if _same_file(frame.f_code.co_filename, settings_file):
            line = number
    return line


def _same_file(name, settings_file: str) -> bool:
    try:
        return bool(name) and Path(name).resolve() == Path(settings_file).resolve()
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
