"""Issue 2, point 3: every content mistake in news gets one exact line, all at once.

Each case adds broken files to fixtures/minimal and builds for real; the build must stop
with exit code 1, list the exact diagnostic lines, write no site and show no traceback.
"""

from __future__ import annotations

import pytest
from conftest import project_settings

CATEGORIES = "Pemerintahan, Kesehatan, Pertanian dan Perikanan"
HEADER_LINE = ("Situs tidak dibangun: {n} kesalahan ditemukan di isi situs. "
               "Perbaiki semuanya, lalu bangun ulang.")
DATE_FORM = ("'Date' harus berformat TTTT-BB-HH JJ:MM dalam WITA, misalnya 2023-03-03 10:00 "
             "(ditemukan: '{found}')")
# The news plugin's own fields, then those pelicanconf.py adds for other plugins.
EXTRA = project_settings()["NEWS"]["extra_fields"]
KNOWN = ("Title, Date, Modified, Category, Tags, Author, Authors, Summary, Slug, Status, "
         "Cover, Cover_Alt, Inovasi, Contoh, Template"
         + "".join(f", {field.title()}" for field in EXTRA))
GOOD_HEAD = "Title: Kabar Desa\nDate: 2023-03-03 10:00\nCategory: Pemerintahan\n"


def failed(build) -> list[str]:
    """The diagnostic lines of a build that must have stopped cleanly."""
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stdout + build.stderr
    assert not build.exists("index.html"), "a stopped build must not write the site"
    lines = build.error_lines
    assert HEADER_LINE.format(n=len(lines)) in build.stderr.splitlines()
    return lines


