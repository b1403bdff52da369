"""Pelican wiring of search: the SEARCH setting, what to index, and indexing after writing."""

from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from babel.numbers import format_decimal
from jinja2 import pass_context

from common import build as build_state
from common import diagnostics, outfiles, yamlmarks
from common.pelican_content import final_save_as
from common.settings import plugin_settings

from .feeding import IndexFeeder
from .indexing import (ALL_FOLDER, BUNDLE_FOLDER, IndexingError, fresh_folder, index_site,
                       install, write_bundle_files)
from .service import ServiceError
from .names import NameFinder, load_names, text_of

logger = logging.getLogger(__name__)
# The build's plan ("search_index.plan", from plan to index) and its Pagefind feeder
# ("search_index.feeder", while its pages are written) are held by the build
# (common/build.py); a build that stops before indexing ends its feeder when it ends.

DEFAULTS = {
    "enabled": (True, "index the site after writing it; False skips Pagefind for quick drafts"),
    "language": ("id", "language Pagefind stems every page with (the site is Bahasa Indonesia)"),
    "exclude_selectors": (
        [".meta", ".catatan-contoh", "figcaption", "nav"],
        "elements inside indexed pages that stay out of the index",
    ),
    "recent_news": (
        1000,
        "news in the index every search looks in first, newest first; older news is in a "
        "second index a reader can ask for (None: one index with all news)",
    ),
    "excerpt_length": (24, "words in each result excerpt on /cari/"),
    "batch": (10, "results shown at first and with each 'Muat lebih banyak'"),
    "filters": (
        {
            "jenis_konten": "Jenis isi",
            "kategori": "Kategori",
            "tahun": "Tahun",
            "tahapan": "Tahapan inovasi",
            "perangkat_daerah": "Perangkat daerah",
            "kecamatan": "Kecamatan",
            "urusan": "Urusan pemerintahan",
        },
        "filters offered on /cari/, in this order, with their labels",
    ),
    "value_labels": (
        {"jenis_konten": {"berita": "Berita", "inovasi": "Inovasi", "halaman": "Halaman"}},
        "labels shown for filter values written as slugs",
    ),
    "value_order": (
        {"tahapan": "data/tahapan.yaml"},
        "filters whose values /cari/ lists in a vocabulary's order (a file under content/) "
        "instead of alphabetically: the stages of an innovation in their lifecycle",
    ),
    "names_file": (
        "data/nama.yaml",
        "names of places, people and institutions (under content/) that search keeps "
        "whole instead of stemming",
    ),
    "exclude": (
        ["panduan*"],
        "addresses of pages kept out of search (shell patterns): the staff guides",
    ),
}


def search_settings(settings: dict) -> dict:
    options = plugin_settings(settings, "SEARCH", DEFAULTS, checked=("recent_news",))
    recent = options["recent_news"]
    if recent is not None and (isinstance(recent, bool) or not isinstance(recent, int)
                               or recent < 1):
        diagnostics.record("pelicanconf.py", 0, 0, "CFG002",
                           "pengaturan SEARCH['recent_news'] harus bilangan bulat positif "
                           f"atau None (ditemukan: {diagnostics.quote(recent)})")
        options["recent_news"] = DEFAULTS["recent_news"][0]
    return options


def check_settings(pelican) -> None:
    """Report wrong keys, and give templates (cari.html) the complete setting.

    Also gives templates the filter `nama_dikenal`: the known names a page's text holds.
    """
    pelican.settings["SEARCH"] = search_settings(pelican.settings)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}),
                                         "nama_dikenal": known_names_filter}


@functools.lru_cache(maxsize=4)
def _finder(names: tuple[str, ...]) -> NameFinder:
    return NameFinder(names)


@pass_context
def known_names_filter(context, value) -> list[str]:
    """Jinja filter: the names of SEARCH_NAMES found in a text or a record (an innovation)."""
    names = tuple(context.get("SEARCH_NAMES") or ())
    if not names:
        return []
    text = value if isinstance(value, str) else "\n".join(text_of(value))
    return _finder(names).find(text)


def read_vocabularies(generators) -> None:
    """After reading: the names vocabulary and value orders, for templates and /cari/.

    Loaded here, not at start, so a mistake in nama.yaml is reported with all others.
    """
    if not generators:
        return
    context = generators[0].context
    options = context["SEARCH"]
    content = Path(context["PATH"])
    context["SEARCH_NAMES"] = load_names(content / options["names_file"])
    context["SEARCH_VALUE_ORDER"] = {key: _vocabulary_names(content / relative)
                                     for key, relative in options["value_order"].items()}


