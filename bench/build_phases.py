"""Where a cold and a warm build's seconds go, against plain Pelican's cold build.

    .venv/bin/python bench/build_phases.py [--size 10000]

On the synthetic site of bench/run.py (SIZE articles, a tenth as many innovation records,
in bench/work/site-SIZE/), one build each, as bench/run.py makes them (bench/rusage.py in
its own process): this project cold, then warm after one article changed; the same two
without the search index (SEARCH enabled: false); plain Pelican cold. For each, the wall
and processor seconds (the build's and its children's: the read-ahead and the writers'
forks, Pagefind) between Pelican's signals, and the resident memory at each, printed as
Markdown tables. One run each: for ratios, see `invoke bench` (medians, interleaved).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH)]

import run  # noqa: E402 - bench/run.py: the same builds, the same site

NO_SEARCH = ["-e", 'SEARCH={"enabled": false}']
# (label, signal that ends the phase): consecutive signals summed into one row.
ROWS = (("reading the articles (read-ahead on every core)", ("article_generator_finalized",)),
        ("pages, other generators, their finalized handlers, the writer made",
         ("page_generator_finalized", "all_generators_finalized", "get_writer")),
        ("writing the pages", ("finalized",)),
        ("after the last page (search index, sitemap, caches saved)", ("end",)))


def phases_of(site: Path) -> dict:
    measured = json.loads((site / "rusage.json").read_text(encoding="utf-8"))
    return {phase["at"]: phase for phase in measured["phases"]} | {
        "_peak": measured["pelican_peak_mb"]}


def builds(site: Path) -> dict[str, dict]:
    found = {}
    for label, extra in (("ours", []), ("ours, no search index", NO_SEARCH)):
        run.fresh(site)
        run.pelican(site, run.PROJECT_SETTINGS, extra)
        found[f"{label}: cold"] = phases_of(site)
        run.warm_build(site, extra)
        found[f"{label}: warm"] = phases_of(site)
    run.fresh(site)
    run.pelican(site, run.PLAIN_SETTINGS, fatal=False)
    found["plain Pelican: cold"] = phases_of(site)
    run.fresh(site)
    return found


def table(found: dict[str, dict]) -> str:
    names = list(found)
    lines = ["| phase | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    order = [at for _, ends in ROWS for at in ends]
    for label, ends in ROWS:
        cells = []
        for name in names:
            phases = found[name]
            before = ([phases.get(at) for at in order[:order.index(ends[0])]
                       if phases.get(at)] or [phases.get("generator_init")])[-1]
            end = phases.get(ends[-1])
            if end is None or before is None:
                cells.append("-")
                continue
            wall = end["wall_s"] - before["wall_s"]
            cpu = sum(end[k] - before[k] for k in ("cpu_own_s", "cpu_children_s"))
            cells.append(f"{wall:.1f} ({cpu:.1f} cpu, {end['resident_mb']:.0f} MB)")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    plain = found["plain Pelican: cold"]["end"]["wall_s"]
    lines.append("| **whole build** (× plain cold) | " + " | ".join(
        f"**{found[n]['end']['wall_s']:.1f}** ({found[n]['end']['wall_s'] / plain:.2f} ×)"
        for n in names) + " |")
    lines.append("| peak of the Pelican process, MB (× plain) | " + " | ".join(
        f"{found[n]['_peak']:.0f} ({found[n]['_peak'] / found['plain Pelican: cold']['_peak']:.2f} ×)"
        for n in names) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000, help="articles (default 10000)")
    args = parser.parse_args()
    from synth import write_site

    site = run.WORK / f"site-{args.size}"
    write_site(site / "content", args.size, args.size // 10)
    print(f"`python bench/build_phases.py --size {args.size}`: seconds of wall time "
          "(processor seconds of the build and its children, resident memory at the "
          "phase's end)\n")
    print(table(builds(site)))


if __name__ == "__main__":
    main()
