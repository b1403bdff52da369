"""Live preview: time from saving a file to the open tab showing the change, in a real browser.

Issue 12 asks that, with `make serve` running on 10,000 articles + 1,000 innovations, the
time from saving a file to the open browser tab showing the change be at most 3 s
(median) and 5 s (90th percentile) over a mix of edits. For each site (the sample site,
and synthetic sites from bench/synth.py) this starts `invoke serve` (the preview of
`make serve`) on a copy in bench/work/preview/<name>/, opens one tab in the system
Chromium (Playwright) and saves a fixed, seeded mix of edits one at a time (--edits, in
rounds that hold every kind once, in shuffled order; the same seed gives the same edits
on the same site). Before each save the tab is put, untimed, on the page that will show
the change, and the bench checks it does not show it yet; the clock starts just before
the file is written and stops when the reloaded document that shows the change had
it painted: the browser's own timestamp of that document's first contentful paint, or of
the end of its DOMContentLoaded when that came later (the whole DOM, the change in it,
parsed), against the browser's clock read just before the save. That covers the
watcher's debounce, the rebuild, the swap, the server-sent event, the tab's own reload
and the page load. The bench looks at the tab each time the browser says it loaded a
document, and polls nothing in it (Playwright's locator waits poll the page on every
animation frame, work that shared the build's two cores); it reads the timestamps once
the element is there, and reports beside them when it saw it ("seen"), and where the
time went: until the tab's reload began, and its page's first and last byte. The
tab is never navigated inside the clock: every change arrives through the preview's
reload. What each kind waits for:

- body text: a paragraph appended to an article; its page shows the paragraph.
- title: the Title header changed; the article's page shows the new <h1>.
- summary: the Summary header changed. An article's page shows its summary only in
  <meta name="description">, so the tab is on the month archive page (arsip/YYYY/MM/,
  following its "Lebih lama" pages until one lists the article) and waits until the
  article's card there shows the new summary.
- tags: one tag dropped (when it has several) and one added; the article's page lists
  the added tag under "Topik".
- category: another category of content/data/kategori.yaml; the article's page links
  the new category in its header.
- date to another month: the article's URL changes (berita/YYYY/MM/slug/). The tab is on
  the NEW address beforehand, where the preview answers with the site's 404 page (which
  carries the reload script too); the clock stops when that tab shows the article. After
  the clock, the old address must answer 404.
- new article: the text `invoke new-article` writes (newsroom.scaffold.article_text), with
  a seeded date in a year the site has; the tab waits on its address (a 404 page before)
  until the article is there.
- deleted article: the file removed; the tab on its page waits for the 404 page.
- innovation record field: `nama:` of a record in content/inovasi/; its profile page
  /inovasi/<id>/ shows the new name as <h1>.
- innovation stage: `tahapan:` set to another stage (penerapan only for a record that
  has the waktu_penerapan and hasil it requires); the profile shows the new stage label.
- vocabulary entry: the `nama` of the OPD (content/data/perangkat_daerah.yaml) a random
  record names; that record's profile shows the new name (every profile and list of the
  OPD changes with it).

A build failure stops the bench with the preview's messages: every edit of the mix is
valid content, so a failure is a bug. Per site the report gives the median, 90th
percentile (statistics.quantiles, inclusive: interpolated between edits), min and max
over all edits, the median per kind, the build seconds the preview printed and the
machine's load, into bench/preview_results.json and a section of bench/RESULTS.md
(between the preview_bench markers). Only the sample site and sizes up to a few
thousand articles are quick; 10,000 articles take a cold build plus one rebuild per edit.

    .venv/bin/python bench/preview_bench.py --sizes sample,1000,10000 --runs 1 --edits 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "plugins"))

from newsroom import scaffold  # noqa: E402
from synth import DESA, TAGS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
BEGIN, END = "<!-- preview_bench -->", "<!-- /preview_bench -->"
SEED = 12  # the number
TIMEOUT = 1800  # seconds one edit (or the first build) may take before the bench gives up
# Kind of edit -> what it is, and what the tab waits for (the section's table).
KINDS = {
    "body": ("body text", "article page: the new paragraph"),
    "title": ("title", "article page: the new title (h1)"),
    "summary": ("summary", "month archive page listing it: the card's summary"),
    "tags": ("tags", "article page: the added tag"),
    "category": ("category", "article page: the new category link"),
    "month": ("date to another month", "new address (404 before): the article"),
    "new": ("new article", "its address (404 before): the article"),
    "delete": ("deleted article", "its page: the 404 page"),
    "record": ("innovation field (nama)", "profile inovasi/ID/: the new name (h1)"),
    "stage": ("innovation stage (tahapan)", "profile: the new stage label"),
    "vocabulary": ("vocabulary entry (an OPD's nama in data/perangkat_daerah.yaml)",
                   "profile of a record of that OPD: the new name"),
}
NOT_FOUND = "Halaman tidak ditemukan"  # the <h1> of theme/templates/404.html


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(work: Path, size: str) -> tuple[Path, str]:
    """A site folder with content/; its name for the table."""
    folder = work / size
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if size == "sample":
        shutil.copytree(ROOT / "content", folder / "content")
        return folder, "sample site"
    from synth import write_site

    articles = int(size)
    write_site(folder / "content", articles, articles // 10)
    return folder, f"{articles:,} articles + {articles // 10:,} innovations"


@dataclass
class Edit:
    """One save, and the element that shows it has arrived in the tab."""

    kind: str
    what: str  # the file and the change, for the log
    url: str  # site path of the page the tab waits on
    selector: str  # CSS of the element that shows the change...
    text: str  # ...once its whole text is this
    write: Callable[[], None]  # the save itself: the only thing inside the clock
    listed: str = ""  # an article's path: the tab is on the page of the url list holding it
    gone: str = ""  # a site path that must answer 404 afterwards (checked after the clock)


class Mix:
    """The seeded edits of one site's content; each method prepares one kind of KINDS."""

    def __init__(self, folder: Path, seed: int) -> None:
        self.content = folder / "content"
        self.rng = random.Random(seed)
        self.number = 0
        data = self.content / "data"
        self.categories = [e["nama"] for e in yaml.safe_load(
            (data / "kategori.yaml").read_text(encoding="utf-8"))]
        self.stages = {e["slug"]: e["nama"] for e in yaml.safe_load(
            (data / "tahapan.yaml").read_text(encoding="utf-8"))}

    def kinds(self, count: int) -> list[str]:
        """count kinds of edit: rounds that hold every kind once, each round shuffled."""
        order: list[str] = []
        while len(order) < count:
            round_ = list(KINDS)
            self.rng.shuffle(round_)
            order += round_
        return order[:count]

    def next(self, kind: str) -> Edit:
        self.number += 1
        return getattr(self, kind)()

    # -- articles ------------------------------------------------------------------
    def article(self) -> tuple[Path, dict[str, str]]:
        """A random article and its header lines."""
        path = self.rng.choice(sorted((self.content / "berita").rglob("*.md")))
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        return path, dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)

    @staticmethod
    def url_of(header: dict[str, str]) -> str:
        """An article's address (ARTICLE_URL) from its Date and Slug headers."""
        date = header["Date"]
        return f"berita/{date[:4]}/{date[5:7]}/{header['Slug']}/"

    @staticmethod
    def with_header(path: Path, field: str, value: str) -> str:
        """The file's text with one header line set (added before the blank line if absent)."""
        head, body = path.read_text(encoding="utf-8").split("\n\n", 1)
        lines = [line for line in head.splitlines() if not line.startswith(f"{field}:")]
        return "\n".join(lines + [f"{field}: {value}"]) + "\n\n" + body

    @staticmethod
    def saving(path: Path, text: str) -> Callable[[], None]:
        return lambda: path.write_text(text, encoding="utf-8")

    def body(self) -> Edit:
        path, header = self.article()
        marker = f"Paragraf uji pratinjau nomor {self.number}."
        text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}\n"
        return Edit("body", f"paragraph appended to {path.name}", self.url_of(header),
                    "article.berita .isi p", marker, self.saving(path, text))

    def title(self) -> Edit:
        path, header = self.article()
        title = f"Judul Uji Pratinjau {self.number} dari {self.rng.choice(DESA)}"
        return Edit("title", f"Title of {path.name}", self.url_of(header), "article.berita h1",
                    title, self.saving(path, self.with_header(path, "Title", title)))

    def summary(self) -> Edit:
        path, header = self.article()
        summary = (f"Ringkasan uji pratinjau nomor {self.number} tentang warga Desa "
                   f"{self.rng.choice(DESA)}.")
        date = header["Date"]
        return Edit("summary", f"Summary of {path.name}", f"arsip/{date[:4]}/{date[5:7]}/",
                    ".kartu-berita .ringkas", summary,
                    self.saving(path, self.with_header(path, "Summary", summary)),
                    listed=self.url_of(header))

    def tags(self) -> Edit:
        path, header = self.article()
        tags = [t.strip() for t in header.get("Tags", "").split(",") if t.strip()]
        had = {scaffold.slugify(t) for t in tags}  # before one is removed: never added back
        if len(tags) > 1:
            tags.remove(self.rng.choice(tags))
        added = self.rng.choice([t for t in TAGS if scaffold.slugify(t) not in had])
        return Edit("tags", f"Tags of {path.name}: + {added}", self.url_of(header),
                    "footer.topik li", added,
                    self.saving(path, self.with_header(path, "Tags", ", ".join(tags + [added]))))

    def category(self) -> Edit:
        path, header = self.article()
        category = self.rng.choice([c for c in self.categories if c != header["Category"]])
        return Edit("category", f"Category of {path.name} -> {category}", self.url_of(header),
                    "article.berita .meta a", category,
                    self.saving(path, self.with_header(path, "Category", category)))

    def month(self) -> Edit:
        path, header = self.article()
        date = header["Date"]
        month = self.rng.choice([m for m in range(1, 13) if m != int(date[5:7])])
        moved = f"{date[:5]}{month:02d}-{min(int(date[8:10]), 28):02d}{date[10:]}"
        return Edit("month", f"Date of {path.name}: {date} -> {moved}",
                    self.url_of({**header, "Date": moved}), "article.berita h1",
                    header["Title"], self.saving(path, self.with_header(path, "Date", moved)),
                    gone=self.url_of(header))

    def new(self) -> Edit:
        title = f"Berita Uji Pratinjau {self.number} dari {self.rng.choice(DESA)}"
        slug = scaffold.slugify(title)
        year = int(self.rng.choice(sorted(p.name for p in (self.content / "berita").iterdir()
                                          if p.is_dir())))
        when = dt.datetime(year, self.rng.randrange(1, 13), self.rng.randrange(1, 29), 9, 0,
                           tzinfo=scaffold.WITA)
        path = self.content / "berita" / str(year) / f"{slug}.md"
        # The scaffold's text with its body written, as a reporter saves it (a file still
        # holding the scaffold's placeholder is held back with BRT030).
        text = scaffold.article_text(title, when, self.rng.choice(self.categories), slug)
        head = text.split("\n\n", 1)[0]
        text = (f"{head}\n\nWarga Desa {self.rng.choice(DESA)} berkumpul di balai desa untuk "
                f"mendengar kabar uji pratinjau nomor {self.number}.\n")
        return Edit("new", f"new {path.relative_to(self.content)}",
                    f"berita/{when:%Y}/{when:%m}/{slug}/", "article.berita h1", title,
                    self.saving(path, text))

    def delete(self) -> Edit:
        path, header = self.article()
        return Edit("delete", f"deleted {path.name}", self.url_of(header), "main h1",
                    NOT_FOUND, path.unlink)

    # -- innovation records --------------------------------------------------------
    def record_file(self) -> tuple[Path, str]:
        path = self.rng.choice(sorted((self.content / "inovasi").glob("*.yaml")))
        return path, path.read_text(encoding="utf-8")

    def record(self) -> Edit:
        path, text = self.record_file()
        name = f"Inovasi Uji Pratinjau {self.number}"
        changed = re.sub(r"^nama: .*$", f"nama: {name}", text, count=1, flags=re.M)
        return Edit("record", f"nama of {path.name}", f"inovasi/{path.stem}/", "main h1",
                    name, self.saving(path, changed))

    def stage(self) -> Edit:
        path, text = self.record_file()
        now = re.search(r"^tahapan: (\S+)", text, re.M)[1]
        complete = all(re.search(rf"^{key}:", text, re.M)
                       for key in ("waktu_penerapan", "hasil"))
        stage = self.rng.choice([s for s in self.stages
                                 if s != now and (s != "penerapan" or complete)])
        changed = re.sub(r"^tahapan: \S+", f"tahapan: {stage}", text, count=1, flags=re.M)
        return Edit("stage", f"tahapan of {path.name}: {now} -> {stage}",
                    f"inovasi/{path.stem}/", ".label-tahapan", self.stages[stage],
                    self.saving(path, changed))


    # -- vocabularies ---------------------------------------------------------------
    def vocabulary(self) -> Edit:
        path, text = self.record_file()
        slug = re.search(r"^perangkat_daerah: (\S+)", text, re.M)[1]
        vocabulary = self.content / "data" / "perangkat_daerah.yaml"
        name = f"Dinas Uji Pratinjau {self.number}"
        changed = re.sub(rf"^(- slug: {re.escape(slug)}\n  nama: ).*$", rf"\g<1>{name}",
                         vocabulary.read_text(encoding="utf-8"), count=1, flags=re.M)
        return Edit("vocabulary", f"nama of OPD {slug} -> {name}", f"inovasi/{path.stem}/",
                    f'dd a[href$="/inovasi/opd/{slug}/"]', name,
                    self.saving(vocabulary, changed))


