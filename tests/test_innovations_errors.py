"""Broken innovation records and articles: each mistake gets one exact message.

All broken files go into one build, which must report every one of them at once,
sorted, without a traceback and without writing the site.
"""

from __future__ import annotations

import pytest

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # records, not search

VALID = """\
nama: Inovasi Uji
ringkasan: Ringkasan singkat.
perangkat_daerah: dinas-kesehatan
tahapan: uji_coba
inisiator: asn
jenis: digital
bentuk: pelayanan_publik
urusan_utama: kesehatan
rancang_bangun: Rancang bangun.
tujuan: Tujuan.
manfaat: Manfaat.
lokasi:
  kecamatan: [raijua]
diperbarui: 2025-01-01
"""


def variant(old: str, new: str) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, 1)


R = "content/inovasi/"
BROKEN = {
    # file: (text, expected diagnostic lines)
    "salah-tahapan.yaml": (variant("tahapan: uji_coba", "tahapan: ujicoba"), [
        "salah-tahapan.yaml:4:10: galat INV012: 'tahapan' harus salah satu dari inisiatif, "
        "uji_coba, penerapan; mungkin maksudnya 'uji_coba'? (ditemukan: 'ujicoba')"]),
    "label-bukan-slug.yaml": (variant("tahapan: uji_coba", "tahapan: Uji Coba"), [
        "label-bukan-slug.yaml:4:10: galat INV012: 'tahapan' harus salah satu dari inisiatif, "
        "uji_coba, penerapan; mungkin maksudnya 'uji_coba'? (ditemukan: 'Uji Coba')"]),
    "opd-tak-dikenal.yaml": (variant("perangkat_daerah: dinas-kesehatan",
                                     "perangkat_daerah: dinas-kesehatann"), [
        "opd-tak-dikenal.yaml:3:19: galat INV012: 'perangkat_daerah' harus salah satu slug di "
        "content/data/perangkat_daerah.yaml; mungkin maksudnya 'dinas-kesehatan'? "
        "(ditemukan: 'dinas-kesehatann')"]),
    "urusan-tak-dikenal.yaml": (variant("urusan_utama: kesehatan", "urusan_utama: kesejahteraan"), [
        "urusan-tak-dikenal.yaml:8:15: galat INV012: 'urusan_utama' harus salah satu slug di "
        "content/data/urusan.yaml; mungkin maksudnya 'kesehatan'? (ditemukan: 'kesejahteraan')"]),
    "kecamatan-tak-dikenal.yaml": (variant("[raijua]", "[raijua, sabu-utara]"), [
        "kecamatan-tak-dikenal.yaml:13:23: galat INV012: 'lokasi.kecamatan' (butir ke-2) harus "
        "salah satu dari sabu-barat, sabu-tengah, sabu-timur, sabu-liae, hawu-mehara, raijua; "
        "mungkin maksudnya 'sabu-barat'? (ditemukan: 'sabu-utara')"]),
    "tanpa-tujuan.yaml": (variant("tujuan: Tujuan.\n", ""), [
        "tanpa-tujuan.yaml:1:1: galat INV007: kolom wajib 'tujuan' belum ada"]),
    "kolom-asing.yaml": (VALID + "manfaat_lain: Lain.\n", [
        "kolom-asing.yaml:15:1: galat INV006: kolom 'manfaat_lain' tidak dikenal; "]),
    "nama-daftar.yaml": (variant("nama: Inovasi Uji", "nama: [Inovasi, Uji]"), [
        "nama-daftar.yaml:1:7: galat INV008: 'nama' harus berupa teks (ditemukan: daftar)"]),
    "lokasi-daftar.yaml": (variant("lokasi:\n  kecamatan: [raijua]", "lokasi:\n  - raijua"), [
        "lokasi-daftar.yaml:13:3: galat INV008: 'lokasi' harus berupa pasangan 'kunci: nilai' "
        "(ditemukan: daftar)"]),
    "ringkasan-kosong.yaml": (variant("ringkasan: Ringkasan singkat.", 'ringkasan: "  "'), [
        "ringkasan-kosong.yaml:2:12: galat INV009: 'ringkasan' tidak boleh kosong "
        "(ditemukan: kosong)"]),
    "tanggal-teks.yaml": (variant("diperbarui: 2025-01-01", "diperbarui: 1 Januari 2025"), [
        "tanggal-teks.yaml:14:13: galat INV010: 'diperbarui' harus tanggal berformat TTTT-BB-HH, "
        "misalnya 2025-03-03 (ditemukan: '1 Januari 2025')"]),
    "tanggal-mustahil.yaml": (variant("diperbarui: 2025-01-01", "diperbarui: 2025-02-30"), [
        "tanggal-mustahil.yaml:14:13: galat INV002: tanggal tidak ada di kalender; periksa bulan "
        "dan harinya (ditemukan: '2025-02-30')"]),
    "penerapan-kurang.yaml": (variant("tahapan: uji_coba", "tahapan: penerapan"), [
        "penerapan-kurang.yaml:4:10: galat INV013: tahapan 'penerapan' mewajibkan kolom "
        "'waktu_penerapan'; isi 'waktu_penerapan' atau ubah tahapan (ditemukan: tidak ada)",
        "penerapan-kurang.yaml:4:10: galat INV014: tahapan 'penerapan' mewajibkan kolom 'hasil'; "
        "isi 'hasil' atau ubah tahapan (ditemukan: tidak ada)"]),
    "urutan-waktu.yaml": (VALID + "waktu_uji_coba: 2024-05-01\nwaktu_penerapan: 2024-01-01\n", [
        "urutan-waktu.yaml:16:18: galat INV015: 'waktu_penerapan' tidak boleh sebelum "
        "'waktu_uji_coba' (2024-05-01) (ditemukan: '2024-01-01')"]),
    "foto-tanpa-alt.yaml": (VALID + "media:\n  - berkas: images/inovasi/a.jpg\n"
                            "  - berkas: images/inovasi/b.jpg\n    alt: ''\n", [
        "foto-tanpa-alt.yaml:16:5: galat INV016: foto di 'media' (butir ke-1) perlu 'alt': teks "
        "alternatif yang menjelaskan isi foto bagi pembaca yang tidak melihatnya "
        "(ditemukan: tidak ada)",
        "foto-tanpa-alt.yaml:18:10: galat INV016: 'alt' foto di 'media' (butir ke-2) tidak boleh "
        "kosong; jelaskan isi foto dengan kalimat singkat (ditemukan: kosong)"]),
    "sdgs-luar.yaml": (VALID + "sdgs: [3, 18]\n", [
        "sdgs-luar.yaml:15:11: galat INV017: 'sdgs' (butir ke-2) harus antara 1 dan 17 "
        "(ditemukan: 18)"]),
    "kecamatan-ganda.yaml": (variant("[raijua]", "[raijua, raijua]"), [
        "kecamatan-ganda.yaml:13:14: galat INV018: 'lokasi.kecamatan' memuat nilai yang sama "
        "lebih dari sekali (ditemukan: 'raijua')"]),
    "kecamatan-kosong.yaml": (variant("[raijua]", "[]"), [
        "kecamatan-kosong.yaml:13:14: galat INV019: 'lokasi.kecamatan' harus memuat sedikitnya "
        "1 butir (ditemukan: daftar kosong)"]),
    "tautan-salah.yaml": (VALID + "tautan:\n  - judul: Situs\n    url: javascript:alert(1)\n", [
        "tautan-salah.yaml:17:10: galat INV011: 'tautan.url' (butir ke-1) harus alamat web "
        "lengkap yang diawali http:// atau https:// (ditemukan: 'javascript:alert(1)')"]),
    "contoh-ya.yaml": (VALID + "contoh: ya\n", [
        "contoh-ya.yaml:15:9: galat INV008: 'contoh' harus berupa true atau false atau daftar "
        "(setiap butir diawali '- ') (ditemukan: teks 'ya')"]),
    "sintaks.yaml": (variant("tujuan: Tujuan.", "tujuan: Tujuan: lihat rancang bangun."), [
        "sintaks.yaml:10:15: galat INV002: nilai 'kunci: nilai' tidak boleh di sini (periksa "
        "indentasi, atau beri tanda kutip pada teks yang memuat ': ')"]),
    "kosong.yaml": ("# hanya komentar\n", [
        "kosong.yaml:1:1: galat INV003: berkas kosong; salin contoh dari content/inovasi/ lalu "
        "isi kolom wajibnya"]),
    "daftar.yaml": ("- nama: Inovasi Uji\n", [
        "daftar.yaml:1:1: galat INV004: isi berkas harus berupa pasangan 'kolom: nilai' "
        "(nama: ..., ringkasan: ...) (ditemukan: daftar)"]),
    "latin1.yaml": (VALID.replace("Ringkasan singkat.", "Ringkasan caf\xe9.").encode("latin-1"), [
        "latin1.yaml:2:25: galat INV001: berkas bukan teks UTF-8; simpan ulang dengan pengodean "
        "UTF-8 (byte tidak sah: 0xe9)"]),
    "Inovasi Baru.yaml": (VALID, [
        "Inovasi Baru.yaml:1:1: galat INV005: nama berkas menjadi kode inovasi di alamat "
        "halamannya, jadi hanya boleh memuat huruf kecil a-z, angka dan '-', misalnya "
        "posyandu-keliling.yaml (ditemukan: 'Inovasi Baru.yaml')"]),
    "statistik.yaml": (VALID, [
        "statistik.yaml:1:1: galat INV022: kode inovasi 'statistik' sudah dipakai alamat katalog "
        "(inovasi/statistik/); ganti nama berkas (yang tidak boleh: halaman, kecamatan, kesiapan-iid, opd, "
        "statistik, tahapan, tahun, urusan)"]),
    "inovasi-lama.yml": (VALID, [
        "inovasi-lama.yml:1:1: galat INV021: data inovasi harus berakhiran .yaml, misalnya "
        "inovasi-lama.yaml (ditemukan: 'inovasi-lama.yml')"]),
}

