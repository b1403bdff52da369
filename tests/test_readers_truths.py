"""Small truths readers notice (issue 16, point 8), on the built sample site's HTML."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import parse

SITE = "http://situs.test/"


def pages(output):
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        if relative.startswith(("pagefind/", "theme/")):
            continue
        url = SITE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        yield relative, url, parse(path)


@pytest.fixture(scope="module")
def site_pages(sample_build):
    """Every page of the sample site parsed once for the tests below, which only read them."""
    return list(pages(sample_build.output))


def test_current_stage_is_a_separate_phrase(sample_build):
    soup = sample_build.html("inovasi/kartu-nelayan-sabu/index.html")
    current = soup.select_one(".linimasa li[aria-current=step]")
    text = " ".join(current.get_text().split())
    assert re.search(r"\S \(tahapan sekarang\)$", text), text
    assert re.search(r"[\w)] \(tahapan sekarang\)", current.get_text()), current.get_text()


def test_aria_current_page_only_on_the_link_to_the_page_itself(site_pages):
    wrong = []
    sections = 0
    for relative, url, soup in site_pages:
        for link in soup.select('a[aria-current="page"]'):
            if urljoin(url, link["href"]) != url:
                wrong.append(f"{relative}: {link['href']}")
        sections += len(soup.select('.menu a[aria-current="true"]'))
    assert wrong == []
    assert sections > 10  # an article marks its section ("Arsip berita") as 'true'


def test_one_name_for_the_archive(sample_build):
    home = sample_build.html("index.html")
    menu = [a.get_text(strip=True) for a in home.select(".menu a") if a["href"].endswith("arsip/")]
    article = next(sample_build.output.glob("berita/*/*/*/index.html"))
    crumbs = [a.get_text(strip=True) for a in parse(article).select(".remah a")
              if a["href"].endswith("arsip/")]
    month = next(sample_build.output.glob("arsip/*/[0-9][0-9]/index.html"))
    month_crumbs = [a.get_text(strip=True) for a in parse(month).select(".remah a")
                    if a["href"].endswith("arsip/")]
    heading = sample_build.html("arsip/index.html").h1.get_text(strip=True)
    assert menu == crumbs == month_crumbs == [heading] == ["Arsip berita"]


def test_second_page_of_the_home_list_has_no_introduction(sample_build):
    assert sample_build.html("index.html").select(".pengantar")
    second = sample_build.html("halaman/2/index.html")
    assert second.select(".pengantar") == []
    assert second.select(".kartu-berita")


def test_headings_never_skip_a_level(sample_build, site_pages):
    skipped = []
    for relative, _url, soup in site_pages:
        main = soup.select_one("main")
        if main is None:
            continue
        levels = [int(h.name[1]) for h in main.find_all(re.compile(r"^h[1-6]$"))]
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                skipped.append(f"{relative}: h{before} -> h{after}")
                break
    assert skipped == []
    catalogue = sample_build.html("inovasi/index.html")
    cards = catalogue.select(".daftar-inovasi .kartu-judul")
    assert cards and {card.name for card in cards} == {"h3"}
