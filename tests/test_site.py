"""Issue 2, the site: URLs, feeds, relative and published links, dates, theme.

One fixture tree (fixtures/site_full: six articles over 2023-2024, three categories,
three authors, two pages, a cover photo, a sample article) is built once locally with
two articles per list page, and once with publishconf.py under a sub-path.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from conftest import make_site, parse, run_build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLIC = "https://contoh.test/sub"
ARTICLES = {
    "pasar-seba": "berita/2023/03/pasar-seba-dibuka-kembali/",
    "posyandu": "berita/2023/03/posyandu-menia-timbang-seratus-balita/",
    "nelayan": "berita/2023/07/nelayan-raijua-tunda-melaut/",
    "los-ikan": "berita/2024/01/los-ikan-baru-di-pasar-seba/",
    "imunisasi": "berita/2024/02/imunisasi-dasar-lengkap-di-raijua/",
    "rumput-laut": "berita/2024/02/panen-rumput-laut-di-sabu-timur/",
}
# Attributes through which a page makes the browser load or go somewhere.
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "poster", "data")


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("lokal"), base="site_full")
    build = run_build(folder, extra={"DEFAULT_PAGINATION": 2})
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("terbit"), base="site_full")
    # publishconf.py reads SITEURL from the environment as it is loaded: in-process too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", PUBLIC)
        build = run_build(folder, settings="publishconf.py")
    assert build.returncode == 0, build.stderr
    return build


def html_pages(output: Path) -> list[Path]:
    """The public pages: /admin/ is the web editor's application (Decap's own page, noindex,
    relative links by design), checked by tests/test_editor_*.py."""
    return sorted(p for p in output.rglob("*.html")
                  if p.relative_to(output).parts[0] != "admin")


WHATSAPP = "https://wa.me/?text="  # partials/simpan_bagikan.html


def url_values(soup) -> list[tuple[str, str, str]]:
    """(tag, attribute, url) of every URL-carrying attribute on the page."""
    found = []
    for element in soup.find_all(True):
        for attribute in URL_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            if element.name == "a" and value.startswith(WHATSAPP):
                continue  # sharing: a link away from the site that loads nothing (test_save_share)
            if attribute == "srcset":
                found += [(element.name, attribute, part.split()[0])
                          for part in value.split(",") if part.strip()]
            else:
                found.append((element.name, attribute, value))
    return found


def target_file(output: Path, site_path: str) -> Path:
    """The file a static server sends for a site path: folders give their index.html."""
    target = output / site_path.lstrip("/")
    if site_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def resolve_relative(output: Path, page: Path, url: str) -> str:
    """The site path (from the output root) that a relative URL on page points at."""
    base = page.parent.relative_to(output).as_posix()
    joined = posixpath.normpath(posixpath.join(base, urlsplit(url).path))
    if urlsplit(url).path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return "" if joined in (".", "./") else joined


def plugin_missing(output: Path, site_path: str) -> bool:
    """Pages of plugins that are not in PLUGINS yet may be linked before they exist."""
    import pelicanconf

    owners = {"inovasi": "innovations", "cari": "search_index"}
    owner = owners.get(site_path.strip("/").split("/")[0])
    return owner is not None and owner not in pelicanconf.PLUGINS


# --- URLs ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "index.html", "halaman/2/index.html", "halaman/3/index.html",
    *[url + "index.html" for url in ARTICLES.values()],
    "kategori/index.html", "kategori/kesehatan/index.html",
    "kategori/pertanian-perikanan/index.html", "kategori/pertanian-perikanan/halaman/2/index.html",
    "topik/index.html", "topik/pasar/index.html", "topik/nelayan/halaman/2/index.html",
    "penulis/index.html", "penulis/maria-lado/index.html", "penulis/sofyan/halaman/2/index.html",
    "arsip/index.html", "arsip/2023/index.html", "arsip/2023/halaman/2/index.html",
    "arsip/2024/index.html", "arsip/2023/03/index.html", "arsip/2024/02/index.html",
    "tentang/index.html", "panduan-menulis/index.html",
    "feeds/berita.atom.xml", "feeds/kategori/kesehatan.atom.xml",
    "feeds/kategori/pertanian-perikanan.atom.xml",
    "sitemap.xml", "robots.txt", "404.html",
])
def test_every_kind_of_url_is_written(local, path):
    assert local.exists(path)


def test_no_url_outside_the_clean_scheme(local):
    """Every HTML page is folder/index.html (404.html aside): no .html in links."""
    stray = [p.relative_to(local.output).as_posix() for p in html_pages(local.output)
             if p.name != "index.html" and p.name != "404.html"]
    assert stray == []


def test_list_pages_hold_two_articles_each(local):
    first = local.html("index.html")
    last = local.html("halaman/3/index.html")
    assert len(first.select(".daftar-berita article")) == 2
    assert len(last.select(".daftar-berita article")) == 2
    assert local.html("halaman/2/index.html").find("a", rel="next")


def read_feed(path: Path):
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def test_main_feed_is_atom_with_absolute_entry_links(local):
    feed = read_feed(local.output / "feeds/berita.atom.xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(ARTICLES)
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert links == {f"http://localhost:8000/{url}" for url in ARTICLES.values()}
    assert all(urlsplit(e.findtext(f"{ATOM}id")).scheme for e in entries)


def test_category_feed_holds_only_its_category(local):
    feed = read_feed(local.output / "feeds/kategori/kesehatan.atom.xml")
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert links == [f"http://localhost:8000/{ARTICLES['imunisasi']}",
                     f"http://localhost:8000/{ARTICLES['posyandu']}"]


def test_category_page_links_its_feed(local):
    page = local.html("kategori/kesehatan/index.html")
    alternate = page.find("link", rel="alternate", type="application/atom+xml",
                          href=lambda h: "kategori" in h)
    assert alternate["href"].endswith("feeds/kategori/kesehatan.atom.xml")


def test_sitemap_lists_every_article(local):
    root = etree.parse(str(local.output / "sitemap.xml")).getroot()
    locs = {loc.text for loc in root.iter(f"{SITEMAP}loc")}
    assert {f"/{url}" for url in ARTICLES.values()} <= locs
    assert "/404.html" not in locs


def test_robots_and_404(local, published):
    assert "User-agent: *" in (local.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in (
        published.output / "robots.txt").read_text(encoding="utf-8")
    assert local.html("404.html").h1.get_text(strip=True) == "Halaman tidak ditemukan"


# --- Links -----------------------------------------------------------------------------

def test_every_internal_link_of_the_local_build_resolves(local):
    broken = []
    checked = 0
    for page in html_pages(local.output):
        soup = parse(page)
        ids = {element["id"] for element in soup.find_all(id=True)}
        for tag, attribute, url in url_values(soup):
            parts = urlsplit(url)
            if parts.scheme in ("data", "mailto", "tel"):
                continue
            where = f"{page.relative_to(local.output)}: <{tag} {attribute}={url!r}>"
            if parts.scheme or url.startswith("//"):
                broken.append(f"{where} is not relative")
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in ids:
                    broken.append(f"{where} names no element on the page")
                continue
            site_path = resolve_relative(local.output, page, url)
            checked += 1
            if not target_file(local.output, site_path).exists() and not plugin_missing(
                    local.output, site_path):
                broken.append(f"{where} -> {site_path} does not exist")
    assert broken == []
    assert checked > 100


def test_published_links_are_absolute_under_the_sub_path(published):
    wrong = []
    checked = 0
    for page in html_pages(published.output):
        for tag, attribute, url in url_values(parse(page)):
            if url.startswith("#") or url.startswith("data:") or url.startswith("mailto:"):
                continue
            where = f"{page.relative_to(published.output)}: <{tag} {attribute}={url!r}>"
            if not url.startswith(PUBLIC + "/"):
                wrong.append(f"{where} is not under {PUBLIC}/")
                continue
            site_path = urlsplit(url).path[len("/sub"):]
            checked += 1
            if not target_file(published.output, site_path).exists() and not plugin_missing(
                    published.output, site_path):
                wrong.append(f"{where} does not exist")
    assert wrong == []
    assert checked > 100


def test_published_feed_and_sitemap_use_the_public_address(published):
    feed = read_feed(published.output / "feeds/berita.atom.xml")
    links = {e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")}
    assert links == {f"{PUBLIC}/{url}" for url in ARTICLES.values()}
    root = etree.parse(str(published.output / "sitemap.xml")).getroot()
    locs = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert all(loc.startswith(PUBLIC + "/") for loc in locs)
    assert {f"{PUBLIC}/{url}" for url in ARTICLES.values()} <= set(locs)


# --- Dates -----------------------------------------------------------------------------

def article_time(soup):
    return soup.select_one("article.berita header time")


def test_article_date_in_indonesian_with_wita_offset(local):
    time = article_time(local.html(ARTICLES["pasar-seba"] + "index.html"))
    assert time["datetime"] == "2023-03-03T09:30:00+08:00"
    assert time.get_text(strip=True).startswith("Jumat, 3 Maret 2023")
    assert "09.30 WITA" in time.get_text()


def test_list_dates_are_indonesian_with_time_elements(local):
    page = local.html("arsip/2023/03/index.html")
    times = {t["datetime"]: t.get_text(strip=True) for t in page.select(".daftar-berita time")}
    assert times == {"2023-03-20T08:00:00+08:00": "Senin, 20 Maret 2023",
                     "2023-03-03T09:30:00+08:00": "Jumat, 3 Maret 2023"}


@pytest.mark.parametrize("locale", ["C", "en_US.UTF-8"])
def test_dates_do_not_follow_the_machine_locale(site, locale):
    build = site(env={"LANG": locale, "LC_ALL": locale, "LC_TIME": locale})
    assert build.returncode == 0, build.stderr
    time = article_time(build.html("berita/2023/03/pasar-seba-dibuka-kembali/index.html"))
    assert time["datetime"] == "2023-03-03T09:30:00+08:00"
    assert time.get_text(strip=True).startswith("Jumat, 3 Maret 2023")


# --- Theme -----------------------------------------------------------------------------

def test_every_page_has_language_one_h1_and_landmarks(local):
    problems = []
    for page in html_pages(local.output):
        soup = parse(page)
        name = page.relative_to(local.output).as_posix()
        if soup.html.get("lang") != "id":
            problems.append(f"{name}: lang={soup.html.get('lang')!r}")
        if len(soup.find_all("h1")) != 1:
            problems.append(f"{name}: {len(soup.find_all('h1'))} h1")
        for landmark in ("header", "main", "footer"):
            if len(soup.select(f"body > {landmark}")) != 1:
                problems.append(f"{name}: no single <{landmark}> in <body>")
        if not soup.select("body > header nav[aria-label]"):
            problems.append(f"{name}: no labelled <nav> in the header")
        skip = soup.body.find("a")
        if skip is None or skip.get("href") != "#main" or not soup.select("main#main"):
            problems.append(f"{name}: the first link is not a skip link to <main id=main>")
        for image in soup.find_all("img"):
            if image.get("alt") is None:
                problems.append(f"{name}: <img src={image.get('src')!r}> without alt")
    assert problems == []


def test_cover_photo_has_its_alt_text(local):
    image = local.html(ARTICLES["pasar-seba"] + "index.html").select_one("article.berita img")
    assert image["alt"] == "Pedagang menata ikan di los Pasar Seba"


@pytest.mark.parametrize("path, current, value", [
    ("index.html", "Beranda", "page"),
    ("halaman/2/index.html", "Beranda", "true"),  # its section, not the page itself
    (ARTICLES["pasar-seba"] + "index.html", "Arsip berita", "true"),
    ("arsip/index.html", "Arsip berita", "page"),
    ("arsip/2023/03/index.html", "Arsip berita", "true"),
    ("kategori/kesehatan/index.html", "Arsip berita", "true"),
    ("topik/pasar/index.html", "Arsip berita", "true"),
    ("penulis/sofyan/index.html", "Arsip berita", "true"),
    ("tentang/index.html", "Tentang", "page"),
    ("404.html", None, None),
])
def test_current_menu_item_is_marked(local, path, current, value):
    menu = local.html(path).select_one("body > header nav[aria-label]")
    marked = [(a.get_text(strip=True), a["aria-current"])
              for a in menu.find_all(attrs={"aria-current": True})]
    assert marked == ([(current, value)] if current else [])


def test_no_page_loads_anything_from_another_host(local, published):
    """Locally nothing is absolute; published, only the site's own address appears."""
    found = []
    for build, allowed in ((local, ()), (published, (PUBLIC + "/",))):
        for page in html_pages(build.output):
            soup = parse(page)
            for tag, attribute, url in url_values(soup):
                absolute = urlsplit(url).scheme in ("http", "https") or url.startswith("//")
                if absolute and not url.startswith(allowed or ("\0",)):
                    found.append(f"{page.relative_to(build.output)}: <{tag} {attribute}={url}>")
            for style in soup.find_all(style=True):
                if "url(" in style["style"]:
                    found.append(f"{page.relative_to(build.output)}: style url()")
    css = (local.output / "theme/css/situs.css").read_text(encoding="utf-8")
    assert "@import" not in css and "http" not in css.split("*/")[-1]
    assert found == []


