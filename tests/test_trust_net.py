"""One net for every mistake: what used to end in a traceback, or passed unseen, now gets a
diagnostic in the site's form at the file and line that holds it, and no traceback.

Many broken files share one build (they do not interfere: each is reported at its own
lines), so the classes of issue 10 cost a handful of Pelican runs.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys

import pytest

from conftest import ROOT, keep_locale, make_site, run_build

HEAD = "Title: {title}\nDate: 2023-03-03 09:30\nCategory: Pemerintahan\nAuthor: Sofyan\n"


def article(title: str = "Judul Biasa", extra: str = "", body: str = "Isi berita.") -> str:
    return HEAD.format(title=title) + extra + "\n" + body + "\n"


def no_traceback(build) -> None:
    for stream in (build.stdout, build.stderr):
        assert "Traceback" not in stream and 'File "' not in stream, stream[-3000:]


# Each broken file, and the exact lines it must get.
BROKEN_ARTICLES = {
    "content/berita/kendali.md": (
        article("Judul \x1b Tersembunyi", body="Teks \x00 di sini."),
        ["content/berita/kendali.md:1:14: galat BRT015: 'Title': karakter kendali tak terlihat "
         "(U+001B) di sini; hapus karakter itu (sering terbawa saat menyalin dari aplikasi lain)",
         "content/berita/kendali.md:6:6: galat BRT015: berkas berisi karakter NUL (U+0000) di "
         "sini: berkas ini rusak atau bukan teks biasa (misalnya tersimpan setengah atau dari "
         "aplikasi lain); hapus karakter itu atau simpan ulang sebagai teks UTF-8"]),
    "content/berita/panjang.md": (
        article("Sangat Panjang " * 20),
        ["content/berita/panjang.md:1:8: galat BRT021: judul ini terlalu panjang untuk alamat "
         "halaman (alamatnya 299 karakter, paling banyak 120); tambahkan baris 'Slug:' yang "
         "lebih pendek"]),
    "content/berita/titik.md": (
        article("Titik", "Slug: .\n"),
        ["content/berita/titik.md:5:7: galat BRT020: 'Slug' hanya boleh berisi huruf kecil "
         "a-z, angka 0-9, dan tanda hubung di antaranya, misalnya pasar-seba-dibuka "
         "(ditemukan: '.')"]),
    "content/berita/persen.md": (
        article("Persen", "Slug: %2e%2e\n"),
        ["content/berita/persen.md:5:7: galat BRT020: 'Slug' hanya boleh berisi huruf kecil "
         "a-z, angka 0-9, dan tanda hubung di antaranya, misalnya pasar-seba-dibuka "
         "(ditemukan: '%2e%2e')"]),
    "content/berita/tanda.md": (
        article("Tanda", "Slug: a?b#c\"d\n"),
        ["content/berita/tanda.md:5:7: galat BRT020: 'Slug' hanya boleh berisi huruf kecil "
         "a-z, angka 0-9, dan tanda hubung di antaranya, misalnya pasar-seba-dibuka "
         "(ditemukan: 'a?b#c\"d')"]),
    "content/berita/garis.md": (
        article("Garis", "Slug: ujung/\n"),
        ["content/berita/garis.md:5:7: galat BRT020: 'Slug' hanya boleh berisi huruf kecil "
         "a-z, angka 0-9, dan tanda hubung di antaranya, misalnya pasar-seba-dibuka "
         "(ditemukan: 'ujung/')"]),
    "content/berita/tanpa-huruf.md": (
        article("!!! ???"),
        ["content/berita/tanpa-huruf.md:1:8: galat BRT020: judul ini tidak menghasilkan "
         "alamat halaman (tidak ada huruf atau angka latin); tambahkan baris 'Slug:' berisi "
         "alamatnya, misalnya 'Slug: berita-pasar-seba'"]),
    "content/berita/nama.md": (
        article("Nama Kosong", "Tags: pasar, ***\n").replace("Author: Sofyan", "Author: ---"),
        ["content/berita/nama.md:4:9: galat BRT017: nama penulis '---' tidak menghasilkan "
         "alamat halaman; tulis nama penulis dengan huruf atau angka",
         "content/berita/nama.md:5:14: galat BRT017: nama topik '***' tidak menghasilkan "
         "alamat halaman; tulis nama topik dengan huruf atau angka"]),
    "content/berita/ganda.md": (
        article("Ganda", "Title: Judul Kedua\n"),
        ["content/berita/ganda.md:5:1: galat BRT016: baris 'Title' ditulis dua kali (pertama "
         "di baris 1); hapus salah satunya"]),
    "content/berita/pelican.md": (
        article("Nilai Pelican", "Status: terbit\nModified: kemarin\nTemplate: rahasia\n"),
        ["content/berita/pelican.md:5:9: galat BRT019: 'Status' harus salah satu dari "
         "published (terbit), draft (draf, tidak diterbitkan), hidden (terbit tanpa tampil di "
         "daftar) (ditemukan: 'terbit')",
         "content/berita/pelican.md:6:11: galat BRT023: 'Modified' harus berformat TTTT-BB-HH "
         "JJ:MM dalam WITA, misalnya 2023-03-04 08:00, atau hapus baris ini (ditemukan: "
         "'kemarin')",
         "content/berita/pelican.md:7:11: galat BRT013: 'Template' untuk berita harus salah "
         "satu dari article (ditemukan: 'rahasia'); hapus baris ini untuk memakai templat "
         "berita yang biasa"]),
    "content/berita/bahasa.md": (
        article("Bahasa", "Lang: en\n"),
        None),  # BRT009 (unknown line): its message lists every known field; see below
    "content/berita/mundur.md": (
        article("Mundur", "Modified: 2023-03-01 08:00\n"),
        ["content/berita/mundur.md:5:11: galat BRT024: 'Modified' (tanggal diperbarui) tidak "
         "boleh sebelum 'Date' 2023-03-03 09:30 (ditemukan: '2023-03-01 08:00')"]),
    "content/berita/kuno.md": (
        article("Kuno").replace("2023-03-03", "1899-12-31"),
        ["content/berita/kuno.md:2:7: galat BRT022: 'Date' harus tahun 1990 sampai "
         f"{__import__('datetime').date.today().year + 1}; periksa tahunnya (ditemukan: "
         "'1899-12-31 09:30')"]),
    "content/berita/tautan.md": (
        article("Tautan", body="[a]({static}/images/tidak-ada.jpg) dan "
                               "[b]({filename}/berita/tidak-ada.md)\n\n"
                               "[c]({filename}../../../../etc/passwd) dan "
                               "[d]({filename}/data/kategori.yaml)\n\n"
                               "`[contoh]({static}/images/contoh.jpg)` bukan tautan."),
        ["content/berita/tautan.md:6:5: galat LNK001: tautan ke berkas yang tidak ada: "
         "content/images/tidak-ada.jpg (ditemukan: '{static}/images/tidak-ada.jpg'); periksa "
         "nama dan folder berkasnya",
         "content/berita/tautan.md:6:44: galat LNK001: tautan ke berkas yang tidak ada: "
         "content/berita/tidak-ada.md (ditemukan: '{filename}/berita/tidak-ada.md'); periksa "
         "nama dan folder berkasnya",
         "content/berita/tautan.md:8:5: galat LNK002: tautan menunjuk ke luar folder content/; "
         "hanya berkas di dalam content/ yang diterbitkan (ditemukan: "
         "'{filename}../../../../etc/passwd')",
         "content/berita/tautan.md:8:47: galat LNK004: tautan ke berkas sumber situs, yang "
         "tidak diterbitkan; tautkan halamannya, misalnya /inovasi/nama-inovasi/ (ditemukan: "
         "'{filename}/data/kategori.yaml')"]),
    "content/berita/huruf-besar.MD": (
        article("Huruf Besar"),
        ["content/berita/huruf-besar.MD: galat CNT001: berkas ini tidak dibaca situs karena "
         "akhiran namanya '.MD'; ganti namanya menjadi 'huruf-besar.md'"]),
    "content/berita/panjang-nama.markdown": (
        article("Akhiran Panjang"),
        ["content/berita/panjang-nama.markdown: galat CNT001: berkas ini tidak dibaca situs "
         "karena akhiran namanya '.markdown'; ganti namanya menjadi 'panjang-nama.md'"]),
    "content/catatan.md": (
        article("Salah Folder"),
        ["content/catatan.md: galat CNT002: berkas ini tidak dibaca situs di folder ini; "
         "pindahkan ke content/berita/ atau content/halaman/"]),
    "content/berita/lampiran.docx": (
        "bukan teks",
        ["content/berita/lampiran.docx: galat CNT003: berkas ini tidak dibaca situs (jenis "
         "berkas tidak dikenal di folder ini); pindahkan ke luar folder content/ atau hapus"]),
    "content/dokumen/foto-rapat.jpg": (
        "bukan foto sungguhan",
        ["content/dokumen/foto-rapat.jpg: galat CNT004: foto di folder ini diterbitkan apa "
         "adanya, dengan data kamera dan lokasinya; pindahkan ke content/images/ dan tampilkan "
         "dengan ![keterangan](/images/...)"]),
    "content/halaman/folder-situs.md": (
        "Title: Folder Situs\nSlug: pagefind\n\nIsi.\n",
        ["content/halaman/folder-situs.md:2:7: galat BRT014: alamat 'pagefind/' sudah dipakai "
         "situs untuk indeks pencarian; ganti baris 'Slug' dengan alamat lain (ditemukan: "
         "slug 'pagefind')"]),
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    files = {path: text for path, (text, _lines) in BROKEN_ARTICLES.items()}
    folder = make_site(tmp_path_factory.mktemp("jaring"), files)
    return run_build(folder)


def test_every_broken_file_gets_its_exact_lines_and_no_traceback(broken_build):
    assert broken_build.returncode == 1
    no_traceback(broken_build)
    lines = broken_build.error_lines
    for path, (_text, expected) in BROKEN_ARTICLES.items():
        if expected is None:
            continue
        mine = [line for line in lines if line.startswith(path + ":")]
        assert mine == expected, path
    assert not (broken_build.output).exists() or not any(broken_build.output.iterdir())


def test_pelican_header_it_does_not_know_is_named(broken_build):
    line = next(x for x in broken_build.error_lines
                if x.startswith("content/berita/bahasa.md:"))
    assert line.startswith("content/berita/bahasa.md:5:1: galat BRT009: baris 'Lang' tidak "
                           "dikenal (yang dikenal: Title, Date, Modified, Category, Tags,")


def test_report_is_sorted_and_counted(broken_build):
    lines = broken_build.error_lines
    assert lines == sorted(lines, key=lambda x: (x.split(":")[0],))
    header = next(x for x in broken_build.stderr.splitlines() if x.startswith("Situs tidak"))
    assert header == (f"Situs tidak dibangun: {len(lines)} kesalahan ditemukan di isi situs. "
                      "Perbaiki semuanya, lalu bangun ulang.")


VOCABULARY_CASES = {
    "folder": ({"content/data/kategori.yaml": None, "content/data/kategori.yaml/isi.yaml": "x"},
               "content/data/kategori.yaml: galat DAT001: di sini ada folder, padahal yang "
               "diperlukan berkas daftar (.yaml); pindahkan isi folder ini dan buat berkas "
               "daftarnya"),
    "wrong-types": ({"content/data/kategori.yaml": "- nama: 5\n  slug: [1]\n"},
                    "content/data/kategori.yaml:1:9: galat DAT005: 'nama' pada butir ke-1 "
                    "wajib diisi dengan teks (ditemukan: angka 5)"),
}


@pytest.mark.parametrize("files, expected", VOCABULARY_CASES.values(),
                         ids=list(VOCABULARY_CASES))
def test_broken_vocabulary_path_or_types(site, files, expected):
    build = site(files)
    assert build.returncode == 1
    no_traceback(build)
    assert expected in build.error_lines


SETTINGS_CASES = [
    pytest.param({"DEFAULT_PAGINATION": "sepuluh"},
                 "galat CFG013: pengaturan DEFAULT_PAGINATION (dari -e) harus True atau False "
                 "atau bilangan bulat (ditemukan: teks 'sepuluh')", id="pelican-setting"),
    pytest.param({"PLUGINS": "news"},
                 "galat CFG013: pengaturan PLUGINS harus daftar [...]; Pelican mengabaikan "
                 "nilainya (Detected misconfiguration with PLUGINS setting (must be a list), "
                 "falling back to the default)", id="plugins-not-a-list"),
    pytest.param({"NEWS": ["related_count", 4]},
                 "pelicanconf.py: galat CFG003: pengaturan NEWS harus kamus {'kunci': nilai, "
                 "...} (ditemukan: daftar '['related_count', 4]')", id="plugin-setting-not-dict"),
    pytest.param({"NEWS": {"related_count": "empat"}},
                 "pelicanconf.py: galat CFG004: pengaturan NEWS['related_count'] harus angka "
                 "seperti bawaannya '4' (ditemukan: teks 'empat')", id="plugin-key-type"),
]


@pytest.mark.parametrize("extra, expected", SETTINGS_CASES)
def test_settings_of_the_wrong_type(site, extra, expected):
    build = site(extra=extra)
    assert build.returncode == 1
    no_traceback(build)
    assert any(line.endswith(expected) for line in build.error_lines), build.stderr


@pytest.mark.parametrize("text, expected", [
    pytest.param("from pelicanconf import *\nSITENAME = 'Situs\n",
                 "pengaturan.py:2:12: galat CFG011: pengaturan tidak dapat dibaca: penulisan "
                 "Python salah (unterminated string literal (detected at line 4)); periksa "
                 "tanda kutip, koma, dan kurung", id="syntax"),
    pytest.param("from pelicanconf import *\n\nTHEME = TEMA_YANG_TIDAK_ADA\n",
                 "pengaturan.py:3: galat CFG012: pengaturan tidak dapat dimuat: NameError: "
                 "'name 'TEMA_YANG_TIDAK_ADA' is not defined'", id="name-error"),
])
def test_broken_settings_file(tmp_path, text, expected):
    folder = make_site(tmp_path / "situs")
    settings = folder / "pengaturan.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\n" + text,
                        encoding="utf-8")
    build = run_build(folder, settings=str(settings))
    assert build.returncode == 1
    no_traceback(build)
    shifted = expected.replace("pengaturan.py:2:", "pengaturan.py:4:").replace(
        "pengaturan.py:3:", "pengaturan.py:5:")
    assert build.error_lines == [shifted]


BOOM_PLUGIN = '''
from pelican import signals

def boom(generators):
    raise KeyError("kunci-yang-hilang")

def register():
    signals.all_generators_finalized.connect(boom)
'''


def test_a_bug_in_our_code_is_an_internal_error_with_its_traceback_in_a_log(site, tmp_path):
    plugin = tmp_path / "plugin_uji" / "meledak"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text(BOOM_PLUGIN, encoding="utf-8")
    plugins = ["build_report", "content_cache", "news", "innovations", "images",
               "search_index", "meledak"]
    build = site(extra={"PLUGIN_PATHS": [str(ROOT / "plugins"), str(tmp_path / "plugin_uji")],
                        "PLUGINS": plugins})
    assert build.returncode == 1
    no_traceback(build)
    assert build.error_lines == [
        "pelicanconf.py: galat INT001: kesalahan internal saat memproses berkas ini: "
        "KeyError: ''kunci-yang-hilang''. Ini bukan kesalahan Anda: laporkan ke pengembang "
        "situs dengan berkas .cache/galat-internal.log"]
    log = (tmp_path / "site" / ".cache" / "galat-internal.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "kunci-yang-hilang" in log and "def boom" not in log
    assert "in boom" in log


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))


def test_a_file_too_large_for_the_file_system_is_a_message_not_a_traceback(tmp_path):
    folder = make_site(tmp_path / "situs")
    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output",
               "-e", "SEARCH=" + json.dumps({"enabled": False})]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")},
                          preexec_fn=_limit_file_size)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = [x for x in done.stderr.splitlines() if ": galat " in x]
    assert lines and all(" galat FS00" in x for x in lines), done.stderr
    assert any(x.endswith("tidak dapat ditulis: berkas melebihi batas ukuran berkas (batas "
                          "sistem berkas atau `ulimit -f` di server); naikkan batas itu atau "
                          "perkecil berkasnya") for x in lines)
    assert not any(x.startswith("pelicanconf.py") for x in lines)


def test_a_file_where_the_site_needs_a_folder_is_a_message(tmp_path):
    folder = make_site(tmp_path / "situs")
    (folder / "output").mkdir()
    (folder / "output" / "berita").write_text("bukan folder", encoding="utf-8")
    build = run_build(folder, extra={"SEARCH": {"enabled": False}})
    assert build.returncode == 1
    no_traceback(build)
    assert ("output/berita/2023/03/pasar-seba-dibuka-kembali/index.html: galat FS001: "
            "berkas keluaran tidak dapat ditulis: sebagian alamatnya sudah dipakai sebuah "
            "berkas (isinya dari content/berita/pasar-seba.md)") in build.error_lines


def test_a_broken_build_returns_so_a_watch_loop_in_the_same_process_goes_on(tmp_path,
                                                                            monkeypatch):
    """Two builds in one process, as a watch loop runs them: the broken one returns False
    (no SystemExit), the fixed one after it writes the site."""
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))
    from newsroom.build import build, load_settings

    folder = make_site(tmp_path / "situs", {
        "content/berita/rusak.md": "Title: Rusak\nDate: kemarin\nCategory: Pemerintahan\n\nIsi.\n"})
    monkeypatch.chdir(folder)
    overrides = {"PATH": str(folder / "content"), "OUTPUT_PATH": str(folder / "output"),
                 "SEARCH": {"enabled": False}}
    with keep_locale():  # Pelican sets the process's locale from LOCALE
        settings = load_settings(str(ROOT / "pelicanconf.py"), overrides)
        assert build(settings) is False
    assert not (folder / "output" / "index.html").exists()
    (folder / "content/berita/rusak.md").write_text(
        "Title: Sudah Baik\nDate: 2023-03-04 10:00\nCategory: Pemerintahan\nAuthor: Sofyan\n\n"
        "Isi.\n", encoding="utf-8")
    with keep_locale():
        settings = load_settings(str(ROOT / "pelicanconf.py"), overrides)
        assert build(settings) is True
    assert (folder / "output/berita/2023/03/sudah-baik/index.html").is_file()
