"""Audio: recordings with articles (Opus + MP3 at -16 LUFS), /dengar/, podcast feeds, /siaran/."""

from pelican import signals

from .wiring import add_filters, check_settings, get_generators


def register():
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(add_filters)
