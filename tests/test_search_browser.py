"""Search in a real browser: system Chromium (Playwright) against the built fixture site."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, build_once

ARTICLE_PELAYANAN = "berita/2023/03/kantor-camat-sabu-barat-perpanjang-jam-buka/"
TIMEOUT = 10_000


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    """The search fixture built once, with 2 results per batch so 'load more' shows."""
    return build_once(tmp_path_factory, "search", {"SEARCH": {"batch": 2}})


@pytest.fixture(scope="module")
def base_url(search_site, module_server):
    return module_server(search_site.output)


def wait_for_status(page, text: str) -> None:
    """Wait until the live region says exactly text (a sentence ending in '.' may go on)."""
    tail = r"(\s.*)?$" if text.endswith(".") else "$"
    pattern = re.compile("^" + re.escape(text) + tail, re.S)
    page.locator("[data-cari-status]").filter(has_text=pattern).wait_for(timeout=TIMEOUT)


def result_paths(page) -> list[str]:
    hrefs = page.locator("[data-cari-hasil] h2 a").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(href).path for href in hrefs]


@pytest.mark.parametrize("query", ["layanan", "melayani", "dilayani"])
def test_inflected_word_finds_the_article(reader, base_url, query):
    """The article says 'pelayanan'; Pagefind's Indonesian stemmer finds it by its root."""
    chromium_page = reader
    chromium_page.goto(f"{base_url}cari/?q={query}")
    wait_for_status(chromium_page, "1 hasil")
    assert result_paths(chromium_page) == [f"/{ARTICLE_PELAYANAN}"]
    marked = chromium_page.locator("[data-cari-hasil] .hasil-kutipan mark").all_inner_texts()
    assert marked == ["pelayanan"]
    assert chromium_page.problems == []


def test_filter_changes_results_and_count_and_back_undoes_it(chromium_page, base_url):
    page = chromium_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}cari/?q=pasar")
    wait_for_status(page, "2 hasil")
    filter_lists = lambda: [path for path in fetched if "/pagefind/filter/" in path]  # noqa: E731
    assert filter_lists() == []  # fetched only when the reader asks for filters
    page.locator("details.cari-saring > summary").click()
    group = page.locator("fieldset", has=page.locator("legend", has_text="Kategori"))
    box = group.get_by_label("Pemerintahan")
    assert group.locator("li").filter(has=page.get_by_label("Pemerintahan")).inner_text() \
        == "Pemerintahan (1)"
    assert filter_lists() != []
    box.focus()
    page.keyboard.press("Space")
    wait_for_status(page, "1 hasil dengan 1 saringan")
    assert result_paths(page) == ["/berita/2024/05/pasar-seba-dibuka-kembali/"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["pasar"], "kategori": ["Pemerintahan"]}
    assert box.evaluate("box => box === document.activeElement")  # focus stays on the box

    page.go_back()
    wait_for_status(page, "2 hasil")
    assert not box.is_checked()
    assert page.problems == []


def test_header_field_works_with_the_keyboard_alone(reader, base_url):
    page = reader
    page.goto(base_url)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "q-kepala":
            break
    else:
        pytest.fail("the header search field is not reachable with Tab")
    page.keyboard.type("layanan")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari/?q=layanan", timeout=TIMEOUT)
    wait_for_status(page, "1 hasil")
    assert page.input_value("#q") == "layanan"
    assert result_paths(page) == [f"/{ARTICLE_PELAYANAN}"]
    assert page.problems == []


