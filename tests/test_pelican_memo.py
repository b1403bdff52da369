"""Pelican's date and address formatting answered from a memo (common/pelican_memo.py):
every answer is the one Pelican makes from the same values, whatever changed in between."""

from __future__ import annotations

import datetime as dt
import locale
from zoneinfo import ZoneInfo

import pytest
from pelican import contents, utils
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category
from pelican.utils import SafeDatetime

from common import pelican_memo

pelican_memo.install()
PLAIN_STRFTIME = utils.strftime.__wrapped__
PLAIN_EXPAND = contents.Content._expand_settings.__wrapped__

WITA = ZoneInfo("Asia/Makassar")


def test_installed_once_and_pelican_answers_through_it():
    pelican_memo.install()
    assert utils.strftime.__wrapped__ is PLAIN_STRFTIME
    assert contents.Content._expand_settings.__wrapped__ is PLAIN_EXPAND
    # Pelican's SafeDatetime formats through the module's strftime: the memo answers it.
    date = SafeDatetime(2024, 3, 7, 9, 5)
    assert f"{date:%-d %m %Y}" == "7 03 2024"
    assert ("%-d %m %Y", SafeDatetime, date.isoformat(), None,
            locale.setlocale(locale.LC_TIME)) in utils.strftime._memo


@pytest.mark.parametrize("date", [
    SafeDatetime(2024, 3, 7, 9, 5),
    SafeDatetime(2024, 3, 7, 9, 5, tzinfo=WITA),
    SafeDatetime(2024, 3, 7, 1, 5, tzinfo=dt.timezone.utc),
    SafeDatetime(2024, 12, 31, 23, 59, 59, 999, tzinfo=dt.timezone(dt.timedelta(hours=-10))),
    dt.date(2020, 1, 2),
])
def test_strftime_equals_pelican(date):
    for pattern in ("%Y/%m/%d", "%-d %B %Y %H:%M", "%a %Z %z", "%%Y %-m", "%j %f"):
        assert utils.strftime(date, pattern) == PLAIN_STRFTIME(date, pattern)
        assert utils.strftime(date, pattern) == PLAIN_STRFTIME(date, pattern)  # memo


def test_same_instant_in_another_zone_is_another_answer():
    here = SafeDatetime(2024, 1, 1, 6, 30, tzinfo=WITA)
    utc = here.astimezone(dt.timezone.utc)
    assert here == utc  # equal datetimes: the memo must not take one for the other
    assert utils.strftime(here, "%Y-%m-%d %H %Z") == "2024-01-01 06 WITA"
    assert utils.strftime(utc, "%Y-%m-%d %H %Z") == "2023-12-31 22 UTC"


def _article(metadata: dict, source: str = "berita/2024/judul.md", **settings):
    merged = dict(DEFAULT_CONFIG)
    merged.update(settings)
    metadata = {"title": "Judul", "date": SafeDatetime(2024, 3, 7, 9, 5), **metadata}
    for field, kind in (("category", Category), ("author", Author)):
        if isinstance(metadata.get(field), str):
            metadata[field] = kind(metadata[field], merged)
    return contents.Article("<p>isi</p>", metadata=metadata, settings=merged,
                            source_path="/situs/content/" + source,
                            context={})


def _plain(content, key: str) -> str:
    """Pelican's own answer, the memo left aside (Article picks the setting's class)."""
    klass = {"draft": "draft", "published": "article"}.get(content.status, "article")
    return PLAIN_EXPAND(content, key, klass)


PATTERNS = [
    "berita/{date:%Y}/{date:%m}/{slug}/",
    "{category}/{author}/{slug}.html",
    "{lang}/{date:%Y-%m-%d}/{slug}/",
    "arsip/{path}",
    "{nomor}/{slug}/",  # a field of the metadata
    "{date.year}/{date.month:02d}/{slug}/",
    "{slug!r}/",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_address_equals_pelican(pattern):
    settings = {"ARTICLE_URL": pattern, "ARTICLE_SAVE_AS": pattern + "index.html",
                "PATH": "/situs/content"}
    first = _article({"slug": "pasar-seba", "nomor": "12", "category": "Ekonomi",
                      "author": "Ina Kana"}, **settings)
    assert first.url == _plain(first, "url")
    assert first.save_as == _plain(first, "save_as")
    # Another article, and the same one changed: each answer follows its values.
    other = _article({"slug": "pelabuhan", "nomor": "13", "category": "Kesehatan",
                      "author": "Yakob Ratu",
                      "date": SafeDatetime(2019, 11, 30, tzinfo=WITA)},
                     source="berita/2019/lain.md", **settings)
    assert other.url == _plain(other, "url") != first.url
    first.slug = "pasar-seba-baru"
    first.date = SafeDatetime(2025, 1, 1)
    first.metadata["nomor"] = "99"
    first.source_path = "/situs/content/berita/2025/pindah.md"
    assert first.url == _plain(first, "url")
    assert first.save_as == _plain(first, "save_as")


def test_patterns_the_memo_leaves_to_pelican():
    for pattern in ("{0}/{slug}", "{date:{fmt}}/{slug}", "{hilang}/{slug}", "{slug"):
        article = _article({"slug": "a"}, ARTICLE_URL=pattern)
        with pytest.raises(Exception) as memo_error:
            article.url  # noqa: B018
        with pytest.raises(type(memo_error.value)):
            _plain(article, "url")
    # A value that is not plain text, a number or a date: formatted by Pelican each time.
    article = _article({"slug": "a", "nomor": ["x"]}, ARTICLE_URL="{nomor}/{slug}/")
    assert article.url == "['x']/a/"


def test_draft_and_override_as_pelican():
    draft = _article({"slug": "a", "status": "draft"}, DRAFT_URL="konsep/{slug}/")
    assert draft.url == "konsep/a/" == _plain(draft, "url")
    article = _article({"slug": "a"}, ARTICLE_URL="berita/{slug}/")
    article.override_url = "lain/"
    assert article.url == "lain/"


PLAIN_RELATIVE = contents.Content.get_relative_source_path.__wrapped__


@pytest.mark.parametrize(("base", "source"), [
    ("/situs/content", "/situs/content/berita/2024/judul.md"),
    ("/situs/content/", "/situs/content/berita/../halaman/tentang.md"),
    ("/situs/content", "/lain/tempat/berkas.md"),  # outside PATH: '..' steps
    ("content", "content/berita/judul.md"),  # relative: against the working folder
    ("content", "/situs/content/berita/judul.md"),
    ("/situs/content", "berita/ringkas.md"),  # relative to PATH
])
def test_relative_source_path_equals_pelican(base, source, tmp_path, monkeypatch):
    article = _article({}, PATH=base)
    # A relative PATH moves with the working folder (the two are at different depths).
    for folder in (tmp_path / "satu", tmp_path / "dua" / "tiga"):
        folder.mkdir(parents=True)
        monkeypatch.chdir(folder)
        for asked in (source, None):
            if asked is None:
                article.source_path = source
            got = article.get_relative_source_path(asked)
            assert got == PLAIN_RELATIVE(article, asked)
            assert article.get_relative_source_path(asked) == got  # from the memo


def test_relative_source_path_of_none_and_other_values():
    article = _article({}, PATH="/situs/content")
    article.source_path = None
    assert article.get_relative_source_path() is None
    path = __import__("pathlib").Path("/situs/content/berita/a.md")
    assert article.get_relative_source_path(path) == PLAIN_RELATIVE(article, path)
