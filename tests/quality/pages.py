"""The pages the browser gates open, found in a built site by their place in the URL scheme."""

from __future__ import annotations

from pathlib import Path

SEARCH_QUERY = "inovasi"
# The element that shows that /cari/ has rendered results for the query.
SEARCH_RESULT = "[data-cari-hasil] > li"


def first(paths) -> str | None:
    found = sorted(paths)
    return found[0] if found else None


def folder_url(folder: Path, root: Path) -> str:
    return folder.relative_to(root).as_posix() + "/"


def innovation_profiles(root: Path) -> list[str]:
    """inovasi/<id>/ folders that hold a page and no pages below (facets and statistics do)."""
    catalogue = root / "inovasi"
    if not catalogue.is_dir():
        return []
    own = ("statistik", "halaman", "kesiapan-iid")  # the catalogue's own pages
    return sorted(folder_url(child, root) for child in catalogue.iterdir()
                  if (child / "index.html").is_file() and child.name not in own
                  and not any(grandchild.is_dir() for grandchild in child.iterdir()))


def key_pages(root: Path) -> dict[str, str | None]:
    """name -> URL path relative to the site root ('' is home); None when not built."""
    root = Path(root)
    articles = [folder_url(path.parent, root) for path in root.glob("berita/*/*/*/index.html")]
    facets = [folder_url(path.parent, root) for path in root.glob("inovasi/tahapan/*/index.html")]
    pages = {
        "beranda": "",
        "berita": first(articles),
        "profil-inovasi": first(innovation_profiles(root)),
        "katalog-inovasi": "inovasi/",
        "faset-inovasi": first(facets),
        "statistik-inovasi": "inovasi/statistik/",
        "kesiapan-iid": "inovasi/kesiapan-iid/",
        "cari": f"cari/?q={SEARCH_QUERY}",
        "arsip": "arsip/",
        "404": "404.html",
        "luring": "luring/",  # the offline page (plugins/offline), shown by the worker
    }
    for name, url in pages.items():
        if url is not None:
            file = url.split("?")[0]
            file = file + "index.html" if file.endswith("/") or not file else file
            if not (root / file).is_file():
                pages[name] = None
    return pages