def test_opengraph_and_news_article_json_ld(published):
    soup = published.html(ARTICLES["pasar-seba"] + "index.html")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:type"] == "article"
    assert og["og:title"] == "Pasar Seba Dibuka Kembali"
    assert og["og:url"] == f"{PUBLIC}/{ARTICLES['pasar-seba']}"
    assert og["article:published_time"] == "2023-03-03T09:30:00+08:00"
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    news = [b for b in blocks if b.get("@type") == "NewsArticle"]
    assert len(news) == 1
    assert news[0]["headline"] == "Pasar Seba Dibuka Kembali"
    assert news[0]["datePublished"] == "2023-03-03T09:30:00+08:00"
    assert news[0]["url"] == f"{PUBLIC}/{ARTICLES['pasar-seba']}"
    assert news[0]["inLanguage"] == "id"


def neighbour(local, key: str, rel: str) -> str | None:
    page = ARTICLES[key] + "index.html"
    link = local.html(page).select_one(f"nav.tetangga a[rel={rel}]")
    return None if link is None else resolve_relative(local.output, local.output / page,
                                                      link["href"])


def test_older_and_newer_neighbours(local):
    assert neighbour(local, "posyandu", "prev") == ARTICLES["pasar-seba"]
    assert neighbour(local, "posyandu", "next") == ARTICLES["nelayan"]
    assert neighbour(local, "pasar-seba", "prev") is None
    assert neighbour(local, "rumput-laut", "next") is None


