"""Indonesian dates through Babel, never through the machine's installed locales."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_time

LOCALE = "id"


# Babel parses the pattern on every call; a big site formats the same few thousand dates
# tens of thousands of times (lists, cards, archives), so remember them by calendar day.
@lru_cache(maxsize=16384)
def _format_day(day: dt.date, pattern: str) -> str:
    return format_date(day, pattern, locale=LOCALE)


def _day(value: dt.date) -> dt.date:
    """The calendar day of a date or datetime (Babel's format_date ignores the time too)."""
    return dt.date(value.year, value.month, value.day)


def long_date(value: dt.date) -> str:
    """'Jumat, 3 Maret 2023'."""
    return _format_day(_day(value), "EEEE, d MMMM y")


def short_date(value: dt.date) -> str:
    """'3 Maret 2023'."""
    return _format_day(_day(value), "d MMMM y")


def month_year(value: dt.date) -> str:
    """'Maret 2023'."""
    return _format_day(_day(value), "MMMM y")


def month_name(month: int) -> str:
    """'Maret' for 3."""
    return format_date(dt.date(2000, month, 1), "MMMM", locale=LOCALE)


def clock_time(value: dt.datetime) -> str:
    """'14.05 WITA' for a time in Asia/Makassar."""
    return format_time(value, "HH.mm", locale=LOCALE) + " WITA"


def iso(value: dt.date) -> str:
    """The machine-readable form for <time datetime>."""
    return value.isoformat()


JINJA_FILTERS = {
    "tanggal": long_date,
    "tanggal_pendek": short_date,
    "bulan_tahun": month_year,
    "nama_bulan": month_name,
    "jam": clock_time,
    "iso": iso,
}
