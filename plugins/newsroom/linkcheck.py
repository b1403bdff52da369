"""Find broken internal references in a built site: links, anchors, images, feed entries.

`broken_references(folder, base_url)` reads every HTML page and stylesheet (and the entry
links of Atom feeds and the sitemap), resolves each URL as a browser would against the
page's public address under `base_url`, maps folder URLs to index.html, and reports what
is missing: a file, or the element with the #fragment's id. URLs to other hosts and other
schemes (mailto:, data:, ...) are not followed. Pure functions, no Pelican import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

# The address of a local build: relative URLs work under any folder, and a link written
# from the site's root ('/inovasi/x/') means that page of the site.
LOCAL_BASE = "http://situs.invalid/"
URL_ATTRIBUTES = [("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"),
                  ("script", "src"), ("source", "src"), ("video", "src"), ("video", "poster"),
                  ("audio", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                  ("track", "src"), ("form", "action"), ("input", "src")]
SRCSET_ATTRIBUTES = [("img", "srcset"), ("source", "srcset")]
IMAGE_TAGS = {"img", "source", "video", "input"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "sms:", "geo:")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True, order=True)
class Broken:
    """One reference that does not resolve: the page holding it, what and why."""

    page: str  # the referring file, relative to the site folder
    url: str  # as written in the page
    code: str  # TAU001 page or file, TAU002 anchor, TAU003 image, TAU004 outside the site
    problem: str  # in Bahasa Indonesia
    image: bool = False


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute ("a.jpg 480w, b.jpg 960w" -> ["a.jpg", "b.jpg"])."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


class _Collector(HTMLParser):
    """Collects the URL attributes and the ids of one HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for attribute in URLS_OF.get(tag, ()):
            if values.get(attribute) is not None:
                self.found.append((tag, values[attribute].strip()))
        for attribute in SRCSETS_OF.get(tag, ()):
            self.found += [(tag, url) for url in srcset_urls(values.get(attribute) or "")]
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.found += [("style", match[1]) for match in CSS_URL.findall(data)]


URLS_OF: dict[str, list[str]] = {}
for _tag, _attribute in URL_ATTRIBUTES:
    URLS_OF.setdefault(_tag, []).append(_attribute)
SRCSETS_OF: dict[str, list[str]] = {}
for _tag, _attribute in SRCSET_ATTRIBUTES:
    SRCSETS_OF.setdefault(_tag, []).append(_attribute)


def html_references(html: bytes) -> tuple[list[tuple[str, str]], set[str]]:
    """(tag, url) pairs of one HTML document, and the ids it defines."""
    collector = _Collector()
    collector.feed(html.decode("utf-8", errors="replace"))
    collector.close()
    return collector.found, collector.ids


def xml_references(data: bytes) -> list[tuple[str, str]]:
    """Entry links of an Atom feed and page addresses of a sitemap."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return []
    found = [("a", link.get("href")) for link in root.iter(f"{ATOM}link") if link.get("href")]
    found += [("a", (loc.text or "").strip()) for loc in root.iter(f"{SITEMAP}loc")]
    return found


class Site:
    """A built site folder published at base_url; each HTML file parsed once."""

    def __init__(self, folder: Path, base_url: str = LOCAL_BASE) -> None:
        self.folder = Path(folder).resolve()
        self.base = base_url.rstrip("/") + "/"
        self._parsed: dict[Path, tuple[list[tuple[str, str]], set[str]]] = {}

    def parsed(self, path: Path) -> tuple[list[tuple[str, str]], set[str]]:
        if path not in self._parsed:
            self._parsed[path] = html_references(path.read_bytes())
        return self._parsed[path]

    def address(self, relative: str) -> str:
        """The public address of a file of the site (folder/ for folder/index.html)."""
        return self.base + relative.removesuffix("index.html")

    def target(self, absolute: str) -> tuple[Path | None, str, str]:
        """The file an address of this site points to, or None with a code and reason."""
        path = unquote(urlsplit(absolute).path)
        root = urlsplit(self.base).path
        if not path.startswith(root):
            return None, "TAU004", f"keluar dari alamat situs {self.base}"
        path = path[len(root):]
        candidate = (self.folder / path).resolve()
        if not candidate.is_relative_to(self.folder):
            return None, "TAU004", f"keluar dari alamat situs {self.base}"
        if path.endswith("/") or path == "" or candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file():
            return candidate, "", ""
        shown = candidate.relative_to(self.folder).as_posix()
        return None, "", f"tidak ada di situs (dicari: {shown})"

    def check(self, relative: str, tag: str, url: str) -> Broken | None:
        if not url or url.lower().startswith(SKIPPED_SCHEMES):
            return None
        absolute = urljoin(self.address(relative), url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(self.base).netloc:
            return None  # another host: not ours to check (no network at build time)
        image = tag in IMAGE_TAGS
        target, code, problem = self.target(absolute)
        if target is None:
            code = code or ("TAU003" if image else "TAU001")
            return Broken(relative, url, code, problem, image)
        fragment = unquote(parts.fragment)
        if fragment and not fragment.startswith(":~:") and target.suffix == ".html":
            if fragment not in self.parsed(target)[1]:
                page = target.relative_to(self.folder).as_posix().removesuffix("index.html")
                return Broken(relative, url, "TAU002",
                              f"menunjuk bagian '#{fragment}' yang tidak ada di halaman "
                              f"/{page}")
        return None


def references_of(site: Site, path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".html":
        return site.parsed(path)[0]
    if path.suffix == ".css":
        text = path.read_text(encoding="utf-8", errors="replace")
        return [("style", match[1]) for match in CSS_URL.findall(text)]
    if path.suffix == ".xml":
        return xml_references(path.read_bytes())
    return []


def broken_references(folder: Path, base_url: str = LOCAL_BASE,
                      skip: tuple[str, ...] = ("pagefind/",)) -> list[Broken]:
    """Every broken internal reference of a built site, sorted by page.

    `skip` lists folder prefixes whose files are not read as referrers (Pagefind's own
    bundle); they can still be targets.
    """
    site = Site(folder, base_url)
    broken: set[Broken] = set()
    for path in sorted(site.folder.rglob("*")):
        relative = path.relative_to(site.folder).as_posix()
        if not path.is_file() or relative.startswith(skip):
            continue
        for tag, url in references_of(site, path):
            problem = site.check(relative, tag, url)
            if problem:
                broken.add(problem)
    return sorted(broken)
