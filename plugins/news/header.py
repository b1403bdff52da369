"""The metadata header of a news article, read with line numbers and checked.

A header is Pelican's Markdown form: `Key: value` lines up to the first blank line,
a value continued on lines indented by four spaces. Pure functions, no Pelican import.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from common import sourcetext
from common.diagnostics import WARNING, Problem, quote
from common.textlines import (BIDI_CONTROLS, KEY_LINE, character_name, header_lines,
                              hidden_characters, scan_header)
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")

# Fields a news header may carry, in lower case (Pelican lower-cases metadata keys).
KNOWN_FIELDS = (
    "title", "date", "modified", "category", "tags", "author", "authors", "summary",
    "slug", "status", "cover", "cover_alt", "inovasi", "contoh", "template",
)


@dataclass(frozen=True)
class Field:
    """One header line: the key as written, its value, and where the value starts."""

    key: str
    value: str
    line: int
    column: int


def read_header(text: str) -> dict[str, Field]:
    """The header fields by lower-case key; later duplicates are ignored here."""
    fields: dict[str, Field] = {}
    last = None
    for line in header_lines(text):  # lines as editors and Python-Markdown count them
        if not line.continued:
            last = Field(line.key, line.value.strip(), line.number, line.column)
            fields.setdefault(line.key.lower(), last)
        elif last is not None:
            last = Field(last.key, f"{last.value} {line.value.strip()}".strip(),
                         last.line, last.column)
            fields[last.key.lower()] = last
    return fields


def parse_date(value: str) -> dt.datetime | None:
    """The local (WITA) date and time of a `Date:` value, or None when malformed."""
    if not DATE_FORM.match(value):
        return None
    value = value.replace("T", " ")
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(value, form)
        except ValueError:
            continue
    return None


def check_header(
    fields: dict[str, Field],
    category_names: list[str],
    categories_file: str,
    known_fields: tuple[str, ...] = KNOWN_FIELDS,
) -> list[Problem]:
    """Every problem of one article header; an empty list when it is fine."""
    problems: list[Problem] = []

    for key, field in fields.items():
        if key not in known_fields:
            guess = difflib.get_close_matches(key, known_fields, n=1)
            hint = f"; mungkin maksudnya '{guess[0].title()}'?" if guess else ""
            problems.append(Problem(
                field.line, 1, "BRT009",
                f"baris '{field.key}' tidak dikenal{hint} "
                f"(yang dikenal: {', '.join(k.title() for k in known_fields)})",
            ))

    title = fields.get("title")
    if title is None:
        problems.append(Problem(1, 1, "BRT001",
                                "baris 'Title' tidak ada; setiap berita perlu judul "
                                "(contoh: 'Title: Bupati Resmikan Pasar Seba')"))
    elif not title.value:
        problems.append(Problem(title.line, title.column, "BRT002",
                                "'Title' kosong; tulis judul berita setelah 'Title:'"))

    date = fields.get("date")
    if date is None:
        problems.append(Problem(1, 1, "BRT003",
                                "baris 'Date' tidak ada; tulis tanggal dan jam terbit "
                                "dalam WITA (contoh: 'Date: 2023-03-03 10:00')"))
    elif DATE_FORM.match(date.value) and parse_date(date.value) is None:
        problems.append(Problem(date.line, date.column, "BRT004",
                                "'Date' berisi tanggal atau jam yang tidak ada; periksa "
                                "bulan, hari, dan jam (ditemukan: "
                                f"{quote(date.value)})"))
    elif parse_date(date.value) is None:
        problems.append(Problem(date.line, date.column, "BRT004",
                                "'Date' harus berformat TTTT-BB-HH JJ:MM dalam WITA, "
                                "misalnya 2023-03-03 10:00 "
                                f"(ditemukan: {quote(date.value)})"))

    category = fields.get("category")
    if category is None or not category.value:
        line, column = (category.line, category.column) if category else (1, 1)
        problems.append(Problem(line, column, "BRT005",
                                "baris 'Category' tidak ada atau kosong; pilih salah satu "
                                f"dari {', '.join(category_names)} ({categories_file})"))
    elif category.value.casefold() not in {n.casefold() for n in category_names}:
        problems.append(Problem(category.line, category.column, "BRT006",
                                "'Category' harus salah satu dari "
                                f"{', '.join(category_names)} "
                                f"(ditemukan: {quote(category.value)}); "
                                f"daftar kategori ada di {categories_file}"))

    slug = fields.get("slug")
    if slug is not None and _leaves_site(slug.value):
        # Pelican would skip the file with a traceback in its log.
        problems.append(Problem(slug.line, slug.column, "BRT014",
                                "alamat dari 'Slug' keluar dari folder situs ('..' atau '/' "
                                "di awal); ganti baris 'Slug' dengan alamat lain "
                                f"(ditemukan: slug {quote(slug.value)})"))

    cover = fields.get("cover")
    cover_alt = fields.get("cover_alt")
    if cover is not None and cover.value and (cover_alt is None or not cover_alt.value):
        problems.append(Problem(cover.line, cover.column, "BRT007",
                                "gambar sampul perlu teks alternatif: tambahkan baris "
                                "'Cover_Alt:' yang menjelaskan isi gambar "
                                "bagi pembaca yang tidak melihatnya"))
    return problems


def _leaves_site(slug: str) -> bool:
    """A slug whose address would lie outside the output folder ('../x', '/x')."""
    return slug.startswith(("/", "\\")) or ".." in re.split(r"[/\\]", slug)


# -- more of Pelican's own headers, and what they may hold -----------------------------

STATUSES = ("published", "draft", "hidden")
# Lower-case words joined by '-', '_' or '.', in one or more '/'-separated parts:
# no '.' or '..' part, no '?', '#', '%', quotes, spaces, or a trailing '/'.
_PART = r"[a-z0-9]+(?:[-_.][a-z0-9]+)*"
SLUG_FORM = re.compile(rf"^{_PART}(?:/{_PART})*$")
# A folder name may hold 255 bytes; an address part this long is already unreadable.
MAX_SLUG = 120


def repeated_fields(text: str) -> list[Problem]:
    """A header line given twice: Pelican keeps one of them without a word."""
    seen: dict[str, int] = {}
    problems = []
    for line in header_lines(text):
        if line.continued:
            continue
        key = line.key.lower()
        if key in seen:
            problems.append(Problem(line.number, 1, "BRT016",
                                    f"baris '{line.key}' ditulis dua kali (pertama di "
                                    f"baris {seen[key]}); hapus salah satunya"))
        else:
            seen[key] = line.number
    return problems


def control_characters(text: str) -> list[Problem]:
    """Invisible control characters, one per line: they break feeds and show as boxes,
    or not at all (common.sourcetext: the one check for every text staff write).
    On a header line the message names the field."""
    found = sourcetext.invisible(text, markdown=True)
    keys = {line.number: line.key for line in header_lines(text)} if found else {}
    return [Problem(f.line, f.column, "BRT015",
                    f"'{keys[f.line]}': {f.message}" if f.line in keys else f.message)
            for f in found]


# Header values staff write as free text: an invisible character there is shown to
# readers as nothing, so it is a warning; in any other field (a category, tag, slug,
# date, id, file) it makes the value differ from what it looks like, so it is an error.
FREE_TEXT_FIELDS = ("title", "summary", "cover_alt", "audio_title")


def hidden_in_header(text: str) -> list[Problem]:
    """Characters a reader of the header cannot see, one per line, named by code point.

    A line or paragraph separator (U+2028, U+2029) in a value would be published inside
    a title; a bidi control (U+202E...) shows a value as another text (a spoofing trick);
    a zero-width space or another format character makes 'Berita' differ from 'Berita'.
    A key hidden by such a character ends the header there: that line is named too.
    """
    header = scan_header(text)
    problems = []
    for line in header.lines:
        hits = hidden_characters(line.value)
        if not hits:
            continue
        index, char = hits[0]
        column = line.column + index
        field = f"'{line.key}'"
        found = f"(ditemukan: {quote(line.value.strip())})"
        if char in ("\u2028", "\u2029") or sourcetext.INVISIBLE.match(char):
            problems.append(Problem(line.number, column, "BRT040",
                                    f"{field} berisi pemisah baris tak terlihat "
                                    f"{character_name(char)}; hapus karakter itu dan tulis "
                                    f"nilainya dalam satu baris {found}"))
        elif char in BIDI_CONTROLS:
            problems.append(Problem(line.number, column, "BRT040",
                                    f"{field} berisi karakter pengatur arah teks "
                                    f"{character_name(char)} yang membuat teks tampil "
                                    f"berbeda dari yang tertulis; hapus karakter itu {found}"))
        elif line.key.lower() in FREE_TEXT_FIELDS:
            problems.append(Problem(line.number, column, "BRT041",
                                    f"{field} berisi karakter tak terlihat "
                                    f"{character_name(char)}; pembaca tidak melihatnya, tetapi "
                                    "pencarian dan alamat halaman terpengaruh; hapus karakter "
                                    f"itu {found}", WARNING))
        else:
            problems.append(Problem(line.number, column, "BRT040",
                                    f"{field} berisi karakter tak terlihat "
                                    f"{character_name(char)}, sehingga nilainya tidak sama "
                                    f"dengan yang tampak; hapus karakter itu {found}"))
    stop = header.stop
    if stop and hidden_characters(stop):
        cleaned = "".join(c for c in stop if not hidden_characters(c))
        if KEY_LINE.match(cleaned):
            index, char = hidden_characters(stop)[0]
            problems.append(Problem(header.end, index + 1, "BRT040",
                                    f"baris ini berisi karakter tak terlihat "
                                    f"{character_name(char)}, sehingga tidak terbaca sebagai "
                                    "baris keterangan (juga baris-baris sesudahnya); hapus "
                                    f"karakter itu (ditemukan: {quote(stop)})"))
    return problems


def check_pelican_fields(fields: dict[str, Field], years: tuple[int, int]) -> list[Problem]:
    """Status, Slug, Modified and the range of Date: values Pelican rejects or misreads."""
    problems = []
    status = fields.get("status")
    if status is not None and status.value.lower() not in STATUSES:
        problems.append(Problem(status.line, status.column, "BRT019",
                                "'Status' harus salah satu dari published (terbit), draft "
                                "(draf, tidak diterbitkan), hidden (terbit tanpa tampil di "
                                f"daftar) (ditemukan: {quote(status.value)})"))
    slug = fields.get("slug")
    if slug is not None and not _leaves_site(slug.value):
        if not slug.value:
            problems.append(Problem(slug.line, slug.column, "BRT020",
                                    "'Slug' kosong; hapus baris ini agar alamat dibuat dari "
                                    "judul, atau tulis alamatnya (contoh: pasar-seba-dibuka)"))
        elif not SLUG_FORM.match(slug.value):
            problems.append(Problem(slug.line, slug.column, "BRT020",
                                    "'Slug' hanya boleh berisi huruf kecil a-z, angka 0-9, "
                                    "dan tanda hubung di antaranya, misalnya "
                                    f"pasar-seba-dibuka (ditemukan: {quote(slug.value)})"))
        elif len(slug.value) > MAX_SLUG:
            problems.append(Problem(slug.line, slug.column, "BRT021",
                                    f"'Slug' terlalu panjang: paling banyak {MAX_SLUG} "
                                    f"karakter (ditemukan: {len(slug.value)} karakter)"))
    date = fields.get("date")
    published = parse_date(date.value) if date is not None else None
    low, high = years
    if published is not None and not low <= published.year <= high:
        problems.append(Problem(date.line, date.column, "BRT022",
                                f"'Date' harus tahun {low} sampai {high}; periksa tahunnya "
                                f"(ditemukan: {quote(date.value)})"))
    modified = fields.get("modified")
    if modified is not None:
        changed = parse_date(modified.value)
        if changed is None:
            problems.append(Problem(modified.line, modified.column, "BRT023",
                                    "'Modified' harus berformat TTTT-BB-HH JJ:MM dalam WITA, "
                                    "misalnya 2023-03-04 08:00, atau hapus baris ini "
                                    f"(ditemukan: {quote(modified.value)})"))
        elif published is not None and changed < published:
            problems.append(Problem(modified.line, modified.column, "BRT024",
                                    "'Modified' (tanggal diperbarui) tidak boleh sebelum "
                                    f"'Date' {date.value} (ditemukan: {quote(modified.value)})"))
        elif not low <= changed.year <= high:
            problems.append(Problem(modified.line, modified.column, "BRT022",
                                    f"'Modified' harus tahun {low} sampai {high} "
                                    f"(ditemukan: {quote(modified.value)})"))
    return problems
