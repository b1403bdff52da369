"""Session fixtures for the browser gates: the sample site served once over local HTTP.

Listed in the gates' `pytest_plugins` next to tests/browser.py, whose StaticServer and
Chromium fixtures they reuse.
"""

from __future__ import annotations

import pytest

from browser import StaticServer


@pytest.fixture(scope="session")
def sample_url(sample_build):
    """Base URL (ending in '/') of the built sample site, served gzipped like a common host."""
    with StaticServer(sample_build.output, gzip=True) as server:
        yield server.base_url
