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


def test_axe_finds_violations(chromium_page):
    """The gate can fail: a page with an unlabelled field and poor contrast is reported."""
    chromium_page.set_content(
        '<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>'
        '<p style="color:#aaa;background:#fff">Teks pucat</p><input type="text"></main></body></html>')
    found = {violation["id"] for violation in violations(chromium_page)}
    assert {"color-contrast", "label"} <= found


@pytest.mark.parametrize("name", PAGES)
def test_key_page_has_no_wcag_violation(sample_build, sample_url, chromium_page, name):
    """Each page is loaded once, then checked on a phone and a desktop, light and dark: the
    viewport and colour scheme change in place, so the layout and colours axe checks are
    the ones a reader with that screen and setting sees."""
    path = key_pages(sample_build.output)[name]
    assert path is not None, f"halaman {name!r} tidak dibangun di situs contoh"
    page = chromium_page
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.set_viewport_size(VIEWPORTS["ponsel"])
    response = page.goto(sample_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    if name == "cari":
        page.wait_for_selector(SEARCH_RESULT, timeout=15_000)
    page.wait_for_load_state("networkidle")
    failures = []
    for viewport in VIEWPORTS:
        page.set_viewport_size(VIEWPORTS[viewport])
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found = violations(page)
            if found:
                failures.append(f"{path} ({viewport}, {scheme}):\n{describe(found)}")
    assert not failures, "\n".join(failures)
    foreign = [url for url in requests
               if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1"]
    assert not foreign and not page.problems, (foreign, page.problems)
