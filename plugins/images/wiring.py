"""Pelican wiring of the images plugin.

- no reader of its own: a reader subclass put in by readers_init would depend on the
  order of plugins (the news plugin puts its reader in too); Pelican's own warning of an
  empty alt is left to build_report's net, which leaves it to IMG004 below.
- content_object_init: every article and page, read afresh or served by the content
  cache, has its cover and images checked against the originals on disk (IMG001-
  IMG004) and each `{static}` <img> becomes <picture> markup (sizes known from the
  original's header). The `{static}` link disappears with it, so Pelican never
  publishes the original. The page's SITEURL is joined in when written.
- all_generators_finalized (before build_report stops a broken build): innovation
  media are checked, then every original used is rendered into the cache, cold
  ones in a process pool; what fails to decode is a diagnostic at each place it is used.
- finalized: the derivatives are copied from the cache into the output folder.
- generator_init: Jinja globals `picture(...)` and `og_image(...)` for the theme.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
import shutil
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from jinja2 import pass_context
from markupsafe import Markup

from common import build as build_state
from common import cachekeys, children, diagnostics, outfiles, pelican_content
from common import textlines
from common.textlines import header_lines
from common.settings import plugin_settings

from . import derive, markup

logger = logging.getLogger(__name__)

DEFAULTS = {
    "widths": ((480, 960, 1600), "widths in pixels of the derivatives; never upscaled"),
    "quality": (75, "WebP and JPEG quality (1-95)"),
    "cache_dir": (".cache/images", "derivative cache, relative to the folder the build "
                  "runs in; outside output/ so `clean` keeps it"),
    "max_pixels": (120_000_000, "originals with more pixels are refused (decompression bomb)"),
    "workers": (0, "processes for cold work; 0 means one per core"),
    "progress_every": (20, "log one INFO line per this many images rendered"),
}
# The reading column (--measure, 42rem) and the cover's width (main, 64rem less padding).
CONTENT_SIZES = "(min-width: 44rem) 42rem, 100vw"
COVER_SIZES = "(min-width: 66rem) 62rem, 100vw"
# Stands for the page's SITEURL in rewritten article HTML until the page is written.
SITEURL_MARK = "{images-siteurl}"
# Stands for the <picture> of an image in an article until the page is written, when the
# derivatives are rendered and known (a WebP heavier than its JPEG/PNG is not offered).
PICTURE_MARK = re.compile(r"\{images-picture:(\d+)\}")
# Cache entries are folders named '<sha256 of the original, 32>-<settings digest, 16>'.
CACHE_ENTRY = re.compile(r"^[0-9a-f]{32}-[0-9a-f]{16}$")


def image_settings(settings: dict) -> dict:
    return plugin_settings(settings, "IMAGES", DEFAULTS)


def _checked(options: dict) -> dict:
    """Settings a build cannot go on with are reported (CFG002) and replaced by defaults."""
    checks = {
        "widths": lambda v: isinstance(v, (list, tuple)) and bool(v) and all(
            isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 8192 for w in v),
        "quality": lambda v: isinstance(v, int) and 1 <= v <= 95,
        "max_pixels": lambda v: isinstance(v, int) and v > 0,
        "workers": lambda v: isinstance(v, int) and v >= 0,
        "progress_every": lambda v: isinstance(v, int) and v > 0,
    }
    expected = {
        "widths": "daftar lebar dalam piksel, 16 sampai 8192, misalnya [480, 960, 1600]",
        "quality": "bilangan bulat 1 sampai 95",
        "max_pixels": "bilangan bulat positif",
        "workers": "bilangan bulat 0 atau lebih (0 = semua inti)",
        "progress_every": "bilangan bulat positif",
    }
    for key, valid in checks.items():
        if not valid(options[key]):
            diagnostics.record("pelicanconf.py", 0, 0, "CFG002",
                               f"pengaturan IMAGES['{key}'] harus {expected[key]} "
                               f"(ditemukan: {diagnostics.quote(options[key])})")
            options[key] = DEFAULTS[key][0]
    options["widths"] = tuple(options["widths"])
    return options


@dataclass(frozen=True)
class Use:
    """One place an original is used: the file, line and column, and what field."""

    path: str
    line: int
    column: int
    field: str


class ImageBuild:
    """What the images plugin knows during one build."""

    def __init__(self, settings: dict) -> None:
        self.options = _checked(image_settings(settings))
        self.widths = tuple(self.options["widths"])
        self.content_root = Path(settings["PATH"]).resolve()
        self.relative_urls = bool(settings.get("RELATIVE_URLS"))
        cache = Path(self.options["cache_dir"])
        self.cache_dir = cache if cache.is_absolute() else Path.cwd() / cache
        # The library versions derive.py's code uses (Pillow): common/cachekeys.py.
        self.digest = derive.settings_digest(self.widths, int(self.options["quality"]),
                                             cachekeys.libraries_key(settings, [derive.__name__]))
        self.reset()

    def reset(self) -> None:
        """Forget the originals seen, for the next run of an autoreloading server."""
        self.headers: dict[str, derive.Header | diagnostics.FileProblem] = {}
        self.uses: dict[str, list[Use]] = defaultdict(list)
        self.entries: dict[str, Path] = {}
        self.keys: dict[str, str] = {}
        self.pictures: list[dict] = []  # <picture>s of articles, made when written
        self.og_sources: set[str] = set()
        self.rendered = 0

    # -- pages written by a fork (build_report/parallel.py) ---------------------------
    # A template's picture(), thumbnail() and og_image() learn an original's header and
    # cache entry, and may render its derivatives; what a fork's pages learnt comes back.
    def fork_mark(self):
        return (set(self.headers), set(self.entries), set(self.keys), set(self.og_sources),
                self.rendered)

    def fork_delta(self, mark) -> dict:
        headers, entries, keys, og_sources, rendered = mark
        return {"headers": {s: h for s, h in self.headers.items() if s not in headers},
                "entries": {s: e for s, e in self.entries.items() if s not in entries},
                "keys": {s: k for s, k in self.keys.items() if s not in keys},
                "og_sources": self.og_sources - og_sources,
                "rendered": self.rendered - rendered}

    def fork_merge(self, delta: dict) -> None:
        for name in ("headers", "entries", "keys"):
            held = getattr(self, name)
            for source, value in delta[name].items():
                held.setdefault(source, value)
        self.og_sources |= delta["og_sources"]
        self.rendered += delta["rendered"]

    # -- originals ---------------------------------------------------------------
    def original(self, source: str) -> Path:
        return self.content_root / source

    def header(self, source: str) -> derive.Header | diagnostics.FileProblem:
        if source not in self.headers:
            if leaves_content(source):  # nothing outside content/ is looked at
                self.headers[source] = diagnostics.FileProblem("outside")
            elif source in ("", "."):
                self.headers[source] = diagnostics.FileProblem("missing")
            else:
                try:
                    self.headers[source] = derive.inspect(self.original(source),
                                                          int(self.options["max_pixels"]))
                except diagnostics.FileProblem as problem:
                    self.headers[source] = problem
        return self.headers[source]

    def use(self, source: str, use: Use) -> derive.Header | None:
        """Note a use of an original; record a diagnostic there when it is unusable."""
        self.uses[source].append(use)
        found = self.header(source)
        if isinstance(found, diagnostics.FileProblem):
            self.report(source, use, found)
            return None
        return found

    def report(self, source: str, use: Use, problem: diagnostics.FileProblem) -> None:
        if problem.kind == "outside":
            example = posixpath.basename(source) if markup.is_photo(source) else "foto.jpg"
            code, text = "IMG006", (f"jalur {diagnostics.quote(source)} keluar dari folder "
                                    "content/; tulis jalur relatif di dalam content/ "
                                    f"(misalnya images/{example}, untuk berkas "
                                    f"content/images/{example})")
            diagnostics.record(use.path, use.line, use.column, code, f"{use.field}: {text}")
            return
        shown = textlines.visible(diagnostics.display_path(self.original(source)))
        if problem.kind == "missing":
            code, text = "IMG001", (f"gambar {diagnostics.quote(source)} tidak ditemukan; "
                                    "simpan berkasnya "
                                    f"sebagai {shown} atau perbaiki nama berkasnya")
        elif problem.kind == "too_large":
            limit = int(self.options["max_pixels"]) // 1_000_000
            size = problem.detail.replace("x", " x ") if problem.detail else "lebih dari dua kali batas"
            code, text = "IMG003", (f"gambar {diagnostics.quote(source)} terlalu besar untuk "
                                    "diolah: paling "
                                    f"banyak {limit} juta piksel; perkecil fotonya lalu "
                                    f"simpan ulang (ditemukan: {size} piksel)")
        else:
            code, text = "IMG002", (f"berkas {diagnostics.quote(source)} bukan gambar yang bisa "
                                    "dibaca "
                                    "(rusak, terpotong, atau bukan JPEG/PNG/WebP); simpan "
                                    "ulang fotonya dari kamera atau aplikasi penyunting")
        diagnostics.record(use.path, use.line, use.column, code, f"{use.field}: {text}")

    # -- derivatives ---------------------------------------------------------------
    def files(self, source: str) -> list[derive.Variant]:
        """The derivatives of an original: those its cache entry kept once rendered, else
        every one its header plans."""
        entry = self.entries.get(source)
        if entry is not None:
            kept = derive.rendered_variants(entry)
            if kept:
                return kept
        header = self.headers[source]
        assert isinstance(header, derive.Header)
        return derive.variants(header, self.widths)

    def key(self, source: str) -> str:
        if source not in self.keys:
            self.keys[source] = derive.cache_key(self.original(source), self.digest)
        return self.keys[source]

    def tag(self, source: str) -> str:
        """The content hash in the published names of an original's derivatives."""
        return derive.name_tag(self.key(source))

    def job(self, source: str) -> derive.Job | None:
        """The job that renders an original, or None when its cache entry exists."""
        key = self.key(source)
        entry = self.cache_dir / key
        self.entries[source] = entry
        if derive.is_cached(entry):
            return None
        shutil.rmtree(entry, ignore_errors=True)  # a broken entry is rebuilt, never published
        return derive.Job(str(self.original(source)), str(entry), self.widths,
                          int(self.options["quality"]), int(self.options["max_pixels"]))

    def check_name_clashes(self) -> None:
        """Two originals that differ only in extension would publish the same files."""
        by_stem: dict[str, str] = {}
        for source in sorted(self.uses):
            if not isinstance(self.headers.get(source), derive.Header):
                continue
            stem = posixpath.splitext(source)[0]
            other = by_stem.setdefault(stem, source)
            if other == source:
                continue
            self.headers[source] = diagnostics.FileProblem("clash", other)
            for use in self.uses[source]:
                diagnostics.record(
                    use.path, use.line, use.column, "IMG005",
                    f"{use.field}: gambar '{source}' dan '{other}' hanya berbeda ekstensi, "
                    "sehingga hasil olahannya bernama sama; ganti nama salah satu berkas")

    def render_all(self) -> None:
        """Render every usable original not yet in the cache; report what fails."""
        sources = [s for s, h in self.headers.items()
                   if isinstance(h, derive.Header) and s not in self.entries]
        jobs = {}
        for source in sources:
            job = self.job(source)
            if job is not None:
                jobs[source] = job
        if not jobs:
            logger.info("Gambar: %d asli, semuanya dari cache", len(sources))
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        workers = int(self.options["workers"]) or os.cpu_count() or 1
        every = max(1, int(self.options["progress_every"]))
        results = {}
        if len(jobs) == 1 or workers == 1:
            for done, (source, job) in enumerate(jobs.items(), start=1):
                results[source] = derive.render(job)
                if done % every == 0:
                    logger.info("Gambar: %d dari %d diolah", done, len(jobs))
        else:
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs)),
                                     initializer=children.worker_start) as pool:
                futures = {pool.submit(derive.render, job): source
                           for source, job in jobs.items()}
                for done, future in enumerate(as_completed(futures), start=1):
                    results[futures[future]] = future.result()
                    if done % every == 0:
                        logger.info("Gambar: %d dari %d diolah", done, len(jobs))
        self.rendered += len(jobs)
        for source, result in results.items():
            if "problem" in result:
                problem = diagnostics.FileProblem(result["problem"], result.get("detail", ""))
                self.headers[source] = problem
                self.entries.pop(source, None)
                for use in self.uses[source]:
                    self.report(source, use, problem)
        logger.info("Gambar: %d asli, %d diolah, %d dari cache",
                    len(sources), len(jobs), len(sources) - len(jobs))

    def ensure(self, source: str) -> list[derive.Variant]:
        """Derivatives of an original a template asks for; a theme mistake raises."""
        if source not in self.entries:
            header = self.header(source)
            if isinstance(header, diagnostics.FileProblem):
                raise ValueError(f"picture(): gambar {source!r} tidak bisa dipakai "
                                 f"({header.kind})")
            job = self.job(source)
            if job is not None:
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                result = derive.render(job)
                self.rendered += 1
                if "problem" in result:
                    raise ValueError(f"picture(): gambar {source!r} tidak bisa dibaca")
        return self.files(source)

    def publish(self, output: Path) -> int:
        """Put every derivative from the cache into output through the build's writer: a
        hard link of the cache file (entries are written aside and renamed, never changed
        in place), a copy across file systems; return how many files."""
        site = outfiles.site_writer(output)
        count = 0
        for source, entry in self.entries.items():
            tag = self.tag(source)
            names = [v.name for v in self.files(source)]
            targets = [markup.derivative_path(source, n, tag) for n in names]
            if source in self.og_sources:
                names.append("og.jpg")
                targets.append(markup.og_path(source, tag))
            for name, target in zip(names, targets):
                destination = output / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                site.place(entry / name, destination, link_source=True)
                count += 1
        return count

    def prune(self) -> int:
        """Delete the cache entries no content of this build uses any more (a photo
        replaced or removed, changed settings); return how many."""
        used = {entry.name for entry in self.entries.values()}
        removed = 0
        if not self.cache_dir.is_dir():
            return 0
        for entry in self.cache_dir.iterdir():
            if entry.is_dir() and CACHE_ENTRY.match(entry.name) and entry.name not in used:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed


