"""Redirect pages from the old Blogger addresses to the new ones.

Plain HTML that works without JavaScript on any static host: a meta refresh, a canonical
link, `noindex`, and a visible link. Pure functions, no Pelican import.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Redirect:
    """One page to write: its path in the output folder, the site URL it leads to."""

    path: str  # '2023/03/slug.html', 'search/label/Pasar/index.html'
    target: str  # relative to the site root: 'berita/2023/03/slug/'
    title: str  # what the visible link says


def post_redirect(old_path: str, target: str, title: str) -> Redirect:
    """'/2023/03/slug.html' (or '/p/slug.html') of an imported article or page."""
    return Redirect(old_path.lstrip("/"), target, title)


def label_redirects(label: str, target: str) -> list[Redirect]:
    """Blogger's /search/label/X: as a folder (any server) and as X.html (clean-URL hosts)."""
    if not usable_label(label):
        return []
    title = f"Topik {label}"
    return [Redirect(f"search/label/{label}/index.html", target, title),
            Redirect(f"search/label/{label}.html", target, title)]


def archive_redirects(year: int, month: int) -> list[Redirect]:
    """Blogger's monthly and yearly archives (/2023/03/, /2023/, and the older
    /2023_03_01_archive.html) -> /arsip/2023/03/, /arsip/2023/."""
    month_title = f"Arsip berita {month:02d}/{year:04d}"
    month_target = f"arsip/{year:04d}/{month:02d}/"
    return [Redirect(f"{year:04d}/{month:02d}/index.html", month_target, month_title),
            Redirect(f"{year:04d}_{month:02d}_01_archive.html", month_target, month_title),
            Redirect(f"{year:04d}/index.html", f"arsip/{year:04d}/", f"Arsip berita {year:04d}")]


def usable_label(label: str) -> bool:
    """A label that can be a file name inside search/label/ without leaving it."""
    return bool(label) and len(label.encode("utf-8")) <= 200 and label not in (".", "..") \
        and not label.startswith(".") and not any(ch in label for ch in "/\\\0") \
        and all(ch.isprintable() for ch in label)


def href(redirect: Redirect, siteurl: str, relative: bool) -> str:
    """The target as the page must link to it: relative to the page, or absolute."""
    if relative:
        return ("../" * redirect.path.count("/") or "./") + redirect.target
    return f"{siteurl.rstrip('/')}/{redirect.target}"


def page(redirect: Redirect, siteurl: str, relative: bool, sitename: str) -> str:
    """The HTML of one redirect page."""
    url = html.escape(href(redirect, siteurl, relative), quote=True)
    title = html.escape(redirect.title)
    return (
        "<!doctype html>\n"
        '<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Pindah ke: {title} | {html.escape(sitename)}</title>\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n<main>\n<h1>Halaman ini sudah pindah</h1>\n"
        f'<p>Alamat barunya: <a href="{url}">{title}</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )
