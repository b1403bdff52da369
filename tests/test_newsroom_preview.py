"""Live preview (`invoke serve`, what `make serve` runs) in a real Chromium.

The preview runs as staff run it, in its own process on a fixture site; the tests edit
files on disk and watch the open tab change by itself: new text after a save, a banner
with the build's message after a broken save while the last good page stays served, the
site's 404 page after the article is deleted.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import FIXTURES, ROOT, make_site

from newsroom import preview as preview_module

INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]
ARTICLE = "content/berita/pasar-seba.md"
ARTICLE_URL = "berita/2023/03/pasar-seba-dibuka-kembali/"
WAIT_MS = 60_000  # a rebuild of the fixture takes a few seconds; a slow machine more


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Preview:
    """`invoke serve` on a site folder, with its terminal output collected."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.start = 0  # lines before this one are a previous test's (restore)
        self.process = subprocess.Popen(
            [*INVOKE, "serve", "--folder", str(site), "--port", str(self.port),
             "--host", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, text: str, timeout: float = WAIT_MS / 1000) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines[self.start:]):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.02)
        pytest.fail(f"the preview never printed {text!r}; it printed:\n"
                    + "\n".join(self.lines[self.start:]))

    def fetch(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.site / relative
        path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")

    def restore(self, relative: str, text: str) -> None:
        """Put the file back as text, wait for the build that follows, then start a new
        stretch of output: a test sees only its own lines."""
        path = self.site / relative
        if not path.exists() or path.read_text("utf-8") != text:
            mark = len(self.lines)
            path.write_text(text, encoding="utf-8")
            self.start = mark
            self.wait_for_line(relative)  # the build of this change began
            self.start = next(index for index in range(mark, len(self.lines))
                              if relative in self.lines[index])
            self.wait_for_line("Selesai dalam")
        self.start = len(self.lines)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def running_preview(tmp_path_factory):
    running = Preview(make_site(tmp_path_factory.mktemp("pratinjau") / "site"))
    running.wait_for_line("Selesai dalam")
    yield running
    running.stop()


@pytest.fixture
def preview(running_preview):
    """The module's preview process (one start for all its tests), the fixture's article
    as it was and built again if a test before changed it; only the tests' own edits in
    its output from here."""
    running_preview.restore(ARTICLE, (FIXTURES / "minimal" / ARTICLE).read_text("utf-8"))
    return running_preview


def heading(page) -> str:
    return page.locator("main h1").first.inner_text()


def test_a_saved_edit_shows_in_the_open_tab_without_a_reload(preview, chromium_page):
    page = chromium_page
    page.goto(preview.base + ARTICLE_URL)
    assert heading(page) == "Pasar Seba Dibuka Kembali"
    page.evaluate("() => { window.bukanMuatUlang = true; }")  # gone once reloaded

    preview.edit(ARTICLE, "Pasar Seba kembali dibuka setelah diperbaiki.",
                 "Ringkasan baru.")
    preview.edit(ARTICLE, "Pasar Seba di Kecamatan Sabu Barat kembali dibuka",
                 "Teks baru dari pratinjau: Pasar Seba kembali dibuka")
    expect(page.locator("main")).to_contain_text("Teks baru dari pratinjau", timeout=WAIT_MS)
    assert page.evaluate("() => window.bukanMuatUlang === undefined")
    preview.wait_for_line(f"Berubah: {ARTICLE}")
    assert page.problems == []


def test_a_broken_save_shows_the_message_and_keeps_the_last_good_page(preview, chromium_page):
    page = chromium_page
    page.goto(preview.base + ARTICLE_URL)
    preview.edit(ARTICLE, "Pasar Seba di Kecamatan Sabu Barat kembali dibuka",
                 "Versi baik terakhir: Pasar Seba kembali dibuka")
    expect(page.locator("main")).to_contain_text("Versi baik terakhir", timeout=WAIT_MS)

    preview.edit(ARTICLE, "Date: 2023-03-03 09:30", "Date: 3 Maret 2023")
    message = ("content/berita/pasar-seba.md:2:7: galat BRT004: 'Date' harus berformat "
               "TTTT-BB-HH JJ:MM dalam WITA, misalnya 2023-03-03 10:00 (ditemukan: "
               "'3 Maret 2023')")
    banner = page.locator("#pratinjau-galat")
    banner.wait_for(state="visible", timeout=WAIT_MS)
    assert banner.locator("h2").inner_text() == "Situs belum dapat dibangun ulang"
    assert banner.locator("pre").inner_text() == message
    assert banner.get_attribute("role") == "alert"
    # The last good build stays: in the tab, and for any page asked for now.
    expect(page.locator("main")).to_contain_text("Versi baik terakhir")
    status, html = preview.fetch(ARTICLE_URL)
    assert status == 200 and "Versi baik terakhir" in html
    preview.wait_for_line(message)
    preview.wait_for_line("Pratinjau tetap menampilkan versi terakhir yang berhasil dibangun.")

    # A page opened while the site is broken shows the banner at once.
    other = page.context.new_page()
    other.goto(preview.base)
    other.locator("#pratinjau-galat pre").wait_for(state="visible", timeout=WAIT_MS)
    assert other.locator("#pratinjau-galat pre").inner_text() == message
    other.close()

    preview.edit(ARTICLE, "Date: 3 Maret 2023", "Date: 2023-03-03 09:30")
    banner.wait_for(state="detached", timeout=WAIT_MS)
    expect(page.locator("main")).to_contain_text("Versi baik terakhir")
    assert page.problems == []


def test_a_deleted_article_gives_the_site_404_page(preview, chromium_page):
    page = chromium_page
    page.goto(preview.base + ARTICLE_URL)
    (preview.site / ARTICLE).unlink()
    expect(page.locator("main h1").first).to_have_text("Halaman tidak ditemukan",
                                                       timeout=WAIT_MS)
    preview.wait_for_line(f"Dihapus: {ARTICLE}")
    status, _ = preview.fetch(ARTICLE_URL)
    assert status == 404


def test_the_built_files_never_carry_the_preview_script(preview):
    status, html = preview.fetch("")
    assert status == 200 and preview_module.SCRIPT_PATH in html  # added when served
    built = [p for p in (preview.site / "output").rglob("*") if p.is_file()]
    assert built
    assert [p for p in built if b"__pratinjau" in p.read_bytes()] == []


@pytest.mark.slow
def test_changes_during_a_build_are_coalesced_into_one_more_build(tmp_path):
    site = make_site(tmp_path / "site")
    said: list[str] = []
    state = preview_module.PreviewState()
    # What is tested is when builds run, not what they make: no Pagefind, no editor bundle.
    builder = preview_module.ResidentBuilder(site, site / "output", overrides={
        "SEARCH": {"enabled": False}, "ADMIN": {"enabled": False}})
    rebuilder = preview_module.Rebuilder(builder, state, said.append)
    rebuilder.start()
    rebuilder.request({("modified", "content/berita/pasar-seba.md")})
    deadline = time.monotonic() + 120
    while not state.building and time.monotonic() < deadline:
        time.sleep(0.01)
    assert state.building  # the first build is running now
    for number in range(5):
        rebuilder.request({("modified", f"content/berita/berkas-{number}.md")})
    while (rebuilder.builds < 2 or state.building) and time.monotonic() < deadline:
        time.sleep(0.01)
    # A third build would begin at once, by naming its changes (said[4]) and marking the
    # state building: neither comes.
    time.sleep(0.3)
    rebuilder.stop()
    assert rebuilder.builds == 2 and len(said) == 4 and not state.building, said
    assert said[0] == "Berubah: content/berita/pasar-seba.md. Membangun ulang..."
    assert said[2] == ("Berubah: content/berita/berkas-0.md; Berubah: content/berita/berkas-1.md; "
                       "Berubah: content/berita/berkas-2.md (dan 2 berkas lain). "
                       "Membangun ulang...")
    assert state.version == 2 and state.problems == []


@pytest.mark.parametrize("changes, line", [
    ({("added", "content/berita/a.md"), ("deleted", "content/berita/a.md")},
     "Membangun situs..."),
    ({("added", "content/berita/b.md"), ("modified", "content/berita/b.md")},
     "Ditambahkan: content/berita/b.md. Membangun ulang..."),
    ({("deleted", "content/images/x.jpg")}, "Dihapus: content/images/x.jpg. Membangun ulang..."),
])
def test_what_the_terminal_says_about_changes(changes, line):
    assert preview_module.describe(changes) == line


@pytest.mark.parametrize("relative, watched", [
    ("content/berita/2025/x.md", True),
    ("content/inovasi/x.yaml", True),
    ("content/images/berita/foto.jpg", True),
    ("theme/templates/base.html", True),
    ("theme/static/css/situs.css", True),
    ("plugins/news/header.py", True),
    ("pelicanconf.py", True),
    ("publishconf.py", False),
    ("output/index.html", False),
    (".cache/konten/x", False),
    ("plugins/news/__pycache__/header.cpython-311.pyc", False),
    ("content/berita/.x.md.swp", False),
    ("content/berita/x.md~", False),
    ("content/berita/sedAb12Cd", False),
    ("content/berita/4913", False),
])
def test_which_files_start_a_rebuild(tmp_path, relative, watched):
    accept = preview_module.wanted(tmp_path)
    assert accept(None, str(tmp_path / relative)) is watched


def test_the_builder_hears_when_a_page_was_sent(tmp_path):
    """The resident builder tidies after a build once the reloading tab has its page
    (newsroom/resident.py page_served): the server says so after each page it sent."""

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    state = preview_module.PreviewState()
    sent = []
    state.on_page = lambda: sent.append(threading.current_thread().name)
    server = preview_module.make_server(tmp_path, state, 0, "127.0.0.1")
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        port = server.server_address[1]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as answer:
            assert b"data-versi" in answer.read()
        deadline = time.monotonic() + 5
        while not sent and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(sent) == 1
    finally:
        server.shutdown()
        server.server_close()


def test_a_page_shown_first_and_written_again_reloads_every_tab():
    """The build says a page it showed first is not the one in place: the new version is
    a number no tab holds, so every tab loads the site again."""
    state = preview_module.PreviewState()
    done = threading.Event()
    shown_as: list[int] = []

    def build():
        state.first_pages({"/berita/": "/tmp/tidak-ada.html"})
        shown_as.append(state.snapshot()["dulu"]["versi"])  # what the tab's page holds
        done.set()
        return preview_module.BuildOutcome(True, shown_first_changed=True)

    rebuilder = preview_module.Rebuilder(build, state, say=lambda text: None)
    rebuilder.start()
    try:
        state.update(early_allowed=True)
        rebuilder.request({("modified", "content/berita/a.md")})
        done.wait(10)
        deadline = time.monotonic() + 10
        while state.building or state.version == 0:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert shown_as and state.version != shown_as[0]  # the tab reloads
        assert state.attempt == state.version  # the next build's number is new too
    finally:
        rebuilder.stop()


def test_a_port_in_use_is_a_message(tmp_path):
    site = make_site(tmp_path / "site")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([*INVOKE, "serve", "--folder", str(site), "--port", str(port),
                               "--host", "127.0.0.1"], capture_output=True, text=True,
                              timeout=60)
    assert done.returncode == 1
    assert done.stdout.strip() == (
        f"galat: port {port} tidak dapat dipakai (Address already in use); hentikan program "
        f"yang memakainya, atau pakai port lain: invoke serve --port {port + 1}")
    assert "Traceback" not in done.stdout + done.stderr


def test_a_site_that_never_built_shows_the_messages(tmp_path, chromium_page):
    site = make_site(tmp_path / "site")
    article = site / ARTICLE
    article.write_text(article.read_text("utf-8").replace("Category: Pemerintahan",
                                                          "Category: Politik"), "utf-8")
    running = Preview(site)
    try:
        running.wait_for_line("Situs belum dapat dibangun ulang: 1 kesalahan.")
        page = chromium_page
        page.goto(running.base + ARTICLE_URL)
        assert heading(page) == "Situs belum pernah berhasil dibangun"
        banner = page.locator("#pratinjau-galat pre")
        banner.wait_for(state="visible", timeout=WAIT_MS)
        assert banner.inner_text().startswith(
            "content/berita/pasar-seba.md:3:11: galat BRT006: 'Category' harus salah satu dari")
        article.write_text(article.read_text("utf-8").replace("Category: Politik",
                                                              "Category: Pemerintahan"), "utf-8")
        expect(page.locator("main h1").first).to_have_text("Pasar Seba Dibuka Kembali",
                                                           timeout=WAIT_MS)
    finally:
        running.stop()


def test_a_file_caught_half_written_ends_in_the_whole_file(preview, chromium_page):
    page = chromium_page
    page.goto(preview.base + ARTICLE_URL)
    path = preview.site / ARTICLE
    whole = path.read_text("utf-8").replace("Pasar Seba di Kecamatan Sabu Barat kembali dibuka",
                                            "Tersimpan utuh: Pasar Seba kembali dibuka")
    # An editor that writes in two steps: the watcher may see the first half on its own.
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(whole[:20])
        handle.flush()
        time.sleep(0.2)
        handle.write(whole[20:])
    expect(page.locator("main")).to_contain_text("Tersimpan utuh", timeout=WAIT_MS)
    expect(page.locator("#pratinjau-galat")).to_have_count(0, timeout=WAIT_MS)
    assert path.read_text("utf-8") == whole


def test_a_new_folder_starts_a_rebuild(tmp_path):
    """The web editor's first article of a year makes its folder and file at once; the file
    can land before the folder is watched, so the new folder itself must count."""
    (tmp_path / "content/berita/2031").mkdir(parents=True)
    (tmp_path / "content/berita/.sembunyi").mkdir(parents=True)
    accept = preview_module.wanted(tmp_path)
    assert accept(None, str(tmp_path / "content/berita/2031")) is True
    assert accept(None, str(tmp_path / "content/berita/.sembunyi")) is False


PAGE = ('<!doctype html><html lang=id><head><title>Berita</title><link rel=icon href="data:,">'
        "</head><body><main><h1>{}</h1></main></body></html>")


class HeldBuilder:
    """A builder that writes the open tab's page, says so (as the resident builder does
    through the build, newsroom/first_pages.py), then waits to be let go: the test sees
    the tab while the build still runs. It ends as told: the new site put in place, or
    a failure with a message."""

    def __init__(self, site: Path, staging: Path) -> None:
        self.site, self.staging = site, staging
        self.viewing = None
        self.on_first_pages = None
        self.text = ""
        self.fail = False
        self.viewed: list[str] = []
        self.go = threading.Event()

    def __call__(self):
        self.viewed = list(self.viewing())
        page = self.staging / "berita" / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE.format(self.text), encoding="utf-8")
        if "/berita/" in self.viewed:
            self.on_first_pages({"/berita/": str(page)})
        self.go.wait(WAIT_MS / 1000)
        self.go.clear()
        if self.fail:
            return preview_module.BuildOutcome(False, ["content/berita/a.md:2:7: galat X"])
        (self.site / "berita" / "index.html").write_bytes(page.read_bytes())
        return preview_module.BuildOutcome(True)


