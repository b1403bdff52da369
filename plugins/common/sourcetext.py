"""The text of a file staff write, checked where it is read: UTF-8, and nothing invisible
that a writer could not hold.

Every text a staff member writes (articles, pages, innovation records, vocabularies and
the other YAML under content/) is read through `decode()` and `invisible()`, so a byte
that is no text, or a control character, is a diagnostic at its own line and column
when the file is read, never a failure later in a feed writer (XML 1.0 cannot hold most
C0 control characters, nor U+FFFE/U+FFFF or lone surrogates), the YAML parser or the
search index. Pure functions, no Pelican import.

Lines are counted the way editors count them: at LF, CRLF or a lone CR, never at the
other characters str.splitlines() breaks at (form feed, U+001C-U+001E, U+0085,
U+2028/U+2029), which are themselves the mistakes this module reports.
"""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass

from . import markdown_source
from .diagnostics import Problem, ProblemError

# C0 controls but tab, LF and CR; DEL and the C1 controls; the UTF-16 surrogates (only a
# lone one can reach a str) and the two non-characters XML 1.0 excludes. Tab, LF and CR
# are text. Everything here is either refused by XML 1.0 and PyYAML, or invisible.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
# An HTML numeric character reference (Markdown and the Markdown fields of records pass
# them on): '&#7;' puts the same U+0007 in a page or feed as the character itself.
# HTML reads one without its ';' too ('&#12 ' is U+000C).
REFERENCE = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]+)|(?P<dec>[0-9]+));?")


@dataclass(frozen=True)
class Invisible:
    """One character no page or feed may carry, where it stands in the text."""

    line: int
    column: int
    char: str
    reference: str = ""  # the '&#...;' text that names it, when written as a reference

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    @property
    def message(self) -> str:
        if self.reference:
            return (f"rujukan karakter '{self.reference}' menghasilkan karakter kendali tak "
                    f"terlihat ({self.codepoint}) yang tidak boleh ada di halaman atau umpan "
                    "berita; hapus rujukan itu")
        return invisible_message(self.char)


def invisible_message(char: str) -> str:
    """What staff read about one such character (the same words in every file kind)."""
    point = f"U+{ord(char):04X}"
    if char == "\x00":
        return (f"berkas berisi karakter NUL ({point}) di sini: berkas ini rusak atau "
                "bukan teks biasa (misalnya tersimpan setengah atau dari aplikasi lain); "
                "hapus karakter itu atau simpan ulang sebagai teks UTF-8")
    if "\ud800" <= char <= "\udfff" or char in "\ufffe\uffff":
        return (f"karakter yang bukan huruf ({point}) di sini; hapus karakter itu atau "
                "simpan ulang berkas sebagai teks UTF-8")
    return (f"karakter kendali tak terlihat ({point}) di sini; hapus karakter itu "
            "(sering terbawa saat menyalin dari aplikasi lain)")


def invisible(text: str, per_line: int = 1, markdown: bool = False) -> list[Invisible]:
    """The invisible characters of `text`, written or as '&#...;' references, at most
    `per_line` on each line (the first ones): one is enough to find a line to clean.

    In a Markdown file (`markdown`), a reference in code or a comment is shown as written
    ('&#7;' in `code` is those four characters on the page) or not at all: only the
    references outside them count (common.markdown_source). A character itself counts
    everywhere: it is in the page's source either way."""
    found: list[Invisible] = []
    hits = [(m.start(), m.group(), "") for m in INVISIBLE.finditer(text)]
    if "&#" in text:
        prose = markdown_source.code_blanked(text, header=True) if markdown else text
        hits += [(m.start(), char, m.group()) for m in REFERENCE.finditer(prose)
                 if (char := _referenced(m)) is not None]
        hits.sort()
    if not hits:
        return found
    line, line_start, counted = 1, 0, 0
    breaks = LINE_BREAK.finditer(text)
    next_break = next(breaks, None)
    for start, char, reference in hits:
        while next_break is not None and next_break.end() <= start:
            line, line_start, counted = line + 1, next_break.end(), 0
            next_break = next(breaks, None)
        if counted < per_line:
            found.append(Invisible(line, start - line_start + 1, char, reference))
            counted += 1
    return found


def _referenced(match: re.Match) -> str | None:
    """The invisible character a reference names, or None for any other."""
    digits = (match["hex"] or match["dec"]).lstrip("0") or "0"
    if len(digits) > 8:
        return None  # past U+10FFFF whatever the base
    number = int(digits, 16) if match["hex"] else int(digits)
    # HTML parsers turn &#0;, a surrogate or a number past U+10FFFF into U+FFFD (a visible
    # box) and &#128;-&#159; into the Windows-1252 letters (&#150; is a dash): not these.
    if number == 0 or 0x80 <= number <= 0x9F or 0xD800 <= number <= 0xDFFF \
            or number > 0x10FFFF:
        return None
    char = chr(number)
    return char if INVISIBLE.match(char) else None


def first_invisible(text: str) -> Invisible | None:
    found = invisible(text)
    return found[0] if found else None


def clean(text: str) -> str:
    """The text without the characters a writer cannot hold (for text that reaches a
    writer from elsewhere than a checked file, such as a library's error message)."""
    return INVISIBLE.sub("", text)


def decode(raw: bytes) -> str:
    """UTF-8 text (a leading BOM is allowed); ProblemError at the first byte that is not.

    A multi-byte character cut at the very end is a file caught while being saved (the
    live preview reads files as editors write them): said as such, so staff save again.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        start = raw.rfind(b"\n", 0, error.start) + 1
        # The column in characters, as an editor shows it: decode the line up to the byte.
        column = len(raw[start:error.start].decode("utf-8-sig", "replace")) + 1
        byte = raw[error.start]
        if error.end == len(raw) and error.reason == "unexpected end of data":
            raise ProblemError(Problem(
                line, column, "", "berkas berakhir di tengah sebuah huruf (byte terakhir "
                f"0x{byte:02x}): berkas terpotong atau belum selesai disimpan; simpan ulang "
                "berkas ini sebagai teks UTF-8")) from None
        raise ProblemError(Problem(
            line, column, "", "berkas bukan teks UTF-8; simpan ulang dengan pengodean UTF-8 "
            f"(byte tidak sah: 0x{byte:02x})")) from None


def read_checked(raw: bytes) -> str:
    """decode(), then ProblemError at the first invisible character, if any."""
    text = decode(raw)
    found = first_invisible(text)
    if found is not None:
        raise ProblemError(Problem(found.line, found.column, "", found.message))
    return text


def unreadable_message(error: OSError) -> str:
    """Why a file listed a moment ago could not be read, in the words staff use (FS003)."""
    reasons = {
        errno.ENOENT: "berkas hilang ketika hendak dibaca (dihapus, dipindah atau diganti "
                      "nama selagi situs dibangun); bangun ulang, dan bila berkas itu "
                      "terhapus tanpa sengaja, pulihkan dulu",
        errno.EACCES: "tidak ada izin membaca berkas ini; periksa izin berkasnya",
        errno.EPERM: "tidak ada izin membaca berkas ini; periksa izin berkasnya",
        errno.EISDIR: "di sini ada folder, padahal yang diperlukan berkas",
        errno.ELOOP: "jalan pintas (symlink) berkas ini berputar tanpa ujung",
        errno.EIO: "berkas tidak dapat dibaca dari disk (kesalahan perangkat)",
    }
    reason = reasons.get(error.errno, error.strerror or type(error).__name__)
    return f"berkas tidak dapat dibaca: {reason}"
