"""When a build runs under another PELICAN_CLASS than ours, still stop before writing.

CheckedPelican (site.py) stops a broken build by returning before it writes. A build
started with Pelican's own class (a PELICAN_CLASS changed by hand) has no such step: for
it, the report is printed from all_generators_finalized and the build stopped there.
"""

from __future__ import annotations

from pelican import signals

from . import site


def start_build(pelican) -> None:
    if not isinstance(pelican, site.CheckedPelican):
        signals.all_generators_finalized.connect(report_and_stop)


def report_and_stop(generators) -> None:
    if not site.report():
        raise SystemExit(1)
