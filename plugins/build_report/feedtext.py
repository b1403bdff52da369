"""Which content's text a feed cannot hold, found before the feed writer fails on it.

XML 1.0 cannot hold most control characters: feedgenerator's writer stops on one with
an error that names neither the article nor the line. The readers refuse such text
where it is written (common.sourcetext); this is the net under them for text that
reaches a feed another way (a plugin's metadata, an entity a library decoded): the
feed is not written, and the mistake is the article's, at the line of the character in
its source when the source holds it. Pure, apart from reading the sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from common import diagnostics, sourcetext


@dataclass(frozen=True)
class Unwritable:
    """A content item whose text holds a character a feed cannot hold."""

    source: str
    line: int
    column: int
    char: str


def feed_texts(item) -> list[str]:
    """The texts of an item a feed writer writes: title (tags stripped, entities decoded,
    as Pelican's writer does), summary, content, author, category and tags."""
    texts = []
    title = getattr(item, "title", None)
    if isinstance(title, str):
        texts += [title, Markup(title).striptags()]
    for name in ("summary", "content"):
        try:
            value = getattr(item, name, None)
        except Exception:  # noqa: BLE001  the writer will report what fails here
            value = None
        if isinstance(value, str):
            texts.append(value)
    for name in ("author", "category"):
        value = getattr(item, name, None)
        if value is not None:
            texts.append(str(value))
    texts += [str(tag) for tag in getattr(item, "tags", None) or ()]
    return texts


def unwritable(items) -> list[Unwritable]:
    """The items whose feed texts hold an invisible character, each with its place."""
    found = []
    for item in items:
        with diagnostics.working_on(getattr(item, "source_path", None)):
            texts = feed_texts(item)  # making the content may log a link: this item's
        char = next((match.group() for text in texts
                     for match in [sourcetext.INVISIBLE.search(text)] if match), None)
        if char is None:
            continue
        source = str(getattr(item, "source_path", "") or "")
        line, column = _place(source, char)
        found.append(Unwritable(source, line, column, char))
    return found


def _place(source: str, char: str) -> tuple[int, int]:
    """Where the source holds that character (written or as '&#...;'), or (0, 0)."""
    try:
        text = Path(source).read_text(encoding="utf-8-sig", errors="replace")
    except (OSError, ValueError):
        return 0, 0
    for hit in sourcetext.invisible(text):
        if hit.char == char:
            return hit.line, hit.column
    return 0, 0


def message(char: str, output: str | None) -> str:
    target = f" (menulis {output})" if output else ""
    return (f"teks berita ini berisi karakter kendali tak terlihat (U+{ord(char):04X}) yang "
            f"tidak dapat ditulis ke umpan berita{target}; hapus karakter itu")
