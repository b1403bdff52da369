"""Pelican wiring of the news plugin: the checked reader, neighbours, related, JSON-LD,
and addresses that clash."""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgenerator import get_tag_uri
from pelican.utils import order_content

from common import build as build_state
from common import codes, diagnostics, pelican_content

from .feeds import absolute_html, absolute_url, category_of_feed
from .header import read_header
from .jsonld import news_article, script_json
from .lead import split_lead
from .reading import UNSAFE_HTML, CheckedMarkdownReader, news_settings
from .related import related_by_tags
from .rules import shown_spellings, spelling_message
from .unique import (SitePath, clash_message, clashes, index_paths, own_folder, site_clash,
                     site_paths, written_clashes)


def add_reader(readers) -> None:
    for extension in CheckedMarkdownReader.file_extensions:
        # An extension switched off in READERS (None) stays off: .markdown is reported.
        if extension not in readers.reader_classes or readers.reader_classes[extension]:
            readers.reader_classes[extension] = CheckedMarkdownReader


def report_unsafe_html(content) -> None:
    """Warn, on every build (cached reads too), of what the sanitiser removed from a file."""
    metadata = getattr(content, "metadata", None) or {}
    for line, column, code, message in metadata.get(UNSAFE_HTML) or ():
        diagnostics.warn(content.source_path, line, column, code, message)


def codes_table(content) -> None:
    """The guide's table of every diagnostic code, rendered from the registry
    (common/codes.py) where a page holds its marker, so guide and codes never drift."""
    html = pelican_content.body(content)
    if codes.TABLE_MARKER in html:
        pelican_content.replace_body(content, codes.place_table(html))


# Stands for the page's SITEURL in links staff wrote from the site's root ('/inovasi/x/').
ROOT_MARK = "{news-siteurl}/"
ROOT_LINK = re.compile(r"""(<a\b[^>]*?\bhref=)(["'])/(?![/\\])""")


def site_root_links(content) -> None:
    """A link staff wrote from the site's root (/inovasi/x/) works under a sub-path too.

    Written as it is, it would lead to the domain's root when the site lives in a folder
    of a government server; Pelican finishes only {filename} and {static} links. Each one
    is joined to the SITEURL of the page being written, as Pelican joins {filename}.
    """
    html = pelican_content.body(content)
    if "href=" not in html or not ROOT_LINK.search(html):
        return
    pelican_content.replace_body(content, ROOT_LINK.sub(
        lambda m: m.group(1) + m.group(2) + ROOT_MARK, html))
    relative = bool(content.settings.get("RELATIVE_URLS"))

    def finish(text: str, siteurl: str) -> str:
        if ROOT_MARK not in text:
            return text
        if relative:
            root = posixpath.join(siteurl or ".", "")
        else:
            root = (siteurl or "").rstrip("/") + "/"
        return text.replace(ROOT_MARK, root)

    pelican_content.finish_when_rendered(content, finish)


def content_made(content) -> None:
    """Every news step on a content object as Pelican makes it (content_object_init), in
    this order: one receiver, not four (blinker copies its receivers and asks whether each
    is a coroutine on every send: 10,000 sends a build at 10,000 articles)."""
    hold_scheduled(content)
    report_unsafe_html(content)
    site_root_links(content)
    codes_table(content)


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
    """Jinja filters that shape news data for the theme: `jsonld_berita`, and `pembuka`
    (an article's opening paragraph and the rest, news/lead.py)."""
    publisher = generator.settings.get("SITE_PUBLISHER", generator.settings["SITENAME"])

    def jsonld_berita(article, siteurl):
        return script_json(news_article(article, siteurl, publisher))

    generator.env.filters["jsonld_berita"] = jsonld_berita
    generator.env.filters["pembuka"] = split_lead


