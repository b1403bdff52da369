"""One pagination and one nav partial: every list is cut and addressed by Pelican's
Paginator (plugins/common/pages.py), and its nav is partials/pagination.html."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_once

TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "templates"
# Page 2 and on at laman/N/, not halaman/N/: one setting moves every list, Pelican's and ours.
PATTERNS = [[1, "{url}", "{save_as}"],
            [2, "{base_name}/laman/{number}/", "{base_name}/laman/{number}/index.html"]]


def test_the_page_nav_is_written_in_one_partial_only():
    """The nav's markup, and what it reads of a paginator, are in pagination.html alone."""
    nav = r"halaman-nav|jumlah_halaman|articles_(paginator|previous_page|next_page)"
    holders = sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.html")
                     if re.search(nav, path.read_text("utf-8")))
    assert holders == ["partials/pagination.html"]


@pytest.fixture(scope="module")
def paged(tmp_path_factory):
    """innovation_base (2 news, 3 innovations) with one news and two innovations a page."""
    return build_once(tmp_path_factory, "innovation_base", {
        "DEFAULT_PAGINATION": 1, "PAGINATION_PATTERNS": PATTERNS,
        "INNOVATIONS": {"per_page": 2, "featured_count": 1}})


def nav_of(page) -> dict:
    nav = page.select("nav.halaman-nav")
    assert len(nav) == 1
    links = {a["rel"][0]: (a["href"], a.get_text(" ", strip=True)) for a in nav[0].select("a[rel]")}
    return {"label": nav[0]["aria-label"], "teks": nav[0].p.get_text(strip=True), **links}


# The news index's first page is Pelican's INDEX_SAVE_AS, index.html, as before; it is
# linked by its clean address, the site's root (INDEX_URL), never .../index.html.
@pytest.mark.parametrize("first, second, label, back, forward, newer, older", [
    ("index.html", "laman/2/index.html", "Halaman daftar", "../../", "./laman/2/",
     "← Lebih baru", "Lebih lama →"),
    ("inovasi/index.html", "inovasi/laman/2/index.html", "Halaman daftar inovasi",
     "../../../inovasi/", "../inovasi/laman/2/", "← Sebelumnya", "Berikutnya →"),
])
def test_every_list_is_addressed_by_the_pagination_patterns(paged, first, second, label, back,
                                                            forward, newer, older):
    assert not (paged.output / second.replace("laman/", "halaman/")).exists()
    assert nav_of(paged.html(first)) == {
        "label": label, "teks": "Halaman 1 dari 2", "next": (forward, older)}
    assert nav_of(paged.html(second)) == {
        "label": label, "teks": "Halaman 2 dari 2", "prev": (back, newer)}


def test_a_list_of_one_page_has_no_nav(paged):
    facet = paged.html("inovasi/tahapan/penerapan/index.html")
    assert facet.select(".daftar-inovasi li") and not facet.select("nav.halaman-nav")
