"""The first screen for the story (issue 26, point 4), measured in a real Chromium.

On a 360 x 640 phone the header takes at most a quarter of the screen (160 px) and the
first paragraph of an article (long title, cover photo) or of an innovation profile starts
in the upper 60 % (384 px). The menu folds behind "Menu", a <details> that opens and closes
without JavaScript and with the keyboard; "Cari" stays visible beside it; the skip link is
the first focus stop; the landmarks stay. Every assertion reads boxes the browser laid out.
The site is served under a sub-path, as a regency's server may host it.
"""

from __future__ import annotations

import pytest

from conftest import FIXTURES, shared_build

PHONE = {"width": 360, "height": 640}
TITLE = ("Pemerintah Kabupaten Sabu Raijua Salurkan Bantuan Alat Tangkap kepada Kelompok "
         "Nelayan di Hawu Mehara dan Raijua")
ARTICLE = "berita/2024/06/bantuan-nelayan/"
PROFILE = "inovasi/sekolah-pantai/"
PREFIX = "/situs/"


@pytest.fixture(scope="module")
def first_screen_build(tmp_path_factory):
    photo = (FIXTURES / "innovation_base/content/images/inovasi/posyandu.jpg").read_bytes()
    return shared_build(tmp_path_factory, "first-screen", base="innovation_base", files={
        "content/images/berita/nelayan.jpg": photo,
        "content/berita/bantuan-nelayan.md": f"""Title: {TITLE}
Date: 2024-06-03 10:15
Category: Pertanian dan Perikanan
Tags: nelayan
Author: Maria Ratu Lado
Summary: Bantuan alat tangkap untuk kelompok nelayan.
Slug: bantuan-nelayan
Cover: images/berita/nelayan.jpg
Cover_Alt: Perahu nelayan bersandar di pantai
Inovasi: sekolah-pantai

Dinas Perikanan menyerahkan bantuan alat tangkap dan mesin perahu kepada dua puluh kelompok nelayan, Senin (3/6/2024).

Penyerahan dilakukan di tempat pendaratan ikan.
""",
    }, extra={"SEARCH": {"enabled": False}})


@pytest.fixture(scope="module")
def site_url(first_screen_build):
    from browser import StaticServer

    with StaticServer(first_screen_build.output, prefix=PREFIX) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def module_pages(chromium_browser):
    """One page with JavaScript and one without for the whole module: every test loads its
    own pages, sets the viewport and colours it measures, and reads no state of another."""
    from browser import open_page

    opened = {javascript: open_page(chromium_browser, javascript=javascript)
              for javascript in (True, False)}
    yield {javascript: page for javascript, (_context, page) in opened.items()}
    for context, _page in opened.values():
        context.close()


@pytest.fixture
def phone(module_pages):
    """phone(javascript=True, scheme="light", width=360) -> the module's page as a phone."""

    def make(javascript=True, scheme="light", width=PHONE["width"]):
        page = module_pages[javascript]
        page.problems.clear()
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.emulate_media(color_scheme=scheme)
        return page

    yield make
    for page in module_pages.values():
        page.goto("about:blank")  # whatever the test left loading ends with it


def box(page, selector):
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not shown"
    return found


