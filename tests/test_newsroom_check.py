"""`invoke check`: every content rule, then every internal link, anchor and image of the
built site, each problem reported at the source file and line that holds it.

One fixture build gathers every kind of broken link (they do not interfere); the pure
parts (links written in a source, links of a built folder) are tested on tables.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_site

from newsroom import linkcheck, sources

INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]

BROKEN_ARTICLE = """Title: Tautan Rusak
Date: 2025-01-02 10:00
Category: Pemerintahan
Tags: posyandu
Author: Maria
Summary: Tautan yang rusak.

Lihat [posyandu]({filename}posyandu-dibuka.md) dan [profilnya](/inovasi/posyandu-keliling/).
Juga [hilang](/inovasi/tidak-ada/) dan [arsip lama](../../../../arsip/1999/).
Bagian [salah]({filename}posyandu-setahun.md#tidak-ada) di berita lain.
Ke [tentang](/tentang/#tidak-ada-jangkar) dan `[kode](/bukan/tautan/)`.

```
<a href="/contoh/dalam/kode/">contoh di dalam kode tidak diperiksa</a>
```
"""


def invoke(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], capture_output=True, text=True, timeout=600,
                          cwd=cwd)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    site = make_site(tmp_path_factory.mktemp("periksa") / "site", {
        "content/berita/tautan-rusak.md": BROKEN_ARTICLE,
    }, base="innovation_base")
    record = site / "content/inovasi/aplikasi-antrean.yaml"
    record.write_text(record.read_text("utf-8").replace(
        "tujuan: Antrean lebih pendek.",
        "tujuan: Antrean lebih pendek, lihat [jadwal](/jadwal-rsud/)."), "utf-8")
    # A previous site in output/: the check must not touch it.
    (site / "output").mkdir()
    (site / "output/index.html").write_text("<p>situs lama</p>", "utf-8")
    return site


@pytest.fixture(scope="module")
def broken_check(broken_site) -> subprocess.CompletedProcess:
    return invoke("check", "--folder", str(broken_site))


def test_broken_links_are_listed_at_their_source_lines(broken_check):
    assert broken_check.returncode == 1
    assert broken_check.stderr.splitlines() == [
        "Pemeriksaan menemukan 5 kesalahan. Perbaiki semuanya, lalu periksa lagi dengan: "
        "invoke check",
        "content/berita/tautan-rusak.md:9:15: galat TAU001: tautan '/inovasi/tidak-ada/' "
        "tidak ada di situs (dicari: inovasi/tidak-ada/index.html)",
        "content/berita/tautan-rusak.md:9:53: galat TAU001: tautan '../../../../arsip/1999/' "
        "tidak ada di situs (dicari: arsip/1999/index.html)",
        "content/berita/tautan-rusak.md:10:16: galat TAU002: tautan "
        "'{filename}posyandu-setahun.md#tidak-ada' menunjuk bagian '#tidak-ada' yang tidak "
        "ada di halaman /berita/2024/03/setahun-posyandu-keliling/",
        "content/berita/tautan-rusak.md:11:14: galat TAU002: tautan '/tentang/#tidak-ada-jangkar' "
        "menunjuk bagian '#tidak-ada-jangkar' yang tidak ada di halaman /tentang/",
        "content/inovasi/aplikasi-antrean.yaml:10:46: galat TAU001: tautan '/jadwal-rsud/' "
        "tidak ada di situs (dicari: jadwal-rsud/index.html)",
    ]
    assert "Traceback" not in broken_check.stderr


def test_the_check_leaves_output_alone(broken_site, broken_check):
    assert tree(broken_site / "output") == {"index.html": b"<p>situs lama</p>"}
    leftovers = [p.name for p in broken_site.parent.iterdir() if p.name != "site"]
    assert leftovers == []


def test_missing_files_and_images_stop_before_links_are_followed(tmp_path):
    site = make_site(tmp_path / "site", {
        "content/berita/hilang.md": BROKEN_ARTICLE.replace(
            "({filename}posyandu-dibuka.md)", "({filename}../2019/tidak-ada.md)"),
        "content/berita/foto.md": BROKEN_ARTICLE.replace("Tautan Rusak", "Foto Hilang")
        + "\nFoto: ![Pasar pagi](/images/hilang.jpg)\n",
    }, base="innovation_base")
    done = invoke("check", "--folder", str(site))
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "Pemeriksaan menemukan 2 kesalahan. Perbaiki semuanya, lalu periksa lagi dengan: "
        "invoke check",
        "content/berita/foto.md:17:7: galat IMG001: gambar di isi: gambar 'images/hilang.jpg' "
        "tidak ditemukan; simpan berkasnya sebagai content/images/hilang.jpg atau perbaiki "
        "nama berkasnya",
        "content/berita/hilang.md:8:18: galat LNK001: tautan ke berkas yang tidak ada: "
        "content/2019/tidak-ada.md (ditemukan: '{filename}../2019/tidak-ada.md'); periksa "
        "nama dan folder berkasnya",
        "Tautan dan gambar diperiksa setelah kesalahan di atas diperbaiki.",
    ]
    assert not (site / "output").exists()


def test_a_clean_site_passes(tmp_path):
    site = make_site(tmp_path / "site", base="innovation_base")
    done = invoke("check", "--folder", str(site))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("Pemeriksaan selesai: tidak ada kesalahan (")
    assert first.endswith(" halaman diperiksa).")
    assert not (site / "output").exists()


@pytest.mark.parametrize("text, found", [
    ("[a](/x/) dan ![b](img/y.jpg)", [(1, 5, "/x/", False), (1, 19, "img/y.jpg", True)]),
    ("`[a](/kode/)` lalu [b](<c d.md>)", [(1, 25, "c d.md", False)]),
    ("[ref]: /acuan/ \"judul\"", [(1, 8, "/acuan/", False)]),
    ("[//]: # (komentar petunjuk)", []),
    ('<a href="/mentah/">x</a> <img src="f.png" alt="">', [(1, 10, "/mentah/", False),
                                                         (1, 36, "f.png", True)]),
    ("```\n[a](/kode/)\n```\n[b](/sesudah/)", [(4, 5, "/sesudah/", False)]),
])
def test_links_written_in_a_source(text, found):
    links = sources.written_links(text)
    assert [(link.line, link.column, link.url, link.image) for link in links] == found


def test_header_lines_are_not_links():
    text = "Title: [bukan](/tautan/)\nCover: images/x.jpg\n\n[ya](/ini/)\n"
    assert [link.url for link in sources.written_links(text, skip_header=True)] == ["/ini/"]


def write(folder: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_built_folder_references_under_a_public_address(tmp_path):
    site = write(tmp_path / "situs", {
        "index.html": '<a href="https://contoh.go.id/kabar/a/">a</a>'
                      '<a href="https://contoh.go.id/kabar/a/#bagian">b</a>'
                      '<a href="https://contoh.go.id/kabar/a/#hilang">c</a>'
                      '<a href="/lain/">luar</a><a href="https://lain.go.id/x/">asing</a>'
                      '<a href="mailto:redaksi@contoh.invalid">surel</a>'
                      '<img srcset="https://contoh.go.id/kabar/f-480.jpg 480w, '
                      'https://contoh.go.id/kabar/f-960.jpg 960w" alt="">',
        "a/index.html": '<h2 id="bagian">Bagian</h2><link rel="stylesheet" href="../s.css">',
        "s.css": "body { background: url('latar.png'); }",
        "f-480.jpg": "",
        "feeds/berita.atom.xml": '<feed xmlns="http://www.w3.org/2005/Atom"><entry>'
                                 '<link href="https://contoh.go.id/kabar/b/"/></entry></feed>',
    })
    found = linkcheck.broken_references(site, "https://contoh.go.id/kabar/")
    assert [(b.page, b.url, b.code, b.problem) for b in found] == [
        ("feeds/berita.atom.xml", "https://contoh.go.id/kabar/b/", "TAU001",
         "tidak ada di situs (dicari: b/index.html)"),
        ("index.html", "/lain/", "TAU004", "keluar dari alamat situs https://contoh.go.id/kabar/"),
        ("index.html", "https://contoh.go.id/kabar/a/#hilang", "TAU002",
         "menunjuk bagian '#hilang' yang tidak ada di halaman /a/"),
        ("index.html", "https://contoh.go.id/kabar/f-960.jpg", "TAU003",
         "tidak ada di situs (dicari: f-960.jpg)"),
        ("s.css", "latar.png", "TAU001", "tidak ada di situs (dicari: latar.png)"),
    ]
