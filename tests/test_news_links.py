"""A link staff write from the site's root (/kategori/x/) leads to the site's own page,
in a local build (relative) and under a sub-path of a government server (publish)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

ARTICLE = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"
TEXT = ("Title: Pasar Seba Dibuka Kembali\nDate: 2023-03-03 09:30\nCategory: Pemerintahan\n"
        "Author: Sofyan\n\nLihat [kategori](/kategori/pemerintahan/) dan "
        "[situs lain](https://contoh.go.id/x/) dan [bagian](#isi).\n")


def links(build) -> dict[str, str]:
    soup = build.html(ARTICLE)
    return {a.get_text(): a["href"] for a in soup.select("main a") if a.get_text() in
            ("kategori", "situs lain", "bagian")}


def test_root_links_are_relative_in_a_local_build(site):
    build = site({"content/berita/pasar-seba.md": TEXT}, extra={"SEARCH": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    found = links(build)
    assert found["kategori"] == "../../../../kategori/pemerintahan/"
    target = urljoin(f"file://{build.output}/{ARTICLE}", found["kategori"])
    assert (build.output / urlsplit(target).path.removeprefix(str(build.output) + "/")
            / "index.html").is_file()
    assert found["situs lain"] == "https://contoh.go.id/x/"
    assert found["bagian"] == "#isi"


def test_root_links_stay_under_the_sub_path_when_published(site):
    build = site({"content/berita/pasar-seba.md": TEXT}, settings="publishconf.py",
                 extra={"SEARCH": {"enabled": False}},
                 env={"SITEURL": "https://contoh.go.id/kabar-inovasi"})
    assert build.returncode == 0, build.stderr
    assert links(build)["kategori"] == "https://contoh.go.id/kabar-inovasi/kategori/pemerintahan/"