def menu_state(page) -> list[tuple[str, bool]]:
    """The disclosure controls screen readers are told about: (name, expanded)."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    return [(node["name"]["value"], prop["value"]["value"])
            for node in nodes if node.get("role", {}).get("value") == "DisclosureTriangle"
            for prop in node.get("properties", []) if prop["name"] == "expanded"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_story_starts_on_the_first_screen_of_a_phone(phone, site_url, scheme):
    page = phone(scheme=scheme)
    page.goto(site_url + ARTICLE)
    assert page.locator("h1").inner_text() == TITLE
    header = box(page, "body > header")
    first = box(page, "article .isi p")
    cover = box(page, ".sampul img")
    assert header["y"] + header["height"] <= 160
    assert first["y"] <= 0.6 * PHONE["height"]
    assert page.locator("article .isi p").first.inner_text().startswith("Dinas Perikanan")
    assert cover["y"] >= first["y"] + first["height"]  # the photo follows the opening
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]

    page.goto(site_url + PROFILE)
    header = box(page, "body > header")
    first = box(page, "article .isi")
    assert header["y"] + header["height"] <= 160
    assert first["y"] <= 0.6 * PHONE["height"]
    assert page.locator("article .isi").first.inner_text() == "Kelas sore bagi anak nelayan."
    assert page.problems == []


@pytest.mark.parametrize("width", [320, 412])
def test_the_header_stays_within_a_quarter_of_narrow_and_wide_phones(phone, site_url, width):
    page = phone(width=width)
    page.goto(site_url + ARTICLE)
    header = box(page, "body > header")
    assert header["y"] + header["height"] <= 160
    assert page.evaluate("document.documentElement.scrollWidth") == width


def test_the_menu_opens_and_closes_without_javascript(phone, site_url):
    page = phone(javascript=False)
    page.goto(site_url + ARTICLE)
    nav = page.get_by_role("navigation", name="Menu utama")
    toggle = nav.locator("summary")
    links = nav.get_by_role("list").get_by_role("link")
    assert toggle.inner_text() == "Menu" and toggle.is_visible()
    assert menu_state(page) == [("Menu", False)]
    assert links.first.is_hidden()
    closed = box(page, "body > header")

    toggle.click()
    assert menu_state(page) == [("Menu", True)]
    assert links.all_inner_texts() == ["Beranda", "Arsip berita", "Inovasi", "Tentang"]
    first, summary = links.first.bounding_box(), toggle.bounding_box()
    assert first["y"] >= summary["y"] + summary["height"]  # below its control, pushing
    assert box(page, "body > header")["height"] > closed["height"]  # the page down
    assert box(page, "article .isi p")["y"] >= first["y"] + first["height"]

    toggle.click()
    assert menu_state(page) == [("Menu", False)]
    assert links.first.is_hidden()
    assert box(page, "body > header")["height"] == closed["height"]

    toggle.click()
    links.nth(2).click()  # a link of the opened menu leads under the sub-path
    page.wait_for_url(f"**{PREFIX}inovasi/")
    assert page.problems == []


def test_the_menu_works_with_the_keyboard_after_the_skip_link(phone, site_url):
    page = phone()
    page.goto(site_url + ARTICLE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lompat"
    assert page.locator(".lompat").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.goto(site_url + ARTICLE)
    stops = []
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("(e => e.className || e.tagName)(document.activeElement)"))
    assert stops == ["lompat", "merek", "menu-cari"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # visible focus on the teal header
    page.keyboard.press("Enter")
    assert menu_state(page) == [("Menu", True)]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Beranda"
    assert page.get_by_role("link", name="Beranda", exact=True).first.is_visible()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    assert menu_state(page) == [("Menu", False)]
    page.keyboard.press("Tab")  # the folded links are skipped: on to the story
    assert page.evaluate("document.activeElement.closest('header')") is None
    assert page.problems == []


def test_search_is_one_tap_away_on_a_phone(phone, site_url):
    page = phone(javascript=False)
    page.goto(site_url + ARTICLE)
    search = page.get_by_role("link", name="Cari", exact=True)
    assert search.count() == 1  # the folded menu's own "Cari" is not shown twice
    found = search.bounding_box()
    header = box(page, "body > header")
    assert found["y"] + found["height"] <= header["y"] + header["height"]
    assert found["height"] >= 24 and found["width"] >= 24  # WCAG 2.2 target size
    search.click()
    page.wait_for_url(f"**{PREFIX}cari/")
    assert page.locator("#q").is_visible()


def test_landmarks_and_the_wide_header_stay_as_before(phone, site_url):
    page = phone(javascript=False)
    page.goto(site_url + ARTICLE)
    for role, name in [("banner", None), ("navigation", "Menu utama"), ("main", None),
                       ("contentinfo", None)]:
        assert page.get_by_role(role, name=name).count() == 1, (role, name)
    page.set_viewport_size({"width": 1280, "height": 720})
    nav = page.get_by_role("navigation", name="Menu utama")
    assert nav.get_by_role("link").all_inner_texts() == [
        "Beranda", "Arsip berita", "Inovasi", "Cari", "Tentang"]  # all shown, no toggle
    assert nav.locator("summary").is_hidden()
    assert page.get_by_role("search", name="Cari di situs").is_visible()
    assert page.get_by_label("Cari berita dan inovasi").is_visible()


@pytest.mark.parametrize("html, lead", [
    ("<p>Satu.</p>\n<p>Dua.</p>", "<p>Satu.</p>"),
    ("\n<p>Baris\nkedua <a title=\"</p>\" href=\"x\">tautan</a>.</p>\n<h2>Sub</h2>",
     "\n<p>Baris\nkedua <a title=\"</p>\" href=\"x\">tautan</a>.</p>"),
    ("<p>Satu\u2028dua\r\ntiga.</p><p>Empat.</p>", "<p>Satu\u2028dua\r\ntiga.</p>"),
    ("<h2>Judul dulu</h2><p>Teks.</p>", ""),
    ("<p><picture><img alt=\"foto\" src=\"a.jpg\"></picture></p><p>Teks.</p>", ""),
    ("<ul><li>butir</li></ul>", ""),
    ("teks lepas <p>Teks.</p>", ""),
    ("", ""),
])
def test_the_opening_paragraph_is_set_apart(html, lead):
    from news.lead import split_lead

    opening, rest = split_lead(html)
    assert (opening, rest) == ((lead, html[len(lead):]) if lead else ("", html))
