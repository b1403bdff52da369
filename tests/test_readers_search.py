"""Search as readers use it (issue 16, points 1-5), on the real sample site in Chromium.

The query table says, for each query, which pages must be found and which must not;
names must find only pages that hold the name itself, ordinary words still stem.
"""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import parse

TIMEOUT = 10_000
SITE_TITLE = "Kabar & Inovasi Sabu Raijua"
LOKAKARYA = "/berita/2023/03/lokakarya-kaji-cepat-inovasi-pelayanan-publik/"
SEKOLAH_PANTAI = "/berita/2024/02/sekolah-pantai-hawu-mehara-dibuka/"
PETANI = "/berita/2025/02/petani-sabu-liae-mulai-tanam-kacang-hijau/"
EMBUNG = "/berita/2024/05/embung-sabu-tengah-rampung/"
MUSRENBANG = "/berita/2024/02/musrenbang-kecamatan-sabu-liae/"
NELAYAN_CUACA = "/berita/2023/07/nelayan-sabu-timur-keluhkan-cuaca-buruk/"
KARTU_NELAYAN = "/inovasi/kartu-nelayan-sabu/"
TENTANG = "/tentang/"

# (query, pages that must be among the results, pages that must not be)
QUERY_TABLE = [
    # names: the stemmer made "Menia" into "ia", "Mehara" into "harap", "Seba" into "sebagai"
    ("Menia", [LOKAKARYA, TENTANG, "/inovasi/sapa-warga-rspd/"], [PETANI, EMBUNG, MUSRENBANG]),
    ("Mehara", [SEKOLAH_PANTAI, "/inovasi/sekolah-pantai-hawu-mehara/"], [EMBUNG, LOKAKARYA]),
    ("Seba", [], [NELAYAN_CUACA, MUSRENBANG, TENTANG]),
    ("Sabu Timur", [NELAYAN_CUACA, KARTU_NELAYAN], [EMBUNG, PETANI]),
    ("dukcapil", ["/berita/2025/04/layanan-adminduk-jemput-bola-raijua/"], [PETANI]),
    # ordinary words still stem: layanan finds pelayanan, melayani...
    ("layanan", [LOKAKARYA, TENTANG, "/berita/2025/04/layanan-adminduk-jemput-bola-raijua/"], []),
    ("nelayan", [NELAYAN_CUACA, KARTU_NELAYAN, SEKOLAH_PANTAI], []),
    # staff guides are not public results
    ("stunting", ["/berita/2023/03/posyandu-keliling-mulai-sambangi-raijua/"], []),
    ("posyandu", ["/inovasi/posyandu-keliling-raijua/"], []),
    ("markdown", [], []),
]
NAMES = {"Menia", "Mehara", "Seba", "Sabu Timur", "Dukcapil"}
STAFF_GUIDE = re.compile(r"^/panduan")
FACT_LABELS = ("Tahapan", "Perangkat daerah", "Inisiator", "Jenis dan bentuk", "Urusan",
               "Tematik", "Kecamatan")


@pytest.fixture(scope="module")
def base_url(sample_build, module_server):
    return module_server(sample_build.output)


def settled(page) -> None:
    """Wait until /cari/ has answered: a status and no busy result list."""
    page.wait_for_function(
        "() => document.querySelector('[data-cari-status]').textContent.trim() !== ''"
        " && !document.querySelector('[data-cari-hasil]').hasAttribute('aria-busy')",
        timeout=TIMEOUT)


def all_results(page) -> list[dict]:
    """Every result of the search on screen (pressing 'Muat lebih banyak' until gone)."""
    settled(page)
    more = page.locator("[data-cari-lagi]")
    while more.is_visible():
        count = page.locator("[data-cari-hasil] > li").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('[data-cari-hasil] > li').length > n",
                               arg=count, timeout=TIMEOUT)
    return page.locator("[data-cari-hasil] > li").evaluate_all("""items => items.map(li => ({
        path: new URL(li.querySelector('h2 a').href).pathname,
        title: li.querySelector('h2').textContent.trim(),
        meta: (li.querySelector('.hasil-meta') || {textContent: ''}).textContent.trim(),
        excerpt: li.querySelector('.hasil-kutipan').textContent,
        marks: [...li.querySelectorAll('.hasil-kutipan mark')].map(m => m.textContent)}))""")


