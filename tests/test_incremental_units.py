"""Pieces of incremental builds, tested without Pelican: how output files are put in place
(plugins/common/outfiles.py) and how the content cache is kept (content_cache)."""

from __future__ import annotations

import errno
import os

import pytest


from common.outfiles import previous_site, put_file


@pytest.mark.parametrize("before, previous, expected", [
    (None, None, "written"),
    (b"lama", None, "written"),
    (b"sama", None, "same"),
    (None, b"sama", "linked"),
    (b"lama", b"sama", "linked"),
    (b"lama", b"lain", "written"),
    (b"sama", b"sama", "same"),
])
def test_put_file_writes_only_what_changed(tmp_path, before, previous, expected):
    target = tmp_path / "baru" / "index.html"
    target.parent.mkdir()
    old = tmp_path / "lama" / "index.html"
    if before is not None:
        target.write_bytes(before)
    if previous is not None:
        old.parent.mkdir()
        old.write_bytes(previous)
    assert put_file(target, b"sama", old if previous is not None else None) == expected
    assert target.read_bytes() == b"sama"
    if previous is not None:
        assert old.read_bytes() == previous, "the previous site is never modified"
        assert (target.stat().st_ino == old.stat().st_ino) == (expected == "linked")
    assert sorted(p.name for p in target.parent.iterdir()) == ["index.html"]


def test_a_file_hard_linked_from_the_previous_site_is_replaced_not_modified(tmp_path):
    """Pelican's writer truncates in place, which would change the live site's file too."""
    old = tmp_path / "output" / "a.html"
    old.parent.mkdir()
    old.write_bytes(b"isi lama")
    target = tmp_path / "output.baru" / "a.html"
    target.parent.mkdir()
    os.link(old, target)
    assert put_file(target, b"isi baru", old) == "written"
    assert old.read_bytes() == b"isi lama"
    assert target.read_bytes() == b"isi baru"


def test_a_failed_write_leaves_the_file_and_no_temporary(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "a.html").write_bytes(b"lama")
    blocked = folder / "a.html" / "x"  # a file where a folder would be
    with pytest.raises(OSError) as failed:
        put_file(blocked, b"baru")
    assert failed.value.errno == errno.ENOTDIR
    assert (folder / "a.html").read_bytes() == b"lama"
    assert sorted(p.name for p in folder.iterdir()) == ["a.html"]


def test_a_folder_where_the_file_goes_is_an_error_and_stays(tmp_path):
    (tmp_path / "index.html").mkdir()
    with pytest.raises(OSError):
        put_file(tmp_path / "index.html", b"isi")
    assert (tmp_path / "index.html").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


def test_previous_site_is_the_folder_a_staging_folder_replaces(tmp_path):
    (tmp_path / "output").mkdir()
    assert previous_site(tmp_path / "output.baru") == tmp_path / "output"
    assert previous_site(tmp_path / "output") is None
    assert previous_site(tmp_path / "lain.baru") is None  # no lain/ to reuse


