"""Offline reading: a service worker made with Workbox (from npm), and the offline page."""

from pelican import signals

from .wiring import get_generators, write_worker


def register():
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(write_worker)
