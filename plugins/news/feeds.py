"""Absolute links in Atom feeds. Pure, no Pelican import.

Pelican joins feed entry links to SITEURL, which is empty in local builds with relative
URLs; a feed reader cannot follow a relative link, so links are joined to FEED_DOMAIN.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit


def absolute_url(link: str, domain: str) -> str:
    """`link` under `domain` (which may carry a sub-path); absolute links stay as they are."""
    if not domain or urlsplit(link).scheme:
        return link
    return urljoin(domain.rstrip("/") + "/", link.lstrip("/"))