@pytest.mark.parametrize("text, expected", [
    pytest.param(
        "Date: 2023-03-03 10:00\nCategory: Pemerintahan\n\nIsi.\n",
        "content/berita/x.md:1:1: galat BRT001: baris 'Title' tidak ada; setiap berita perlu "
        "judul (contoh: 'Title: Bupati Resmikan Pasar Seba')",
        id="title-missing"),
    pytest.param(
        "Title:\nDate: 2023-03-03 10:00\nCategory: Pemerintahan\n\nIsi.\n",
        "content/berita/x.md:1:7: galat BRT002: 'Title' kosong; tulis judul berita setelah "
        "'Title:'",
        id="title-empty"),
    pytest.param(
        "Title: Kabar Desa\nCategory: Pemerintahan\n\nIsi.\n",
        "content/berita/x.md:1:1: galat BRT003: baris 'Date' tidak ada; tulis tanggal dan jam "
        "terbit dalam WITA (contoh: 'Date: 2023-03-03 10:00')",
        id="date-missing"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-02-30 10:00\nCategory: Pemerintahan\n\nIsi.\n",
        "content/berita/x.md:2:7: galat BRT004: 'Date' berisi tanggal atau jam yang tidak ada; "
        "periksa bulan, hari, dan jam (ditemukan: '2023-02-30 10:00')",
        id="date-impossible"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-03-03 24:30\nCategory: Pemerintahan\n\nIsi.\n",
        "content/berita/x.md:2:7: galat BRT004: 'Date' berisi tanggal atau jam yang tidak ada; "
        "periksa bulan, hari, dan jam (ditemukan: '2023-03-03 24:30')",
        id="time-impossible"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-03-03 10:00\n\nIsi.\n",
        "content/berita/x.md:1:1: galat BRT005: baris 'Category' tidak ada atau kosong; pilih "
        f"salah satu dari {CATEGORIES} (content/data/kategori.yaml)",
        id="category-missing"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-03-03 10:00\nCategory:\n\nIsi.\n",
        "content/berita/x.md:3:10: galat BRT005: baris 'Category' tidak ada atau kosong; pilih "
        f"salah satu dari {CATEGORIES} (content/data/kategori.yaml)",
        id="category-empty"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-03-03 10:00\nCategory: Politik\n\nIsi.\n",
        f"content/berita/x.md:3:11: galat BRT006: 'Category' harus salah satu dari {CATEGORIES} "
        "(ditemukan: 'Politik'); daftar kategori ada di content/data/kategori.yaml",
        id="category-unknown"),
    pytest.param(
        GOOD_HEAD + "Tagz: pasar\n\nIsi.\n",
        "content/berita/x.md:4:1: galat BRT009: baris 'Tagz' tidak dikenal; mungkin maksudnya "
        f"'Tags'? (yang dikenal: {KNOWN})",
        id="field-unknown-with-suggestion"),
    pytest.param(
        GOOD_HEAD + "Cover: images/pasar.jpg\n\nIsi.\n",
        "content/berita/x.md:4:8: galat BRT007: gambar sampul perlu teks alternatif: tambahkan "
        "baris 'Cover_Alt:' yang menjelaskan isi gambar bagi pembaca yang tidak melihatnya",
        id="cover-without-alt"),
    pytest.param(
        GOOD_HEAD + "Cover: images/pasar.jpg\nCover_Alt:\n\nIsi.\n",
        "content/berita/x.md:4:8: galat BRT007: gambar sampul perlu teks alternatif: tambahkan "
        "baris 'Cover_Alt:' yang menjelaskan isi gambar bagi pembaca yang tidak melihatnya",
        id="cover-with-empty-alt"),
    pytest.param(
        "",
        "content/berita/x.md:1:1: galat BRT008: berkas kosong; tulis baris-baris keterangan "
        "(Title, Date, Category, ...) lalu isi berita",
        id="file-empty"),
    pytest.param(
        "\n  \n",
        "content/berita/x.md:1:1: galat BRT008: berkas kosong; tulis baris-baris keterangan "
        "(Title, Date, Category, ...) lalu isi berita",
        id="file-blank"),
    pytest.param(
        "Title: Kabar Desa\nDate: 2023-03-03 10:00\nCategory: Pemerintahan\n\nKaf\xe9 Seba.\n"
        .encode("latin-1"),
        "content/berita/x.md:5:4: galat BRT010: berkas bukan teks UTF-8; simpan ulang dengan "
        "pengodean UTF-8 (byte tidak sah: 0xe9)",
        id="not-utf8"),
])
def test_one_mistake_one_exact_line(site, text, expected):
    assert failed(site({"content/berita/x.md": text})) == [expected]


@pytest.mark.parametrize("value", [
    "3 Maret 2023", "03-03-2023 10:00", "2023/03/03 10:00", "2023-3-3 10:00",
    "2023-03-03 10.00", "2023-03-03 10:00 WITA", "2023-03-03T10:00+08:00", "kemarin",
])
def test_malformed_dates(site, value):
    build = site({"content/berita/x.md":
                  f"Title: Kabar Desa\nDate: {value}\nCategory: Pemerintahan\n\nIsi.\n"})
    assert failed(build) == [
        f"content/berita/x.md:2:7: galat BRT004: {DATE_FORM.format(found=value)}"]


@pytest.mark.parametrize("value", ["2023-03-03", "2023-03-03 10:00", "2023-03-03 10:00:30",
                                   "2023-03-03T10:00"])
def test_accepted_date_forms_build(site, value):
    build = site({"content/berita/pasar-seba.md":
                  f"Title: Kabar Desa\nDate: {value}\nCategory: Pemerintahan\n\nIsi.\n"})
    assert build.returncode == 0, build.stderr


def test_category_matches_whatever_the_case(site):
    build = site({"content/berita/pasar-seba.md":
                  "Title: Kabar Desa\nDate: 2023-03-03 10:00\nCategory: pemerintahan\n\nIsi.\n"})
    assert build.returncode == 0, build.stderr
    assert build.exists("kategori/pemerintahan/index.html")


