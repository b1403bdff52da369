"""HTML written by staff, made safe to publish, with a finding for everything removed.

Pure, no Pelican import. `sanitize(html, video_hosts)` keeps what Python-Markdown
produces (extra: tables, footnotes, abbr, definition lists, fenced code, attr_list; toc),
figures, the images plugin's <picture>/<source> markup and <iframe> video embeds from
the given hosts; nh3 (the Rust ammonia sanitiser) does the removing. A second, read-only
pass over the same HTML (html.parser, with the same allow-list) names each thing nh3
removes, so staff get a message instead of a silent change. `locate()` finds where a
finding stands in the source file; `mark_tags()` and `tag_positions()` find it exactly,
from a second rendering of the source whose tags carry their own offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from . import textlines

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span",
    "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup", "wbr",
    "code", "pre", "kbd", "samp", "var", "blockquote", "q", "cite", "abbr", "dfn", "time",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "picture", "source", "figure",
    "figcaption", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "colgroup", "col", "details", "summary", "iframe",
})
# Removed together with their text: what they hold is code, not words for readers.
CONTENT_DROPPED = frozenset({"script", "style"})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
TAG_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading", "decoding", "srcset", "sizes"},
    "source": {"srcset", "sizes", "type", "media"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "loading",
               "referrerpolicy"},
    "th": {"colspan", "rowspan", "scope", "headers", "style"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "details": {"open"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Obsolete attributes of copied video embeds: dropped without a word (nothing unsafe).
QUIET = frozenset({("iframe", "frameborder"), ("iframe", "scrolling"),
                   ("iframe", "marginwidth"), ("iframe", "marginheight")})
VIDEO_HOSTS = ("www.youtube-nocookie.com", "www.youtube.com", "youtube.com",
               "player.vimeo.com")
# Python-Markdown's tables write column alignment as style="text-align: left;".
TABLE_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.IGNORECASE)
# What browsers strip from a URL before reading its scheme ("jav&#x09;ascript:").
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

FORMS = frozenset({"form", "input", "button", "select", "option", "optgroup", "textarea",
                   "label", "fieldset", "legend", "datalist", "output"})
PLUGINS = frozenset({"object", "embed", "applet", "param", "frame", "frameset"})


@dataclass(frozen=True)
class AllowList:
    """Which elements, and which attributes on them, a kind of text may keep."""

    tags: frozenset
    attributes: dict  # tag -> set of attribute names
    global_attributes: frozenset = frozenset()

    def allowed(self, tag: str) -> set:
        return set(self.global_attributes) | set(self.attributes.get(tag, ()))

    def nh3_attributes(self) -> dict[str, set[str]]:
        found = {t: set(a) for t, a in self.attributes.items()}
        if self.global_attributes:
            found["*"] = set(self.global_attributes)
        return found


@dataclass(frozen=True)
class Finding:
    """One thing removed: a stable code, the message, and the text to find in the source."""

    code: str
    message: str
    needles: tuple[str, ...]  # tried in order; the first found gives the line
    offset: str = ""  # within the first needle, where the finding itself starts
    source: int = -1  # offset of its tag in the source, when the HTML was marked


# Written into every tag of a source by mark_tags(): the offset of its '<'. A tag Markdown
# passes on as HTML keeps it; a tag in code (fenced, indented, `...`) or in a comment does
# not become a tag, so the n-th finding is never matched to the n-th text that looks alike.
MARK = "data-sumber-posisi"
# A tag's start: '<' and a name followed by a space, '/' or '>' (not an autolink
# '<https://...>' or '<nama@contoh.id>', which a mark would break).
_TAG_START = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?=[\s/>])")


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read from an attribute value (lower case), or None."""
    cleaned = _URL_NOISE.sub("", url).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                             "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                             "\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def url_allowed(url: str) -> bool:
    scheme = scheme_of(url)
    return scheme is None or scheme in URL_SCHEMES


def video_host(url: str) -> str:
    try:
        return (urlsplit(_URL_NOISE.sub("", url).strip()).hostname or "").lower()
    except ValueError:
        return ""


def _srcset_allowed(value: str) -> bool:
    return all(url_allowed(part.strip().split(" ")[0]) for part in value.split(",")
               if part.strip())


def is_remote(url: str) -> bool:
    """An address on another host: the site's policy loads no image from there."""
    text = _URL_NOISE.sub("", url).strip()
    return text.startswith("//") or scheme_of(text) in ("http", "https")


def _remote_image(tag: str, attribute: str, value: str) -> bool:
    if tag not in ("img", "source"):
        return False
    if attribute == "src":
        return is_remote(value)
    if attribute == "srcset":
        return any(is_remote(part.strip().split(" ")[0]) for part in value.split(",")
                   if part.strip())
    return False


