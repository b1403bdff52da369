"""An article's opening paragraph, set apart so its cover photo can follow it: on a phone
the story starts on the first screen (theme/templates/article.html). Pure, no Pelican import."""

from __future__ import annotations

from html.parser import HTMLParser


class _Found(Exception):
    """Stops the parser: the rest of a long article need not be read."""


class _FirstParagraph(HTMLParser):
    """Finds where the first top-level element ends, when it is a <p> with text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.first: str | None = None
        self.text: list[str] = []
        self.end: tuple[int, int] | None = None  # (line, column) of its closing tag

    def handle_starttag(self, tag, attrs) -> None:
        if self.first is None:
            self.first = tag
            if tag != "p":
                raise _Found

    def handle_data(self, data) -> None:
        if self.first is None and data.strip():
            self.first = "#text"  # text before any element: not a paragraph
            raise _Found
        elif self.first == "p" and self.end is None:
            self.text.append(data)

    def handle_endtag(self, tag) -> None:
        if self.first == "p" and tag == "p" and self.end is None:
            self.end = self.getpos()
            raise _Found


def split_lead(html: str) -> tuple[str, str]:
    """(opening paragraph, the rest) of an article's HTML, or ("", html) when the text
    does not open with a paragraph of words (a heading, a photo, a list...)."""
    parser = _FirstParagraph()
    try:
        parser.feed(html)
        parser.close()
    except _Found:
        pass
    if parser.first != "p" or parser.end is None or not "".join(parser.text).strip():
        return "", html
    line, column = parser.end
    # HTMLParser counts lines by "\n" alone (not \r or U+2028, as str.splitlines would).
    offset = sum(len(text) + 1 for text in html.split("\n")[:line - 1]) + column
    close = html.index(">", offset) + 1
    return html[:close], html[close:]
