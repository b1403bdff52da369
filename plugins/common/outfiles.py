"""Writing an output file so that no reader ever sees it half-written, and only when it changed.

Pure standard library, no Pelican import. `put_file` is what CheckedWriter (build_report) does
with every page and feed Pelican renders:

- bytes equal to what the file already holds: nothing is written (the file, its inode and
  its modification time stay as they are);
- bytes equal to the previous site's file (the output a staging build replaces, see
  newsroom/publishing.py): that file is hard-linked in, so an unchanged page costs no copy;
- otherwise the bytes go to a temporary name in the same folder, which is then renamed
  over the file. A rename never changes the file another name links to, so the
  previous site, hard-linked or not, is never modified by a build; Pelican's own writer
  opens the file for writing and truncates it in place.

What fails (disk full, no permission, a name too long, a file past `ulimit -f`) raises
OSError after the temporary file is removed, naming the file it was writing (`written`
below, never the temporary name); the build reports it at that file's path. Other
writers into output/ name their file the same way with `with writing(path):`.

Any plugin writing into the output folder can use it (images, audio, admin, open data...):
`put_file(target, data, previous_site(output_path) / relative)` makes an unchanged file
cost a comparison and a link, and never writes through a name another folder shares.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
from pathlib import Path

# The name the publishing step gives a staging folder: `<dest>.baru` (newsroom/publishing.py).
STAGING_SUFFIX = ".baru"
_numbers = itertools.count()


def previous_site(output_path: str | os.PathLike) -> Path | None:
    """The site a staging folder will replace (`output` for `output.baru`), if there is one."""
    output = Path(output_path).resolve()
    if not output.name.endswith(STAGING_SUFFIX):
        return None
    previous = output.with_name(output.name[: -len(STAGING_SUFFIX)])
    return previous if previous.is_dir() else None


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at path exists and holds exactly data."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def put_file(path: str | os.PathLike, data: bytes, previous: Path | None = None) -> str:
    """Make the file at path hold data: 'same', 'linked' or 'written' (see the module)."""
    path = Path(path)
    with writing(path):
        if holds(path, data):
            return "same"
        with _beside(path) as temporary:
            if previous is not None and holds(previous, data) and _link(previous, temporary):
                os.replace(temporary, path)
                return "linked"
            with open(temporary, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
    return "written"


def link_file(path: str | os.PathLike, previous: Path) -> str:
    """Make the file at path the previous site's file (a page known not to have changed):
    a hard link put in place by rename, or a copy where links are not possible."""
    path = Path(path)
    with writing(path):
        with _beside(path) as temporary:
            if _link(previous, temporary):
                os.replace(temporary, path)
                return "linked"
    return put_file(path, previous.read_bytes())


def copy_file(source: str | os.PathLike, path: str | os.PathLike) -> None:
    """Copy source's bytes to path (a derivative from a cache, a bundled file); a
    failure names path, the file being written."""
    with writing(path):
        shutil.copyfile(source, path)


@contextlib.contextmanager
def writing(path: str | os.PathLike):
    """Within the block an OSError names `path` as the file it failed to write (its
    `written` attribute), whatever name the system gave (a temporary one, or none: a
    write() past `ulimit -f` or on a full disk names no file)."""
    try:
        yield
    except OSError as error:
        if getattr(error, "written", None) is None:
            error.written = os.fspath(path)
        raise


def written_path(error: OSError) -> str | None:
    """The file an OSError failed to write, when it was a write: the name a writer gave
    (writing()), the new name of a copy, link or rename, or the file of a failure only
    writes have (full disk, quota, size limit, read-only file system); else None."""
    if getattr(error, "written", None):
        return error.written
    if error.filename2 is not None:
        return os.fspath(error.filename2)
    if error.filename is not None and error.errno in WRITES_ONLY:
        return os.fspath(error.filename)
    return None


def failure_reason(error: OSError) -> str:
    """Why a file could not be written, in the words staff and hosts use (Indonesian)."""
    return REASONS.get(error.errno, error.strerror or str(error))


# Failures only a write has: the file they name is the one being written.
WRITES_ONLY = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)
REASONS = {
    errno.ENOSPC: "disk penuh; kosongkan ruang disk lalu bangun ulang",
    errno.EDQUOT: "kuota disk habis; kosongkan ruang disk lalu bangun ulang",
    errno.EFBIG: "berkas melebihi batas ukuran berkas (batas sistem berkas atau "
                 "`ulimit -f` di server); naikkan batas itu atau perkecil berkasnya",
    errno.EROFS: "folder tujuan hanya dapat dibaca (read-only); pilih folder lain",
    errno.EACCES: "tidak ada izin menulis di folder tujuan",
    errno.EPERM: "tidak ada izin menulis di folder tujuan",
    errno.ENAMETOOLONG: "nama berkas terlalu panjang untuk sistem berkas; "
                        "pendekkan judul atau tambahkan baris 'Slug:' yang pendek",
    errno.EISDIR: "sudah ada folder dengan nama yang sama",
    errno.ENOTDIR: "sebagian alamatnya sudah dipakai sebuah berkas",
    errno.EEXIST: "sudah ada berkas dengan nama yang sama di jalurnya",
}


@contextlib.contextmanager
def _beside(path: Path):
    """A temporary name in path's folder, removed if what is done with it fails."""
    temporary = path.with_name(f".tulis-{os.getpid()}-{next(_numbers)}")
    try:
        yield temporary
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _link(source: Path, target: Path) -> bool:
    """Hard-link source as target; False on another file system or where links are not
    allowed (the caller copies instead)."""
    try:
        os.link(source, target)
    except OSError:
        return False
    return True
