"""Plain Pelican for the benchmark: its default theme, no plugins, the same articles.

Only what it needs to read our synthetic tree. PLUGINS = [] because Pelican otherwise loads
every installed namespace plugin (pelican-sitemap is installed), which would not be plain.
"""

PATH = "content"
ARTICLE_PATHS = ["berita"]
TIMEZONE = "Asia/Makassar"
DEFAULT_LANG = "id"
READERS = {"rst": None}
PLUGINS = []
