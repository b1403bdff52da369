"""Blogger post HTML -> clean Markdown: cleaned with BeautifulSoup, converted by markdownify.

Kept: paragraphs, bold, italics, lists, links, headings (an h1 becomes h2: the page
title is the only h1), quotes, tables, images. Dropped: scripts, styles, forms, comments,
tracking pixels, iframes (a video embed from a known host becomes a link to the video,
so the reader's browser fetches nothing from elsewhere), Blogger's div/span/font cruft,
empty paragraphs and non-breaking spaces. Pure functions, no Pelican import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import quote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter

from .archive import DEFAULT_VIDEO_HOSTS

DROPPED_TAGS = ("script", "style", "noscript", "link", "meta", "form", "input", "button",
                "select", "textarea", "object", "embed", "svg", "map", "head", "title",
                "canvas", "audio", "video", "base")
UNWRAPPED_TAGS = ("span", "font", "center", "u", "small", "big", "section", "article",
                  "header", "footer", "main", "aside", "nav", "figure", "abbr", "cite",
                  "ins", "mark", "o:p", "label", "body", "html", "tbody", "thead", "tfoot")
DROPPED_SET = {*DROPPED_TAGS, "iframe", "table"}
BLOCK_TAGS = {"p", "div", "ul", "ol", "li", "table", "blockquote", "pre", "h1", "h2", "h3",
              "h4", "h5", "h6", "hr", "dl", "figure", "section", "article", "iframe"}
TRACKER_HOSTS = ("feeds.feedburner.com", "feedproxy.google.com", "www.google-analytics.com",
                 "stats.wordpress.com", "pixel.wp.com", "www.facebook.com", "bat.bing.com")
IMAGE_LINK = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp)(?:[?#].*)?$", re.IGNORECASE)

# image(src, alt) -> (src, alt) to write, or None to drop the image.
ImageHook = Callable[[str, str], "tuple[str, str] | None"]
LinkHook = Callable[[str], str]


@dataclass
class Converted:
    markdown: str
    dropped: list[str] = field(default_factory=list)  # what was removed, for the report


class _Tag(Tag):
    """bs4's Tag with a direct find_parent(name): markdownify asks every tag whether it
    lies inside a <pre>, and bs4's general filter made that a seventh of the import."""

    def find_parent(self, name=None, attrs=None, **kwargs):
        if not isinstance(name, str) or attrs or kwargs:
            return super().find_parent(name, attrs, **kwargs)
        parent = self.parent
        while parent is not None:
            if parent.name == name:
                return parent
            parent = parent.parent
        return None


class _Converter(MarkdownConverter):
    """markdownify with our choices; images keep only alt and src."""

    def convert_img(self, el, text, parent_tags):
        alt = " ".join((el.attrs.get("alt") or "").split()).replace("[", "(").replace("]", ")")
        src = el.attrs.get("src") or ""
        return f"![{alt}]({src})" if src else ""


def convert(html: str, image: ImageHook | None = None, link: LinkHook | None = None,
            video_hosts: tuple[str, ...] = DEFAULT_VIDEO_HOSTS) -> Converted:
    """The Markdown of one post's HTML; hooks decide each image and each link target."""
    soup = BeautifulSoup(html or "", "html.parser", element_classes={Tag: _Tag})
    dropped: list[str] = []
    # Walked by hand (soup.descendants): bs4's find_all filters cost more than the rest.
    # Innermost first (reverse document order): a tag removed with its container was
    # already handled, and a container sees its children in their final form.
    for tag in reversed(list(soup.descendants)):
        if not isinstance(tag, Tag):
            if isinstance(tag, Comment):
                tag.extract()
            continue
        if tag.name not in DROPPED_SET:
            continue
        if tag.name == "iframe":
            _replace_iframe(soup, tag, video_hosts, dropped)
        elif tag.name == "table":
            if "tr-caption-container" in (tag.get("class") or ()):
                _unpack_caption(soup, tag)
        else:
            dropped.append(tag.name)
            tag.decompose()
    # Images in document order: the hook downloads them and reports in that order.
    for tag in [t for t in soup.descendants if isinstance(t, Tag) and t.name == "img"]:
        _image(tag, image, dropped)
    for tag in reversed(list(soup.descendants)):
        if not isinstance(tag, Tag):
            continue
        name = tag.name
        if name == "a":
            _anchor(tag, link)
        elif name in UNWRAPPED_TAGS:
            style = (tag.get("style") or "").replace(" ", "").lower() if name in (
                "span", "font") else ""
            if "font-weight:bold" in style or "font-weight:700" in style:
                tag.wrap(soup.new_tag("b"))
            if "font-style:italic" in style:
                tag.wrap(soup.new_tag("i"))
            tag.unwrap()
        elif name == "div":
            if any(isinstance(child, Tag) and child.name in BLOCK_TAGS for child in tag.children):
                tag.unwrap()
            else:
                tag.name = "p"
                tag.attrs = {}
        elif name == "h1":
            tag.name = "h2"
    for text in [n for n in soup.descendants if type(n) is NavigableString]:
        cleaned = str(text).replace("\xa0", " ").replace("\u200b", "").replace("<", "&lt;")
        if text.previous_sibling is None and isinstance(text.parent, Tag) \
                and text.parent.name in ("p", "li", "td", "th", "[document]"):
            cleaned = LEADING_MARK.sub(_escape_leading, cleaned)
        if cleaned != str(text):
            text.replace_with(NavigableString(cleaned))
    markdown = _Converter(heading_style="ATX", bullets="-", escape_misc=False,
                          keep_inline_images_in=["a", "b", "strong", "i", "em", "td", "th",
                                                 "li", "p", "h2", "h3", "h4", "h5", "h6"]
                          ).convert_soup(soup)
    return Converted(_tidy(markdown), dropped)


