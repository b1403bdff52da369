"""Pages written by the build and a fork of it (build_report/parallel.py): the same site as
one process writes, every mistake reported, and a fork that dies costs no page.

Each test builds a small synthetic site twice in-process, with one writer and with two,
and compares what a user and the tools get: every byte and folder of the output, the
diagnostics, the files in the order the build announced them, how each was put. The
build's own process is slowed a little (only it: the fork has another pid), so that the
fork surely writes part of each generator's pages; `page_writing` says it did.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT
from synth import write_site

from build_report.site import CheckedWriter
from newsroom.api import build_site

ONE = {"SEARCH": {"enabled": False}, "ADMIN": {"enabled": False},
       "PAGE_WRITING": {"workers": 1}}
TWO = {**ONE, "PAGE_WRITING": {"workers": 2, "min_pages": 2}}


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) under folder."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def relative(result, paths) -> list[str]:
    return [os.path.relpath(p, result.output) for p in paths]


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("isi") / "content"
    write_site(folder, 12, 4)
    return folder


@pytest.fixture
def slow_build_process(monkeypatch):
    """The build's process waits 4 ms before each page it writes; a fork does not."""
    me = os.getpid()
    plain = CheckedWriter.write_job

    def write_job(self, job):
        if os.getpid() == me:
            time.sleep(0.004)
        return plain(self, job)

    monkeypatch.setattr(CheckedWriter, "write_job", write_job)


def build(folder: Path, content: Path, overrides: dict, theme: Path | None = None):
    if not (folder / "content").exists():
        shutil.copytree(content, folder / "content")
    given = dict(overrides)
    if theme is not None:
        given["THEME"] = str(theme)
    return build_site(folder, settings_file=ROOT / "pelicanconf.py", content="content",
                      output="output", overrides=given)


def test_two_writers_write_the_site_one_writes(content, tmp_path, slow_build_process):
    one = build(tmp_path / "satu", content, ONE)
    two = build(tmp_path / "dua", content, TWO)
    assert one.ok and two.ok, two.diagnostics
    assert all(forked == 0 for _, forked, _ in one.page_writing)
    assert any(forked > 0 and kept for _, forked, kept in two.page_writing), two.page_writing
    assert tree(one.output) == tree(two.output)
    assert one.diagnostics == two.diagnostics == []
    # Announced in the same order (the search index is fed in this order), put the same way.
    assert relative(one, one.written) == relative(two, two.written)
    assert {os.path.relpath(p, one.output): how for p, how in one.files.items()} == \
        {os.path.relpath(p, two.output): how for p, how in two.files.items()}
    assert {os.path.relpath(p, one.output): os.path.relpath(s, one.output.parent)
            for p, s in one.sources.items()} == \
        {os.path.relpath(p, two.output): os.path.relpath(s, two.output.parent)
         for p, s in two.sources.items()}

    # Warm: an edited article; the pages checked and linked by both processes.
    for folder in (tmp_path / "satu", tmp_path / "dua"):
        article = sorted((folder / "content").rglob("*.md"))[3]
        article.write_text(article.read_text(encoding="utf-8") + "\nParagraf baru.\n",
                           encoding="utf-8")
    one = build(tmp_path / "satu", content, ONE)
    two = build(tmp_path / "dua", content, TWO)
    assert one.ok and two.ok
    assert any(forked > 0 and kept for _, forked, kept in two.page_writing)
    assert tree(one.output) == tree(two.output)
    assert relative(one, one.written) == relative(two, two.written)
    assert sorted(relative(one, one.files_that_were("written"))) == \
        sorted(relative(two, two.files_that_were("written")))
    # The contents' fingerprints, made on two cores before the pages are checked
    # (parallel.two_halves), skip the pages one writer skips.
    rendered = [re.search(r"Berkas halaman: (\d+) dirender, (\d+) tidak berubah", b.stdout)
                for b in (one, two)]
    assert all(rendered) and rendered[0].groups() == rendered[1].groups()
    assert int(rendered[1].group(2)) > 0


