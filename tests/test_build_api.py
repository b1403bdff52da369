"""The in-process build API (newsroom/api.py): a build is a value made again and again
in one process, each with its own state (common/build.py)."""

from __future__ import annotations

import locale
import logging
import os
import subprocess
import sys
import threading
import warnings

from pelican import signals
from pelican.log import LimitFilter

from conftest import ROOT, make_site


from common import build as build_state
from common import diagnostics
from newsroom.api import build_site

SETTINGS = str(ROOT / "pelicanconf.py")
QUIET = {"SEARCH": {"enabled": False}}

BROKEN = {
    "content/berita/pasar-seba.md": (
        "Title: Pasar Seba Dibuka Kembali\n"
        "Date: 3 Maret 2023\n"
        "Category: Politik\n"
        "Author: Sofyan\n"
        "Summary: Pasar Seba kembali dibuka.\n"
        "\n"
        "Baca juga [berita lama]({filename}/berita/tidak-ada.md).\n"),
}
BROKEN_LINES = [
    "content/berita/pasar-seba.md:2:7: galat BRT004: 'Date' harus berformat TTTT-BB-HH "
    "JJ:MM dalam WITA, misalnya 2023-03-03 10:00 (ditemukan: '3 Maret 2023')",
    "content/berita/pasar-seba.md:3:11: galat BRT006: 'Category' harus salah satu dari "
    "Pemerintahan, Kesehatan, Pertanian dan Perikanan (ditemukan: 'Politik'); daftar "
    "kategori ada di content/data/kategori.yaml",
    "content/berita/pasar-seba.md:7:25: galat LNK001: tautan ke berkas yang tidak ada: "
    "content/berita/tidak-ada.md (ditemukan: '{filename}/berita/tidak-ada.md'); periksa "
    "nama dan folder berkasnya",
]


def build(folder, output="output", **overrides):
    return build_site(folder, settings_file=SETTINGS, content="content", output=output,
                      overrides={**QUIET, **overrides})


def test_a_broken_build_then_a_clean_one_in_one_process_each_get_their_own_diagnostics(
        tmp_path):
    broken = make_site(tmp_path / "rusak", BROKEN)
    clean = make_site(tmp_path / "bersih")

    first = build(broken)
    assert not first.ok
    assert [str(d) for d in first.errors] == BROKEN_LINES
    assert first.written == [] and not (broken / "output").exists()
    assert first.stderr.splitlines() == [
        "Situs tidak dibangun: 3 kesalahan ditemukan di isi situs. Perbaiki semuanya, lalu "
        "bangun ulang.", *BROKEN_LINES]

    second = build(clean)
    assert second.ok, second.stderr
    assert second.diagnostics == [] and second.stderr == ""
    assert (clean / "output" / "berita" / "2023" / "03" / "pasar-seba-dibuka-kembali"
            / "index.html") in second.written
    assert second.stdout.startswith("Selesai: 1 berita, 1 halaman dalam ")

    third = build(broken)  # the same mistakes again: none forgotten, none doubled
    assert [str(d) for d in third.diagnostics] == [str(d) for d in first.diagnostics]


def test_two_builds_of_the_same_content_in_one_process_write_the_same_bytes(tmp_path):
    folder = make_site(tmp_path / "situs")
    first = build(folder, output="keluaran-1")
    second = build(folder, output="keluaran-2")
    assert first.ok and second.ok, first.stderr + second.stderr

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    one, two = files(folder / "keluaran-1"), files(folder / "keluaran-2")
    assert len(one) > 20
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []


def test_a_build_puts_back_what_it_changed_in_the_process(tmp_path):
    folder = make_site(tmp_path / "situs", BROKEN)
    cwd, here = os.getcwd(), locale.setlocale(locale.LC_ALL)
    root = logging.getLogger()
    handlers = [(h, list(h.filters)) for h in root.handlers]
    showwarning = warnings.showwarning
    connected = {name: set(signals.signal(name).receivers)
                 for name in ("pelican_initialized", "content_object_init", "pelican_finalized",
                              "kabar_site_written")}
    running = build_state.active()
    ignored = set(LimitFilter._ignore)

    assert not build(folder).ok
    assert build(make_site(tmp_path / "bersih"),
                 LOG_FILTER=[(logging.WARNING, "Pesan yang diabaikan build ini saja")]).ok

    assert os.getcwd() == cwd and locale.setlocale(locale.LC_ALL) == here
    assert [(h, list(h.filters)) for h in root.handlers] == handlers
    assert warnings.showwarning is showwarning
    assert {name: set(signals.signal(name).receivers) for name in connected} == connected
    assert build_state.active() is running
    assert LimitFilter._ignore == ignored


def test_the_command_line_prints_what_the_api_returns(tmp_path):
    folder = make_site(tmp_path / "situs", BROKEN)
    result = build(folder)
    done = subprocess.run(
        [sys.executable, "-m", "newsroom.build", "content", "-s", SETTINGS, "-o", "output",
         "-e", "SEARCH={\"enabled\": false}"],
        cwd=folder, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    assert done.returncode == 1
    assert done.stderr == result.stderr
    assert done.stdout == result.stdout == ""


def test_diagnostics_go_to_the_build_running_in_their_context():
    """Two builds at once (threads or contexts) never see each other's diagnostics;
    outside any build, diagnostics go to the context's own log."""
    found: dict[str, list[str]] = {}
    ready = threading.Barrier(2)

    def one(name: str) -> None:
        with build_state.started() as made:
            ready.wait()
            diagnostics.record(f"content/{name}.md", 1, 1, "UJI001", name)
            ready.wait()
            found[name] = [str(d) for d in made.diagnostics.sorted()]

    threads = [threading.Thread(target=one, args=(n,)) for n in ("satu", "dua")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == {"satu": ["content/satu.md:1:1: galat UJI001: satu"],
                     "dua": ["content/dua.md:1:1: galat UJI001: dua"]}
    ambient = diagnostics.log()
    assert all(d.code != "UJI001" for d in ambient.sorted())


def test_a_build_that_stops_before_writing_leaves_no_pagefind_behind(tmp_path):
    """The search plugin starts Pagefind before pages are written; a build that stops on
    a mistake ends it with the build, not with the process."""
    folder = make_site(tmp_path / "situs", BROKEN)
    result = build_site(folder, settings_file=SETTINGS, content="content", output="output")
    assert not result.ok and [str(d) for d in result.errors] == BROKEN_LINES
    assert [t.name for t in threading.enumerate() if t.name == "pagefind"] == []
    children = [p for p in os.listdir("/proc") if p.isdigit()
                and _parent_of(int(p)) == os.getpid()]
    assert [_name_of(int(p)) for p in children if "pagefind" in _name_of(int(p))] == []


def _parent_of(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def _name_of(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