def test_related_articles_share_a_tag(local):
    page = ARTICLES["pasar-seba"] + "index.html"
    section = local.html(page).find(id="judul-terkait").find_parent("section")
    related = [resolve_relative(local.output, local.output / page, a["href"])
               for a in section.find_all("a")]
    # Only los-ikan shares a tag ('pasar') with pasar-seba.
    assert related == [ARTICLES["los-ikan"]]


def test_sample_notice_only_on_sample_articles(local):
    notice = local.html(ARTICLES["nelayan"] + "index.html").select_one(".catatan-contoh")
    assert notice is not None and "Contoh" in notice.get_text()
    assert local.html(ARTICLES["pasar-seba"] + "index.html").select_one(".catatan-contoh") is None


# --- The repository's sample site ---------------------------------------------------------

def test_sample_site_builds_with_enough_news(sample_build):
    articles = sorted(sample_build.output.glob("berita/*/*/*/index.html"))
    assert len(articles) >= 12
    months = {p.parent.parent.relative_to(sample_build.output) for p in articles}
    assert len(months) >= 3
    categories = [p for p in (sample_build.output / "kategori").iterdir() if p.is_dir()]
    assert len(categories) >= 3
    assert "Traceback" not in sample_build.stderr


def test_sample_site_seed_workshop_article(sample_build):
    soup = sample_build.html(
        "berita/2023/03/lokakarya-kaji-cepat-inovasi-pelayanan-publik/index.html")
    assert "Lokakarya" in soup.h1.get_text()
    time = article_time(soup)
    assert time.get_text(strip=True).startswith("Jumat, 3 Maret 2023")
    assert time["datetime"].startswith("2023-03-03T")


def test_sample_site_about_page(sample_build):
    assert sample_build.html("tentang/index.html").h1.get_text(strip=True) == "Tentang"
