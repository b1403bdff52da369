"""The metadata header of a news article, read with line numbers and checked.

A header is Pelican's Markdown form: `Key: value` lines up to the first blank line,
a value continued on lines indented by four spaces. Pure functions, no Pelican import.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

KEY_LINE = re.compile(r"^ {0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION = re.compile(r"^ {4,}(?P<value>.*)$")
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


@dataclass(frozen=True)
class Problem:
    line: int
    column: int
    code: str
    message: str


def read_header(text: str) -> dict[str, Field]:
    """The header fields by lower-case key; later duplicates are ignored here."""
    fields: dict[str, Field] = {}
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        start = 1
    last = None
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() or line.strip() in ("---", "..."):
            break
        match = KEY_LINE.match(line)
        if match:
            key = match["key"]
            column = match.start("value") + 1
            last = Field(key, match["value"].strip(), number, column)
            fields.setdefault(key.lower(), last)
            continue
        cont = CONTINUATION.match(line)
        if cont and last is not None:
            joined = Field(last.key, f"{last.value} {cont['value'].strip()}".strip(),
                           last.line, last.column)
            fields[last.key.lower()] = joined
            last = joined
            continue
        break
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
                                f"'{date.value}')"))
    elif parse_date(date.value) is None:
        problems.append(Problem(date.line, date.column, "BRT004",
                                "'Date' harus berformat TTTT-BB-HH JJ:MM dalam WITA, "
                                "misalnya 2023-03-03 10:00 "
                                f"(ditemukan: '{date.value}')"))

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
                                f"(ditemukan: '{category.value}'); "
                                f"daftar kategori ada di {categories_file}"))

    slug = fields.get("slug")
    if slug is not None and _leaves_site(slug.value):
        # Pelican would skip the file with a traceback in its log.
        problems.append(Problem(slug.line, slug.column, "BRT014",
                                "alamat dari 'Slug' keluar dari folder situs ('..' atau '/' "
                                "di awal); ganti baris 'Slug' dengan alamat lain "
                                f"(ditemukan: slug '{slug.value}')"))

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
