"""Search: what the built site gives Pagefind, the index it writes, and /cari/ without a browser."""

from __future__ import annotations

import json

import pytest

from conftest import parse

ARTICLE = "berita/2023/03/kantor-camat-sabu-barat-perpanjang-jam-buka/index.html"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    from conftest import make_site, run_build

    folder = make_site(tmp_path_factory.mktemp("search"), base="search")
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    return build


def hidden_data(soup, attribute: str) -> dict[str, list[str]]:
    """{name: [values]} of the hidden data-pagefind-filter/meta/sort elements."""
    found: dict[str, list[str]] = {}
    for element in soup.select(f"[{attribute}]"):
        found.setdefault(element[attribute], []).append(element.get_text(strip=True))
    return found


def test_article_main_element_is_indexed_with_filters_and_date(search_site):
    soup = search_site.html(ARTICLE)
    bodies = soup.select("[data-pagefind-body]")
    assert [(b.name, b.get("class")) for b in bodies] == [("article", ["berita"])]
    assert hidden_data(soup, "data-pagefind-filter") == {
        "jenis_konten": ["berita"], "kategori": ["Pemerintahan"], "tahun": ["2023"]}
    assert hidden_data(soup, "data-pagefind-meta") == {"tanggal": ["2023-03-03T09:30:00+08:00"]}
    assert hidden_data(soup, "data-pagefind-sort") == {"tanggal": ["2023-03-03T09:30:00+08:00"]}
    holder = soup.select_one("[data-pagefind-filter]").parent
    assert holder.has_attr("hidden") and holder.has_attr("data-pagefind-ignore")


def test_page_is_indexed_as_halaman(search_site):
    soup = search_site.html("tentang/index.html")
    assert [b.name for b in soup.select("[data-pagefind-body]")] == ["article"]
    assert hidden_data(soup, "data-pagefind-filter") == {"jenis_konten": ["halaman"]}


@pytest.mark.parametrize("listing", [
    "index.html", "arsip/index.html", "kategori/pemerintahan/index.html",
    "topik/sabu-barat/index.html", "penulis/sofyan/index.html", "cari/index.html", "404.html",
])
def test_lists_and_archives_stay_out_of_the_index(search_site, listing):
    assert search_site.html(listing).select("[data-pagefind-body]") == []


def test_index_holds_articles_and_pages_only(search_site):
    bundle = search_site.output / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["id"]
    assert entry["languages"]["id"]["page_count"] == 4  # 3 articles + Tentang
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "wasm.id.pagefind").is_file()
    # Pagefind's ready-made interfaces are not used, so they are not published.
    assert sorted(p.name for p in bundle.glob("pagefind*ui*")) == []
    assert not (bundle / "pagefind-highlight.js").exists()


def test_pages_load_no_search_code_until_asked(search_site):
    """Every page but /cari/ carries only the small inline loader: no script file, no index."""
    for page in search_site.output.rglob("*.html"):
        if page.parent.name == "cari" or "pagefind" in page.parts:
            continue
        soup = parse(page)
        assert soup.select("script[src]") == [], page
        assert soup.select("link[href*='pagefind'], link[href*='cari.js']") == [], page


def test_cari_page_works_without_javascript_by_pointing_elsewhere(search_site):
    soup = search_site.html("cari/index.html")
    note = soup.select_one("[data-cari-tanpa-js]")
    assert not note.has_attr("hidden")
    assert "memerlukan JavaScript" in note.get_text()
    assert [a["href"] for a in note.select("a")] == ["../arsip/", "../inovasi/"]
    app = soup.select_one("[data-cari-aplikasi]")
    assert app.has_attr("hidden")
    assert soup.select_one("label[for=q]").get_text(strip=True) == "Kata kunci"
    assert soup.select_one("[data-cari-status]")["role"] == "status"
    assert soup.select_one("script[type=module]")["src"] == "../theme/js/cari.js"
    settings = json.loads(soup.select_one("#cari-pengaturan").string)
    assert [key for key, _label in settings["filters"]][:3] == ["jenis_konten", "kategori", "tahun"]


def test_header_search_form_leads_to_cari(search_site):
    form = search_site.html(ARTICLE).select_one("form.cari-kepala")
    assert form["action"] == "../../../../cari/"
    assert form.select_one("input")["name"] == "q"


def test_indexing_can_be_switched_off(site):
    build = site(base="search", extra={"SEARCH": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    assert not build.exists("pagefind")
    assert build.exists("cari/index.html")


def test_unknown_search_setting_is_reported(site):
    build = site(base="search", extra={"SEARCH": {"enable": False}})
    assert build.returncode == 1
    assert build.error_lines == [
        "pelicanconf.py: galat CFG001: pengaturan SEARCH['enable'] tidak dikenal; mungkin "
        "maksudnya 'enabled'? (yang dikenal: enabled, language, exclude_selectors, "
        "excerpt_length, batch, filters, value_labels)",
    ]
    assert not build.exists("pagefind")
