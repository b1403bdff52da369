"""Index a written site with Pagefind's indexing service (service.py; no Pelican import).

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
import base64
import concurrent.futures
import json
import os
import resource
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from common import outfiles

from .service import PagefindProcess, ServiceError, Spooled

BUNDLE_FOLDER = "pagefind"
ALL_FOLDER = "semua"  # inside BUNDLE_FOLDER
FRESH_FOLDER = f".{BUNDLE_FOLDER}-baru"  # beside it, while new bundles are written
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
               exclude_selectors: list[str], writer: outfiles.SiteWriter | None = None
               ) -> IndexSummary:
    """Index site into site/pagefind/ (and site/pagefind/semua/), replacing older bundles.

    `first` and `everything` are paths of HTML files relative to site. The bundles are
    written beside the old one and swapped in only when both are complete, so a failed
    run leaves the previous search working. With the build's writer, a file the previous
    site's bundle holds unchanged is a hard link of it, and every file is in the manifest.
    """
    site = Path(site).resolve()
    fresh = fresh_folder(site)
    started = time.perf_counter()
    try:
        _run(_write_bundles(site, fresh, first, everything,
                            {"force_language": language,
                             "exclude_selectors": list(exclude_selectors)},
                            writer))
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return install(site, fresh, len(first) + len(everything or ()),
                   everything is not None, started, writer)


def _run(coroutine):
    """asyncio.run(coroutine), also when this thread's event loop is running (a build API
    caller that is itself asynchronous, or drives Playwright's synchronous API, as the
    browser tests do): then in a thread of its own, where asyncio.run is allowed."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="pagefind") as pool:
        return pool.submit(asyncio.run, coroutine).result()


def fresh_folder(site: Path) -> Path:
    """Where new bundles are written, beside the bundle in use (emptied)."""
    fresh = Path(site) / FRESH_FOLDER
    shutil.rmtree(fresh, ignore_errors=True)
    return fresh


def install(site: Path, fresh: Path, files: int, split: bool, started: float,
            writer: outfiles.SiteWriter | None = None) -> IndexSummary:
    """Check the bundles written under fresh and put them in place of the old ones (noted
    in the writer's manifest: linked where the previous site's file is kept)."""
    bundle = Path(site) / BUNDLE_FOLDER
    try:
        _prune(fresh, keep_script=True)
        if split:
            _prune(fresh / ALL_FOLDER, keep_script=False)
        pages, all_pages = indexed_pages(fresh), None
        if split:
            all_pages = indexed_pages(fresh / ALL_FOLDER)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(bundle, ignore_errors=True)
    fresh.rename(bundle)
    if writer is not None:
        writer.forget(bundle)
        writer.adopt(bundle)
    seconds = time.perf_counter() - started
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
                         config: dict, writer: outfiles.SiteWriter | None = None) -> None:
    service = PagefindProcess()
    try:
        await service.start()
        await _write_bundle(service, site, out, first, config, writer)
        if everything is not None:
            await _write_bundle(service, site, out / ALL_FOLDER, everything, config, writer)
        await service.finish()  # every write on disk before the bundle is checked
    except ServiceError as error:
        await service.kill()
        raise IndexingError(str(error)) from None


async def _write_bundle(service: PagefindProcess, site: Path, out: Path, files: list[str],
                        config: dict, writer: outfiles.SiteWriter | None = None) -> None:
    created = await service.request({"type": "NewIndex", "config": config})
    index_id = created.get("index_id")
    for start in range(0, len(files), FILES_PER_CALL):
        await service.request({"type": "AddDir", "index_id": index_id, "path": str(site),
                               "glob": _glob(files[start:start + FILES_PER_CALL])})
    # The bundle comes back in the answer and is written here, file by file: Pagefind's
    # own WriteFiles answers before its writes are done, and a service that exits then
    # can leave files empty (an empty pagefind-entry.json was seen).
    spool = spool_of(out)
    try:
        answer = await service.request({"type": "GetFiles", "index_id": index_id}, spool)
        write_bundle_files(out, answer.get("files") or [], writer)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def spool_of(out: Path) -> Path:
    """Where a bundle's files are decoded as they arrive, beside it (same disk: moved)."""
    return out.with_name(f".{out.name}.antre")


def write_bundle_files(out: Path, files: list[dict],
                       writer: outfiles.SiteWriter | None = None) -> None:
    """Write the files of a GetFiles answer ({path, content in base64}) under out/; with
    the build's writer, a file the previous site's bundle holds is a hard link of it
    (install() notes them all in the manifest once the bundle is in place)."""
    root = out.resolve()
    for item in files:
        relative = Path(str(item.get("path", "")))
        if relative.name in UNUSED_BUNDLES:
            continue
        target = (root / relative).resolve()
        if root not in target.parents:
            raise IndexingError(f"Pagefind memberi berkas di luar folder indeks: {relative}")
        target.parent.mkdir(parents=True, exist_ok=True)
        content = item.get("content") or b""
        previous = writer.previous_of(_installed(target)) if writer is not None else None
        if isinstance(content, Spooled):
            if previous is not None and outfiles.same_bytes(content.path, previous):
                outfiles.place_file(content.path, target, previous)
            else:
                with outfiles.writing(target):
                    os.replace(content.path, target)
        else:
            outfiles.put_file(target, base64.b64decode(content), previous)


def _installed(path: Path) -> Path:
    """Where a file written under the fresh bundle folder will be once it is installed."""
    for parent in path.parents:
        if parent.name == FRESH_FOLDER:
            return parent.with_name(BUNDLE_FOLDER) / path.relative_to(parent)
    return path


def _glob(paths: list[str]) -> str:
    """One glob naming exactly these files (glob characters in names are escaped)."""
    escaped = ["".join(f"\\{c}" if c in "*?[]{}!,\\" else c for c in path) for path in paths]
    return "{" + ",".join(escaped) + "}" if len(escaped) != 1 else escaped[0]


def _prune(bundle: Path, keep_script: bool) -> None:
    for name in UNUSED_BUNDLES + (() if keep_script else SCRIPTS):
        (bundle / name).unlink(missing_ok=True)


def _largest_child_memory_mb() -> float | None:
    """Peak resident memory of the largest finished child process: Pagefind's service.

    Linux reports kilobytes; other systems differ, so the figure is only given there.
    """
    usage = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(usage / 1024, 1) if usage and Path("/proc").is_dir() else None
