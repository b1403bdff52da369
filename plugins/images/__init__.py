"""Images: phone photos published upright, light, responsive and without their location."""

from pelican import signals

from .wiring import (add_globals, check_content_images, process_images, publish_images,
                     start_build)


def register():
    signals.initialized.connect(start_build)
    signals.generator_init.connect(add_globals)
    signals.content_object_init.connect(check_content_images)
    signals.all_generators_finalized.connect(process_images)
    signals.finalized.connect(publish_images)
