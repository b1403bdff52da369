"""Find broken internal references in a built site: links, anchors, images, scripts, styles.

`broken_references(folder)` walks every HTML file (and every stylesheet's url()), resolves each
URL as a browser would against the page's own address, maps folder URLs to index.html, and
reports what does not exist: a file, or the element with the #fragment's id in the target.
URLs to other hosts and other schemes (mailto:, data:, ...) are not followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

# Pages are resolved as if the site were hosted under a sub-path, as hosts may do: a
# relative URL that climbs above the site's root is broken there.
BASE = "http://situs.invalid/sub/jalur/"
# (tag, attribute) pairs that hold one URL, and those that hold a srcset.
URL_ATTRIBUTES = [("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"),
                  ("script", "src"), ("source", "src"), ("video", "src"), ("video", "poster"),
                  ("audio", "src"), ("iframe", "src"), ("embed", "src"), ("object", "data"),
                  ("track", "src"), ("form", "action"), ("input", "src")]
SRCSET_ATTRIBUTES = [("img", "srcset"), ("source", "srcset")]
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True, order=True)
class Broken:
    page: str  # path of the referring file, relative to the site folder
    reference: str  # tag and attribute, or "css url()"
    url: str
    problem: str

    def __str__(self) -> str:
        return f"{self.page}: {self.reference}={self.url!r}: {self.problem}"


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset attribute ("a.jpg 480w, b.jpg 960w" -> ["a.jpg", "b.jpg"])."""
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def page_address(relative: str) -> str:
    return BASE + relative


def references(html: bytes) -> tuple[list[tuple[str, str]], set[str]]:
    """(reference label, url) pairs in one HTML document, and the ids it defines."""
    tree = lxml.html.fromstring(html)
    found: list[tuple[str, str]] = []
    for tag, attribute in URL_ATTRIBUTES:
        for element in tree.iter(tag):
            value = element.get(attribute)
            if value is not None:
                found.append((f"<{tag} {attribute}>", value.strip()))
    for tag, attribute in SRCSET_ATTRIBUTES:
        for element in tree.iter(tag):
            for url in srcset_urls(element.get(attribute) or ""):
                found.append((f"<{tag} {attribute}>", url))
    for element in tree.iter("style"):
        found += [("<style> url()", match[1]) for match in CSS_URL.findall(element.text or "")]
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    ids |= {element.get("name") for element in tree.iter("a") if element.get("name")}
    return found, ids


class Site:
    """A built site folder, read lazily; ids of each HTML file parsed once."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder).resolve()
        self._parsed: dict[Path, tuple[list[tuple[str, str]], set[str]]] = {}

    def parsed(self, path: Path) -> tuple[list[tuple[str, str]], set[str]]:
        if path not in self._parsed:
            self._parsed[path] = references(path.read_bytes())
        return self._parsed[path]

    def target(self, url: str) -> tuple[Path | None, str]:
        """The file an absolute site URL points to (None when it is not there), and why."""
        path = unquote(urlsplit(url).path)
        root = urlsplit(BASE).path
        if not path.startswith(root):
            return None, "keluar dari folder situs"
        path = path[len(root):]
        candidate = (self.folder / path).resolve()
        if not candidate.is_relative_to(self.folder):
            return None, "keluar dari folder situs"
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file():
            return candidate, ""
        return None, f"berkas tidak ada: {candidate.relative_to(self.folder)}"

    def check(self, referrer: Path, label: str, url: str) -> Broken | None:
        relative = referrer.relative_to(self.folder).as_posix()
        if not url or url.startswith(("mailto:", "tel:", "data:", "javascript:", "blob:")):
            return None
        absolute = urljoin(page_address(relative), url)
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(BASE).netloc:
            return None  # another host: not ours to check here (no network in tests)
        target, problem = self.target(absolute)
        if target is None:
            return Broken(relative, label, url, problem)
        fragment = unquote(parts.fragment)
        if fragment and not fragment.startswith(":~:") and target.suffix == ".html":
            if fragment not in self.parsed(target)[1]:
                return Broken(relative, label, url,
                              f"tidak ada id={fragment!r} di {target.relative_to(self.folder)}")
        return None


def broken_references(folder: Path, skip: tuple[str, ...] = ()) -> list[Broken]:
    """Every broken internal reference in the HTML and CSS files of a built site, sorted.

    `skip` lists folder prefixes (relative, e.g. "pagefind/") whose files are not read as
    referrers; they can still be targets.
    """
    site = Site(folder)
    broken: list[Broken] = []
    for path in sorted(site.folder.rglob("*")):
        relative = path.relative_to(site.folder).as_posix()
        if not path.is_file() or relative.startswith(skip):
            continue
        if path.suffix == ".html":
            pairs = site.parsed(path)[0]
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            pairs = [("css url()", match[1]) for match in CSS_URL.findall(text)]
        else:
            continue
        for label, url in pairs:
            problem = site.check(path, label, url)
            if problem:
                broken.append(problem)
    return sorted(set(broken))
