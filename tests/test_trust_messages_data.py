"""Issue 21, class 7: every message names the file and line a staff member must fix.

Text no writer can hold (control characters, NUL, '&#7;', bytes that are no UTF-8, a
file cut while being saved) is reported where it is read, at its line and column, in
articles, pages, innovation records and the YAML under content/data/; numbers in
records are bounded by the schema and formatted without crashing. One build holds every
broken file; the pure functions are tested on tables.
"""

from __future__ import annotations

import logging
import math
from types import SimpleNamespace

import pytest

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # messages, not search


from build_report import feedtext, net
from common import numerals, sourcetext, yamlmarks
from common.diagnostics import ProblemError
from innovations import schema

RECORD = """\
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
penerima_manfaat:
  - kelompok: Balita
    jumlah: 1250
penghargaan:
  - nama: Penghargaan Uji
    tahun: 2024
sdgs: [3]
diperbarui: 2025-01-01
"""

ARTICLE = ("Title: Kabar Uji\nDate: 2023-03-03 09:30\nCategory: Pemerintahan\n"
           "Author: Sofyan\nSlug: {slug}\n\nBaris pertama isi.\n{body}\n")


def record(old: str, new: str) -> str:
    assert old in RECORD, old
    return RECORD.replace(old, new, 1)


def article(slug: str, body: str) -> str:
    return ARTICLE.format(slug=slug, body=body)


CONTROL = ("karakter kendali tak terlihat ({point}) di sini; hapus karakter itu (sering "
           "terbawa saat menyalin dari aplikasi lain)")
NUL = ("berkas berisi karakter NUL (U+0000) di sini: berkas ini rusak atau bukan teks biasa "
       "(misalnya tersimpan setengah atau dari aplikasi lain); hapus karakter itu atau "
       "simpan ulang sebagai teks UTF-8")
CUT = ("berkas berakhir di tengah sebuah huruf (byte terakhir 0x{byte}): berkas terpotong "
       "atau belum selesai disimpan; simpan ulang berkas ini sebagai teks UTF-8")
REFERENCE = ("rujukan karakter '{ref}' menghasilkan karakter kendali tak terlihat ({point}) "
             "yang tidak boleh ada di halaman atau umpan berita; hapus rujukan itu")
JUMLAH = "'penerima_manfaat.jumlah' (butir ke-1)"