def absolute_feed_links(context, feed) -> None:
    """Entry links (and their ids) and every address in entries joined to FEED_DOMAIN when
    Pelican left them relative. Each feed is its own id (its address); a category feed's
    alternate link is its category page, not the home page."""
    domain = context.get("FEED_DOMAIN") or ""
    for key in ("link", "id"):
        feed.feed[key] = absolute_url(feed.feed[key], domain)
    feed_url = absolute_url(feed.feed.get("feed_url") or "", domain)
    if feed_url:
        feed.feed["id"] = feed_url
        slug = category_of_feed(feed_url, context.get("CATEGORY_FEED_ATOM"))
        if slug is not None and context.get("CATEGORY_URL"):
            feed.feed["link"] = absolute_url(context["CATEGORY_URL"].format(slug=slug), domain)
    for item in feed.items:
        if item["link"] != absolute_url(item["link"], domain):
            item["link"] = absolute_url(item["link"], domain)
            item["unique_id"] = get_tag_uri(item["link"], item["pubdate"])
        for key in ("description", "content"):
            if item.get(key):
                item[key] = absolute_html(item[key], domain)


# The setting that writes each group of contents, per generator.
ARTICLE_GROUPS = {"articles": "ARTICLE_SAVE_AS", "hidden_articles": "ARTICLE_SAVE_AS",
                  "drafts": "DRAFT_SAVE_AS"}
PAGE_GROUPS = {"pages": "PAGE_SAVE_AS", "hidden_pages": "PAGE_SAVE_AS",
               "draft_pages": "DRAFT_PAGE_SAVE_AS"}


def check_all_addresses(generators) -> None:
    """check_addresses for each generator, once every address is final: each address is
    then formatted once per build (final_save_as) for this check, the site's, the
    search plan and the sitemap (Pelican formats it on every access: 30 µs an article)."""
    for generator in generators:
        check_addresses(generator)


def check_addresses(generator) -> None:
    """Two files with the same address (same slug, same month) would overwrite each other."""
    contents = [c for _, c in _contents(generator, {**ARTICLE_GROUPS, **PAGE_GROUPS})]
    shown = {diagnostics.display_path(c.source_path): c for c in contents}
    # The file dated first keeps the address; the later one is reported.
    ordered = sorted(shown.items(), key=lambda item: (_timestamp(item[1]), item[0]))
    # A draft (held back or Status: draft) has no address (DRAFT_SAVE_AS is ''): it writes
    # nothing, so it takes no address from anyone.
    for path, first, address in clashes((p, save_as) for p, c in ordered
                                        if (save_as := pelican_content.final_save_as(c))):
        _record_taken(shown[path], first, address)


def check_site_addresses(generators) -> None:
    """A page or article at an address the site writes itself, or a page at an article's.

    Pelican would stop with a traceback while writing the second file to one path.
    """
    settings = generators[0].settings
    innovations = generators[0].context.get("innovations") or []
    taken = index_paths(site_paths(settings) + [
        SitePath(f"{i.url.strip('/')}/index.html", False,
                 f"profil inovasi {diagnostics.quote(i.nama)}") for i in innovations])
    articles = [c for g in generators for c in _contents(g, ARTICLE_GROUPS)]
    pages = [c for g in generators for c in _contents(g, PAGE_GROUPS)]
    # Pelican formats save_as on every access: once per content here (10,000 articles).
    address = {id(c): pelican_content.final_save_as(c) for _, c in articles + pages}
    article_at = {address[id(c)]: c for _, c in articles}
    for setting, content in articles + pages:
        save_as = address[id(content)]
        if not save_as:  # a draft: written nowhere
            continue
        article = article_at.get(save_as)
        if article is not None and article is not content:
            # Two articles are reported by check_addresses; a page gives way to the article.
            if setting in PAGE_GROUPS.values():
                _record_taken(content, diagnostics.display_path(article.source_path),
                              save_as)
            continue
        site_path = site_clash(save_as, taken, own_folder(settings[setting]))
        if site_path is not None:
            _record_site_clash(content, clash_message(save_as, site_path))


