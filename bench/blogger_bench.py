"""Benchmark `invoke import-blogger --no-images` on a generated Blogger export.

    .venv/bin/python bench/blogger_bench.py --posts 10000 --runs 3 --write

The export (bench/work/blogger/, never committed) is generated deterministically: posts
in the newer export form with Blogger's HTML cruft, labels, links between posts, images
and a share of drafts and comments. Each run imports it into a fresh temporary content
folder; the median wall time goes into bench/RESULTS.md (below the notes marker, which
bench/run.py keeps) with --write. Target: 10,000 posts in under a minute.
"""

from __future__ import annotations

import argparse
import html
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SECTION = "## Blogger import (invoke import-blogger --no-images)"
START, END = "<!-- blogger-bench -->", "<!-- /blogger-bench -->"
WORDS = ("bupati warga desa pasar lontar nelayan posyandu sekolah jalan air bersih tenun "
         "menia seba raijua kecamatan pelayanan inovasi kesehatan petani rumput laut gula "
         "sabu radio siaran kegiatan pemerintah daerah anak guru ibu bapak program").split()
LABELS = [f"Label {n}" for n in range(180)] + ["Pemerintahan", "Kesehatan", "Pendidikan",
                                               "Ekonomi", "Budaya", "Nelayan", "Inovasi"]


def sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def post_html(rng: random.Random, number: int, paths: list[str]) -> str:
    parts = ['<div dir="ltr" style="text-align: left;" trbidi="on">']
    for paragraph in range(rng.randint(6, 14)):
        text = " ".join(sentence(rng) for _ in range(rng.randint(2, 5)))
        if paragraph == 2 and paths:
            text += f' <a href="https://lpplrspd.blogspot.com{rng.choice(paths)}">Baca juga</a>'
        parts.append(f'<div style="text-align: justify;"><span style="font-family: arial;">'
                     f'{text.replace(" ", "&nbsp;", 1)} <b>{rng.choice(WORDS)}</b></span></div>'
                     "<div><br /></div>")
        if paragraph == 1:
            parts.append(
                '<table class="tr-caption-container"><tbody><tr><td><a href="https://'
                f'blogger.googleusercontent.com/img/b/R29v{number}/s1600/foto.jpg"><img '
                f'src="https://blogger.googleusercontent.com/img/b/R29v{number}/s320/foto.jpg"'
                ' /></a></td></tr><tr><td class="tr-caption">'
                f"{sentence(rng, 4, 8)}</td></tr></tbody></table>")
    parts.append("<ul>" + "".join(f"<li>{sentence(rng, 3, 6)}</li>" for _ in range(3)) +
                 "</ul></div>")
    return "".join(parts)


def write_export(path: Path, posts: int, seed: int = 14) -> None:
    """A Blogger export (newer form) of `posts` live posts, plus drafts and comments."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    start = datetime(2010, 1, 1, tzinfo=timezone.utc)
    paths: list[str] = []
    with open(path, "w", encoding="utf-8") as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/"
                  "Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>\n"
                  "<id>tag:blogger.com,1999:blog-14</id><title>LPPL RSPD</title>\n")
        for number in range(posts + posts // 10 + posts // 5):
            kind, status = "POST", "LIVE"
            if number >= posts:
                kind, status = ("POST", "DRAFT") if number < posts + posts // 10 else \
                    ("COMMENT", "LIVE")
            moment = start + timedelta(minutes=number * 787 % (15 * 365 * 24 * 60))
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).title()
            slug = "-".join(title.lower().split())[:40]
            filename = f"/{moment:%Y/%m}/{slug}.html"
            body = post_html(rng, number, paths[-200:])
            paths.append(filename)
            labels = "".join(f"<category term='{label}'/>"
                             for label in rng.sample(LABELS, rng.randint(1, 4)))
            out.write(
                f"<entry><id>tag:blogger.com,1999:blog-14.post-{100000 + number}</id>"
                f"<blogger:type>{kind}</blogger:type><blogger:status>{status}</blogger:status>"
                f"<author><name>Penulis {number % 12}</name></author>"
                f"<title>{html.escape(title)}</title>"
                f"<content type='html'>{html.escape(body)}</content>"
                f"<published>{moment:%Y-%m-%dT%H:%M:%S.000Z}</published>{labels}"
                f"<blogger:filename>{filename}</blogger:filename></entry>\n")
        out.write("</feed>\n")


def one_run(export: Path) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds of the import (all its processes), load before, count line."""
    with tempfile.TemporaryDirectory(prefix="impor-blogger-") as folder:
        content = Path(folder) / "content"
        (content / "data").mkdir(parents=True)
        for name in ("kategori.yaml", "blogger_kategori.yaml"):
            shutil.copy(ROOT / "content/data" / name, content / "data" / name)
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "invoke", "import-blogger", "--no-images",
                               "--content", str(content), str(export)],
                              cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"impor gagal:\n{done.stdout}\n{done.stderr}")
        summary = [line for line in done.stdout.splitlines() if line.startswith("Impor Blogger")]
        return seconds, cpu, load, summary[-1] if summary else ""


