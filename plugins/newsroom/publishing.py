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

Nothing is replaced or deleted that this project did not make (destination.py): `dest`
must be absent, empty or a site (its marker), and what else stands in it is carried
over into the new site; a leftover `.baru` or `.lama` is deleted only when it carries
the marker (prepare() writes it first into every staging folder), is empty, or is the
project's own output.baru/output.lama. Anything else is a Refusal naming the folder.

One build at a time per project folder: `build_lock()` holds an flock on
.cache/bangun.lock (released by the system when a process dies, so a killed build leaves
no lock to clean by hand); a second build stops at once with a message saying so.
No Pelican import.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from common import locks, outfiles

from . import destination
from .destination import MARKER, PublishError, Refusal

LOCK_FILE = Path(".cache") / "bangun.lock"


def staging_of(dest: Path) -> Path:
    return dest.with_name(dest.name + ".baru")


def previous_of(dest: Path) -> Path:
    return dest.with_name(dest.name + ".lama")


def prepare(dest: Path, root: Path | None = None) -> tuple[list[str], Path]:
    """Recover `dest` (see recover), then make its empty staging folder, marked as this
    project's from the start: (what recovery did, the staging folder)."""
    done = recover(dest, root)
    staging = staging_of(Path(dest))
    try:
        staging.mkdir(parents=True)
        (staging / MARKER).write_text(destination.marker_text(()), encoding="utf-8")
    except OSError as error:
        raise PublishError(f"folder {staging} tidak dapat dibuat: "
                           f"{error.strerror or error}; periksa izin tulis di "
                           f"{staging.parent}") from None
    return done, staging


def _ours(path: Path, reserved: bool) -> bool:
    """Whether a leftover staging or previous folder may be deleted."""
    if path.is_symlink() or not path.is_dir():
        return False
    return reserved or destination.inspect(path).kind in ("empty", "site", "legacy")


def _refuse_leftover(path: Path) -> None:
    raise Refusal(str(path), "TRB005",
                  "folder ini memakai nama yang disiapkan untuk pemasangan situs, tetapi "
                  "tidak dibuat oleh situs ini; pindahkan atau ganti namanya, lalu jalankan "
                  "lagi")


def recover(dest: Path, root: Path | None = None) -> list[str]:
    """Bring `dest` back to the last good site after an interrupted build; what was done.

    With root, `root/output`'s staging and previous folders are the project's own
    (gitignored, reserved) names."""
    dest = Path(dest)
    done = []
    staging, previous = staging_of(dest), previous_of(dest)
    reserved = root is not None and dest.resolve() == (Path(root).resolve() / "output")
    for leftover in (staging, previous):
        if (leftover.exists() or leftover.is_symlink()) and not _ours(leftover, reserved):
            _refuse_leftover(leftover)
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


def put_in_place(staging: Path, dest: Path, shown: str | None = None,
                 remove_previous: bool = True) -> None:
    """Replace `dest` by the complete site in `staging` (see the module's table); Refusal
    when `dest` holds what this project did not make, and nothing is changed then.

    remove_previous=False leaves the replaced site in `<dest>.lama` for the caller to
    delete (the preview deletes it while nobody waits); recover() deletes it otherwise."""
    staging, dest = Path(staging), Path(dest)
    where = shown or str(dest)
    found = destination.inspect(dest)
    destination.refuse_contents(found, where)
    new = destination.names_of(staging) - {MARKER}
    carry, clashes = found.kept(new)
    destination.refuse_clashes(clashes, where)
    marker = staging / MARKER
    if marker.is_symlink() or marker.is_dir():
        raise PublishError(f"situs baru memuat {MARKER} sendiri (misalnya dari baris Slug "
                           "sebuah halaman); nama itu dipakai penanda situs, ganti alamatnya")
    try:  # by rename, a link of the previous site's marker when it says the same
        outfiles.put_file(marker, destination.marker_text(new).encode("utf-8"),
                          dest / MARKER if dest.is_dir() else None)
    except OSError as error:
        raise PublishError(f"penanda {marker} tidak dapat ditulis: "
                           f"{error.strerror or error}; situs lama tetap dipakai") from None
    for name in carry:  # copies: the originals stay in dest until the swap is done
        _copy(dest / name.rstrip("/"), staging / name.rstrip("/"))
    previous = previous_of(dest)
    if previous.exists() or previous.is_symlink():
        if not _ours(previous, False):
            _refuse_leftover(previous)
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
    if remove_previous:
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


def _copy(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)


def remove_site(dest: Path, shown: str | None = None) -> bool:
    """Delete the site at dest (`invoke clean`), keeping what this project did not make;
    Refusal when dest is not a site. Whether anything was there."""
    dest = Path(dest)
    where = shown or str(dest)
    found = destination.inspect(dest)
    if found.kind == "absent":
        return False
    destination.refuse_contents(found, where)
    carry, _ = found.kept(frozenset())
    if found.kind == "legacy" or not carry:
        _remove(dest)
        return True
    for name in found.names & (found.made | {MARKER}):
        _remove(dest / name.rstrip("/"))
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
