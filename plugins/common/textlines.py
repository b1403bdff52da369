"""Lines, header lines and characters of a text file as a text editor shows them.

Pure, no Pelican import. Python's str.splitlines() also breaks lines at form feed,
U+001C-U+001E, U+0085, U+2028 and U+2029; editors, Python-Markdown and Pelican break
only at LF, CRLF and CR. Every line number given to staff is counted here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Pelican's Markdown header: `Key: value` lines up to the first blank line, a value
# continued on lines indented by four spaces (Python-Markdown's meta extension).
# Only spaces and tabs are skipped before a value, so that a line separator or another
# control character just after the colon is still seen (and reported) as part of it.
KEY_LINE = re.compile(r"^ {0,3}(?P<key>[A-Za-z0-9_-]+):[ \t]*(?P<value>.*)$")
CONTINUATION = re.compile(r"^ {4,}(?P<value>.*)$")

# Bidirectional formatting characters: they reorder what is shown around them, so a
# title can be shown as another text than the one written (CVE-2021-42574).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                          "\u2066\u2067\u2068\u2069")


def split_lines(text: str) -> list[str]:
    """The lines of a text as an editor numbers them (LF, CRLF, CR), without their ends.

    Like str.splitlines(), a final line break gives no empty last line.
    """
    lines = LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset, lines counted as in split_lines()."""
    before = text[:offset]
    breaks = list(LINE_BREAK.finditer(before))
    # A CR just before the offset may be the first half of a CRLF that ends the line.
    if before.endswith("\r") and text[offset:offset + 1] == "\n":
        breaks = breaks[:-1]
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


@dataclass(frozen=True)
class HeaderLine:
    """One line of a Markdown header: the field it belongs to and where its value starts.

    A continuation line (indented by four spaces) carries the key of the line it continues.
    """

    number: int
    key: str
    value: str  # as written, not stripped
    column: int  # 1-based column of the value's first character
    continued: bool = False


@dataclass(frozen=True)
class Header:
    """The header of a Markdown file: its lines, and the line that ended it."""

    lines: tuple[HeaderLine, ...]
    end: int  # number of the line that ended the header; one past the last line at the end
    stop: str  # that line as written ('' when blank or at the end of the text)


def scan_header(text: str) -> Header:
    """The header of a Markdown file, read as Python-Markdown's meta extension reads it.

    The header ends at the first blank line, '---' or '...', or a line that is neither a
    `Key: value` line nor a continuation; a '---' first line opens it.
    """
    lines = split_lines(text)
    start = 1 if lines and lines[0].strip() == "---" else 0
    found: list[HeaderLine] = []
    key = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or line.strip() in ("---", "..."):
            return Header(tuple(found), number, "")
        match = KEY_LINE.match(line)
        if match:
            key = match["key"]
            found.append(HeaderLine(number, key, match["value"], match.start("value") + 1))
            continue
        more = CONTINUATION.match(line)
        if more and key is not None:
            found.append(HeaderLine(number, key, more["value"], more.start("value") + 1,
                                    True))
            continue
        return Header(tuple(found), number, line)
    return Header(tuple(found), len(lines) + 1, "")


def header_lines(text: str) -> tuple[HeaderLine, ...]:
    """The `Key: value` and continuation lines of a Markdown file's header."""
    return scan_header(text).lines


# -- characters a reader cannot see ------------------------------------------------------

def code_point(char: str) -> str:
    """'U+200B' for a zero-width space."""
    return f"U+{ord(char):04X}"


def character_name(char: str) -> str:
    """'U+200B (ZERO WIDTH SPACE)', or the code point alone when Unicode has no name."""
    name = unicodedata.name(char, "")
    return f"{code_point(char)} ({name})" if name else code_point(char)


def is_control(char: str) -> bool:
    """A C0 or C1 control character other than tab, DEL, or a Unicode line or paragraph
    separator: each ends a line for some programs and not for others."""
    return (unicodedata.category(char) in ("Cc", "Zl", "Zp") and char != "\t") or \
        char in ("\ufffe", "\uffff")


def is_invisible(char: str) -> bool:
    """A character shown as nothing (format characters: zero-width spaces and joiners,
    bidi controls, the BOM, the soft hyphen...), or a lone surrogate."""
    return unicodedata.category(char) in ("Cf", "Cs")


def is_unusual_space(char: str) -> bool:
    """A space that looks like ' ' but is another character (no-break space...)."""
    return char != " " and unicodedata.category(char) == "Zs"


def hidden(char: str) -> bool:
    """Whether a message must name this character by code point to show it."""
    return char == "\t" or is_control(char) or is_invisible(char) or is_unusual_space(char)


def visible(text: str) -> str:
    """The text with each character a reader cannot see written as <U+XXXX>."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(f"<{code_point(c)}>" if hidden(c) else c for c in text)


def _is_emoji_joiner(text: str, index: int) -> bool:
    """A ZERO WIDTH JOINER between two symbols (an emoji sequence), not inside a word."""
    if text[index] != "\u200d" or index == 0 or index + 1 >= len(text):
        return False
    return unicodedata.category(text[index - 1]) in ("So", "Mn", "Sk") and \
        unicodedata.category(text[index + 1]) == "So"


def hidden_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of each control or invisible character in text.

    A zero width joiner inside an emoji sequence is not counted: it is how the emoji is
    written. Unusual spaces are not counted here: they show as spaces.
    """
    return [(index, char) for index, char in enumerate(text)
            if (is_control(char) or is_invisible(char)) and not _is_emoji_joiner(text, index)]
