"""Settings for local builds: relative URLs, so output/ works from any folder or sub-path."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
# Plugins share code through plugins/common, imported as `common`.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))

from common.dates import JINJA_FILTERS  # noqa: E402
from common.csp import csp_filter  # noqa: E402
from common.sanitize import plain_text  # noqa: E402
from common.share import JINJA_FILTERS as SHARE_FILTERS  # noqa: E402

SITENAME = "Kabar & Inovasi Sabu Raijua"
SITE_PUBLISHER = "LPPL RSPD Sabu Raijua"
# The picture of link previews (og:image, 1200x630) for pages that have no photo of their own.
SITE_IMAGE = "images/berita/pantai-hawu-mehara.jpg"
SITE_DESCRIPTION = (
    "Berita LPPL RSPD Sabu Raijua, radio publik Kabupaten Sabu Raijua, "
    "dan etalase inovasi pelayanan publik perangkat daerahnya."
)
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
THEME = "theme"
OUTPUT_PATH = "output"
TIMEZONE = "Asia/Makassar"
DEFAULT_LANG = "id"
LOCALE = ("C",)  # dates are written by Babel filters, never by the machine's locales
DEFAULT_DATE_FORMAT = "%Y-%m-%d"

ARTICLE_PATHS = ["berita"]
PAGE_PATHS = ["halaman"]
# Originals in content/images/ are never published (they carry GPS and camera data):
# the images plugin publishes stripped, resized derivatives instead (a {static} link to
# a photo points at its largest derivative). Documents (PDF...) go in content/dokumen/
# and are published as they are, at /dokumen/<name>.
STATIC_PATHS = ["dokumen"]
# Only Markdown: no reStructuredText (docutils warns about language "id") and no HTML.
# Markdown only as .md: a file named .markdown or .MD is reported with what to rename it to
# (plugins/build_report/stray.py), so articles are found one way only.
READERS = {"rst": None, "html": None, "htm": None, "markdown": None, "mkd": None,
           "mdown": None}

# Clean URLs as folder/index.html, so any static server serves them.
ARTICLE_URL = "berita/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
# Drafts (Status: draft) are published nowhere: not even at an address nobody links to.
DRAFT_URL = ""
DRAFT_SAVE_AS = ""
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_PAGE_URL = ""
DRAFT_PAGE_SAVE_AS = ""
CATEGORY_URL = "kategori/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "kategori/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "topik/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "topik/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "penulis/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "penulis/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "arsip/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "arsip/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_URL = "arsip/{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_URL + "index.html"
DAY_ARCHIVE_SAVE_AS = ""

DIRECT_TEMPLATES = ["index", "archives", "categories", "tags", "authors", "404", "robots", "cari",
                    "tersimpan"]
ROBOTS_SAVE_AS = "robots.txt"
CARI_SAVE_AS = "cari/index.html"
# The reader's saved pages (theme/js/simpan.js): noindex, read from the browser's cache.
TERSIMPAN_SAVE_AS = "tersimpan/index.html"
# Clean addresses for the direct templates' own URLs (Pelican's default is NAME.html): the
# "Lebih baru" link of the news list's page 2 goes to the site's root, not /index.html.
INDEX_URL = ""
CARI_URL = "cari/"
TERSIMPAN_URL = "tersimpan/"
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None, "author": None,
                       "period_archives": None}
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html"),
)

# Feeds: all news, and one per category. Entries need absolute links: locally they point
# at the preview server of `make serve`; publishconf.py points them at the public address.
FEED_DOMAIN = "http://localhost:8000"
FEED_ALL_ATOM = "feeds/berita.atom.xml"
CATEGORY_FEED_ATOM = "feeds/kategori/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 20

SUMMARY_MAX_LENGTH = 40
SLUGIFY_SOURCE = "title"
DEFAULT_CATEGORY = "Lainnya"
JINJA_FILTERS = {**JINJA_FILTERS, **SHARE_FILTERS, "teks": plain_text, "csp": csp_filter}
# Every value printed by a template is escaped (titles, names, tags, file names...);
# HTML the build made or sanitised is Markup or printed with |safe. Pelican's own
# trim/lstrip defaults are kept.
# auto_reload off: Pelican makes a new Jinja environment for every build, so templates cannot
# change within one; Jinja would otherwise stat each partial at every include (about 3 % of
# a warm build at 1,000 articles, 25,000 checks).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "extensions": [],
                     "autoescape": True, "auto_reload": False}

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.meta": {},
        # No "smarty": its second inline pass over every text made reading a third slower
        # (786k pattern calls instead of 224k at 1,000 articles); writers type “ ” themselves.
    },
    "output_format": "html5",
}

# Plugins, listed explicitly; none depends on its place in the list (a test builds the
# site with the list reversed and gets the same files).
PLUGIN_PATHS = ["plugins"]
# Stops a broken build with a return and turns every problem into a diagnostic
# (plugins/build_report/site.py); build with `python -m newsroom.build` (tasks.py).
PELICAN_CLASS = "build_report.CheckedPelican"
PLUGINS = [
    "build_report",
    "content_cache",
    "news",
    "innovations",
    "images",
    "search_index",
    "sitemap_xml",
    "admin",
    "audio",
    "blogger",
    "offline",
]

IMAGES = {"widths": (480, 960, 1600), "quality": 75, "cache_dir": ".cache/images"}

NEWS = {"categories_file": "data/kategori.yaml", "related_count": 4,
        # Header lines the audio plugin reads (Audio: audio/2025/x.wav, ...).
        "extra_fields": ("audio", "audio_title", "program", "transkrip",
                         # Lines the Blogger import writes: Blogger id and old address.
                         "arsip_blogger", "alamat_blogger")}

# Recordings (content/audio/) published as Opus + MP3 at -16 LUFS, /dengar/, podcast
# feeds (feeds/podcast.xml), and /siaran/ with the schedule in content/data/siaran.yaml.
# stream_url: the station's live stream address (empty: /siaran/ shows the schedule only).
AUDIO = {"cache_dir": ".cache/audio", "stream_url": ""}

# Innovation records (content/inovasi/*.yaml) and their vocabularies (content/data/).
INNOVATIONS = {"path": "inovasi", "data_path": "data", "featured_count": 3, "per_page": 30}

# Pagefind indexes the written site for /cari/; "enabled": False skips it for quick drafts.
# Searches look first in the newest "recent_news" news (with every innovation and page);
# older news is one button away on /cari/. A smaller number makes a search lighter.
SEARCH = {"enabled": True, "recent_news": 1000}

# Offline reading (plugins/offline): a service worker made with Workbox (npm) keeps the pages a
# reader opened (network first, 3 s), their photos and the newest news; /luring/ is shown for
# a page not kept. Never in the live preview. Budgets and their reasons: README.md.
OFFLINE = {"enabled": True}

# sitemap.xml: indexable pages only (no /cari/, no noindex page), dated by their content.
SITEMAP_XML = {"exclude": ["404.html", "draf/*", "pagefind/*", "theme/*"]}

# Navigation: (label, url relative to SITEURL, key that marks it current)
MENU = [
    ("Beranda", "", "index"),
    ("Arsip berita", "arsip/", "berita"),  # one name for the archive: menu, breadcrumb, heading
    ("Inovasi", "inovasi/", "inovasi"),
    ("Cari", "cari/", "cari"),
    ("Tentang", "tentang/", "tentang"),
]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Pelican's reader cache: an unchanged Markdown file is not read again. The content_cache
# plugin keys it on everything else a read depends on and trusts it only after a build
# that finished without a content mistake (see plugins/content_cache/wiring.py).
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"  # "generator" would also skip content_object_init checks
CHECK_MODIFIED_METHOD = "sha256"  # a file's bytes, not its mtime (copies keep old mtimes)
# Pelican gzips its cache files by default; every build saves the whole reader cache, and at
# 10,000 articles gzip took 1.33 of the 1.53 processor seconds of that save (and 0.13 s to
# load): the plain pickle is 50 MB instead of 6.2 MB in .cache/ (bench/RESULTS.md).
GZIP_CACHE = False
# True only in the live preview (`make serve` passes it): the search index of the previous
# build is kept instead of being made again, the slowest step of a build. Pages are written
# exactly as a full build writes them; the caches do not count this setting as an input.
PREVIEW_BUILD = False
# One language: Pelican's translation grouping by slug would stop the build with a traceback
# on two articles of the same title; the news plugin checks clashing addresses instead.
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# Blogger archive (`invoke import-blogger EXPORT.xml`, plugins/blogger/): custom domains the
# old blog answered on (links to them are rewritten), and redirects from the old addresses.
BLOGGER = {"domains": (), "categories_file": "data/blogger_kategori.yaml", "redirects": True}

# The web editor at /admin/ (Decap CMS, plugins/admin): noindex, linked from no public page.
# Hosted use: the Git host of the site, in one place: here, or the environment variable
# PENYUNTING_GIT, e.g.
#   PENYUNTING_GIT='{"name": "gitea", "repo": "diskominfo/kabar-inovasi",
#                    "base_url": "https://git.saburaijuakab.go.id", "branch": "main"}'
# name is github, gitlab or gitea (Forgejo too). Empty: local use only (`make editor`).
# The variable is handed over as text: the admin plugin reads it and reports a mistake in
# it (ADM003, ADM001) with the build's other messages.
import os as _os  # noqa: E402

ADMIN = {"backend": _os.environ.get("PENYUNTING_GIT") or {}}