ARTICLE = """\
Title: Kunjungan ke Raijua
Date: 2024-05-02 10:00
Category: Pemerintahan
Author: Maria
Summary: Kunjungan.
Inovasi: posyandu-keliling, posyandu-kelilin, kartu-tani

Isi berita.
"""
ARTICLE_LINES = [
    "content/berita/kunjungan.md:6:29: galat INV020: 'Inovasi' menyebut kode yang tidak ada di "
    "inovasi/; tulis nama berkas data inovasi tanpa .yaml (kode yang ada antara lain: "
    "aplikasi-antrean, posyandu-keliling, sekolah-pantai) (ditemukan: 'posyandu-kelilin')",
    "content/berita/kunjungan.md:6:47: galat INV020: 'Inovasi' menyebut kode yang tidak ada di "
    "inovasi/; tulis nama berkas data inovasi tanpa .yaml (kode yang ada antara lain: "
    "aplikasi-antrean, posyandu-keliling, sekolah-pantai) (ditemukan: 'kartu-tani')",
]


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    files = {R + name: text for name, (text, _lines) in BROKEN.items()}
    files["content/berita/kunjungan.md"] = ARTICLE
    folder = make_site(tmp_path_factory.mktemp("rusak") / "site", files, "innovation_base")
    return run_build(folder)


