"""`{static}` and `{filename}` links in a Markdown file, checked against content/.

Pelican replaces these links when it writes, and only logs what it cannot find: the
page is published with a dead link. Here each one is found at its line and column and
checked before anything is written. Pure, no Pelican import.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from common import markdown_source
from common.diagnostics import Problem, quote
from common.textlines import visible

# A link to a content file: {static}/..., {filename}..., {attach}... (or |static|...).
# Images (![..](..), src=) are the images plugin's: it names a missing one (IMG001).
INTRASITE = re.compile(r"^[{|](?P<what>static|filename|attach)[}|](?P<path>[^\s)\"'>\]]*)")
# The same marker anywhere: a file without one has no such link (most articles), and
# finding every address in it was an eighth of reading one.
ANY_INTRASITE = re.compile(r"[{|](?:static|filename|attach)[}|]")
# Files the build reads as sources: linking to one would publish nothing, or the raw source.
SOURCE_SUFFIXES = (".yaml", ".yml", ".py", ".json", ".j2")
PAGE_SUFFIXES = (".md",)


def check_links(text: str, source: Path, content_root: Path) -> list[Problem]:
    """Every `{static}`/`{filename}` link of `text` (the file at `source`) that would break."""
    if ANY_INTRASITE.search(text) is None:
        return []
    root = content_root.resolve()
    problems = []
    for link in markdown_source.links(text, header=True):
        match = INTRASITE.match(link.url)
        if match is None or link.image:
            continue
        number, column = link.line, link.column  # the opening brace
        what, written = match["what"], match["path"]
        target = unquote(written.split("#", 1)[0].split("?", 1)[0])
        shown = f"{{{what}}}{written}"
        if not target:
            problems.append(Problem(number, column, "LNK001",
                                    f"tautan {{{what}}} tanpa nama berkas; tulis "
                                    "jalurnya, misalnya {static}/images/foto.jpg"))
            continue
        base = root if target.startswith("/") else source.resolve().parent
        resolved = (base / target.lstrip("/")).resolve()
        if not _inside(resolved, root):
            problems.append(Problem(number, column, "LNK002",
                                    "tautan menunjuk ke luar folder content/; hanya "
                                    "berkas di dalam content/ yang diterbitkan "
                                    f"(ditemukan: {quote(shown)})"))
        elif not resolved.is_file():
            relative = PurePosixPath(resolved.relative_to(root).as_posix())
            problems.append(Problem(number, column, "LNK001",
                                    "tautan ke berkas yang tidak ada: content/"
                                    f"{visible(str(relative))} (ditemukan: "
                                    f"{quote(shown)}); periksa "
                                    "nama dan folder berkasnya"))
        elif resolved.suffix.lower() in SOURCE_SUFFIXES:
            problems.append(Problem(number, column, "LNK004",
                                    "tautan ke berkas sumber situs, yang tidak "
                                    "diterbitkan; tautkan halamannya, misalnya "
                                    f"/inovasi/nama-inovasi/ (ditemukan: {quote(shown)})"))
        elif what == "filename" and resolved.suffix.lower() not in PAGE_SUFFIXES:
            problems.append(Problem(number, column, "LNK003",
                                    "{filename} hanya untuk berita dan halaman (.md); "
                                    f"untuk berkas lain pakai {{static}} (ditemukan: "
                                    f"{quote(shown)})"))
    return problems


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True
