"""Where a built site may go: nothing the tools replace was made by anyone else.

A site is put in place by replacing a whole folder (publishing.put_in_place) or by
`rsync --delete` on a host (publish.send). Both are allowed only on a folder that is
absent, empty, or a site this project made: such a folder carries MARKER, a small text
file naming the entries (top level) the site put there. What else stands beside them
(an `.htaccess`, a `.well-known/` folder a host added) is not the site's: it is carried
over into the new site, or protected from rsync's `--delete`, never removed. A folder
built before the marker existed is recognised once by its shape (LEGACY_SHAPE); its
dot names (which the site never writes) are kept, the rest is taken as the site's.

Locally a destination is also never the project itself, a folder inside it other than
output/, a parent of it, or a file. Symbolic links are followed first: the rules hold
for the folder that would really be replaced.

Refusals are diagnostics (`<folder>: galat TRB00n: ...`, Bahasa Indonesia). Pure
standard library, no Pelican import.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from common.diagnostics import Diagnostic

MARKER = ".situs-kabar-inovasi"
MARKER_HEAD = "Situs Kabar & Inovasi Sabu Raijua, dibuat oleh invoke build atau invoke publish."
MARKER_NOTE = ("Penerbitan berikutnya hanya mengganti nama-nama di bawah ini; "
               "berkas lain di folder ini dibiarkan.")
# What every build of this site writes at its top level (before the marker existed).
LEGACY_SHAPE = frozenset({"index.html", "404.html", "sitemap.xml", "robots.txt", "theme/"})


class PublishError(Exception):
    """A step that could not be done; its message is for staff, in Bahasa Indonesia."""


class Refusal(PublishError):
    """A destination the tools will not touch; str() is the diagnostic line for staff."""

    def __init__(self, shown: str, code: str, message: str) -> None:
        self.diagnostic = Diagnostic(shown, 0, 0, code, message)
        super().__init__(str(self.diagnostic))


def marker_text(names) -> str:
    """The marker of a site whose top-level entries are names ('dir/' for folders)."""
    listed = sorted(set(names) - {MARKER})
    return "\n".join([MARKER_HEAD, MARKER_NOTE, "", *listed]) + "\n"


def marker_names(text: str) -> frozenset[str] | None:
    """The entries a marker lists, or None when the text is not a marker."""
    lines = text.splitlines()
    if not lines or lines[0] != MARKER_HEAD:
        return None
    return frozenset(line for line in lines[3:] if line)


def names_of(folder: Path) -> frozenset[str]:
    """The entries of folder, folders (not links to them) with a final '/'."""
    found = set()
    with os.scandir(folder) as entries:
        for entry in entries:
            found.add(entry.name + "/" if entry.is_dir(follow_symlinks=False) else entry.name)
    return frozenset(found)


@dataclass(frozen=True)
class Found:
    """What stands at a destination: kind is absent, empty, site, legacy, foreign or file."""

    kind: str
    names: frozenset[str] = frozenset()
    made: frozenset[str] = frozenset()  # what its marker lists

    def kept(self, new: frozenset[str]) -> tuple[list[str], list[str]]:
        """(entries to carry over into the new site, entries the new site would replace
        although this project did not make them)."""
        new_bare = {name.rstrip("/") for name in new}
        if self.kind == "site":
            other = self.names - self.made - {MARKER}
        elif self.kind == "legacy":
            # A site built before the marker: its pages are ours; the site never writes a
            # top-level dot name, so those (.htaccess, .well-known/) are a host's.
            other = {name for name in self.names
                     if name.startswith(".") and name.rstrip("/") not in new_bare}
        else:
            other = set()
        other = {name for name in other if name != MARKER}
        clashes = sorted(name for name in other if name.rstrip("/") in new_bare)
        return sorted(set(other) - set(clashes)), clashes


def classify(names: frozenset[str] | None, marker: str | None) -> Found:
    """What a listing (None: absent) and its marker's text (None: no marker) mean."""
    if names is None:
        return Found("absent")
    if not names:
        return Found("empty", names)
    if marker is not None:
        made = marker_names(marker)
        if made is not None:
            return Found("site", names, made)
    if LEGACY_SHAPE <= names:
        return Found("legacy", names)
    return Found("foreign", names)


def inspect(folder: Path) -> Found:
    """What stands at folder (symbolic links followed)."""
    folder = Path(folder)
    if not folder.exists():
        return Found("absent")
    if not folder.is_dir():
        return Found("file")
    names = names_of(folder)
    marker = None
    if MARKER in names:
        try:
            marker = (folder / MARKER).read_text(encoding="utf-8", errors="replace")
        except OSError:
            marker = None
    return classify(names, marker)


def shown(path: Path, root: Path | None = None) -> str:
    """A folder as staff see it: relative to the project when inside it."""
    path = Path(path)
    if root is not None:
        with_root = Path(root).resolve()
        if path.is_relative_to(with_root):
            return path.relative_to(with_root).as_posix() or "."
    return str(path)


def listing(names, limit: int = 8) -> str:
    names = sorted(names)
    more = f" dan {len(names) - limit} lagi" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def refuse_contents(found: Found, where: str) -> None:
    """Raise Refusal unless the site may be put where found was seen."""
    if found.kind == "file":
        raise Refusal(where, "TRB001",
                      "tujuan ini sebuah berkas, bukan folder; situs hanya dipasang di folder "
                      "kosong, folder yang belum ada, atau folder situs ini yang lama. "
                      "Pilih folder lain dengan --dest")
    if found.kind == "foreign":
        raise Refusal(where, "TRB002",
                      "folder ini berisi berkas yang tidak dibuat oleh situs ini (ditemukan: "
                      f"{listing(found.names)}); situs tidak dipasang agar berkas itu tidak "
                      "hilang. Pilih folder kosong atau folder baru, atau pindahkan isinya "
                      "dulu")


