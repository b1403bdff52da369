"""Absolute links in Atom feeds. Pure, no Pelican import.

Pelican joins feed entry links to SITEURL, which is empty in local builds with relative
URLs; a feed reader cannot follow a relative link, so links are joined to FEED_DOMAIN.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit


def absolute_url(link: str, domain: str) -> str:
    """`link` under `domain` (which may carry a sub-path); absolute links stay as they are."""
    if not domain or urlsplit(link).scheme:
        return link
    return urljoin(domain.rstrip("/") + "/", link.lstrip("/"))


# Attributes of HTML in feed entries that hold addresses; srcset holds several.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster|cite)=")([^"]*)(")', re.I)
_SRCSET_ATTRIBUTE = re.compile(r'(\ssrcset=")([^"]*)(")', re.I)


def absolute_html(text: str, domain: str) -> str:
    """Every address in an entry's HTML made absolute under domain.

    Locally Pelican writes feed content with an empty SITEURL, so intrasite links and
    the images plugin's srcset are relative to the site root ("images/x-480.webp"),
    which a feed reader resolves against nothing it knows. Fragments ("#catatan") and
    absolute addresses stay as they are.
    """
    if not text or not domain:
        return text

    def one(url: str) -> str:
        url = url.strip()
        return url if not url or url.startswith("#") else absolute_url(url, domain)

    def srcset(value: str) -> str:
        parts = []
        for candidate in value.split(","):
            pieces = candidate.split()
            if pieces:
                parts.append(" ".join([one(pieces[0]), *pieces[1:]]))
        return ", ".join(parts)

    text = _URL_ATTRIBUTE.sub(lambda m: m.group(1) + one(m.group(2)) + m.group(3), text)
    return _SRCSET_ATTRIBUTE.sub(lambda m: m.group(1) + srcset(m.group(2)) + m.group(3), text)


def category_of_feed(feed_url: str, pattern: str | None) -> str | None:
    """The category slug of a feed written by CATEGORY_FEED_ATOM (`pattern`), else None."""
    if not pattern or "{slug}" not in pattern:
        return None
    before, after = pattern.split("{slug}", 1)
    match = re.search(re.escape(before) + r"([^/]+)" + re.escape(after) + "$", feed_url)
    return match.group(1) if match else None