def start_build(pelican) -> None:
    """The build's photo plan, held by the build (common/build.py) until it ends."""
    build_state.running().state["images"] = ImageBuild(pelican.settings)
    _real_folder.cache_clear()  # links are looked at again in every build


def running() -> ImageBuild | None:
    """The photo plan of the build running in this context; None outside a build."""
    return build_state.running().state.get("images")


def content_source(value: str, relative_dir: str = "") -> str:
    """An original's path relative to the content folder, from how an author wrote it.

    '{static}/images/x.jpg', '/images/x.jpg' and 'images/x.jpg' (for Cover) all give
    'images/x.jpg'; '{static}x.jpg' is relative to the article's folder.
    """
    text = value.strip()
    found = markup.intrasite_path(text)
    if found is not None:
        text = found[1]
        if not text.startswith("/"):
            text = posixpath.join(relative_dir, text)
    # Backslashes first: 'images\\..\\..\\x.jpg' must be normalised like 'images/../../x.jpg'.
    return posixpath.normpath(text.replace("\\", "/").lstrip("/"))


def leaves_content(source: str) -> bool:
    """Whether a path from content_source() names a file outside the content folder."""
    return source == ".." or source.startswith("../")


def join_siteurl(siteurl: str, path: str, relative_urls: bool) -> str:
    """Join as Pelican joins {static} links (os.path.join or urljoin)."""
    siteurl = siteurl or ""
    if relative_urls:
        return posixpath.join(siteurl, path)
    return urljoin(siteurl if siteurl.endswith("/") else siteurl + "/", path)


