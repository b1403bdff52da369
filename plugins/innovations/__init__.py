"""Innovation showcase: YAML records checked against a published schema, profile pages,
a faceted catalogue, statistics and open data, linked with the news."""

from pelican import signals

from .generator import add_filters, check_settings, get_generators


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
