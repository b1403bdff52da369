"""Metadata hosts, search engines, feed readers and chat apps read (issue 16, points 9-11).

Checked on the sample site built twice: the local build (relative URLs) and the publish
build (publishconf.py, absolute URLs under a sub-path).
"""

from __future__ import annotations

import html
import re
import shutil
from urllib.parse import urlsplit

import pytest
from lxml import etree

from conftest import ROOT, parse, run_build

PUBLIC = "https://contoh.test/sub"
LOCAL_DOMAIN = "http://localhost:8000"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
URL_ATTRIBUTES = re.compile(r'\s(href|src|poster|srcset)="([^"]*)"')


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish")
    shutil.copytree(ROOT / "content", folder / "content")
    build = run_build(folder, settings="publishconf.py", env={"SITEURL": PUBLIC})
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module", params=["local", "publish"])
def built(request, sample_build, published):
    return (sample_build, LOCAL_DOMAIN) if request.param == "local" else (published, PUBLIC)


def feeds(output):
    return sorted((output / "feeds").rglob("*.atom.xml"))


def entry_urls(entry) -> list[str]:
    """Every address in an entry's summary and content (srcset split into its URLs)."""
    found = []
    for key in ("summary", "content"):
        element = entry.find(f"{ATOM}{key}")
        if element is None or not element.text:
            continue
        for attribute, value in URL_ATTRIBUTES.findall(element.text):
            value = html.unescape(value)
            if attribute == "srcset":
                found += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                found.append(value)
    return found


def test_feeds_have_own_ids_category_links_and_only_absolute_urls(built):
    build, domain = built
    ids = []
    relative = []
    for path in feeds(build.output):
        root = etree.parse(str(path)).getroot()
        feed_id = root.find(f"{ATOM}id").text
        ids.append(feed_id)
        self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
        assert feed_id == self_link, path
        alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
        if path.parent.name == "kategori":
            assert alternate == f"{domain}/kategori/{path.name.removesuffix('.atom.xml')}/"
        for entry in root.findall(f"{ATOM}entry"):
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(domain + "/"), link
            relative += [f"{path.name}: {url}" for url in entry_urls(entry)
                         if not url.startswith(("http://", "https://", "mailto:", "#"))]
    assert len(ids) >= 5 and len(set(ids)) == len(ids)
    assert relative == []
    images = [url for path in feeds(build.output)
              for entry in etree.parse(str(path)).getroot().findall(f"{ATOM}entry")
              for url in entry_urls(entry) if "/images/" in url]
    assert images, "the sample feed has photos, so srcset is checked"


def test_local_feed_entries_point_into_the_local_site(sample_build):
    """Locally the feed's addresses are the preview server's, and each one exists."""
    root = etree.parse(str(sample_build.output / "feeds" / "berita.atom.xml")).getroot()
    for entry in root.findall(f"{ATOM}entry"):
        for url in [entry.find(f"{ATOM}link").get("href"), *entry_urls(entry)]:
            path = urlsplit(url).path.lstrip("/")
            target = sample_build.output / (path + "index.html" if path.endswith("/") else path)
            assert target.is_file(), url


def sitemap(build) -> dict[str, str | None]:
    root = etree.parse(str(build.output / "sitemap.xml")).getroot()
    return {url.find(f"{SITEMAP}loc").text: getattr(url.find(f"{SITEMAP}lastmod"), "text", None)
            for url in root.findall(f"{SITEMAP}url")}


def test_sitemap_lists_indexable_pages_dated_by_their_content(built):
    build, domain = built
    base = "" if domain == LOCAL_DOMAIN else PUBLIC
    entries = sitemap(build)
    assert f"{base}/" in entries and f"{base}/cari/" not in entries
    assert not [loc for loc in entries if loc.endswith((".txt", ".html", ".xml"))]
    for loc, date in entries.items():
        assert loc.startswith(base + "/"), loc
        page = build.output / loc[len(base) + 1:] / "index.html"
        soup = parse(page)
        assert not soup.find("meta", attrs={"name": "robots", "content": re.compile("noindex")})
        if "/berita/" in loc:
            modified = soup.find("meta", property="article:modified_time")
            published_time = soup.find("meta", property="article:published_time")["content"]
            assert date == (modified["content"] if modified else published_time), loc
        elif re.search(r"/inovasi/[^/]+/$", loc) and soup.select_one(".inovasi-profil"):
            updated = soup.select_one(".inovasi-kaki > p time")["datetime"]  # "diperbarui"
            assert date == updated, loc
        else:
            assert date is None, f"{loc}: a list page has no content date ({date})"


def test_sitemap_is_the_same_for_the_same_content(sample_build, tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    again = run_build(tmp_path)
    assert again.returncode == 0, again.stderr
    assert (again.output / "sitemap.xml").read_bytes() == \
        (sample_build.output / "sitemap.xml").read_bytes()
