"""Enlarged text (issue 16, point 6): 150% and 200% text on 320-412 px phones.

The root font size is enlarged in a real Chromium at each width, on every page type of
the sample site: no page scrolls sideways, nothing sticks out of the screen (scroll boxes
of their own, like code examples and charts, may scroll inside), and the skip link stays
out of sight until it is focused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

WIDTHS = (320, 360, 412)
TEXT_SIZES = ("150%", "200%")

# At each root font size in turn (set in place): the elements that stick out of the screen,
# outside any box that scrolls or clips them, and whether the skip link takes room on
# screen while it is not focused. One round trip per width for all the sizes.
OVERFLOW = """(sizes) => sizes.map((size) => {
  document.documentElement.style.fontSize = size;
  const width = document.documentElement.clientWidth;
  const inScrollBox = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (/(auto|scroll|hidden)/.test(style.overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    if (box.width <= 1 && getComputedStyle(el).position === 'absolute') continue;  // sr-only
    if ((box.right > width + 1 || box.left < -1) && !inScrollBox(el)) {
      out.push(`${el.tagName.toLowerCase()}.${el.className || ''} ${Math.round(box.left)}..${Math.round(box.right)}`);
    }
  }
  const skip = document.querySelector('.lompat');
  const box = skip ? skip.getBoundingClientRect() : null;
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 8),
          skipShows: !!box && box.width > 1 && box.height > 1};
})"""


def page_types(output: Path) -> dict[str, str]:
    """One URL (relative to the site root) per page type of the built site."""
    def first(pattern: str) -> str | None:
        found = sorted(output.glob(pattern))
        return found[0].parent.relative_to(output).as_posix() + "/" if found else None

    candidates = {
        "beranda": "", "beranda-2": first("halaman/2/index.html"),
        "berita": first("berita/*/*/*/index.html"), "arsip": "arsip/",
        "arsip-tahun": first("arsip/[0-9][0-9][0-9][0-9]/index.html"),
        "arsip-bulan": first("arsip/*/[0-9][0-9]/index.html"),
        "kategori": first("kategori/*/index.html"), "kategori-semua": "kategori/",
        "topik": first("topik/*/index.html"), "topik-semua": "topik/",
        "penulis": first("penulis/*/index.html"), "penulis-semua": "penulis/",
        "halaman": "tentang/", "panduan": first("panduan*/index.html"),
        "katalog-inovasi": "inovasi/", "profil-inovasi": "inovasi/kartu-nelayan-sabu/",
        "faset-inovasi": first("inovasi/tahapan/*/index.html"),
        "statistik-inovasi": "inovasi/statistik/", "cari": "cari/?q=layanan", "404": "404.html",
    }
    return {name: url for name, url in candidates.items() if url is not None}


@pytest.fixture(scope="module")
def site_url(sample_build):
    from browser import StaticServer

    with StaticServer(sample_build.output) as server:
        yield server.base_url


def test_every_page_type_is_checked(sample_build):
    types = page_types(sample_build.output)
    assert len(types) == 20, sorted(types)


@pytest.fixture(scope="module")
def reflow_page(chromium_browser):
    """One page for the module: every check loads its own document into it (so no font
    size or focus is left over) and sets the width it measures."""
    from browser import open_page

    context, page = open_page(chromium_browser)
    yield page
    context.close()


@pytest.fixture(scope="module")
def overflow_by_width(reflow_page, sample_build, site_url) -> dict[int, list[str]]:
    """What sticks out, per width: each page type is loaded once (at the narrowest width)
    and measured at every width and text size in place; the layout follows the viewport
    and the root font size as they change, the load itself is not what is checked."""
    page = reflow_page
    page.set_viewport_size({"width": WIDTHS[0], "height": 740})
    problems: dict[int, list[str]] = {width: [] for width in WIDTHS}
    for name, url in page_types(sample_build.output).items():
        page.goto(site_url + url)
        if url.startswith("cari/"):
            page.wait_for_function(
                "() => document.querySelector('[data-cari-status]').textContent !== ''")
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 740})
            for size, found in zip(TEXT_SIZES, page.evaluate(OVERFLOW, list(TEXT_SIZES))):
                if found["scroll"] > found["width"] or found["out"]:
                    problems[width].append(
                        f"{name} at {width}px, text {size}: page {found['scroll']}px "
                        f"wide for {found['width']}px; {found['out']}")
                if found["skipShows"]:
                    problems[width].append(
                        f"{name} at {width}px, text {size}: skip link shows unfocused")
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
        page.set_viewport_size({"width": WIDTHS[0], "height": 740})
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_enlarged_text_never_scrolls_sideways(reflow_page, overflow_by_width, site_url, width):
    page = reflow_page
    page.set_viewport_size({"width": width, "height": 740})
    page.goto(site_url + "404.html")
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "lompat"
    skip = page.locator(".lompat").bounding_box()
    assert skip["width"] > 50 and skip["x"] + skip["width"] <= width  # visible when focused
    problems = overflow_by_width[width]
    assert problems == [], "\n".join(problems)
