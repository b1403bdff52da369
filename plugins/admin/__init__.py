"""The web editor at /admin/: Decap CMS from npm, configured from the project's own sources."""

from pelican import signals

from .wiring import prepare_editor, write_editor


def register():
    signals.all_generators_finalized.connect(prepare_editor)
    signals.finalized.connect(write_editor)
