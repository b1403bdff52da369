"""Stops the build, before anything is written, when the content has mistakes."""

from pelican import signals

from .report import report_and_stop, start_build


def register():
    signals.initialized.connect(start_build)
