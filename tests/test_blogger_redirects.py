"""The imported Blogger archive builds, and every old Blogger address leads to its new page."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, make_site, parse, run_build
from quality.html_checker import html_errors
from test_blogger_import import LOCAL, export_file, image_server  # noqa: F401 (fixture)


from blogger import redirects
from common import filefacts
from blogger.importer import Options, run

OLD_POSTS = {
    "2019/03/posyandu-keliling-sambangi-raijua.html": "berita/2019/03/posyandu-keliling-sambangi-raijua/",
    "2019/03/pasar-seba.html": "berita/2019/03/pasar-seba-ramai-jelang-natal-2/",
    "2023/03/bupati-resmikan-jalan-baru.html":
        "berita/2023/03/bupati-resmikan-jalan-baru-akses-warga-lebih-mudah/",
    "2023/03/blog-post.html": "berita/2023/03/blog-post/",
    "1995/08/blog-post.html":
        "berita/1995/08/nelayan-raijua-kembali-melaut-setelah-cuaca-membaik-pekan/",
    "2023/05/rapat-koordinasi.html": "berita/2023/05/rapat-koordinasi/",
    "2023/05/rapat-koordinasi_10.html": "berita/2023/05/rapat-koordinasi-2/",
    "p/jadwal-siaran.html": "jadwal-siaran/",
}
# The fixture has no site-wide social image (pelicanconf's SITE_IMAGE is the sample's photo).
SETTINGS = {"SEARCH": {"enabled": False}, "SITE_IMAGE": ""}
OTHER_REDIRECTS = {
    "2019/03/index.html": "arsip/2019/03/",
    "2019_03_01_archive.html": "arsip/2019/03/",
    "2019/index.html": "arsip/2019/",
    "1995/08/index.html": "arsip/1995/08/",
    "search/label/Posyandu/index.html": "topik/posyandu/",
    "search/label/Posyandu.html": "topik/posyandu/",
    "search/label/Ekonomi Rakyat/index.html": "topik/ekonomi-rakyat/",
    "search/label/国际/index.html": "topik/guo-ji/",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory, image_server):  # noqa: F811
    """Both exports imported into a small site (staff's own 2019 article included)."""
    folder = make_site(tmp_path_factory.mktemp("blogger") / "situs", base="blogger_site")
    exports = folder.parent
    run(export_file(exports, "lama.xml", image_server),
        Options(content=folder / "content", domains=("rspdsaburaijua.id",), network=LOCAL))
    run(export_file(exports, "baru.xml"), Options(content=folder / "content", pages=True))
    return folder


@pytest.fixture(scope="module")
def built(imported):
    build = run_build(imported, extra=SETTINGS)
    assert build.returncode == 0, build.stderr
    return build


def refresh_target(page: Path) -> tuple[str, str, str]:
    """(meta refresh URL, canonical URL, visible link) of a redirect page."""
    soup = parse(page)
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    url = re.fullmatch(r"0; url=(.+)", refresh).group(1)
    return url, soup.find("link", rel="canonical")["href"], soup.find("main").find("a")["href"]


@pytest.mark.parametrize("old, new", sorted({**OLD_POSTS, **OTHER_REDIRECTS}.items()))
def test_every_old_address_leads_to_a_page_that_exists(built, old, new):
    url, canonical, link = refresh_target(built.output / old)
    assert url == canonical == link
    # Relative to the redirect page, so the site works from any folder or sub-path.
    resolved = urlsplit(urljoin(f"http://contoh.test/sub/{old}", url)).path
    assert resolved == f"/sub/{new}"
    assert (built.output / new / "index.html").is_file()


def test_links_between_old_posts_point_at_the_new_pages(built):
    article = built.html("berita/2019/03/pasar-seba-ramai-jelang-natal-2/index.html")
    links = {a.get_text(): a["href"] for a in article.find("main").find_all("a")}
    assert links["Posyandu"] == "../../../../berita/2019/03/posyandu-keliling-sambangi-raijua/"
    assert links["lama"] == "https://lpplrspd.blogspot.com/2018/01/tidak-diimpor.html"
    picture = article.find("main").find("img", alt="Foto arsip tanpa keterangan")
    assert picture["src"].startswith("../../../../images/blogger/2019/lapak-")
    # Staff's own article with the same title keeps its address.
    assert built.exists("berita/2019/12/pasar-seba-ramai-jelang-natal/index.html")


def test_the_build_lists_archive_images_still_without_a_description(built):
    warnings = sorted({line for line in built.stderr.splitlines() if " BLG004: " in line})
    assert len(warnings) == 1
    assert re.fullmatch(
        r"content/berita/2019/pasar-seba-ramai-jelang-natal-2\.md:14:1: peringatan BLG004: "
        r"foto arsip '\{static\}/images/blogger/2019/lapak-[0-9a-f]{10}\.png' belum punya "
        r"teks alternatif; ganti 'Foto arsip tanpa keterangan' dengan isi gambar", warnings[0])


def test_redirect_pages_stay_out_of_the_sitemap_and_are_valid_html(built, tmp_path):
    sitemap = (built.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "posyandu-keliling-sambangi-raijua/" in sitemap
    assert "search/label" not in sitemap and ".html<" not in sitemap
    redirects = tmp_path / "pengalihan"
    for old in [*OLD_POSTS, *OTHER_REDIRECTS]:
        target = redirects / old
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built.output / old, target)
    assert html_errors(redirects) == []


def test_published_redirects_are_absolute(imported, tmp_path):
    folder = tmp_path / "terbit"
    shutil.copytree(imported, folder)
    build = run_build(folder, settings="publishconf.py", extra=SETTINGS,
                      env={"SITEURL": "https://contoh.go.id/kabar"})
    assert build.returncode == 0, build.stderr
    url, canonical, _ = refresh_target(build.output / "2019/03/pasar-seba.html")
    assert url == canonical == \
        "https://contoh.go.id/kabar/berita/2019/03/pasar-seba-ramai-jelang-natal-2/"


def test_archive_marks_and_old_addresses_are_checked(tmp_path):
    head = "Title: {title}\nDate: 2023-03-03 10:00\nCategory: Ekonomi\n"
    folder = make_site(tmp_path / "situs", {
        # A new article may not use the import's mark instead of a description.
        "content/berita/2023/baru.md": head.format(title="Baru") + "\nFoto:\n\n"
        "![Foto arsip tanpa keterangan](https://contoh.test/a.jpg)\n",
        "content/berita/2023/salah.md": head.format(title="Salah") +
        "Arsip_Blogger: 1\nAlamat_Blogger: /../../etc/x.html\n\nIsi.\n",
        "content/berita/2023/satu.md": head.format(title="Satu") +
        "Arsip_Blogger: 2\nAlamat_Blogger: /2023/03/sama.html\n\nIsi.\n",
        "content/berita/2023/dua.md": head.format(title="Dua") +
        "Arsip_Blogger: 3\nAlamat_Blogger: /2023/03/sama.html\n\nIsi.\n",
    }, base="blogger_site")
    build = run_build(folder, extra=SETTINGS)
    assert build.returncode != 0
    assert sorted(build.error_lines) == [
        "content/berita/2023/baru.md:7:1: galat BLG002: 'Foto arsip tanpa keterangan' hanya "
        "untuk foto hasil impor Blogger; tulis isi gambar di antara kurung siku bagi pembaca "
        "yang tidak melihatnya (gambar 'https://contoh.test/a.jpg')",
        "content/berita/2023/salah.md:5:17: galat BLG001: 'Alamat_Blogger' harus alamat lama "
        "tulisan Blogger seperti /2023/03/judul.html atau /p/judul.html (ditemukan: "
        "'/../../etc/x.html')",
        "content/berita/2023/satu.md:5:17: galat BLG003: alamat lama '/2023/03/sama.html' "
        "sudah dipakai content/berita/2023/dua.md; satu alamat Blogger hanya bisa dialihkan ke "
        "satu berita",
    ]


def test_archive_mark_messages_follow_the_file_across_builds_of_one_process(tmp_path,
                                                                           monkeypatch):
    """The check keeps what an unchanged source holds (common/filefacts.py): its message
    comes again on the next build, and goes once the file is fixed."""
    head = "Title: Baru\nDate: 2023-03-03 10:00\nCategory: Ekonomi\n"
    folder = make_site(tmp_path / "situs", {
        "content/berita/2023/baru.md": head + "\nFoto:\n\n"
        "![Foto arsip tanpa keterangan](https://contoh.test/a.jpg)\n"}, base="blogger_site")
    article = folder / "content/berita/2023/baru.md"
    now = time.time_ns  # the clock moved on: files written now count as settled and kept
    monkeypatch.setattr(filefacts.time, "time_ns", lambda: now() + 10 * 10**9)
    message = ("content/berita/2023/baru.md:7:1: galat BLG002: 'Foto arsip tanpa "
               "keterangan' hanya untuk foto hasil impor Blogger")
    for _ in range(2):
        build = run_build(folder, extra=SETTINGS)
        assert build.returncode != 0
        assert [line[:len(message)] for line in build.error_lines] == [message]
    time.sleep(0.05)  # past the file system clock's tick: the write gets other times
    article.write_text(head + "\nFoto:\n\n![Pedagang di Pasar Seba](https://contoh.test/a.jpg)\n",
                       encoding="utf-8")
    build = run_build(folder, extra=SETTINGS)
    assert build.returncode == 0, build.stderr


@pytest.mark.parametrize("label, paths", [
    ("Pasar Seba", ["search/label/Pasar Seba/index.html", "search/label/Pasar Seba.html"]),
    ("国际", ["search/label/国际/index.html", "search/label/国际.html"]),
    ("a/b", []), ("..", []), (".tersembunyi", []), ("x" * 201, []), ("baris\nbaru", []),
], ids=["spaces", "chinese", "slash", "dotdot", "dot", "too-long", "control"])
def test_label_redirect_paths_stay_inside_search_label(label, paths):
    assert [r.path for r in redirects.label_redirects(label, "topik/x/")] == paths


@pytest.mark.parametrize("path, relative, absolute", [
    ("2023/03/x.html", "../../berita/x/", "https://contoh.go.id/kabar/berita/x/"),
    ("search/label/A/index.html", "../../../berita/x/", "https://contoh.go.id/kabar/berita/x/"),
    ("x.html", "./berita/x/", "https://contoh.go.id/kabar/berita/x/"),
])
def test_redirect_targets(path, relative, absolute):
    redirect = redirects.Redirect(path, "berita/x/", "X")
    assert redirects.href(redirect, "", True) == relative
    assert redirects.href(redirect, "https://contoh.go.id/kabar/", False) == absolute


def test_invoke_check_lists_the_archive_photos_to_describe(imported, tmp_path):
    folder = tmp_path / "periksa"
    shutil.copytree(imported / "content", folder / "content")
    done = subprocess.run([sys.executable, "-m", "invoke", "check", "--folder", str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    lines = (done.stdout + done.stderr).splitlines()
    assert done.returncode == 0, lines
    worklist = [line for line in lines if " BLG004: " in line]
    assert len(worklist) == 1 and worklist[0].startswith(
        "content/berita/2019/pasar-seba-ramai-jelang-natal-2.md:14:1: peringatan BLG004: "
        "foto arsip '{static}/images/blogger/2019/lapak-")
