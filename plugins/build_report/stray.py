"""Files under content/ that nothing reads: a lost article is worse than a failed build.

Each plugin claims what it reads, as context["content_claims"]: a folder relative to
content/ ("" for all of it) mapped to the extensions read there ({".md"}, or {"*"}).
A file no claim covers is reported; when only its extension's spelling is off (".MD",
".markdown", ".yml") the message says what to rename it to. Pure, no Pelican import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

# Spellings staff use for the extensions the site reads.
ALIASES = {".markdown": ".md", ".mdown": ".md", ".mkd": ".md", ".mdwn": ".md",
           ".txt": ".md", ".yml": ".yaml", ".jpeg": ".jpg"}
# Files editors and systems leave behind; never content.
IGNORED_NAMES = {"thumbs.db", "desktop.ini", "readme.md", "readme.txt", "readme"}
IGNORED_SUFFIXES = ("~", ".swp", ".swo", ".tmp", ".bak", ".orig")


@dataclass(frozen=True)
class Stray:
    path: PurePosixPath  # relative to content/
    code: str
    message: str


def stray_files(root: Path, claims: Mapping[str, Iterable[str]]) -> list[Stray]:
    """Every file under `root` that no claim covers, with what to do about it."""
    table = {PurePosixPath(folder.strip("/")) if folder.strip("/") else PurePosixPath("."):
             {e.lower() for e in extensions} for folder, extensions in claims.items()}
    found = []
    # One folder at a time: what a folder reads is worked out once for all its files (an
    # archive holds 10,000 articles in a handful of folders). The folder's listing says
    # which entries are files (a call per file only for a link, which is followed).
    for folder, files in _walk(str(root)):
        here = PurePosixPath(Path(folder).relative_to(root).as_posix())
        read_here = None
        for name in files:
            lowered = name.lower()
            if name.startswith(".") or lowered in IGNORED_NAMES or \
                    lowered.endswith(IGNORED_SUFFIXES) or lowered.startswith("~$"):
                continue
            relative = here / name
            if read_here is None:
                read_here = _extensions_for(relative, table)
            if "*" in read_here or relative.suffix in read_here:
                continue
            found.append(_why(relative, read_here, table))
    return sorted(found, key=lambda stray: stray.path)


def _walk(top: str):
    """(folder, its files' names, sorted) for top and every folder under it not named
    with a leading dot, top-down in name order; links followed as os.path.isfile and
    os.walk follow them (a linked folder is listed, not entered)."""
    try:
        with os.scandir(top) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return
    files, folders = [], []
    for entry in entries:
        try:
            if entry.is_dir():
                if not entry.name.startswith(".") and not entry.is_symlink():
                    folders.append(entry.path)
            elif entry.is_file():
                files.append(entry.name)
        except OSError:
            continue
    yield top, files
    for folder in folders:
        yield from _walk(folder)


def _extensions_for(relative: PurePosixPath, table) -> set[str]:
    extensions: set[str] = set()
    for folder, allowed in table.items():
        if folder == PurePosixPath(".") or folder in relative.parents:
            extensions |= allowed
    return extensions


def _why(relative: PurePosixPath, read_here: set[str], table) -> Stray:
    suffix = relative.suffix.lower()
    wanted = ALIASES.get(suffix, suffix)
    if wanted in read_here:
        return Stray(relative, "CNT001",
                     f"berkas ini tidak dibaca situs karena akhiran namanya "
                     f"'{relative.suffix}'; ganti namanya menjadi "
                     f"'{relative.stem}{wanted}'")
    homes = sorted(str(folder) for folder, allowed in table.items()
                   if wanted in allowed and str(folder) != ".")
    if homes:
        where = " atau ".join(f"content/{h}/" for h in homes)
        return Stray(relative, "CNT002",
                     f"berkas ini tidak dibaca situs di folder ini; pindahkan ke {where}")
    return Stray(relative, "CNT003",
                 "berkas ini tidak dibaca situs (jenis berkas tidak dikenal di folder ini); "
                 "pindahkan ke luar folder content/ atau hapus")


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic")


def photos_published_raw(root: Path, static_folders: Iterable[str]) -> list[Stray]:
    """Photos in a folder published as it is (STATIC_PATHS, the documents): they would go
    out with their camera data and GPS position, and at full size."""
    found = []
    for folder in static_folders:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix.lower() in PHOTO_SUFFIXES:
                relative = PurePosixPath(path.relative_to(root).as_posix())
                found.append(Stray(relative, "CNT004",
                                   "foto di folder ini diterbitkan apa adanya, dengan data "
                                   "kamera dan lokasinya; pindahkan ke content/images/ dan "
                                   "tampilkan dengan ![keterangan](/images/...)"))
    return found
