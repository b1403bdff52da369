"""sitemap_xml/sitemap.py: which written pages the sitemap lists, and the answers about a
page's noindex kept across the builds of one process (the preview)."""

from __future__ import annotations

import os
import time

import pytest

from common import filefacts
from sitemap_xml import sitemap

INDEXED = '<!doctype html><html><head><title>Berita</title></head><body></body></html>\n'
HIDDEN = ('<!doctype html><html><head><meta name="robots" content="noindex">'
          '</head><body></body></html>\n')
# The same length as INDEXED: a rewrite in place that keeps the file's size.
HIDDEN_SAME_SIZE = INDEXED.replace('<title>Berita</title>',
                                   '<meta name="robots" content="noindex">')[:len(INDEXED)]


@pytest.fixture
def fresh_memory(monkeypatch):
    monkeypatch.setattr(sitemap._noindex, "known", {})


def page(folder, relative: str, html: str):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path


def later(monkeypatch, seconds: float) -> None:
    now = time.time_ns
    monkeypatch.setattr(filefacts.time, "time_ns", lambda: now() + int(seconds * 1e9))


def test_noindex_pages_and_excluded_addresses_are_left_out(tmp_path, fresh_memory):
    page(tmp_path, "index.html", INDEXED)
    page(tmp_path, "berita/pasar-seba/index.html", INDEXED)
    page(tmp_path, "cari/index.html", HIDDEN)
    page(tmp_path, "admin/index.html", INDEXED)
    page(tmp_path, "berita/pasar-seba/foto.html", INDEXED)  # not a clean address
    assert sitemap.listed_pages(tmp_path, ["admin/*"]) == [
        "index.html", "berita/pasar-seba/index.html"]


def test_the_pages_a_build_wrote_are_listed_as_a_walk_of_the_site_lists_them(
        tmp_path, fresh_memory):
    """A staging folder's pages come from the build's manifest, not a walk: the same list."""
    written = [page(tmp_path, name, html) for name, html in (
        ("index.html", INDEXED), ("berita/pasar-seba/index.html", INDEXED),
        ("cari/index.html", HIDDEN), ("admin/index.html", INDEXED),
        ("berita/pasar-seba/foto.html", INDEXED), ("feeds/berita.atom.xml", "<feed/>"))]
    files = {os.path.abspath(p): "written" for p in written}
    files[os.path.abspath(tmp_path.parent / "lain" / "index.html")] = "written"  # elsewhere
    assert sitemap.listed_pages(tmp_path, ["admin/*"], files) == \
        sitemap.listed_pages(tmp_path, ["admin/*"]) == ["index.html", "berita/pasar-seba/index.html"]


def test_a_kept_answer_follows_a_page_rewritten_in_place(tmp_path, fresh_memory, monkeypatch):
    path = page(tmp_path, "berita/index.html", INDEXED)
    later(monkeypatch, 10)  # the page counts as settled: its answer is kept
    assert sitemap.is_noindex(path) is False
    assert len(sitemap._noindex.known) == 1
    time.sleep(0.05)  # past the file system clock's tick
    assert len(HIDDEN_SAME_SIZE) == len(INDEXED)
    with open(path, "r+", encoding="utf-8") as same_file:  # same inode, same size
        same_file.write(HIDDEN_SAME_SIZE)
    assert sitemap.is_noindex(path) is True


def test_a_page_written_just_now_is_read_each_time(tmp_path, fresh_memory):
    path = page(tmp_path, "berita/index.html", HIDDEN)
    assert sitemap.is_noindex(path) is True
    assert sitemap._noindex.known == {}
