"""Run Pelican in this process and write its peak memory, and its children's, as JSON.

    python bench/rusage.py RESULT.json -- <pelican arguments>

ru_maxrss of RUSAGE_SELF is Pelican's own peak; that of RUSAGE_CHILDREN is the largest
peak among the processes it ran and waited for (Pagefind's indexer).
"""

import json
import resource
import sys

from pelican import main


def peaks() -> dict:
    kb = 1024  # ru_maxrss is in KiB on Linux
    return {"pelican_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kb,
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kb}


if __name__ == "__main__":
    result, separator, *arguments = sys.argv[1:]
    assert separator == "--", __doc__
    code = 0
    try:
        main(arguments)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    finally:
        with open(result, "w", encoding="utf-8") as handle:
            json.dump(peaks(), handle)
    sys.exit(code)