def test_quick_period_archives_are_pelicans_lists():
    """build_report.site._quick_period_archives gives the archives Pelican's method gives."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from build_report.site import _quick_period_archives

    rng = random.Random(5)
    articles = [SimpleNamespace(date=dt.datetime(2020 + rng.randrange(3), rng.randrange(1, 13),
                                                 rng.randrange(1, 28), 8)) for _ in range(300)]
    articles.sort(key=lambda a: a.date, reverse=True)
    dated = sorted(articles, key=lambda a: a.date)
    settings = {f"{kind}_ARCHIVE_{what}": f"arsip/{{date:%Y}}/{kind}/{what}/"
                for kind in ("YEAR", "MONTH", "DAY") for what in ("SAVE_AS", "URL")}
    generator = SimpleNamespace(_build_period_archives=lambda *args:
                                ArticlesGenerator._build_period_archives(None, *args))
    expected = generator._build_period_archives(dated, articles, settings)
    _quick_period_archives(generator)
    got = generator._build_period_archives(dated, articles, settings)
    assert got == expected
    assert sum(len(a["articles"]) for a in got["month"]) == 300
    # Each list keeps the order of `articles`, whatever it is.
    rng.shuffle(articles)
    got = generator._build_period_archives(dated, articles, settings)
    for period in got["day"]:
        assert [id(a) for a in period["articles"]] == \
            [id(a) for a in articles if any(a is d for d in period["dates"])]
    assert got == ArticlesGenerator._build_period_archives(None, dated, articles, settings)


def test_stray_files_are_listed_as_the_folder_walk_lists_them(tmp_path):
    """build_report/stray.py walks content/ with the folders' listings: files in name
    order, top-down; hidden folders and ignored names skipped; a link to a file counts as
    a file, a link to a folder is not entered, a broken link is nothing."""
    from build_report.stray import stray_files

    root = tmp_path / "content"
    (root / "berita" / "2024").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("x")
    (root / "berita" / "2024" / "pasar.md").write_text("x")
    (root / "berita" / "2024" / "catatan.txt").write_text("x")
    (root / "berita" / "b.docx").write_text("x")
    (root / "berita" / "a.markdown").write_text("x")
    (root / "berita" / "Thumbs.db").write_text("x")
    (root / "berita" / "lama.md~").write_text("x")
    (root / "lain").mkdir()
    (root / "lain" / "foto.zip").write_text("x")
    (root / "berita" / "tautan.pdf").symlink_to(root / "lain" / "foto.zip")
    (root / "berita" / "folder").symlink_to(root / "lain", target_is_directory=True)
    (root / "berita" / "putus.odt").symlink_to(root / "hilang.odt")
    found = stray_files(root, {"berita": [".md"], "lain": [".zip"]})
    assert [(str(s.path), s.code) for s in found] == [
        ("berita/2024/catatan.txt", "CNT001"),
        ("berita/a.markdown", "CNT001"),
        ("berita/b.docx", "CNT003"),
        ("berita/tautan.pdf", "CNT003"),
    ]


def test_one_walk_gives_each_call_pelicans_files(tmp_path, monkeypatch):
    """build_report.site.one_walk: every get_files() call of a generator answers what
    Pelican's own walk answers (ignored names, excluded folders, extensions asked, a
    single file as a path), from one walk per (paths, exclude)."""
    import os
    import types

    from pelican.generators import Generator

    from build_report.site import one_walk

    root = tmp_path / "content"
    for name in ("berita/2024/a.md", "berita/2024/b.html", "berita/2024/.#a.md",
                 "berita/2024/c.bak", "berita/draf/d.md", "berita/e.rst", "berita/f.MD",
                 "halaman/tentang.md", "satu.md", "gambar/x.jpg"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")

    def generator():
        made = types.SimpleNamespace(path=str(root), context={},
                                     settings={"IGNORE_FILES": [".#*", "*.bak"]},
                                     readers=types.SimpleNamespace(extensions=["md", "html"]))
        made._include_path = types.MethodType(Generator._include_path, made)
        made.get_files = types.MethodType(Generator.get_files, made)
        return made

    calls = [(["berita"], ["berita/draf"], None), (["berita"], ["berita/draf"], ["rst"]),
             (["berita", "halaman"], [], None), ("berita", None, False),
             (["berita"], ["berita/draf"], ("html",)), (["satu.md"], [], None),
             (["satu.md"], [], ["rst"]), ([""], ["berita"], False), (["berita"], ["berita/draf"], None)]
    plain = generator()
    expected = [plain.get_files(p, exclude=e, extensions=x) for p, e, x in calls]
    assert expected[0] == {"berita/2024/a.md", "berita/2024/b.html"}  # the tree is right

    walks = []
    real_walk = os.walk
    monkeypatch.setattr(os, "walk", lambda *a, **k: walks.append(a[0]) or real_walk(*a, **k))
    quick = generator()
    one_walk(quick)
    one_walk(quick)  # once is enough: installing again changes nothing
    got = [quick.get_files(p, exclude=e, extensions=x) for p, e, x in calls]
    assert got == expected
    # One walk per folder of each (paths, exclude): berita/ without draf/; berita/ and
    # halaman/; berita/ whole; the root (satu.md is a file: not walked).
    assert len(walks) == 5
    got[0].add("lain.md")  # each call has its own set
    assert quick.get_files(["berita"], exclude=["berita/draf"]) == expected[0]