def page_text(output, path: str) -> str:
    """The text of the built page's indexed part (the article or profile)."""
    soup = parse(output / path.strip("/") / "index.html")
    body = soup.select_one("[data-pagefind-body]") or soup.body
    for hidden in body.select("[data-pagefind-ignore]"):
        hidden.decompose()
    return " ".join(body.get_text(" ").split())


@pytest.mark.parametrize("query,expected,unexpected", QUERY_TABLE,
                         ids=[row[0] for row in QUERY_TABLE])
def test_query_table(reader, base_url, sample_build, query, expected, unexpected):
    page = reader
    page.goto(f"{base_url}cari/?q={query}")
    found = all_results(page)
    paths = [result["path"] for result in found]
    assert set(expected) <= set(paths), f"{query}: missing {set(expected) - set(paths)}"
    assert not set(unexpected) & set(paths), f"{query}: found {set(unexpected) & set(paths)}"
    assert not [path for path in paths if STAFF_GUIDE.match(path)], paths
    if query in NAMES:
        for path in paths:  # a name finds only pages that hold the name itself
            assert re.search(rf"(?<!\w){re.escape(query)}(?!\w)", page_text(sample_build.output, path),
                             re.I), f"{query}: {path} does not contain it"
    assert page.problems == []


def test_excerpts_read_as_text(reader, base_url, sample_build):
    """Whole words, '…' where text is cut, no title repeated, facts as 'Label: value'."""
    page = reader
    page.goto(f"{base_url}cari/?q=layanan")
    found = all_results(page)
    assert len(found) >= 8
    for result in found:
        excerpt = result["excerpt"]
        text = page_text(sample_build.output, result["path"])
        words = set(re.findall(r"\w+", text))
        inner = excerpt.strip().removeprefix("…").removesuffix("…").strip()
        assert not inner.startswith(result["title"]), excerpt
        first_word, last_word = re.findall(r"\w+", inner)[0], re.findall(r"\w+", inner)[-1]
        assert first_word in words and last_word in words, excerpt  # no word cut in half
        assert excerpt.startswith("… ") or text.startswith(result["title"]), excerpt
        for label in FACT_LABELS:
            assert not re.search(rf"{label}[A-Z]", excerpt), excerpt
        assert result["marks"], excerpt
        for mark in result["marks"]:
            assert re.fullmatch(r"\w+(-\w+)*", mark), (mark, excerpt)  # words, no punctuation
    profile = next(r for r in found if r["path"] == KARTU_NELAYAN)
    assert "Kecamatan: Sabu Timur." in page_text_for_index(sample_build.output, KARTU_NELAYAN)
    assert re.match(r"^Inovasi · diperbarui \d{1,2} \w+ \d{4}$", profile["meta"]), profile["meta"]
    news = next(r for r in found if r["path"] == LOKAKARYA)
    assert re.match(r"^Berita · \d{1,2} \w+ \d{4}$", news["meta"]), news["meta"]


def page_text_for_index(output, path: str) -> str:
    """The profile's facts as the index reads them: hidden colons included."""
    soup = parse(output / path.strip("/") / "index.html")
    facts = soup.select_one("dl.sekilas")
    return " ".join(" ".join(group.get_text("").split()) + "." for group in facts.select("div"))


def test_search_page_title_landmark_and_short_live_count(reader, base_url):
    page = reader
    query = "pelayanan publik di kabupaten sabu raijua yang panjang sekali"
    page.goto(f"{base_url}cari/?q={query.replace(' ', '+')}")
    settled(page)
    assert page.title() == f"{query} · Cari · {SITE_TITLE}"
    status = page.locator("[data-cari-status]").inner_text()
    assert re.fullmatch(r"\d+ hasil|Tidak ada hasil\. .*", status), status
    assert query not in status
    landmarks = page.get_by_role("search")
    assert landmarks.count() == 1
    assert landmarks.first.get_attribute("aria-labelledby") == "judul-cari"
    page.goto(base_url)
    assert page.get_by_role("search").count() == 1
    assert page.get_by_role("search", name="Cari di situs").count() == 1


