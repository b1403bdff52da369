"""Site search: index the written site with Pagefind, for the /cari/ page."""

from pelican import signals

from .wiring import (check_settings, feed_written, index_written_site, plan_search,
                     read_vocabularies)


def register():
    signals.initialized.connect(check_settings)
    signals.all_generators_finalized.connect(read_vocabularies)
    signals.all_generators_finalized.connect(plan_search)
    signals.content_written.connect(feed_written)
    signals.finalized.connect(index_written_site)