I = "content/inovasi/"  # noqa: E741 - short, as B beside it, to keep the table readable
B = "content/berita/"
BROKEN = {
    # Records: what is no text, at its byte.
    f"{I}nul.yaml": (record("tujuan: Tujuan.", "tujuan: Tuj\x00uan.").encode(),
                     [f"{I}nul.yaml:10:12: galat INV001: {NUL}"]),
    f"{I}bel.yaml": (record("manfaat: Manfaat.", "manfaat: Man\x07faat."),
                     [f"{I}bel.yaml:11:13: galat INV001: " + CONTROL.format(point="U+0007")]),
    f"{I}rujukan.yaml": (record("ringkasan: Ringkasan singkat.", "ringkasan: Satu &#x1b; dua."),
                         [f"{I}rujukan.yaml:2:17: galat INV001: "
                          + REFERENCE.format(ref="&#x1b;", point="U+001B")]),
    f"{I}kosong.yaml": (b"", [f"{I}kosong.yaml:1:1: galat INV003: berkas kosong; salin contoh "
                              "dari content/inovasi/ lalu isi kolom wajibnya"]),
    f"{I}potong-kutip.yaml": (b'nama: "Inovasi\nringkasan: x\n',
                              [f"{I}potong-kutip.yaml:3:1: galat INV002: berkas berakhir "
                               "sebelum teks selesai (ada tanda kutip yang belum ditutup?)"]),
    # Records: numbers the schema bounds, and values that only look like whole numbers.
    f"{I}besar.yaml": (record("jumlah: 1250", "jumlah: " + "9" * 51),
                       [f"{I}besar.yaml:16:13: galat INV017: {JUMLAH} harus antara 0 dan "
                        "1000000000 (ditemukan: 999999999999...999999999999 (51 digit))"]),
    f"{I}minus.yaml": (record("jumlah: 1250", "jumlah: -5"),
                       [f"{I}minus.yaml:16:13: galat INV017: {JUMLAH} harus antara 0 dan "
                        "1000000000 (ditemukan: -5)"]),
    f"{I}raksasa.yaml": (record("jumlah: 1250", "jumlah: 1.0e+308"),
                         [f"{I}raksasa.yaml:16:13: galat INV008: {JUMLAH} harus berupa "
                          "bilangan bulat (ditemukan: angka 1e+308)"]),
    f"{I}tak-hingga.yaml": (record("jumlah: 1250", "jumlah: .inf"),
                            [f"{I}tak-hingga.yaml:16:13: galat INV008: {JUMLAH} harus berupa "
                             "bilangan bulat (ditemukan: angka inf)"]),
    f"{I}bukan-angka.yaml": (record("jumlah: 1250", "jumlah: .nan"),
                             [f"{I}bukan-angka.yaml:16:13: galat INV008: {JUMLAH} harus "
                              "berupa bilangan bulat (ditemukan: angka nan)"]),
    f"{I}ya.yaml": (record("jumlah: 1250", "jumlah: yes"),
                    [f"{I}ya.yaml:16:13: galat INV008: {JUMLAH} harus berupa bilangan bulat "
                     "(ditemukan: nilai ya/tidak 'True')"]),
    f"{I}pecahan.yaml": (record("tahun: 2024", "tahun: 2024.0").replace("sdgs: [3]",
                                                                        "sdgs: [3.0]"),
                         [f"{I}pecahan.yaml:19:12: galat INV008: 'penghargaan.tahun' "
                          "(butir ke-1) harus berupa bilangan bulat (ditemukan: angka 2024.0)",
                          f"{I}pecahan.yaml:20:8: galat INV008: 'sdgs' (butir ke-1) harus "
                          "berupa bilangan bulat (ditemukan: angka 3.0)"]),
    f"{I}panjang.yaml": (record("jumlah: 1250", "jumlah: " + "7" * 5000),
                         [f"{I}panjang.yaml:16:13: galat INV002: angka terlalu panjang untuk "
                          "dibaca: paling banyak 4.300 digit; tulis nilai yang sebenarnya "
                          "(ditemukan: 5.000 digit)"]),
    # Vocabularies and the other YAML under content/data/.
    "content/data/nama.yaml": ("orang: [Sofyan, Ma\x1bria]\n",
                               ["content/data/nama.yaml:1:19: galat NAM001: "
                                + CONTROL.format(point="U+001B")]),
    "content/data/program.yaml": (b"- slug: warta\n  nama: Warta\x00 Pagi\n",
                                  [f"content/data/program.yaml:2:14: galat DAT002: {NUL}"]),
    "content/data/siaran.yaml": ("- program: warta\n  hari: setiap hari\n  mulai: \"07:0"
                                 .encode() + "é".encode()[:1],
                                 ["content/data/siaran.yaml:3:15: galat AUD010: "
                                  + CUT.format(byte="c3")]),
    # Articles and pages: one line per line that holds one, at the character.
    f"{B}halaman-baru.md": (article("halaman-baru", "Dua\x0cdi sini \x1c lagi."),
                            [f"{B}halaman-baru.md:8:4: galat BRT015: "
                             + CONTROL.format(point="U+000C")]),
    f"{B}nul.md": (article("nul", "Ada\x00 di sini.\nDan \x7f juga.").encode(),
                   [f"{B}nul.md:8:4: galat BRT015: {NUL}",
                    f"{B}nul.md:9:5: galat BRT015: " + CONTROL.format(point="U+007F")]),
    f"{B}rujukan.md": (article("rujukan", "Ada &#12 dan &#150; di sini."),
                       [f"{B}rujukan.md:8:5: galat BRT015: "
                        + REFERENCE.format(ref="&#12", point="U+000C")]),
    f"{B}potong.md": (article("potong", "Kabar dari Sabu Raijua é").encode()[:-2],
                      [f"{B}potong.md:8:24: galat BRT010: " + CUT.format(byte="c3")]),
    f"{B}biner.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                     [f"{B}biner.md:1:1: galat BRT010: berkas bukan teks UTF-8; simpan ulang "
                      "dengan pengodean UTF-8 (byte tidak sah: 0x89)"]),
    "content/halaman/kendali.md": ("Title: Kendali\nSlug: kendali\n\nIsi \x08 halaman.\n",
                                   ["content/halaman/kendali.md:4:5: galat BRT015: "
                                    + CONTROL.format(point="U+0008")]),
}
# A record cut in the middle of its last character, as the preview may read it.
BROKEN[f"{I}potong-huruf.yaml"] = (
    record("nama: Inovasi Uji", "nama: Inovasi Uji é").encode()[:len(b"nama: Inovasi Uji ") + 1],
    [f"{I}potong-huruf.yaml:1:19: galat INV001: " + CUT.format(byte="c3")])