class Preview:
    """`invoke serve` on a site folder, and what it printed."""

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
        """Seconds of each successful build, as the preview printed them, in order."""
        return [float(f"{m[1]}.{m[2]}") for line in list(self.lines)
                if (m := re.match(r"Selesai dalam (\d+),(\d) detik", line))]

    def check(self) -> None:
        """Stop the bench when a build failed or the preview ended."""
        if self.process.poll() is not None or any(
                line.startswith("Situs belum dapat dibangun ulang") for line in self.lines):
            raise SystemExit("the preview failed:\n" + "\n".join(self.lines[-40:]))

    def idle(self) -> bool:
        """Every build the preview started has ended."""
        lines = list(self.lines)
        started = sum(line.endswith(("Membangun ulang...", "Membangun situs..."))
                      for line in lines)
        return started > 0 and started == len(self.builds())

    def wait_idle(self) -> None:
        """Until no build runs for a whole second (longer than the watcher's debounce)."""
        deadline = time.monotonic() + TIMEOUT
        quiet_since = None
        while quiet_since is None or time.monotonic() - quiet_since < 1:
            self.check()
            if time.monotonic() > deadline:
                raise SystemExit("the preview did not finish building:\n"
                                 + "\n".join(self.lines[-40:]))
            if not self.idle():
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            time.sleep(0.1)

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def shown(page, edit: Edit):
    """The element of the tab that shows the edit (whole text equal to edit.text)."""
    whole = re.compile(rf"^\s*{re.escape(edit.text)}\s*$")
    return page.locator(edit.selector).filter(has_text=whole).first


