"""The HTML body of a Pelican article or page, read, replaced and finished in one place.

Pelican gives plugins a content object at content_object_init, but no public way to
replace its HTML (kept in the private `_content`) or to finish links in it at render time
with the page's own SITEURL (done by the private `_update_content`, which knows only href
and src, not srcset). The images plugin needs both: it rewrites <img> into <picture> on
every build (the originals may have changed since a cached read), and its srcset URLs
depend on the page being rendered. Rather than reach into those attributes wherever it
is needed, every plugin goes through these three functions; a Pelican upgrade that
changes them breaks here, and tests/test_images.py says so.
"""

from __future__ import annotations

from typing import Callable


def body(content) -> str:
    """The HTML as read, before Pelican finishes its links."""
    return getattr(content, "_content", None) or ""


def replace_body(content, html: str) -> None:
    """Replace the HTML of a content object (at content_object_init)."""
    content._content = html


def finish_when_rendered(content, finish: Callable[[str, str], str]) -> None:
    """Have `finish(html, siteurl)` run on the HTML each time the content is rendered,
    before Pelican's own link replacement, with the SITEURL of the page being written."""
    original = content._update_content

    def update(text: str, siteurl: str) -> str:
        return original(finish(text, siteurl) if text else text, siteurl)

    content._update_content = update
