"""The benchmark behind `invoke bench`: this project against plain Pelican on synthetic sites.

For each size (articles, plus a tenth as many innovation records, written by bench/synth.py
under bench/work/), it builds, several times and interleaved so that load on the machine
falls on both alike:
  (a) this project with every plugin, built as `invoke build` builds (staging folder, then
      the swap): cold (no output, no cache), then warm after changing one article (the
      output and the content cache left from the cold build);
      when pelicanconf.py leaves CACHE_CONTENT off, also warm with the content cache on;
  (b) plain Pelican (bench/plainconf.py): default theme, no plugins, the same articles, cold.
It reports medians of wall time and of peak memory (Pelican's own process, and its children:
Pagefind's indexer), and the ratios (a)/(b). Then, when present, the search helper's
bench/search_bench.py run() (bytes per query at 10,000 articles), the images helper's
bench/images_bench.py run(), and Lighthouse (mobile) on the sample site. Results go to
bench/RESULTS.md and bench/results.json.

    .venv/bin/python bench/run.py [--sizes 1000,5000,10000] [--runs 3] [--no-lighthouse] ...
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
PROJECT_SETTINGS = ROOT / "pelicanconf.py"
PLAIN_SETTINGS = BENCH / "plainconf.py"
CONTENT_CACHE_ON = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
TARGETS = {"cold": 1.3, "warm": 0.6, "memory": 1.5}
sys.path[:0] = [str(BENCH), str(ROOT / "tests"), str(ROOT / "plugins")]


@dataclass
class Measure:
    wall_s: float
    pelican_peak_mb: float
    children_peak_mb: float
    cpu_s: float = 0.0  # user + system seconds of the build and its children


def pelican(site: Path, settings: Path, extra: list[str] = (), fatal: bool = True) -> Measure:
    """One Pelican build of site/content into site/output, run from site/ (its cache too).

    The project builds as `invoke build` does (tasks.build_into): newsroom.build into the
    staging folder output.baru, whose unchanged pages are hard-linked from output/, then
    the swap (plugins/newsroom/publishing.py), old site deleted, inside the wall time.
    Plain Pelican builds into output/ as itself.
    """
    from newsroom import publishing

    peaks = site / "rusage.json"
    output = site / "output"
    target = publishing.staging_of(output) if fatal else output
    command = [sys.executable, str(BENCH / "rusage.py"), str(peaks),
               *(["--ours"] if fatal else []), "--", "content",
               "-s", str(settings), "-o", target.name, *extra]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=site, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "200"})
    if fatal and not done.returncode:
        publishing.put_in_place(target, output)
    wall = time.perf_counter() - started
    if done.returncode:
        shutil.rmtree(target, ignore_errors=True)
        raise RuntimeError(f"build failed ({' '.join(command)}):\n{(done.stdout + done.stderr)[-4000:]}")
    measured = json.loads(peaks.read_text(encoding="utf-8"))
    return Measure(round(wall, 2), round(measured["pelican_peak_mb"], 1),
                   round(measured["children_peak_mb"], 1), round(measured.get("cpu_s", 0.0), 2))


def fresh(site: Path) -> None:
    """Remove what a previous build left: output and the content cache (Pelican's default
    folder, and .cache/konten where the content_cache plugin keeps it)."""
    for leftover in ("output", "output.baru", "output.lama", "cache", ".cache/konten",
                     ".cache/halaman"):
        shutil.rmtree(site / leftover, ignore_errors=True)


def one_article(site: Path) -> Path:
    articles = sorted((site / "content" / "berita").rglob("*.md"))
    return articles[len(articles) // 2]


def warm_build(site: Path, extra: list[str] = ()) -> Measure:
    """Change one article (a paragraph more), rebuild on the previous output, restore it."""
    article = one_article(site)
    original = article.read_bytes()
    try:
        article.write_bytes(original + "\n\nTambahan: berita ini diperbarui redaksi.\n".encode())
        return pelican(site, PROJECT_SETTINGS, extra)
    finally:
        article.write_bytes(original)


def content_cache_configured() -> bool:
    from pelican.settings import read_settings

    return bool(read_settings(str(PROJECT_SETTINGS)).get("CACHE_CONTENT"))


def bench_size(articles: int, runs: int) -> dict:
    """Interleaved runs at one size; lists of Measures per kind of build."""
    from synth import write_site

    site = WORK / f"site-{articles}"
    counts = write_site(site / "content", articles, articles // 10)
    cache_variant = not content_cache_configured()
    kinds = ["project_cold", "project_warm", "plain_cold"]
    if cache_variant:
        kinds.append("project_warm_content_cache")
    measures: dict[str, list[dict]] = {kind: [] for kind in kinds}

    def attempt(kind: str, build) -> None:
        """Record one build's figures, or its failure: one broken build must not lose the run."""
        try:
            measures[kind].append(asdict(build()))
        except RuntimeError as error:
            last = [line.strip() for line in str(error).splitlines() if line.strip()][-1:]
            measures[kind].append({"error": " ".join(last)[:300]})
            print(f"  GAGAL {kind}: {' '.join(last)[:300]}", flush=True)

    for number in range(1, runs + 1):
        fresh(site)
        attempt("project_cold", lambda: pelican(site, PROJECT_SETTINGS))
        attempt("project_warm", lambda: warm_build(site))
        if cache_variant:
            fresh(site)
            try:
                pelican(site, PROJECT_SETTINGS, CONTENT_CACHE_ON)  # fills the cache
            except RuntimeError:
                pass  # the measured warm build below records the failure
            attempt("project_warm_content_cache", lambda: warm_build(site, CONTENT_CACHE_ON))
        fresh(site)
        attempt("plain_cold", lambda: pelican(site, PLAIN_SETTINGS, fatal=False))
        print(f"  {articles} artikel, putaran {number}/{runs}: "
              + ", ".join(f"{kind} {m[-1].get('wall_s', 'gagal')} s" for kind, m in measures.items()),
              flush=True)
    fresh(site)
    return {"articles": articles, "innovations": articles // 10, "counts": counts,
            "runs": runs, "measures": measures}


