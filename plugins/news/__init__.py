"""News articles: checked Markdown headers, categories from a data file, related articles."""

from pelican import signals

from .wiring import (absolute_feed_links, add_filters, add_reader, check_all_addresses,
                     check_now, check_settings, check_site_addresses, check_written,
                     content_made, freeze_urls, link_articles, one_spelling,
                     order_by_source)


def register():
    signals.initialized.connect(check_settings)
    signals.initialized.connect(check_now)
    signals.readers_init.connect(add_reader)
    signals.content_object_init.connect(content_made)
    signals.generator_init.connect(add_filters)
    signals.article_generator_pretaxonomy.connect(order_by_source)
    signals.article_generator_pretaxonomy.connect(one_spelling)
    signals.page_generator_finalized.connect(order_by_source)
    signals.article_generator_finalized.connect(link_articles)
    # Connected here, before build_report connects its stop: so they run first. Two
    # files at one address are found once every address is final (check_all_addresses).
    signals.all_generators_finalized.connect(check_all_addresses)
    signals.all_generators_finalized.connect(check_site_addresses)
    signals.all_generators_finalized.connect(freeze_urls)
    signals.feed_generated.connect(absolute_feed_links)
    # Sent by build_report once every plugin has written (no import between plugins).
    signals.signal("kabar_site_written").connect(check_written)