def test_load_more_adds_results_and_moves_focus_to_them(reader, base_url):
    page = reader
    page.goto(f"{base_url}cari/?kategori=Pemerintahan&kategori=Pertanian+dan+Perikanan&urut=terbaru")
    wait_for_status(page, "3 hasil dengan 2 saringan")
    assert len(result_paths(page)) == 2
    more = page.get_by_role("button", name="Muat lebih banyak")
    more.focus()
    page.keyboard.press("Enter")
    page.locator("[data-cari-hasil] li").nth(2).wait_for(timeout=TIMEOUT)
    assert result_paths(page) == [  # newest first
        "/berita/2024/08/hasil-tangkapan-nelayan-raijua-naik/",
        "/berita/2024/05/pasar-seba-dibuka-kembali/",
        f"/{ARTICLE_PELAYANAN}",
    ]
    assert more.is_hidden()
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused.endswith(ARTICLE_PELAYANAN)
    assert page.problems == []


def searching(path: str) -> bool:
    """A file of the search: Pagefind's, or the site's search script (other scripts, such
    as the offline worker's registration, load on every page and are not search)."""
    return "pagefind" in path or path.endswith("/js/cari.js")


def test_nothing_of_search_loads_until_a_reader_types(chromium_page, base_url):
    page = chromium_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}{ARTICLE_PELAYANAN}")
    page.wait_for_load_state("networkidle")
    assert [path for path in fetched if searching(path)] == []
    page.focus("#q-kepala")  # the keyboard passing through the header: nothing yet
    page.wait_for_load_state("networkidle")
    assert [path for path in fetched if searching(path)] == []
    page.keyboard.type("l")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('link[rel=prefetch]').length === 3")
    assert {path for path in fetched if searching(path)} == {
        "/pagefind/pagefind.js", "/pagefind/wasm.id.pagefind", "/theme/js/cari.js"}


def test_without_javascript_cari_points_to_archive_and_catalogue(chromium_page_nojs, base_url):
    page = chromium_page_nojs
    page.goto(f"{base_url}cari/?q=layanan")
    note = page.locator("[data-cari-tanpa-js]")
    assert note.is_visible()
    assert "Pencarian lengkap memerlukan JavaScript" in note.inner_text()
    links = note.get_by_role("link")
    assert links.all_inner_texts() == ["Arsip berita", "Kategori berita", "Topik berita",
                                       "Katalog inovasi daerah"]
    hrefs = [urlsplit(href).path for href in links.evaluate_all("ls => ls.map(a => a.href)")]
    assert hrefs == ["/arsip/", "/kategori/", "/topik/", "/inovasi/"]
    note.get_by_role("link", name="Arsip berita").click()
    assert page.locator("h1").inner_text() == "Arsip berita"


def test_innovations_are_found_and_narrowed_by_tahapan(reader, sample_build, static_server):
    """On the real sample site: innovation profiles are in the index with their filters."""
    page = reader
    records = sorted(p.stem for p in (ROOT / "content" / "inovasi").glob("*.yaml"))
    page.goto(f"{static_server(sample_build.output)}cari/?jenis_konten=inovasi")
    wait_for_status(page, f"{len(records)} hasil dengan 1 saringan")
    while page.get_by_role("button", name="Muat lebih banyak").is_visible():
        page.get_by_role("button", name="Muat lebih banyak").click()
        page.wait_for_function("document.activeElement.closest('[data-cari-hasil]')")
    assert sorted(result_paths(page)) == [f"/inovasi/{record}/" for record in records]

    group = page.locator("fieldset", has=page.locator("legend", has_text="Tahapan inovasi"))
    boxes = group.get_by_role("checkbox")
    assert boxes.count() >= 2
    boxes.first.check()
    count = int(group.locator("li").first.locator("[data-jumlah]").inner_text().strip("()"))
    wait_for_status(page, f"{count} hasil dengan 2 saringan")
    assert 0 < count < len(records)
    assert page.problems == []


def test_results_link_inside_a_sub_path(reader, search_site, static_server):
    """Hosted under /situs/, result links and the index stay under /situs/."""
    page = reader
    page.goto(f"{static_server(search_site.output, prefix='/situs/')}cari/?q=layanan")
    wait_for_status(page, "1 hasil")
    assert result_paths(page) == [f"/situs/{ARTICLE_PELAYANAN}"]
    page.locator("[data-cari-hasil] h2 a").click()
    assert page.locator("h1").inner_text() == "Kantor Camat Sabu Barat Perpanjang Jam Buka"
    assert page.problems == []


