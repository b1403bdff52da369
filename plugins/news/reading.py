"""A Markdown reader that checks each article's header before Pelican reads it.

A broken header is recorded as diagnostics and the file is read as an empty draft,
so Pelican logs nothing of its own and build_report can list every mistake at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path, PurePosixPath

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from pelican.readers import MarkdownReader
from pelican.utils import SafeDatetime, pelican_open, slugify

from common import diagnostics, sanitize, sourcetext, vocab
from common.diagnostics import Problem
from common.settings import plugin_settings

from .header import (KNOWN_FIELDS, MAX_SLUG, check_header, check_pelican_fields,
                     control_characters, hidden_in_header, read_header, repeated_fields)
from . import rules
from .links import check_links

logger = logging.getLogger(__name__)

DEFAULTS = {
    "categories_file": ("data/kategori.yaml", "category list, relative to PATH"),
    "related_count": (4, "how many related articles an article page shows"),
    "extra_fields": ((), "header fields other plugins add, in lower case"),
    "years": ((1990, None), "the years a Date or Modified may have: (first, last); None as "
              "last means next year"),
    "video_hosts": (sanitize.VIDEO_HOSTS, "hosts whose https <iframe> video embeds are kept"),
}
# Metadata key: the warnings of reading this file (what the sanitiser removed, invisible
# characters in the header), as (line, column, code, message).
# Kept with the read in Pelican's content cache, reported on every build (wiring.py).
UNSAFE_HTML = "unsafe_html"
BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")  # ends the header lines
SUMMARY_LINE = re.compile(r"^summary[ \t]*:", re.IGNORECASE | re.MULTILINE)

PAGE_FIELDS = ("title", "slug", "summary", "status", "template", "modified", "date", "contoh")


def news_settings(settings: dict) -> dict:
    return plugin_settings(settings, "NEWS", DEFAULTS)


class CheckedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, behind a header check with line numbers."""

    def __init__(self, settings, *args, **kwargs):
        super().__init__(settings, *args, **kwargs)
        self.options = news_settings(settings)
        self.content_root = Path(settings["PATH"])
        self._resolved_root: Path | None = None
        self._converters: tuple[Markdown, Markdown] | None = None
        self.article_roots = [PurePosixPath(p) for p in settings["ARTICLE_PATHS"]]
        categories_path = self.content_root / self.options["categories_file"]
        self.categories = vocab.load(categories_path)
        self.categories_file = diagnostics.display_path(categories_path)
        folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", []),
                   Path(settings["THEME"]) / "templates"]
        self.templates = sorted({p.stem for f in folders for p in Path(f).glob("*.html")})

    def _is_article(self, source_path: str) -> bool:
        if self._resolved_root is None:
            self._resolved_root = self.content_root.resolve()
        try:
            relative = PurePosixPath(Path(source_path).resolve().relative_to(
                self._resolved_root).as_posix())
        except ValueError:
            return True
        return any(root == PurePosixPath(".") or root in relative.parents
                   for root in self.article_roots)

    def read(self, source_path):
        with diagnostics.working_on(source_path):
            return self._read(source_path)

    def _read(self, source_path):
        raw = Path(source_path).read_bytes()
        try:
            text = sourcetext.decode(raw)  # UTF-8 with the line and column of a bad byte
        except diagnostics.ProblemError as problem:
            diagnostics.record(source_path, problem.line, problem.column, "BRT010",
                               problem.message)
            return self._placeholder(source_path)
        invisible = control_characters(text)
        if invisible:  # no writer may see them; the header around them is not read
            diagnostics.report(source_path, invisible)
            return self._placeholder(source_path)
        if not text.strip():
            diagnostics.record(source_path, 1, 1, "BRT008",
                               "berkas kosong; tulis baris-baris keterangan (Title, Date, "
                               "Category, ...) lalu isi berita")
            return self._placeholder(source_path)

        fields = read_header(text)
        extra = tuple(self.options["extra_fields"])
        article = self._is_article(source_path)
        if article:
            problems = check_header(fields, self.categories.names(), self.categories_file,
                                    KNOWN_FIELDS + extra)
        else:
            problems = [p for p in check_header(fields, ["-"], "-", PAGE_FIELDS + extra)
                        if p.code in ("BRT001", "BRT002", "BRT009", "BRT014")]
        problems += hidden_in_header(text) + self._more_problems(text, fields, source_path)
        template = fields.get("template")
        if template is not None:
            # Pelican would stop with a traceback on a missing one, and render an article
            # as the search page with 'cari': only templates of its own kind.
            kind = "article" if article else "page"
            problems += filter(None, [rules.template_problem(
                template.value, template.line, template.column,
                rules.content_templates(self.templates, kind), kind)])
        if article:
            blank = BLANK_LINE.search(text)
            problems += rules.placeholder_problems(
                text, text[:blank.end()].count("\n") + 1 if blank else 1)
        if not self.categories.entries:
            # The list itself is broken or empty: say so once, not once per article.
            diagnostics.record(self.categories_file, 1, 1, "BRT011",
                               "daftar kategori berita tidak memuat satu kategori pun yang "
                               "sah, jadi baris 'Category' berita tidak dapat diperiksa")
        shown = [p for p in problems
                 if self.categories.entries or p.code not in ("BRT005", "BRT006")]
        errors = [p for p in problems if p.severity == diagnostics.ERROR]
        diagnostics.report(source_path, shown if errors else ())
        if errors:
            return self._placeholder(source_path)

        content, metadata = self._markdown(source_path)
        content, metadata = self._sanitized(text, content, metadata)
        warnings = [(p.line, p.column, p.code, p.message) for p in problems]
        if warnings:  # reported on every build, cached reads too (wiring.report_unsafe_html)
            metadata[UNSAFE_HTML] = warnings + list(metadata.get(UNSAFE_HTML) or ())
        category = metadata.get("category")
        if category is not None:
            entry = self.categories.by_name(str(category))
            metadata["category"] = self.process_metadata("category", entry.nama)
            metadata["category"].slug = entry.slug
        return content, metadata

    def _markdown(self, source_path):
        """What Pelican's MarkdownReader.read() gives, from two Markdown instances made once
        per reader instead of one made per file: making one (its parser, its extensions)
        was an eighth of reading an article. Python-Markdown's reset() clears what a
        conversion leaves (its stash, references, footnotes, table of contents), which is
        how its documentation says to convert several documents with one instance
        (tests/test_news_reading_reuse.py: every file reads as with a fresh instance).

        Pelican converts the header's formatted fields (Summary) with the instance that
        read the body, after removing its "meta" preprocessor; the second instance is
        that one, and a stand-in named "meta" is put back for Pelican to remove."""
        if self._converters is None:
            self._converters = (Markdown(**self.settings["MARKDOWN"]),
                                Markdown(**self.settings["MARKDOWN"]))
        body, fields = self._converters
        self._source_path = source_path
        body.reset()
        with pelican_open(source_path) as text:
            content = body.convert(text)
        fields.preprocessors.register(_NoMeta(fields), "meta", 27)
        self._md = fields
        return content, self._parse_metadata(body.Meta)

    def _more_problems(self, text: str, fields: dict, source_path) -> list[Problem]:
        """Repeated lines, Pelican's own fields, slugs and links."""
        low, high = self.options["years"]
        years = (low, high if high is not None else dt.date.today().year + 1)
        problems = repeated_fields(text) \
            + check_pelican_fields(fields, years)
        problems += self._slug_problems(fields)
        problems += check_links(text, Path(source_path), self.content_root)
        return problems

    def _slug_problems(self, fields: dict) -> list[Problem]:
        """Names Pelican makes addresses of (title, author, tags) that give none."""
        subs = self.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
        problems = []
        title = fields.get("title")
        if title is not None and title.value and "slug" not in fields:
            slug = slugify(title.value, regex_subs=subs)
            if not slug.strip("-_"):
                problems.append(Problem(title.line, title.column, "BRT020",
                                        "judul ini tidak menghasilkan alamat halaman (tidak "
                                        "ada huruf atau angka latin); tambahkan baris "
                                        "'Slug:' berisi alamatnya, misalnya "
                                        "'Slug: berita-pasar-seba'"))
            elif len(slug) > MAX_SLUG:
                problems.append(Problem(title.line, title.column, "BRT021",
                                        "judul ini terlalu panjang untuk alamat halaman "
                                        f"(alamatnya {len(slug)} karakter, paling banyak "
                                        f"{MAX_SLUG}); tambahkan baris 'Slug:' yang lebih "
                                        "pendek"))
        named = [("author", "penulis"), ("authors", "penulis"), ("tags", "topik"),
                 ("category", "kategori")]
        for key, kind in named:
            field = fields.get(key)
            if field is None:
                continue
            names = [field.value] if key in ("author", "category") else field.value.split(",")
            for name in (n.strip() for n in names):
                if name and not slugify(name, regex_subs=subs).strip("-_"):
                    column = field.column + max(field.value.find(name), 0)
                    problems.append(Problem(field.line, column, "BRT017",
                                            f"nama {kind} '{name}' tidak menghasilkan alamat "
                                            f"halaman; tulis nama {kind} dengan huruf atau "
                                            "angka"))
        return problems

    def _sanitized(self, text: str, content: str, metadata: dict):
        """The body and the Summary (HTML from Markdown) through the allow-list."""
        hosts = tuple(self.options["video_hosts"])
        content, findings = sanitize.sanitize(content, hosts)
        blank = BLANK_LINE.search(text)
        body_start = blank.end() if blank else 0
        located = []
        summary = metadata.get("summary")
        if isinstance(summary, str):
            metadata["summary"], in_summary = sanitize.sanitize(summary, hosts)
            line = SUMMARY_LINE.search(text, 0, body_start or len(text))
            start: dict[str, int] = {}
            located += [(*sanitize.locate(text, f, start, line.start() if line else 0),
                         f.code, f.message) for f in in_summary]
        positions = self._finding_positions(text, body_start, findings, hosts)
        start = {}
        located += [(*(positions[n] if positions else
                       sanitize.locate(text, f, start, body_start)), f.code, f.message)
                    for n, f in enumerate(findings)]
        if located:
            metadata[UNSAFE_HTML] = located
        return content, metadata

    def _finding_positions(self, text: str, body_start: int, findings: list,
                           hosts: tuple) -> list[tuple[int, int]]:
        """Where each finding's tag stands in the source, from a second rendering whose
        tags carry their offset: a tag shown in code or a comment is never taken for the
        one Markdown passed on (only done for the rare file with findings)."""
        if not findings:
            return []
        converter = Markdown(**self.settings["MARKDOWN"])
        marked = converter.convert(sanitize.mark_tags(text, body_start))
        return sanitize.tag_positions(text, findings, marked, hosts)

    def _placeholder(self, source_path):
        """What Pelican gets for a broken file: an empty draft it will not complain of."""
        return "", {
            "title": Path(source_path).stem,
            "date": SafeDatetime(2000, 1, 1),
            "status": "draft",
            "news_placeholder": True,  # its mistakes are reported; skip further checks
        }


class _NoMeta(Preprocessor):
    """Stands where Pelican removes the header preprocessor (see _markdown)."""

    def run(self, lines: list[str]) -> list[str]:
        return lines
