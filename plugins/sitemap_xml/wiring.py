"""Pelican wiring of the sitemap: the SITEMAP_XML setting, content dates, writing after all.

Dates come from the content objects (Pelican's articles and pages, and the innovations
plugin's records through the context key "innovations"); the list of pages comes from
what was written, so every plugin's pages are included without knowing them here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from common import build as build_state
from common import outfiles
from common.pelican_content import final_save_as
from common.settings import plugin_settings

from .sitemap import listed_pages, sitemap_xml

logger = logging.getLogger(__name__)

DEFAULTS = {
    "format": ("xml", "the sitemap's format: only 'xml' (sitemap.xml) is written"),
    "exclude": (["404.html", "draf/*", "pagefind/*", "theme/*"],
                "written pages (patterns on their path) kept out of the sitemap; pages with "
                "<meta name=\"robots\" content=\"noindex\"> (like /cari/) are left out anyway"),
}


def check_settings(pelican) -> None:
    settings = pelican.settings
    settings["SITEMAP_XML"] = plugin_settings(settings, "SITEMAP_XML", DEFAULTS)


def collect_dates(generators) -> None:
    """After reading: the content date of every article, page and innovation profile."""
    if not generators:
        return
    dates: dict = {}
    for generator in generators:
        for group in ("articles", "translations", "hidden_articles", "pages", "hidden_pages"):
            for content in getattr(generator, group, []):
                date = getattr(content, "modified", None) or getattr(content, "date", None)
                if date is not None and (save_as := final_save_as(content)):
                    dates[save_as] = date
    for innovation in generators[0].context.get("innovations") or []:
        dates[innovation.url.rstrip("/") + "/index.html"] = innovation.diperbarui
    build_state.running().state["sitemap_xml.dates"] = dates  # held by the build


def write_sitemap(pelican) -> None:
    dates = build_state.running().state.pop("sitemap_xml.dates", None)
    if dates is None:
        return  # the build stopped before writing
    output = Path(pelican.output_path)
    # A staging folder (output.baru) is made empty for each build, and every file in it
    # is put by the build's one writer, which notes it in the manifest: the pages are
    # known without walking the site. A build in place walks it.
    files = build_state.running().manifest.files \
        if output.name.endswith(outfiles.STAGING_SUFFIX) else None
    pages = listed_pages(output, pelican.settings["SITEMAP_XML"]["exclude"], files)
    base = pelican.settings.get("SITEURL") or ""
    outfiles.site_writer(output).put(output / "sitemap.xml",
                                     sitemap_xml(base, pages, dates).encode("utf-8"))
    logger.info("Peta situs: %d halaman di sitemap.xml", len(pages))
