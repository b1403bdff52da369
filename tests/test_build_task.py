"""`invoke build`: the site in output/ is replaced only by a build that succeeds.

Drives tasks.build_into (what `invoke build` calls) with a real invoke Context on a
temporary copy of fixtures/minimal.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Config, Context

from conftest import ROOT, make_site, parse, shared_folder

import tasks

ARTICLE = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under folder with a digest of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# What these tests prove is how a site is put in place, not search nor the web editor:
# Pagefind and the editor's bundle stay off.
SITE_ONLY = """-e 'SEARCH={"enabled": false}' -e 'ADMIN={"enabled": false}'"""


def build(folder: Path) -> None:
    context = Context(Config(overrides={"run": {"in_stream": False}}))  # no stdin under pytest
    with context.cd(str(folder)):
        tasks.build_into(context, folder / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content", extra=SITE_ONLY)


def built_copy(tmp_path_factory, tmp_path) -> Path:
    """fixtures/minimal built once per run by invoke build's path (shared with
    test_trust_faults), copied for a test that changes it: its output/, .cache/ and content."""
    def produce(folder: Path) -> None:
        make_site(folder / "situs")
        build(folder / "situs")

    made = shared_folder(tmp_path_factory, "minimal-invoke-build", produce) / "situs"
    folder = tmp_path / "situs"
    shutil.copytree(made, folder, symlinks=True)
    return folder


@pytest.fixture
def built(tmp_path_factory, tmp_path) -> Path:
    return built_copy(tmp_path_factory, tmp_path)


def test_good_build_writes_output_and_leaves_no_staging(built):
    assert (built / "output" / ARTICLE).exists()
    # .cache holds the content cache (plugins/content_cache); no output.baru nor output.lama.
    assert sorted(p.name for p in built.iterdir()) == [".cache", "content", "output"]


def test_failed_build_leaves_previous_site_untouched(built, capfd):
    before = snapshot(built / "output")
    (built / "content/berita/pasar-seba.md").write_text(
        "Title: Pasar Seba\nDate: kemarin\nCategory: Pemerintahan\n\nIsi.\n", encoding="utf-8")
    (built / "content/berita/baru.md").write_text(
        "Title: Berita Baru\nDate: 2024-01-01 10:00\nCategory: Pemerintahan\n\nIsi.\n",
        encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        build(built)
    assert stopped.value.code == 1
    assert snapshot(built / "output") == before
    # .cache holds the content cache (plugins/content_cache); no output.baru nor output.lama.
    assert sorted(p.name for p in built.iterdir()) == [".cache", "content", "output"]
    err = capfd.readouterr().err
    assert "content/berita/pasar-seba.md:2:7: galat BRT004" in err
    assert "Situs lama di output/ tidak diubah." in err
    assert "Traceback" not in err


def test_build_that_crashes_while_writing_leaves_previous_site_untouched(built, capfd):
    """A page at the archive's address makes Pelican stop halfway through writing."""
    before = snapshot(built / "output")
    (built / "content/halaman/arsip.md").write_text("Title: Arsip\nSlug: arsip\n\nIsi.\n",
                                                  encoding="utf-8")
    with pytest.raises(SystemExit):
        build(built)
    assert snapshot(built / "output") == before
    # .cache holds the content cache (plugins/content_cache); no output.baru nor output.lama.
    assert sorted(p.name for p in built.iterdir()) == [".cache", "content", "output"]
    assert "Situs lama di output/ tidak diubah." in capfd.readouterr().err


def test_good_build_replaces_the_previous_site(built):
    # Inside a folder the site made (its marker lists berita/): replaced as a whole.
    stale = built / "output" / "berita" / "berkas-lama.txt"
    stale.write_text("dari build sebelumnya", encoding="utf-8")
    article = built / "content/berita/pasar-seba.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Title: Pasar Seba Dibuka Kembali\nDate: 2023-03-03 09:30",
        "Title: Pasar Seba Ramai Lagi\nDate: 2023-03-03 09:30\nSlug: pasar-seba-dibuka-kembali"),
        encoding="utf-8")
    build(built)
    assert parse(built / "output" / ARTICLE).h1.get_text(strip=True) == "Pasar Seba Ramai Lagi"
    assert not stale.exists(), "output/ is replaced as a whole, not merged"


def test_serve_answers_a_missing_address_with_the_site_404_page(built):
    """The site's server (the preview's, the tests') behaves like a host: status 404, the
    site's own page, styled."""
    import threading
    import urllib.error
    import urllib.request

    from browser import site_server

    server = site_server(built / "output")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/berita/tidak/ada/")
        assert missing.value.code == 404
        page = BeautifulSoup(missing.value.read().decode("utf-8"), "lxml")
        assert page.h1.get_text(strip=True) == parse(built / "output/404.html").h1.get_text(
            strip=True)
        assert page.find("base")["href"] == "/"  # its relative links resolve from the root
        with urllib.request.urlopen(f"{base}/{ARTICLE.removesuffix('index.html')}") as found:
            assert found.status == 200
    finally:
        server.shutdown()
        server.server_close()
