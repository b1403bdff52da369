"""Scaffolds: `invoke new-article` and `invoke new-innovation` start a file staff can fill.

Each scaffold is written into a copy of a fixture site, read back, built for real where
it should build, and run through the invoke task for its messages and exit status.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT, make_site, run_build

from newsroom import scaffold

INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]
# 2025-05-01 02:30 UTC is 10:30 in WITA (UTC+8).
SAVED_AT = dt.datetime(2025, 5, 1, 2, 30, tzinfo=dt.timezone.utc)


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("title, slug", [
    ("Bupati Resmikan Pasar Seba", "bupati-resmikan-pasar-seba"),
    ("Pasar Seba: \"Tahap 1\" Selesai!", "pasar-seba-tahap-1-selesai"),
    ("Ñoño ke Menia — 2025", "nono-ke-menia-2025"),
    ("  Spasi   di   Tepi  ", "spasi-di-tepi"),
    ("Rapat\nDua Baris", "rapat-dua-baris"),
])
def test_slug_of_a_title(title, slug):
    assert scaffold.slugify(title) == slug


@pytest.mark.parametrize("title, message", [
    ("?!...", "judul berita '?!...' tidak memuat huruf atau angka, jadi tidak bisa menjadi "
              "alamat halaman; tulis judul dengan kata-kata"),
    ("“” — …", "judul berita '“” — …' tidak memuat huruf atau angka, jadi tidak bisa menjadi "
               "alamat halaman; tulis judul dengan kata-kata"),
    ("   ", "judul berita kosong; tulis judul berita di antara tanda kutip, misalnya "
           "invoke new-article \"Bupati Resmikan Pasar Seba\""),
])
def test_a_title_without_an_address_is_refused(tmp_path, title, message):
    site = make_site(tmp_path / "site")
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.new_article(site, title, "Pemerintahan", SAVED_AT)
    assert str(refused.value) == message
    assert sorted(p.name for p in (site / "content/berita").rglob("*.md")) == ["pasar-seba.md"]


def test_new_article_has_every_header_line_and_builds(tmp_path):
    site = make_site(tmp_path / "site")
    path = scaffold.new_article(site, "Pasar Seba Ramai: \"Tahap 1\"", "Pemerintahan", SAVED_AT)
    assert path == site / "content/berita/2025/pasar-seba-ramai-tahap-1.md"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:11] == [
        'Title: Pasar Seba Ramai: "Tahap 1"',
        "Date: 2025-05-01 10:30",
        "Category: Pemerintahan",
        "Tags:", "Author:", "Summary:",
        "Slug: pasar-seba-ramai-tahap-1",
        "Inovasi:", "Cover:", "Cover_Alt:", "",
    ]
    hints = [line for line in lines if line.startswith("[//]: # (")]
    for key in ("Title", "Date", "Category", "Tags", "Summary", "Slug", "Inovasi", "Cover",
                "Cover_Alt", "Contoh"):
        assert any(f"{key}:" in hint for hint in hints), key

    # Untouched, it is not published: the build names the line still to write.
    untouched = run_build(site)
    line = lines.index(scaffold.ARTICLE_BODY) + 1
    assert untouched.error_lines == [
        f"content/berita/2025/pasar-seba-ramai-tahap-1.md:{line}:1: galat BRT030: teks contoh "
        "dari 'invoke new-article' belum diganti, jadi berita ini tidak diterbitkan; ganti "
        "baris ini dengan isi berita (ditemukan: 'Tulis isi berita di sini.')"]
    path.write_text(path.read_text(encoding="utf-8").replace(
        scaffold.ARTICLE_BODY, "Pasar Seba ramai dikunjungi warga."), encoding="utf-8")
    build = run_build(site)
    assert build.returncode == 0, build.stderr
    page = build.html("berita/2025/05/pasar-seba-ramai-tahap-1/index.html")
    assert page.h1.get_text(strip=True) == 'Pasar Seba Ramai: "Tahap 1"'
    body = page.find(class_="isi") or page.main
    assert "Petunjuk" not in body.get_text()  # the hint lines never show
    assert "Pasar Seba ramai dikunjungi warga." in body.get_text()


def test_first_category_of_the_list_is_used(tmp_path):
    site = make_site(tmp_path / "site")
    (site / "content/data/kategori.yaml").write_text(
        "- nama: Kesehatan\n  slug: kesehatan\n- nama: Pemerintahan\n  slug: pemerintahan\n",
        encoding="utf-8")
    assert scaffold.first_category(site) == "Kesehatan"


def test_an_existing_article_is_never_overwritten(tmp_path):
    site = make_site(tmp_path / "site")
    path = scaffold.new_article(site, "Pasar Baru", "Pemerintahan", SAVED_AT)
    path.write_text("Title: Pasar Baru\n\nTulisan staf yang tidak boleh hilang.\n", "utf-8")
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.new_article(site, "Pasar Baru", "Pemerintahan", SAVED_AT)
    assert str(refused.value) == ("content/berita/2025/pasar-baru.md sudah ada dan tidak "
                                  "ditimpa; buka berkas itu, atau pakai judul lain")
    assert path.read_text("utf-8") == "Title: Pasar Baru\n\nTulisan staf yang tidak boleh hilang.\n"


def test_a_slug_taken_by_an_article_of_another_year_is_refused(tmp_path):
    site = make_site(tmp_path / "site")
    # fixtures/minimal has content/berita/pasar-seba.md (its address comes from the file name).
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.new_article(site, "Pasar Seba", "Pemerintahan", SAVED_AT)
    assert str(refused.value) == ("alamat 'pasar-seba' sudah dipakai content/berita/pasar-seba.md; "
                                  "pakai judul lain, atau ubah baris 'Slug:' salah satunya")
    assert not (site / "content/berita/2025").exists()


def test_new_innovation_has_the_schema_line_and_every_required_field(tmp_path):
    site = make_site(tmp_path / "site", base="innovation_base")
    path = scaffold.new_innovation(site, "Sapa Petani Digital", dt.date(2025, 5, 1))
    assert path == site / "content/inovasi/sapa-petani-digital.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "# yaml-language-server: $schema=../../plugins/innovations/inovasi.schema.json")
    record = yaml.safe_load(text)
    schema = json.loads((ROOT / "plugins/innovations/inovasi.schema.json").read_text("utf-8"))
    assert set(schema["required"]) <= set(record)
    assert record["nama"] == "Sapa Petani Digital"
    assert record["diperbarui"] == dt.date(2025, 5, 1)
    # Each vocabulary field says which codes it takes, read from content/data/.
    tahapan = yaml.safe_load((site / "content/data/tahapan.yaml").read_text("utf-8"))
    assert (f"# tahapan: tahapan inovasi; salah satu dari: "
            f"{', '.join(e['slug'] for e in tahapan)}") in text.splitlines()


def test_an_innovation_whose_file_exists_or_whose_id_the_site_uses_is_refused(tmp_path):
    site = make_site(tmp_path / "site", base="innovation_base")
    first = scaffold.new_innovation(site, "Sapa Petani", dt.date(2025, 5, 1))
    first.write_text("nama: Sapa Petani\n# diisi staf\n", "utf-8")
    with pytest.raises(scaffold.ScaffoldError) as refused:
        scaffold.new_innovation(site, "Sapa Petani!", dt.date(2025, 5, 2))
    assert str(refused.value) == ("content/inovasi/sapa-petani.yaml sudah ada dan tidak "
                                  "ditimpa; buka berkas itu, atau pakai nama lain")
    assert first.read_text("utf-8") == "nama: Sapa Petani\n# diisi staf\n"
    with pytest.raises(scaffold.ScaffoldError) as reserved:
        scaffold.new_innovation(site, "Statistik", dt.date(2025, 5, 1))
    assert str(reserved.value) == (
        "kode 'statistik' dipakai situs sendiri untuk halaman katalog (yang tidak boleh: "
        "halaman, kecamatan, kesiapan-iid, opd, statistik, tahapan, tahun, urusan); pakai nama yang "
        "lebih lengkap")


def test_invoke_tasks_print_the_path_or_a_message_and_exit_non_zero(tmp_path):
    site = make_site(tmp_path / "site")
    year = dt.datetime.now(scaffold.WITA).year
    done = invoke("new-article", "Nelayan Menia Melaut Lagi", "--folder", str(site))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (f"Berita baru ditulis: content/berita/{year}/"
                                   "nelayan-menia-melaut-lagi.md")
    again = invoke("new-article", "Nelayan Menia Melaut Lagi", "--folder", str(site))
    assert again.returncode == 1
    assert again.stderr.strip() == (f"galat: content/berita/{year}/nelayan-menia-melaut-lagi.md "
                                    "sudah ada dan tidak ditimpa; buka berkas itu, atau pakai "
                                    "judul lain")
    odd = invoke("new-innovation", "...", "--folder", str(site))
    assert odd.returncode == 1
    assert odd.stderr.strip() == ("galat: nama inovasi '...' tidak memuat huruf atau angka, "
                                  "jadi tidak bisa menjadi alamat halaman; tulis judul dengan "
                                  "kata-kata")
    assert "Traceback" not in again.stderr + odd.stderr
    made = invoke("new-innovation", "Lumbung Pangan Desa", "--folder", str(site))
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "Data inovasi baru ditulis: content/inovasi/lumbung-pangan-desa.yaml"
