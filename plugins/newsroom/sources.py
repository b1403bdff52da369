"""The links staff write in content files, with their line and column.

`written_links(text)` finds Markdown links and images, reference definitions and raw
HTML href/src in an article, a page or the text fields of a YAML record, outside code
(common.markdown_source, the one scanner of Markdown sources).
`missing_targets(...)` reports `{filename}`/`{static}`/`{attach}` links whose file is not
in content/ (Pelican would stop with a traceback on them). No Pelican import.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from common.markdown_source import SourceLink, links

INTRASITE = re.compile(r"^(?:\{(?P<a>filename|static|attach)\}|\|(?P<b>filename|static|attach)\|)"
                       r"(?P<path>.*)$")


# One link as written: line, column (of the address), url, image, form.
WrittenLink = SourceLink


def written_links(text: str, skip_header: bool = False,
                  markdown: bool = True) -> list[WrittenLink]:
    """Every link written in the text, in order, outside code (common.markdown_source);
    a reference definition to '#' ('[//]: # (catatan)') is a comment, not a link. A YAML
    record (`markdown=False`) is read line by line: its indentation is YAML's."""
    return [link for link in links(text, header=skip_header, blocks=markdown)
            if not (link.form == "reference" and link.url == "#")]


def intrasite_target(url: str, source: Path, content: Path) -> Path | None:
    """The content file a {filename}/{static}/{attach} link names; None for other links."""
    match = INTRASITE.match(url)
    if not match:
        return None
    path = unquote(re.split(r"[?#]", match["path"], maxsplit=1)[0]).strip("'\"")
    if path.startswith("/"):
        return (content / path.lstrip("/")).resolve()
    return (source.parent / path).resolve()


def fragment_of(url: str) -> str:
    return unquote(url.split("#", 1)[1]) if "#" in url else ""
