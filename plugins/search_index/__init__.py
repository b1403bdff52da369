"""Site search: index the written site with Pagefind, for the /cari/ page."""

from pelican import signals

from .wiring import check_settings, index_written_site


def register():
    signals.initialized.connect(check_settings)
    signals.finalized.connect(index_written_site)
