"""Live preview: time from saving an article to the reloaded tab, in a real browser.

For each site (the sample site, and synthetic sites from bench/synth.py), this starts
`invoke serve` (the preview of `make serve`) on a copy in bench/work/preview/<name>/,
opens a new article in the system Chromium (Playwright), then, run after run, appends a
marked paragraph to the article's Markdown file and waits until the open tab shows it.
The figure is the wall time from the write to the marker in the page: the watcher's
debounce, the full rebuild, the swap, the event to the tab and its reload. The build
time the preview printed is recorded too. Medians go to bench/preview_results.json and
to a section of bench/RESULTS.md (between preview_bench markers).

    .venv/bin/python bench/preview_bench.py --sizes sample,5000 --runs 5 --runs-large 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "plugins"))

from newsroom import scaffold  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
TITLE = "Uji Waktu Pratinjau"
BEGIN, END = "<!-- preview_bench -->", "<!-- /preview_bench -->"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(work: Path, size: str) -> tuple[Path, str]:
    """A site folder with content/ and the new article; its name for the table."""
    folder = work / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if size == "sample":
        shutil.copytree(ROOT / "content", folder / "content")
        label = "sample site"
    else:
        from synth import write_site

        articles = int(size)
        write_site(folder / "content", articles, articles // 10)
        label = f"{articles:,} articles + {articles // 10:,} innovations"
    return folder, label


class Preview:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "invoke", "-r", str(ROOT), "serve", "--folder", str(folder),
             "--port", str(self.port), "--host", "127.0.0.1"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def builds(self) -> list[float]:
        """Build seconds the preview printed, in order."""
        found = []
        for line in self.lines:
            match = re.match(r"Selesai dalam (\d+),(\d) detik", line)
            if match:
                found.append(float(f"{match[1]}.{match[2]}"))
        return found

    def wait_builds(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.builds()) < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("preview did not build:\n" + "\n".join(self.lines[-40:]))
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def measure(folder: Path, runs: int, browser) -> dict:
    """Save-to-reload seconds of each run, and the build seconds the preview printed."""
    now = dt.datetime.now(dt.timezone.utc)
    article = scaffold.new_article(folder, TITLE, scaffold.first_category(folder), now)
    local = now.astimezone(scaffold.WITA)
    url_path = f"berita/{local:%Y}/{local:%m}/{scaffold.slugify(TITLE)}/"
    preview = Preview(folder)
    try:
        preview.wait_builds(1, timeout=1800)
        page = browser.new_page()
        page.goto(preview.base + url_path)
        page.locator("main h1").first.wait_for()
        times = []
        for run in range(1, runs + 1):
            marker = f"Penanda pratinjau nomor {run}"
            text = article.read_text(encoding="utf-8")
            started = time.perf_counter()
            article.write_text(text + f"\n{marker}.\n", encoding="utf-8")
            page.locator("main", has_text=marker).first.wait_for(timeout=1_800_000)
            times.append(time.perf_counter() - started)
            preview.wait_builds(run + 1, timeout=60)
            print(f"  run {run}: save to reload {times[-1]:.2f} s "
                  f"(build {preview.builds()[-1]:.1f} s)", flush=True)
            time.sleep(1)
        page.close()
        return {"save_to_reload": times, "builds": preview.builds()[1:],
                "first_build": preview.builds()[0], "load_average": os.getloadavg()[1]}
    finally:
        preview.stop()


def section(rows: list[dict], command: str) -> str:
    lines = [
        BEGIN,
        "## Live preview: save to reloaded tab",
        "",
        f"`{command}` on {rows[0]['date']}: {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, system Chromium via Playwright. Each run "
        "appends a paragraph to one article and times the write until the open tab shows "
        "it (watcher debounce 0.3 s, full rebuild into a staging folder, swap, server-sent "
        "event, reload). Every rebuild is a full build (no incremental build yet: issue 12).",
        "",
        "| site | runs | median save → reloaded tab s | min s | max s | median rebuild s (as printed) | machine load (5 min) |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        times = row["save_to_reload"]
        lines.append(f"| {row['label']} | {len(times)} | {statistics.median(times):.1f} | "
                     f"{min(times):.1f} | {max(times):.1f} | "
                     f"{statistics.median(row['builds']):.1f} | "
                     f"{row.get('load_average', float('nan')):.1f} |")
    lines.append(END)
    return "\n".join(lines)


def write_results(rows: list[dict], command: str) -> None:
    (BENCH / "preview_results.json").write_text(json.dumps(rows, indent=2) + "\n", "utf-8")
    results = BENCH / "RESULTS.md"
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    block = section(rows, command)
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,5000",
                        help="'sample' and/or article counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="runs on the sample site")
    parser.add_argument("--runs-large", type=int, default=3, help="runs on synthetic sites")
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "preview")
    args = parser.parse_args()
    command = "python bench/preview_bench.py " + " ".join(sys.argv[1:])

    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        for size in args.sizes.split(","):
            folder, label = prepare(args.work, size.strip())
            runs = args.runs if size == "sample" else args.runs_large
            print(f"{label}: {runs} runs", flush=True)
            result = measure(folder, runs, browser)
            rows.append({"label": label, "date": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
                         **result})
        browser.close()
    write_results(rows, command)
    print(section(rows, command))


if __name__ == "__main__":
    main()