OLD_SITE = b"<!doctype html><title>situs lama</title>\n"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("pesan-data"),
                       {path: text for path, (text, _lines) in BROKEN.items()},
                       base="innovation_base")
    (folder / "output").mkdir()
    (folder / "output" / "index.html").write_bytes(OLD_SITE)
    return run_build(folder)


def test_each_broken_file_gets_its_exact_lines(broken_build):
    assert broken_build.returncode == 1
    lines = broken_build.error_lines
    for path, (_text, expected) in BROKEN.items():
        assert [line for line in lines if line.startswith(path + ":")] == expected, path


def test_no_message_without_a_file_or_blaming_the_tools(broken_build):
    for stream in (broken_build.stdout, broken_build.stderr):
        assert "Traceback" not in stream and "INT001" not in stream, stream[-3000:]
    for line in broken_build.error_lines:
        assert line.startswith(("content/inovasi/", "content/berita/", "content/halaman/",
                                "content/data/")), line
    # Every line is in the report: none hidden behind another file's failure.
    assert len(broken_build.error_lines) == sum(len(lines) for _t, lines in BROKEN.values())


def test_nothing_published_and_the_old_site_kept(broken_build):
    output = broken_build.output
    assert (output / "index.html").read_bytes() == OLD_SITE
    assert sorted(p.name for p in output.iterdir()) == ["index.html"]


def test_numbers_at_the_bounds_are_published_formatted(tmp_path):
    """The largest count the schema allows, and a far date, are written (no Babel crash)."""
    big = record("jumlah: 1250", "jumlah: 1000000000").replace("diperbarui: 2025-01-01",
                                                                "diperbarui: 9999-12-31")
    folder = make_site(tmp_path / "situs", {"content/inovasi/besar.yaml": big},
                       base="innovation_base")
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    items = [li.get_text("", strip=True)
             for li in build.html("inovasi/besar/index.html").select("li")]
    assert "Balita:1.000.000.000" in items


# -- the pure functions ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("biasa saja\n", []),
    ("tab\tdan\r\nCRLF\n", []),
    ("a\x07b", [(1, 2, "\x07", "")]),
    ("satu\ndua \x00", [(2, 5, "\x00", "")]),
    # str.splitlines() would break at these and lose the line count: editors do not.
    ("a\x0cb\nc\x1cd\ne\u2028f\x1b", [(1, 2, "\x0c", ""), (2, 2, "\x1c", ""), (3, 4, "\x1b", "")]),
    ("a\rb\x01", [(2, 2, "\x01", "")]),
    ("\x85 NEL", [(1, 1, "\x85", "")]),
    ("\ufffe", [(1, 1, "\ufffe", "")]),
    ("x\ud800", [(1, 2, "\ud800", "")]),
    ("dua \x01 di \x02 satu baris", [(1, 5, "\x01", "")]),
    ("&#7; &#X1F; &#x0000000b;", [(1, 1, "\x07", "&#7;")]),
    ("&#12 tanpa titik koma", [(1, 1, "\x0c", "&#12")]),
    # What HTML turns into a visible letter or box is not reported.
    ("&#150; &#0; &#xD800; &#9; &#10; &#65; &#99999999999; &#" + "9" * 5000 + ";", []),
])
def test_invisible(text, expected):
    assert [(f.line, f.column, f.char, f.reference)
            for f in sourcetext.invisible(text)] == expected