def test_page_header_mistakes_are_reported_too(site):
    build = site({"content/halaman/tentang.md": "Slug: tentang\nJudul: Tentang\n\nIsi.\n"})
    lines = failed(build)
    assert lines[0] == ("content/halaman/tentang.md:1:1: galat BRT001: baris 'Title' tidak ada; "
                        "setiap berita perlu judul (contoh: 'Title: Bupati Resmikan Pasar Seba')")
    assert lines[1].startswith("content/halaman/tentang.md:2:1: galat BRT009: baris 'Judul' "
                               "tidak dikenal")


@pytest.mark.parametrize("yaml_text, expected", [
    pytest.param(
        "- nama: Pemerintahan\n  slug: pemerintahan\n- nama: Kesehatan: Ibu\n  slug: kesehatan\n",
        ["content/data/kategori.yaml:3:18: galat DAT002: nilai 'kunci: nilai' tidak boleh di "
         "sini (periksa indentasi, atau beri tanda kutip pada teks yang memuat ': ')"],
        id="yaml-syntax"),
    pytest.param(
        "- nama: Pemerintahan\n\tslug: pemerintahan\n",
        ["content/data/kategori.yaml:2:1: galat DAT002: karakter tab tidak boleh dipakai untuk "
         "indentasi; gunakan spasi"],
        id="yaml-tab"),
    pytest.param(
        "- nama: Pemerintahan\n  slug: [pemerintahan\n",
        ["content/data/kategori.yaml:3:1: galat DAT002: daftar dalam kurung siku '[' belum "
         "ditutup dengan ']' atau kurang tanda koma di antara isinya"],
        id="yaml-unclosed-list"),
])
def test_broken_category_list_is_reported_once(site, yaml_text, expected):
    """A broken list: its own line, one BRT011, and no BRT006 per article."""
    lines = failed(site({"content/data/kategori.yaml": yaml_text}))
    assert lines == [
        "content/data/kategori.yaml:1:1: galat BRT011: daftar kategori berita tidak memuat "
        "satu kategori pun yang sah, jadi baris 'Category' berita tidak dapat diperiksa",
        *expected,
    ]


def test_category_entry_without_slug(site):
    lines = failed(site({"content/data/kategori.yaml":
                         "- nama: Pemerintahan\n  slug: pemerintahan\n- nama: Kesehatan\n"}))
    assert lines == ["content/data/kategori.yaml:3:3: galat DAT005: 'slug' pada butir ke-2 "
                     "wajib diisi dengan teks (ditemukan: kosong)"]


def test_category_slug_with_capitals_and_spaces(site):
    lines = failed(site({"content/data/kategori.yaml":
                         "- nama: Pemerintahan\n  slug: Pemerintahan Daerah\n"
                         "- nama: Kesehatan\n  slug: kesehatan\n"}))
    # The entry is left out, so the fixture's article in 'Pemerintahan' is reported too.
    assert lines == [
        "content/berita/pasar-seba.md:3:11: galat BRT006: 'Category' harus salah satu dari "
        "Kesehatan (ditemukan: 'Pemerintahan'); daftar kategori ada di content/data/kategori.yaml",
        "content/data/kategori.yaml:2:9: galat DAT006: 'slug' hanya boleh memuat "
        "huruf kecil a-z, angka, '-' atau '_' (ditemukan: 'Pemerintahan Daerah')"]


def test_unknown_news_setting(site):
    build = site(extra={"NEWS": {"related_cont": 3}})
    assert failed(build) == [
        "pelicanconf.py: galat CFG001: pengaturan NEWS['related_cont'] tidak dikenal; mungkin "
        "maksudnya 'related_count'? (yang dikenal: categories_file, related_count, "
        "extra_fields, years, video_hosts)"]