def open_tab(page, preview: Preview, edit: Edit) -> None:
    """Put the tab on the page that will show the edit (untimed); it must not show it yet."""
    page.goto(preview.base + edit.url)
    if edit.listed:
        card = page.locator(f'.kartu-berita a[href$="{edit.listed}"]')
        while not card.count():
            older = page.locator('.halaman-nav a[rel="next"]')
            if not older.count():
                raise SystemExit(f"{edit.what}: no page of {edit.url} lists {edit.listed}")
            page.goto(urljoin(page.url, older.get_attribute("href")))
    if shown(page, edit).count():
        raise SystemExit(f"{edit.what}: {page.url} shows the change before the save")


# The browser's clock (ms since the epoch), read before the save, and when the document
# now in the tab showed its content: its first contentful paint, or the end of its
# DOMContentLoaded if that came later (the whole DOM, the change with it, parsed).
BROWSER_NOW = "performance.timeOrigin + performance.now()"
SHOWN_AT = """() => {
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const nav = performance.getEntriesByType('navigation')[0];
  if (!paint || !nav) return null;
  return performance.timeOrigin + Math.max(paint.startTime, nav.domContentLoadedEventEnd);
}"""
# The same document's navigation, split: when the tab began to load it (the reload the
# server-sent event asked for), when its first byte came and when its last byte came.
SPLIT = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  if (!nav) return null;
  return {origin: performance.timeOrigin, first_byte: nav.responseStart,
          last_byte: nav.responseEnd};
}"""


def wait_shown(page, preview: Preview, edit: Edit) -> None:
    """Until the tab shows the edit; a failed build or TIMEOUT stops the bench.

    The tab is looked at each time it has loaded a document (Playwright's "load" event, sent
    by the browser), not polled: Playwright polls a locator on every animation frame, and
    that work in the browser and its driver took a share of the two cores the build runs
    on, which no reader's tab takes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    deadline = time.monotonic() + TIMEOUT
    while not shown(page, edit).count():
        try:
            page.wait_for_event("load", timeout=1000)
        except PlaywrightTimeout:
            preview.check()
            if time.monotonic() > deadline:
                raise SystemExit(f"{edit.what}: {page.url} did not show '{edit.text}' "
                                 f"within {TIMEOUT} s") from None


