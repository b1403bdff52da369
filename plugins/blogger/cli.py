"""`invoke import-blogger EXPORT.xml`: the command staff run, in Bahasa Indonesia.

Reads the BLOGGER setting from the settings file, runs the import, prints what it did
and answers with the exit code (1 only when something failed).
"""

from __future__ import annotations

import runpy
from pathlib import Path

from common import diagnostics

from .fetching import FetchPolicy
from .importer import Options, run
from .settings import blogger_settings


def main(export: str, settings_file: Path, content: Path | None = None, images: bool = True,
         pages: bool = False, force: bool = False, domains: tuple[str, ...] = ()) -> int:
    settings = runpy.run_path(str(settings_file))
    options = blogger_settings(settings)
    for problem in diagnostics.log().sorted():
        print(problem)
    root = Path(settings_file).resolve().parent
    content = Path(content) if content else root / settings.get("PATH", "content")
    report = run(Path(export), Options(
        content=content, images=images, pages=pages, force=force,
        domains=tuple(options["domains"]) + tuple(domains),
        categories_file=options["categories_file"],
        news_categories_file=(settings.get("NEWS") or {}).get("categories_file",
                                                               "data/kategori.yaml"),
        images_folder=options["images_folder"],
        max_image_bytes=int(options["max_image_mb"] * 1_000_000),
        network=FetchPolicy(timeout=float(options["timeout"]),
                            deadline=float(options["deadline"]),
                            max_redirects=int(options["max_redirects"])),
        video_hosts=tuple(options["video_hosts"])))
    for line in report.lines():
        print(line)
    return 0 if report.ok else 1