@pytest.mark.parametrize("raw, expected", [
    (b"teks biasa", "teks biasa"),
    (b"\xef\xbb\xbfdengan BOM", "dengan BOM"),
    ("Kelilíng".encode(), "Kelilíng"),
    (b"baris\ncaf\xe9 x", "2:4: berkas bukan teks UTF-8; simpan ulang dengan pengodean UTF-8 "
                          "(byte tidak sah: 0xe9)"),
    ("é é".encode() + b"\xff", "1:4: berkas bukan teks UTF-8; simpan ulang dengan pengodean "
                               "UTF-8 (byte tidak sah: 0xff)"),
    ("ab\ncdé".encode()[:-1], "2:3: " + CUT.format(byte="c3")),
    ("kata 😀".encode()[:-2], "1:6: " + CUT.format(byte="f0")),
])
def test_decode(raw, expected):
    try:
        assert sourcetext.decode(raw) == expected
    except ProblemError as problem:
        assert str(problem) == expected


SEPARATOR = ("pemisah baris Unicode ({point}) di sini: penyunting teks tidak menampilkannya, "
             "tetapi pembaca YAML memotong baris di situ; hapus karakter itu (sering terbawa "
             "saat menyalin dari aplikasi lain)")


@pytest.mark.parametrize("text, expected", [
    ("a: \x07", "1:4: " + CONTROL.format(point="U+0007")),
    ("a: b\nc: \x00", "2:4: " + NUL),
    ("a: " + "9" * 5000, "1:4: angka terlalu panjang untuk dibaca: paling banyak 4.300 digit; "
     "tulis nilai yang sebenarnya (ditemukan: 5.000 digit)"),
    ("a: 2023-02-30", "1:4: tanggal tidak ada di kalender; periksa bulan dan harinya "
     "(ditemukan: '2023-02-30')"),
    # PyYAML breaks lines at U+2028/U+2029 (every later line would be off); editors do not.
    ("nama: Kartu\nb: c\u2028X\nd: e", "2:5: " + SEPARATOR.format(point="U+2028")),
    ("a: b\r\nc: \u2029", "2:4: " + SEPARATOR.format(point="U+2029")),
])
def test_yaml_problems_are_placed(text, expected):
    with pytest.raises(yamlmarks.YamlProblem) as caught:
        yamlmarks.load(text)
    assert str(caught.value) == expected


def test_yaml_text_problems_are_marked_as_text():
    with pytest.raises(yamlmarks.YamlProblem) as caught:
        yamlmarks.decode(b"a: b\x00")
    assert caught.value.text and (caught.value.line, caught.value.column) == (1, 5)


@pytest.mark.parametrize("value, expected", [
    (1250, "1.250"),
    (0, "0"),
    (-5, "-5"),
    (1.5, "1,5"),
    (10 ** 9, "1.000.000.000"),
    (10 ** 50, "100" + ".000" * 16),
    (1e308, "100" + ".000" * 102),
    (float("inf"), "tak terhingga"),
    (float("-inf"), "minus tak terhingga"),
    (float("nan"), "bukan angka"),
    (True, "ya"),
    (False, "tidak"),
    (None, ""),
    ("12", "12"),
])
def test_numbers_never_crash(value, expected):
    assert numerals.grouped(value) == expected


@pytest.fixture(scope="module")
def checker():
    return schema.Checker(schema.base_schema(), {}, "content/data")


