"""What is under content/, taken before anything reads it: nothing outside it is ever read.

Pelican walks content/ following symbolic links (os.walk(followlinks=True)) and so do
other readers (a Cover photo, an Audio recording, a record of content/inovasi/): a link
to a file or folder outside content/ would be read, and its text published, as if it
were content. `take()` walks content/ once without trusting any link: each link is
resolved and checked, and only a link whose target is inside content/ is followed.
What no build may read is a Refusal, at the path of the link (or file) staff must fix:

- CNT005: a link whose target is outside content/ (another folder of the project, the
  home folder, /etc): nothing behind it is listed, opened or read;
- CNT006: a link to nothing, a chain of links that never ends, or a folder link to a
  folder that holds it (a walk through it never ends);
- CNT007: what is not a plain file or folder (a pipe, socket or device: reading one
  waits forever or reads a device), a file or folder that cannot be opened.

Stricter than "inside the project": pelicanconf.py, .git/, .cache/ and output/ are in the
project but not content, and a link into them would publish them. Pure: standard
library only, no Pelican import.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath


@dataclass(frozen=True, order=True)
class Refusal:
    path: PurePosixPath  # relative to content/: the link or file as it lies there
    code: str
    message: str


@dataclass
class Inventory:
    """Every file a build may read (relative to content/, as readers name them: a file
    inside a linked folder under the link's name) and every refusal."""

    root: Path
    files: list[PurePosixPath] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def take(root: Path) -> Inventory:
    """Walk `root` (content/) without following a link out of it; sorted results."""
    root = Path(root)
    found = Inventory(root)
    if not root.is_dir():
        return found  # no content/ at all: the build says so in its own words
    real_root = os.path.realpath(root)
    refused: dict[PurePosixPath, Refusal] = {}

    def refuse(real_path: str, code: str, message: str) -> None:
        # Named where it lies, resolving only the folders above it: what staff fix (a
        # link reached through a linked folder too is named once).
        where = _canonical(real_path, real_root)
        refused.setdefault(where, Refusal(where, code, message))

    files: list[str] = []
    # (folder as readers name it, "" for content/ itself; its real path; the real
    # folders above it on this walk). Strings, not paths: 10,000 articles cost ~0.1 s.
    stack = [("", real_root, frozenset({real_root}))]
    while stack:
        here, real, above = stack.pop()
        try:
            with os.scandir(real) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            refuse(real, "CNT007", _unreadable(error, "folder"))
            continue
        folders = []
        for entry in entries:
            relative = here + entry.name
            try:
                if entry.is_symlink():
                    target, problem = _follow(entry.path, real_root, real, above)
                    if problem is not None:
                        if problem != "":
                            refuse(entry.path, *problem)
                        continue
                    mode = os.stat(target).st_mode
                    is_dir, is_file = stat.S_ISDIR(mode), stat.S_ISREG(mode)
                else:  # the kind the folder listing gives, without a call per file
                    target = entry.path
                    is_dir = entry.is_dir(follow_symlinks=False)
                    is_file = not is_dir and entry.is_file(follow_symlinks=False)
            except OSError as error:
                refuse(entry.path, "CNT007", _unreadable(error, "berkas"))
                continue
            if is_dir:
                folders.append((relative + "/", target, above | {target}))
            elif not is_file:
                refuse(entry.path, "CNT007", NOT_A_FILE)
            elif not os.access(target, os.R_OK):
                refuse(entry.path, "CNT007",
                       _unreadable(PermissionError(errno.EACCES, ""), "berkas"))
            else:
                files.append(relative)
        stack.extend(reversed(folders))
    found.files = [PurePosixPath(name) for name in sorted(files)]
    found.refused = sorted(refused.values())
    return found


NOT_A_FILE = ("ini bukan berkas biasa (pipa, soket, atau perangkat); situs hanya membaca "
              "berkas dan folder biasa: hapus dari folder content/")


def _follow(link: str, real_root: str, real_parent: str, above: frozenset):
    """A link's real target, or (None, (code, message)) when it may not be followed;
    (None, "") for a link to leave alone silently (an editor's lock file)."""
    written = _shown(_readlink(link))
    target = os.path.realpath(link)
    if not _inside(target, real_root):
        return None, ("CNT005", f"tautan simbolik ini menunjuk ke luar folder content/ "
                                f"({written}); situs tidak membaca apa pun di baliknya. "
                                "Salin berkasnya ke dalam content/, atau hapus tautannya")
    try:
        target = os.path.realpath(link, strict=True)
    except OSError as error:
        if os.path.basename(link).startswith(".#"):
            return None, ""  # Emacs marks a file being edited with a link to nothing
        if error.errno == errno.ELOOP:
            return None, ("CNT006", f"tautan simbolik ini membentuk putaran tautan "
                                    f"({written}) dan tidak menunjuk ke berkas apa pun; "
                                    "hapus tautannya")
        return None, ("CNT006", f"tautan simbolik ini menunjuk ke berkas yang tidak ada "
                                f"({written}); perbaiki atau hapus tautannya")
    if target in above or _inside(real_parent, target):
        return None, ("CNT006", f"tautan simbolik ini menunjuk ke folder yang memuatnya "
                                f"sendiri ({written}), sehingga folder itu terbaca tanpa "
                                "akhir; hapus tautannya")
    return target, None


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _canonical(real_path: str, real_root: str) -> PurePosixPath:
    """`real_path` relative to content/, with the last part kept as it is (a link)."""
    parent, name = os.path.split(real_path)
    return PurePosixPath(Path(os.path.relpath(parent, real_root)).as_posix()) / name \
        if real_path != real_root else PurePosixPath(".")


def _readlink(link: str) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"


def _shown(text: str) -> str:
    """A path as printed in a message: whole (never cut), in quotes, control characters
    written as escapes so the line stays one line."""
    return "'" + "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text) + "'"


def _unreadable(error: OSError, kind: str) -> str:
    reason = {errno.EACCES: "izin ditolak", errno.EPERM: "izin ditolak",
              errno.ENAMETOOLONG: "namanya terlalu panjang",
              errno.EIO: "kesalahan baca pada disk"}.get(error.errno, "tidak dapat dibuka")
    return (f"{kind} ini tidak dapat dibaca ({reason}); ubah izinnya agar dapat dibaca, "
            "atau pindahkan ke luar folder content/")
