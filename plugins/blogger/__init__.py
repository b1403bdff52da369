"""Blogger archive: redirect pages at the old Blogger addresses of imported articles.

The importer itself (`invoke import-blogger`, plugins/blogger/importer.py) runs outside
the build; this plugin only checks imported articles and writes their redirects.
"""

from pelican import signals

from .wiring import add_generator, check_archive_images, check_settings


def register():
    signals.initialized.connect(check_settings)
    signals.content_object_init.connect(check_archive_images)
    signals.get_generators.connect(add_generator)