def check_written(pelican, pages: dict) -> None:
    """After every plugin has written: a staff page whose file the build wrote over, or
    whose folder holds files the build made for itself (admin/, a plugin's folder...),
    or that another written name equals but for case. The check before writing knows
    the addresses of settings and of PLUGIN_FOLDERS; this one knows every file written.

    Pages only: articles live in ARTICLE_SAVE_AS's own folder, which the site keeps for
    them (check_site_addresses), and listing every article's month folder would cost a
    large site seconds.
    """
    staff = {path: (content, stat) for path, (content, stat) in pages.items()
             if type(content).__name__ == "Page"}
    found = written_clashes({path: stat for path, (_, stat) in staff.items()},
                            pelican.output_path)
    for path, other in found.items():
        content = staff[path][0]
        save_as = content.save_as
        where = other if other != os.path.relpath(path, pelican.output_path).replace(
            os.sep, "/") else save_as
        _record_site_clash(content, f"alamat '{save_as.removesuffix('index.html')}' "
                           f"sudah dipakai situs untuk berkas yang dibuatnya sendiri "
                           f"('{where}')")


def freeze_urls(generators) -> None:
    """Work out each article's and page's URL once, before the site is written.

    Pelican formats Content.url from its settings on every access, and the templates ask
    for it again and again (lists, related and neighbouring news, feeds, the sitemap):
    76k formats in a 5,000-article build. Once every address is final, the URL is stored
    as the content's override_url, which Pelican's get_url_setting answers first.
    save_as stays computed: an override_save_as would let Pelican overwrite files.
    """
    for generator in generators:
        for group in (*ARTICLE_GROUPS, *PAGE_GROUPS):
            for content in getattr(generator, group, []):
                if not hasattr(content, "override_url"):
                    content.override_url = content.url


def _contents(generator, groups: dict) -> list:
    """(save_as setting, content) of the groups this generator has, broken files left out."""
    return [(setting, c) for group, setting in groups.items()
            for c in getattr(generator, group, [])
            if not getattr(c, "news_placeholder", False)]


def _record_taken(content, first: str, address: str) -> None:
    field = _address_field(content)
    line, column = (field.line, field.column) if field else (1, 1)
    diagnostics.record(
        content.source_path, line, column, "BRT012",
        f"alamat '{address.removesuffix('index.html')}' sudah dipakai {first}; "
        "ubah judulnya atau tambahkan baris 'Slug:' yang berbeda "
        f"(ditemukan: slug '{content.slug}')")


def _record_site_clash(content, clash: str) -> None:
    field = _address_field(content)
    line, column = (field.line, field.column) if field else (1, 1)
    if field is not None and field.key.lower() == "title":
        advice = ("tambahkan baris 'Slug:' dengan alamat lain, atau ubah judulnya "
                  f"(ditemukan: slug '{content.slug}' dari judul)")
    else:
        advice = f"ganti baris 'Slug' dengan alamat lain (ditemukan: slug '{content.slug}')"
    diagnostics.record(content.source_path, line, column, "BRT014", f"{clash}; {advice}")


def _address_field(content):
    """The header line the address comes from: 'Slug:', else 'Title:'."""
    fields = read_header(Path(content.source_path).read_text(encoding="utf-8-sig"))
    return fields.get("slug") or fields.get("title")


def _timestamp(content) -> float:
    """When a content was published; pages may have no date."""
    date = getattr(content, "date", None)
    return date.timestamp() if date else 0.0


# -- article_generator_pretaxonomy, page_generator_finalized ---------------------------
def order_by_source(generator) -> None:
    """Put content of equal rank in the order of its file names, in every build.

    Pelican lists the files to read in a set, whose order changes from one process to
    the next, and its sort (by date for news) is stable: two articles of the same minute
    came out in a different order in each build, so list pages changed with no content
    changed. Sorting by file name first, then by Pelican's own order, fixes ties.
    """
    settings = generator.settings
    for name, order in (("articles", "ARTICLE_ORDER_BY"), ("drafts", "ARTICLE_ORDER_BY"),
                        ("hidden_articles", "ARTICLE_ORDER_BY"), ("pages", "PAGE_ORDER_BY"),
                        ("hidden_pages", "PAGE_ORDER_BY"), ("draft_pages", "PAGE_ORDER_BY")):
        items = getattr(generator, name, None)
        if isinstance(items, list) and items:
            items.sort(key=lambda item: str(getattr(item, "source_path", "") or ""))
            order_content(items, settings.get(order))


