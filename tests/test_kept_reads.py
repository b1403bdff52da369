"""The resident preview keeps its builds' clean reads (plugins/content_cache/kept.py):
an unchanged file is not read again on the next save, a saved one always is, a read that
reported anything is never kept, and nothing a build does to its content objects reaches
the next build. That every such build writes the site a cold build writes is
tests/test_resident_preview.py's property test (which also checks reads were kept)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import time

import pytest
from pelican import cache as pelican_cache
from pelican import signals
from pelican.readers import Readers
from pelican.urlwrappers import Category, Tag

from conftest import make_site

from common import filefacts

from content_cache import spared
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


# -- the reader cache of a warm save (plugins/content_cache/spared.py) ------------------
def _reader_caches(folder) -> dict[str, dict]:
    """The reader cache files the last build saved, unpickled: {file name: cache}."""
    found = {}
    for path in (folder / ".cache" / "konten").glob("*/*-Readers"):
        if "." not in path.parent.name:  # not a trusted snapshot
            with path.open("rb") as file:
                found[path.name] = pickle.load(file)
    return found


def _count_reads(generator, reads: list) -> None:
    """generator_init: note every file the generator's readers really read."""
    for reader in generator.readers.readers.values():
        original = reader.read

        def read(path, original=original):
            reads.append(os.path.basename(path))
            return original(path)

        reader.read = read


def test_a_save_asks_the_reader_cache_only_about_the_files_saved(site, monkeypatch):
    """A save asks the reader cache only about the files saved: it unpickles no cache file,
    and the cache it saves still holds every file's read, so the next process (a preview
    started again) reads none of them again. A file read too soon after it was written
    to be kept is read again, not looked for in the whole cache."""
    folder, builder = site
    here = os.getpid()
    unpickled, asked = [], set()
    real_base, real_get = spared.SparedCache.base, Readers.get_cached_data

    def base(self):
        if os.getpid() == here:  # the saving fork reads it, on the other core
            unpickled.append("spared")
        return real_base(self)

    def get_cached_data(self, filename, default=None):
        if os.getpid() == here:
            asked.add(os.path.basename(filename))
        return real_get(self, filename, default)

    class Pickle:  # Pelican's loader, counting the reader caches it unpickles here
        PickleError, PicklingError, dump = pickle.PickleError, pickle.PicklingError, pickle.dump

        @staticmethod
        def load(file):
            if str(getattr(file, "name", "")).endswith("-Readers") and os.getpid() == here:
                unpickled.append(os.path.basename(file.name))
            return pickle.load(file)

    monkeypatch.setattr(spared.SparedCache, "base", base)
    monkeypatch.setattr(Readers, "get_cached_data", get_cached_data)
    monkeypatch.setattr(pelican_cache, "pickle", Pickle)
    assert builder().ok  # the first: no cache yet, every file read
    asked.clear()

    article = folder / ARTICLE
    article.write_text(article.read_text("utf-8") + "\nPedagang kembali berjualan.\n",
                       encoding="utf-8")
    assert builder().ok
    assert unpickled == []
    assert asked == {"pasar-seba.md"}
    assert "Pedagang kembali berjualan." in page(folder)
    caches = _reader_caches(folder)
    articles, pages = caches["ArticlesGenerator-Readers"], caches["PagesGenerator-Readers"]
    assert str(article) in articles
    stamp, (html, _) = articles[str(article)]
    assert stamp == hashlib.sha256(article.read_bytes()).digest()
    assert "Pedagang kembali berjualan." in html
    assert [os.path.basename(p) for p in pages] == ["tentang.md"]  # kept, never asked

    # Written "now" as far as the read can tell (a modification time ahead of the clock):
    # never settled, so never kept; each save reads it again, and only it.
    later = time.time_ns() + 3600 * 10**9
    os.utime(article, ns=(later, later))
    assert builder().ok
    assert str(article) not in builder.kept.reads
    asked.clear()
    assert builder().ok
    assert (unpickled, asked) == ([], {"pasar-seba.md"})

    reads: list = []
    signals.generator_init.connect(counting := lambda g: _count_reads(g, reads))
    again = ResidentBuilder(folder, folder / "output", overrides=QUICK)
    try:
        assert again().ok
    finally:
        again.close()
        signals.generator_init.disconnect(counting)
    assert reads == []
    assert "Pedagang kembali berjualan." in page(folder)


def test_a_broken_reader_cache_file_costs_reads_never_the_save(site):
    """A cache file that cannot be unpickled is an empty cache: the save that spared it
    saves its own reads, and the site is right."""
    folder, builder = site
    assert builder().ok
    assert builder().ok
    for path in (folder / ".cache" / "konten").glob("*/ArticlesGenerator-Readers"):
        path.write_bytes(b"\x80\x05 rusak")  # in place: the snapshot's link too
    article = folder / ARTICLE
    article.write_text(article.read_text("utf-8") + "\nPedagang kembali berjualan.\n",
                       encoding="utf-8")
    assert builder().ok
    assert "Pedagang kembali berjualan." in page(folder)
    assert list(_reader_caches(folder)["ArticlesGenerator-Readers"]) == [str(article)]