def test_broken_build_fails_without_traceback_or_output(broken_build):
    assert broken_build.returncode == 1
    assert "Traceback" not in broken_build.stderr
    assert not (broken_build.output / "inovasi").exists()
    assert not (broken_build.output / "index.html").exists()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_record_gets_its_exact_message(broken_build, name):
    _text, expected = BROKEN[name]
    found = [line for line in broken_build.error_lines if line.startswith(R + name + ":")]
    if name == "kolom-asing.yaml":  # the list of known fields is long; check the start
        assert len(found) == 1 and found[0].startswith(R + expected[0])
        assert "mungkin maksudnya 'manfaat'?" in found[0]
        return
    assert found == [R + line for line in expected]


def test_unknown_innovation_in_article_names_file_line_and_id(broken_build):
    found = [line for line in broken_build.error_lines if "kunjungan.md" in line]
    assert found == ARTICLE_LINES


def test_all_mistakes_reported_once_and_sorted(broken_build):
    lines = broken_build.error_lines
    expected = sum(len(lines_) for _t, lines_ in BROKEN.values()) + len(ARTICLE_LINES)
    assert len(lines) == expected
    assert f"Situs tidak dibangun: {expected} kesalahan" in broken_build.stderr
    paths = [line.split(":")[0] for line in lines]
    assert paths == sorted(paths)


def test_valid_fixture_builds(site):
    build = site({}, base="innovation_base")
    assert build.returncode == 0, build.stderr
    assert build.error_lines == []
