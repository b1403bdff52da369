"""Addresses that clash: two news files at one address, or a file at an address the site
itself writes (a section, a feed, an innovation profile). Pure, no Pelican import."""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from typing import Hashable, Iterable


def clashes(items: Iterable[tuple[Hashable, str]]) -> list[tuple[Hashable, Hashable, str]]:
    """(key, first_key, address) for every item whose address an earlier item already has.

    Items are (key, address) pairs; pass them sorted so the first one stays the owner.
    """
    owner: dict[str, Hashable] = {}
    found = []
    for key, address in items:
        # 'Tentang/' and 'tentang/' are one folder on a host that ignores case.
        folded = address.casefold()
        if folded in owner:
            found.append((key, owner[folded], address))
        else:
            owner[folded] = key
    return found


# -- addresses the site itself writes --------------------------------------------------

@dataclass(frozen=True)
class SitePath:
    """An output path the site writes: a file, or a folder it fills (no trailing '/')."""

    path: str
    folder: bool
    label: str  # what the site uses it for, in Bahasa Indonesia


# What each *_SAVE_AS setting writes, as staff would name it.
SAVE_AS_LABELS = {
    "ARTICLE": "berita",
    "DRAFT": "draf berita",
    "DRAFT_PAGE": "draf halaman",
    "CATEGORY": "kategori berita", "CATEGORIES": "kategori berita",
    "TAG": "topik berita", "TAGS": "topik berita",
    "AUTHOR": "penulis berita", "AUTHORS": "penulis berita",
    "ARCHIVES": "arsip berita", "YEAR_ARCHIVE": "arsip berita",
    "MONTH_ARCHIVE": "arsip berita", "DAY_ARCHIVE": "arsip berita",
    "INDEX": "beranda",
    "404": "halaman 'tidak ditemukan' (404)",
    "ROBOTS": "aturan mesin pencari (robots.txt)",
    "CARI": "halaman pencarian",
    "TERSIMPAN": "halaman Tersimpan (bacaan yang disimpan pembaca)",
}
# Paginated templates whose save_as setting has another name than the template.
PAGINATED_SETTING = {"period_archives": "YEAR_ARCHIVE"}
FEED_SETTING = re.compile(r"(^|_)FEED(_ALL)?_(ATOM|RSS)$")
# Folders other plugins write without a setting naming them (innovations, images,
# search_index, admin, audio); they cannot be asked before writing, since plugins never
# import each other. Kept whole by a test (every top-level path of a full build is one of
# site_paths), and backed by the check after writing (written_clashes): a file the build
# wrote in a page's folder, or over it, is reported whatever wrote it.
PLUGIN_FOLDERS = (
    ("inovasi", "katalog dan profil inovasi"),
    ("data", "data terbuka inovasi"),
    ("images", "gambar"),
    ("pagefind", "indeks pencarian"),
    ("admin", "penyunting situs"),
    ("audio", "rekaman suara"),
    ("dengar", "daftar rekaman"),
    ("siaran", "siaran langsung dan jadwal siaran"),
    ("luring", "halaman tanpa sambungan dan service worker"),
)
# Files plugins write at the top of the site (the admin plugin's publish record, which
# `invoke publish` replaces with the commit it put live).
PLUGIN_FILES = (
    ("terbit.json", "catatan penerbitan untuk penyunting"),
    ("sw.js", "service worker untuk baca tanpa sambungan"),
)


def site_paths(settings: dict) -> list[SitePath]:
    """Every file and folder the site writes besides pages, read from Pelican's settings.

    A pattern ('kategori/{slug}/index.html') gives the folder before its first field;
    a fixed path ('arsip/index.html') gives the file and the folder it sits in.
    """
    found: list[SitePath] = []
    for key, value in settings.items():
        if not (key.endswith("_SAVE_AS") and isinstance(value, str) and value):
            continue
        # One language: translations (*_LANG_SAVE_AS) are never written.
        if key.endswith("_LANG_SAVE_AS") or key in ("PAGE_SAVE_AS", "STATIC_SAVE_AS"):
            continue
        name = key.removesuffix("_SAVE_AS")
        found += _paths(value, SAVE_AS_LABELS.get(name, f"{key} di pelicanconf.py"))
    for template in settings.get("DIRECT_TEMPLATES", ()):
        if f"{template.upper()}_SAVE_AS" not in settings:
            found += _paths(f"{template}.html", SAVE_AS_LABELS.get(template.upper(), template))
    for template in settings.get("PAGINATED_TEMPLATES", {}):
        name = PAGINATED_SETTING.get(template, template.upper())
        save_as = settings.get(f"{name}_SAVE_AS") or f"{template}.html"
        label = "halaman lanjutan " + SAVE_AS_LABELS.get(name, template)
        for _, _, pattern in settings.get("PAGINATION_PATTERNS", ()):
            found += _paths(_paginated(pattern, save_as), label)
    for key, value in settings.items():
        if FEED_SETTING.search(key) and isinstance(value, str) and value:
            found += _paths(value, "umpan berita (feed)")
    if settings.get("THEME_STATIC_DIR"):
        found.append(SitePath(settings["THEME_STATIC_DIR"].strip("/"), True,
                              "berkas tema (gaya dan skrip)"))
    for path in settings.get("STATIC_PATHS", ()):
        found.append(SitePath(path.strip("/"), True, "berkas statis"))
    sitemap = settings.get("SITEMAP", {}).get("format", "xml")
    found.append(SitePath(f"sitemap.{sitemap}", False, "peta situs"))
    found += [SitePath(path, True, label) for path, label in PLUGIN_FOLDERS]
    found += [SitePath(path, False, label) for path, label in PLUGIN_FILES]
    return found


