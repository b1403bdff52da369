"""Three pure functions of Pelican, answered from a memo of their inputs.

A save in the resident preview makes every Article again and asks for its address many
times: Pelican's `is_valid()`, `generate_articles()`, our address checks and the URL
freeze. Each time Pelican builds `url_format` (a copy of the metadata, the source path made
relative) and formats the setting (`berita/{date:%Y}/{date:%m}/{slug}/`), whose `%Y` goes
through `pelican.utils.strftime` (two regular expressions per call). Measured at 1,000
articles: 0.10 s of a 0.86 s save in addresses and 0.06 s in strftime, ten times that at
10,000; the answers are the same save after save.

Both are functions of values only, so the memo is keyed by exactly those values:

- `strftime(date, format)`: the format, the date's exact type, its ISO spelling (every
  field, the UTC offset) and tzinfo object (a `%Z` name), and the process's LC_TIME locale
  (month and day names);
- `Content._expand_settings(key, klass)`: the setting's pattern, and the value of each
  field the pattern names, computed as Pelican's `url_format` computes it (`slug`, `lang`,
  `date`, `author` and `category` by their slugs, `path`, any other from the metadata). A
  pattern with a positional or nested field, a field Pelican would not find, or a value
  that is not a plain string, number or date is formatted by Pelican as before, uncached.

- `Content.get_relative_source_path(source_path)`: the source path made relative to
  PATH (`os.path.relpath` of two `abspath`s, a tenth of reading an unchanged article at
  10,000 articles: Pelican asks twice per article, our checks more), keyed by PATH, the
  path, and the working folder when PATH is relative (abspath reads it). No file is
  looked at: both are string operations.

Nothing else is changed: the answer is the string Pelican would have made from the same
values. A Pelican upgrade that changes any of them breaks tests/test_pelican_memo.py,
which compares each with Pelican's own on every kind of value.
"""

from __future__ import annotations

import datetime as dt
import locale
import os
import string

from pelican import contents, utils
from pelican.utils import path_to_url

LIMIT = 200_000  # answers kept; the memo is emptied when it holds more
_PLAIN = (str, int)
_DATES = (dt.datetime, dt.date)


def install() -> None:
    """Answer Pelican's strftime and address formatting from the memo (idempotent)."""
    if getattr(utils.strftime, "_memo", None) is None:
        utils.strftime = _memo_strftime(utils.strftime)
    if not getattr(contents.Content._expand_settings, "_memo", False):
        contents.Content._expand_settings = _memo_expand(contents.Content._expand_settings)
    if not getattr(contents.Content.get_relative_source_path, "_memo", False):
        contents.Content.get_relative_source_path = _memo_relative(
            contents.Content.get_relative_source_path)


def _date_key(value) -> tuple:
    return (type(value), value.isoformat(), getattr(value, "tzinfo", None))


def _remembered(memo: dict, key: tuple, make) -> str:
    """memo[key], made by make() the first time (the memo emptied when it is full)."""
    held = memo.get(key)
    if held is None:
        held = make()
        if len(memo) >= LIMIT:
            memo.clear()
        memo[key] = held
    return held


def _memo_strftime(plain):
    memo: dict[tuple, str] = {}

    def strftime(date, date_format):
        if not isinstance(date, _DATES) or type(date_format) is not str:
            return plain(date, date_format)
        key = (date_format, *_date_key(date), locale.setlocale(locale.LC_TIME))
        return _remembered(memo, key, lambda: plain(date, date_format))

    strftime._memo = memo
    strftime.__wrapped__ = plain
    strftime.__doc__ = plain.__doc__
    return strftime


_FIELDS: dict[str, tuple | None] = {}


def pattern_fields(pattern: str) -> tuple | None:
    """The names a URL pattern formats, or None when it is not a plain one."""
    known = _FIELDS.get(pattern, False)
    if known is not False:
        return known
    names: list[str] = []
    try:
        for _literal, field, spec, _conversion in string.Formatter().parse(pattern):
            if field is None:
                continue
            base = field.split(".", 1)[0].split("[", 1)[0]
            if not base.isidentifier() or (spec and "{" in spec):
                names = None
                break
            if base not in names:
                names.append(base)
    except ValueError:
        names = None
    found = _FIELDS[pattern] = tuple(names) if names is not None else None
    return found


_NOT_PLAIN = object()


def _field(content, name: str):
    """A value of Pelican's Content.url_format, or _NOT_PLAIN."""
    if name == "slug":
        value = getattr(content, "slug", "")
    elif name == "lang":
        value = getattr(content, "lang", "en")
    elif name == "date":
        if not hasattr(content, "date"):
            return _NOT_PLAIN  # Pelican formats the time of the call
        value = content.date
    elif name == "author":
        value = content.author.slug if hasattr(content, "author") else ""
    elif name == "category":
        value = content.category.slug if hasattr(content, "category") else ""
    elif name == "path":
        value = path_to_url(content.metadata.get("path", content.get_relative_source_path()))
    else:
        value = content.metadata.get(name, _NOT_PLAIN)
    kind = type(value)
    if kind is str or kind is int:
        return value
    if isinstance(value, _DATES):
        return _date_key(value)
    return _NOT_PLAIN


def _memo_expand(plain):
    memo: dict[tuple, str] = {}

    def _expand_settings(self, key, klass=None):
        name = klass or self.__class__.__name__
        pattern = self.settings.get(f"{name}_{key}".upper())
        fields = pattern_fields(pattern) if type(pattern) is str else None
        if fields is None:
            return plain(self, key, klass)
        # Pelican's url_format asks every content for these two, whatever the pattern
        # names: a content whose author or category is not one fails as it would.
        if hasattr(self, "author"):
            self.author.slug  # noqa: B018
        if hasattr(self, "category"):
            self.category.slug  # noqa: B018
        values = []
        for field in fields:
            value = _field(self, field)
            if value is _NOT_PLAIN:
                return plain(self, key, klass)
            values.append(value)
        memo_key = (pattern, tuple(values), locale.setlocale(locale.LC_TIME))
        return _remembered(memo, memo_key, lambda: plain(self, key, klass))

    _expand_settings._memo = True
    _expand_settings.__wrapped__ = plain
    return _expand_settings


def _memo_relative(plain):
    memo: dict[tuple, str] = {}

    def get_relative_source_path(self, source_path=None):
        if not source_path:
            source_path = self.source_path
        base = self.settings.get("PATH")
        if type(source_path) is not str or type(base) is not str:
            return plain(self, source_path)
        key = (base, source_path, None if os.path.isabs(base) else os.getcwd())
        return _remembered(memo, key, lambda: plain(self, source_path))

    get_relative_source_path._memo = True
    get_relative_source_path.__wrapped__ = plain
    get_relative_source_path.__doc__ = plain.__doc__
    return get_relative_source_path
