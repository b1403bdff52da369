"""JSON-LD NewsArticle for an article page. Pure shaping, no Pelican import."""

from __future__ import annotations

from markupsafe import Markup

from common.jsonld import script_json  # noqa: F401  (wiring imports it from here)


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
    return Markup(html or "").striptags()
