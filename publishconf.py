"""Settings for publishing: absolute URLs under the public address, feeds with domain."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: F403

# The public address, with its sub-path if the site lives in one. Set SITEURL in the
# environment when publishing elsewhere (for example a test host).
SITEURL = os.environ.get("SITEURL", "https://saburaijuakab.go.id/kabar-inovasi").rstrip("/")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
# The marker that makes a staging folder this project's (plugins/newsroom/destination.py)
# stays while Pelican empties it, so a killed publish's leftover is recognised.
OUTPUT_RETENTION = [".situs-kabar-inovasi"]
