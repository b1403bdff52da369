"""Gate: weight budgets of the sample site, measured in Chromium over a gzipping local server.

- an article page: HTML+CSS+JS at most 30 KB gzipped, all it loads on page load;
- the home page on a 360 px phone viewport: at most 400 KB in all, images included, after
  scrolling to its end (lazy images count);
- no request to another host than 127.0.0.1.
"""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest

from browser import StaticServer
from quality.pages import key_pages
from quality.weight import code_bytes, load, table

pytest_plugins = ["quality.served"]

ARTICLE_CODE_BUDGET = 30 * 1024
HOME_TOTAL_BUDGET = 400 * 1024
PHONE = {"width": 360, "height": 740}


def test_measure_counts_gzipped_bytes_of_everything_loaded(tmp_path, chromium_page):
    css = "body { color: #222; }\n" * 400
    script = "console.log(%d);\n"
    (tmp_path / "a.css").write_text(css, encoding="utf-8")
    (tmp_path / "a.js").write_text("".join(script % n for n in range(300)), encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="id"><head><title>t</title><link rel="stylesheet" href="a.css">'
        '<script src="a.js"></script></head><body><p>isi</p></body></html>', encoding="utf-8")
    with StaticServer(tmp_path, gzip=True) as server:
        transfers = load(chromium_page, server.base_url)
    expected = sum(len(gzip.compress((tmp_path / name).read_bytes(), compresslevel=6))
                   for name in ("index.html", "a.css", "a.js"))
    assert sorted(urlsplit(t.url).path for t in transfers) == ["/", "/a.css", "/a.js"]
    assert code_bytes(transfers) == expected


def assert_only_local(transfers, page):
    foreign = [t.url for t in transfers if urlsplit(t.url).hostname != "127.0.0.1"]
    assert not foreign and not page.problems, (foreign, page.problems)


def test_article_html_css_js_within_30_kb_gzipped(sample_build, sample_url, chromium_page):
    path = key_pages(sample_build.output)["berita"]
    assert path, "tidak ada berita di situs contoh"
    chromium_page.set_viewport_size(PHONE)
    transfers = load(chromium_page, sample_url + path)
    assert_only_local(transfers, chromium_page)
    size = code_bytes(transfers)
    print(f"\n{path}: HTML+CSS+JS {size} B gzip\n{table(transfers)}")
    assert size <= ARTICLE_CODE_BUDGET, f"{path}: {size} B > {ARTICLE_CODE_BUDGET} B\n{table(transfers)}"


def test_home_within_400_kb_on_a_phone(sample_url, chromium_page):
    chromium_page.set_viewport_size(PHONE)
    transfers = load(chromium_page, sample_url, scroll=True)
    assert_only_local(transfers, chromium_page)
    total = sum(t.total for t in transfers)
    print(f"\nberanda: {total} B\n{table(transfers)}")
    assert total <= HOME_TOTAL_BUDGET, f"beranda: {total} B > {HOME_TOTAL_BUDGET} B\n{table(transfers)}"


@pytest.fixture(scope="module")
def shared_page(chromium_browser):
    """One page for the checks of where requests go: what the HTTP cache holds changes no
    host a page asks (a request to another host never succeeds, so is never cached); the
    budgets, which count bytes, each have a fresh page."""
    from browser import open_page

    context, page = open_page(chromium_browser)
    yield page
    context.close()


@pytest.mark.parametrize("name", ["profil-inovasi", "katalog-inovasi", "statistik-inovasi",
                                  "cari", "arsip", "404"])
def test_no_request_leaves_the_machine(sample_build, sample_url, shared_page, name):
    path = key_pages(sample_build.output)[name]
    assert path is not None, f"halaman {name!r} tidak dibangun di situs contoh"
    shared_page.problems.clear()
    shared_page.set_viewport_size({"width": 1280, "height": 720})  # Playwright's default
    assert_only_local(load(shared_page, sample_url + path, scroll=True), shared_page)
