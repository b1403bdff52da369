"""Gate: zero axe-core violations of WCAG 2.2 A/AA rules on the key pages of the sample site,
on a phone and a desktop viewport, in light and dark colour schemes, in headless Chromium
against a real local HTTP server. Every request must stay on 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from quality.axe import describe, violations
from quality.pages import SEARCH_RESULT, key_pages

pytest_plugins = ["quality.served"]

PAGES = ["beranda", "berita", "profil-inovasi", "katalog-inovasi", "faset-inovasi",
         "statistik-inovasi", "kesiapan-iid", "cari", "arsip", "404", "luring"]
VIEWPORTS = {"ponsel": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
SCHEMES = ["light", "dark"]
# cari.js counts the results in the status line once the last shown one is rendered.
SEARCH_DONE = ("() => { const list = document.querySelector('[data-cari-hasil]');"
               " return !list.hasAttribute('aria-busy')"
               " && document.querySelector('[data-cari-status]').textContent !== ''; }")


@pytest.fixture(scope="module")
def axe_page(chromium_browser):
    """One page for the module: each test loads its own document into it and sets the
    viewport and colour scheme it checks, so nothing of an earlier test is looked at; what
    it requested and its problems are collected afresh for each test."""
    from browser import open_page

    context, page = open_page(chromium_browser)
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


@pytest.fixture
def page(axe_page):
    axe_page.requested.clear()
    axe_page.problems.clear()
    axe_page.set_viewport_size(VIEWPORTS["ponsel"])
    axe_page.emulate_media(color_scheme="light")
    return axe_page


def test_axe_finds_violations(page):
    """The gate can fail: a page with an unlabelled field and poor contrast is reported."""
    page.set_content(
        '<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>'
        '<p style="color:#aaa;background:#fff">Teks pucat</p><input type="text"></main></body></html>')
    found = {violation["id"] for violation in violations(page)}
    assert {"color-contrast", "label"} <= found


@pytest.mark.parametrize("name", PAGES)
def test_key_page_has_no_wcag_violation(sample_build, sample_url, page, name):
    """Each page is loaded once, then checked on a phone and a desktop, light and dark: the
    viewport and colour scheme change in place, so the layout and colours axe checks are
    the ones a reader with that screen and setting sees."""
    path = key_pages(sample_build.output)[name]
    assert path is not None, f"halaman {name!r} tidak dibangun di situs contoh"
    response = page.goto(sample_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    # Only /cari/ requests anything after its load event (Pagefind's index and fragments):
    # it is done when its results are shown and counted. No idle wait for the others.
    if name == "cari":
        page.wait_for_selector(SEARCH_RESULT, timeout=15_000)
        page.wait_for_function(SEARCH_DONE, timeout=15_000)
    failures = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found = violations(page)
            if found:
                failures.append(f"{path} ({viewport}, {scheme}):\n{describe(found)}")
    assert not failures, "\n".join(failures)
    foreign = [url for url in page.requested
               if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1"]
    assert not foreign and not page.problems, (foreign, page.problems)
