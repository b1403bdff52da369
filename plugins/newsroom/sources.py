"""The links staff write in content files, with their line and column.

`written_links(text)` finds Markdown links and images, reference definitions and raw
HTML href/src in an article, a page or the text fields of a YAML record, outside code.
`missing_targets(...)` reports `{filename}`/`{static}`/`{attach}` links whose file is not
in content/ (Pelican would stop with a traceback on them). No Pelican import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from common.textlines import split_lines

INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<url>[^)\s]+))")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<url>[^\s>]+)")
RAW = re.compile(r"""\b(?:href|src)\s*=\s*(?P<q>["'])(?P<url>[^"']+)(?P=q)""", re.IGNORECASE)
FENCE = re.compile(r"^ {0,3}(```|~~~)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
INTRASITE = re.compile(r"^(?:\{(?P<a>filename|static|attach)\}|\|(?P<b>filename|static|attach)\|)"
                       r"(?P<path>.*)$")


@dataclass(frozen=True)
class WrittenLink:
    line: int
    column: int
    url: str
    image: bool


def _blank_code_spans(line: str) -> str:
    """The line with inline code replaced by spaces, so columns stay where they were."""
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def written_links(text: str, skip_header: bool = False) -> list[WrittenLink]:
    """Every link written in the text, in order, outside fenced and inline code."""
    found: list[WrittenLink] = []
    in_fence = False
    in_header = skip_header
    for number, raw in enumerate(split_lines(text), start=1):
        if in_header:
            if not raw.strip():
                in_header = False
            continue
        if FENCE.match(raw):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = _blank_code_spans(raw)
        for match in INLINE.finditer(line):
            group = "angled" if match["angled"] is not None else "url"
            found.append(WrittenLink(number, match.start(group) + 1, match[group],
                                     match.group(0).startswith("!")))
        match = REFERENCE.match(line)
        if match and match["url"] != "#":
            found.append(WrittenLink(number, match.start("url") + 1, match["url"], False))
        for match in RAW.finditer(line):
            image = match.group(0).lower().startswith("src")
            found.append(WrittenLink(number, match.start("url") + 1, match["url"], image))
    return found


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
