"""Pelican wiring of the Blogger archive plugin.

- initialized: the BLOGGER setting is checked (unknown keys are CFG001).
- content_object_init: an imported article's 'Alamat_Blogger' must be an old Blogger
  post or page path; the archive image mark ('Foto arsip tanpa keterangan') is accepted
  only in imported articles (an 'Arsip_Blogger' line), where each is a warning (BLG004:
  the worklist `invoke check` shows); elsewhere it is an error (new articles need alt text).
- get_generators: a generator that, after every article and page is read, checks that no
  two claim one old address, and when the site is written, writes the redirect pages at
  the old Blogger addresses (posts, pages, label searches, monthly archives). The pages
  are plain files, not Pelican contents: they stay out of the sitemap (it lists what
  Pelican's writer wrote) and out of search (it indexes the articles and pages it lists).
"""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from common import diagnostics, outfiles
from common.filefacts import FileFacts
from common.textlines import split_lines

from . import archive, redirects
from .settings import blogger_settings

logger = logging.getLogger(__name__)


def check_settings(pelican) -> None:
    blogger_settings(pelican.settings)


def add_generator(pelican):
    return RedirectsGenerator


def check_archive_images(content) -> None:
    source = getattr(content, "source_path", "") or ""
    if not source.endswith(".md") or getattr(content, "news_placeholder", False):
        return
    metadata = getattr(content, "metadata", {})
    old_path = metadata.get(archive.PATH_FIELD.lower())
    imported = bool(metadata.get(archive.ID_FIELD.lower()))
    try:
        # Every article's source, read again on every build: the preview keeps what an
        # unchanged file holds (0.46 s of a save at 10,000 articles).
        undescribed = _archive_photos.answer(source)  # positions only: no path in them
    except (OSError, UnicodeDecodeError):
        return
    if old_path is not None and not archive.OLD_PATH.match(str(old_path)):
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return
        line, column = _field_position(text, archive.PATH_FIELD)
        diagnostics.record(source, line, column, "BLG001",
                           f"'{archive.PATH_FIELD}' harus alamat lama tulisan Blogger seperti "
                           "/2023/03/judul.html atau /p/judul.html "
                           f"(ditemukan: {diagnostics.quote(old_path)})")
    for found in undescribed:
        if imported:
            # The worklist of `invoke check` (and of every build): accepted, still to do.
            diagnostics.warn(source, found.line, found.column, "BLG004",
                             f"foto arsip '{found.src}' belum punya teks alternatif; ganti "
                             f"'{archive.ARCHIVE_ALT}' dengan isi gambar")
        else:
            diagnostics.record(source, found.line, found.column, "BLG002",
                               f"'{archive.ARCHIVE_ALT}' hanya untuk foto hasil impor Blogger; "
                               "tulis isi gambar di antara kurung siku bagi pembaca yang tidak "
                               f"melihatnya (gambar '{found.src}')")


def _undescribed(source: str) -> tuple:
    text = Path(source).read_text(encoding="utf-8-sig")
    return tuple(archive.undescribed_images(text, source))


_archive_photos = FileFacts(_undescribed)


def _field_position(text: str, field: str) -> tuple[int, int]:
    for number, line in enumerate(split_lines(text), start=1):
        if not line.strip():
            break
        key, sep, value = line.partition(":")
        if sep and key.strip().lower() == field.lower():
            return number, len(key) + 2 + (len(value) - len(value.lstrip()))
    return 1, 1


def _first_dated(content) -> tuple[float, str]:
    date = getattr(content, "date", None)  # pages may have none
    return (date.timestamp() if date else 0.0, content.source_path)


class RedirectsGenerator(Generator):
    """Redirect pages at the old Blogger addresses of imported articles and pages."""

    def generate_context(self):
        self.redirects: list[redirects.Redirect] = []
        if not blogger_settings(self.settings)["redirects"]:
            return
        contents = [c for key in ("articles", "hidden_articles", "pages", "hidden_pages")
                    for c in self.context.get(key, [])]
        articles = {id(c) for key in ("articles", "hidden_articles")
                    for c in self.context.get(key, [])}
        claimed: dict[str, object] = {}
        months, labels = set(), {}
        # The file dated first keeps an old address claimed twice, as with new addresses.
        for content in sorted(contents, key=_first_dated):
            metadata = content.metadata
            if not metadata.get(archive.ID_FIELD.lower()):
                continue
            old_path = str(metadata.get(archive.PATH_FIELD.lower()) or "")
            if archive.OLD_PATH.match(old_path):
                first = claimed.setdefault(old_path, content)
                if first is not content:
                    self._report_claimed(content, first, old_path)
                    continue
                self.redirects.append(redirects.post_redirect(old_path, content.url,
                                                              content.title))
            if id(content) in articles:
                months.add((content.date.year, content.date.month))
                for tag in getattr(content, "tags", []) or []:
                    labels.setdefault(tag.name, tag.url)
        for year, month in sorted(months):
            self.redirects += redirects.archive_redirects(year, month)
        for label, url in sorted(labels.items()):
            self.redirects += redirects.label_redirects(label, url)
        self.redirects = sorted(set(self.redirects))

    def _report_claimed(self, content, first, old_path: str) -> None:
        text = Path(content.source_path).read_text(encoding="utf-8-sig")
        line, column = _field_position(text, archive.PATH_FIELD)
        diagnostics.record(content.source_path, line, column, "BLG003",
                           f"alamat lama '{old_path}' sudah dipakai "
                           f"{diagnostics.display_path(first.source_path)}; satu alamat Blogger "
                           "hanya bisa dialihkan ke satu berita")

    def generate_output(self, writer):
        siteurl = self.settings.get("SITEURL", "")
        relative = bool(self.settings.get("RELATIVE_URLS"))
        sitename = self.settings.get("SITENAME", "")
        output = Path(self.output_path)
        site = outfiles.site_writer(output)
        for redirect in self.redirects:
            target = output / redirect.path
            target.parent.mkdir(parents=True, exist_ok=True)
            site.put(target, redirects.page(redirect, siteurl, relative,
                                            sitename).encode("utf-8"))
        if self.redirects:
            logger.info("Blogger: %d halaman pengalihan dari alamat lama ditulis",
                        len(self.redirects))
