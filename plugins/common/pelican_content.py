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

from . import build as build_state


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


def final_save_as(content) -> str:
    """content.save_as, formatted once per build by whoever asks first.

    Pelican formats an address from the settings and the content's metadata on every
    access (a copy of the metadata each time); the checks and plans made once every
    address is final (at all_generators_finalized and after: the site's address clashes,
    the search plan, the sitemap's dates) each asked for all of them, 0.3-0.8 s apiece at
    10,000 articles. Only for those: earlier, a plugin may still change what an address
    is made of. The memo is the build's and holds each content with its answer, so an id
    is never reused within it."""
    memo = build_state.running().slot("pelican_content.save_as", dict)
    held = memo.get(id(content))
    if held is not None and held[0] is content:
        return held[1]
    value = content.save_as
    memo[id(content)] = (content, value)
    return value
