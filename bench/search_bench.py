"""Bytes a typical search transfers, and indexing time, on a synthetic site.

`run(articles=10000) -> dict` writes a synthetic content tree (bench/synth.py), builds it
with the project's settings, serves the output from 127.0.0.1 with gzip (as common hosts
do), and lets the system Chromium open /cari/, type a query and wait for the results,
counting every response: headers plus body as transferred. A second run starts on an
article page, focuses the header field (search is prefetched then), submits with Enter
and counts the same. A third runs the query, then presses "Cari juga di ... berita yang
lebih lama" and counts what searching all news adds (the second index, pagefind/semua/).
Run: `.venv/bin/python bench/search_bench.py --articles 10000`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, StaticServer  # noqa: E402
from synth import write_site  # noqa: E402

QUERY = "layanan kesehatan"
INDEX_LINE = re.compile(r"Pencarian: (\d+) halaman \(dari (\d+) berkas HTML\) diindeks Pagefind "
                        r"dalam ([\d.]+) detik(?:, memori puncak Pagefind ([\d.]+) MB)?"
                        r"(?:; semua berita: (\d+) halaman)?")
DONE_LINE = re.compile(r"Selesai: (\d+) berita.*? dalam ([\d.]+) detik", re.S)


def build(content: Path, output: Path) -> dict:
    """Build content into output with the project's settings; timings from the log."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "newsroom.build", str(content), "-s",
         str(ROOT / "pelicanconf.py"), "-o", str(output), "-v"],
        cwd=content.parent, capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "400", "PYTHONPATH": str(ROOT / "plugins")})
    wall = time.perf_counter() - started
    log = done.stdout + done.stderr
    if done.returncode:
        raise RuntimeError(f"build failed:\n{log[-3000:]}")
    index = INDEX_LINE.search(log)
    pelican = DONE_LINE.search(log)
    indexing = float(index.group(3))
    return {
        "indexed_pages": int(index.group(1)),
        "indexed_pages_all_news": int(index.group(5)) if index.group(5) else None,
        "html_files": int(index.group(2)),
        "indexing_seconds": indexing,
        "pagefind_peak_memory_mb": float(index.group(4)) if index.group(4) else None,
        "pelican_seconds_including_indexing": float(pelican.group(2)),
        "pelican_seconds_without_indexing": round(float(pelican.group(2)) - indexing, 2),
        "build_wall_seconds": round(wall, 2),
        "index_bundle_mb": round(sum(f.stat().st_size for f in (output / "pagefind").rglob("*")
                                     if f.is_file()) / 2**20, 1),
    }


def kind_of(path: str) -> str:
    if "/pagefind/" in path:
        name = path.rsplit("/", 1)[-1]
        if name.endswith(".js"):
            return "pagefind script"
        if name.startswith("wasm."):
            return "pagefind wasm"
        return "pagefind " + path.split("/pagefind/", 1)[1].split("/", 1)[0].split(".")[0]
    if path.endswith(".js"):
        return "our script"
    if path.endswith(".css"):
        return "stylesheet"
    if path.endswith("/") or path.endswith(".html"):
        return "html"
    return "other"


def measure_query(browser, base_url: str, start: str, steps, then=None) -> dict:
    """Transfer sizes of everything one visit fetches, by kind, in bytes.

    With `then`, the figures are those of what `then(page)` fetches after `steps`.
    """
    context = browser.new_context(locale="id-ID", service_workers="block")
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    page.goto(base_url + start)
    steps(page)
    page.locator("[data-cari-hasil] li").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    if then is not None:
        before = page.inner_text("[data-cari-status]")
        responses.clear()
        then(page)
        page.wait_for_load_state("networkidle")
    by_kind: dict[str, int] = defaultdict(int)
    for request in responses:
        sizes = request.sizes()
        by_kind[kind_of(urlsplit(request.url).path)] += (sizes["responseBodySize"]
                                                          + sizes["responseHeadersSize"])
    status = page.inner_text("[data-cari-status]")
    context.close()
    total = sum(by_kind.values())
    search_only = total - by_kind.get("html", 0) - by_kind.get("stylesheet", 0)
    figures = {"status": status, "requests": len(responses), "total_bytes": total,
               "search_bytes": search_only, "by_kind": dict(sorted(by_kind.items()))}
    if then is not None:
        figures["status_before"] = before
    return figures


def open_cari_and_type(page) -> None:
    page.locator("[data-cari-aplikasi]").wait_for()
    page.locator("#q").press_sequentially(QUERY, delay=120)  # a reader typing
    page.locator("[data-cari-status]").filter(has_text=f"'{QUERY}'").wait_for(timeout=30_000)


def header_field_then_enter(page) -> None:
    page.focus("#q-kepala")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # let the prefetches land
    page.keyboard.type(QUERY)
    page.keyboard.press("Enter")
    page.locator("[data-cari-status]").filter(has_text="hasil").wait_for(timeout=30_000)


def press_all_news(page) -> None:
    button = page.locator("[data-cari-semua]")
    if not button.count():
        raise RuntimeError("this site has one index: no 'older news' button to press")
    button.click()  # the search starts at once and marks the list busy until it is done
    page.locator('[data-cari-cakupan="semua"]').wait_for()
    page.locator("[data-cari-hasil]:not([aria-busy])").wait_for(state="attached",
                                                                  timeout=30_000)


def browse(output: Path) -> dict:
    from playwright.sync_api import sync_playwright

    article = next((output / "berita").rglob("index.html")).parent.relative_to(output)
    with StaticServer(output, gzip=True) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            typed = measure_query(browser, server.base_url, "cari/", open_cari_and_type)
            header = measure_query(browser, server.base_url, f"{article.as_posix()}/",
                                   header_field_then_enter)
            split = (output / "pagefind" / "semua").is_dir()
            older = measure_query(browser, server.base_url, "cari/", open_cari_and_type,
                                  then=press_all_news) if split else None
        finally:
            browser.close()
    figures = {"open_cari_and_type": typed, "header_field_then_enter": header}
    if older:
        figures["then_all_news_added"] = older
    return figures


def run(articles: int = 10000, innovations: int = 100, keep: Path | None = None) -> dict:
    """Build a synthetic site of this size and measure search on it."""
    with tempfile.TemporaryDirectory(prefix="search-bench-") as temporary:
        folder = Path(keep) if keep else Path(temporary)
        content, output = folder / "content", folder / "output"
        write_site(content, articles, innovations)
        result = {
            "articles": articles, "innovations": innovations, "query": QUERY,
            "machine": f"{platform.machine()}, {platform.system()} {platform.release()}, "
                       f"Python {platform.python_version()}",
            "date": time.strftime("%Y-%m-%d"),
            **build(content, output),
        }
        result["browser"] = browse(output)
        return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--innovations", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="folder to keep the content and output in")
    parser.add_argument("--site", type=Path, help="only measure the browser on this built site")
    parser.add_argument("--query", default=QUERY, help=f"what the reader types (default {QUERY!r})")
    options = parser.parse_args()
    QUERY = options.query
    if options.site:
        result = browse(options.site)
    else:
        result = run(options.articles, options.innovations, options.keep)
    print(json.dumps(result, indent=2, ensure_ascii=False))
