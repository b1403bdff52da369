"""JSON-LD NewsArticle for an article page. Pure shaping, no Pelican import."""

from __future__ import annotations

import json

from markupsafe import Markup


def script_json(data: dict) -> Markup:
    """JSON safe to place inside <script>: no '<' that could close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def news_article(article, siteurl: str, publisher: str) -> dict:
    """The schema.org NewsArticle of an article."""
    url = f"{siteurl}/{article.url}"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": _plain(article.title),
        "description": _plain(getattr(article, "summary", "")),
        "datePublished": article.date.isoformat(),
        "dateModified": getattr(article, "modified", article.date).isoformat(),
        "inLanguage": "id",
        "url": url,
        "mainEntityOfPage": url,
        "articleSection": str(article.category),
        "keywords": [str(t) for t in getattr(article, "tags", [])],
        "author": [{"@type": "Person", "name": str(a)} for a in getattr(article, "authors", [])],
        "publisher": {"@type": "Organization", "name": publisher},
    }
    image = getattr(article, "og_image", None)
    if image:
        data["image"] = f"{siteurl}/{image}"
    return data


def _plain(html: str) -> str:
    from markupsafe import Markup as _M

    return _M(html or "").striptags()
