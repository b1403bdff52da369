"""Pelican wiring of search: the SEARCH setting and indexing after the site is written."""

from __future__ import annotations

import logging
from pathlib import Path

from common.settings import plugin_settings

from .indexing import index_site

logger = logging.getLogger(__name__)

DEFAULTS = {
    "enabled": (True, "index the site after writing it; False skips Pagefind for quick drafts"),
    "language": ("id", "language Pagefind stems every page with (the site is Bahasa Indonesia)"),
    "exclude_selectors": (
        [".meta", ".catatan-contoh", "figcaption", "nav"],
        "elements inside indexed pages that stay out of the index",
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
}


def search_settings(settings: dict) -> dict:
    return plugin_settings(settings, "SEARCH", DEFAULTS)


def check_settings(pelican) -> None:
    """Report unknown keys, and give templates (cari.html) the complete setting."""
    pelican.settings["SEARCH"] = search_settings(pelican.settings)


def index_written_site(pelican) -> None:
    options = search_settings(pelican.settings)
    if not options["enabled"]:
        logger.info("Pencarian: pengindeksan dilewati (SEARCH['enabled'] = False)")
        return
    summary = index_site(Path(pelican.output_path), options["language"],
                         options["exclude_selectors"])
    memory = f", memori puncak Pagefind {summary.peak_memory_mb} MB" \
        if summary.peak_memory_mb is not None else ""
    logger.info("Pencarian: %d halaman (dari %d berkas HTML) diindeks Pagefind "
                "dalam %.2f detik%s", summary.pages, summary.files, summary.seconds, memory)
