"""Offline reading (plugins/offline): the service worker, the offline page, the caches.

One site is built per module (a private copy: the last test rebuilds it with a changed
article) and served under a sub-path (/situs/), as a regency's host may. Service workers
need a secure context: http://127.0.0.1 is one. Offline is the browser's own offline mode
(Playwright's context.set_offline).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_once, make_site, parse, run_build

ARTICLE = "berita/2023/03/pasar-seba-dibuka-kembali/"
OTHER = "berita/2023/04/embung-menia-penuh/"
PREFIX = "/situs/"
BUDGET = 100_000  # bytes a reader's browser installs with the worker (issue 26)


def photo() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 120, 160)).save(data, "JPEG", quality=80)
    return data.getvalue()


def article_text(sentence: str) -> str:
    return ("Title: Pasar Seba Dibuka Kembali\nDate: 2023-03-03 09:30\nCategory: Pemerintahan\n"
            "Tags: pasar, sabu barat\nAuthor: Sofyan\nSummary: Pasar Seba kembali dibuka.\n"
            "Cover: images/berita/pasar.jpg\nCover_Alt: Los pasar yang baru diperbaiki\n\n"
            f"{sentence}\n")


FILES = {
    "content/images/berita/pasar.jpg": photo(),
    "content/berita/pasar-seba.md": article_text("Pasar Seba di Sabu Barat dibuka pada hari Jumat."),
    "content/berita/embung.md": (
        "Title: Embung Menia Penuh\nDate: 2023-04-10 08:00\nCategory: Pemerintahan\n"
        "Tags: air\nAuthor: Sofyan\nSummary: Embung Menia penuh setelah hujan.\n\n"
        "Embung di Menia penuh setelah hujan tiga hari.\n"),
}


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("luring") / "site", FILES)
    built = run_build(folder)
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture(scope="module")
def worker_config(site_folder) -> dict:
    text = (site_folder / "output" / "sw.js").read_text(encoding="utf-8")
    found = re.search(r"^const CONFIG = (\{.*?^\});$", text, re.M | re.S)
    assert found, "sw.js holds its configuration"
    return json.loads(found.group(1))


@pytest.fixture
def served(site_folder, static_server) -> str:
    return static_server(site_folder / "output", prefix=PREFIX)


@pytest.fixture
def reader(chromium_browser):
    """A page in a fresh browser profile in which service workers run."""
    context = chromium_browser.new_context(locale="id-ID", service_workers="allow")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    yield page
    context.close()


def read_and_keep(page, url: str) -> None:
    """Open url as a reader does and wait until the worker has kept it."""
    page.goto(url)
    page.wait_for_function(
        "async () => { await navigator.serviceWorker.ready;"
        " return !!(await caches.match(location.href)) && !!navigator.serviceWorker.controller"
        " && [...document.images].every((i) => i.complete); }")
    page.wait_for_function(
        "async () => { const i = document.querySelector('main img');"
        " return !i || !!(await caches.match(i.currentSrc)); }")


def test_precache_is_what_every_page_needs_within_budget(site_folder, worker_config):
    output = site_folder / "output"
    urls = [entry["url"] for entry in worker_config["precache"]]
    assert urls == ["theme/css/situs.css", "theme/js/luring.js", "luring/"]
    installed = 0
    for entry in worker_config["precache"]:
        path = output / (entry["url"] + "index.html" if entry["url"].endswith("/") else entry["url"])
        data = path.read_bytes()
        assert entry["revision"] == hashlib.sha256(data).hexdigest()[:16], entry["url"]
        installed += len(data)
    worker_code = sum(p.stat().st_size for p in [output / "sw.js",
                                                  *(output / "luring" / "workbox").iterdir()])
    assert installed <= BUDGET, f"precache {installed} bytes"
    assert installed + worker_code <= BUDGET, f"precache + worker {installed + worker_code} bytes"
    # Newest articles of the home page, newest first; the editor stays outside.
    assert worker_config["newest"][:2] == [OTHER, ARTICLE]
    assert worker_config["admin"] == "admin/"


def test_offline_page_is_noindex_and_nowhere_listed(site_folder):
    output = site_folder / "output"
    page = parse(output / "luring" / "index.html")
    assert page.html["lang"] == "id"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.h1.get_text() == "Anda sedang tidak tersambung ke internet"
    assert "luring" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    # Every page registers the worker, found from the script's own address.
    script = parse(output / ARTICLE / "index.html").find("script", src=re.compile("luring.js"))
    assert script["src"] == "../../../../theme/js/luring.js" and script.has_attr("defer")


def test_preview_has_no_worker(tmp_path_factory):
    preview = build_once(tmp_path_factory, "minimal", {"PREVIEW_BUILD": True})
    assert not (preview.output / "sw.js").exists()
    assert not (preview.output / "luring").exists()
    page = preview.html("berita/2023/03/pasar-seba-dibuka-kembali/index.html")
    assert page.find("script", src=re.compile("luring")) is None
    for script in page.find_all("script"):
        assert "serviceWorker" not in script.get_text()


def test_read_once_then_offline(reader, served):
    page = reader
    read_and_keep(page, served + ARTICLE)
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == served
    # Both newest articles kept, so no fetch of the worker is under way.
    page.wait_for_function(
        "async (urls) => (await Promise.all(urls.map((u) => caches.match(u)))).every(Boolean)",
        arg=[served + ARTICLE, served + OTHER])
    page.context.set_offline(True)
    page.goto(served + ARTICLE)
    assert "Pasar Seba di Sabu Barat dibuka" in page.locator("main").inner_text()
    cover = page.locator("main img").first
    assert cover.evaluate("(i) => i.complete ? i.naturalWidth : new Promise((done) => {"
                          " i.onload = i.onerror = () => done(i.naturalWidth); })") > 0
    # A page never opened: the offline page, naming it and listing what can be read.
    page.goto(served + "tentang/")
    assert page.url.startswith(served + "luring/?alamat=")
    assert page.locator("h1").inner_text() == "Anda sedang tidak tersambung ke internet"
    assert page.locator("#luring-alamat").inner_text() == PREFIX + "tentang/"
    page.wait_for_function("() => !document.getElementById('luring-daftar').hidden")
    titles = page.locator("#luring-daftar a").all_inner_texts()
    assert "Pasar Seba Dibuka Kembali" in titles
    # The newest article of the home page was kept without being opened.
    assert "Embung Menia Penuh" in titles
    page.goto(served + OTHER)
    assert "Embung di Menia penuh" in page.locator("main").inner_text()
    assert page.problems == []


def test_editor_is_not_served_by_the_worker(reader, served):
    page = reader
    read_and_keep(page, served)
    assert page.goto(served + ARTICLE).from_service_worker
    response = page.goto(served + "admin/")
    assert not response.from_service_worker
    kept = page.evaluate("""async () => {
        const found = [];
        for (const name of await caches.keys()) {
          for (const r of await (await caches.open(name)).keys()) found.push(r.url);
        }
        return found.filter((url) => url.includes('/admin/'));
    }""")
    assert kept == []


def test_new_publish_is_seen_online(reader, served, site_folder):
    page = reader
    read_and_keep(page, served + ARTICLE)
    make_site(site_folder, {"content/berita/pasar-seba.md": article_text(
        "Pasar Seba kini buka setiap hari mulai pukul enam pagi.")})
    rebuilt = run_build(site_folder)
    assert rebuilt.returncode == 0, rebuilt.stderr
    page.goto(served + ARTICLE)
    text = page.locator("main").inner_text()
    assert "buka setiap hari mulai pukul enam" in text
    assert "dibuka pada hari Jumat" not in text
