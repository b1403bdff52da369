"""`invoke publish --siteurl URL`: a checked build for the public address, put in place
only when it is good; under a sub-path every link works on a plain static server; two
publishes of the same content are the same bytes.
"""

from __future__ import annotations

import contextlib
import io
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import site_server
from conftest import ROOT, make_site

INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]
BASE = "innovation_base"


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*INVOKE, *args], capture_output=True, text=True, timeout=900)


def invoke_here(*args: str) -> subprocess.CompletedProcess:
    """`invoke ARGS` parsed and run by invoke's own Program in this process, on tasks.py's
    tasks: the command line and the task as a process runs them, without a Python start
    (the publish builds in-process either way: newsroom/check.py)."""
    import tasks
    from invoke import Collection, Program

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            Program(namespace=Collection.from_module(tasks)).run(["invoke", *args])
        except SystemExit as stopped:
            code = stopped.code if isinstance(stopped.code, int) else 1
    return subprocess.CompletedProcess(["invoke", *args], code, out.getvalue(),
                                       err.getvalue())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize("siteurl, why", [
    ("saburaijuakab.go.id", ""), ("ftp://contoh.go.id/situs/", ""), ("https://", ""),
    ("https://contoh.go.id/a b/", "; tanpa spasi, tanda kutip, < >, atau karakter kendali"),
    ("https://contoh.go.id/?x=1", "; tanpa ?... atau #...")])
def test_an_address_that_is_not_http_is_refused(tmp_path, siteurl, why):
    site = make_site(tmp_path / "site")
    done = invoke_here("publish", "--siteurl", siteurl, "--folder", str(site))
    assert done.returncode == 1
    assert done.stdout.strip() == (
        "galat: --siteurl harus alamat web yang diawali http:// atau https://, misalnya "
        f"https://saburaijuakab.go.id/kabar-inovasi/{why} (ditemukan: '{siteurl}')")
    assert "Traceback" not in done.stdout + done.stderr
    assert not (site / "output").exists()


def test_a_failed_publish_leaves_the_previous_site_byte_for_byte(tmp_path):
    site = make_site(tmp_path / "site")
    first = invoke_here("publish", "--siteurl", "https://contoh.go.id/kabar-inovasi/",
                        "--folder", str(site))
    assert first.returncode == 0, first.stdout + first.stderr
    before = tree(site / "output")
    assert "index.html" in before

    article = site / "content/berita/pasar-seba.md"
    article.write_text(article.read_text("utf-8").replace("Category: Pemerintahan",
                                                          "Category: Politik"), "utf-8")
    second = invoke_here("publish", "--siteurl", "https://contoh.go.id/kabar-inovasi/",
                         "--folder", str(site))
    assert second.returncode == 1
    lines = second.stdout.splitlines()
    assert lines[0] == ("Menerbitkan untuk https://contoh.go.id/kabar-inovasi/: membangun dan "
                        "memeriksa situs...")
    assert lines[1] == "Pemeriksaan menemukan 1 kesalahan. Perbaiki semuanya, lalu terbitkan lagi"
    assert lines[2].startswith("content/berita/pasar-seba.md:3:11: galat BRT006: 'Category' ")
    assert lines[-1] == "Penerbitan dibatalkan: situs lama di output/ tidak diubah."
    assert tree(site / "output") == before
    assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output"]


# ---- a sub-path publish served by a plain static server ------------------------------

