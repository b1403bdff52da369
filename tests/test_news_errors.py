"""Issue 2, point 3: every content mistake in news gets one exact line, all at once.

The broken files of many cases are built together, as staff would meet them: one build of
fixtures/minimal with every case's file added. The build must stop with exit code 1, list
every exact diagnostic line (no other line, sorted, counted in the header), write no site
and show no traceback; each case is still its own test, asserting the lines at its own
file. Cases that change a file every build shares (the category list, the settings, the
fixture's own article) or whose mistakes are about other files build on their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Build, make_site, project_settings, shared_folder
from quality.builds import run_build_without_search

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


def built_once(tmp_path_factory, key: str, files: dict, extra: dict | None = None) -> Build:
    """fixtures/minimal with files, built once per test run whatever its outcome, search
    off (shared by the tests of one build, read only)."""

    def produce(folder: Path) -> None:
        make_site(folder, files)
        build = run_build_without_search(folder, extra=extra)
        (folder / "build.json").write_text(json.dumps(
            {"returncode": build.returncode, "stdout": build.stdout, "stderr": build.stderr}),
            encoding="utf-8")

    folder = shared_folder(tmp_path_factory, f"berita-galat-{key}", produce)
    made = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    return Build(made["returncode"], made["stdout"], made["stderr"], folder / "output")


@pytest.fixture
def site(tmp_path):
    """conftest's site factory with search off: a content mistake is the test, not the
    index (a stopped build starts Pagefind's service too)."""

    def build(files=None, base="minimal", **options) -> Build:
        return run_build_without_search(make_site(tmp_path / "site", files, base), **options)

    return build


def at(lines: list[str], *paths: str) -> list[str]:
    """The lines of a shared build about these files, in the build's order."""
    return [line for line in lines if line.split(":", 1)[0] in paths]


# -- one build of many broken files ------------------------------------------------------------
# Each case: the text of content/berita/x.md, and the one line it gives, as written for a
# build of that file alone; the shared build names the file after the case's id.
ONE_MISTAKE = [
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
]

MALFORMED_DATES = ["3 Maret 2023", "03-03-2023 10:00", "2023/03/03 10:00", "2023-3-3 10:00",
                   "2023-03-03 10.00", "2023-03-03 10:00 WITA", "2023-03-03T10:00+08:00",
                   "kemarin"]

SLUG_ADVICE = "ganti baris 'Slug' dengan alamat lain (ditemukan: slug '{slug}')"
TITLE_ADVICE = ("tambahkan baris 'Slug:' dengan alamat lain, atau ubah judulnya "
                "(ditemukan: slug '{slug}' dari judul)")

SLUGS_TAKEN = [
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
]

LEAVING_SLUGS = ["../luar", "arsip/../../luar", "/etc/luar"]


def one_mistake_path(case_id: str) -> str:
    return f"content/berita/{case_id}.md"


def date_path(index: int) -> str:
    return f"content/berita/tanggal-{index}.md"


def taken_path(case_id: str) -> str:
    return f"content/halaman/lain-{case_id}.md"


def leaving_path(folder: str, index: int) -> str:
    return f"content/{folder}/keluar-{index}.md"


def leaving_header(folder: str) -> str:
    return "Title: Halaman Lain\n" if folder == "halaman" else GOOD_HEAD


def _broken_files() -> dict:
    files = {one_mistake_path(p.id): p.values[0] for p in ONE_MISTAKE}
    files.update({date_path(i): f"Title: Kabar Desa\nDate: {value}\nCategory: Pemerintahan\n"
                                f"\nIsi.\n" for i, value in enumerate(MALFORMED_DATES)})
    files["content/halaman/tentang.md"] = "Slug: tentang\nJudul: Tentang\n\nIsi.\n"
    files["content/berita/2023/rapat.md"] = "Title: Rapat\n"
    files["content/berita/2024/rapat.md"] = "Title: Rapat\n"
    files["content/berita/templat.md"] = GOOD_HEAD + "Template: berita-besar\n\nIsi.\n"
    files.update({taken_path(p.id): f"Title: Halaman Lain\nSlug: {p.values[0]}\n\nIsi.\n"
                  for p in SLUGS_TAKEN})
    for folder in ("halaman", "berita"):
        files.update({leaving_path(folder, i): f"{leaving_header(folder)}Slug: {slug}\n\nIsi.\n"
                      for i, slug in enumerate(LEAVING_SLUGS)})
    return files


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> list[str]:
    """The lines of the one build of every broken file above (checked as a whole by
    test_the_shared_build_lists_every_line_once_sorted)."""
    return failed(built_once(tmp_path_factory, "banyak", _broken_files()))


def test_the_shared_build_lists_every_line_once_sorted(broken):
    """The build of all the broken files above: every file's lines and no other, sorted by
    file, line and column, counted once in the header (checked by failed())."""
    expected = [*(p.values[1].replace("content/berita/x.md", one_mistake_path(p.id))
                  for p in ONE_MISTAKE),
                *(f"{date_path(i)}:2:7: galat BRT004: {DATE_FORM.format(found=value)}"
                  for i, value in enumerate(MALFORMED_DATES)),
                *(f"{taken_path(p.id)}:2:7: galat BRT014: {p.values[1]}; "
                  f"{SLUG_ADVICE.format(slug=p.values[0])}" for p in SLUGS_TAKEN)]
    assert set(expected) <= set(broken)
    others = ["content/halaman/tentang.md", "content/berita/2023/rapat.md",
              "content/berita/2024/rapat.md", "content/berita/templat.md",
              *(leaving_path(folder, i) for folder in ("halaman", "berita")
                for i in range(len(LEAVING_SLUGS)))]
    assert [line for line in broken if line not in expected] == at(broken, *others)
    assert len(broken) == len(expected) + 2 + 4 + 1 + 2 * len(LEAVING_SLUGS)

    def place(line: str) -> tuple:
        path, line_number, column = line.split(": galat ")[0].rsplit(":", 2)
        return path, int(line_number), int(column)

    assert broken == sorted(broken, key=place)


@pytest.mark.parametrize("text, expected", ONE_MISTAKE)
def test_one_mistake_one_exact_line(broken, request, text, expected):
    case = request.node.callspec.id
    path = one_mistake_path(case)
    assert at(broken, path) == [expected.replace("content/berita/x.md", path)]


@pytest.mark.parametrize("index, value", list(enumerate(MALFORMED_DATES)),
                         ids=MALFORMED_DATES)
def test_malformed_dates(broken, index, value):
    assert at(broken, date_path(index)) == [
        f"{date_path(index)}:2:7: galat BRT004: {DATE_FORM.format(found=value)}"]


def test_page_header_mistakes_are_reported_too(broken):
    lines = at(broken, "content/halaman/tentang.md")
    assert lines[0] == ("content/halaman/tentang.md:1:1: galat BRT001: baris 'Title' tidak ada; "
                        "setiap berita perlu judul (contoh: 'Title: Bupati Resmikan Pasar Seba')")
    assert lines[1].startswith("content/halaman/tentang.md:2:1: galat BRT009: baris 'Judul' "
                               "tidak dikenal")


def test_broken_files_with_one_name_are_reported_once_each(broken):
    lines = at(broken, "content/berita/2023/rapat.md", "content/berita/2024/rapat.md")
    assert [line.split(": galat ")[0] for line in lines] == [
        "content/berita/2023/rapat.md:1:1", "content/berita/2023/rapat.md:1:1",
        "content/berita/2024/rapat.md:1:1", "content/berita/2024/rapat.md:1:1"]
    assert [line.split(": galat ")[1][:6] for line in lines] == [
        "BRT003", "BRT005", "BRT003", "BRT005"]


def test_unknown_template(broken):
    assert at(broken, "content/berita/templat.md") == [
        "content/berita/templat.md:4:11: galat BRT013: 'Template' untuk berita harus salah satu "
        "dari article (ditemukan: 'berita-besar'); hapus baris ini untuk memakai templat berita "
        "yang biasa"]


@pytest.mark.parametrize("slug, clash", SLUGS_TAKEN)
def test_page_slug_taken_by_the_site(broken, request, slug, clash):
    """A page at a section's address: Pelican itself stopped with a traceback while writing."""
    path = taken_path(request.node.callspec.id)
    assert at(broken, path) == [
        f"{path}:2:7: galat BRT014: {clash}; {SLUG_ADVICE.format(slug=slug)}"]


@pytest.mark.parametrize("index, slug", list(enumerate(LEAVING_SLUGS)), ids=LEAVING_SLUGS)
@pytest.mark.parametrize("folder", ["halaman", "berita"])
def test_slug_that_leaves_the_site_folder(broken, folder, index, slug):
    """Pelican skipped the file with a traceback in its log ('outside output path')."""
    path = leaving_path(folder, index)
    line = leaving_header(folder).count("\n") + 1
    assert at(broken, path) == [
        f"{path}:{line}:7: galat BRT014: alamat dari 'Slug' keluar dari "
        f"folder situs ('..' atau '/' di awal); ganti baris 'Slug' dengan alamat lain "
        f"(ditemukan: slug '{slug}')"]


# -- one build of address clashes between files ------------------------------------------------
CLASHES = {
    "content/halaman/arsip.md": "Title: Arsip\n\nIsi.\n",
    "content/halaman/lain.md": "Title: Halaman Lain\nSlug: topik\nStatus: hidden\n\nIsi.\n",
    "content/halaman/tentang-lagi.md": "Title: Tentang Kami\nSlug: tentang\n\nIsi.\n",
    "content/halaman/pasar.md":
        "Title: Pasar\nSlug: berita/2023/03/pasar-seba-dibuka-kembali\n\nIsi.\n",
    "content/halaman/zz.md": "Title: Z\nSlug: kategori\n\nIsi.\n",
    "content/berita/x.md": "Title: X\nDate: kemarin\nCategory: Pemerintahan\n\nIsi.\n",
}


@pytest.fixture(scope="module")
def clashes(tmp_path_factory) -> list[str]:
    lines = failed(built_once(tmp_path_factory, "alamat", CLASHES))
    # Each file of the build is named by the tests below, and nothing else.
    named = {"content/halaman/tentang.md", *CLASHES} - {"content/halaman/tentang-lagi.md"}
    assert {line.split(":", 1)[0] for line in lines} == named
    assert len(lines) == len(named)
    return lines


def test_page_title_that_slugifies_to_a_section(clashes):
    assert at(clashes, "content/halaman/arsip.md") == [
        "content/halaman/arsip.md:1:8: galat BRT014: alamat 'arsip/' sudah dipakai situs untuk "
        f"arsip berita; {TITLE_ADVICE.format(slug='arsip')}"]


def test_hidden_page_taken_by_the_site(clashes):
    assert at(clashes, "content/halaman/lain.md") == [
        "content/halaman/lain.md:2:7: galat BRT014: alamat 'topik/' sudah dipakai situs untuk "
        f"topik berita; {SLUG_ADVICE.format(slug='topik')}"]


def test_two_pages_with_one_slug(clashes):
    assert at(clashes, "content/halaman/tentang.md", "content/halaman/tentang-lagi.md") == [
        "content/halaman/tentang.md:2:7: galat BRT012: alamat 'tentang/' sudah dipakai "
        "content/halaman/tentang-lagi.md; ubah judulnya atau tambahkan baris 'Slug:' yang "
        "berbeda (ditemukan: slug 'tentang')"]


def test_page_at_an_article_address(clashes):
    assert at(clashes, "content/halaman/pasar.md") == [
        "content/halaman/pasar.md:2:7: galat BRT012: alamat "
        "'berita/2023/03/pasar-seba-dibuka-kembali/' sudah dipakai content/berita/pasar-seba.md; "
        "ubah judulnya atau tambahkan baris 'Slug:' yang berbeda "
        "(ditemukan: slug 'berita/2023/03/pasar-seba-dibuka-kembali')"]


def test_address_clashes_listed_together_and_sorted(clashes):
    lines = at(clashes, "content/halaman/zz.md", "content/halaman/arsip.md",
               "content/berita/x.md")
    assert [line.split(": galat ")[0] for line in lines] == [
        "content/berita/x.md:2:7", "content/halaman/arsip.md:1:8", "content/halaman/zz.md:2:7"]
    assert [line.split(": galat ")[1][:6] for line in lines] == ["BRT004", "BRT014", "BRT014"]


# -- one build of what must build --------------------------------------------------------------
ACCEPTED_DATES = ["2023-03-03", "2023-03-03 10:00", "2023-03-03 10:00:30", "2023-03-03T10:00"]
OWN_ADDRESSES = ["tentang-kami", "arsip-foto", "berita-desa", "kontak"]


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Build:
    files = {
        # The fixture's article, the same title a year later: another address.
        "content/berita/pasar-seba-lagi.md": "Title: Pasar Seba Dibuka Kembali\n"
                                             "Date: 2024-03-20 10:00\nCategory: Kesehatan\n\nIsi.\n",
        "content/berita/kategori-kecil.md": "Title: Kabar Kategori\nDate: 2023-03-03 10:00\n"
                                            "Category: pemerintahan\n\nIsi.\n",
        **{f"content/berita/tanggal-{i}.md":
           f"Title: Kabar Desa {i}\nDate: {value}\nCategory: Pemerintahan\n\nIsi.\n"
           for i, value in enumerate(ACCEPTED_DATES)},
        **{f"content/halaman/lain-{slug}.md": f"Title: Halaman Lain\nSlug: {slug}\n\nIsi.\n"
           for slug in OWN_ADDRESSES},
    }
    build = built_once(tmp_path_factory, "baik", files)
    assert build.returncode == 0, build.stderr
    return build


@pytest.mark.parametrize("index, value", list(enumerate(ACCEPTED_DATES)), ids=ACCEPTED_DATES)
def test_accepted_date_forms_build(good, index, value):
    assert good.exists(f"berita/2023/03/kabar-desa-{index}/index.html")


def test_category_matches_whatever_the_case(good):
    """'Category: pemerintahan' is listed under the category Pemerintahan."""
    listing = good.html("kategori/pemerintahan/index.html")
    assert "../../berita/2023/03/kabar-kategori/" in {a.get("href") for a in listing("a")}


def test_same_title_in_another_month_builds(good):
    assert good.exists("berita/2024/03/pasar-seba-dibuka-kembali/index.html")
    assert good.exists("berita/2023/03/pasar-seba-dibuka-kembali/index.html")


@pytest.mark.parametrize("slug", OWN_ADDRESSES)
def test_page_with_its_own_address_builds(good, slug):
    assert good.html(f"{slug}/index.html").find("h1").get_text(strip=True) == "Halaman Lain"
    assert good.exists("arsip/index.html")
    assert good.exists("tentang/index.html")


# -- builds of their own: the shared category list, the settings, the fixture's article -------
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


def test_page_at_an_innovation_profile(site):
    build = site({"content/halaman/posyandu.md":
                  "Title: Posyandu\nSlug: inovasi/posyandu-keliling\n\nIsi.\n"},
                 base="innovation_base")
    assert failed(build) == [
        "content/halaman/posyandu.md:2:7: galat BRT014: alamat 'inovasi/posyandu-keliling/' "
        "sudah dipakai situs untuk profil inovasi 'Posyandu Keliling'; "
        f"{SLUG_ADVICE.format(slug='inovasi/posyandu-keliling')}"]
