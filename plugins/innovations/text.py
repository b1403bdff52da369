"""Markdown text fields of a record as safe HTML. Pure, no Pelican import.

Staff write Markdown; whatever HTML it carries goes through nh3 (the Rust ammonia
sanitizer): no script, no event handler attributes, no javascript: URLs.
"""

from __future__ import annotations

import markdown
from markupsafe import Markup

from common import sanitize as common_sanitize

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "abbr", "sup", "sub", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"},
                      "td": set(), "ol": {"start"}}

_converter = markdown.Markdown(extensions=["markdown.extensions.extra",
                                           "markdown.extensions.sane_lists"],
                               output_format="html")


RECORD_TEXT = common_sanitize.AllowList(frozenset(ALLOWED_TAGS), ALLOWED_ATTRIBUTES)


def markdown_html(text: str | None) -> Markup:
    """Markdown to sanitized HTML; an empty Markup for no text."""
    return checked_html(text)[0]


def checked_html(text: str | None) -> tuple[Markup, list[common_sanitize.Finding]]:
    """Markdown to sanitized HTML, and what the sanitiser removed (for warnings)."""
    if not text:
        return Markup(""), []
    html = _converter.reset().convert(str(text))
    cleaned, findings = common_sanitize.sanitize(html, (), RECORD_TEXT,
                                                 link_rel="noopener noreferrer")
    return Markup(cleaned), findings


def sanitize(html: str) -> str:
    """Only harmless tags and attributes; links get rel="noopener noreferrer"."""
    return common_sanitize.clean(html, (), RECORD_TEXT, link_rel="noopener noreferrer")


def plain(html: str) -> str:
    """The text of sanitized HTML, on one line."""
    return Markup(html).striptags()