def test_every_page_that_fails_in_either_process_is_reported(content, tmp_path,
                                                              slow_build_process):
    theme = tmp_path / "tema"
    shutil.copytree(ROOT / "theme", theme)
    base = theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace(
        "</body>", "{{ tidak_ada.sama_sekali }}</body>", 1), encoding="utf-8")
    one = build(tmp_path / "satu", content, ONE, theme)
    two = build(tmp_path / "dua", content, TWO, theme)
    assert not one.ok and not two.ok
    assert any(forked > 0 and kept for _, forked, kept in two.page_writing), two.page_writing
    messages = [str(d) for d in one.errors]
    assert len([m for m in messages if "TPL002" in m]) >= 20, messages
    assert [str(d) for d in two.errors] == messages


def test_a_fork_that_dies_costs_time_not_pages(content, tmp_path, monkeypatch):
    """The fork is killed after its second page: the build writes its part again."""
    me = os.getpid()
    plain = CheckedWriter.write_job
    done = {"count": 0}

    def write_job(self, job):
        if os.getpid() == me:
            time.sleep(0.004)
        else:
            done["count"] += 1
            if done["count"] > 2:
                os.kill(os.getpid(), 9)
        return plain(self, job)

    monkeypatch.setattr(CheckedWriter, "write_job", write_job)
    one = build(tmp_path / "satu", content, ONE)
    two = build(tmp_path / "dua", content, TWO)
    assert one.ok and two.ok, two.diagnostics
    assert any(forked > 2 and kept is False for _, forked, kept in two.page_writing), \
        two.page_writing
    assert tree(one.output) == tree(two.output)
    assert relative(one, one.written) == relative(two, two.written)
    assert one.diagnostics == two.diagnostics


# -- any work in two halves (the contents' fingerprints before pages are checked) --------
def test_two_halves_gives_every_result_in_order_half_of_them_from_a_fork():
    from build_report import parallel

    me = os.getpid()

    def work(item):
        if item == 7:
            raise ValueError("tidak bisa")
        return (item * item, os.getpid())

    done = parallel.two_halves(work, list(range(100)), TWO)
    assert [d[0] if d else None for d in done] == [None if i == 7 else i * i for i in range(100)]
    assert {d[1] for d in done[:50] if d} == {me}
    assert me not in {d[1] for d in done[50:]}
    assert parallel.two_halves(work, list(range(100)), ONE) is None  # one writer: asked later


def test_two_halves_computes_the_forks_half_when_the_fork_dies():
    from build_report import parallel

    me = os.getpid()

    def work(item):
        if os.getpid() != me:
            os.kill(os.getpid(), 9)
        return item + 1

    assert parallel.two_halves(work, list(range(10)), TWO) == list(range(1, 11))


def test_a_save_with_little_to_render_is_written_without_a_fork(content, tmp_path):
    """Jobs whose pages are linked unchanged (renders.py, job_unchanged) cost a tenth of a
    millisecond: the fork, which costs more, is made only for enough pages to render."""
    settings = {**ONE, "PAGE_WRITING": {"workers": 2, "min_pages": 8}}
    cold = build(tmp_path / "situs", content, settings)
    assert cold.ok, cold.diagnostics
    assert any(kept is not None for _, _, kept in cold.page_writing)  # a fork was made
    before = tree(cold.output)
    again = build(tmp_path / "situs", content, settings)
    assert again.ok, again.diagnostics
    assert again.page_writing and all(forked == 0 and kept is None
                                      for _, forked, kept in again.page_writing)
    assert tree(again.output) == before
    # An edited article: its few pages to render are written by the build alone, or with
    # a fork when min_renders allows it (settings are in the traces' fingerprint: each
    # setting gets a build of its own first).
    article = sorted((tmp_path / "situs" / "content").rglob("*.md"))[3]
    for renders, forks in ((1000, False), (1, True)):
        given = {**settings, "PAGE_WRITING": {"workers": 2, "min_pages": 1000,
                                              "min_renders": renders}}
        assert build(tmp_path / "situs", content, given).ok
        article.write_text(article.read_text(encoding="utf-8") + "\nParagraf baru.\n",
                           encoding="utf-8")
        edited = build(tmp_path / "situs", content, given)
        assert edited.ok
        assert re.search(r"Berkas halaman: [1-9]\d* dirender", edited.stdout), edited.stdout
        assert any(kept is not None for _, _, kept in edited.page_writing) == forks