def medians(result: dict) -> dict:
    """Median of each figure of each kind of build (failed builds left out), and the ratios
    against plain Pelican (None when a side has no successful build)."""
    summary = {}
    for kind, measures in result["measures"].items():
        done = [m for m in measures if "error" not in m]
        summary[kind] = {key: round(statistics.median(m[key] for m in done), 2)
                         for key in ("wall_s", "pelican_peak_mb", "children_peak_mb", "cpu_s")
                if all(key in m for m in done)} if done else None
        if len(done) < len(measures):
            (summary[kind] or {}).update({"failed": len(measures) - len(done)})

    def ratio(kind: str, key: str) -> float | None:
        ours, plain = summary.get(kind), summary.get("plain_cold")
        if not (ours and plain and ours.get(key) and plain.get(key)):
            return None
        return round(ours[key] / plain[key], 2)

    ratios = {"cold": ratio("project_cold", "wall_s"), "warm": ratio("project_warm", "wall_s"),
              "memory": ratio("project_cold", "pelican_peak_mb"),
              "cold_cpu": ratio("project_cold", "cpu_s"), "warm_cpu": ratio("project_warm", "cpu_s")}
    if "project_warm_content_cache" in summary:
        ratios["warm_content_cache"] = ratio("project_warm_content_cache", "wall_s")
    return {"medians": summary, "ratios": ratios}


def optional_bench(module: str, **kwargs) -> dict | None:
    """run() of a helper's bench module when it exists; its error, when it fails."""
    if not (BENCH / f"{module}.py").is_file():
        return None
    try:
        return __import__(module).run(**kwargs)
    except Exception as error:  # noqa: BLE001 (a helper's bench must not lose our figures)
        return {"error": f"{type(error).__name__}: {error}"}


def property_test(articles: int, steps: int, seed: int = 7) -> dict:
    """tests/test_incremental.py's random edits at a larger size: after every step the warm
    build must equal a cold build byte for byte (the test's own assertion)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", str(ROOT / "tests" / "test_incremental.py"),
         "-k", "random_edits"], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "INCREMENTAL_ARTICLES": str(articles),
             "INCREMENTAL_STEPS": str(steps), "INCREMENTAL_SEED": str(seed)})
    tail = [line for line in (done.stdout + done.stderr).strip().splitlines() if line][-1:]
    return {"articles": articles, "steps": steps, "seed": seed, "passed": done.returncode == 0,
            "seconds": round(time.perf_counter() - started, 1), "summary": " ".join(tail)[:300]}


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    from importlib.metadata import version

    return {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "cpu": cpu, "cores": os.cpu_count(),
            "memory_gb": round(memory_kb / 1024 / 1024, 1),
            "system": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "pelican": version("pelican"),
            "pagefind": version("pagefind"), "markdown": version("markdown")}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000",
                        help="article counts, comma-separated (innovations: a tenth)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (medians)")
    parser.add_argument("--runs-large", type=int, default=3,
                        help="runs for sizes of 10,000 articles and more")
    parser.add_argument("--no-search", action="store_true", help="skip bench/search_bench.py")
    parser.add_argument("--no-images", action="store_true", help="skip bench/images_bench.py")
    parser.add_argument("--no-audio", action="store_true", help="skip bench/audio_bench.py")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--property", default="300:12",
                        help="articles:steps of the warm-equals-cold property test run here "
                             "(tests/test_incremental.py at a larger size than make test's)")
    parser.add_argument("--no-property", action="store_true", help="skip the property test")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    options = parser.parse_args(argv)

    from lighthouse import run_lighthouse
    from report import write_results

    WORK.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "command": "invoke bench " + " ".join(argv or sys.argv[1:]),
               "content_cache_configured": content_cache_configured(), "sizes": []}
    for articles in [int(size) for size in options.sizes.split(",") if size]:
        runs = options.runs_large if articles >= 10000 else options.runs
        print(f"Membangun {articles} artikel + {articles // 10} inovasi, {runs} putaran...", flush=True)
        measured = bench_size(articles, runs)
        results["sizes"].append({**measured, **medians(measured)})
    if not options.no_property:
        articles, steps = (int(n) for n in options.property.split(":"))
        print(f"Uji sifat: {steps} langkah suntingan acak pada {articles} artikel...", flush=True)
        results["property"] = property_test(articles, steps)
    if not options.no_search:
        print("Pencarian: bench/search_bench.py (10.000 artikel)...", flush=True)
        results["search"] = optional_bench("search_bench", articles=10000, innovations=1000)
    if not options.no_images:
        print("Gambar: bench/images_bench.py...", flush=True)
        results["images"] = optional_bench("images_bench")
    if not options.no_lighthouse:
        print("Lighthouse (seluler) pada situs contoh...", flush=True)
        results["lighthouse"] = run_lighthouse(WORK / "lighthouse")
    if not options.no_audio:
        print("Audio: bench/audio_bench.py...", flush=True)
        results["audio"] = optional_bench("audio_bench")
    write_results(results, options.results)
    if isinstance(results.get("audio"), dict) and "error" not in results["audio"]:
        # Its section sits among the notes write_results keeps: replaced with this run's figures.
        import audio_bench

        audio_bench.write_section(audio_bench.section(results["audio"], results["command"].strip()))
    (options.results.with_name("results.json")).write_text(
        json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Hasil ditulis ke {options.results}")
    return results


if __name__ == "__main__":
    main()
