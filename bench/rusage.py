"""Run Pelican in this process and write its peak memory, and its children's, as JSON.

    python bench/rusage.py RESULT.json [--ours] -- <pelican arguments>

With --ours the build runs as the project runs it (newsroom.build: the checked
Pelican of plugins/build_report); without, as plain `pelican`.

ru_maxrss of RUSAGE_SELF is Pelican's own peak; that of RUSAGE_CHILDREN is the largest
peak among the processes it ran and waited for (Pagefind's indexer).
"""

import json
import resource
import sys

from pathlib import Path

from pelican import main as pelican_main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))


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
    try:
        if ours:
            from newsroom.build import main as ours_main
            code = ours_main(arguments)
        else:
            pelican_main(arguments)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        with open(result, "w", encoding="utf-8") as handle:
            json.dump(peaks(), handle)
    sys.exit(code)