def test_the_open_tab_gets_its_page_before_the_build_ends(tmp_path, chromium_page):
    """The tab's page written first is shown while the build runs; a build that then
    succeeds does not reload it again, one that fails brings the last good page back."""
    site = tmp_path / "output"
    (site / "berita").mkdir(parents=True)
    (site / "index.html").write_text("<!doctype html><title>x</title>", "utf-8")
    (site / "berita" / "index.html").write_text(PAGE.format("Versi lama"), "utf-8")
    state = preview_module.PreviewState()
    builder = HeldBuilder(site, tmp_path / "output.baru")
    preview_module.connect(builder, state)
    server = preview_module.make_server(site, state, 0, "127.0.0.1")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    rebuilder = preview_module.Rebuilder(builder, state, say=lambda text: None)
    rebuilder.start()
    page = chromium_page
    save = {("modified", "content/berita/a.md")}
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/berita/")
        expect(page.locator("h1")).to_have_text("Versi lama")
        deadline = time.monotonic() + 10
        while not state.tabs() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert state.tabs() == ["/berita/"]
        other = page.context.new_page()  # a tab that moves on is not looked at any more
        other.goto(f"http://127.0.0.1:{server.server_address[1]}/")
        while state.tabs() != ["/", "/berita/"] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert state.tabs() == ["/", "/berita/"]
        other.close()  # its stream closes: known as soon as the socket says so
        closing = time.monotonic() + 2
        while state.tabs() != ["/berita/"] and time.monotonic() < closing:
            time.sleep(0.01)
        assert state.tabs() == ["/berita/"]

        builder.text = "Versi baru, tampil lebih dulu"
        rebuilder.request(save)
        expect(page.locator("h1")).to_have_text("Versi baru, tampil lebih dulu",
                                                timeout=WAIT_MS)
        assert builder.viewed == ["/berita/"]
        assert state.building  # shown while the build still runs
        page.evaluate("() => { window.halamanDulu = true; }")
        builder.go.set()
        while state.building:
            time.sleep(0.02)
        time.sleep(0.5)  # the events reach the tab at once; a reload would be seen
        assert page.evaluate("() => window.halamanDulu === true")  # not loaded again
        assert state.early == {}

        builder.text, builder.fail = "Versi yang gagal", True
        rebuilder.request(save)
        expect(page.locator("h1")).to_have_text("Versi yang gagal", timeout=WAIT_MS)
        builder.go.set()
        # The build failed: the last good page again, under the message.
        expect(page.locator("h1")).to_have_text("Versi baru, tampil lebih dulu",
                                                timeout=WAIT_MS)
        expect(page.locator("#pratinjau-galat pre")).to_have_text(
            "content/berita/a.md:2:7: galat X")

        # A save of something other than texts: the page waits for the whole build.
        builder.text, builder.fail = "Versi setelah templat", False
        rebuilder.request({("modified", "theme/templates/base.html")})
        deadline = time.monotonic() + 10
        while not builder.viewed == [] and time.monotonic() < deadline:
            time.sleep(0.02)
        assert builder.viewed == []
        time.sleep(0.3)
        expect(page.locator("h1")).to_have_text("Versi baru, tampil lebih dulu")
        builder.go.set()
        expect(page.locator("h1")).to_have_text("Versi setelah templat", timeout=WAIT_MS)
        assert page.problems == []
    finally:
        rebuilder.stop()
        builder.go.set()
        server.shutdown()
        server.server_close()