def test_many_mistakes_listed_together_and_sorted(site):
    build = site({
        "content/berita/2024/zebra.md": "Title: Z\nDate: 2024-13-01\nCategory: Kesehatan\n\nIsi.\n",
        "content/berita/2023/apel.md": "Title:\nDate: kemarin\nCategory: Politik\n\nIsi.\n",
        "content/berita/2023/kosong.md": "",
        "content/data/kategori.yaml": "- nama: Pemerintahan\n  slug: pemerintahan\n"
                                      "- nama: Kesehatan\n  slug: kesehatan\n"
                                      "- nama: Pertanian dan Perikanan\n"
                                      "  slug: pertanian-perikanan\n- nama: Lainnya\n",
    })
    lines = failed(build)
    assert [line.split(": galat ")[0] for line in lines] == [
        "content/berita/2023/apel.md:1:7",
        "content/berita/2023/apel.md:2:7",
        "content/berita/2023/apel.md:3:11",
        "content/berita/2023/kosong.md:1:1",
        "content/berita/2024/zebra.md:2:7",
        "content/data/kategori.yaml:7:3",
    ]
    assert [line.split(": galat ")[1].split(":")[0] for line in lines] == [
        "BRT002", "BRT004", "BRT006", "BRT008", "BRT004", "DAT005"]
    assert build.stderr.count("Situs tidak dibangun") == 1


def test_two_articles_at_one_address(site):
    """Same title in the same month: one address. Pelican itself stopped with a traceback."""
    build = site({"content/berita/pasar-seba-lagi.md":
                  "Title: Pasar Seba Dibuka Kembali\nDate: 2023-03-20 10:00\n"
                  "Category: Kesehatan\n\nIsi.\n"})
    assert failed(build) == [
        "content/berita/pasar-seba-lagi.md:1:8: galat BRT012: alamat "
        "'berita/2023/03/pasar-seba-dibuka-kembali/' sudah dipakai content/berita/pasar-seba.md; "
        "ubah judulnya atau tambahkan baris 'Slug:' yang berbeda "
        "(ditemukan: slug 'pasar-seba-dibuka-kembali')"]


def test_same_title_in_another_month_builds(site):
    build = site({"content/berita/pasar-seba-lagi.md":
                  "Title: Pasar Seba Dibuka Kembali\nDate: 2024-03-20 10:00\n"
                  "Category: Kesehatan\n\nIsi.\n"})
    assert build.returncode == 0, build.stderr
    assert build.exists("berita/2024/03/pasar-seba-dibuka-kembali/index.html")
    assert build.exists("berita/2023/03/pasar-seba-dibuka-kembali/index.html")


def test_broken_files_with_one_name_are_reported_once_each(site):
    lines = failed(site({"content/berita/2023/rapat.md": "Title: Rapat\n",
                         "content/berita/2024/rapat.md": "Title: Rapat\n"}))
    assert [line.split(": galat ")[1][:6] for line in lines] == [
        "BRT003", "BRT005", "BRT003", "BRT005"]


def test_unknown_template(site):
    build = site({"content/berita/x.md": GOOD_HEAD + "Template: berita-besar\n\nIsi.\n"})
    assert failed(build) == [
        "content/berita/x.md:4:11: galat BRT013: 'Template' untuk berita harus salah satu dari "
        "article (ditemukan: 'berita-besar'); hapus baris ini untuk memakai templat berita "
        "yang biasa"]


SLUG_ADVICE = "ganti baris 'Slug' dengan alamat lain (ditemukan: slug '{slug}')"
TITLE_ADVICE = ("tambahkan baris 'Slug:' dengan alamat lain, atau ubah judulnya "
                "(ditemukan: slug '{slug}' dari judul)")


