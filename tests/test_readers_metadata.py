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


def copy_media_caches(build, folder) -> None:
    """The resized photos and the encoded recordings of build (.cache/images, .cache/audio:
    files derived from a photo's or recording's bytes alone, named by them) copied into
    folder, so a second build of the same content does not redo the resizing and FFmpeg.
    Everything a page, a feed or the sitemap says is still built from nothing."""
    for name in ("images", "audio"):
        source = build.output.parent / ".cache" / name
        if source.is_dir():
            shutil.copytree(source, folder / ".cache" / name)


@pytest.fixture(scope="module")
def published(tmp_path_factory, sample_build):
    folder = tmp_path_factory.mktemp("publish")
    shutil.copytree(ROOT / "content", folder / "content")
    copy_media_caches(sample_build, folder)
    # publishconf.py reads SITEURL from the environment as it is loaded: in-process too.
    # No search index and no web editor: no test here reads them (their pages are left out
    # of site_pages), and the local build, which has both, still goes through every check.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", PUBLIC)
        build = run_build(folder, settings="publishconf.py",
                          extra={"SEARCH": {"enabled": False}, "ADMIN": {"enabled": False}})
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def parsed():
    """parsed(path) -> the page's tree, parsed once for the module: the tests only read it
    (each build's pages are read by three tests)."""
    trees = {}

    def tree(path):
        if path not in trees:
            trees[path] = parse(path)
        return trees[path]

    yield tree
    trees.clear()


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


def test_sitemap_lists_indexable_pages_dated_by_their_content(built, parsed):
    build, domain = built
    base = "" if domain == LOCAL_DOMAIN else PUBLIC
    entries = sitemap(build)
    assert f"{base}/" in entries and f"{base}/cari/" not in entries
    assert not [loc for loc in entries if loc.endswith((".txt", ".html", ".xml"))]
    for loc, date in entries.items():
        assert loc.startswith(base + "/"), loc
        page = build.output / loc[len(base) + 1:] / "index.html"
        soup = parsed(page)
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
    copy_media_caches(sample_build, tmp_path)
    again = run_build(tmp_path)
    assert again.returncode == 0, again.stderr
    assert (again.output / "sitemap.xml").read_bytes() == \
        (sample_build.output / "sitemap.xml").read_bytes()


def site_pages(output, parsed):
    """Pages of the site's theme (they have <main id="main">), with their public address."""
    for path in sorted(output.rglob("*.html")):
        relative = path.relative_to(output).as_posix()
        soup = parsed(path)
        if soup.find("main", id="main") is None:
            continue  # the editor, redirects of old addresses, Pagefind's files
        yield relative, relative.removesuffix("index.html"), soup


def test_every_page_has_canonical_and_link_preview_metadata(built, parsed):
    """Absolute under the public address when published. Locally link previews are relative
    like every link (a local build works from any folder) and there is no canonical."""
    from urllib.parse import urljoin

    build, domain = built
    local = domain == LOCAL_DOMAIN
    problems = []
    pages = 0
    for relative, address, soup in site_pages(build.output, parsed):
        pages += 1
        expected = f"{domain}/{address}"

        def absolute(url: str, expected: str = expected) -> str:
            return urljoin(expected, url) if local and not url.startswith("http") else url

        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        if canonical != ([] if local else [expected]):  # a relative canonical is invalid
            problems.append(f"{relative}: canonical {canonical}")
        og = {meta["property"]: meta.get("content", "") for meta in soup.find_all("meta", property=True)
              if meta["property"].startswith("og:")}
        for key in ("og:title", "og:description", "og:url", "og:type", "og:image"):
            if not og.get(key):
                problems.append(f"{relative}: no {key}")
        if absolute(og.get("og:url", "")) != expected:
            problems.append(f"{relative}: og:url {og.get('og:url')}")
        image = absolute(og.get("og:image", ""))
        if not image.startswith(domain + "/") or not (build.output / image[len(domain) + 1:]).is_file():
            problems.append(f"{relative}: og:image {image}")
        if len(soup.find_all("meta", property="og:title")) != 1:
            problems.append(f"{relative}: {len(soup.find_all('meta', property='og:title'))} og:title")
    assert pages > 40
    assert problems == [], "\n".join(problems)


def test_list_pages_have_their_own_description(sample_build):
    site = parse(sample_build.output / "index.html").find("meta", attrs={"name": "description"})["content"]
    lists = ["arsip/", "kategori/", "topik/", "penulis/", "halaman/2/"]
    lists += [path.parent.relative_to(sample_build.output).as_posix() + "/" for pattern in
              ("kategori/*/index.html", "topik/*/index.html", "penulis/*/index.html",
               "arsip/*/index.html", "arsip/*/*/index.html", "inovasi/tahapan/*/index.html")
              for path in sorted(sample_build.output.glob(pattern))[:1]]
    descriptions = {}
    for address in lists:
        meta = parse(sample_build.output / address / "index.html").find("meta", attrs={"name": "description"})
        descriptions[address] = meta["content"]
        assert meta["content"] and meta["content"] != site, address
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_breadcrumbs_are_also_breadcrumblist_json_ld(built, parsed):
    import json

    build, domain = built
    checked = 0
    for relative, address, soup in site_pages(build.output, parsed):
        trail = soup.select_one("nav.remah")
        if trail is None:
            continue
        checked += 1
        data = [json.loads(script.string) for script in soup.find_all("script", type="application/ld+json")]
        lists = [item for item in data if item.get("@type") == "BreadcrumbList"]
        assert len(lists) == 1, relative
        steps = lists[0]["itemListElement"]
        shown = trail.select("li")
        assert [step["name"] for step in steps] == [li.get_text(strip=True) for li in shown], relative
        assert [step["position"] for step in steps] == list(range(1, len(shown) + 1))
        for step, li in zip(steps, shown):
            link = li.find("a")
            if link is None:
                assert "item" not in step
                continue
            page_url = f"{domain}/{address}"
            from urllib.parse import urljoin
            assert urljoin(page_url, step["item"]) == urljoin(page_url, link["href"]), step
            assert step["item"].startswith(PUBLIC) or domain == LOCAL_DOMAIN, step
    assert checked > 20
