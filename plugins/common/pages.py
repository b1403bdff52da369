"""Numbered list pages for a plugin's own listings (innovation catalogue, /dengar/).

Pelican paginates only its own templates; plugins that write their lists themselves use
this, so every list is cut and addressed the same way: base/, base/halaman/2/, ...
Pure, no Pelican import.
"""

from __future__ import annotations

from typing import Sequence


def numbered_pages(items: Sequence, per_page: int, base_url: str) -> list[tuple[list, str, dict]]:
    """(items on the page, its URL, the `halaman` dict templates show) for every page.

    An empty list still gets its first page; a per_page below 1 is taken as 1.
    """
    per_page = max(1, int(per_page))
    chunks = [list(items[i:i + per_page]) for i in range(0, len(items), per_page)] or [[]]
    urls = [base_url] + [f"{base_url}halaman/{n}/" for n in range(2, len(chunks) + 1)]
    pages = []
    for number, (chunk, url) in enumerate(zip(chunks, urls), start=1):
        page = {"nomor": number, "jumlah_halaman": len(chunks), "jumlah": len(items),
                "sebelumnya": urls[number - 2] if number > 1 else None,
                "berikutnya": urls[number] if number < len(chunks) else None}
        pages.append((chunk, url, page))
    return pages