def _vocabulary_names(path: Path) -> list[str]:
    """The 'nama' values of a vocabulary file, in order; [] when it cannot be read
    (the plugin that uses the vocabulary reports its mistakes)."""
    try:
        data, _marks = yamlmarks.load(yamlmarks.decode(path.read_bytes()))
    except (OSError, yamlmarks.YamlProblem):
        return []
    if not isinstance(data, list):
        return []
    return [str(item["nama"]) for item in data if isinstance(item, dict) and "nama" in item]


def searchable(url: str, exclude: list[str]) -> bool:
    """False for pages the setting keeps out of search (patterns on the page's address)."""
    return not any(fnmatch.fnmatchcase(url, pattern) for pattern in exclude)


@dataclass(frozen=True)
class SearchPlan:
    """Which written files go into which index; cari.html tells readers the split."""

    first: list[str]  # pagefind/: pages, innovation profiles and the newest news
    everything: list[str] | None  # pagefind/semua/: all of them; None when news all fit
    since: dt.date | None  # the oldest day of news in the first index, when split
    older_news: int  # news only in pagefind/semua/

    def for_template(self) -> dict | None:
        """What cari.html says of the split, or None when there is one index."""
        if self.everything is None:
            return None
        return {"sejak": self.since, "berita_lama": format_decimal(self.older_news, locale="id"),
                "folder": f"{BUNDLE_FOLDER}/{ALL_FOLDER}/"}


class Planned(NamedTuple):
    """What the plan needs of an article."""

    save_as: str
    date: dt.datetime


def plan(news: list, others: list[str], recent_news: int | None) -> SearchPlan:
    """Split news (objects with save_as and date) by age; others always come first."""
    newest = sorted(news, key=lambda article: article.date, reverse=True)
    paths = [a.save_as for a in newest]  # Pelican formats save_as on every access
    if recent_news is None or len(newest) <= recent_news:
        return SearchPlan(others + paths, None, None, 0)
    # Whole days: a reader is told "berita sejak 14 Maret 2025", so that day is complete.
    since = newest[recent_news - 1].date.date()
    recent = sum(1 for a in newest if a.date.date() >= since)  # newest first: a prefix
    return SearchPlan(others + paths[:recent], others + paths, since, len(newest) - recent)


def plan_search(generators) -> None:
    """After reading: decide the indexes, before cari.html is written from the context.

    SEARCH was completed by check_settings, so it is read here as it is.
    """
    if not generators or not generators[0].settings["SEARCH"]["enabled"]:
        return  # no index is written, so cari.html offers no second one
    news: list = []
    others: list[str] = []
    for generator in generators:
        if hasattr(generator, "articles"):  # Pelican's ArticlesGenerator
            # Hidden articles are published but kept out of lists; search keeps them out too.
            # Pelican formats save_as on every access: once per article here.
            news += [Planned(path, a.date) for a in generator.articles + generator.translations
                     if (path := final_save_as(a))]
        elif hasattr(generator, "hidden_pages"):  # Pelican's PagesGenerator
            exclude = generator.settings["SEARCH"]["exclude"]
            others += [path for p in generator.pages + generator.hidden_pages
                       + generator.translations + generator.hidden_translations
                       if (path := final_save_as(p)) and searchable(p.url, exclude)]
        if hasattr(generator, "search_paths"):  # ours: innovation profiles
            others += generator.search_paths()
    context = generators[0].context
    search_plan = plan(news, sorted(set(others)), context["SEARCH"]["recent_news"])
    build_state.running().state["search_index.plan"] = search_plan
    context["SEARCH_ALL"] = search_plan.for_template()
    start_feeding(generators[0].settings, Path(generators[0].output_path), search_plan)


def start_feeding(settings: dict, output: Path, search_plan: SearchPlan) -> None:
    """Start Pagefind now, so it indexes pages while they are written (feeding.py)."""
    stop_feeding()  # one left by a build that stopped before finishing
    if settings.get("PREVIEW_BUILD") and previous_index(output) is not None:
        return  # the preview keeps the last index (index_written_site)
    options = settings["SEARCH"]
    try:
        feeder = IndexFeeder(output, search_plan.first, search_plan.everything,
                             {"force_language": options["language"],
                              "exclude_selectors": list(options["exclude_selectors"])})
        build = build_state.running()
        build.state["search_index.feeder"] = feeder
        build.on_end(feeder.abort)
    except ServiceError as error:  # indexed after writing instead, which reports it
        logger.info("Pencarian: Pagefind tidak dapat dijalankan lebih awal (%s)", error)


