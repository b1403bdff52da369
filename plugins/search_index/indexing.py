"""Index a written site with Pagefind's indexer command (no Pelican import here).

Pagefind reads every HTML file of the site and, because our article, page and
innovation templates mark their main element with data-pagefind-body, indexes only
those elements (navigation, footers, lists, archives and tag pages stay out).
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind_bin import get_executable

BUNDLE_FOLDER = "pagefind"
# Pagefind also writes its ready-made interfaces; /cari/ uses only pagefind.js and the
# index, so these files would be dead weight on the host.
UNUSED_BUNDLES = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


@dataclass(frozen=True)
class IndexSummary:
    """What one indexing run did, for the build log and the benchmark."""

    files: int
    pages: int
    seconds: float
    bundle: Path
    peak_memory_mb: float | None


def index_site(site: Path, language: str, exclude_selectors: list[str]) -> IndexSummary:
    """Index the HTML files under site into site/pagefind/, replacing any older index."""
    site = Path(site).resolve()
    bundle = site / BUNDLE_FOLDER
    shutil.rmtree(bundle, ignore_errors=True)
    started = time.perf_counter()
    files = _write_index(site, bundle, language, exclude_selectors)
    seconds = time.perf_counter() - started
    for name in UNUSED_BUNDLES:
        (bundle / name).unlink(missing_ok=True)
    return IndexSummary(files, indexed_pages(bundle), seconds, bundle,
                        _largest_child_memory_mb())


def indexed_pages(bundle: Path) -> int:
    """Pages in the written index (only those marked data-pagefind-body)."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def _write_index(site: Path, bundle: Path, language: str,
                 exclude_selectors: list[str]) -> int:
    """Run Pagefind's indexer on site, writing bundle; return how many HTML files it read.

    The indexer runs as its own command, not through the Python API's service: the
    service answers "written" while its last writes (pagefind-entry.json among them)
    are still queued in its background threads, and the API then terminates it, which
    loses them: an empty or cut entry file, a broken search on the published site.
    The command exits only after its runtime has finished every queued write.
    """
    command = [str(get_executable()), "--site", str(site), "--output-path", str(bundle),
               "--force-language", language, "--quiet"]
    for selector in exclude_selectors:
        command += ["--exclude-selectors", selector]
    done = subprocess.run(command, cwd=site, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind gagal (kode {done.returncode}): "
                           f"{(done.stderr or done.stdout).strip()}")
    return sum(1 for p in site.rglob("*.html") if bundle not in p.parents)


def _largest_child_memory_mb() -> float | None:
    """Peak resident memory of the largest finished child process: Pagefind's backend.

    Linux reports kilobytes; other systems differ, so the figure is only given there.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(usage / 1024, 1) if usage and Path("/proc").is_dir() else None