def check_images(body: str, metadata: dict, source_path: str) -> tuple[str, dict]:
    """Check the cover and the images of one article or page; rewrite <img> as <picture>.

    The rewritten HTML holds no `{static}` link to the original (so Pelican never
    publishes it); its URLs start with SITEURL_MARK until the page is written.
    """
    build = running()
    if build is None:
        return body, metadata
    source_text = None

    def text() -> str:
        nonlocal source_text
        if source_text is None:
            try:
                source_text = Path(source_path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                source_text = ""
        return source_text

    first_image = None
    cover = metadata.get("cover")
    if isinstance(cover, str) and cover.strip():
        source = content_source(cover)
        line, column = _cover_position(text())
        if build.use(source, Use(source_path, line, column, "'Cover'")):
            first_image = source

    tags = markup.find_img_tags(body or "")
    # Each scan of the body once: a body is 5-10 KB and most have neither marker.
    links = "static" in (body or "") or "attach" in (body or "")
    # Only for a file with an image or a {static} link (resolving it was half of this
    # check for the many articles with neither).
    relative_dir = _relative_dir(source_path, build.content_root) if tags or links else ""
    pieces, last, seen = [], 0, defaultdict(int)
    for tag in tags:
        src = tag.attributes.get("src", "")
        line, column = markup.locate(text(), src, seen[src]) if src else (0, 0)
        seen[src] += 1
        alt = tag.attributes.get("alt")
        # A plain site path (/images/x.jpg) names the original as {static} does.
        found = markup.intrasite_path(src) or markup.site_path(src)
        shown = content_source(src, relative_dir) if found else src
        has_alt = bool((alt or "").strip())
        if not has_alt:
            diagnostics.record(
                source_path, line, column, "IMG004",
                f"gambar {diagnostics.quote(shown)} perlu teks alternatif: tulis isi gambar di antara "
                "kurung siku, misalnya ![Bupati membuka Pasar Seba](...), bagi pembaca "
                f"yang tidak melihatnya (ditemukan: {diagnostics.quote(alt or '')})")
        if found is None and has_alt:
            continue
        header = build.use(shown, Use(source_path, line, column, "gambar di isi")) \
            if found else None
        pieces.append(body[last:tag.start])
        if header is None or not has_alt:
            # The build stops anyway: leave no {static} link nor empty alt for Pelican.
            pieces.append('<img alt="-">')
        else:
            # The first picture is on the first screen when there is no cover: not lazy.
            eager = first_image is None
            first_image = first_image or shown
            build.pictures.append({"source": shown, "alt": alt, "eager": eager,
                                   "title": tag.attributes.get("title", "")})
            pieces.append("{images-picture:%d}" % (len(build.pictures) - 1))
        last = tag.end
    if pieces:
        pieces.append(body[last:])
        body = "".join(pieces)
    if links:
        body = _link_derivatives(body, build, source_path, relative_dir, text)
    if first_image:
        build.og_sources.add(first_image)
        metadata["og_image"] = markup.og_path(first_image, build.tag(first_image))
    return body, metadata


def _link_derivatives(body: str, build, source_path: str, relative_dir: str, text) -> str:
    """A {static} link to a photo original points at its widest derivative instead.

    Pelican would publish the original, with its camera data and GPS position, for any
    {static} link; the link's reader gets the same photo, stripped and resized.
    A missing original is left to the link check, which names it.
    """
    if "static" not in body and "attach" not in body:
        return body
    seen: dict[str, int] = defaultdict(int)

    def replace(match) -> str:
        value = match.group("value")
        if not markup.is_photo(markup.intrasite_path(value)[1]):
            return match.group(0)
        source = content_source(value, relative_dir)
        # Outside content/ (the link check names it) or missing: nothing to look at.
        if leaves_content(source) or not build.original(source).is_file():
            return match.group(0)
        line, column = markup.locate(text(), value, seen[value])
        seen[value] += 1
        header = build.use(source, Use(source_path, line, column, "tautan ke foto"))
        if header is None:
            return match.group(0).replace(value, "#")
        widest = [v for v in build.files(source) if v.format != "webp"][-1]
        link = SITEURL_MARK + markup.derivative_path(source, widest.name, build.tag(source))
        return match.group(0).replace(value, link)

    return markup.STATIC_LINK.sub(replace, body)


def _relative_dir(source_path: str, content_root: Path) -> str:
    # The folder, resolved once per folder (10,000 articles live in a few hundred); a
    # file that is itself a link is resolved on its own.
    if os.path.islink(source_path):
        folder = os.path.dirname(os.path.realpath(source_path))
    else:
        folder = _real_folder(os.path.dirname(os.path.abspath(source_path)))
    try:
        relative = Path(folder).relative_to(content_root).as_posix()
    except ValueError:
        return ""
    return "" if relative == "." else relative


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


# -- content_object_init ---------------------------------------------------------------
def check_content_images(content) -> None:
    """Check the images of an article or page as it is made, whether its text was read
    afresh or came from Pelican's content cache: the originals on disk may have changed
    since the text was cached, and this build must publish the derivatives it uses.
    Those whose images were rewritten learn to put in the page's SITEURL when written.
    """
    build = running()
    metadata = getattr(content, "metadata", None) or {}
    if build is None or not str(getattr(content, "source_path", "")).endswith(".md"):
        return
    body, metadata = check_images(pelican_content.body(content), metadata,
                                  content.source_path)
    pelican_content.replace_body(content, body)
    if "og_image" in metadata:
        content.og_image = metadata["og_image"]
    if SITEURL_MARK in body or PICTURE_MARK.search(body):
        _join_siteurl_when_written(content, build)


def _cover_position(text: str) -> tuple[int, int]:
    for line in header_lines(text):
        if not line.continued and line.key.lower() == "cover":
            return line.number, line.column
    return 0, 0


def _join_siteurl_when_written(content, build: "ImageBuild") -> None:
    """Put the <picture>s in, and the page's SITEURL into the rewritten URLs, when the
    page is rendered (after every derivative is rendered, so only the files kept are
    offered, under their content-hashed names).

    Pelican's own {static} replacement covers src but not srcset, and SITEURL differs
    per page with RELATIVE_URLS; so this object's link updater learns our marks too.
    """
    def finish(text: str, siteurl: str) -> str:
        prefix = join_siteurl(siteurl, "", build.relative_urls)

        def picture(match) -> str:
            made = build.pictures[int(match.group(1))]
            source = made["source"]
            return markup.picture(source, build.files(source), made["alt"],
                                  url=lambda path: prefix + path, sizes=CONTENT_SIZES,
                                  eager=made["eager"], title=made["title"],
                                  tag=build.tag(source))

        text = PICTURE_MARK.sub(picture, text)
        if SITEURL_MARK in text:
            text = text.replace(SITEURL_MARK, prefix)
        return text

    pelican_content.finish_when_rendered(content, finish)


# -- all_generators_finalized ----------------------------------------------------------
def process_images(generators) -> None:
    build = running()
    if build is None or not generators:
        return
    context = generators[0].context
    for innovation in context.get("innovations") or []:
        record = getattr(innovation, "source_path", "") or ""
        first = None
        for index, item in enumerate(getattr(innovation, "media", None) or []):
            berkas = item.get("berkas") if isinstance(item, dict) else None
            if not isinstance(berkas, str) or not berkas.strip():
                continue  # the innovations schema reports an empty 'berkas'
            source = content_source(berkas)
            use = Use(record, int(item.get("line") or 0), int(item.get("column") or 0),
                      f"'media' butir ke-{index + 1}")
            if build.use(source, use) and first is None:
                first = source
        if first is not None:
            build.og_sources.add(first)
            innovation.og_image = markup.og_path(first, build.tag(first))
    build.check_name_clashes()
    build.render_all()


# -- finalized -------------------------------------------------------------------------
def publish_images(pelican) -> None:
    build = running()
    if build is None:
        return
    count = build.publish(Path(pelican.output_path))
    logger.info("Gambar: %d berkas turunan ditulis ke %s", count, pelican.output_path)
    pruned = build.prune()
    if pruned:
        logger.info("Gambar: %d simpanan lama di %s dihapus (tidak dipakai isi mana pun)",
                    pruned, build.cache_dir)
    build.reset()


# -- generator_init: the theme's side --------------------------------------------------
# Photos staff may put anywhere under content/ ({static} links are relative to the file).
PHOTO_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}


