"""The content cache across failed builds, other settings and builds at once
(plugins/content_cache): kept when it can be kept safely, never trusted half-written.

To prove that a build answered a read from the cache (and did not read the file again),
the cached entry of pasar-seba.md is changed in place; only a cached answer shows it.
"""

from __future__ import annotations

import fcntl
import pickle
from pathlib import Path

import pytest

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # caches, not search


SEBA_URL = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"
NO_TITLE = "Date: 2023-03-03 10:00\nCategory: Pemerintahan\n\nIsi.\n"
CACHED = "Jawaban dari cache."


@pytest.fixture
def folder(tmp_path) -> Path:
    return make_site(tmp_path / "site")


def cache_base(folder: Path) -> Path:
    return folder / ".cache" / "konten"


def fingerprint_folders(folder: Path) -> list[Path]:
    return sorted(p for p in cache_base(folder).iterdir() if p.is_dir() and "." not in p.name)


def poison(cache: Path) -> None:
    """Make the cached read of pasar-seba.md say CACHED (the file itself is unchanged)."""
    readers = cache / "ArticlesGenerator-Readers"
    with readers.open("rb") as stream:
        entries = pickle.load(stream)
    [seba] = [key for key in entries if key.endswith("pasar-seba.md")]
    stamp, (_content, metadata) = entries[seba]
    entries[seba] = (stamp, (f"<p>{CACHED}</p>", metadata))
    readers.unlink()  # a new file: the snapshot's hard link keeps its own bytes
    with readers.open("wb") as stream:
        pickle.dump(entries, stream)


def last_paragraph(build) -> str:
    return build.html(SEBA_URL).select(".isi p")[-1].get_text(strip=True)


def test_failed_build_keeps_the_last_good_cache_for_the_next_build(folder):
    assert run_build(folder).returncode == 0
    [cache] = fingerprint_folders(folder)
    poison(cache)
    (folder / "content/berita/x.md").write_text(NO_TITLE, encoding="utf-8")
    broken = run_build(folder)
    assert broken.returncode == 1
    assert [line.split(": galat ")[1][:6] for line in broken.error_lines] == ["BRT001"]
    snapshot = cache.with_name(cache.name + ".terpercaya")
    assert not (cache / "COMPLETE").exists()
    assert (snapshot / "COMPLETE").exists()
    # The failed build saved its reads into new files; the snapshot kept the trusted ones.
    assert (snapshot / "ArticlesGenerator-Readers").stat().st_ino != \
        (cache / "ArticlesGenerator-Readers").stat().st_ino
    assert run_build(folder).error_lines == broken.error_lines, "reported until fixed"

    (folder / "content/berita/x.md").unlink()
    fixed = run_build(folder)
    assert fixed.returncode == 0, fixed.stderr
    assert last_paragraph(fixed) == CACHED, "the last good cache answered, not a cold read"
    assert (cache / "COMPLETE").exists()
    assert not snapshot.exists()


def test_build_and_publish_settings_keep_a_cache_each(folder):
    assert run_build(folder).returncode == 0
    assert run_build(folder, settings="publishconf.py").returncode == 0
    caches = fingerprint_folders(folder)
    assert len(caches) == 2 and all((c / "COMPLETE").exists() for c in caches)
    for cache in caches:
        poison(cache)
    again = run_build(folder)
    assert again.returncode == 0, again.stderr
    assert last_paragraph(again) == CACHED
    published = run_build(folder, settings="publishconf.py")
    assert published.returncode == 0, published.stderr
    assert last_paragraph(published) == CACHED


def test_a_second_build_at_once_reads_without_the_cache_and_says_so(folder):
    assert run_build(folder).returncode == 0
    [cache] = fingerprint_folders(folder)
    poison(cache)
    [traces] = (folder / ".cache" / "halaman").glob("*.pickle")  # build_report/renders.py
    traces_before = traces.read_bytes()
    with (cache_base(folder) / ".kunci").open("a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.seek(0)
        lock.truncate()
        lock.write("4242")
        lock.flush()
        other = run_build(folder)
    assert other.returncode == 0, other.stderr
    assert ("Cache isi sedang dipakai pembangunan lain (proses 4242); pembangunan ini "
            "membaca semua berkas tanpa cache.") in other.stderr.splitlines()
    assert last_paragraph(other) != CACHED
    assert (cache / "COMPLETE").exists(), "the other build's cache is left alone"
    # Nor does it trust or replace the page traces: every page is rendered.
    assert "Berkas halaman:" not in other.stdout
    assert traces.read_bytes() == traces_before
