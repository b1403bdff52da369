"""What the sanitiser costs a cold build: its finder and nh3 over every article's HTML.

    .venv/bin/invoke synth --articles 5000 --out bench/work/synth5k
    .venv/bin/python bench/sanitize_bench.py bench/work/synth5k

Warm builds do not pay it: the sanitised read is kept in the content cache.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

import markdown

from common import sanitize


def main(folder: str, runs: int = 3) -> None:
    converter = markdown.Markdown(extensions=["markdown.extensions.extra",
                                              "markdown.extensions.toc"], output_format="html5")
    bodies = []
    for path in sorted(Path(folder).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        bodies.append(converter.reset().convert(text.split("\n\n", 1)[-1]))
    size = sum(map(len, bodies)) / 1e6
    for label, function in (("nh3 alone", sanitize.clean),
                            ("finder + nh3 (as built)", sanitize.sanitize)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for body in bodies:
                function(body)
            times.append(time.perf_counter() - start)
        print(f"{label}: {len(bodies)} files, {size:.1f} MB of HTML, "
              f"best of {runs}: {min(times):.2f} s")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench/work/synth")