def add_globals(generator) -> None:
    # Claimed for build_report's check of files nothing reads (context["content_claims"]).
    claims = generator.context.setdefault("content_claims", {})
    claims.setdefault("", set()).update(PHOTO_SUFFIXES)
    generator.env.globals["picture"] = picture_global
    generator.env.globals["og_image"] = og_image_global
    generator.env.globals["thumbnail"] = thumbnail_global


@pass_context
def picture_global(context, src: str, alt: str, sizes: str = "100vw", eager: bool = False,
                   css_class: str = "", max_height_vh: float | None = None) -> Markup:
    """<picture> markup for an original under content/, with URLs under the page's SITEURL.

    `max_height_vh`: the stylesheet keeps the image within that share of the screen's
    height (a portrait cover), so `sizes` says the narrower width it is shown at.
    """
    build = running()
    source = content_source(str(src))
    files = build.ensure(source)
    siteurl = context.get("SITEURL", "")
    return Markup(markup.picture(source, files, str(alt or ""),
                                 url=lambda path: f"{siteurl}/{path}",
                                 sizes=sizes, eager=eager, css_class=css_class,
                                 tag=build.tag(source), max_height_vh=max_height_vh))


def thumbnail_global(src: str) -> str:
    """Path (relative to SITEURL) of the smallest derivative of an original (WebP first),
    for small pictures such as search results: the original itself is never published."""
    source = content_source(str(src))
    current = running()
    files = current.ensure(source)
    smallest = min(files, key=lambda v: (v.width, v.format != "webp"))
    return markup.derivative_path(source, smallest.name, current.tag(source))


def og_image_global(src: str, optional: bool = False) -> str:
    """Path (relative to SITEURL) of the 1200x630 social image of an original.

    `optional`: '' instead of an error when the original is missing or unreadable (the
    site's default preview picture, SITE_IMAGE, which a small site may not have).
    """
    build = running()
    source = content_source(str(src))
    if optional and isinstance(build.header(source), diagnostics.FileProblem):
        return ""
    build.ensure(source)
    build.og_sources.add(source)
    return markup.og_path(source, build.tag(source))
