"""Markdown text fields of a record as safe HTML. Pure, no Pelican import.

Staff write Markdown; whatever HTML it carries goes through nh3 (the Rust ammonia
sanitizer): no script, no event handler attributes, no javascript: URLs.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"},
                      "td": set(), "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_converter = markdown.Markdown(extensions=["markdown.extensions.extra",
                                           "markdown.extensions.sane_lists"],
                               output_format="html")


def markdown_html(text: str | None) -> Markup:
    """Markdown to sanitized HTML; an empty Markup for no text."""
    if not text:
        return Markup("")
    html = _converter.reset().convert(str(text))
    return Markup(sanitize(html))


def sanitize(html: str) -> str:
    """Only harmless tags and attributes; links get rel="noopener noreferrer"."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


def plain(html: str) -> str:
    """The text of sanitized HTML, on one line."""
    return Markup(html).striptags()
