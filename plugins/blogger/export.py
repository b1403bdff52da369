"""Read a Blogger "Back up content" export (Atom XML) entry by entry, in either form.

Older exports mark an entry's kind with a category of scheme
http://schemas.google.com/g/2005#kind (term ...#post, #comment, #page, ...), a draft with
<app:control><app:draft>yes</app:draft> (either Atom Publishing namespace) and the old
address with <link rel="alternate">. Newer exports say <blogger:type>, <blogger:status>
and <blogger:filename>. The file is streamed (each entry is dropped once read) through
defusedxml, which refuses DTDs and entity tricks. Pure functions, no Pelican import.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator
from urllib.parse import urlsplit

import defusedxml
import defusedxml.ElementTree as SafeET

ATOM = "http://www.w3.org/2005/Atom"
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")
BLOGGER = "http://schemas.google.com/blogger/2018"
THREAD = "http://purl.org/syndication/thread/1.0"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
ID_NUMBER = re.compile(r"\.(?:post|page)-(\d+)$")


class ExportError(Exception):
    """The file as a whole cannot be read as a Blogger export (message in Indonesian)."""


@dataclass
class Entry:
    """One <entry> of the export, as found (nothing converted yet)."""

    number: int  # 1-based position in the file
    blogger_id: str
    kind: str  # post, page, comment, other
    status: str  # live, draft, scheduled, deleted
    title: str
    content: str
    published: str
    author: str
    labels: list[str] = field(default_factory=list)
    old_url: str = ""  # the alternate link or blogger:filename, as given
    in_reply_to: str = ""
    first_words: str = ""  # the start of the text, for a title when the entry has none

    @property
    def old_path(self) -> str:
        """'/2023/03/slug.html' from the old address, or ''."""
        return urlsplit(self.old_url).path if self.old_url else ""

    def name(self) -> str:
        """How a message names the entry: its title (or position) and Blogger id."""
        title = " ".join(self.title.split())
        if len(title) > 60:
            title = title[:57] + "..."
        shown = f"'{title}'" if title else f"entri ke-{self.number} (tanpa judul)"
        return f"{shown} (id Blogger {self.blogger_id or '-'})"


@dataclass
class FeedInfo:
    """What the export says of the blog itself."""

    blog_id: str = ""
    url: str = ""  # the blog's address (its alternate link)


def read_export(stream: BinaryIO, info: FeedInfo | None = None) -> Iterator[Entry]:
    """Every entry of the export, in file order; raises ExportError for a bad file.

    Entries read before a truncation or syntax error are yielded first, so the caller
    can import them and then report the error.
    """
    info = info if info is not None else FeedInfo()
    events = SafeET.iterparse(stream, events=("start", "end"), forbid_dtd=True,
                              forbid_entities=True, forbid_external=True)
    depth = 0
    number = 0
    root_checked = False
    feed_is_blogger = False
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                if not root_checked:
                    root_checked = True
                    if element.tag != f"{{{ATOM}}}feed":
                        raise ExportError(
                            "berkas ini XML, tetapi bukan ekspor Blogger: elemen utamanya "
                            f"'{_local(element.tag)}', seharusnya 'feed' Atom dari menu "
                            "Blogger Setelan > Kelola blog > Cadangkan konten")
                continue
            depth -= 1
            if depth == 1 and element.tag == f"{{{ATOM}}}id":
                text = (element.text or "").strip()
                feed_is_blogger = feed_is_blogger or text.startswith("tag:blogger.com")
                info.blog_id = text.rpartition("blog-")[2] if "blog-" in text else text
            elif depth == 1 and element.tag == f"{{{ATOM}}}generator":
                feed_is_blogger = feed_is_blogger or "blogger" in (element.text or "").lower()
            elif depth == 1 and element.tag == f"{{{ATOM}}}link" \
                    and element.get("rel") == "alternate":
                info.url = element.get("href", "")
            elif depth == 1 and element.tag == f"{{{ATOM}}}entry":
                number += 1
                if not feed_is_blogger:
                    raise ExportError(
                        "berkas ini feed Atom, tetapi bukan ekspor Blogger (tidak ada "
                        "penanda 'tag:blogger.com' atau generator Blogger)")
                entry = _entry(element, number)
                element.clear()
                yield entry
            if depth == 1:
                element.clear()
    except defusedxml.DTDForbidden:
        raise ExportError("berkas memuat deklarasi DTD (<!DOCTYPE>); demi keamanan "
                          "berkas seperti ini ditolak, ekspor Blogger tidak memakainya") from None
    except defusedxml.EntitiesForbidden:
        raise ExportError("berkas mendeklarasikan entitas XML (<!ENTITY>); demi keamanan "
                          "berkas seperti ini ditolak, ekspor Blogger tidak memakainya") from None
    except defusedxml.ExternalReferenceForbidden:
        raise ExportError("berkas merujuk berkas atau alamat lain (entitas eksternal); "
                          "demi keamanan berkas seperti ini ditolak") from None
    except ET.ParseError as problem:
        line, column = problem.position
        if number == 0 and not root_checked:
            raise ExportError("berkas ini bukan XML yang dapat dibaca "
                              f"(baris {line}, kolom {column + 1}); apakah ini berkas "
                              "ekspor Blogger (.xml)?") from None
        if "no element found" in str(problem) or "unclosed token" in str(problem):
            raise ExportError(f"berkas terpotong di baris {line}: {number} entri pertama "
                              "sudah dibaca; unduh ulang ekspor dari Blogger") from None
        raise ExportError(f"XML rusak di baris {line}, kolom {column + 1} setelah "
                          f"{number} entri; unduh ulang ekspor dari Blogger") from None
    if not root_checked:
        raise ExportError("berkas kosong; apakah ini berkas ekspor Blogger (.xml)?")
    if number == 0 and not feed_is_blogger:
        raise ExportError("berkas ini feed Atom, tetapi bukan ekspor Blogger (tidak ada "
                          "penanda 'tag:blogger.com' atau generator Blogger)")


def _entry(element: ET.Element, number: int) -> Entry:
    raw_id = _text(element, f"{{{ATOM}}}id")
    match = ID_NUMBER.search(raw_id)
    blogger_id = match.group(1) if match else re.sub(r"[^A-Za-z0-9._-]+", "-", raw_id)[-40:]
    kind, labels = "other", []
    for category in element.findall(f"{{{ATOM}}}category"):
        scheme, term = category.get("scheme", ""), category.get("term", "")
        if scheme == KIND_SCHEME:
            kind = term.rpartition("#")[2] or "other"
        elif term and scheme in ("", LABEL_SCHEME):
            labels.append(term.strip())
    blogger_type = _text(element, f"{{{BLOGGER}}}type").lower()
    if blogger_type:
        kind = blogger_type
    if kind not in ("post", "page", "comment"):
        kind = "other"

    status = "live"
    for app in APP_NAMESPACES:
        if _text(element, f"{{{app}}}control/{{{app}}}draft").lower() == "yes":
            status = "draft"
    blogger_status = _text(element, f"{{{BLOGGER}}}status").lower()
    if blogger_status:
        status = {"live": "live", "draft": "draft", "scheduled": "scheduled"}.get(
            blogger_status, "deleted")

    old_url = _text(element, f"{{{BLOGGER}}}filename")
    if not old_url:
        for link in element.findall(f"{{{ATOM}}}link"):
            if link.get("rel") == "alternate" and link.get("type", "text/html") == "text/html":
                old_url = link.get("href", "")
    reply = element.find(f"{{{THREAD}}}in-reply-to")
    published = _text(element, f"{{{ATOM}}}published") or _text(element, f"{{{BLOGGER}}}created")
    return Entry(
        number=number,
        blogger_id=blogger_id,
        kind=kind,
        status=status,
        title=_text(element, f"{{{ATOM}}}title"),
        content=element.findtext(f"{{{ATOM}}}content") or "",
        published=published,
        author=_text(element, f"{{{ATOM}}}author/{{{ATOM}}}name"),
        labels=[label for label in labels if label],
        old_url=old_url,
        in_reply_to=reply.get("ref", "") if reply is not None else "",
    )


def _text(element: ET.Element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
