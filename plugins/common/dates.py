"""Indonesian dates through Babel, never through the machine's installed locales."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_time

LOCALE = "id"


def long_date(value: dt.date) -> str:
    """'Jumat, 3 Maret 2023'."""
    return format_date(value, "EEEE, d MMMM y", locale=LOCALE)


def short_date(value: dt.date) -> str:
    """'3 Maret 2023'."""
    return format_date(value, "d MMMM y", locale=LOCALE)


def month_year(value: dt.date) -> str:
    """'Maret 2023'."""
    return format_date(value, "MMMM y", locale=LOCALE)


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
