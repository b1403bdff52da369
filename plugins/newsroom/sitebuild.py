"""Build the site once, and write which source made each page.

Usage: python plugins/newsroom/sitebuild.py MAP.json|- [--diagnostics FILE] [CONTENT] -s SETTINGS
       -o OUTPUT [-e K=JSON]
The build is the site's own command (newsroom.build: every problem a diagnostic, exit 1
when the site was not built), or plain Pelican with --fatal warnings where that command
is missing. The map (output file -> source file, both absolute) lets the content check
name the article or page that holds a broken link; it comes from Pelican's public
content_written signal, and the build itself is unchanged. The map also lists the
articles held back until their date ("scheduled": [source, ISO date]). With
--diagnostics, the build command writes its diagnostics to FILE as JSON Lines
(common/diagnostic_data.py), for the caller to read as data; the file is absent when the
build did not get as far as reporting (a crash: its output is all there is).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    map_file, build_args = argv[0], argv[1:]
    if build_args[:1] == ["--diagnostics"]:  # never a previous build's
        Path(build_args[1]).unlink(missing_ok=True)
    if str(PLUGINS) not in sys.path:
        sys.path.insert(0, str(PLUGINS))
    from pelican import signals

    written: dict[str, str] = {}

    def remember(path, context=None):
        content = (context or {}).get("article") or (context or {}).get("page")
        source = getattr(content, "source_path", None)
        if source:
            written[str(Path(path).resolve())] = str(Path(source).resolve())

    scheduled: list[list[str]] = []

    def held_back(generator):
        """Articles the news plugin holds back until their date (`scheduled`)."""
        scheduled[:] = sorted([str(Path(a.source_path).resolve()), a.date.isoformat()]
                              for a in getattr(generator, "drafts", [])
                              if getattr(a, "scheduled", False))

    if map_file != "-":  # the preview asks for no map: 19,000 paths resolved for nothing
        signals.content_written.connect(remember)
        signals.article_generator_finalized.connect(held_back)
    try:
        code = run_build(build_args)
    finally:
        if map_file != "-":
            Path(map_file).write_text(json.dumps({"written": written, "scheduled": scheduled},
                                                 sort_keys=True), encoding="utf-8")
    return code


def run_build(build_args: list[str]) -> int:
    try:
        from newsroom import build
    except ImportError:
        build = None
    if build is not None and hasattr(build, "main"):
        return build.main(build_args)
    from pelican import main as pelican_main

    if build_args[:1] == ["--diagnostics"]:  # plain Pelican writes no diagnostics file
        build_args = build_args[2:]
    try:
        pelican_main([*build_args, "--fatal", "warnings"])
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
