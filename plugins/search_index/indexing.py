"""Index a written site through Pagefind's Python API (no Pelican import here).

Two bundles can be written. `pagefind/` holds what every search looks in first: the
innovation profiles, the pages and the newest news. When the site has more news than
that, `pagefind/semua/` holds everything, for the reader who asks to search all news.
A small first index is what keeps a typical search light on a phone: Pagefind's page
list grows with every indexed page, and the words of a query fetch index chunks that
grow with the pages that use them.

Only the files named are indexed, each by its path in the site, and inside them only
the element marked data-pagefind-body (the article, page or profile itself).
"""

from __future__ import annotations

import asyncio
import json
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import PagefindService

BUNDLE_FOLDER = "pagefind"
ALL_FOLDER = "semua"  # inside BUNDLE_FOLDER
# Pagefind also writes its ready-made interfaces; /cari/ uses only pagefind.js and the
# index, so these files would be dead weight on the host. The second bundle is opened
# with the first bundle's pagefind.js, so it needs none of the scripts.
UNUSED_BUNDLES = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js", "pagefind-worker.js", "wasm.unknown.pagefind",
)
SCRIPTS = ("pagefind.js",)
# Files per add_directory call: the API takes one glob, and Pagefind refuses a glob of
# many thousand alternatives; a call per 500 files costs a directory walk each (~0.1 s).
FILES_PER_CALL = 500
# The API service answers "written" before its last writes are on disk; it finishes
# them when it is let to exit, which takes well under a second.
EXIT_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class IndexSummary:
    """What one indexing run did, for the build log and the benchmark."""

    files: int  # files given to Pagefind, both bundles together
    pages: int  # pages in the first bundle
    all_pages: int | None  # pages in pagefind/semua/, None when there is none
    seconds: float
    bundle: Path
    peak_memory_mb: float | None


class IndexingError(RuntimeError):
    """Pagefind could not index the site; the message is for the build log."""


def index_site(site: Path, first: list[str], everything: list[str] | None, language: str,
               exclude_selectors: list[str]) -> IndexSummary:
    """Index site into site/pagefind/ (and site/pagefind/semua/), replacing older bundles.

    `first` and `everything` are paths of HTML files relative to site. The bundles are
    written beside the old one and swapped in only when both are complete, so a failed
    run leaves the previous search working.
    """
    site = Path(site).resolve()
    bundle = site / BUNDLE_FOLDER
    fresh = site / f".{BUNDLE_FOLDER}-baru"
    shutil.rmtree(fresh, ignore_errors=True)
    started = time.perf_counter()
    try:
        asyncio.run(_write_bundles(site, fresh, first, everything,
                                   {"force_language": language,
                                    "exclude_selectors": list(exclude_selectors)}))
        _prune(fresh, keep_script=True)
        if everything is not None:
            _prune(fresh / ALL_FOLDER, keep_script=False)
        pages, all_pages = indexed_pages(fresh), None
        if everything is not None:
            all_pages = indexed_pages(fresh / ALL_FOLDER)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(bundle, ignore_errors=True)
    fresh.rename(bundle)
    seconds = time.perf_counter() - started
    files = len(first) + len(everything or ())
    return IndexSummary(files, pages, all_pages, seconds, bundle, _largest_child_memory_mb())


def indexed_pages(bundle: Path) -> int:
    """Pages in a written bundle; also proves its entry file is whole."""
    try:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        for language in languages:
            if not (bundle / f"pagefind.{language['hash']}.pf_meta").is_file():
                raise ValueError(f"pagefind.{language['hash']}.pf_meta tidak ada")
        return sum(language["page_count"] for language in languages)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise IndexingError(f"indeks Pagefind di {bundle} tidak lengkap: {error}") from None


async def _write_bundles(site: Path, out: Path, first: list[str], everything: list[str] | None,
                         config: dict) -> None:
    try:
        service = await PagefindService().launch()
    except OSError as error:
        raise IndexingError(f"Pagefind tidak dapat dijalankan: {error}") from None
    try:
        await _write_bundle(service, site, out, first, config)
        if everything is not None:
            await _write_bundle(service, site, out / ALL_FOLDER, everything, config)
    except ConnectionError:  # its input closed: the service is gone
        await _stop(service)
        code = service._backend.returncode
        raise IndexingError(f"Pagefind berhenti sebelum selesai (kode keluar {code})") from None
    except Exception as error:  # the service reports its failures as bare Exceptions
        await _stop(service)
        if isinstance(error, IndexingError):
            raise
        raise IndexingError(f"Pagefind gagal: {error}") from None
    await _finish(service)


async def _write_bundle(service: PagefindService, site: Path, out: Path, files: list[str],
                        config: dict) -> None:
    index = await _answer(service, service.create_index(config))
    for start in range(0, len(files), FILES_PER_CALL):
        await _answer(service, index.add_directory(
            str(site), glob=_glob(files[start:start + FILES_PER_CALL])))
    await _answer(service, index.write_files(str(out)))


async def _answer(service: PagefindService, call):
    """The answer to one API call, or IndexingError when the service dies first.

    The API waits for an answer forever, so a crashed service would hang the build.
    """
    answer = asyncio.ensure_future(call)
    exit_code = asyncio.ensure_future(service._backend.wait())
    await asyncio.wait({answer, exit_code}, return_when=asyncio.FIRST_COMPLETED)
    if answer.done():
        exit_code.cancel()
        return answer.result()
    answer.cancel()
    raise IndexingError(f"Pagefind berhenti sebelum selesai (kode keluar {exit_code.result()})")


def _glob(paths: list[str]) -> str:
    """One glob naming exactly these files (glob characters in names are escaped)."""
    escaped = ["".join(f"\\{c}" if c in "*?[]{}!,\\" else c for c in path) for path in paths]
    return "{" + ",".join(escaped) + "}" if len(escaped) != 1 else escaped[0]


async def _finish(service: PagefindService) -> None:
    """Let the service exit by itself once its writes are on disk.

    The API's own close() terminates the service right after "written", and Pagefind
    writes through Tokio's file API, which hands the bytes to background threads: the
    last files (pagefind-entry.json among them) were sometimes lost, giving an empty
    entry file and a broken search. Closing its input instead makes the service leave
    its loop, and its runtime waits for every pending write before the process exits.
    The API offers no call for this, so it reaches the service's process directly.
    """
    service._poll_task.cancel()  # nothing more to answer; what it prints now is not a reply
    process = service._backend
    if process.stdin is not None:
        process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), timeout=EXIT_TIMEOUT_SECONDS)
    except asyncio.TimeoutError:
        await _stop(service)
        raise IndexingError("Pagefind tidak selesai menulis indeks dalam "
                            f"{EXIT_TIMEOUT_SECONDS} detik") from None


async def _stop(service: PagefindService) -> None:
    service._poll_task.cancel()
    if service._backend.returncode is None:
        service._backend.kill()
        await service._backend.wait()


def _prune(bundle: Path, keep_script: bool) -> None:
    for name in UNUSED_BUNDLES + (() if keep_script else SCRIPTS):
        (bundle / name).unlink(missing_ok=True)


def _largest_child_memory_mb() -> float | None:
    """Peak resident memory of the largest finished child process: Pagefind's service.

    Linux reports kilobytes; other systems differ, so the figure is only given there.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(usage / 1024, 1) if usage and Path("/proc").is_dir() else None
