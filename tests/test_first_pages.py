"""The page an open tab shows, written first (plugins/newsroom/first_pages.py): the
resident preview's build writes the tabs' pages before the rest of the site and the
preview serves them from the staging folder; each is the file the swap then puts in
place, byte for byte. The browser side is in tests/test_newsroom_preview.py, and the
resident property test (tests/test_resident_preview.py) asks for pages first at every
step."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, make_site

from newsroom import first_pages
from newsroom.resident import ResidentBuilder

ARTICLE = "content/berita/pasar-seba.md"
ARTICLE_URL = "/berita/2023/03/pasar-seba-dibuka-kembali/"
ABOUT_URL = "/tentang/"


# -- addresses, saves and embedded files ------------------------------------------------
@pytest.mark.parametrize("url, name", [
    ("/", "index.html"),
    ("/berita/2023/03/pasar-seba/", "berita/2023/03/pasar-seba/index.html"),
    ("/404.html", "404.html"),
    ("/berita/caf%C3%A9/", "berita/café/index.html"),
    ("/berita/x/?q=1#atas", "berita/x/index.html"),
])
def test_a_tabs_address_names_the_page_it_shows(url, name):
    assert first_pages.page_name(url) == name
    assert first_pages.page_name(first_pages.page_url(name)) == name


@pytest.mark.parametrize("url", ["berita/", "/../rahasia/", "/berita/./x/", "/a%00b/",
                                 "/a\\b/"])
def test_addresses_that_are_no_page_of_the_site_name_none(url):
    assert first_pages.page_name(url) is None


@pytest.mark.parametrize("changes, allowed", [
    ({("modified", "content/berita/2024/pasar.md")}, True),
    ({("added", "content/inovasi/sapa-warga.yaml"), ("modified", "content/data/opd.yaml")},
     True),
    ({("deleted", "content/berita/lama.md")}, True),
    ({("modified", "content/berita/pasar.md"), ("modified", "theme/css/situs.css")}, False),
    ({("modified", "content/images/pasar.jpg")}, False),
    ({("modified", "pelicanconf.py")}, False),
    ({("added", "content/berita/2025")}, False),  # a new folder: its files are unknown
    (set(), False),  # the first build
])
def test_only_a_save_of_texts_and_records_shows_pages_first(changes, allowed):
    assert first_pages.text_only(changes) is allowed


def test_the_files_a_page_embeds_are_its_photos_styles_scripts_and_sounds():
    page = """<!doctype html><html><head>
      <link rel="stylesheet" href="../../theme/css/situs.css">
      <link rel="icon" href="/favicon.svg"><link rel="canonical" href="/x/">
      <script src="/theme/js/cari.js" defer></script></head><body>
      <a href="/berita/">Berita</a>
      <picture><source type="image/webp" srcset="/images/a-480.webp 480w, /images/a-960.webp 960w">
      <img src="/images/a-480.jpg" alt="Pasar"></picture>
      <audio controls src="/audio/siaran.opus"></audio></body></html>"""
    assert first_pages.embeds(page) == [
        "../../theme/css/situs.css", "/favicon.svg", "/theme/js/cari.js",
        "/images/a-480.webp", "/images/a-960.webp", "/images/a-480.jpg",
        "/audio/siaran.opus"]


def test_a_page_whose_new_photo_is_not_served_yet_is_not_shown_first(tmp_path):
    site, staging = tmp_path / "output", tmp_path / "output.baru"
    for root, relative in ((site, "theme/css/situs.css"), (staging, "images/baru-480.jpg")):
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("x", encoding="utf-8")
    name = "berita/2024/01/pasar/index.html"
    page = staging / name
    page.parent.mkdir(parents=True)
    styled = '<link rel="stylesheet" href="../../../../theme/css/situs.css">'
    page.write_text(f'{styled}<img src="/images/baru-480.jpg" alt="x">', encoding="utf-8")
    assert first_pages.embeds_present(page, name, (site, staging))
    page.write_text(f'{styled}<img src="/images/lain-480.jpg" alt="x">', encoding="utf-8")
    assert not first_pages.embeds_present(page, name, (site, staging))
    page.write_text('<img src="https://contoh.id/a.jpg" alt="x">', encoding="utf-8")
    assert not first_pages.embeds_present(page, name, (site, staging))


# -- the resident build ----------------------------------------------------------------
@pytest.fixture
def built(tmp_path):
    """The minimal site, built once by a resident builder."""
    site = make_site(tmp_path / "situs")
    builder = ResidentBuilder(site, site / "output", ROOT / "pelicanconf.py",
                              overrides={"SEARCH": {"enabled": False}})
    first = builder()
    assert first.ok, first.problems
    yield site, builder
    builder.close()


def edit(site: Path, old: str, new: str) -> None:
    path = site / ARTICLE
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_tabs_page_is_written_first_and_is_the_page_put_in_place(built):
    site, builder = built
    output = site / "output"
    seen: dict[str, dict] = {}

    def told(shown):
        for url, path in shown.items():
            staging = Path(path).parents[len(Path(first_pages.page_name(url)).parts) - 1]
            seen[url] = {"bytes": Path(path).read_bytes(),
                         "live": (output / first_pages.page_name(url)).read_bytes(),
                         "sitemap written": (staging / "sitemap.xml").exists()}

    builder.viewing = lambda: [ARTICLE_URL, ABOUT_URL, "/../luar/"]
    builder.on_first_pages = told
    edit(site, "Pasar Seba di Kecamatan Sabu Barat kembali dibuka",
         "Teks baru dari pratinjau: Pasar Seba kembali dibuka")
    outcome = builder()
    assert outcome.ok, outcome.problems
    # Told before the build ended: the sitemap (written at the end) was not there yet,
    # and the site served meanwhile still had the last good page.
    assert list(seen) == [ARTICLE_URL]  # the about page did not change: not told
    page = seen[ARTICLE_URL]
    assert not page["sitemap written"]
    assert b"Teks baru dari pratinjau" not in page["live"]
    assert b"Teks baru dari pratinjau" in page["bytes"]
    assert (output / first_pages.page_name(ARTICLE_URL)).read_bytes() == page["bytes"]
    assert outcome.shown_first_changed is False  # the file shown is the file in place


def test_a_page_written_again_after_it_was_shown_reloads_every_tab(built):
    """Pelican writes a page once, but a call that overrides its file writes it again
    later in the build: the page shown first is then not the page in place, and the
    build says so (the preview then gives every tab a number none holds)."""
    import os

    site, builder = built

    def told(shown):
        path = Path(shown[ARTICLE_URL])
        again = path.with_name(".lagi")
        again.write_bytes(path.read_bytes().replace(b"Teks ketiga", b"Teks ditimpa"))
        os.replace(again, path)  # as the writer puts a file: a new one renamed over it

    builder.viewing = lambda: [ARTICLE_URL]
    builder.on_first_pages = told
    edit(site, "Pasar Seba di Kecamatan Sabu Barat kembali dibuka", "Teks ketiga")
    outcome = builder()
    assert outcome.ok and outcome.shown_first_changed is True


def test_a_failure_in_showing_a_page_first_never_fails_the_build(built):
    site, builder = built

    def broken(shown):
        raise RuntimeError("tab hilang")

    builder.viewing = lambda: [ARTICLE_URL]
    builder.on_first_pages = broken
    edit(site, "Pasar Seba di Kecamatan Sabu Barat kembali dibuka", "Teks kedua")
    outcome = builder()
    assert outcome.ok, outcome.problems
    assert "Teks kedua" in (site / "output" / first_pages.page_name(ARTICLE_URL)).read_text(
        "utf-8")


def test_a_broken_save_shows_no_page_first(built):
    site, builder = built
    told = []
    builder.viewing = lambda: [ARTICLE_URL]
    builder.on_first_pages = told.append
    edit(site, "Date: 2023-03-03 09:30", "Date: kemarin")
    outcome = builder()
    assert not outcome.ok
    assert told == []


def test_a_tab_on_a_profile_gets_it_before_the_articles_are_written(tmp_path):
    """The innovations generator gave the profile in the last build: it writes before
    the articles' generator (CheckedWriter.output_order), and the site is still the one
    a build in Pelican's order writes (the resident property test compares each step
    with a cold build)."""
    import re

    from synth import write_site

    site = tmp_path / "situs"
    write_site(site / "content", 12, 4)
    builder = ResidentBuilder(site, site / "output", ROOT / "pelicanconf.py",
                              overrides={"SEARCH": {"enabled": False}})
    try:
        assert builder().ok
        record = sorted((site / "content" / "inovasi").glob("*.yaml"))[0]
        url = f"/inovasi/{record.stem}/"
        seen = {}

        def told(shown):
            staging = Path(shown[url]).parents[2]
            seen.update(page=Path(shown[url]).read_bytes(),
                        home=(staging / "index.html").exists())

        builder.viewing = lambda: [url]
        builder.on_first_pages = told
        record.write_text(re.sub(r"^nama: .*$", "nama: Inovasi Dilihat Lebih Dulu",
                                 record.read_text("utf-8"), count=1, flags=re.M), "utf-8")
        assert builder().ok
        assert b"Inovasi Dilihat Lebih Dulu" in seen["page"]
        assert seen["home"] is False  # the articles' pages came after
        assert (site / "output" / first_pages.page_name(url)).read_bytes() == seen["page"]
    finally:
        builder.close()