def measure(folder: Path, runs: int, edits: int, browser) -> dict:
    """Every edit of the mix: its kind, save-to-tab seconds, the builds it caused, the load."""
    mix = Mix(folder, SEED)
    preview = Preview(folder)
    try:
        preview.wait_idle()
        page = browser.new_page()
        done = []
        for run in range(1, runs + 1):
            for kind in mix.kinds(edits):
                edit = mix.next(kind)
                open_tab(page, preview, edit)
                before = len(preview.builds())
                load = os.getloadavg()[0]
                browser_before = page.evaluate(BROWSER_NOW)
                asked = time.perf_counter()
                started = time.perf_counter()
                edit.write()
                wait_shown(page, preview, edit)
                detected = time.perf_counter() - started
                shown_at = page.evaluate(SHOWN_AT)
                for _ in range(20):  # loaded, not yet painted: its paint comes next
                    if shown_at is not None:
                        break
                    time.sleep(0.05)
                    shown_at = page.evaluate(SHOWN_AT)
                seconds = detected if shown_at is None else \
                    (shown_at - browser_before) / 1000 - (started - asked)
                split = page.evaluate(SPLIT) if shown_at is not None else None
                if split:  # seconds from the save: reload asked, first byte, last byte
                    split = {"reload": (split["origin"] - browser_before) / 1000,
                             "first_byte": (split["origin"] + split["first_byte"]
                                            - browser_before) / 1000,
                             "last_byte": (split["origin"] + split["last_byte"]
                                           - browser_before) / 1000}
                preview.wait_idle()
                if edit.gone and preview.status(edit.gone) != 404:
                    raise SystemExit(f"{edit.what}: the old address {edit.gone} still answers")
                builds = preview.builds()[before:]
                done.append({"run": run, "kind": kind, "what": edit.what, "url": edit.url,
                             "seconds": seconds, "detected": detected,
                             "painted": shown_at is not None, "split": split,
                             "builds": builds,
                             "load_1min": load})
                steps = (f"reload {split['reload']:.2f}, last byte {split['last_byte']:.2f}, "
                         if split else "")
                print(f"  {len(done):3d} {kind:8s} {seconds:6.2f} s ({steps}seen "
                      f"{detected:.2f} s, build {', '.join(f'{b:.1f}' for b in builds)} s)  "
                      f"{edit.what}", flush=True)
        page.close()
        return {"first_build": preview.builds()[0], "edits": done}
    finally:
        preview.stop()


