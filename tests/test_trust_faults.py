"""The site is never lost: a build killed half-way, a crash between the renames that put
a site in place, and two builds at once all leave (or bring back) the last good site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from test_build_task import SITE_ONLY, build, built_copy, snapshot  # invoke build's own path, as there

from newsroom import publishing

ARTICLE = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"
BROKEN = "Title: Rusak\nDate: kemarin\nCategory: Pemerintahan\n\nIsi.\n"


@pytest.fixture
def built(tmp_path_factory, tmp_path) -> Path:
    folder = built_copy(tmp_path_factory, tmp_path)
    assert (folder / "output" / ARTICLE).is_file()
    return folder


def test_crash_between_the_renames_restores_the_last_good_site(built, capfd):
    good = snapshot(built / "output")
    # Killed right after output/ became output.lama/, before output.baru/ took its place.
    (built / "output").rename(built / "output.lama")
    (built / "output.baru").mkdir()
    (built / "output.baru" / "index.html").write_text("setengah", encoding="utf-8")
    (built / "content/berita/rusak.md").write_text(BROKEN, encoding="utf-8")
    with pytest.raises(SystemExit):
        build(built)  # the new build fails: the recovered site must stay
    err = capfd.readouterr().err
    assert "Pemulihan: situs terakhir yang baik dipulihkan dari output.lama." in err
    assert "Pemulihan: sisa pembangunan yang terhenti dihapus (output.baru)." in err
    assert snapshot(built / "output") == good
    assert not (built / "output.lama").exists() and not (built / "output.baru").exists()


def test_crash_while_deleting_the_old_site_is_cleaned_up(built):
    (built / "output.lama").mkdir()
    (built / "output.lama" / "sisa.html").write_text("lama", encoding="utf-8")
    build(built)
    assert not (built / "output.lama").exists()
    assert (built / "output" / ARTICLE).is_file()


def test_a_second_build_stops_with_a_message_while_one_runs(built, capfd):
    good = snapshot(built / "output")
    with publishing.build_lock(built):
        with pytest.raises(SystemExit) as stopped:
            build(built)
    assert stopped.value.code == 1
    err = capfd.readouterr().err
    assert (f"Situs tidak dipasang: pembangunan lain sedang berjalan di folder ini (proses "
            f"{os.getpid()}); tunggu sampai selesai, lalu jalankan lagi.") in err
    assert snapshot(built / "output") == good
    build(built)  # the lock is gone with its holder


BUILD_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
import tasks
from invoke import Config, Context
c = Context(Config(overrides={{"run": {{"in_stream": False}}}}))
with c.cd({folder!r}):
    tasks.build_into(c, {output!r}, settings={settings!r}, content="content",
                     extra={extra!r})
"""


@pytest.mark.slow
def test_a_build_killed_half_way_leaves_the_site_and_the_next_build_works(built):
    good = snapshot(built / "output")
    # More to do, so the kill lands while Pelican writes into output.baru/.
    for number in range(200):
        (built / f"content/berita/tambahan-{number}.md").write_text(
            f"Title: Berita Tambahan {number}\nDate: 2024-01-{1 + number % 28:02d} 10:00\n"
            "Category: Pemerintahan\nAuthor: Sofyan\nTags: pasar\n\n" + "Isi berita. " * 50,
            encoding="utf-8")
    script = BUILD_SCRIPT.format(root=str(ROOT), folder=str(built),
                                 output=str(built / "output"),
                                 settings=str(ROOT / "pelicanconf.py"), extra=SITE_ONLY)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=built,
                               start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (built / "output.baru" / "berita").is_dir():
            break
        time.sleep(0.01)
    assert process.poll() is None, ("the build ended before it could be killed: "
                                    + process.stderr.read()[-2000:])
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(built / "output") == good  # killed: the old site is untouched
    build(built)  # no manual cleaning: the leftover staging folder is recovered
    assert (built / "output" / "berita/2024/01/berita-tambahan-0/index.html").is_file()
    assert not (built / "output.baru").exists()