def _attribute_filter(video_hosts: frozenset[str]):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "style":
            return value if tag in ("th", "td") and TABLE_ALIGN.match(value) else None
        if _remote_image(tag, attribute, value):
            return None
        if attribute == "srcset":
            return value if _srcset_allowed(value) else None
        if tag == "iframe" and attribute == "src":
            return value if scheme_of(value) == "https" and video_host(value) in video_hosts \
                else None
        return value

    return keep


# Articles and pages: what Markdown, the images plugin and video embeds write.
BODY = AllowList(ALLOWED_TAGS, TAG_ATTRIBUTES, GLOBAL_ATTRIBUTES)


def clean(html: str, video_hosts=VIDEO_HOSTS, allow: AllowList = BODY,
          link_rel: str | None = None) -> str:
    """The HTML with everything outside the allow-list removed."""
    if not html:
        return html
    return nh3.clean(html, tags=set(allow.tags), clean_content_tags=set(CONTENT_DROPPED),
                     attributes=allow.nh3_attributes(),
                     attribute_filter=_attribute_filter(frozenset(video_hosts)),
                     url_schemes=set(URL_SCHEMES), link_rel=link_rel, strip_comments=True)


def sanitize(html: str, video_hosts=VIDEO_HOSTS, allow: AllowList = BODY,
             link_rel: str | None = None) -> tuple[str, list[Finding]]:
    """Safe HTML, and a finding for each element, attribute or address removed."""
    if not html or "<" not in html:
        return html, []
    finder = _Finder(frozenset(video_hosts), allow)
    finder.feed(html)
    finder.close()
    return clean(html, video_hosts, allow, link_rel), finder.findings


def _why_element(tag: str) -> tuple[str, str]:
    if tag == "script":
        return "HTM001", "skrip <script> dibuang dari halaman: isi situs tidak boleh " \
                         "menjalankan skrip"
    if tag == "style":
        return "HTM003", "gaya <style> dibuang dari halaman: tampilan diatur oleh tema situs"
    if tag in FORMS:
        return "HTM006", (f"formulir <{tag}> dibuang dari halaman: isi situs tidak boleh "
                          "memuat formulir; tautkan ke formulir di tempat lain")
    if tag in PLUGINS:
        return "HTM006", (f"sisipan <{tag}> dibuang dari halaman: sisipkan video dengan "
                          "<iframe> dari YouTube atau Vimeo")
    return "HTM007", (f"elemen <{tag}> tidak dikenal dan dibuang dari halaman (teksnya "
                      "tetap tampil); pakai Markdown biasa")


class _Finder(HTMLParser):
    """Names what nh3 will remove; reads the same HTML with the same allow-list."""

    def __init__(self, video_hosts: frozenset[str], allow: AllowList = BODY) -> None:
        super().__init__(convert_charrefs=True)
        self.video_hosts = video_hosts
        self.allow = allow
        self.findings: list[Finding] = []

    def handle_starttag(self, tag, attrs):
        raw = self.get_starttag_text() or f"<{tag}"
        marks = [v for n, v in attrs if n == MARK and (v or "").isdigit()]
        source = int(marks[0]) if marks else -1
        attrs = [(n, v) for n, v in attrs if n != MARK]
        if tag not in self.allow.tags:
            code, message = _why_element(tag)
            self.findings.append(Finding(code, f"{message} (ditemukan: '<{tag}>')",
                                         (raw, f"<{tag}"), source=source))
            return
        allowed = self.allow.allowed(tag)
        for name, value in attrs:
            value = value or ""
            found = self._attribute(tag, name, value, allowed)
            if found:
                code, message = found
                by_value = code in ("HTM004", "HTM005", "HTM008")
                needles = (raw, value, f"{name}=", name) if by_value else (raw, f"{name}=", name)
                self.findings.append(Finding(code, message, needles, offset=name,
                                             source=source))

    handle_startendtag = handle_starttag

    def _attribute(self, tag, name, value, allowed):
        shown = _shown(value)
        if name.startswith("on"):
            return "HTM002", (f"atribut '{name}' pada <{tag}> dibuang dari halaman: penangan "
                              "peristiwa menjalankan skrip, dan isi situs tidak boleh "
                              f"menjalankan skrip (ditemukan: {name}=\"{shown}\")")
        if name == "style":
            if "style" in allowed and tag in ("th", "td") and TABLE_ALIGN.match(value):
                return None
            return "HTM003", (f"atribut 'style' pada <{tag}> dibuang dari halaman: tampilan "
                              f"diatur oleh tema situs (ditemukan: style=\"{shown}\")")
        if name not in allowed:
            if (tag, name) in QUIET:
                return None
            return "HTM007", (f"atribut '{name}' pada <{tag}> tidak dikenal dan dibuang dari "
                              f"halaman (ditemukan: {name}=\"{shown}\")")
        if tag == "iframe" and name == "src":
            host = video_host(value)
            if scheme_of(value) != "https" or host not in self.video_hosts:
                return "HTM005", (
                    "video dibuang dari halaman: hanya video https dari "
                    f"{', '.join(sorted(self.video_hosts))} yang boleh disisipkan "
                    f"(ditemukan: src=\"{shown}\")")
            return None
        if _remote_image(tag, name, value):
            return "HTM008", (f"gambar dari situs lain di atribut '{name}' pada <{tag}> dibuang "
                              "dari halaman: situs ini tidak memuat apa pun dari alamat luar; "
                              "simpan gambarnya di content/images/ lalu tulis "
                              f"![keterangan](/images/nama.jpg) (ditemukan: {name}=\"{shown}\")")
        if name in URL_ATTRIBUTES and not url_allowed(value) or \
                name == "srcset" and not _srcset_allowed(value):
            scheme = scheme_of(value) if name != "srcset" else "srcset"
            return "HTM004", (f"alamat '{scheme}:' di atribut '{name}' pada <{tag}> dibuang "
                              "dari halaman: hanya alamat http:, https:, mailto:, tel: atau "
                              f"alamat di situs ini yang boleh (ditemukan: {name}=\"{shown}\")")
        return None


