"""Putting a built site in place so that the last good site is never lost.

A build writes into `<dest>.baru`; only a complete one replaces `<dest>`, in three steps:
`<dest>` → `<dest>.lama`, `<dest>.baru` → `<dest>`, then `<dest>.lama` is deleted. A crash or
kill can stop between any two of them, so `recover()` runs before every build and restores
the state from what it finds:

| found                          | meaning                           | recovery                     |
|--------------------------------|-----------------------------------|------------------------------|
| `.baru` only, or beside `dest` | a build that never finished       | delete `.baru`               |
| `.lama`, no `dest`             | stopped between the two renames   | `.lama` back to `dest`       |
| `.lama` and `dest`             | stopped while deleting the old    | delete `.lama`               |

One build at a time per project folder: `build_lock()` holds an flock on
.cache/bangun.lock (released by the system when a process dies, so a killed build leaves
no lock to clean by hand); a second build stops at once with a message saying so.
No Pelican import.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from common import locks

LOCK_FILE = Path(".cache") / "bangun.lock"


class PublishError(Exception):
    """A step that could not be done; its message is for staff, in Bahasa Indonesia."""


def staging_of(dest: Path) -> Path:
    return dest.with_name(dest.name + ".baru")


def previous_of(dest: Path) -> Path:
    return dest.with_name(dest.name + ".lama")


def recover(dest: Path) -> list[str]:
    """Bring `dest` back to the last good site after an interrupted build; what was done."""
    dest = Path(dest)
    done = []
    staging, previous = staging_of(dest), previous_of(dest)
    if staging.exists():
        _remove(staging)
        done.append(f"sisa pembangunan yang terhenti dihapus ({staging.name})")
    if previous.exists():
        if dest.exists():
            _remove(previous)
            done.append(f"salinan lama yang tertinggal dihapus ({previous.name})")
        else:
            previous.rename(dest)
            done.append(f"situs terakhir yang baik dipulihkan dari {previous.name}")
    return done


def put_in_place(staging: Path, dest: Path) -> None:
    """Replace `dest` by the complete site in `staging` (see the module's table)."""
    staging, dest = Path(staging), Path(dest)
    previous = previous_of(dest)
    if previous.exists():
        _remove(previous)
    try:
        if dest.exists():
            dest.rename(previous)
        staging.rename(dest)
    except OSError as error:
        if previous.exists() and not dest.exists():
            previous.rename(dest)  # the old site goes back before anything else
        raise PublishError(f"situs baru tidak dapat dipasang di {dest.name}/: "
                           f"{error.strerror or error}; situs lama tetap dipakai") from None
    with contextlib.suppress(OSError):
        _remove(previous)


@contextlib.contextmanager
def build_lock(folder: Path = Path(".")):
    """Hold the project's build lock, or raise PublishError when another build has it."""
    path = Path(folder) / LOCK_FILE
    try:
        handle, holder = locks.try_lock(path)
    except OSError as error:
        raise PublishError(f"kunci pembangunan {path} tidak dapat dibuat: "
                           f"{error.strerror or error}") from None
    if handle is None:
        raise PublishError(
            "pembangunan lain sedang berjalan di folder ini (proses "
            f"{holder}); tunggu sampai selesai, lalu jalankan lagi")
    with handle:  # closing it releases the lock
        yield


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
