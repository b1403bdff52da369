"""Offline reading (plugins/offline): the service worker, the offline page, the caches.

One site is built per module (a private copy: the last test rebuilds it with a changed
article) and served under a sub-path (/situs/), as a regency's host may. Service workers
need a secure context: http://127.0.0.1 is one. Offline is the browser's own offline mode
(Playwright's context.set_offline).

The page timeout is a build setting: the shared build waits 20 s for the network, so a
loaded machine never turns a local answer into the cached copy where a slow answer is not
what is tested; the slow-network test has a build of its own (0.5 s) and a server that holds
one page's answer back for longer (SlowServer). Conditions are polled with deadlines.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import build_once, make_site, parse, run_build
from quality.axe import violations

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


PATIENT = {"OFFLINE": {"timeout": 20}}  # a slow answer is not what these builds test
# The slow-network build: the cached copy after 0.5 s (its server holds the page 2 s). No
# editor and no search: the test looks at neither.
HASTY = {"OFFLINE": {"timeout": 0.5}, "ADMIN": {"enabled": False}, "SEARCH": {"enabled": False}}
HOLD = 2.0  # seconds the slow server holds the republished article back: 4 times the timeout
NEW_TEXT = "Pasar Seba kini buka setiap hari mulai pukul enam pagi."




def patient(folder: Path) -> dict:
    """PATIENT, with a small script standing in for Decap's bundle (6.5 MB, compiled at every
    load of /admin/): the worker's rule for the editor is its address, not what it runs."""
    bundle = folder.parent / "decap-cms"
    bundle.mkdir(exist_ok=True)
    (bundle / "decap-cms.js").write_text("/* decap-cms.js stand-in (tests/test_offline.py) */\n",
                                         encoding="utf-8")
    return {**PATIENT, "ADMIN": {"bundle_dir": str(bundle)}}


@pytest.fixture(scope="module")
def site_folder(tmp_path_factory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("luring") / "site", FILES)
    built = run_build(folder, extra=patient(folder))
    assert built.returncode == 0, built.stderr
    return folder


@pytest.fixture(scope="module")
def hasty_folder(tmp_path_factory) -> Path:
    folder = make_site(tmp_path_factory.mktemp("luring-lambat") / "site", FILES)
    built = run_build(folder, extra=HASTY)
    assert built.returncode == 0, built.stderr
    return folder


class SlowServer:
    """The product's static handler, which holds the answers for the paths in `slow` back
    for that many seconds (until the test ends at the latest) and records every path asked."""

    def __init__(self, folder: Path) -> None:
        from newsroom.static_server import StaticHandler, make_server

        self.slow: dict[str, float] = {}
        self.asked: list[str] = []
        self.released = threading.Event()
        server = self

        class Handler(StaticHandler):
            def send_head(self):
                path = self.path.split("?")[0]
                server.asked.append(path)
                if path in server.slow:
                    server.released.wait(server.slow[path])
                return super().send_head()

        self.httpd = make_server(folder, prefix=PREFIX, handler=Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        self.url = f"http://{host}:{port}{PREFIX}"

    def close(self) -> None:
        self.released.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def slow_server():
    """A factory: slow_server(folder) -> SlowServer serving folder under PREFIX."""
    servers: list[SlowServer] = []

    def start(folder: Path) -> SlowServer:
        servers.append(SlowServer(folder))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


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
def reader(chromium_page_sw):
    """A page in a fresh browser profile in which service workers run."""
    return chromium_page_sw


def until(page, script: str, arg=None, seconds: float = 15.0):
    """Evaluates script in page until it gives a truthy value, which is returned; fails after
    seconds. For the caches' promises: page.evaluate awaits them, Playwright's
    wait_for_function does not (an async predicate is a Promise, truthy at once)."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(script, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not true after {seconds} s: {script}", pytrace=False)
        time.sleep(0.02)


IN_CACHE = ("async ([url, kind]) => { for (const name of await caches.keys()) {"
            " if (kind && !name.includes('-' + kind + '-')) continue;"
            " if (await (await caches.open(name)).match(url)) return true; } return false; }")


def read_and_keep(page, url: str) -> None:
    """Open url as a reader does and wait until the worker has kept it, with its photo and
    its scripts."""
    page.goto(url)
    until(page, "async () => { await navigator.serviceWorker.ready;"
                " return !!navigator.serviceWorker.controller"
                " && [...document.images].every((i) => i.complete); }")
    until(page, IN_CACHE, [url, "halaman"])
    until(page, "async () => { const i = document.querySelector('main img');"
                " const scripts = [...document.scripts].map((s) => s.src).filter(Boolean);"
                " const found = await Promise.all(scripts.map((s) =>"
                " caches.match(s, {ignoreSearch: true})));"
                " return (!i || !!(await caches.match(i.currentSrc))) && found.every(Boolean); }")


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
    """The preview builds a full build's files (its pages must be byte for byte a full
    build's), and its server withholds the worker: the registration script is empty and
    sw.js is not found, so no save is ever answered from a cache."""
    import urllib.error
    import urllib.request

    from newsroom import preview

    built = build_once(tmp_path_factory, "minimal", {"PREVIEW_BUILD": True,
                                                     "ADMIN": {"enabled": False},
                                                     "SEARCH": {"enabled": False}})
    assert (built.output / "sw.js").is_file()  # the same files as a full build
    server = preview.make_server(built.output, preview.PreviewState(), 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with urllib.request.urlopen(base + "theme/js/luring.js") as answer:
            script = answer.read().decode("utf-8")
        assert "serviceWorker" not in script and script.startswith("// Pratinjau")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(base + "sw.js")
        assert refused.value.code == 404
        # A page is served as built (with the reload script), the worker's files are not.
        with urllib.request.urlopen(base + ARTICLE) as answer:
            assert "luring.js" in answer.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_read_once_then_offline(reader, served):
    page = reader
    read_and_keep(page, served + ARTICLE)
    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == served
    # Both newest articles kept, so no fetch of the worker is under way.
    until(page, "async (urls) => (await Promise.all(urls.map((u) => caches.match(u))))"
                ".every(Boolean)", [served + ARTICLE, served + OTHER])
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


def rebuild_with_new_text(folder: Path, extra: dict) -> None:
    make_site(folder, {"content/berita/pasar-seba.md": article_text(NEW_TEXT)})
    rebuilt = run_build(folder, extra=extra)
    assert rebuilt.returncode == 0, rebuilt.stderr


def test_new_publish_is_seen_online(reader, served, site_folder):
    """Without a slow network the new text is shown at once, with no notice."""
    page = reader
    read_and_keep(page, served + ARTICLE)
    rebuild_with_new_text(site_folder, patient(site_folder))
    page.goto(served + ARTICLE)
    text = page.locator("main").inner_text()
    assert NEW_TEXT in text
    assert "dibuka pada hari Jumat" not in text
    assert page.locator(".pembaruan").inner_text() == ""
    assert page.problems == []


def test_a_slow_network_shows_the_kept_page_then_offers_the_new_one(
        chromium_page_sw, hasty_folder, slow_server):
    """A republished article, its answer held back beyond the timeout: the kept copy is shown
    at once, the notice comes when the host's answer does, and "Muat ulang" shows the new
    text (the cache was updated although the network stays slow)."""
    server = slow_server(hasty_folder / "output")
    page = chromium_page_sw
    read_and_keep(page, server.url + ARTICLE)
    rebuild_with_new_text(hasty_folder, HASTY)
    server.slow[PREFIX + ARTICLE] = HOLD  # the build's timeout is 0.5 s
    page.goto(server.url + ARTICLE)
    assert "dibuka pada hari Jumat" in page.locator("main").inner_text()
    notice = page.locator(".pembaruan")
    assert notice.get_attribute("role") == "status"
    reload = notice.get_by_role("button", name="Muat ulang")
    reload.wait_for(timeout=20_000)  # the held-back answer (HOLD), compared, then told
    assert notice.locator("p").inner_text().startswith("Versi terbaru halaman ini sudah tersedia.")
    assert NEW_TEXT not in page.locator("main").inner_text()
    # The notice passes the accessibility gate, light and dark, on a phone.
    page.set_viewport_size({"width": 360, "height": 640})
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert [v["id"] for v in violations(page)] == [], scheme
    # Keyboard: Tab reaches the button from the element before it; Enter reloads.
    notice.get_by_role("button", name="Tutup").focus()
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.textContent") == "Muat ulang"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    text = page.locator("main").inner_text()
    assert NEW_TEXT in text and "dibuka pada hari Jumat" not in text
    assert page.problems == []


def test_the_page_on_screen_is_kept_at_once_without_a_second_download(
        chromium_page_sw, site_folder, slow_server):
    """The first page (loaded before the worker runs) is kept from the copy the browser holds,
    before the newest articles: while the host holds every other answer back, it is cached
    and readable after a reload right after going offline, and was asked from the host once."""
    server = slow_server(site_folder / "output")
    page = chromium_page_sw
    about = PREFIX + "tentang/"
    page.goto(server.url + "tentang/")
    for path in (about, PREFIX + ARTICLE, PREFIX + OTHER):
        server.slow[path] = 30.0  # the newest articles are still being fetched
    until(page, "async () => !!(await navigator.serviceWorker.ready)")
    until(page, IN_CACHE, [server.url + "tentang/", "halaman"], seconds=10)
    page.context.set_offline(True)
    page.reload()
    assert page.url == server.url + "tentang/"
    assert page.locator("h1").inner_text() != "Anda sedang tidak tersambung ke internet"
    assert server.asked.count(about) == 1
    assert page.problems == []
