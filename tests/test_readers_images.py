"""Images readers download (issue 16, point 12): the size a cover is shown at, the lighter
file per width, names that change with the photo, a cache that forgets unused photos."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, make_site
from quality.builds import run_build_without_search
from test_images import article, graphic_png, phone_photo

from images import derive, markup

ARTICLE = "berita/2023/03/foto-pasar/index.html"


@pytest.mark.parametrize("sizes,width,height,expected", [
    ("(min-width: 66rem) 62rem, calc(100vw - 2rem)", 900, 1200,
     "(min-width: 66rem) and (max-height: 1763px) 56.25vh, (min-width: 66rem) 62rem, "
     "(min-aspect-ratio: 562/1000) 56.25vh, calc(100vw - 2rem)"),
    ("100vw", 1600, 1200, "(min-aspect-ratio: 1000/1000) 100vh, 100vw"),
    ("(min-width: 44rem) 42rem, 100vw", 1600, 1200,
     "(min-width: 44rem) and (max-height: 672px) 100vh, (min-width: 44rem) 42rem, "
     "(min-aspect-ratio: 1000/1000) 100vh, 100vw"),
    ("50vw", 900, 1200, "50vw"),  # nothing known to fit: left as it is
])
def test_sizes_follow_the_height_limit(sizes, width, height, expected):
    assert markup.fit_sizes(sizes, width, height, 75) == expected
    assert markup.fit_sizes(sizes, width, height, None) == sizes


@pytest.fixture(scope="module")
def portrait_cover_build(tmp_path_factory):
    """An article with a portrait cover, built once for both viewports (search off: the
    photos are tested, not search)."""
    folder = make_site(tmp_path_factory.mktemp("sampul-potret") / "site", {
        "content/images/berita/pasar.jpg": phone_photo(1500, 2000, orientation=1),
        "content/berita/foto-pasar.md": article(cover="images/berita/pasar.jpg"),
    })
    build = run_build_without_search(folder)
    assert build.returncode == 0, build.stderr
    return build


@pytest.mark.parametrize("viewport,most", [
    ({"width": 1280, "height": 720}, 480),   # desktop: 75vh tall is 405px wide
    ({"width": 412, "height": 823}, 960),    # phone, 2x: 380px column
])
def test_a_portrait_cover_is_fetched_at_the_width_it_is_shown(chromium_browser, static_server,
                                                              portrait_cover_build, viewport,
                                                              most):
    from browser import open_page

    build = portrait_cover_build
    context, page = open_page(chromium_browser)
    try:
        page.set_viewport_size(viewport)
        if viewport["width"] < 500:
            context.close()
            context = chromium_browser.new_context(viewport=viewport, device_scale_factor=2)
            page = context.new_page()
        page.goto(static_server(build.output) + ARTICLE)
        cover = page.locator(".sampul img")
        page.wait_for_function("() => document.querySelector('.sampul img').complete")
        chosen = int(re.search(r"-(\d+)\.[0-9a-f]{8}\.\w+$", cover.evaluate("i => i.currentSrc"))[1])
        shown = cover.evaluate("i => i.getBoundingClientRect().width * devicePixelRatio")
        assert chosen <= most and chosen >= min(shown, 480)
        assert cover.get_attribute("loading") is None  # first screen: not lazy
        box = cover.bounding_box()  # never taller than 75vh, its width set before it loads
        assert box["height"] <= 0.75 * viewport["height"] + 1
        assert re.fullmatch(r"max-width: [\d.]+vh", cover.get_attribute("style"))
    finally:
        context.close()


def test_no_webp_is_heavier_than_its_jpeg_or_png(tmp_path):
    original = tmp_path / "denah.png"
    original.write_bytes(graphic_png())
    entry = tmp_path / "entry"
    meta = derive.render(derive.Job(str(original), str(entry), (480, 960), 75, 10**8))
    kept = {(v["width"], v["format"]) for v in meta["variants"]}
    assert {(480, "png"), (600, "png")} <= kept
    for width in (480, 600):
        webp, png = entry / f"{width}.webp", entry / f"{width}.png"
        assert ((width, "webp") in kept) == webp.exists()
        assert not webp.exists() or webp.stat().st_size < png.stat().st_size
    assert derive.rendered_variants(entry) == [derive.Variant(**v) for v in meta["variants"]]


def test_a_width_without_webp_offers_its_jpeg_in_the_webp_source():
    files = [derive.Variant(480, 240, "png"), derive.Variant(960, 480, "webp"),
             derive.Variant(960, 480, "png")]
    html = markup.picture("images/a.png", files, "x", url=lambda p: p, tag="1a2b3c4d")
    assert ('<source type="image/webp" srcset="images/a-480.1a2b3c4d.png 480w, '
            'images/a-960.1a2b3c4d.webp 960w"') in html
    only_png = markup.picture("images/a.png", [files[0], files[2]], "x", url=lambda p: p)
    assert "<source" not in only_png and 'src="images/a-960.png"' in only_png


def test_a_replaced_photo_gets_new_names_and_the_old_cache_entry_goes(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/images/berita/pasar.jpg": phone_photo(1200, 900),
        "content/berita/foto-pasar.md": article("![Denah]({static}/images/berita/denah.png)"),
        "content/images/berita/denah.png": graphic_png(),
    })
    first = run_build_without_search(folder)  # photos and their cache, not search
    assert first.returncode == 0, first.stderr

    def referenced(build) -> set[str]:
        page = (build.output / ARTICLE).read_text(encoding="utf-8")
        return set(re.findall(r"denah-[\w.]+\.(?:png|webp|jpg)", page))

    def cache() -> set[str]:
        return {p.name for p in (folder / ".cache" / "images").iterdir()}

    before, cached = referenced(first), cache()
    (folder / "content/images/berita/denah.png").write_bytes(graphic_png(640, 320))
    again = run_build_without_search(folder)
    assert again.returncode == 0, again.stderr
    after = referenced(again)
    assert before and after and not before & after  # no address of the old photo is reused
    assert all((again.output / "images" / "berita" / name).is_file() for name in after)
    assert len(cache()) == len(cached) and cache() != cached  # the old entry is gone
    page = (again.output / ARTICLE).read_text(encoding="utf-8")
    # The first picture of an article without a cover is on the first screen: not lazy.
    assert re.search(r'<img [^>]*src="[^"]*denah-[^"]*"(?![^>]*loading="lazy")[^>]*>', page)


def test_sample_site_names_carry_a_content_hash(sample_build):
    names = [p.name for p in (sample_build.output / "images").rglob("*.*")]
    assert names and all(re.fullmatch(r"[\w-]+-(\d+|og)\.[0-9a-f]{8}\.(jpg|png|webp)", n)
                         for n in names), names
    assert Path(ROOT / "content" / "images").is_dir()
