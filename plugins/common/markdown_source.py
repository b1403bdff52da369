"""What in a Markdown source is code, and the links written outside it.

One scanner for every check that reads Markdown as staff wrote it (links to content
files, links shown by `invoke check`, character references): a link or '&#7;' written in
a code example is shown as text on the page, it is no link and no character. The code
rules are Python-Markdown's (the engine Pelican renders with, with `extra`), not
CommonMark's where they differ:

- a fenced block opens with three or more backticks or tildes at the start of a line
  (no indent) and is closed by a line holding the same fence, same character and same
  length; a fence never closed is no code block at all;
- an indented code block is a block (after a blank line, or first) whose first line is
  indented four columns (a tab counts to the next multiple of four); an indented block
  after a list item belongs to the item, where code needs four more columns; inside a
  block quote ('> '), the same rules apply to the quoted text;
- a code span opens at a backtick run not escaped by a backslash and closes at the next
  run of the same length (Python-Markdown falls back to a shorter closing run, taking the
  extra opening backticks into the code), within one paragraph;
- an HTML comment `<!-- ... -->` is neither text nor a link.

`code_blanked(text)` is the text with all that replaced by spaces (line breaks and every
other character where they were, so a line and column found in it are the editor's), and
`links(text)` the links, images, reference definitions and href/src attributes outside
it, with their line and column. Pure, no Pelican import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from common.textlines import LINE_BREAK, scan_header

TAB = 4
FENCE_OPEN = re.compile(r"^(?P<fence>~{3,}|`{3,})[ ]*"
                        r"(?:\{[^\n]*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\2[ ]*)?)$")
LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[*+-]|\d+\.)[ ]+")
QUOTE = re.compile(r"^[ ]{0,3}>[ ]?")
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)

# Where Markdown or HTML puts an address: [text](url), ![alt](url), [ref]: url, and the
# href/src attributes of raw HTML.
INLINE = re.compile(r"!?\[[^\]\n]*\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<url>[^)\s]+))")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?(?P<url>[^\s>]+)")
ATTRIBUTE = re.compile(r"""\b(?:href|src)\s*=\s*(?:(?P<q>["'])(?P<url>[^"']+)(?P=q)"""
                       r"""|(?P<bare>[^\s"'=<>`]+))""", re.IGNORECASE)


@dataclass(frozen=True)
class SourceLink:
    """One address written in a source, at the 1-based line and column of its first
    character (as an editor counts them)."""

    line: int
    column: int
    url: str
    image: bool  # ![alt](url) or a src attribute
    form: str  # "inline", "reference" or "html"


@dataclass(frozen=True)
class _Line:
    """A line of the source as a block sees it: its number, the offset in the text where
    this view of it starts, and the text from there (a quote's '> ' or an item's indent
    taken off)."""

    number: int
    start: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def width(self) -> int:
        """Columns of leading whitespace, tabs expanded as Python-Markdown expands them."""
        spaces = len(self.text) - len(self.text.lstrip(" \t"))
        return len(self.text[:spaces].expandtabs(TAB))

    def dedent(self, columns: int) -> _Line:
        taken, width = 0, 0
        while taken < len(self.text) and width < columns and self.text[taken] in " \t":
            width = len(self.text[:taken + 1].expandtabs(TAB))
            taken += 1
        return _Line(self.number, self.start + taken, self.text[taken:])


def _lines(text: str) -> list[_Line]:
    found, start, number = [], 0, 1
    for match in LINE_BREAK.finditer(text):
        found.append(_Line(number, start, text[start:match.start()]))
        start, number = match.end(), number + 1
    if start < len(text):
        found.append(_Line(number, start, text[start:]))
    return found


def body_start(text: str) -> int:
    """The number of the first line after a Pelican Markdown header (1 when none)."""
    header = scan_header(text)
    return header.end if header.stop else header.end + 1


def code_blanked(text: str, header: bool = False, blocks: bool = True) -> str:
    """`text` with its code and comments replaced by spaces, every other character (and
    every line break) where it was. With `header`, the lines of a Pelican Markdown header
    are kept as they are and Markdown starts after them. Without `blocks` (a YAML file,
    whose indentation is YAML's, not Markdown's), each line is read as a paragraph of its
    own: code spans and comments only."""
    lines = _lines(text)
    if header:
        first = body_start(text)
        lines = [line for line in lines if line.number >= first]
    code = bytearray(len(text))
    if blocks:
        _blocks(text, lines, code)
    else:
        for line in lines:
            if not line.blank:
                _spans(text, [line], code)
    if not any(code):
        return text
    return "".join(" " if hidden and char not in "\r\n" else char
                   for char, hidden in zip(text, code))


def prose(text: str) -> str:
    """The text of a Markdown file as far as it is rendered as text: its header, code and
    comments replaced by spaces, every other character (and line break) where it was."""
    blanked = code_blanked(text, header=True)
    first = body_start(text)
    if first == 1:
        return blanked
    start = next((line.start for line in _lines(text) if line.number >= first), len(text))
    return "".join(char if char in "\r\n" else " " for char in blanked[:start]) \
        + blanked[start:]


def _mark(code: bytearray, start: int, end: int) -> None:
    code[start:end] = b"\x01" * (end - start)


def _blocks(text: str, lines: list[_Line], code: bytearray) -> None:
    """Mark the code of the lines of a document: fenced blocks (only at the start of a
    line of the document itself, never in a quote or a list item), then block by block."""
    prose: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = FENCE_OPEN.match(line.text.expandtabs(TAB)) if line.width() == 0 else None
        if opened:
            fence = opened["fence"]
            close = next((j for j in range(index + 1, len(lines))
                          if lines[j].text.expandtabs(TAB).rstrip(" ") == fence), None)
            if close is not None:
                end = lines[close].start + len(lines[close].text)
                _mark(code, line.start, end)
                prose.append(_Line(line.number, line.start, ""))  # a block boundary
                index = close + 1
                continue
        prose.append(line)
        index += 1
    _paragraphs(text, prose, code)


def _paragraphs(text: str, lines: list[_Line], code: bytearray) -> None:
    """Blocks separated by blank lines: indented code, quotes, list items, paragraphs."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    in_list = False
    hidden = -1  # the end of a comment opened by an earlier block
    for block in filter(None, blocks):
        first = block[0]
        if first.start < hidden:
            continue
        if first.text.startswith("<!--"):
            # A comment block: raw HTML to Python-Markdown, up to its '-->' even past
            # blank lines (or to the end of the text).
            close = text.find("-->", first.start + 4)
            hidden = len(text) if close < 0 else close + 3
            _mark(code, first.start, hidden)
            continue
        if QUOTE.match(first.text):
            quoted = [_Line(ln.number, ln.start + (m.end() if (m := QUOTE.match(ln.text))
                                                   else 0),
                            ln.text[m.end():] if m else ln.text) for ln in block]
            _paragraphs(text, quoted, code)
            in_list = False
        elif first.width() >= TAB and in_list:
            # A list item's own paragraph, quote or code: four columns further in.
            _paragraphs(text, [ln.dedent(TAB) for ln in block], code)
        elif first.width() >= TAB:
            _mark(code, first.start, block[-1].start + len(block[-1].text))
        else:
            in_list = bool(LIST_ITEM.match(first.text))
            _spans(text, block, code)


def _spans(text: str, block: list[_Line], code: bytearray) -> None:
    """Code spans of one paragraph (they may cross its lines), then its comments."""
    start, end = block[0].start, block[-1].start + len(block[-1].text)
    position = start
    while True:
        tick = text.find("`", position, end)
        if tick < 0:
            break
        backslashes = len(text[start:tick]) - len(text[start:tick].rstrip("\\"))
        run = _run(text, tick, end)
        if backslashes % 2:  # an escaped backtick is a backtick, and the rest a new run
            position = tick + 1
            continue
        span = _closing(text, tick, run, end)
        if span is None:
            position = tick + run
            continue
        _mark(code, tick, span)
        position = span
    for match in COMMENT.finditer(text, start, end):
        if not code[match.start()]:
            _mark(code, match.start(), match.end())


def _run(text: str, at: int, end: int) -> int:
    length = 0
    while at + length < end and text[at + length] == "`":
        length += 1
    return length


def _closing(text: str, begin: int, ticks: int, end: int) -> int | None:
    """Where the code span opened by `ticks` backticks at `begin` ends (exclusive), as
    Python-Markdown's BacktickInlineProcessor finds it; None when there is none."""
    index, longest, longest_end = begin + ticks, 0, 0
    while index < end:
        run = _run(text, index, end)
        if not run:
            index += 1
            continue
        index += run
        if run == ticks:
            return index
        if run > longest:
            longest, longest_end = run, index
    if 0 < longest < ticks:
        return longest_end
    return None


def links(text: str, header: bool = False, blocks: bool = True) -> list[SourceLink]:
    """Every address written in the text outside code and comments, in order. With
    `header`, a Pelican Markdown header is no Markdown: nothing in it is a link; `blocks`
    as in code_blanked()."""
    blanked = code_blanked(text, header, blocks)
    first = body_start(text) if header else 1
    found: list[SourceLink] = []
    for line in _lines(blanked):
        if line.number < first:
            continue
        for match in INLINE.finditer(line.text):
            group = "angled" if match["angled"] is not None else "url"
            found.append(SourceLink(line.number, match.start(group) + 1, match[group],
                                    match.group(0).startswith("!"), "inline"))
        match = REFERENCE.match(line.text)
        if match:
            found.append(SourceLink(line.number, match.start("url") + 1, match["url"], False,
                                    "reference"))
        for match in ATTRIBUTE.finditer(line.text):
            group = "url" if match["url"] is not None else "bare"
            found.append(SourceLink(line.number, match.start(group) + 1, match[group],
                                    match.group(0).lower().startswith("src"), "html"))
    return found
