"""Sharing a page: its public address and the WhatsApp link (theme/templates/partials/
simpan_bagikan.html). Pure, no Pelican import.

A publish build (publishconf.py) has an absolute SITEURL: the address shared is the public
one. A local build has relative links (SITEURL "" or "../.."), so there is no public
address to share; the address is then FEED_DOMAIN's, the preview server's, as the feeds
of a local build use it.
"""

from __future__ import annotations

from urllib.parse import quote

WHATSAPP = "https://wa.me/?text="


def public_address(url: str, siteurl: str, feed_domain: str | None) -> str:
    """The absolute address of url (relative to the site's root) to give to others."""
    base = siteurl if siteurl.startswith(("http://", "https://")) else (feed_domain or "")
    return base.rstrip("/") + "/" + url.lstrip("/")


def whatsapp_link(title: str, address: str) -> str:
    """wa.me's "send a message" link with the text '<title> <address>', every reserved
    character percent-encoded (UTF-8); nothing else (no tracker, no phone number)."""
    return WHATSAPP + quote(f"{title} {address}", safe="")


JINJA_FILTERS = {"alamat_publik": public_address, "wa_me": whatsapp_link}