def test_no_layout_shift_when_results_arrive(chromium_page, base_url):
    page = chromium_page
    page.set_viewport_size({"width": 412, "height": 823})
    page.add_init_script("""window.__shift = 0; new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
    }).observe({type: 'layout-shift', buffered: true});""")
    page.goto(f"{base_url}cari/?q=layanan")
    settled(page)
    # Every shift the results caused is reported by the frames that draw them: wait for the
    # result photos on screen to have loaded, then two frames more, instead of a fixed time.
    page.wait_for_function("""() => [...document.querySelectorAll('[data-cari-hasil] img')]
        .filter(img => img.getBoundingClientRect().top < innerHeight).every(img => img.complete)""",
                           timeout=TIMEOUT)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("window.__shift") < 0.01


def test_filter_counts_stay_consistent_and_stages_in_lifecycle_order(reader, base_url):
    page = reader
    page.goto(f"{base_url}cari/?q=layanan")
    settled(page)
    page.locator("details.cari-saring > summary").click()
    kinds = page.locator("fieldset", has=page.locator("legend", has_text="Jenis isi"))
    kinds.locator("li").first.wait_for(timeout=TIMEOUT)

    def counts() -> dict[str, str]:
        return dict(kinds.locator("li").evaluate_all(
            "items => items.map(li => [li.dataset.nilai, li.querySelector('[data-jumlah]').textContent])"))

    before = counts()
    assert before["inovasi"] != "(0)" and before["berita"] != "(0)"
    kinds.get_by_label("Berita").check()
    settled(page)
    page.wait_for_function("() => document.querySelector('[data-cari-status]').textContent.includes('saringan')")
    assert counts() == before  # ticking one kind leaves the others' counts as they were

    page.goto(f"{base_url}cari/?jenis_konten=inovasi")
    settled(page)
    stages = page.locator("fieldset", has=page.locator("legend", has_text="Tahapan inovasi"))
    labels = [text.rsplit(" (", 1)[0] for text in stages.locator("li").all_inner_texts()]
    lifecycle = ["Inisiatif", "Uji Coba", "Penerapan"]
    assert len(labels) >= 2
    assert labels == [stage for stage in lifecycle if stage in labels]
    assert page.problems == []


def test_nothing_is_fetched_until_the_search_field_is_used(chromium_page, base_url):
    page = chromium_page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(f"{base_url}cari/")
    page.wait_for_load_state("networkidle")
    assert [path for path in fetched if "/pagefind/" in path] == []
    page.goto(base_url)
    for _ in range(6):  # the keyboard passes through the header field
        page.keyboard.press("Tab")
    page.wait_for_load_state("networkidle")
    assert [path for path in fetched if "/pagefind/" in path] == []
    page.goto(f"{base_url}cari/")
    page.focus("#q")  # /cari/'s own field: search gets ready
    page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/pagefind.js'))")


def test_without_javascript_cari_offers_the_static_ways(chromium_page_nojs, base_url):
    page = chromium_page_nojs
    page.goto(f"{base_url}cari/?q=layanan")
    note = page.locator("[data-cari-tanpa-js]")
    assert "Pencarian lengkap memerlukan JavaScript" in note.inner_text()
    assert note.get_by_role("link").all_inner_texts() == [
        "Arsip berita", "Kategori berita", "Topik berita", "Katalog inovasi daerah"]
    assert page.get_by_role("search").count() == 1  # the form is there, not a blank page
    for name, heading in [("Kategori berita", "Kategori berita"), ("Topik berita", None)]:
        page.goto(f"{base_url}cari/")
        note.get_by_role("link", name=name).click()
        # The click starts the navigation; the new page's heading is waited for (a
        # count() taken at once can still see the page being left).
        expect(page.locator("h1")).to_have_count(1)
        if heading:
            expect(page.locator("h1")).to_have_text(heading)


def test_staff_guides_are_built_but_not_indexed(sample_build):
    guides = [path for path in (sample_build.output).glob("panduan*/index.html")]
    assert guides, "the sample site has staff guides"
    for guide in guides:
        assert "data-pagefind-body" in guide.read_text(encoding="utf-8")  # still a page
    fragments = sample_build.output / "pagefind" / "fragment"
    urls = []
    for fragment in fragments.iterdir():
        data = gzip.decompress(fragment.read_bytes())
        urls.append(re.search(rb'"url":"([^"]*)"', data).group(1).decode())
    assert urls and not [url for url in urls if url.startswith("/panduan")], urls
