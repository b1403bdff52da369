"""Only documents are published from documents, and nothing outside content/ is read.

One hostile fixture holds every kind of file that must not be read or published (links
out of content/, link loops, a pipe, web pages and scripts named as documents, documents
whose bytes are something else): the build lists each at its path, in Bahasa Indonesia,
writes nothing, and nothing of the secret behind the links is anywhere. A second build
has only the bad documents (the check of what Pelican copies), a third only good ones,
published byte for byte.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path, PurePosixPath

import pytest

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # files, not search

from build_report import documents
from common import inventory
from newsroom import check

SECRET = "RAHASIA-7f3a9c-jangan-terbit"
ALLOWED = ("PDF (.pdf), Word (.doc, .docx), Excel (.xls, .xlsx), PowerPoint (.ppt, .pptx), "
           "OpenDocument (.odt, .ods, .odp), CSV (.csv) dan teks (.txt)")


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, zipfile.ZIP_STORED if name == "mimetype"
                             else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = zipped({"mimetype": b"application/vnd.oasis.opendocument.text",
              "content.xml": b"<office:document-content/>"})
GOOD_DOCUMENTS = {
    "content/dokumen/laporan-2024.pdf": b"%PDF-1.7\n% laporan\n%%EOF\n",
    "content/dokumen/surat-edaran.docx": DOCX,
    "content/dokumen/notulen.odt": ODT,
    "content/dokumen/anggaran-lama.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
    "content/dokumen/data-desa.csv": "kecamatan,desa\nSabu Barat,Menia\n".encode(),
    "content/dokumen/catatan-rapat.txt": "\ufeffCatatan rapat: jadwal siaran\n".encode(),
}
BAD_DOCUMENTS = {
    "content/dokumen/laporan.html": b"<html><script>alert(document.cookie)</script></html>",
    "content/dokumen/peta.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "content/dokumen/.htaccess": b"Options +Indexes\nAddHandler cgi-script .pdf\n",
    "content/dokumen/.git/config": b"[core]\n",
    "content/dokumen/skrip.js": b"alert(1)\n",
    "content/dokumen/arsip.zip": zipped({"a.exe": b"MZ"}),
    "content/dokumen/palsu.pdf": b"<!doctype html><script>alert(1)</script>",
    "content/dokumen/surat.docx": b"bukan zip, hanya teks\n",
    "content/dokumen/tabel.xlsx": DOCX,
    "content/dokumen/tanpa-isi.pdf": b"",
    "content/dokumen/catatan.txt": b"  <svg onload=alert(1)>",
    "content/dokumen/latin.csv": b"nama;desa\nJos\xe9;Menia\n",
    "content/dokumen/biner.txt": b"teks\x00dengan NUL",
}


def refused(name: str, code: str, message: str) -> str:
    return f"content/dokumen/{name}: galat {code}: {message}"


def wrong_type(name: str, suffix: str) -> str:
    return refused(name, "CNT008", f"jenis berkas ini ({suffix}) tidak diterbitkan; yang "
                   f"diterbitkan apa adanya hanya {ALLOWED}. Simpan dokumennya sebagai PDF, "
                   "atau pindahkan berkas ini ke luar content/")


def hidden(name: str, part: str) -> str:
    return refused(name, "CNT008", f"berkas tersembunyi (namanya diawali titik: '{part}') "
                   f"tidak diterbitkan; yang diterbitkan apa adanya hanya {ALLOWED}: hapus "
                   "berkas ini dari content/")


def mismatch(name: str, kind: str, suffix: str, found: str) -> str:
    return refused(name, "CNT009", f"isi berkas ini bukan {kind} seperti kata akhiran "
                   f"namanya '{suffix}' (ditemukan: {found}); simpan ulang dari aplikasinya "
                   f"sebagai {kind}, atau beri nama dengan akhiran yang benar")


DOCUMENT_LINES = sorted([
    hidden(".git/config", ".git"),
    hidden(".htaccess", ".htaccess"),
    wrong_type("arsip.zip", "'.zip'"),
    mismatch("biner.txt", "teks", ".txt", "data biner (berisi byte NUL)"),
    mismatch("catatan.txt", "teks", ".txt", "gambar SVG"),
    refused("latin.csv", "CNT009", "isi berkas ini bukan CSV seperti kata akhiran namanya "
            "'.csv' (ditemukan: teks yang bukan UTF-8); simpan ulang sebagai teks UTF-8 "
            "(di Excel: Simpan Sebagai, 'CSV UTF-8')"),
    wrong_type("laporan.html", "'.html'"),
    mismatch("palsu.pdf", "PDF", ".pdf", "halaman HTML"),
    wrong_type("peta.svg", "'.svg'"),
    wrong_type("skrip.js", "'.js'"),
    mismatch("surat.docx", "dokumen Word", ".docx", "teks biasa"),
    mismatch("tabel.xlsx", "lembar kerja Excel", ".xlsx", "dokumen Word (.docx)"),
    mismatch("tanpa-isi.pdf", "PDF", ".pdf", "berkas kosong"),
])

ARTICLE = """Title: {title}
Date: 2025-03-03 09:30
Category: Pemerintahan
Author: Sofyan
Summary: {title}.
{extra}
{body}
"""


def outside_link(path: str, target: str) -> str:
    return (f"{path}: galat CNT005: tautan simbolik ini menunjuk ke luar folder content/ "
            f"('{target}'); situs tidak membaca apa pun di baliknya. Salin berkasnya ke dalam "
            "content/, atau hapus tautannya")


def link(path: Path, target: str, folder: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target, target_is_directory=folder)


def every_file(folder: Path):
    """Every plain file under folder, never through a link, never a pipe."""
    for here, _folders, names in os.walk(folder):
        for name in names:
            path = Path(here) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                yield path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("berkas")
    outside = base / "luar"
    (outside / "folder").mkdir(parents=True)
    article = ARTICLE.format(title=f"Berita {SECRET}", extra="", body=f"Isi {SECRET}.")
    (outside / "rahasia.md").write_text(article, encoding="utf-8")
    (outside / "folder/berita-luar.md").write_text(article, encoding="utf-8")
    (outside / "rahasia.wav").write_text(SECRET, encoding="utf-8")
    folder = make_site(base / "site", {
        **GOOD_DOCUMENTS, **{k: v for k, v in BAD_DOCUMENTS.items()},
        ".env": f"TOKEN={SECRET}\n",
        "content/dokumen/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "content/berita/dengar.md": ARTICLE.format(
            title="Dengar", extra="Audio: audio/tautan.wav", body="Isi."),
        "output/lama.html": "situs lama",
    })
    content = folder / "content"
    link(content / "berita/rahasia.md", "../../../luar/rahasia.md")
    link(content / "berita/arsip-luar", "../../../luar/folder", folder=True)
    link(content / "halaman/etc", "/etc", folder=True)
    link(content / "berita/putaran", "..", folder=True)
    link(content / "berita/halaman-juga", "../halaman", folder=True)  # inside: followed
    link(content / "halaman/a.md", "b.md")
    link(content / "halaman/b.md", "a.md")
    link(content / "berita/hilang.md", "tidak-ada.md")
    link(content / "berita/.#pasar-seba.md", "staf@meja.4242:1700000000")  # Emacs' lock
    link(content / "audio/tautan.wav", "../../../luar/rahasia.wav")
    link(content / "images/berita/foto.jpg", "../../../../luar/rahasia.md")
    link(content / "inovasi/rahasia.yaml", "../../../luar/rahasia.md")
    link(content / "dokumen/env.txt", "../../.env")  # in the project, not in content/
    link(content / "dokumen/salinan.pdf", "laporan-2024.pdf")  # inside: published
    os.mkfifo(content / "berita/pipa.md")
    build = run_build(folder)
    return folder, build


def test_links_out_of_content_loops_and_pipes_are_refused_before_anything_is_read(hostile):
    folder, build = hostile
    assert build.returncode == 1
    assert "Traceback" not in build.stdout + build.stderr
    assert build.error_lines == sorted([
        outside_link("content/audio/tautan.wav", "../../../luar/rahasia.wav"),
        outside_link("content/berita/arsip-luar", "../../../luar/folder"),
        "content/berita/hilang.md: galat CNT006: tautan simbolik ini menunjuk ke berkas yang "
        "tidak ada ('tidak-ada.md'); perbaiki atau hapus tautannya",
        "content/berita/pipa.md: galat CNT007: ini bukan berkas biasa (pipa, soket, atau "
        "perangkat); situs hanya membaca berkas dan folder biasa: hapus dari folder content/",
        "content/berita/putaran: galat CNT006: tautan simbolik ini menunjuk ke folder yang "
        "memuatnya sendiri ('..'), sehingga folder itu terbaca tanpa akhir; hapus tautannya",
        outside_link("content/berita/rahasia.md", "../../../luar/rahasia.md"),
        outside_link("content/dokumen/env.txt", "../../.env"),
        # Reached through content/berita/halaman-juga too: named once, where it lies.
        "content/halaman/a.md: galat CNT006: tautan simbolik ini membentuk putaran tautan "
        "('b.md') dan tidak menunjuk ke berkas apa pun; hapus tautannya",
        "content/halaman/b.md: galat CNT006: tautan simbolik ini membentuk putaran tautan "
        "('a.md') dan tidak menunjuk ke berkas apa pun; hapus tautannya",
        outside_link("content/halaman/etc", "/etc"),
        outside_link("content/images/berita/foto.jpg", "../../../../luar/rahasia.md"),
        outside_link("content/inovasi/rahasia.yaml", "../../../luar/rahasia.md"),
        *DOCUMENT_LINES,
    ])
    assert build.stderr.startswith(f"Situs tidak dibangun: {len(build.error_lines)} "
                                   "kesalahan ditemukan di isi situs.")


def test_nothing_behind_a_link_is_read_written_or_published(hostile):
    folder, build = hostile
    assert SECRET not in build.stdout + build.stderr
    assert [p.relative_to(folder).as_posix() for p in every_file(folder)
            if SECRET.encode() in p.read_bytes()] == [".env"]
    # Nor in any cache (the grep above covers .cache/); the previous site is as it was.
    assert sorted(p.name for p in (folder / "output").iterdir()) == ["lama.html"]
    assert (folder / "output/lama.html").read_text(encoding="utf-8") == "situs lama"


def test_bad_documents_are_not_published_when_nothing_else_is_wrong(tmp_path):
    folder = make_site(tmp_path / "site", {**GOOD_DOCUMENTS, **BAD_DOCUMENTS,
                                           "output/lama.html": "situs lama"})
    build = run_build(folder)
    assert build.returncode == 1
    assert "Traceback" not in build.stdout + build.stderr
    assert build.error_lines == DOCUMENT_LINES
    assert sorted(p.name for p in (folder / "output").iterdir()) == ["lama.html"]


def test_documents_are_published_byte_for_byte(tmp_path):
    folder = make_site(tmp_path / "site", {
        **GOOD_DOCUMENTS,
        "content/dokumen/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "content/dokumen/Thumbs.db": b"\x00",
        "content/berita/laporan.md": ARTICLE.format(
            title="Laporan", extra="",
            body="Unduh [laporan]({static}/dokumen/laporan-2024.pdf) dan "
                 "[salinannya]({static}/dokumen/salinan.pdf)."),
    })
    link(folder / "content/dokumen/salinan.pdf", "laporan-2024.pdf")
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    published = sorted(p.name for p in (build.output / "dokumen").iterdir())
    assert published == sorted([PurePosixPath(name).name for name in GOOD_DOCUMENTS] +
                               ["salinan.pdf"])
    for name, data in GOOD_DOCUMENTS.items():
        assert (build.output / "dokumen" / PurePosixPath(name).name).read_bytes() == data
    assert (build.output / "dokumen/salinan.pdf").read_bytes() == \
        GOOD_DOCUMENTS["content/dokumen/laporan-2024.pdf"]
    links = [a["href"] for a in build.html("berita/2025/03/laporan/index.html").select(
        "article a[href$='.pdf']")]
    assert [h.rsplit("/", 2)[-2:] for h in links] == [["dokumen", "laporan-2024.pdf"],
                                                      ["dokumen", "salinan.pdf"]]


# The pure parts, on their own.


@pytest.mark.parametrize("name, data, code, found", [
    ("a.pdf", b"%PDF-1.4\n", "", None),
    ("A.PDF", b"%PDF-2.0\n", "", None),
    ("a.pdf", b" %PDF-1.4\n", "CNT009", "teks biasa"),
    ("a.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "CNT009",
     "dokumen Office lama (doc, xls atau ppt)"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "", None),
    ("a.doc", DOCX, "CNT009", "dokumen Word (.docx)"),
    ("a.ppt", b"%PDF-1.4", "CNT009", "PDF"),
    ("a.docx", DOCX, "", None),
    ("a.docx", b"PK\x03\x04 terpotong", "CNT009", "arsip zip yang rusak"),
    ("a.docx", zipped({"word/document.xml": b"x"}), "CNT009", "arsip zip"),
    ("a.pptx", zipped({"[Content_Types].xml": b"", "ppt/presentation.xml": b""}), "", None),
    ("a.odt", ODT, "", None),
    ("a.ods", ODT, "CNT009", "dokumen OpenDocument (.odt)"),
    ("a.csv", b"", "", None),
    ("a.csv", "desa,jumlah\nMenia,3\n".encode(), "", None),
    ("a.txt", b"\xef\xbb\xbf\n\n<html>", "CNT009", "halaman HTML"),
    ("a.txt", b"<?xml version='1.0'?><a/>", "CNT009", "markah HTML atau XML"),
    ("a.txt", b"ok " * 2000 + b"\xff", "CNT009", "teks yang bukan UTF-8"),
    ("a.txt", b"teks\x00", "CNT009", "data biner (berisi byte NUL)"),
    ("a.html", b"<p>", "CNT008", None),
    ("a.svg", b"<svg/>", "CNT008", None),
    ("a.xml", b"<a/>", "CNT008", None),
    ("a.php", b"<?php", "CNT008", None),
    ("a.docm", DOCX, "CNT008", None),
    ("a.rtf", b"{\\rtf1", "CNT008", None),
    ("LISENSI", b"teks", "CNT008", None),
    (".htaccess", b"Options +Indexes", "CNT008", None),
    (".env.pdf", b"%PDF-1.4", "CNT008", None),
])
def test_a_document_is_published_only_when_its_type_and_bytes_agree(tmp_path, name, data,
                                                                     code, found):
    path = tmp_path / name
    path.write_bytes(data)
    verdict = documents.judge(path, PurePosixPath("dokumen") / name)
    assert (verdict.publish, verdict.code) == (code == "", code)
    if found is not None:
        assert f"(ditemukan: {found})" in verdict.message


@pytest.mark.parametrize("name", [".DS_Store", "Thumbs.db", "desktop.ini", "~$laporan.docx",
                                  "laporan.docx~", "foto.jpg"])
def test_leftovers_and_photos_are_left_out_without_a_word_of_their_own(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\x00")
    assert documents.judge(path, PurePosixPath("dokumen") / name) == documents.LEAVE_OUT


def test_the_inventory_names_every_link_where_it_lies_and_follows_only_inside_ones(tmp_path):
    (tmp_path / "luar").mkdir()
    (tmp_path / "luar/rahasia.md").write_text(SECRET)
    content = tmp_path / "content"
    (content / "berita/2025").mkdir(parents=True)
    (content / "berita/2025/a.md").write_text("a")
    link(content / "berita/lama", "2025", folder=True)  # inside: followed, listed twice
    link(content / "berita/2025/r.md", "../../../luar/rahasia.md")  # seen twice, named once
    link(content / "berita/jauh.md", str(tmp_path / "luar/rahasia.md"))
    link(content / "berita/kosong", str(tmp_path / "tidak-ada"), folder=True)  # outside first
    link(content / "berita/nama\nbaru.md", "../../luar/x\tq.md")  # one line, escaped
    link(content / "diri", ".", folder=True)
    link(content / "berita/2025/atas", "../..", folder=True)
    taken = inventory.take(content)
    assert taken.files == [PurePosixPath("berita/2025/a.md"), PurePosixPath("berita/lama/a.md")]
    assert [(str(r.path), r.code) for r in taken.refused] == [
        ("berita/2025/atas", "CNT006"), ("berita/2025/r.md", "CNT005"),
        ("berita/jauh.md", "CNT005"), ("berita/kosong", "CNT005"),
        ("berita/nama\nbaru.md", "CNT005"), ("diri", "CNT006")]
    assert "('../../luar/x\\tq.md')" in taken.refused[4].message
    assert all("\n" not in r.message and SECRET not in r.message for r in taken.refused)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file whatever its mode")
def test_an_unreadable_file_or_folder_is_named_not_skipped(tmp_path):
    content = tmp_path / "content"
    (content / "tutup").mkdir(parents=True)
    (content / "kunci.md").write_text("x")
    os.chmod(content / "kunci.md", 0)
    os.chmod(content / "tutup", 0)
    try:
        taken = inventory.take(content)
    finally:
        os.chmod(content / "tutup", 0o755)
    assert [(str(r.path), r.code) for r in taken.refused] == [("kunci.md", "CNT007"),
                                                              ("tutup", "CNT007")]
    assert taken.refused[0].message.startswith("berkas ini tidak dapat dibaca (izin ditolak)")


def test_the_link_check_of_invoke_check_reads_nothing_through_a_link_out(tmp_path):
    (tmp_path / "rahasia.md").write_text(f"[{SECRET}]({{filename}}/tidak-ada.md)\n")
    content = tmp_path / "site/content"
    (content / "berita").mkdir(parents=True)
    (content / "berita/baik.md").write_text("Title: x\n\n[a]({filename}/hilang.md)\n")
    link(content / "berita/rahasia.md", "../../../rahasia.md")
    found = check.missing_targets(tmp_path / "site")
    assert [(d.path, d.code) for d in found] == [("content/berita/baik.md", "LNK001")]