@pytest.mark.parametrize("slug, clash", [
    pytest.param("arsip", "alamat 'arsip/' sudah dipakai situs untuk arsip berita",
                 id="archives"),
    pytest.param("berita", "alamat 'berita/' sudah dipakai situs untuk berita", id="articles"),
    pytest.param("kategori", "alamat 'kategori/' sudah dipakai situs untuk kategori berita",
                 id="categories"),
    pytest.param("topik", "alamat 'topik/' sudah dipakai situs untuk topik berita", id="tags"),
    pytest.param("penulis", "alamat 'penulis/' sudah dipakai situs untuk penulis berita",
                 id="authors"),
    pytest.param("cari", "alamat 'cari/' sudah dipakai situs untuk halaman pencarian",
                 id="search-page"),
    pytest.param("feeds", "alamat 'feeds/' sudah dipakai situs untuk umpan berita (feed)",
                 id="feeds"),
    pytest.param("halaman", "alamat 'halaman/' sudah dipakai situs untuk halaman lanjutan "
                 "beranda", id="index-pagination"),
    pytest.param("inovasi", "alamat 'inovasi/' sudah dipakai situs untuk katalog dan profil "
                 "inovasi", id="innovations"),
    pytest.param("data", "alamat 'data/' sudah dipakai situs untuk data terbuka inovasi",
                 id="open-data"),
    pytest.param("pagefind", "alamat 'pagefind/' sudah dipakai situs untuk indeks pencarian",
                 id="search-index"),
    pytest.param("theme", "alamat 'theme/' sudah dipakai situs untuk berkas tema (gaya dan "
                 "skrip)", id="theme"),
    pytest.param("images", "alamat 'images/' sudah dipakai situs untuk gambar", id="images"),
    pytest.param("404.html", "alamat '404.html/' bertabrakan dengan berkas '404.html' yang "
                 "dipakai situs untuk halaman 'tidak ditemukan' (404)", id="not-found-page"),
    pytest.param("sitemap.xml", "alamat 'sitemap.xml/' bertabrakan dengan berkas "
                 "'sitemap.xml' yang dipakai situs untuk peta situs", id="sitemap"),
    pytest.param("robots.txt", "alamat 'robots.txt/' bertabrakan dengan berkas 'robots.txt' "
                 "yang dipakai situs untuk aturan mesin pencari (robots.txt)", id="robots"),
    pytest.param("index.html", "alamat 'index.html/' bertabrakan dengan berkas 'index.html' "
                 "yang dipakai situs untuk beranda", id="home-page"),
    pytest.param("arsip/2030", "alamat 'arsip/2030/' berada di dalam 'arsip/', yang dipakai "
                 "situs untuk arsip berita", id="inside-archives"),
    pytest.param("feeds/kategori", "alamat 'feeds/kategori/' sudah dipakai situs untuk umpan "
                 "berita (feed)", id="category-feeds"),
    pytest.param("feeds/lain", "alamat 'feeds/lain/' berada di dalam 'feeds/', yang dipakai "
                 "situs untuk umpan berita (feed)", id="inside-feeds"),
])
def test_page_slug_taken_by_the_site(site, slug, clash):
    """A page at a section's address: Pelican itself stopped with a traceback while writing."""
    build = site({"content/halaman/lain.md": f"Title: Halaman Lain\nSlug: {slug}\n\nIsi.\n"})
    assert failed(build) == [
        f"content/halaman/lain.md:2:7: galat BRT014: {clash}; {SLUG_ADVICE.format(slug=slug)}"]


def test_page_title_that_slugifies_to_a_section(site):
    build = site({"content/halaman/arsip.md": "Title: Arsip\n\nIsi.\n"})
    assert failed(build) == [
        "content/halaman/arsip.md:1:8: galat BRT014: alamat 'arsip/' sudah dipakai situs untuk "
        f"arsip berita; {TITLE_ADVICE.format(slug='arsip')}"]


def test_page_at_an_innovation_profile(site):
    build = site({"content/halaman/posyandu.md":
                  "Title: Posyandu\nSlug: inovasi/posyandu-keliling\n\nIsi.\n"},
                 base="innovation_base")
    assert failed(build) == [
        "content/halaman/posyandu.md:2:7: galat BRT014: alamat 'inovasi/posyandu-keliling/' "
        "sudah dipakai situs untuk profil inovasi 'Posyandu Keliling'; "
        f"{SLUG_ADVICE.format(slug='inovasi/posyandu-keliling')}"]