# -- scheduled articles (content_object_init) --------------------------------------------
# "Now" for holding articles back, as local time 'YYYY-MM-DD HH:MM' (tests, or to see the
# site as it will be on a day); unset: the clock. An environment variable, not a setting,
# so that like the clock it is no input of the caches: a read cached while an article
# was in the future gives the same site as a cold read once its date has passed.
NOW_VARIABLE = "KABAR_SEKARANG"
NOW_FORM = "%Y-%m-%d %H:%M"


def build_now(settings: dict) -> dt.datetime:
    """The moment articles are published up to, aware, in the site's time zone."""
    zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
    value = os.environ.get(NOW_VARIABLE, "").strip()
    try:
        if value:
            return dt.datetime.strptime(value, NOW_FORM).replace(tzinfo=zone)
    except ValueError:
        pass  # reported once by check_now; the build stops before writing
    return dt.datetime.now(zone)


def check_now(pelican) -> None:
    value = os.environ.get(NOW_VARIABLE, "").strip()
    try:
        if value:
            dt.datetime.strptime(value, NOW_FORM)
    except ValueError:
        diagnostics.record(NOW_VARIABLE, 0, 0, "BRT032",
                           f"variabel lingkungan {NOW_VARIABLE} harus berformat TTTT-BB-HH "
                           f"JJ:MM dalam WITA, misalnya 2025-03-03 10:00 (ditemukan: "
                           f"{diagnostics.quote(value)})")


def hold_scheduled(content) -> None:
    """An article dated later than now is held back like a draft until its date.

    Done on every content object, cached reads too (the reader cache keeps the date, not
    the status), so each build decides afresh; Pelican's WITH_FUTURE_DATES does the same
    with the clock only. `scheduled` marks it for `invoke check`.
    """
    if type(content).__name__ != "Article" or getattr(content, "news_placeholder", False):
        return
    date = getattr(content, "date", None)
    if content.status in ("published", "hidden") and date is not None and date.tzinfo \
            and date > _now_of_build(content.settings):
        content.status = "draft"
        content.scheduled = True


def _now_of_build(settings: dict) -> dt.datetime:
    """build_now(), taken once per build: one moment decides for every article (asking the
    clock and the time zone per article was 0.36 s of a build at 10,000 articles)."""
    zone = settings.get("TIMEZONE") or "UTC"
    return build_state.running().slot(f"news.now.{zone}", lambda: build_now(settings))


# -- one spelling per tag and author (article_generator_pretaxonomy) ----------------------
# (attribute of the content, header lines it comes from, what staff call it)
NAMED = (("tags", ("tags",), "topik"), ("authors", ("authors", "author"), "penulis"))


