"""Builds for tests that look at something other than search.

Pagefind indexes every successful build and is about half of a small fixture build
(minimal, in this process: cold 0.74 s with it, 0.36 s without). A test about reading,
photos, audio, caches or messages builds with search off; the tests of search
(test_search*.py, test_readers_search.py, the output writer's kinds) keep it on.
"""

from __future__ import annotations

from pathlib import Path

import conftest

NO_SEARCH = {"SEARCH": {"enabled": False}}


def run_build_without_search(folder: Path, extra: dict | None = None,
                             **options) -> conftest.Build:
    """conftest.run_build with SEARCH off (a SEARCH the test gives still wins)."""
    return conftest.run_build(folder, extra={**NO_SEARCH, **(extra or {})}, **options)
