"""Run Pelican as `python -m pelican` would, and write which source made each page.

Usage: python plugins/newsroom/sitebuild.py MAP.json PELICAN-ARGUMENTS...
The map (output file relative to the output folder -> source file) lets the content
check name the article or page that holds a broken link. It listens to Pelican's public
content_written signal; the build itself is unchanged.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    map_file, pelican_args = Path(argv[0]), argv[1:]
    from pelican import main as pelican_main
    from pelican import signals

    written: dict[str, str] = {}

    def remember(path, context=None):
        content = (context or {}).get("article") or (context or {}).get("page")
        source = getattr(content, "source_path", None)
        if source:
            written[str(Path(path).resolve())] = str(Path(source).resolve())

    signals.content_written.connect(remember)
    try:
        pelican_main(pelican_args)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        map_file.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