def figures(edits: list[dict]) -> dict:
    """Median, 90th percentile, min and max of all edits; the median of each kind."""
    times = [e["seconds"] for e in edits]
    split = [e for e in edits if e.get("split")]
    return {
        "median": statistics.median(times),
        "p90": statistics.quantiles(times, n=10, method="inclusive")[-1],
        "min": min(times), "max": max(times),
        "by_kind": {kind: statistics.median(e["seconds"] for e in edits if e["kind"] == kind)
                    for kind in KINDS},
        "median_detected": statistics.median(e.get("detected", e["seconds"]) for e in edits),
        "painted": sum(1 for e in edits if e.get("painted")),
        **{f"median_{step}": statistics.median(e["split"][step] for e in split)
           for step in ("reload", "first_byte", "last_byte") if split},
        "median_rebuild": statistics.median(b for e in edits for b in e["builds"]),
        "load_1min_median": statistics.median(e["load_1min"] for e in edits),
        "load_1min_max": max(e["load_1min"] for e in edits),
    }


def section(rows: list[dict], command: str) -> str:
    lines = [
        BEGIN,
        "## Live preview: save to the tab showing the change (issue 12)",
        "",
        f"`{command}` on {rows[0]['date']}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, system Chromium via "
        f"Playwright. A fixed mix of {rows[0]['edits_per_run']} edits per run (seed {SEED}; "
        f"every kind once in each round of {len(KINDS)}, rounds shuffled) is saved one at a time "
        "while `invoke serve` runs. Each edit is timed from the file write until the open "
        "tab shows the change (the watcher's 20 ms without a change, the rebuild into a "
        "staging folder up to the tab's page, which a save of texts and records writes "
        "first and the preview serves from there (plugins/newsroom/first_pages.py; other "
        "saves wait for the swap), the server-sent event, the tab's reload, its first "
        "paint); the clock's end is the "
        "browser's own time of the reloaded document's first contentful paint (or of its "
        "DOMContentLoaded end, when later), read from the tab once it has loaded a document "
        "that shows the change (the bench waits for the browser's load event, and polls "
        "nothing in the tab: Playwright's polling of the page took a share of the cores "
        "the build runs on; the \"seen\" column is when the bench saw it); the tab is put "
        "on the page that will show it "
        "before the save and never navigated inside the clock (the bench's docstring says "
        "what each kind waits for). Issue 23 asks for a median ≤ 1 s at 1,000 articles + "
        "100 innovations and ≤ 3 s at 10,000 + 1,000, a 90th percentile ≤ 5 s (issue 12: "
        "≤ 3 s and ≤ 5 s at 10,000). Percentiles interpolate between "
        "edits; load is the 1-minute load average at each save.",
        "",
        "| site | edits | median s | 90th pct s | min s | max s | median s, seen "
        "| median rebuild s (printed) | first build s | load median (max) "
        "| issue 23's target met |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        f = row["figures"]
        limit = 1 if row.get("articles", 0) and row["articles"] <= 1000 else 3
        met = (f"yes (≤ {limit} s)" if f["median"] <= limit and f["p90"] <= 5
               else f"no (≤ {limit} s)")
        lines.append(f"| {row['label']} | {len(row['edits'])} | {f['median']:.2f} | "
                     f"{f['p90']:.1f} | {f['min']:.1f} | {f['max']:.1f} | "
                     f"{f.get('median_detected', f['median']):.2f} | "
                     f"{f['median_rebuild']:.1f} | {row['first_build']:.1f} | "
                     f"{f['load_1min_median']:.1f} ({f['load_1min_max']:.1f}) | {met} |")
    split = [row for row in rows if "median_reload" in row["figures"]]
    if split:
        lines += ["", "Where the time went (medians, seconds from the save; from the tab's own "
                  "navigation timing): the tab began its reload (the watcher, the build up to "
                  "the tab's page, the server-sent event), had its page's first and last "
                  "byte, and showed it:", "",
                  "| site | reload began | first byte | last byte | shown |",
                  "|---|---|---|---|---|"]
        for row in split:
            f = row["figures"]
            lines.append(f"| {row['label']} | {f['median_reload']:.2f} | "
                         f"{f['median_first_byte']:.2f} | {f['median_last_byte']:.2f} | "
                         f"{f['median']:.2f} |")
    lines += ["", "Median seconds by kind of edit:", "",
              "| edit | the tab waits on | " + " | ".join(r["label"] for r in rows) + " |",
              "|---|---|" + "---|" * len(rows)]
    for kind, (name, waits) in KINDS.items():
        lines.append(f"| {name} | {waits} | "
                     + " | ".join(f"{r['figures']['by_kind'][kind]:.1f}" for r in rows) + " |")
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


# -- --phases: where a rebuild's seconds go, in one process (no browser) -----------------
PHASES = (  # (Pelican signal that ends it, its name in the table)
    ("initialized", "settings, Pelican and plugins set up, caches opened"),
    ("article_generator_finalized", "articles read (reader cache) and checked"),
    ("page_generator_finalized", "pages read"),
    ("all_generators_finalized", "other generators; all_generators_finalized handlers"),
    ("get_writer", "writer made"),
    ("finalized", "pages written (traces checked, unchanged pages linked)"),
)


class PhaseClock:
    """Seconds between Pelican's signals in this process (connected once, strongly)."""

    def __init__(self) -> None:
        from pelican import signals

        self.marks: list[tuple[str, float]] = []
        for name, _ in PHASES:
            getattr(signals, name).connect(self._marker(name), weak=False)

    def _marker(self, name: str):
        def mark(*args, **kwargs):
            self.marks.append((name, time.perf_counter()))
        return mark

    def run(self, build, cpu_seconds) -> dict[str, float]:
        """Run build(); its phases' real seconds, 'total', and 'cpu' (cpu_seconds() before
        and after: processor seconds, which a busy shared machine disturbs less)."""
        cpu = cpu_seconds()
        self.marks = [("start", time.perf_counter())]
        outcome = build()
        self.marks.append(("end", time.perf_counter()))
        if not outcome.ok:
            raise SystemExit("\n".join(outcome.problems))
        spans = {}
        for (_, before), (name, at) in zip(self.marks, self.marks[1:]):
            spans[name] = spans.get(name, 0.0) + at - before
        spans["total"] = self.marks[-1][1] - self.marks[0][1]
        spans["cpu"] = cpu_seconds() - cpu
        return spans


def own_cpu() -> float:
    """Processor seconds of this process and its waited-for children (the read-ahead
    workers a build starts)."""
    import resource

    seconds = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        used = resource.getrusage(who)
        seconds += used.ru_utime + used.ru_stime
    return seconds


def helper_children_cpu(starter) -> float:
    """Processor seconds of the warm helper's finished builds (the forks it waited for,
    with their own workers): cutime + cstime in /proc/PID/stat."""
    helper = starter._helper
    if helper is None:
        return 0.0
    fields = Path(f"/proc/{helper.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def forked_build(root: Path, site: Path, starter):
    """What each save ran before issue 23: a fork of the warm helper running
    `python -m newsroom.build` into a staging folder, the old site deleted before the tab
    is told (SubprocessBuilder, removed from newsroom/preview.py)."""
    from newsroom import check, publishing
    from newsroom.resident import BuildOutcome

    with publishing.build_lock(root):
        _, staging = publishing.prepare(site, root)
        done = starter.run(check.build_command(staging, extra={"PREVIEW_BUILD": True}),
                           root, check.build_environment())
        if done.returncode != 0:
            return BuildOutcome(False, [done.stdout + done.stderr])
        publishing.put_in_place(staging, site)
    return BuildOutcome(True)


def phases(size: str, work: Path, repeats: int, command: str) -> str:
    """Per-phase seconds of resident rebuilds, and total seconds of forked ones, after body
    and title edits (alternating, each on a fresh edit); a table for RESULTS.md."""
    from newsroom import check
    from newsroom.resident import ResidentBuilder
    from newsroom.warmstart import WarmStarter

    folder, label = prepare(work, size)
    site = folder / "output"
    mix = Mix(folder, SEED)
    clock = PhaseClock()
    resident = ResidentBuilder(folder, site)
    starter = WarmStarter(check.build_environment())
    first = clock.run(resident, own_cpu)
    print(f"{label}: first build {first['total']:.1f} s", flush=True)
    rows: dict[str, list[dict]] = {}

    def forked():
        return forked_build(folder, site, starter)

    # Alternating, each save on a fresh edit, so both builders see the same load of this
    # shared machine; both build the same output/ with the same caches and traces (a
    # build's settings are the same through the API and the command line).
    builders = (("forked", forked, lambda: helper_children_cpu(starter)),
                ("resident", resident, own_cpu))
    try:
        for _how, build, cpu in builders:  # one untimed save each: the helper starts
            mix.next("body").write()
            clock.run(build, cpu)
        for kind in ("body", "title"):
            for _ in range(repeats):
                for how, build, cpu in builders:
                    mix.next(kind).write()
                    resident.close()  # its tidying after a build, done while nobody waits
                    rows.setdefault(f"{kind} {how}", []).append(clock.run(build, cpu))
                    print(kind, how, {k: round(v, 2) for k, v in
                                      rows[f"{kind} {how}"][-1].items()}, flush=True)
    finally:
        starter.close()
        resident.close()
    columns = [name for name, _ in PHASES] + ["end"]
    median = statistics.median
    lines = [f"`{command}` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
             f"{label}, medians of {repeats} saves per row (load average "
             f"{os.getloadavg()[0]:.1f}).", "",
             "| save | builder | total s | processor s | " + " | ".join(
                 dict(PHASES).get(c, "finalized handlers (sitemap, editor bundle, search index kept), "
                                  "swap") for c in columns) + " |",
             "|---|---|---|---|" + "---|" * len(columns)]
    for key, spans in rows.items():
        kind, how = key.split()
        cells = [f"{median(s.get(c, 0.0) for s in spans):.2f}" if how == "resident" else "-"
                 for c in columns]  # a forked build's signals fire in another process
        lines.append(f"| {kind} | {how} | {median(s['total'] for s in spans):.2f} | "
                     f"{median(s['cpu'] for s in spans):.2f} | " + " | ".join(cells) + " |")
    lines.append("")
    for kind in ("body", "title"):
        pairs = list(zip(rows[f"{kind} forked"], rows[f"{kind} resident"]))
        lines.append(f"{kind}: resident / forked, median of {len(pairs)} pairs: real "
                     f"{median(r['total'] / f['total'] for f, r in pairs):.2f}, processor "
                     f"{median(r['cpu'] / f['cpu'] for f, r in pairs):.2f}.")
    return "\n".join(lines)


def frames(size: str, work: Path, repeats: int, blocks: int, pause: float,
           command: str) -> str:
    """Resident saves with and without the frame of reused folders (newsroom/resident.py
    Frame), in blocks of `repeats` saves one after the other, as the preview makes them:
    `pause` seconds between saves (someone typing), each block's first save untimed (it
    meets the other block's leftovers). A table for RESULTS.md."""
    from newsroom.resident import ResidentBuilder

    folder, label = prepare(work, size)
    mix = Mix(folder, SEED)
    builder = ResidentBuilder(folder, folder / "output")
    builder()
    medians: dict[str, list[float]] = {"without": [], "with": []}
    try:
        for _ in range(blocks):
            for how in ("without", "with"):
                seconds = []
                for save in range(repeats + 1):
                    builder.close()
                    time.sleep(pause)
                    mix.next("title" if save % 2 else "body").write()
                    if how == "without":
                        builder._frame = None  # every folder made again, as before
                    started = time.perf_counter()
                    if not builder().ok:
                        raise SystemExit("\n".join(builder.last.stdout.splitlines()[-20:]))
                    if save:
                        seconds.append(time.perf_counter() - started)
                medians[how].append(statistics.median(seconds))
                print(how, [round(s, 2) for s in seconds], flush=True)
    finally:
        builder.close()
    lines = [f"`{command}` on {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, {label}, "
             f"{pause:g} s between saves (load average {os.getloadavg()[0]:.1f}).", "",
             "| block | without the frame: median s | with the frame: median s | with / without |",
             "|---|---|---|---|"]
    for number, (without, with_) in enumerate(zip(medians["without"], medians["with"]), 1):
        lines.append(f"| {number} | {without:.2f} | {with_:.2f} | {with_ / without:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="sample,10000",
                        help="'sample' and/or article counts, comma-separated")
    parser.add_argument("--runs", type=int, default=1,
                        help="runs of the mix per site (one preview; the edits go on)")
    parser.add_argument("--runs-large", type=int,
                        help="runs on synthetic sites (default: --runs)")
    parser.add_argument("--edits", type=int, default=20,
                        help=f"edits per run (at least {len(KINDS)}, one of each kind)")
    parser.add_argument("--work", type=Path, default=BENCH / "work" / "preview")
    parser.add_argument("--phases", metavar="SIZE",
                        help="no browser: per-phase seconds of resident rebuilds against "
                        "forked builds on a synthetic site of SIZE articles (body and title "
                        "edits), printed as a table")
    parser.add_argument("--repeats", type=int, default=5, help="saves per row of --phases")
    parser.add_argument("--frames", metavar="SIZE",
                        help="no browser: resident saves with and without the reused folders "
                        "of the replaced site, in alternating blocks of --repeats saves")
    parser.add_argument("--blocks", type=int, default=2, help="blocks of each for --frames")
    parser.add_argument("--pause", type=float, default=6.0,
                        help="seconds between saves for --frames")
    args = parser.parse_args()
    if args.frames:
        print(frames(args.frames, args.work, args.repeats, args.blocks, args.pause,
                     "python bench/preview_bench.py " + " ".join(sys.argv[1:])))
        return
    if args.phases:
        print(phases(args.phases, args.work, args.repeats,
                     "python bench/preview_bench.py " + " ".join(sys.argv[1:])))
        return
    if args.edits < len(KINDS):
        parser.error(f"--edits must be at least {len(KINDS)}, so every kind is measured")
    command = "python bench/preview_bench.py " + " ".join(sys.argv[1:])

    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        for size in (s.strip() for s in args.sizes.split(",")):
            folder, label = prepare(args.work, size)
            runs = args.runs if size == "sample" or args.runs_large is None else args.runs_large
            print(f"{label}: {runs} run(s) of {args.edits} edits", flush=True)
            result = measure(folder, runs, args.edits, browser)
            rows.append({"label": label, "articles": 0 if size == "sample" else int(size),
                         "date": f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
                         "edits_per_run": args.edits, **result,
                         "figures": figures(result["edits"])})
        browser.close()
    write_results(rows, command)
    print(section(rows, command))


if __name__ == "__main__":
    main()