def stop_feeding() -> None:
    feeder = build_state.running().state.pop("search_index.feeder", None)
    if feeder is not None:
        feeder.abort()


def feed_written(path, context=None) -> None:
    """content_written: the page is in place; Pagefind may read it."""
    feeder = build_state.running().state.get("search_index.feeder")
    if feeder is not None:
        feeder.written(path)


def previous_index(output: Path) -> Path | None:
    """The bundle a build into output can keep: its own (a build in place) or the
    previous site's (a staging folder); None when there is none."""
    previous = outfiles.previous_site(output)
    for site in (output, previous):
        if site is not None and (site / BUNDLE_FOLDER / "pagefind-entry.json").is_file():
            return site / BUNDLE_FOLDER
    return None


def keep_previous_index(output: Path) -> bool:
    """The live preview's shortcut: the previous site's bundle, linked into a staging
    folder (or left where it is). False when there is none: the preview indexes."""
    bundle = previous_index(output)
    if bundle is None:
        return False
    writer = outfiles.site_writer(output)
    if bundle != output / BUNDLE_FOLDER:
        shutil.rmtree(output / BUNDLE_FOLDER, ignore_errors=True)
        writer.forget(output / BUNDLE_FOLDER)
        if bundle == writer.previous_of(output / BUNDLE_FOLDER) and \
                writer.link_previous_tree(output / BUNDLE_FOLDER):
            return True
        shutil.copytree(bundle, output / BUNDLE_FOLDER, copy_function=os.link)
    writer.forget(output / BUNDLE_FOLDER)
    writer.adopt(output / BUNDLE_FOLDER)
    return True


def finish_feeding(feeder: IndexFeeder, output: Path, search_plan: SearchPlan):
    """The last batches, then the bundles, put in place as index_site puts them."""
    site = output.resolve()
    fresh = fresh_folder(site)
    started = time.perf_counter()
    writer = outfiles.site_writer(output)
    try:
        feeder.finish(fresh, functools.partial(write_bundle_files, writer=writer))
    except ServiceError as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise IndexingError(str(error)) from None
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    files = len(search_plan.first) + len(search_plan.everything or ())
    return install(site, fresh, files, search_plan.everything is not None, started, writer)


def index_written_site(pelican) -> None:
    options = pelican.settings["SEARCH"]  # completed by check_settings
    if not options["enabled"]:
        logger.info("Pencarian: pengindeksan dilewati (SEARCH['enabled'] = False)")
        return
    search_plan = build_state.running().state.pop("search_index.plan", None)
    if search_plan is None:
        return  # the build stopped before writing; nothing to index
    feeder = build_state.running().state.pop("search_index.feeder", None)
    if pelican.settings.get("PREVIEW_BUILD") and keep_previous_index(Path(pelican.output_path)):
        if feeder is not None:
            feeder.abort()
        logger.info("Pencarian: pratinjau memakai indeks build sebelumnya (dibuat ulang "
                    "pada build penuh berikutnya)")
        return
    try:
        if feeder is not None:
            summary = finish_feeding(feeder, Path(pelican.output_path), search_plan)
        else:
            summary = index_site(Path(pelican.output_path), search_plan.first,
                                 search_plan.everything, options["language"],
                                 options["exclude_selectors"],
                                 outfiles.site_writer(pelican.output_path))
    except OSError as error:
        # A failed write (full disk, `ulimit -f`) is the bundle's, whatever working name
        # its file had (the build reports it there, build_report/site.py).
        error.written = str(Path(pelican.output_path) / BUNDLE_FOLDER)
        raise
    except IndexingError as error:
        # The build fails (build_report): a staged build is not put in place, and the
        # previous index, if any, is left as it was.
        diagnostics.record("pelicanconf.py", 0, 0, "SRC001",
                           f"indeks pencarian tidak dapat dibuat: {error} (indeks yang lama, "
                           "bila ada, tetap dipakai)")
        return
    memory = f", memori puncak Pagefind {summary.peak_memory_mb} MB" \
        if summary.peak_memory_mb is not None else ""
    second = (f"; semua berita: {summary.all_pages} halaman di {BUNDLE_FOLDER}/{ALL_FOLDER}/"
              if summary.all_pages is not None else "")
    logger.info("Pencarian: %d halaman (dari %d berkas HTML) diindeks Pagefind "
                "dalam %.2f detik%s%s", summary.pages, summary.files, summary.seconds,
                memory, second)