# ---- a site with more news than the first index holds ---------------------------------

@pytest.fixture
def split_site(split_search_build):
    return split_search_build


def assert_accessible(page) -> None:
    """No WCAG 2.2 A/AA violation (axe-core) in light or dark colours."""
    from quality.axe import describe, violations

    for scheme in ("dark", "light"):
        page.emulate_media(color_scheme=scheme)
        found = violations(page)
        assert not found, f"{scheme}:\n{describe(found)}"


def fetched_bundles(paths: list[str]) -> set[str]:
    return {"semua" if "/pagefind/semua/" in path else "pertama"
            for path in paths if "/pagefind/" in path}


def test_older_news_are_one_button_away_and_back_returns(chromium_page, split_site,
                                                         static_server):
    page = chromium_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{static_server(split_site.output)}cari/?q=layanan")
    wait_for_status(page, "Tidak ada hasil di berita terbaru.")
    first_note = page.locator('[data-cari-cakupan="terkini"]')
    assert "berita sejak 14 Mei 2024" in " ".join(first_note.inner_text().split())
    assert fetched_bundles(fetched) == {"pertama"}  # the older news cost nothing yet
    assert_accessible(page)

    button = page.get_by_role("button", name="Cari juga di 1 berita yang lebih lama")
    button.focus()
    page.keyboard.press("Enter")
    wait_for_status(page, "1 hasil")
    assert result_paths(page) == [f"/{ARTICLE_PELAYANAN}"]
    assert parse_qs(urlsplit(page.url).query) == {"q": ["layanan"], "semua": ["1"]}
    assert fetched_bundles(fetched) == {"pertama", "semua"}
    assert not [path for path in fetched if path.endswith("semua/pagefind.js")]
    all_note = page.locator('[data-cari-cakupan="semua"]')
    assert all_note.is_visible() and first_note.is_hidden()
    assert all_note.evaluate("note => note === document.activeElement")
    assert_accessible(page)

    page.go_back()
    wait_for_status(page, "Tidak ada hasil di berita terbaru.")
    assert first_note.is_visible() and all_note.is_hidden()
    assert page.problems == []


def test_a_shared_address_searches_all_news_in_date_order(reader, split_site,
                                                          static_server):
    page = reader
    page.goto(f"{static_server(split_site.output)}cari/?jenis_konten=berita&urut=terlama&semua=1")
    wait_for_status(page, "3 hasil dengan 1 saringan")
    assert result_paths(page) == [  # oldest first, across both years
        f"/{ARTICLE_PELAYANAN}",
        "/berita/2024/05/pasar-seba-dibuka-kembali/",
        "/berita/2024/08/hasil-tangkapan-nelayan-raijua-naik/",
    ]
    group = page.locator("fieldset", has=page.locator("legend", has_text="Tahun"))
    assert group.locator("li").all_inner_texts() == ["2024 (2)", "2023 (1)"]  # a filter is on
    # Typing a new query keeps to all news.
    page.fill("#q", "pasar")
    page.keyboard.press("Enter")
    wait_for_status(page, "2 hasil dengan 1 saringan")
    assert parse_qs(urlsplit(page.url).query)["semua"] == ["1"]
    assert page.problems == []


def test_older_news_are_found_when_the_site_lives_under_a_sub_path(chromium_page, split_site,
                                                                    static_server):
    """Hosted under /situs/, the second index is fetched from under /situs/ too."""
    page = chromium_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{static_server(split_site.output, prefix='/situs/')}cari/?q=layanan&semua=1")
    wait_for_status(page, "1 hasil")
    assert result_paths(page) == [f"/situs/{ARTICLE_PELAYANAN}"]
    assert [path for path in fetched if "pagefind" in path and not path.startswith("/situs/")] \
        == []
    assert page.problems == []