LEADING_MARK = re.compile(r"^(\s*)(\d+\.(?=\s)|[-+*](?=\s)|#|>)")


def _escape_leading(match: re.Match) -> str:
    """Text that would open a list, heading or quote in Markdown stays text."""
    space, mark = match.groups()
    if mark == ">":
        return f"{space}&gt;"
    return f"{space}{mark[:-1]}\\{mark[-1]}" if mark[-1] == "." else f"{space}\\{mark}"


def _replace_iframe(soup, frame: Tag, video_hosts: tuple[str, ...], dropped: list[str]) -> None:
    src = (frame.get("src") or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    parts = urlsplit(src)
    host = (parts.hostname or "").lower()
    if host not in video_hosts:
        dropped.append("iframe")
        frame.decompose()
        return
    video = src
    youtube = re.match(r"/embed/([A-Za-z0-9_-]+)", parts.path)
    vimeo = re.match(r"/video/(\d+)", parts.path)
    if "youtube" in host and youtube:
        video = f"https://www.youtube.com/watch?v={youtube.group(1)}"
    elif host == "player.vimeo.com" and vimeo:
        video = f"https://vimeo.com/{vimeo.group(1)}"
    paragraph = soup.new_tag("p")
    anchor = soup.new_tag("a", href=video)
    anchor.string = "Tonton video"
    paragraph.append(anchor)
    frame.replace_with(paragraph)


def _unpack_caption(soup, table: Tag) -> None:
    """Blogger's caption table -> the image (its caption as alt if it has none) + caption."""
    caption_cell = table.find("td", class_="tr-caption")
    caption = " ".join(caption_cell.get_text(" ").split()) if caption_cell else ""
    images = table.find_all("img")
    replacement = []
    for img in images:
        if caption and not (img.get("alt") or "").strip() and not (img.get("title") or "").strip():
            img["alt"] = caption
        holder = soup.new_tag("p")
        holder.append(img.extract())
        replacement.append(holder)
    if caption:
        paragraph = soup.new_tag("p")
        emphasis = soup.new_tag("em")
        emphasis.string = caption
        paragraph.append(emphasis)
        replacement.append(paragraph)
    for item in reversed(replacement):
        table.insert_after(item)
    table.decompose()


def _image(img: Tag, hook: ImageHook | None, dropped: list[str]) -> None:
    src = (img.get("src") or "").strip()
    if src.startswith("//"):
        src = "https:" + src
    if not src or _is_tracker(img, src):
        dropped.append("piksel pelacak" if src else "gambar tanpa alamat")
        img.decompose()
        return
    alt = " ".join((img.get("alt") or img.get("title") or "").split())
    result = hook(src, alt) if hook else (src, alt)
    if result is None:
        img.decompose()
        return
    new_src, new_alt = result
    img.attrs = {"src": _safe_url(new_src), "alt": new_alt}


def _is_tracker(img: Tag, src: str) -> bool:
    sizes = [img.get("width"), img.get("height")]
    tiny = all(s is not None and str(s).strip().rstrip("px") in ("0", "1", "2") for s in sizes)
    host = (urlsplit(src).hostname or "").lower() if not src.startswith("data:") else ""
    return tiny or host in TRACKER_HOSTS or "/tracker" in src


def _links_to_image(href: str) -> bool:
    host = (urlsplit(href).hostname or "").lower()
    return bool(IMAGE_LINK.search(href)) or host.endswith(("bp.blogspot.com",
                                                         "googleusercontent.com"))


def _anchor(anchor: Tag, hook: LinkHook | None) -> None:
    href = (anchor.get("href") or "").strip()
    filled = [c for c in anchor.contents if not isinstance(c, NavigableString) or c.strip()]
    if len(filled) == 1 and getattr(filled[0], "name", None) == "img" and _links_to_image(href):
        anchor.unwrap()  # Blogger links each image to its larger copy: keep the image alone
        return
    if not href or href.lower().startswith(("javascript:", "data:", "vbscript:")) \
            or not anchor.get_text(strip=True) and not anchor.find("img"):
        anchor.unwrap()
        return
    if href.startswith("//"):
        href = "https:" + href
    anchor.attrs = {"href": _safe_url(hook(href) if hook else href)}


def _safe_url(url: str) -> str:
    """A URL that cannot end a Markdown link early: spaces and parentheses encoded."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%{}~.-_")


def _tidy(markdown: str) -> str:
    lines = []
    for line in markdown.split("\n"):
        if not line.strip():
            lines.append("")
        else:
            lines.append(line)
    text = "\n".join(lines)
    text = re.sub(r" +\n(?=\n)", "\n", text)  # a line break that ends a paragraph
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""