def _paths(save_as: str, label: str) -> list[SitePath]:
    fixed, brace, _ = save_as.partition("{")
    folder = fixed.rpartition("/")[0].strip("/")
    paths = [SitePath(fixed.lstrip("/"), False, label)] if not brace else []
    return paths + ([SitePath(folder, True, label)] if folder else [])


def _paginated(pattern: str, save_as: str) -> str:
    """A pagination save_as pattern with Pelican's base_name filled in, like its Paginator."""
    folder, file = posixpath.split(save_as)
    base_name = folder if file in ("index.htm", "index.html") else posixpath.splitext(save_as)[0]
    return pattern.replace("{base_name}", base_name).lstrip("/")


def index_paths(taken: Iterable[SitePath]) -> dict[str, list[SitePath]]:
    """The site paths by path, in their order, for site_clash."""
    index: dict[str, list[SitePath]] = {}
    for site_path in taken:
        index.setdefault(site_path.path.casefold(), []).append(site_path)
    return index


def site_clash(save_as: str, taken: dict[str, list[SitePath]],
               own_folder: str = "") -> SitePath | None:
    """The site path that save_as equals or lies in, the nearest one first; None if free.

    taken comes from index_paths: only save_as and the folders above it are looked up,
    so checking every article costs the depth of its address, not the number of paths.
    own_folder is where this kind of content is written ('berita' for articles): the
    folders holding it are its own, not a clash.
    """
    def usable(site_path: SitePath) -> bool:
        return not (site_path.folder
                    and (own_folder + "/").startswith(site_path.path + "/"))

    save_as = save_as.casefold()  # a host that ignores case writes both to one file
    for site_path in taken.get(save_as, ()):
        if usable(site_path):
            return site_path
    parts = save_as.split("/")
    for depth in range(len(parts) - 1, 0, -1):  # the nearest folder first
        for site_path in taken.get("/".join(parts[:depth]), ()):
            if usable(site_path):
                return site_path
    return None


def clash_message(save_as: str, site_path: SitePath) -> str:
    """'alamat ... sudah dipakai situs untuk ...': what clashes, as staff see addresses."""
    address = save_as.removesuffix("index.html")
    if save_as.casefold() == site_path.path.casefold():
        return f"alamat '{address}' sudah dipakai situs untuk {site_path.label}"
    if not site_path.folder:
        # save_as lies "inside" a file: a folder and a file cannot share one name.
        return (f"alamat '{address}' bertabrakan dengan berkas '{site_path.path}' yang "
                f"dipakai situs untuk {site_path.label}")
    if address.casefold() == site_path.path.casefold() + "/":
        return f"alamat '{address}' sudah dipakai situs untuk {site_path.label}"
    return (f"alamat '{address}' berada di dalam '{site_path.path}/', yang dipakai situs "
            f"untuk {site_path.label}")


def own_folder(save_as_pattern: str) -> str:
    """The fixed folder a kind of content is written in: 'berita' for articles, '' for pages."""
    return save_as_pattern.partition("{")[0].rpartition("/")[0].strip("/")


# -- after writing: what the build itself put in a page's place --------------------------

def written_clashes(pages: dict[str, tuple[int, int, int]], output: str) -> dict[str, str]:
    """page file -> the first file the build wrote over it, beside it, or in its folder.

    pages: each staff page's written file (absolute) and its (inode, size, mtime_ns)
    right after it was written. A file the build wrote later in the same place (replaced,
    under another case, or in the page's folder) is a file the site generates itself,
    whichever plugin wrote it. Returns output-relative paths of the generated files.
    """
    found: dict[str, str] = {}
    for path, written in sorted(pages.items()):
        folder = os.path.dirname(path)
        try:
            now = os.stat(path)
            if (now.st_ino, now.st_size, now.st_mtime_ns) != written:
                found[path] = path
                continue
        except OSError:
            found[path] = path
            continue
        parent, name = os.path.split(folder)
        twins = [os.path.join(parent, other) for other in _names(parent)
                 if other != name and other.casefold() == name.casefold()]
        for root, dirs, files in ([] if twins else os.walk(folder)):
            dirs.sort()
            others = [os.path.join(root, f) for f in sorted(files)
                      if os.path.join(root, f) not in pages]
            if others:
                found[path] = others[0]
                break
        if twins:
            found[path] = twins[0]
    return {page: os.path.relpath(other, output).replace(os.sep, "/")
            for page, other in found.items()}


def _names(folder: str) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []
