"""Save for later ("Simpan untuk dibaca nanti"), the Tersimpan page, and sharing (issue 26,
points 2, 3 and the saved-article part of 5).

Two builds of one small site (an article whose title has spaces, "&" and characters outside
ASCII, with a cover photo; innovation profiles; a recording), each once per module:
- a local build (relative links), served under a sub-path (/situs/) for the browser tests:
  saving runs in Chromium with the offline helper's service worker (plugins/offline);
- a publish build (publishconf.py, SITEURL under a sub-path) whose files give the exact
  addresses shared: made in a copy of the local build's folder with its .cache/, as
  `invoke publish` after `invoke build` is, so the photo and audio derivatives are reused.
Neither has the web editor nor search: nothing here looks at them.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from PIL import Image

from conftest import make_site, parse, run_build
from quality.axe import violations

PREFIX = "/situs/"
PUBLIC = "https://sabu.contoh.go.id/kabar"
TITLE = "Nelayan & Petani Raijua Sambut Panen — “Syukur” di Ledeke"
ARTICLE = "berita/2024/05/nelayan-petani-raijua-sambut-panen-syukur-di-ledeke/"
RECORDING_TITLE = "Warta Pagi: Pasar & Dermaga Seba"
RECORDING = "berita/2024/04/warta-pagi-pasar-dermaga-seba/"
INNOVATION = "inovasi/posyandu-keliling/"
# Where no page is republished while the tests read the caches: the worker keeps no newest
# articles (they would be kept apart from the reader's saved copy), and waits for the local
# server however loaded the machine is.
LOCAL = {"OFFLINE": {"newest": 0, "timeout": 20}}
SAVED_STATUS = "Tersimpan. Halaman ini dapat dibaca tanpa sambungan internet."


def photo() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 110, 150)).save(data, "JPEG", quality=80)
    return data.getvalue()


def podcast_cover() -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (1400, 1400), (14, 76, 92)).save(data, "PNG")
    return data.getvalue()


FILES = {
    "content/images/berita/panen.jpg": photo(),
    "content/audio/sampul-podcast.png": podcast_cover(),
    "content/berita/panen.md": (
        f"Title: {TITLE}\nDate: 2024-05-02 08:00\nCategory: Pemerintahan\nTags: panen\n"
        "Author: Sofyan\nSummary: Warga Ledeke merayakan panen.\n"
        "Cover: images/berita/panen.jpg\nCover_Alt: Perahu nelayan di pantai Ledeke\n\n"
        "Nelayan dan petani Ledeke di Raijua merayakan panen bersama.\n"),
    "content/berita/warta.md": (
        f"Title: {RECORDING_TITLE}\nDate: 2024-04-20 07:00\nCategory: Pemerintahan\n"
        "Author: Sofyan\nSummary: Warta pagi.\nAudio: audio/2024/warta.wav\n\n"
        "Pasar dan dermaga Seba ramai pagi ini.\n"),
}


def recording(path: Path) -> None:
    from audio import transcode

    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([transcode.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
                    "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=22050:duration=2",
                    str(path)], check=True)


WITHOUT = {"SEARCH": {"enabled": False}, "ADMIN": {"enabled": False}}


def built(folder: Path, **options):
    build = run_build(folder, **options)
    assert build.returncode == 0, build.stderr
    return build


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("simpan") / "site", FILES, base="innovation_base")
    recording(folder / "content" / "audio" / "2024" / "warta.wav")
    return built(folder, extra={**LOCAL, **WITHOUT})


@pytest.fixture(scope="module")
def published(tmp_path_factory, local):
    folder = tmp_path_factory.mktemp("simpan-terbit") / "site"
    shutil.copytree(local.output.parent, folder, ignore=shutil.ignore_patterns("output"))
    return built(folder, settings="publishconf.py",
                 extra={"SITEURL": PUBLIC, "FEED_DOMAIN": PUBLIC, **WITHOUT})


@pytest.fixture
def served(local, static_server) -> str:
    # Compressed, as a host sends pages.
    return static_server(local.output, gzip=True, prefix=PREFIX)


def until(page, script: str, arg=None, seconds: float = 15.0):
    """Evaluates script (it may return a promise) until it gives a truthy value."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(script, arg)
        if value or time.monotonic() > deadline:
            assert value, f"still false after {seconds} s: {script}"
            return value
        time.sleep(0.02)


SAVED_KEYS = "async () => (await (await caches.open('tersimpan')).keys()).map((r) => r.url)"


def page_photos(html_path: Path, page_url: str) -> set[str]:
    """Every same-origin image address the built page references (src and srcset)."""
    page = parse(html_path)
    found = set()
    for element in page.select("img[src], img[srcset], picture source[srcset]"):
        candidates = [element.get("src")] + [part.strip().split()[0] for part in
                                             (element.get("srcset") or "").split(",") if part.strip()]
        found |= {urljoin(page_url, c) for c in candidates if c and not c.startswith("data:")}
    return found


# -- the links and buttons as built -----------------------------------------------------

