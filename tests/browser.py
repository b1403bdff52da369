"""Browser test fixtures: a real local HTTP server and the system's Chromium via Playwright.

Loaded from tests/conftest.py (``pytest_plugins = ["browser"]``). Fixtures:

- ``static_server(folder, gzip=False, prefix="/") -> base_url``: serves a built site on 127.0.0.1 (random
  port) from a thread with the product's handler (newsroom/static_server.py), as a host does.
  ``gzip=True`` compresses text responses (HTML, CSS, JS, JSON) as common hosts do.
- ``chromium_browser`` (session): the system Chromium at /usr/bin/chromium. When it is
  missing the test fails (never skips) and says how to install it.
- ``chromium_page``: a fresh page with JavaScript; ``chromium_page_nojs``: one without.
  Both refuse every request that does not go to 127.0.0.1 (the site must fetch nothing
  from the network), and collect ``page.problems``: uncaught errors, console errors and
  refused requests, for tests to assert empty. Both block service workers.
- ``chromium_page_sw``: as ``chromium_page``, in a context where service workers run (the
  site's offline reading; a fresh profile per test, so no worker or cache is left over).
  Requests elsewhere than 127.0.0.1 are recorded as problems but not intercepted: routing
  turns Chromium's HTTP cache off, and what a worker does depends on it.
"""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Every request to another host goes to a proxy on a closed port and fails; Chromium
    # never sends loopback addresses through a proxy, so the local test servers answer.
    "--proxy-server=http://127.0.0.1:9",
]


def site_server(folder: Path, port: int = 0, gzip: bool = False, prefix: str = "/"):
    """The product's static server (newsroom/static_server.py) for folder on 127.0.0.1."""
    from newsroom.static_server import make_server

    return make_server(Path(folder), port=port, compress=gzip, prefix=prefix)


class StaticServer:
    """A static HTTP server for one folder, running in a daemon thread until stopped."""

    def __init__(self, folder: Path, gzip: bool = False, prefix: str = "/") -> None:
        self.httpd = site_server(folder, gzip=gzip, prefix=prefix)
        self.prefix = prefix
        # A short poll: shutdown() waits for it (the default 0.5 s, after every test).
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.prefix}"

    def __enter__(self) -> "StaticServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _servers():
    servers: list[StaticServer] = []

    def start(folder, gzip: bool = False, prefix: str = "/") -> str:
        server = StaticServer(Path(folder), gzip=gzip, prefix=prefix).__enter__()
        servers.append(server)
        return server.base_url

    yield start
    for server in servers:
        server.__exit__(None, None, None)


@pytest.fixture
def static_server():
    """A factory: static_server(folder, gzip=False, prefix="/") -> base URL ending in '/'."""
    yield from _servers()


@pytest.fixture(scope="module")
def module_server():
    """static_server for the whole module: one origin per site, so the module's page finds
    what it loaded (Pagefind's files...) in its HTTP cache from test to test."""
    yield from _servers()


def require_chromium() -> str:
    """The Chromium executable; fails the test with instructions when it is missing."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: browser tests need it. "
            "Install it with `make system-tools` (apt-get install -y chromium) "
            "or point CHROMIUM_PATH at an executable.", pytrace=False)
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_browser():
    """The system's Chromium, launched once per session through Playwright."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, javascript: bool = True, service_workers: str = "block"):
    """A page in a fresh context that only talks to 127.0.0.1 and records its problems."""
    context = browser.new_context(java_script_enabled=javascript, locale="id-ID",
                                  service_workers=service_workers)
    context.set_default_timeout(10_000)  # a local site answers at once; fail fast
    page = context.new_page()
    page.problems = []

    # Requests are watched, not intercepted: routing sends every request through this
    # process and turns Chromium's HTTP cache off. Nothing can leave anyway: Chromium runs
    # with a proxy that answers nothing for every host but 127.0.0.1 (CHROMIUM_ARGS).
    def watch(request):
        host = urlsplit(request.url).hostname
        if not (request.url.startswith(("data:", "blob:")) or host == "127.0.0.1"):
            page.problems.append(f"network request refused: {request.url}")

    context.on("request", watch)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("console", lambda message: message.type == "error"
            and page.problems.append(f"console error: {message.text}"))
    return context, page


@pytest.fixture
def chromium_page(chromium_browser):
    """A fresh Chromium page with JavaScript enabled."""
    context, page = open_page(chromium_browser, javascript=True)
    yield page
    context.close()


@pytest.fixture
def chromium_page_sw(chromium_browser):
    """A fresh Chromium page with JavaScript in which service workers run."""
    context, page = open_page(chromium_browser, javascript=True, service_workers="allow")
    yield page
    context.close()


@pytest.fixture(scope="module")
def module_page(chromium_browser):
    """One JavaScript page for a module's tests that load their own documents and need no
    fresh profile (no request watching, no init script): no new context per test, and
    what the first test loaded comes from the HTTP cache."""
    context, page = open_page(chromium_browser, javascript=True)
    yield page
    context.close()


@pytest.fixture
def reader(module_page):
    """The module's page with this test's own problems (uncaught errors, console errors)."""
    module_page.problems.clear()
    yield module_page
    module_page.goto("about:blank")  # whatever the test left loading ends with it


@pytest.fixture
def chromium_page_nojs(chromium_browser):
    """A fresh Chromium page with JavaScript disabled."""
    context, page = open_page(chromium_browser, javascript=False)
    yield page
    context.close()


BROWSER_FIXTURES = {"chromium_browser"}  # every page fixture depends on it


def pytest_collection_modifyitems(config, items):
    """Mark every test that uses a browser fixture `browser`, so none can forget the mark
    (`make test-fast` runs -m "not browser and not slow")."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