def test_hidden_page_taken_by_the_site(site):
    build = site({"content/halaman/lain.md":
                  "Title: Halaman Lain\nSlug: topik\nStatus: hidden\n\nIsi.\n"})
    assert failed(build) == [
        "content/halaman/lain.md:2:7: galat BRT014: alamat 'topik/' sudah dipakai situs untuk "
        f"topik berita; {SLUG_ADVICE.format(slug='topik')}"]


def test_two_pages_with_one_slug(site):
    build = site({"content/halaman/tentang-lagi.md": "Title: Tentang Kami\nSlug: tentang\n\nIsi.\n"})
    assert failed(build) == [
        "content/halaman/tentang.md:2:7: galat BRT012: alamat 'tentang/' sudah dipakai "
        "content/halaman/tentang-lagi.md; ubah judulnya atau tambahkan baris 'Slug:' yang "
        "berbeda (ditemukan: slug 'tentang')"]


def test_page_at_an_article_address(site):
    build = site({"content/halaman/pasar.md":
                  "Title: Pasar\nSlug: berita/2023/03/pasar-seba-dibuka-kembali\n\nIsi.\n"})
    assert failed(build) == [
        "content/halaman/pasar.md:2:7: galat BRT012: alamat "
        "'berita/2023/03/pasar-seba-dibuka-kembali/' sudah dipakai content/berita/pasar-seba.md; "
        "ubah judulnya atau tambahkan baris 'Slug:' yang berbeda "
        "(ditemukan: slug 'berita/2023/03/pasar-seba-dibuka-kembali')"]


def test_address_clashes_listed_together_and_sorted(site):
    build = site({
        "content/halaman/zz.md": "Title: Z\nSlug: kategori\n\nIsi.\n",
        "content/halaman/arsip.md": "Title: Arsip\n\nIsi.\n",
        "content/berita/x.md": "Title: X\nDate: kemarin\nCategory: Pemerintahan\n\nIsi.\n",
    })
    lines = failed(build)
    assert [line.split(": galat ")[0] for line in lines] == [
        "content/berita/x.md:2:7", "content/halaman/arsip.md:1:8", "content/halaman/zz.md:2:7"]
    assert [line.split(": galat ")[1][:6] for line in lines] == ["BRT004", "BRT014", "BRT014"]


@pytest.mark.parametrize("slug", ["tentang-kami", "arsip-foto", "berita-desa", "kontak"])
def test_page_with_its_own_address_builds(site, slug):
    build = site({"content/halaman/lain.md": f"Title: Halaman Lain\nSlug: {slug}\n\nIsi.\n"})
    assert build.returncode == 0, build.stderr
    assert build.html(f"{slug}/index.html").find("h1").get_text(strip=True) == "Halaman Lain"
    assert build.exists("arsip/index.html")
    assert build.exists("tentang/index.html")


@pytest.mark.parametrize("slug", ["../luar", "arsip/../../luar", "/etc/luar"])
@pytest.mark.parametrize("folder", ["halaman", "berita"])
def test_slug_that_leaves_the_site_folder(site, folder, slug):
    """Pelican skipped the file with a traceback in its log ('outside output path')."""
    header = "Title: Halaman Lain\n" if folder == "halaman" else GOOD_HEAD
    build = site({f"content/{folder}/lain.md": f"{header}Slug: {slug}\n\nIsi.\n"})
    line = header.count("\n") + 1
    assert failed(build) == [
        f"content/{folder}/lain.md:{line}:7: galat BRT014: alamat dari 'Slug' keluar dari "
        f"folder situs ('..' atau '/' di awal); ganti baris 'Slug' dengan alamat lain "
        f"(ditemukan: slug '{slug}')"]
