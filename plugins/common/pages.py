"""The one pagination of the site: every list is cut and addressed by Pelican's Paginator.

Pelican paginates its own templates (PAGINATED_TEMPLATES: news lists, archives); the lists
plugins write themselves (innovation catalogue and facets, /dengar/) go through the same
Paginator here, so PAGINATION_PATTERNS and DEFAULT_ORPHANS shape every list alike:
base/, base/halaman/2/, ... Every list page's nav is drawn by one partial,
theme/templates/partials/pagination.html, from one model (`halaman`): `nav(page)` here for
a plugin's list; for a list Pelican paginates, the partial reads the same fields from the
Page the writer gives it (a template global or filter given the Page would make the render
trace read every article of the list, build_report/renders.py).
No Pelican import but its Paginator (a plain class over a settings dict).
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

from pelican.paginator import Paginator


class ListPage(NamedTuple):
    """One page of a plugin's list: its items, address, file and nav model."""

    items: list
    url: str
    save_as: str
    halaman: dict


def nav(page) -> dict:
    """The nav model of one page of a Pelican Paginator: `halaman` in the templates.

    nomor (this page), jumlah_halaman, jumlah (items in the whole list), and the URLs of
    the previous and next pages (None at either end).
    """
    paginator = page.paginator
    return {"nomor": page.number, "jumlah_halaman": paginator.num_pages,
            "jumlah": paginator.count,
            "sebelumnya": paginator.page(page.number - 1).url if page.has_previous() else None,
            "berikutnya": paginator.page(page.number + 1).url if page.has_next() else None}


def numbered_pages(items: Sequence, per_page: int, url: str, settings: dict) -> list[ListPage]:
    """Every page of the list at url (a folder URL such as 'inovasi/'), as Pelican's own.

    An empty list still gets its first page; a per_page below 1 is taken as 1.
    """
    paginator = Paginator(f"{url}index.html", url, list(items), settings, max(1, int(per_page)))
    return [ListPage(page.object_list, page.url, page.save_as, nav(page))
            for page in map(paginator.page, paginator.page_range)]

