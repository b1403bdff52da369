"""The page an open tab shows, first: what lets the preview show a save before the whole
site is written.

A save in the preview rebuilds the site; the tab reloads once the new site is swapped in
(newsroom/resident.py). At 10,000 articles most of that time is spent on pages nobody is
looking at: checking the traces of 20,000 pages, linking them, the sitemap. So the
preview tells each build which pages its tabs show (their events stream names the page,
newsroom/preview.py); the build writes the jobs of those pages before the other pages of
their generator (build_report/site.py CheckedWriter._write_first) and says where they
are; the preview serves them from the staging folder, and their tab reloads then. The
rest of the site is served from the last good site until the swap, as during any build.

What makes a page served this way the page of a cold build:
- it is the very file the swap puts in place: the build writes each page once, and
  nothing after the writer changes a page (the finalized handlers write their own files:
  the photos' derivatives, the sitemap, the search index, the editor, the worker);
- only when every change of the save is the text of an article, a page or a record
  (`text_only`): the theme's style sheets and scripts, the documents and the photos'
  originals are then the last good site's, which the page asks for;
- only when every file the page embeds (photos, style sheets, scripts, sounds) is
  already served, by the last good site or the staging folder (`embeds_present`): a new
  photo's derivatives are written at the end of the build, so its page waits for the swap;
- the tab knows the page belongs to the build still running (its version is the build's
  number): when that build fails, the tab loads the last good page again, under the
  messages; when it succeeds, the tab has its page and does not reload again.
"""

from __future__ import annotations

import html.parser
import os
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

# The files of a save that change only what pages say (texts and records): a save of
# anything else (a template, a style sheet, a photo, the settings) waits for the swap.
TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")

# Attributes naming a file the page shows or runs, by element (<a href> is a link, not
# embedded; <link> only for the relations that load a file with the page).
_EMBEDDING = {
    "img": ("src", "srcset"), "source": ("src", "srcset"), "script": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",),
    "embed": ("src",), "iframe": ("src",), "object": ("data",), "input": ("src",),
}
_LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "manifest",
                 "apple-touch-icon"}


def page_name(url_path: str) -> str | None:
    """The output file a URL path of the preview names ("/berita/x/" gives
    "berita/x/index.html"); None for a path that is not a page of the site."""
    path = unquote(urlsplit(url_path).path)
    if not path.startswith("/") or "\\" in path or "\0" in path:
        return None
    parts = path[1:].split("/")
    if any(part in (".", "..") for part in parts):
        return None
    name = path[1:]
    return name + "index.html" if name == "" or name.endswith("/") else name


def page_url(name: str) -> str:
    """The URL path a tab shows output file `name` at (page_name's inverse for a folder
    page: "berita/x/index.html" gives "/berita/x/")."""
    if name == "index.html":
        return "/"
    if name.endswith("/index.html"):
        name = name[: -len("index.html")]
    return quote("/" + name, safe="/")


def text_only(changes) -> bool:
    """Whether every (kind, path) change of a save is an article's, a page's or a
    record's text under content/ (paths relative to the project, with '/')."""
    paths = [path for _, path in changes]
    return bool(paths) and all(
        path.startswith("content/") and path.lower().endswith(TEXT_SUFFIXES)
        for path in paths)


class _Embeds(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        if tag == "link":
            relations = set((named.get("rel") or "").lower().split())
            if relations & _LOADED_LINKS and named.get("href"):
                self.found.append(named["href"])
            return
        for attribute in _EMBEDDING.get(tag, ()):
            value = named.get(attribute)
            if not value:
                continue
            if attribute == "srcset":
                self.found += [item.split()[0] for item in value.split(",") if item.split()]
            else:
                self.found.append(value)

    handle_startendtag = handle_starttag


def embeds(text: str) -> list[str]:
    """The addresses of the files an HTML page embeds, as written in it."""
    parser = _Embeds()
    parser.feed(text)
    parser.close()
    return parser.found


def embeds_present(page: str | os.PathLike, name: str, roots) -> bool:
    """Whether every file the page `name` (its file: `page`) embeds from the site is in
    one of the folders `roots` (the last good site, the staging folder)."""
    try:
        text = Path(page).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    base = page_url(name)
    roots = [Path(root) for root in roots]
    for address in embeds(text):
        split = urlsplit(address)
        if split.scheme or split.netloc:
            if split.scheme in ("data", "blob"):
                continue
            return False  # the site embeds nothing from elsewhere; do not guess
        target = page_name(urljoin(base, split.path)) if split.path else None
        if target is None:
            return False
        if not any((root / target).is_file() for root in roots):
            return False
    return True