def refuse_clashes(clashes: list[str], where: str) -> None:
    if clashes:
        raise Refusal(where, "TRB004",
                      "folder ini berisi berkas yang tidak dibuat oleh situs ini dengan nama "
                      f"yang juga dipakai situs baru ({listing(clashes)}); pindahkan atau "
                      "ganti nama berkas itu dulu, lalu jalankan lagi")


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a == b


def refuse_place(dest: Path, root: Path) -> None:
    """Raise Refusal when dest (symbolic links followed) is the project, inside it (other
    than output/), or holds it."""
    root = Path(root).resolve()
    dest = Path(dest).resolve()
    where = shown(dest, root)
    if _same(dest, root / "output"):
        return
    if _same(dest, root):
        raise Refusal(where, "TRB003",
                      "tujuan ini folder proyek itu sendiri; situs tidak pernah dipasang di "
                      "sana. Pakai folder di luar proyek, misalnya --dest /var/www/kabar-inovasi")
    if root.is_relative_to(dest) or any(_same(dest, parent) for parent in root.parents):
        raise Refusal(where, "TRB003",
                      f"tujuan ini folder yang berisi proyek ({root}); situs tidak pernah "
                      "dipasang di sana. Pakai folder tersendiri di luar proyek, misalnya "
                      "--dest /var/www/kabar-inovasi")
    if dest.is_relative_to(root) or any(_same(parent, root) for parent in dest.parents
                                        if parent.exists()):
        raise Refusal(where, "TRB003",
                      "tujuan ini folder di dalam proyek; di dalam proyek situs hanya "
                      "dipasang di output/. Hapus --dest, atau pakai folder di luar proyek")


# ---- rsync targets --------------------------------------------------------------------

_USER_HOST = re.compile(r"^(?:[A-Za-z0-9._][A-Za-z0-9._-]*@)?"
                        r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$")
_REMOTE_PATH = re.compile(r"^[A-Za-z0-9_.~/+@=,-]+$")
_HELP = ("tulis folder situs di server lengkap, misalnya "
         "redaksi@saburaijuakab.go.id:/var/www/kabar-inovasi/")


@dataclass(frozen=True)
class Target:
    """An rsync target: host ('' when local) and the folder on it."""

    host: str
    path: str

    def __str__(self) -> str:
        return f"{self.host}:{self.path}" if self.host else self.path

    @property
    def folder(self) -> str:
        """The target as rsync names the folder itself (final '/')."""
        return str(self).rstrip("/") + "/"


def rsync_target(text: str) -> Target:
    """The rsync target in text, or Refusal (TRB006) when it could name the wrong folder."""
    value = text or ""
    where = "--rsync"

    def refuse(why: str) -> Refusal:
        return Refusal(where, "TRB006", f"{why}; {_HELP} (ditemukan: {value!r})")

    if not value.strip():
        raise refuse("tujuan rsync kosong")
    if value.startswith("-"):
        raise refuse("tujuan rsync tidak boleh diawali '-'")
    if "::" in value or value.startswith("rsync://"):
        raise refuse("layanan rsync (::, rsync://) tidak dipakai; kirim lewat SSH")
    remote = re.match(r"^([^/:]*):(.*)$", value, re.S)  # rsync: a ':' before any '/'
    host, path = (remote.group(1), remote.group(2)) if remote else ("", value)
    if remote and not _USER_HOST.match(host):
        raise refuse(f"nama server {host!r} tidak sah")
    if not _REMOTE_PATH.match(path):
        raise refuse("folder tujuan kosong atau berisi spasi, tanda kutip, atau karakter lain "
                     "yang tidak dipakai di sini")
    plain = path[2:] if path.startswith("~/") else "" if path == "~" else path
    segments = [part for part in plain.split("/") if part]
    if not segments or posixpath.normpath("/" + plain) == "/":
        raise refuse("folder tujuan adalah akar server atau folder rumah pengguna, yang "
                      "isinya akan terhapus")
    if plain.startswith("~"):
        raise refuse("folder rumah pengguna lain ('~nama') tidak dipakai")
    if any(part in (".", "..") for part in segments):
        raise refuse("folder tujuan tidak boleh berisi '.' atau '..'")
    return Target(host, path)


_LIST_LINE = re.compile(r"^(?P<mode>[-dlpscbD][-rwxsStTl]{9}\S*)\s+[\d,.]+\s+\S+\s+\S+\s(?P<name>.+)$")


def parse_listing(text: str) -> frozenset[str] | None:
    """The entries of `rsync --list-only FOLDER/` output ('dir/' for folders); None when
    the output names no folder ('.' absent: the target is a file)."""
    names: set[str] = set()
    folder = False
    for line in text.splitlines():
        matched = _LIST_LINE.match(line)
        if not matched:
            continue
        name, mode = matched.group("name"), matched.group("mode")
        if mode.startswith("l") and " -> " in name:
            name = name.split(" -> ", 1)[0]
        if name == ".":
            folder = mode.startswith("d")
            continue
        names.add(name + "/" if mode.startswith("d") else name)
    return frozenset(names) if folder else None


def protect_rules(names) -> list[str]:
    """rsync filter arguments that keep names (top level) from `--delete`."""
    return [f"--filter=protect /{name.rstrip('/')}" for name in sorted(names)]
