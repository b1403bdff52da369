"""The files the editor's local proxy reads and writes, reached only through its checks.

Every path is first checked as text (editor_rules.area_of), then resolved on disk: it must
still lie in its area once symlinks are followed. The file is then opened folder by folder
with O_NOFOLLOW from the resolved project folder, so a symlink swapped in after the check
fails instead of leading out. A write goes to a temporary file beside the target, then is
renamed over it: a save cut short leaves the previous file whole.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path, PurePosixPath

from .editor_rules import Area, Refused, area_of, refusal_text

MAX_READ = 32 * 1024 * 1024  # the largest file sent back (base64 grows it by a third)
MAX_LIST = 20_000            # files listed for one folder

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


def size_text(count: int) -> str:
    """A size as staff read it: 64 MB, 512 KB."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.0f} MB"
    return f"{max(1, count // 1024)} KB"


class Project:
    """The project folder and the areas of it the editor may touch; all file access."""

    def __init__(self, root: Path, areas: tuple[Area, ...]) -> None:
        self.root = Path(os.path.realpath(root))
        self.areas = areas

    # -- checking ------------------------------------------------------------------------

    def resolve(self, path: str, folder: bool = False) -> tuple[Area, PurePosixPath]:
        """The area and the symlink-free path (relative to the project) of a request's path.

        Refused when the text is not an allowed path, or when, resolved on disk, it lies
        outside its area (a symlink, or a symlinked folder, leading elsewhere)."""
        area = area_of(path, self.areas, folder=folder)
        area_real = Path(os.path.realpath(self.root / area.folder))
        real = Path(os.path.realpath(self.root / path))
        inside = real == area_real if area.exact else (
            real == area_real and folder) or area_real in real.parents
        if (self.root not in area_real.parents) or not inside:
            raise Refused(403, "ADM010", refusal_text(
                path, "sesudah tautan simbolik (symlink) diikuti, jalur ini berada di luar "
                      f"folder {area.folder}", self.areas))
        if not folder and not area.exact and real.suffix.lower() not in area.suffixes:
            raise Refused(403, "ADM010", refusal_text(
                path, f"tautan simbolik ini menunjuk berkas berakhiran '{real.suffix}'",
                self.areas))
        return area, PurePosixPath(real.relative_to(self.root).as_posix())

    @contextlib.contextmanager
    def _folder_fd(self, parts: tuple[str, ...], create: bool = False):
        """A descriptor of the resolved folder `parts`, opened step by step without
        following any symlink (one swapped in since `resolve` makes this fail)."""
        fd = os.open(self.root, _DIR_FLAGS)
        try:
            for part in parts:
                try:
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                except FileNotFoundError:
                    if not create:
                        raise
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(part, 0o777, dir_fd=fd)
                    child = os.open(part, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
            yield fd
        finally:
            os.close(fd)

    # -- files ---------------------------------------------------------------------------

    def read(self, path: str) -> bytes | None:
        """The bytes of an allowed file, None when it does not exist."""
        _area, real = self.resolve(path)
        try:
            with self._folder_fd(real.parent.parts) as folder:
                fd = os.open(real.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
                             | getattr(os, "O_CLOEXEC", 0), dir_fd=folder)
        except FileNotFoundError:
            return None
        except OSError as error:
            raise self._os_refusal(path, error) from None
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise Refused(403, "ADM010", refusal_text(path, "bukan berkas biasa", self.areas))
            if info.st_size > MAX_READ:
                raise Refused(413, "ADM012", f"berkas {path!r} lebih besar dari "
                                             f"{size_text(MAX_READ)}; perkecil berkasnya")
            return handle.read(MAX_READ + 1)

    def write(self, path: str, data: bytes) -> None:
        """Put `data` at an allowed path: a temporary file beside it, then a rename."""
        _area, real = self.resolve(path)
        try:
            with self._folder_fd(real.parent.parts, create=True) as folder:
                temporary = f".{real.name}.{secrets.token_hex(6)}.sementara"
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
                             | getattr(os, "O_CLOEXEC", 0), 0o666, dir_fd=folder)
                try:
                    with os.fdopen(fd, "wb") as handle:
                        handle.write(data)
                        handle.flush()
                        os.fsync(handle.fileno())
                    os.replace(temporary, real.name, src_dir_fd=folder, dst_dir_fd=folder)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(temporary, dir_fd=folder)
                    raise
        except OSError as error:
            raise self._os_refusal(path, error) from None

    def delete(self, path: str) -> None:
        """Remove an allowed file (a missing one is already gone); never a folder."""
        _area, real = self.resolve(path)
        try:
            with self._folder_fd(real.parent.parts) as folder:
                info = os.stat(real.name, dir_fd=folder, follow_symlinks=False)
                if not stat.S_ISREG(info.st_mode):
                    raise Refused(403, "ADM010", refusal_text(path, "bukan berkas biasa",
                                                              self.areas))
                os.unlink(real.name, dir_fd=folder)
        except FileNotFoundError:
            return
        except OSError as error:
            raise self._os_refusal(path, error) from None

    def list(self, folder: str, extension: str, depth: int) -> list[str]:
        """Allowed files under an allowed folder, `depth` levels deep, as project paths."""
        area, real = self.resolve(folder, folder=True)
        if area.exact:
            return []
        extension = extension.lstrip(".").lower()
        found: list[str] = []
        start = self.root / real
        if not start.is_dir():
            return []

        def walk(current: Path, level: int) -> None:
            if level <= 0 or len(found) >= MAX_LIST:
                return
            try:
                entries = sorted(os.scandir(current), key=lambda e: e.name)
            except OSError:
                return
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                relative = (current / entry.name).relative_to(self.root).as_posix()
                if entry.is_dir(follow_symlinks=False):
                    walk(current / entry.name, level - 1)
                elif entry.name.lower().endswith(extension):
                    with contextlib.suppress(Refused):
                        self.resolve(relative)  # a symlink leading out is left out
                        found.append(relative)

        walk(start, depth)
        return found[:MAX_LIST]

    def _os_refusal(self, path: str, error: OSError) -> Refused:
        if isinstance(error, (NotADirectoryError, IsADirectoryError)) or error.errno == 40:
            return Refused(403, "ADM010", refusal_text(
                path, "sebuah folder di jalur ini berubah menjadi tautan simbolik atau berkas",
                self.areas))
        return Refused(500, "ADM012", f"berkas {path!r} tidak dapat dibaca atau ditulis: "
                                      f"{error.strerror or error}")