def _shown(value: str) -> str:
    """A value as staff wrote it: hidden control characters as &#x..; again."""
    text = "".join(f"&#x{ord(c):02X};" if ord(c) < 32 or ord(c) == 127 else
                   f"<{textlines.code_point(c)}>" if textlines.hidden(c) else c for c in value)
    return text if len(text) <= 40 else text[:37] + "..."


def locate(source: str, finding: Finding, start: dict[str, int],
           floor: int = 0) -> tuple[int, int]:
    """1-based line and column of a finding in the source text; (0, 0) when not found.

    The search begins at `floor` (where the body or the header line starts); `start`
    remembers, per needle, where the last search ended, so the n-th finding of the same
    text gets its n-th occurrence. Case is ignored, as in HTML.
    """
    folded = source.lower()
    for index, needle in enumerate(finding.needles):
        if not needle:
            continue
        key = needle.lower()
        position = folded.find(key, max(floor, start.get(key, 0)))
        if position < 0:
            continue
        start[key] = position + 1
        if index == 0 and finding.offset:
            inner = folded.find(finding.offset.lower(), position, position + len(key))
            if inner >= 0:
                position = inner
        line_start = source.rfind("\n", 0, position) + 1
        return source.count("\n", 0, position) + 1, position - line_start + 1
    return 0, 0


def mark_tags(source: str, start: int = 0) -> str:
    """The source with each tag from `start` on carrying its offset (MARK="123")."""
    return source[:start] + _TAG_START.sub(
        lambda m: f'{m.group()} {MARK}="{start + m.start()}"', source[start:])


def tag_positions(source: str, findings: list[Finding], marked_html: str,
                  video_hosts=VIDEO_HOSTS, allow: AllowList = BODY) -> list[tuple[int, int]]:
    """(line, column) in `source` of each finding of an HTML, read from the same HTML
    rendered from mark_tags(source): the tag's own line, the attribute's own column,
    lines counted as an editor counts them. Empty when the two renderings disagree (then
    locate() searches the text)."""
    finder = _Finder(frozenset(video_hosts), allow)
    finder.feed(marked_html)
    finder.close()
    marked = finder.findings
    if [(f.code, f.message) for f in marked] != [(f.code, f.message) for f in findings] \
            or any(f.source < 0 for f in marked):
        return []
    positions = []
    for finding in marked:
        at = finding.source
        if finding.offset:
            end = source.find(">", at)
            inner = re.compile(rf"[\s/]({re.escape(finding.offset)})\s*(?:=|[\s/>])",
                               re.IGNORECASE).search(source, at, end + 1 if end >= 0 else None)
            if inner:
                at = inner.start(1)
        positions.append(textlines.position(source, at))
    return positions


_TAG = re.compile(r"<[^>]*>")


def plain_text(value) -> str:
    """The text of HTML (or of plain text) on one line, as a plain string.

    Unlike Jinja's `striptags`, used where autoescape is on, the text keeps `<` or `&`
    the reader should see, and the template escapes them when printing.
    """
    if value is None:
        return ""
    text = str(value)
    if "<" in text or "&" in text:
        text = Markup(text).striptags()
    return " ".join(text.split())
