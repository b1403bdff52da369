"""Pelican wiring of the news plugin: the checked reader, neighbours, related, JSON-LD."""

from __future__ import annotations

from pathlib import Path

from feedgenerator import get_tag_uri

from common import diagnostics

from .feeds import absolute_url
from .header import read_header
from .jsonld import news_article, script_json
from .reading import CheckedMarkdownReader, news_settings
from .related import related_by_tags
from .unique import clashes


def add_reader(readers) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckedMarkdownReader


def link_articles(generator) -> None:
    """Give each article its older/newer neighbours and its related articles."""
    options = news_settings(generator.settings)
    articles = generator.articles  # newest first
    for position, article in enumerate(articles):
        article.newer_article = articles[position - 1] if position > 0 else None
        article.older_article = articles[position + 1] if position + 1 < len(articles) else None
    items = [(id(a), a.date.timestamp(), [t.slug for t in getattr(a, "tags", [])])
             for a in articles]
    by_id = {id(a): a for a in articles}
    related = related_by_tags(items, options["related_count"])
    for article in articles:
        article.related_articles = [by_id[key] for key in related[id(article)]]


def check_settings(pelican) -> None:
    news_settings(pelican.settings)


def add_filters(generator) -> None:
    """Jinja filters that shape news data for the theme."""
    publisher = generator.settings.get("SITE_PUBLISHER", generator.settings["SITENAME"])

    def jsonld_berita(article, siteurl):
        return script_json(news_article(article, siteurl, publisher))

    generator.env.filters["jsonld_berita"] = jsonld_berita


def absolute_feed_links(context, feed) -> None:
    """Entry links (and their ids) joined to FEED_DOMAIN when Pelican left them relative."""
    domain = context.get("FEED_DOMAIN") or ""
    for key in ("link", "id"):
        feed.feed[key] = absolute_url(feed.feed[key], domain)
    for item in feed.items:
        if item["link"] != absolute_url(item["link"], domain):
            item["link"] = absolute_url(item["link"], domain)
            item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])


def check_addresses(generator) -> None:
    """Two files with the same address (same slug, same month) would overwrite each other."""
    contents = [c for group in ("articles", "drafts", "hidden_articles",
                                "pages", "hidden_pages", "draft_pages")
                for c in getattr(generator, group, [])
                if not getattr(c, "news_placeholder", False)]
    shown = {diagnostics.display_path(c.source_path): c for c in contents}
    # The file dated first keeps the address; the later one is reported.
    ordered = sorted(shown.items(), key=lambda item: (_timestamp(item[1]), item[0]))
    for path, first, address in clashes((p, c.save_as) for p, c in ordered):
        content = shown[path]
        fields = read_header(Path(content.source_path).read_text(encoding="utf-8-sig"))
        field = fields.get("slug") or fields.get("title")
        line, column = (field.line, field.column) if field else (1, 1)
        diagnostics.record(
            path, line, column, "BRT012",
            f"alamat '{address.removesuffix('index.html')}' sudah dipakai {first}; "
            "ubah judulnya atau tambahkan baris 'Slug:' yang berbeda "
            f"(ditemukan: slug '{content.slug}')")


def _timestamp(content) -> float:
    """When a content was published; pages may have no date."""
    date = getattr(content, "date", None)
    return date.timestamp() if date else 0.0