def one_spelling(generator) -> None:
    """Names that give one address (Uji, UJI, uji; NFC or NFD; extra spaces) are one tag or
    author, shown everywhere with its most used spelling (ties: the oldest article's); each other
    spelling is a warning at its line, and a name repeated in one article counts once."""
    contents = sorted((c for group in ("articles", "hidden_articles")
                       for c in getattr(generator, group, [])),
                      key=lambda c: (_timestamp(c), str(c.source_path)))
    keys_of: dict = {}  # the settings' part of each _slug key, made once for the pass
    for content in contents:  # Pelican files each article under its category's slug next
        category = getattr(content, "category", None)
        if category is not None and hasattr(category, "_slug_from_name"):
            _slug(category, keys_of)
    for attribute, keys, kind in NAMED:
        # Each name's slug read once (Pelican's property, per Tag object): 40 reads per
        # article before, at every build.
        written = [(c, name, _slug(name, keys_of)) for c in contents
                   for name in getattr(c, attribute, None) or []]
        shown = shown_spellings((slug, n.name) for _, n, slug in written)
        first = {}
        for content, name, slug in written:
            if slug not in first and name.name == shown[slug]:
                first[slug] = diagnostics.display_path(content.source_path)
        canonical: dict[str, object] = {}
        at = 0  # where this content's names start in `written` (same order)
        for content in contents:
            names = getattr(content, attribute, None) or []
            kept, seen = [], set()
            for _, name, slug in written[at:at + len(names)]:
                wanted = shown[slug]
                if name.name != wanted:
                    _warn_spelling(content, keys, name.name, spelling_message(
                        kind, name.name, wanted, first[slug]))
                elif slug in seen:
                    _warn_spelling(content, keys, name.name,
                                   f"{kind} '{name.name}' ditulis dua kali di baris ini; "
                                   "ditampilkan sekali (hapus yang kedua)", last=True)
                if slug in seen:
                    continue
                seen.add(slug)
                if slug not in canonical:
                    canonical[slug] = (name if name.name == wanted
                                       else type(name)(wanted, content.settings))
                kept.append(canonical[slug])
            at += len(names)
            if kept != names or any(a is not b for a, b in zip(kept, names)):
                setattr(content, attribute, kept)
                if attribute in content.metadata:
                    content.metadata[attribute] = kept
                if attribute == "authors" and kept:
                    content.author = kept[0]
                    if "author" in content.metadata:
                        content.metadata["author"] = kept[0]


_SLUGS: dict[tuple, str] = {}  # a pure answer, for the process: see _slug()


def _slug_settings(settings, kind: str) -> tuple | bool:
    """The settings URLWrapper.slug reads for a kind of name, as part of a _slug key;
    False when the substitutions have a shape that cannot be a key (Pelican's own way)."""
    subs = settings.get(f"{kind.upper()}_REGEX_SUBSTITUTIONS",
                        settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    try:
        return (tuple(tuple(pair) for pair in subs),
                bool(settings.get("SLUGIFY_PRESERVE_CASE", False)),
                bool(settings.get("SLUGIFY_USE_UNICODE", False)))
    except TypeError:
        return False


def _slug(name, keys_of: dict | None = None) -> str:
    """Pelican's URLWrapper.slug, slugified once per spelling and slug settings in this
    process. Every build makes new Tag and Author objects, and each slugified its name on
    first use: 3,700 times a build at 1,000 articles, a tenth of reading them. slugify()
    is a pure function of the name and of the settings named here, the ones the property
    reads; the answer is put where the property keeps it, so the object is the one the
    property would have made. An empty slug is not kept: the property warns about it.

    keys_of: the settings' part of the key by (settings object, kind), kept by a caller
    that asks for many names of one build (50,000 at 10,000 articles: making it for
    each name was half of one_spelling)."""
    settings = name.settings
    kind = type(name).__name__
    holder = (id(settings), kind)
    part = keys_of.get(holder) if keys_of is not None else None
    if part is None:
        part = _slug_settings(settings, kind)
        if part is False:
            return name.slug
        if keys_of is not None:
            keys_of[holder] = part
    key = (kind, name.name, *part)
    known = _SLUGS.get(key)
    if known is not None and getattr(name, "_slug", None) is None and \
            getattr(name, "_slug_from_name", False):
        name._slug = known  # where URLWrapper.slug keeps what it made
        return known
    slug = name.slug
    if slug and getattr(name, "_slug_from_name", False):
        if len(_SLUGS) > 100_000:
            _SLUGS.clear()
        _SLUGS[key] = slug
    return slug


def _warn_spelling(content, keys, name: str, message: str, last: bool = False) -> None:
    fields = read_header(Path(content.source_path).read_text(encoding="utf-8-sig"))
    field = next((fields[k] for k in keys if k in fields), None)
    line, column = (field.line, field.column) if field else (1, 1)
    if field is not None:
        found = field.value.rfind(name) if last else field.value.find(name)
        column += max(found, 0)
    diagnostics.warn(content.source_path, line, column, "BRT031", message)
