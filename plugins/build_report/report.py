"""Print every diagnostic of the build at once, sorted, then exit non-zero.

Listed first in PLUGINS so the log is cleared before any plugin records; its report
handler is connected when the build starts, after every plugin has registered, so it
runs after all of their all_generators_finalized handlers and before any writing.
"""

from __future__ import annotations

import sys

from pelican import signals

from common import diagnostics


def start_build(pelican) -> None:
    diagnostics.current.clear()
    signals.all_generators_finalized.connect(report_and_stop)


def report_and_stop(generators) -> None:
    found = diagnostics.current.sorted()
    if not found:
        return
    if all(d.severity == diagnostics.WARNING for d in found):
        sys.stdout.flush()
        sys.stderr.write(diagnostics.format_warnings(found) + "\n")
        sys.stderr.flush()
        return
    sys.stdout.flush()
    sys.stderr.write(diagnostics.format_report(found) + "\n")
    sys.stderr.flush()
    raise SystemExit(1)
