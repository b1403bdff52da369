"""The HTML side of images: <picture> markup, and finding <img> tags in article HTML.

Pure functions, no Pelican import. URLs are built by a `url(path)` callable so the
caller decides how SITEURL is joined (it differs per page with RELATIVE_URLS).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Callable

from common import markdown_source
from common.textlines import position

from .derive import Variant

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# How Markdown authors point at content files: {static}/images/x.jpg or {attach}x.jpg
INTRASITE = re.compile(r"^[{|](static|attach)[|}](.*)$")
# Files a camera or an editor makes: linked or shown, they are published as derivatives.
PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff",
                            ".bmp", ".heic", ".heif"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")
# A {static}/{attach} link in an attribute of HTML (as the sanitiser writes it).
STATIC_LINK = re.compile(
    r"""\b(?:href|src)\s*=\s*(?P<quote>["'])(?P<value>[{|](?:static|attach)[|}][^"']*)(?P=quote)""",
    re.IGNORECASE)


@dataclass(frozen=True)
class ImgTag:
    """One <img> found in HTML: where it stands and its attributes (unescaped)."""

    start: int
    end: int
    attributes: dict[str, str]


def find_img_tags(text: str) -> list[ImgTag]:
    """Every <img> tag in HTML, with its attributes; cheap when there is none."""
    if "<img" not in text and "<IMG" not in text:
        return []
    tags = []
    for match in IMG_TAG.finditer(text):
        inner = match.group(0)[4:].rstrip(">").rstrip("/")
        attributes = {}
        for attr in ATTRIBUTE.finditer(inner):
            name = attr.group(1).lower()
            raw = next((g for g in attr.group(2, 3, 4) if g is not None), None)
            attributes[name] = html.unescape(raw) if raw is not None else ""
        tags.append(ImgTag(match.start(), match.end(), attributes))
    return tags


def intrasite_path(src: str) -> tuple[str, str] | None:
    """('static', 'images/x.jpg') for '{static}/images/x.jpg'; None for other URLs.

    The path keeps a leading '/' when it is relative to the content folder.
    """
    match = INTRASITE.match(src.strip())
    if not match:
        return None
    return match.group(1), match.group(2).split("#")[0].split("?")[0]


def site_path(src: str) -> tuple[str, str] | None:
    """('site', '/images/x.jpg') for a photo named by its path in the site, not by
    {static}: such a path points at the original, which is never published as it is."""
    text = src.strip()
    if not text or text.startswith(("#", "//", "{", "|")) or _SCHEME.match(text):
        return None
    path = text.split("#")[0].split("?")[0]
    if PurePosixPath(path).suffix.lower() not in PHOTO_SUFFIXES:
        return None
    return "site", path


def is_photo(path: str) -> bool:
    return PurePosixPath(path.split("#")[0].split("?")[0]).suffix.lower() in PHOTO_SUFFIXES


def derivative_path(source: str, name: str, tag: str = "") -> str:
    """'images/berita/foto-480.1a2b3c4d.webp' for source 'images/berita/foto.jpg', name
    '480.webp' and tag '1a2b3c4d' (the content hash; without one, 'foto-480.webp')."""
    stem = PurePosixPath(source).with_suffix("")
    width, _, fmt = name.partition(".")
    return f"{stem}-{width}.{tag}.{fmt}" if tag else f"{stem}-{width}.{fmt}"


def og_path(source: str, tag: str = "") -> str:
    stem = PurePosixPath(source).with_suffix("")
    return f"{stem}-og.{tag}.jpg" if tag else f"{stem}-og.jpg"


def fit_sizes(sizes: str, width: int, height: int, max_height_vh: float | None) -> str:
    """`sizes` for an image CSS keeps within max_height_vh of the screen's height.

    A portrait cover shown at most 75vh tall is narrower than its column, so the browser
    should fetch a narrower file. CSS min() would say it in one word, but the HTML checker
    refuses it in sizes; so before each entry comes one for the screens where the height
    is what limits: a fixed width (62rem) when the screen is low, a width that follows the
    screen (100vw) when the screen is wider than the picture allows.
    """
    if not max_height_vh or width <= 0 or height <= 0:
        return sizes
    ratio = max_height_vh / 100 * width / height  # shown width per unit of screen height
    limit = f"{round(100 * ratio, 2):g}vh"
    entries = []
    for entry in _SIZE_ENTRY.split(sizes):
        found = _CONDITION.match(entry.strip())
        condition, length = (found["condition"], found["length"]) if found else ("", entry.strip())
        fixed = re.fullmatch(r"(\d+(?:\.\d+)?)rem", length)
        if fixed:  # height limits when 100vh * ratio < the width: a low screen
            low = f"(max-height: {int(float(fixed[1]) * 16 / ratio)}px)"
            extra = low
        elif re.fullmatch(r"100vw|calc\(100vw - \d+(?:\.\d+)?rem\)", length):
            extra = f"(min-aspect-ratio: {round(ratio * 1000)}/1000)"  # a wide screen
        else:
            entries.append(entry.strip())
            continue
        entries.append(f"{condition} and {extra} {limit}" if condition else f"{extra} {limit}")
        entries.append(entry.strip())
    return ", ".join(entries)


# Entries of a sizes attribute are split at commas outside parentheses (calc(a, b) stays).
_SIZE_ENTRY = re.compile(r",(?![^()]*\))")
_CONDITION = re.compile(r"^(?P<condition>\([^()]*\)(?:\s+(?:and|or)\s+\([^()]*\))*)\s+"
                        r"(?P<length>.+)$")


def picture(source: str, files: list[Variant], alt: str, url: Callable[[str], str],
            sizes: str = "100vw", eager: bool = False, css_class: str = "",
            title: str = "", tag: str = "", max_height_vh: float | None = None) -> str:
    """<picture> with a WebP source and a JPEG/PNG fallback, each a srcset of widths.

    width/height come from the widest derivative, so the browser reserves the space
    before the image arrives (no layout shift); lazy unless `eager` (first screen).
    """
    webp = [v for v in files if v.format == "webp"]
    fallback = [v for v in files if v.format != "webp"]
    widest = fallback[-1]

    def srcset(chosen: list[Variant]) -> str:
        return ", ".join(f"{url(derivative_path(source, v.name, tag))} {v.width}w"
                         for v in chosen)

    sizes = fit_sizes(sizes, widest.width, widest.height, max_height_vh)
    smallest_good = next((v for v in fallback if v.width >= 960), widest)
    attrs = [
        ("src", url(derivative_path(source, smallest_good.name, tag))),
        ("srcset", srcset(fallback)),
        ("sizes", sizes),
        ("width", str(widest.width)),
        ("height", str(widest.height)),
        ("alt", alt),
    ]
    if title:
        attrs.append(("title", title))
    if max_height_vh:
        # Its width is known before the file arrives (no layout shift): the column's, or
        # less when the height limit is what holds it.
        limit = round(max_height_vh * widest.width / widest.height, 2)
        attrs.append(("style", f"max-width: {limit:g}vh"))
    if css_class:
        attrs.append(("class", css_class))
    if not eager:  # first-screen images load at once (no fetchpriority: the checker lacks it)
        attrs.append(("loading", "lazy"))
    attrs.append(("decoding", "async"))
    img = "<img " + " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs) + ">"
    if not webp:  # every WebP came out heavier than its JPEG/PNG: those alone
        return f"<picture>{img}</picture>"
    # A width whose WebP was dropped for being heavier offers its JPEG/PNG here: a browser
    # that takes this source shows either, and gets the lighter file at every width.
    webp_widths = {v.width for v in webp}
    offered = sorted(webp + [v for v in fallback if v.width not in webp_widths],
                     key=lambda v: v.width)
    source_tag = (f'<source type="image/webp" srcset="{html.escape(srcset(offered))}" '
                  f'sizes="{html.escape(sizes)}">')
    return f"<picture>{source_tag}{img}</picture>"


def locate(text: str, needle: str, occurrence: int) -> tuple[int, int]:
    """1-based line and column of the n-th (0-based) occurrence of needle in the text of
    a Markdown file that is rendered as text: not in its header, nor in code or comments
    (common.markdown_source), which show an image as an example, so the n-th image of
    the page is the n-th written outside them.

    The column points at the '![' that opens a Markdown image on that line when there
    is one. (0, 0) when not found.
    """
    searched = markdown_source.prose(text)
    found = -1
    for _ in range(occurrence + 1):
        found = searched.find(needle, found + 1)
        if found < 0:
            return 0, 0
    line, column = position(text, found)
    line_start = found - column + 1
    opener = searched.rfind("![", line_start, found)
    return (line, column) if opener < 0 else (line, opener - line_start + 1)