def write_results(posts: int, size_mb: float, times: list[float], cpus: list[float],
                  loads: list[float], peak_mb: float, summary: str) -> None:
    path = BENCH / "RESULTS.md"
    text = path.read_text(encoding="utf-8")
    median = statistics.median(times)
    verdict = "✅" if median < 60 else "❌"
    section = "\n".join([
        SECTION, "",
        f"Run `.venv/bin/python bench/blogger_bench.py --posts {posts} --runs {len(times)} "
        f"--write` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC ({platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average before "
        f"each run {', '.join(f'{v:.1f}' for v in loads)}: other sessions shared the "
        "machine, so wall time is an upper bound; CPU time is user + system of the import "
        "and its worker processes). "
        f"Export generated by bench/blogger_bench.py: {posts:,} live posts + drafts and "
        f"comments, {size_mb:.0f} MB. Wall time of the whole `invoke import-blogger "
        "--no-images` process into an empty content folder.", "",
        "| posts | runs | median wall s | runs wall s | median CPU s | peak memory MB "
        "(largest process) | target |",
        "|---|---|---|---|---|---|---|",
        f"| {posts:,} | {len(times)} | {median:.1f} | "
        f"{', '.join(f'{t:.1f}' for t in times)} | {statistics.median(cpus):.1f} | "
        f"{peak_mb:.0f} | {verdict} (< 60 s wall) |", "",
        f"Importer's count line: {summary}", "",
        f"Reading: the import is CPU-bound (HTML parsing and markdownify in {os.cpu_count()} "
        "worker processes); on an idle machine its wall time would be about CPU time / cores "
        f"= {statistics.median(cpus) / (os.cpu_count() or 1):.0f} s (an estimate, not measured "
        "here).", ""])
    # Between its own markers, so the sections around it (and bench/run.py's) stay as they are.
    section = f"{START}\n{section.rstrip()}\n{END}"
    if START in text and END in text:
        before, _, rest = text.partition(START)
        text = before + section + rest.partition(END)[2]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="record in bench/RESULTS.md")
    options = parser.parse_args()
    export = BENCH / "work" / "blogger" / f"ekspor-{options.posts}.xml"
    if not export.exists():
        write_export(export, options.posts)
    size_mb = export.stat().st_size / 1e6
    times, cpus, loads, summary = [], [], [], ""
    for run in range(options.runs):
        seconds, cpu, load, summary = one_run(export)
        times.append(seconds)
        cpus.append(cpu)
        loads.append(load)
        print(f"run {run + 1}: {seconds:.1f} s wall, {cpu:.1f} s CPU (load {load:.1f})  "
              f"{summary}")
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"median {statistics.median(times):.1f} s, peak {peak_mb:.0f} MB, export "
          f"{size_mb:.0f} MB")
    if options.write:
        write_results(options.posts, size_mb, times, cpus, loads, peak_mb, summary)


if __name__ == "__main__":
    main()
