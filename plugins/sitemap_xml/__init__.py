"""sitemap.xml of the pages search engines may index, dated by their content."""

from pelican import signals

from .wiring import check_settings, collect_dates, write_sitemap


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(collect_dates)
    signals.finalized.connect(write_sitemap)