def test_whatsapp_link_of_an_article_is_its_title_and_public_address(published):
    page = published.html(ARTICLE + "index.html")
    link = page.find("a", string="Bagikan lewat WhatsApp")
    assert link["href"] == (
        "https://wa.me/?text=Nelayan%20%26%20Petani%20Raijua%20Sambut%20Panen%20%E2%80%94%20"
        "%E2%80%9CSyukur%E2%80%9D%20di%20Ledeke%20https%3A%2F%2Fsabu.contoh.go.id%2Fkabar%2F"
        "berita%2F2024%2F05%2Fnelayan-petani-raijua-sambut-panen-syukur-di-ledeke%2F")
    assert link["rel"] == ["noopener"] and not link.has_attr("target")
    # The raw file writes the & of the address as &amp; (valid HTML), nothing else around it.
    raw = (published.output / ARTICLE / "index.html").read_text(encoding="utf-8")
    assert 'href="https://wa.me/?text=Nelayan%20%26%20Petani' in raw
    button = page.find("button", attrs={"data-bagikan": True})
    assert button.has_attr("hidden") and button.get_text() == "Bagikan ke aplikasi lain"
    assert button["data-alamat"] == f"{PUBLIC}/{ARTICLE}" and button["data-judul"] == TITLE
    # Without JavaScript nothing but the link: the save control is hidden in the page.
    assert page.find("button", attrs={"data-simpan": True}).find_parent("p").has_attr("hidden")
    assert page.find("script", src=f"{PUBLIC}/theme/js/simpan.js").has_attr("defer")


def test_profiles_and_recordings_are_shared_with_their_public_address(published):
    profile = published.html(INNOVATION + "index.html")
    name = profile.h1.get_text()
    link = profile.find("a", string="Bagikan lewat WhatsApp")
    assert link["href"] == "https://wa.me/?text=" + quote(f"{name} {PUBLIC}/{INNOVATION}", safe="")
    assert profile.find("button", attrs={"data-simpan": True})["data-judul"] == name
    listing = published.html("dengar/index.html")
    item = listing.find("a", string=RECORDING_TITLE).find_parent("li")
    link = item.find("a", href=re.compile("^https://wa.me/"))
    assert link["href"] == ("https://wa.me/?text=Warta%20Pagi%3A%20Pasar%20%26%20Dermaga%20Seba"
                            "%20https%3A%2F%2Fsabu.contoh.go.id%2Fkabar%2Fberita%2F2024%2F04%2F"
                            "warta-pagi-pasar-dermaga-seba%2F")
    # In a list, each link's name says which recording it shares, after its visible words.
    assert link.get_text() == f"Bagikan lewat WhatsApp: {RECORDING_TITLE}"
    assert item.find("button", attrs={"data-simpan": True}) is None  # recordings: sharing only
    # The recording's own page is an article: shared (and saved) like every article.
    page = published.html(RECORDING + "index.html")
    assert page.find("a", string="Bagikan lewat WhatsApp")["href"].endswith(
        quote(f"{PUBLIC}/{RECORDING}", safe=""))


def test_local_build_shares_the_preview_address(local):
    link = local.html(ARTICLE + "index.html").find("a", string="Bagikan lewat WhatsApp")
    assert link["href"].endswith(quote(f" http://localhost:8000/{ARTICLE}", safe=""))