@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """The fixture published for http://127.0.0.1:PORT/kabar-inovasi/ and served there."""
    folder = tmp_path_factory.mktemp("terbit")
    site = make_site(folder / "site", base=BASE)
    port = free_port()
    base = f"http://127.0.0.1:{port}/kabar-inovasi/"
    done = invoke_here("publish", "--siteurl", base, "--folder", str(site),
                       "--dest", str(folder / "www/kabar-inovasi"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith(
        f"Situs terbit di {folder / 'www/kabar-inovasi'} untuk {base} (")
    server = site_server(folder / "www", port=port)
    # a short poll: shutdown() waits for it (the default is 0.5 s)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield base
    server.shutdown()
    server.server_close()


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get_content_type(), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def references(url: str, kind: str, body: bytes) -> list[str]:
    """Every URL a page, stylesheet, feed or sitemap refers to, made absolute."""
    found: list[str] = []
    if kind == "text/html":
        soup = BeautifulSoup(body, "lxml")
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"),
                               ("script", "src"), ("source", "src")):
            found += [element[attribute] for element in soup.find_all(tag)
                      if element.get(attribute)]
        for element in soup.find_all(["img", "source"], srcset=True):
            found += [part.split()[0] for part in element["srcset"].split(",") if part.strip()]
    elif kind in ("application/xml", "text/xml", "application/atom+xml"):
        soup = BeautifulSoup(body, "xml")
        found += [link["href"] for link in soup.find_all("link") if link.get("href")]
        found += [loc.get_text(strip=True) for loc in soup.find_all("loc")]
    return [urljoin(url, reference) for reference in found]


def test_every_link_of_a_sub_path_publish_resolves(hosted):
    host = urlsplit(hosted).netloc
    seen: set[str] = set()
    queue = [hosted, hosted + "404.html", hosted + "sitemap.xml", hosted + "feeds/berita.atom.xml"]
    broken: list[str] = []
    pages = 0
    while queue:
        url = queue.pop()
        address = url.split("#", 1)[0]
        if address in seen:
            continue
        seen.add(address)
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or parts.netloc != host:
            continue
        if not parts.path.startswith("/kabar-inovasi/"):
            broken.append(f"{address}: outside the sub-path")
            continue
        status, kind, body = fetch(address)
        if status != 200:
            broken.append(f"{address}: {status}")
            continue
        pages += kind == "text/html"
        if not parts.path.startswith("/kabar-inovasi/pagefind/"):
            queue += references(address, kind, body)
    assert broken == []
    assert pages > 20


def test_search_results_of_a_sub_path_publish_resolve(hosted, chromium_page):
    page = chromium_page
    page.goto(hosted + "cari/?q=posyandu")
    results = page.locator("[data-cari-hasil] h2 a")
    results.first.wait_for(timeout=20_000)
    links = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert links
    for link in links:
        address = urljoin(page.url, link)
        assert address.startswith(hosted)
        assert fetch(address)[0] == 200, address
    assert page.problems == []


# ---- determinism ------------------------------------------------------------------

# Pagefind writes its filter and metadata indexes, and the entry file naming them, in the
# order of a hash map: their bytes (and hashed names) change from run to run. Its
# fragments and word indexes do not. The search they give is compared instead.
PAGEFIND_UNORDERED = ("pagefind/filter/", "pagefind/pagefind-entry.json", ".pf_meta")


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items()
            if not any(mark in path for mark in PAGEFIND_UNORDERED)}


@pytest.fixture(scope="module")
def two_publishes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kembar")
    site = make_site(folder / "site", base=BASE)
    for name in ("a", "b"):
        done = invoke("publish", "--siteurl", "https://contoh.go.id/kabar-inovasi/",
                      "--folder", str(site), "--dest", str(folder / name))
        assert done.returncode == 0, done.stdout + done.stderr
    return folder / "a", folder / "b"


def test_two_publishes_are_byte_identical(two_publishes):
    first, second = (tree(folder) for folder in two_publishes)
    assert sorted(stable(first)) == sorted(stable(second))
    differing = [path for path in stable(first) if first[path] != second[path]]
    assert differing == []
    assert any(path.startswith("pagefind/fragment/") for path in first)


def search_answers(page, base: str, queries: list[str]) -> list:
    """Results (address, excerpt) and filter counts of Pagefind's own API, per query."""
    page.goto(base + "cari/")
    return page.evaluate("""async (queries) => {
        const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
        await pagefind.init();
        const answers = [];
        for (const query of queries) {
            const search = await pagefind.search(query);
            const data = await Promise.all(search.results.map((r) => r.data()));
            answers.push({query, filters: search.filters,
                          results: data.map((d) => [d.url, d.excerpt])});
        }
        return answers;
    }""", queries)


def test_the_two_search_bundles_answer_alike(two_publishes, static_server, chromium_page):
    queries = ["posyandu", "antrean", "sekolah pantai", "dibuka", "qwzxv"]
    answers = []
    for folder in two_publishes:
        base = static_server(folder, prefix="/kabar-inovasi/")
        answers.append(search_answers(chromium_page, base, queries))
    assert answers[0] == answers[1]
    assert [len(answer["results"]) > 0 for answer in answers[0]] == [True, True, True, True,
                                                                     False]


def test_rsync_missing_is_a_message_after_the_site_is_in_place(tmp_path, monkeypatch):
    site = make_site(tmp_path / "site")
    no_tools = tmp_path / "bin"
    no_tools.mkdir()
    monkeypatch.setenv("PATH", str(no_tools))
    done = invoke_here("publish", "--siteurl", "https://contoh.go.id/", "--folder", str(site),
                       "--rsync", "redaksi@contoh.go.id:/var/www/")
    assert done.returncode == 1
    assert done.stdout.splitlines()[-1] == (
        "galat: program rsync tidak terpasang; pasang dulu (apt-get install rsync), atau salin "
        f"isi {site / 'output'} ke server dengan cara lain")
    assert (site / "output/index.html").is_file()
