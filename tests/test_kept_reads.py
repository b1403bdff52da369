"""The resident preview keeps its builds' clean reads (plugins/content_cache/kept.py):
an unchanged file is not read again on the next save, a saved one always is, a read that
reported anything is never kept, and nothing a build does to its content objects reaches
the next build. That every such build writes the site a cold build writes is
tests/test_resident_preview.py's property test (which also checks reads were kept)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from pelican import signals
from pelican.urlwrappers import Category, Tag

from conftest import make_site

from common import filefacts

from content_cache.kept import _keepable, fresh
from newsroom.resident import ResidentBuilder

QUICK = {"ADMIN": {"enabled": False}, "SEARCH": {"enabled": False}}
ARTICLE = "content/berita/pasar-seba.md"
PAGE = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"


@pytest.fixture
def site(tmp_path, monkeypatch):
    # Files written here are read at once: kept without waiting for them to settle
    # (test_a_file_changed_just_before_its_read_is_not_kept has the real wait).
    monkeypatch.setattr(filefacts, "SETTLED", 0)
    folder = make_site(tmp_path / "situs")
    builder = ResidentBuilder(folder, folder / "output", overrides=QUICK)
    yield folder, builder
    builder.close()


def page(folder) -> str:
    return (folder / "output" / PAGE).read_text(encoding="utf-8")


def test_an_unchanged_file_is_not_read_again_and_a_saved_one_always_is(site):
    folder, builder = site
    assert builder().ok
    kept = builder.kept
    assert kept.used == 0
    assert {os.path.basename(p) for p in kept.reads} == {"pasar-seba.md", "tentang.md"}

    article = folder / ARTICLE
    article.write_text(article.read_text("utf-8") + "\nPedagang kembali berjualan.\n",
                       encoding="utf-8")
    assert builder().ok
    assert kept.used == 1  # the page (halaman/tentang.md) only
    assert "Pedagang kembali berjualan." in page(folder)

    # Another text of the same size, its modification time put back: still read again
    # (the file's change time moved; a kept read is known by the file's identity).
    before = os.stat(article)
    text = article.read_text("utf-8")
    article.write_text(text.replace("Pedagang kembali", "Pembeli kembali "), encoding="utf-8")
    os.utime(article, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(article).st_size == before.st_size
    assert builder().ok
    assert kept.used == 1
    assert "Pembeli kembali  berjualan." in page(folder)

    assert builder().ok  # nothing saved: both kept
    assert kept.used == 2


def test_a_file_changed_just_before_its_read_is_not_kept(site, monkeypatch):
    """A second write in the same tick of the file system's clock could leave the file's
    identity as it was: a file changed within SETTLED seconds of its read is read again
    by the next build (common/filefacts.py's rule)."""
    folder, builder = site
    monkeypatch.setattr(filefacts, "SETTLED", 3600)
    assert builder().ok
    assert builder.kept.reads == {}
    assert builder().ok
    assert builder.kept.used == 0
    monkeypatch.setattr(filefacts, "SETTLED", 0)
    assert builder().ok
    assert builder().ok
    assert builder.kept.used == 2


def test_a_read_that_reported_something_is_read_and_reported_on_every_save(site):
    folder, builder = site
    article = folder / ARTICLE
    article.write_text(article.read_text("utf-8") + "\n<script>alert(1)</script>\n",
                       encoding="utf-8")
    first = builder()
    assert first.ok
    warned = [d for d in builder.last.warnings if d.code == "HTM001"]
    assert [os.path.basename(d.path) for d in warned] == ["pasar-seba.md"]
    assert str(article) not in builder.kept.reads
    tentang = folder / "content/halaman/tentang.md"
    tentang.write_text(tentang.read_text("utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    assert builder().ok
    assert [d for d in builder.last.warnings if d.code == "HTM001"] == warned
    assert builder.kept.used == 0  # the article read again, the page saved


def test_reads_made_under_other_vocabularies_are_dropped(site):
    """The news categories shape a read (the content cache's read key): all read again."""
    folder, builder = site
    assert builder().ok
    assert builder().ok
    assert builder.kept.used == 2
    categories = folder / "content/data/kategori.yaml"
    categories.write_text(categories.read_text("utf-8") + "\n", encoding="utf-8")
    assert builder().ok
    assert builder.kept.used == 0
    assert len(builder.kept.reads) == 2


def test_a_plugin_listening_to_the_read_signals_sees_every_file_read(site):
    folder, builder = site
    seen = []

    def listening(generator, metadata=None):
        seen.append(metadata.get("title"))

    signals.article_generator_context.connect(listening)
    try:
        assert builder().ok
        assert builder().ok
    finally:
        signals.article_generator_context.disconnect(listening)
    assert builder.kept.used == 1  # the page: its generator sends no such signal
    assert seen == ["Pasar Seba Dibuka Kembali"] * 2


def test_a_kept_read_shares_nothing_a_build_could_change():
    old, new = {"SLUGIFY_SOURCE": "title"}, {"SLUGIFY_SOURCE": "title"}
    tag = Tag("Pasar", old)
    metadata = {"title": "Pasar", "tags": [tag, Tag("Sabu", old)],
                "category": Category("Ekonomi", old),
                "date": dt.datetime(2023, 3, 3, 9, 30), "lines": {"tags": (3, 1)}}
    copy = fresh(metadata, new)
    assert copy == metadata  # URLWrappers compare by name
    assert copy["tags"] is not metadata["tags"]
    assert copy["lines"] is not metadata["lines"]
    assert all(a is not b for a, b in zip(copy["tags"], metadata["tags"]))
    assert copy["tags"][0].settings is new and copy["category"].settings is new
    copy["tags"][0].name = "Pasar Baru"
    copy["tags"].append(Tag("Lain", new))
    assert tag.name == "Pasar" and tag.settings is old
    assert len(metadata["tags"]) == 2


def test_only_metadata_of_known_kinds_is_kept():
    assert _keepable({"title": "x", "tags": [Tag("a", {})], "n": (1, 2.0, None),
                      "date": dt.date(2023, 1, 1)})
    assert not _keepable({"title": "x", "gambar": object()})
    assert not _keepable({"title": "x", "kumpulan": {"a"}})  # a set: changed in place
    assert not _keepable({1: "not a header name"})
