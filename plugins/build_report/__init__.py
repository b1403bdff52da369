"""Reports every content mistake at once and stops a broken build before writing.

PELICAN_CLASS = "build_report.CheckedPelican" (pelicanconf.py) makes the stop a return;
see site.py. The class is named here because Pelican imports PELICAN_CLASS by package.
"""

from pelican import signals

from common import pelican_memo

from .renders import remember_content
from .report import start_build
from .site import CheckedPelican, one_walk, publish_documents_only, writer_class  # noqa: F401


def register():
    pelican_memo.install()
    signals.initialized.connect(start_build)
    signals.get_writer.connect(writer_class)
    signals.static_generator_finalized.connect(publish_documents_only)
    signals.content_object_init.connect(remember_content)
    # Before the content cache's read-ahead (connected once every plugin registered).
    signals.generator_init.connect(one_walk)
