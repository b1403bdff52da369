"""The sitemap itself: which written pages go in, and their XML. No Pelican import.

pelican-sitemap listed every HTML file (the search page and its noindex among them),
dated list pages and profiles with the build time (so two builds of the same content
differed), and could not know an innovation's date. Here a page is listed only when it
is a clean address (folder/index.html) a search engine may index, and dated only by its
content: an article's Modified or Date, a profile's `diperbarui`. List pages carry no
date rather than a made-up one.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

from common.filefacts import FileFacts

NOINDEX = re.compile(r'<meta\s+name="robots"\s+content="[^"]*noindex', re.I)
HEAD_END = "</head>"


def listed_pages(output: Path, exclude: list[str], files=None) -> list[str]:
    """Paths (relative to output, folder/index.html) of indexable pages, by address.

    `files`: the absolute paths of every file in output, when the caller knows them (a
    staging folder holds only what the build's writer put there: its manifest). Else the
    folder is walked: 0.3-0.4 s of every preview save at 10,000 articles (19,000
    folders), where the manifest costs nothing."""
    found = []
    root = os.path.abspath(os.fspath(output))  # as the manifest spells its paths
    prefix = os.path.join(root, "")
    start = len(prefix)  # where a path under root becomes relative
    skip = re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in exclude)).match \
        if exclude else None
    if files is None:
        # os.walk, not Path.rglob (at 10,000 articles the rglob was 0.7 s of every
        # save); links to folders are not followed. Every folder it gives starts with root.
        pages = (os.path.join(folder, "index.html")
                 for folder, _, names in os.walk(root) if "index.html" in names)
    else:
        tail = os.sep + "index.html"
        pages = (path for path in files if path.startswith(prefix) and path.endswith(tail))
    for path in pages:
        relative = path[start:].replace(os.sep, "/")
        if skip is not None and skip(relative):
            continue
        if is_noindex(path):
            continue
        found.append(relative)
    return sorted(found, key=lambda relative: relative.removesuffix("index.html"))


def is_noindex(path: str | os.PathLike) -> bool:
    """Whether the page's head asks search engines not to index it.

    Asked of every page on every build; a page linked unchanged from the previous site
    (build_report/renders.py) is the same file as before, so a process that builds again
    (the preview) keeps each answer with the file's identity (common/filefacts.py)."""
    return _noindex.answer(path)


def _read_noindex(path: str) -> bool:
    with open(path, encoding="utf-8", errors="replace") as page:
        head = page.read(8192)
    return bool(NOINDEX.search(head.split(HEAD_END, 1)[0]))


# Pages of the previous site are linked into each new one: a new link moves the change time.
_noindex = FileFacts(_read_noindex, change_time=False)


def lastmod(value: dt.date | dt.datetime | None) -> str | None:
    """W3C date(time) of a content date; a datetime keeps its time zone."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def sitemap_xml(base: str, pages: list[str], dates: dict[str, dt.date | dt.datetime]) -> str:
    """The sitemap of pages (relative save_as paths) under base, with their content dates."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in pages:
        address = base.rstrip("/") + "/" + page.removesuffix("index.html")
        lines.append(f"<url><loc>{escape(address)}</loc>")
        date = lastmod(dates.get(page))
        if date:
            lines[-1] += f"<lastmod>{date}</lastmod>"
        lines[-1] += "</url>"
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