@pytest.mark.parametrize("value, ok", [
    (0, True), (1250, True), (10 ** 9, True), (10 ** 9 + 1, False), (10 ** 50, False),
    (-1, False), (1250.0, False), (1e308, False), (math.inf, False), (math.nan, False),
    (True, False), ("1250", False),
])
def test_schema_bounds_every_count(checker, value, ok):
    data = yamlmarks.load(RECORD)[0]
    data["penerima_manfaat"][0]["jumlah"] = value
    problems = checker.check(data, yamlmarks.load(RECORD)[1])
    assert (problems == []) is ok, problems


def test_every_number_in_the_schema_has_bounds():
    """A new numeric field without bounds would let a 51-digit value reach a template."""
    def walk(node, path=""):
        if isinstance(node, dict):
            if node.get("type") in ("integer", "number"):
                yield path, node
            for key, child in node.items():
                yield from walk(child, f"{path}/{key}")
        elif isinstance(node, list):
            for index, child in enumerate(node):
                yield from walk(child, f"{path}/{index}")

    numeric = list(walk(schema.base_schema()))
    assert numeric
    for path, node in numeric:
        assert "minimum" in node and "maximum" in node, path


def test_a_feed_blames_the_article_whose_text_it_cannot_hold(tmp_path):
    source = tmp_path / "berita.md"
    source.write_text("Title: Uji\n\nBaris satu.\nBaris \x07 dua.\n", encoding="utf-8")
    clean = SimpleNamespace(title="Bersih", summary="Ringkas", content="<p>Isi</p>",
                            source_path=str(tmp_path / "lain.md"), tags=[])
    broken = SimpleNamespace(title="Uji", summary="x", content="<p>Baris \x07 dua.</p>",
                             source_path=str(source), tags=[])
    entity = SimpleNamespace(title="Judul &#12; lagi", summary="", content="",
                             source_path=str(tmp_path / "tidak-ada.md"), tags=[])
    found = feedtext.unwritable([clean, broken, entity])
    assert found == [feedtext.Unwritable(str(source), 4, 7, "\x07"),
                     feedtext.Unwritable(str(tmp_path / "tidak-ada.md"), 0, 0, "\x0c")]
    assert feedtext.message("\x07", "feeds/berita.atom.xml") == (
        "teks berita ini berisi karakter kendali tak terlihat (U+0007) yang tidak dapat "
        "ditulis ke umpan berita (menulis feeds/berita.atom.xml); hapus karakter itu")


def test_a_file_gone_before_pelican_read_it_is_named(tmp_path):
    """Pelican logs 'Could not process' for a file deleted after it listed the folder
    (the preview rebuilding while a file is renamed): the diagnostic names that file."""
    error = FileNotFoundError(2, "No such file or directory")
    log = logging.LogRecord("pelican.generators", logging.ERROR, __file__, 1,
                            "Could not process %s\n%s", ("berita/hilang.md", error), None)
    found = net.translate(log, tmp_path / "content")
    assert found.code == "FS003"
    assert found.path == str(tmp_path / "content" / "berita" / "hilang.md")
    assert found.message == (
        "berkas tidak dapat dibaca: berkas hilang ketika hendak dibaca (dihapus, dipindah "
        "atau diganti nama selagi situs dibangun); bangun ulang, dan bila berkas itu "
        "terhapus tanpa sengaja, pulihkan dulu")


@pytest.mark.parametrize("error, reason", [
    (PermissionError(13, "Permission denied"), "tidak ada izin membaca berkas ini; periksa "
                                               "izin berkasnya"),
    (IsADirectoryError(21, "Is a directory"), "di sini ada folder, padahal yang diperlukan "
                                              "berkas"),
    (OSError(5, "Input/output error"), "berkas tidak dapat dibaca dari disk (kesalahan "
                                       "perangkat)"),
])
def test_unreadable_files_are_said_in_indonesian(error, reason):
    assert sourcetext.unreadable_message(error) == f"berkas tidak dapat dibaca: {reason}"
