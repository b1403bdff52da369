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

Every file a build puts in its output folder goes through one `SiteWriter` (the build's,
`site_writer(output_path)`): pages and feeds (build_report's writer), photo and audio
derivatives, the editor's bundle, theme files and documents, open data, the sitemap,
redirects and the search bundle. It finds the previous site's file itself, copies a file
from a cache or a bundle with `place()` (hard-linked from the previous site when equal, or
from an immutable cache entry, never opened for writing), and notes each file in the
build's `Manifest` (common/build.py: `Build.manifest`): written, linked or the same, and
the bytes written. A build with nothing changed writes no file: every file of the new
staging folder is a hard link of the previous site's.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import shutil
import stat
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
        # Where no file is yet (a staging folder: every unchanged page of a save), the
        # link is made at its name: as atomic as a rename, one system call less.
        if not os.path.islink(previous):
            try:
                os.link(previous, path, follow_symlinks=False)
                return "linked"
            except OSError:
                pass  # a file there (replaced by rename), or no links: as below
        with _beside(path) as temporary:
            if _link(previous, temporary):
                os.replace(temporary, path)
                return "linked"
    return put_file(path, previous.read_bytes())


def place_file(source: str | os.PathLike, path: str | os.PathLike,
               previous: Path | None = None, link_source: bool = False) -> str:
    """Make the file at path hold source's bytes (a derivative from a cache, a bundled
    file): 'same' when it does already; 'linked' to the previous site's file when that
    holds them, or to source itself when link_source (a cache entry written aside and
    renamed, never changed in place) and both are on one file system; else a copy,
    'written', put in place by rename. A failure names path, the file being written."""
    source, path = Path(source), Path(path)
    with writing(path):
        if same_bytes(source, path):
            return "same"
        with _beside(path) as temporary:
            if previous is not None and same_bytes(source, previous) \
                    and _link(previous, temporary):
                os.replace(temporary, path)
                return "linked"
            if link_source and _link(source, temporary):
                os.replace(temporary, path)
                return "linked"
            shutil.copyfile(source, temporary)
            os.replace(temporary, path)
    return "written"


def same_bytes(source: Path, other: Path) -> bool:
    """Whether other exists and holds source's bytes (the same file, or equal bytes)."""
    try:
        mine, theirs = os.stat(source), os.stat(other)
    except (FileNotFoundError, NotADirectoryError):
        return False
    if (mine.st_dev, mine.st_ino) == (theirs.st_dev, theirs.st_ino):
        return True
    if mine.st_size != theirs.st_size or not stat.S_ISREG(theirs.st_mode):
        return False
    with open(source, "rb") as one, open(other, "rb") as two:
        while True:
            a, b = one.read(CHUNK), two.read(CHUNK)
            if a != b:
                return False
            if not a:
                return True


CHUNK = 1 << 20


class Manifest:
    """Every file one build put in its output folder (absolute path) and how: 'written'
    (new bytes, put in place by rename), 'linked' (a hard link of the previous site's
    file or of the cache entry it was derived from) or 'same' (already there, a build in
    place). Made per build and held by it (common/build.py, Build.manifest)."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.bytes_written = 0

    def note(self, path: str | os.PathLike, how: str, size: int = 0) -> None:
        self.files[os.path.abspath(path)] = how
        if how == "written":
            self.bytes_written += size

    def forget(self, path: str | os.PathLike) -> None:
        self.files.pop(os.path.abspath(path), None)

    def counts(self) -> dict[str, int]:
        found = {"written": 0, "linked": 0, "same": 0}
        for how in self.files.values():
            found[how] = found.get(how, 0) + 1
        return found


class SiteWriter:
    """The one writer of a build's output folder (see the module): every file put through
    it is put by rename, linked from the previous site when unchanged, and noted in the
    build's manifest. Thread-safe enough for the search feeder's thread (one dict write
    per file)."""

    def __init__(self, root: str | os.PathLike, manifest: Manifest) -> None:
        self.root = Path(os.path.abspath(root))
        self.previous = previous_site(self.root)
        self.manifest = manifest

    def previous_of(self, path: str | os.PathLike) -> Path | None:
        """The previous site's file at path's place, if path is in this output folder."""
        if self.previous is None:
            return None
        # The resolved spellings only when the plain one is outside (a link in the way):
        # realpath() costs a system call per folder, for each of the site's files.
        for spell in (lambda: (self.root, os.path.abspath(path)),
                      lambda: (self.root.resolve(), os.path.realpath(path))):
            root, found = spell()
            relative = os.path.relpath(found, root)
            if relative != os.pardir and not relative.startswith(os.pardir + os.sep):
                return self.previous / relative
        return None

    def put(self, path: str | os.PathLike, data: bytes, final: str | os.PathLike | None = None
            ) -> str:
        """put_file() with the previous site's file; `final` is where the file will be once
        its folder is renamed into place (the search bundle), if not path."""
        final = path if final is None else final
        how = put_file(path, data, self.previous_of(final))
        self.manifest.note(final, how, len(data))
        return how

    def place(self, source: str | os.PathLike, path: str | os.PathLike, *,
              link_source: bool = False, final: str | os.PathLike | None = None) -> str:
        """place_file() with the previous site's file (see there for link_source)."""
        final = path if final is None else final
        how = place_file(source, path, self.previous_of(final), link_source)
        self.manifest.note(final, how, os.stat(path).st_size if how == "written" else 0)
        return how

    def link_unchanged(self, path: str, relative: str) -> str:
        """link_previous() for a page known by its name in the site (`relative`, as the
        render traces keep it): where no file is yet (a staging folder: every unchanged
        page of a save), the link is made at its name in one system call, without
        link_file's checks of each path (30 µs a page, 2,000 pages a save)."""
        if self.previous is not None:
            try:
                # Following a link (there is none in a site this writer made): the file
                # linked is the one whose stamp the trace checked.
                os.link(os.path.join(self.previous, relative), path)
            except OSError:
                pass  # a file there, or no links: link_previous() decides and reports
            else:
                self.manifest.note(path, "linked", 0)
                return "linked"
        return self.link_previous(path)

    def link_previous(self, path: str | os.PathLike) -> str:
        """link_file(): a page the build knows did not change."""
        previous = self.previous_of(path)
        if previous is None:
            raise FileNotFoundError(errno.ENOENT, "no previous site", os.fspath(path))
        how = link_file(path, previous)
        self.manifest.note(path, how, os.stat(path).st_size if how == "written" else 0)
        return how

    def adopt(self, folder: str | os.PathLike) -> None:
        """Note every file of a folder put in place whole (a bundle renamed in, a tree of
        hard links): linked when it is the previous site's file, else written."""
        for base, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(base, name)
                previous = self.previous_of(path)
                found = os.stat(path)
                try:
                    same = previous is not None and os.path.samestat(found, os.stat(previous))
                except OSError:
                    same = False
                self.manifest.note(path, "linked" if same else "written", found.st_size)

    def link_previous_tree(self, folder: str | os.PathLike) -> bool:
        """The previous site's folder at folder's place, linked in whole (the preview keeps
        the last search bundle): a hard link for each file, each noted as linked. One walk,
        no stat per file (shutil.copytree and adopt() took 27 µs a file, and the bundle has
        a file per page). False, with nothing done, when the previous site has no folder
        there. The previous site is one this writer's builds made: regular files only."""
        source = self.previous_of(folder)
        if source is None or not source.is_dir():
            return False
        folder = os.path.abspath(folder)
        note = self.manifest.note
        for base, _, names in os.walk(source):
            relative = os.path.relpath(base, source)
            target = folder if relative == os.curdir else os.path.join(folder, relative)
            os.makedirs(target, exist_ok=True)
            for name in names:
                path = os.path.join(target, name)
                os.link(os.path.join(base, name), path)
                note(path, "linked")
        return True

    def forget(self, folder: str | os.PathLike) -> None:
        """Drop what the manifest says about files under folder (about to be replaced)."""
        prefix = os.path.abspath(folder) + os.sep
        for path in [p for p in self.manifest.files if p.startswith(prefix)]:
            self.manifest.forget(path)


def site_writer(output_path: str | os.PathLike) -> SiteWriter:
    """The running build's writer of output_path (made the first time it is asked)."""
    from . import build

    made = build.running()
    root = os.path.abspath(output_path)
    return made.slot(f"outfiles:{root}", lambda: SiteWriter(root, made.manifest))


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
    allowed (the caller copies instead), or when source is a symbolic link (whatever it
    points to is not the site's own file)."""
    try:
        if os.path.islink(source):
            return False
        os.link(source, target, follow_symlinks=False)
    except OSError:
        return False
    return True
