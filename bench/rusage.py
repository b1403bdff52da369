"""Run Pelican in this process and write its peak memory, and its children's, as JSON.

    python bench/rusage.py RESULT.json [--ours] -- <pelican arguments>

With --ours the build runs as the project runs it (newsroom.build: the checked
Pelican of plugins/build_report); without, as plain `pelican`.

ru_maxrss of RUSAGE_SELF is Pelican's own peak; that of RUSAGE_CHILDREN is the largest
peak among the processes it ran and waited for (Pagefind's indexer).

"phases": at each of Pelican's signals below (its first sending) and at the end, the wall
seconds since the start, the processor seconds of the build and of its waited-for
children (the read-ahead's and writers' forks, Pagefind), and the resident memory then
(bench/build_phases.py makes its table from them).
"""

import json
import os
import resource
import sys
import time

from pathlib import Path

from pelican import main as pelican_main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))


PHASE_SIGNALS = ("initialized", "generator_init", "article_generator_finalized",
                 "page_generator_finalized", "all_generators_finalized", "get_writer",
                 "finalized")
STARTED = time.perf_counter()
phases: list[dict] = []


def mark(name: str) -> None:
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # not Linux: the peak only
        resident = own.ru_maxrss / 1024
    phases.append({"at": name, "wall_s": time.perf_counter() - STARTED,
                   "cpu_own_s": own.ru_utime + own.ru_stime,
                   "cpu_children_s": children.ru_utime + children.ru_stime,
                   "resident_mb": resident})


def connect_phases() -> None:
    from pelican import signals

    for name in PHASE_SIGNALS:
        def first(*args, name=name, **kwargs):
            if not any(phase["at"] == name for phase in phases):
                mark(name)
        getattr(signals, name).connect(first, weak=False)


def peaks() -> dict:
    kb = 1024  # ru_maxrss is in KiB on Linux
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU seconds (user + system, children included) move less than wall time when other
    # work shares the machine.
    return {"pelican_peak_mb": own.ru_maxrss / kb, "children_peak_mb": children.ru_maxrss / kb,
            "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime}


if __name__ == "__main__":
    result, *rest = sys.argv[1:]
    ours = rest[0] == "--ours"
    separator, *arguments = rest[1:] if ours else rest
    assert separator == "--", __doc__
    code = 0
    connect_phases()
    try:
        if ours:
            from newsroom.build import main as ours_main
            code = ours_main(arguments)
        else:
            pelican_main(arguments)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        mark("end")
        with open(result, "w", encoding="utf-8") as handle:
            json.dump({**peaks(), "phases": phases}, handle)
    sys.exit(code)