def test_tersimpan_page_is_noindex_at_a_clean_address_and_linked_from_the_footer(published):
    page = published.html("tersimpan/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.h1.get_text() == "Tersimpan"
    assert "memerlukan JavaScript" in page.find("noscript").get_text()
    assert "tersimpan" not in (published.output / "sitemap.xml").read_text(encoding="utf-8")
    footer = published.html(ARTICLE + "index.html").find("footer", class_="kaki")
    assert footer.find("a", string="Tersimpan")["href"] == f"{PUBLIC}/tersimpan/"


# -- in a browser -----------------------------------------------------------------------

def test_save_list_read_offline_and_remove(chromium_page_sw, served, local):
    page = chromium_page_sw
    article = served + ARTICLE
    page.goto(article)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    button = page.get_by_role("button", name="Simpan untuk dibaca nanti")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    status = page.locator("[data-simpan-status]")
    page.wait_for_function("(s) => document.querySelector(s).textContent.startsWith('Tersimpan.')",
                           arg="[data-simpan-status]")
    assert status.inner_text() == SAVED_STATUS and status.get_attribute("role") == "status"
    assert button.get_attribute("aria-pressed") == "true"
    # The page and every photo address it references are in "tersimpan".
    photos = page_photos(local.output / ARTICLE / "index.html", article)
    assert len(photos) >= 2, photos  # the cover, in several widths
    assert set(page.evaluate(SAVED_KEYS)) == {article} | photos
    # The saved controls pass the accessibility gate on a phone, light and dark.
    page.set_viewport_size({"width": 360, "height": 640})
    box = button.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert [v["id"] for v in violations(page)] == [], scheme

    page.goto(served + "tersimpan/")
    entries = page.locator("[data-tersimpan-daftar] li")
    entries.first.wait_for()
    assert entries.count() == 1
    link = entries.locator("a")
    assert link.inner_text() == TITLE and link.get_attribute("href") == article
    assert page.locator("[data-tersimpan-status]").inner_text() == "1 bacaan tersimpan di perangkat ini."
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        assert [v["id"] for v in violations(page)] == [], scheme

    # Offline, with the worker's own copies of the article and its photos gone: the saved
    # copy is what the reader gets, photo included.
    page.context.set_offline(True)
    page.evaluate("async () => { for (const name of await caches.keys())"
                  " if (/-(halaman|gambar|terbaru)-/.test(name)) await caches.delete(name); }")
    page.goto(article)
    assert page.locator("h1").inner_text() == TITLE
    cover = page.locator("main img").first
    assert cover.evaluate("(i) => i.complete ? i.naturalWidth : new Promise((done) => {"
                          " i.onload = i.onerror = () => done(i.naturalWidth); })") > 0
    # A page never opened: the offline page lists the saved one by its title (the contract
    # with plugins/offline: it reads "tersimpan" too).
    page.goto(served + "tentang/")
    assert page.url.startswith(served + "luring/?alamat=")
    page.wait_for_function("() => !document.getElementById('luring-daftar').hidden")
    assert TITLE in page.locator("#luring-daftar a").all_inner_texts()
    page.context.set_offline(False)

    page.goto(served + "tersimpan/")
    page.get_by_role("button", name=f"Hapus {TITLE}").click()
    page.locator("[data-tersimpan-kosong]").wait_for()
    assert page.locator("[data-tersimpan-daftar] li").count() == 0
    assert page.locator("[data-tersimpan-status]").inner_text() == f"“{TITLE}” dihapus dari Tersimpan."
    assert page.evaluate(SAVED_KEYS) == []  # its photos went with it
    assert page.problems == []


def test_the_button_removes_what_it_saved(chromium_page_sw, served):
    page = chromium_page_sw
    page.goto(served + INNOVATION)
    button = page.get_by_role("button", name="Simpan untuk dibaca nanti")
    button.click()
    page.wait_for_function("() => document.querySelector('[data-simpan]').ariaPressed === 'true'")
    page.reload()  # the state is read back from the cache
    page.wait_for_function("() => document.querySelector('[data-simpan]').ariaPressed === 'true'")
    button.click()
    page.wait_for_function("() => document.querySelector('[data-simpan]').ariaPressed === 'false'")
    assert page.locator("[data-simpan-status]").inner_text() == "Dihapus dari Tersimpan."
    assert page.evaluate(SAVED_KEYS) == []
    assert page.problems == []


SHARED = "window.__dibagikan = []; Object.defineProperty(Navigator.prototype, 'share', {" \
         "configurable: true, value: function (data) { window.__dibagikan.push(data);" \
         " return Promise.resolve(); }});"
NO_SHARE = "delete Navigator.prototype.share;"


def test_no_save_button_where_no_service_worker_runs(chromium_page, served):
    page = chromium_page  # service workers blocked: the page could not be read back offline
    page.goto(served + ARTICLE)
    page.wait_for_load_state("load")
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistration()) === undefined")
    assert page.evaluate("async () => 'caches' in window && !!(await caches.open('tersimpan'))")
    assert page.locator("[data-simpan]").is_hidden()
    assert page.get_by_role("link", name="Bagikan lewat WhatsApp").is_visible()


def test_share_sheet_button_only_where_the_browser_has_one(chromium_page, served):
    page = chromium_page
    page.context.add_init_script(NO_SHARE)
    page.goto(served + ARTICLE)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof navigator.share") == "undefined"
    assert page.locator("[data-bagikan]").is_hidden()
    assert page.get_by_role("link", name="Bagikan lewat WhatsApp").is_visible()


def test_share_sheet_gets_the_title_and_address(chromium_page, served):
    page = chromium_page
    page.context.add_init_script(SHARED)
    page.goto(served + ARTICLE)
    button = page.get_by_role("button", name="Bagikan ke aplikasi lain")
    button.click()
    assert page.evaluate("window.__dibagikan") == [
        {"title": TITLE, "url": f"http://localhost:8000/{ARTICLE}"}]
    page.goto(served + "dengar/")
    buttons = page.locator("[data-bagikan]")
    assert buttons.count() >= 1 and buttons.first.is_visible()
    assert page.problems == []


def test_without_javascript_only_the_link_shows(chromium_page_nojs, served):
    page = chromium_page_nojs
    page.goto(served + ARTICLE)
    assert page.locator("[data-simpan]").is_hidden()
    assert page.locator("[data-bagikan]").is_hidden()
    assert page.get_by_role("link", name="Bagikan lewat WhatsApp").is_visible()
    page.goto(served + "tersimpan/")
    note = page.locator(".catatan-tanpa-js")
    assert note.is_visible()
    assert note.inner_text().startswith("Menyimpan halaman untuk dibaca nanti memerlukan JavaScript")
    assert page.locator("[data-tersimpan-daftar]").is_hidden()
