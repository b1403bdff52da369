"""Import a Blogger export into content/: one Markdown article per published post.

Safe to re-run: a post already imported is found by its Blogger id (the Arsip_Blogger
line); a file staff edited since the import (its bytes differ from what the import
wrote, kept in data/.blogger-impor.json) is left alone and reported unless `force`.
Nothing is written over a file the import did not write. The export is streamed twice:
first for what each entry is (kept without its HTML) to plan every address, then for the
HTML of the planned posts, a batch at a time, converted in worker processes.
Pure functions, no Pelican import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import yaml
from bs4 import BeautifulSoup

from . import archive, fetching, htmltomd, images, slugs
from .export import Entry, ExportError, FeedInfo, read_export

WITA = ZoneInfo("Asia/Makassar")
MANIFEST = "data/.blogger-impor.json"  # hidden: build_report reports files nothing reads
SKIP_REASONS = {
    "draft": "draf", "scheduled": "terjadwal", "deleted": "dihapus",
    "comment": "komentar", "page": "halaman (tanpa --pages)", "other": "pengaturan/templat",
    "duplicate": "id ganda di ekspor",
}
# Page slugs the site keeps for itself (lists, feeds, search...).
RESERVED_PAGE_SLUGS = {"berita", "arsip", "kategori", "topik", "penulis", "cari", "inovasi",
                       "draf", "feeds", "data", "images", "halaman", "search", "p", "theme",
                       "pagefind", "admin", "tersimpan"}


@dataclass
class Options:
    """How one import runs; paths are the site's content folder and what lies in it."""

    content: Path
    images: bool = True
    pages: bool = False
    force: bool = False
    domains: tuple[str, ...] = ()
    categories_file: str = "data/blogger_kategori.yaml"
    news_categories_file: str = "data/kategori.yaml"
    images_folder: str = "images/blogger"
    max_image_bytes: int = 20_000_000
    # Which addresses images may come from, and the bounds of a download (fetching.py).
    network: fetching.FetchPolicy = field(default_factory=fetching.FetchPolicy)
    video_hosts: tuple[str, ...] = htmltomd.DEFAULT_VIDEO_HOSTS
    workers: int = 0  # processes converting posts; 0: one per core
    parallel_from: int = 200  # fewer posts than this are converted in this process


@dataclass
class Report:
    """What an import did; `lines()` is what staff read at the end."""

    read: int = 0
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    edited: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    images_saved: int = 0
    images_failed: list[str] = field(default_factory=list)
    images_undescribed: int = 0
    fatal: str = ""

    def lines(self) -> list[str]:
        skipped = sum(self.skipped.values())
        why = ", ".join(f"{SKIP_REASONS[k]} {n}" for k, n in sorted(self.skipped.items()))
        out = [*self.notes]
        out += [f"gambar tidak tersimpan: {line}" for line in self.images_failed]
        out += [f"gagal: {line}" for line in self.failed]
        if self.fatal:
            out.append(f"gagal: {self.fatal}")
        out.append(
            f"Impor Blogger: {self.read} entri dibaca; diimpor {self.imported}, "
            f"diperbarui {self.updated}, tidak berubah {self.unchanged}, "
            f"diubah staf (tidak ditimpa) {self.edited}, dilewati {skipped}"
            + (f" ({why})" if why else "") + f", gagal {len(self.failed)}.")
        out.append(f"Gambar: {self.images_saved} disimpan, {len(self.images_failed)} tidak "
                   f"tersimpan, {self.images_undescribed} tanpa keterangan (daftar kerja: "
                   "ganti 'Foto arsip tanpa keterangan').")
        return out

    @property
    def ok(self) -> bool:
        return not self.failed and not self.fatal


@dataclass
class Planned:
    entry: Entry
    kind: str  # post or page
    title: str
    date: dt.datetime
    slug: str
    path: Path  # relative to content/
    old_path: str


class ImportFailed(Exception):
    """The import cannot start (bad mapping file...); message in Indonesian."""


def run(export: Path, options: Options) -> Report:
    """Import one export file; every problem is in the report, nothing raises."""
    report = Report()
    try:
        mapping, default_category = load_mapping(options)
    except ImportFailed as problem:
        report.fatal = str(problem)
        return report
    site = scan_content(options.content)
    manifest = load_manifest(options.content)
    info = FeedInfo()
    entries: list[Entry] = []
    seen: set[str] = set()
    try:
        with open(export, "rb") as stream:
            for entry in read_export(stream, info):
                report.read += 1
                if entry.kind in ("comment", "other") or (entry.kind == "page" and not options.pages):
                    report.skipped[entry.kind] += 1
                elif entry.status != "live":
                    report.skipped[entry.status] += 1
                elif entry.blogger_id in seen:
                    report.skipped["duplicate"] += 1
                    report.notes.append(f"{entry.name()}: muncul lagi di ekspor; yang pertama "
                                        "dipakai")
                else:
                    seen.add(entry.blogger_id)
                    # Only what planning needs is kept; the second pass streams the HTML.
                    if not entry.title.strip():
                        entry.first_words = _title_from_text(entry.content)
                    entry.content = ""
                    entries.append(entry)
    except FileNotFoundError:
        report.fatal = f"berkas ekspor '{export}' tidak ditemukan"
        return report
    except IsADirectoryError:
        report.fatal = f"'{export}' adalah folder, bukan berkas ekspor"
        return report
    except OSError as problem:
        report.fatal = f"berkas ekspor '{export}' tidak dapat dibaca ({problem.strerror})"
        return report
    except ExportError as problem:
        report.fatal = f"{export}: {problem}"
        if not entries:
            return report
    plans = plan(entries, site, report)
    hosts = blog_hosts(info, entries, options.domains)
    targets = {p.old_path: p.path.as_posix() for p in plans if p.old_path}
    shared = Shared(options, hosts, targets, info.url, mapping, default_category)
    _import_all(export, plans, shared, options, manifest, report)
    save_manifest(options.content, manifest)
    return report


def load_mapping(options: Options) -> tuple[dict[str, str], str]:
    """Label (case-folded) -> category name, and the category for posts with no mapped label."""
    path = options.content / options.categories_file
    news = options.content / options.news_categories_file
    try:
        names = [item["nama"] for item in yaml.safe_load(news.read_text(encoding="utf-8"))
                 if isinstance(item, dict) and "nama" in item]
    except (OSError, yaml.YAMLError, TypeError) as problem:
        raise ImportFailed(f"daftar kategori berita {news} tidak dapat dibaca ({problem})") from None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError:
        raise ImportFailed(f"berkas pemetaan label {path} tidak ada; buat berkas itu dengan "
                           "'kategori_bawaan:' dan 'label:'") from None
    except yaml.YAMLError as problem:
        raise ImportFailed(f"berkas pemetaan label {path} bukan YAML yang sah ({problem})") from None
    if not isinstance(data, dict):
        raise ImportFailed(f"{path}: isinya harus 'kategori_bawaan:' dan 'label:'")
    by_folded = {n.casefold(): n for n in names}
    default = str(data.get("kategori_bawaan") or "")
    if default.casefold() not in by_folded:
        raise ImportFailed(f"{path}: 'kategori_bawaan' harus salah satu dari {', '.join(names)} "
                           f"(ditemukan: '{default}')")
    mapping = {}
    for label, category in (data.get("label") or {}).items():
        if str(category).casefold() not in by_folded:
            raise ImportFailed(f"{path}: label '{label}' dipetakan ke kategori yang tidak ada "
                               f"(ditemukan: '{category}'; yang ada: {', '.join(names)})")
        mapping[str(label).casefold()] = by_folded[str(category).casefold()]
    return mapping, by_folded[default.casefold()]


@dataclass
class Site:
    """What content/ already holds: imported files by Blogger id, slugs taken."""

    root: Path = Path("content")
    by_id: dict[str, Path] = field(default_factory=dict)  # relative to content/
    slugs: dict[str, set[str]] = field(default_factory=dict)  # folder -> slugs and stems


def scan_content(content: Path) -> Site:
    site = Site(root=content)
    for folder in ("berita", "halaman"):
        for path in sorted((content / folder).rglob("*.md")):
            relative = path.relative_to(content)
            taken = site.slugs.setdefault(_slug_folder(relative), set())
            taken.add(path.stem)
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            for key in ("Slug", "Title"):
                value = archive.header_value(text, key)
                if value:
                    taken.add(slugs.slugify(value) if key == "Title" else value)
            blogger_id = archive.header_value(text, archive.ID_FIELD)
            if blogger_id:
                site.by_id.setdefault(blogger_id, relative)
    return site


def _slug_folder(relative: Path) -> str:
    """Slugs must differ within a year of news (URL has year and month) or among pages."""
    parts = relative.parts
    return f"berita/{parts[1]}" if parts[0] == "berita" and len(parts) > 2 else parts[0]


def plan(entries: list[Entry], site: Site, report: Report) -> list[Planned]:
    """Where each post goes, deterministic: by date, then Blogger id."""
    dated = []
    for entry in entries:
        date = parse_date(entry.published)
        if date is None:
            reason = "tidak bertanggal" if not entry.published else \
                f"tanggalnya tidak terbaca (ditemukan: '{entry.published}')"
            report.failed.append(f"{entry.name()}: {reason}; entri ini tidak diimpor")
            continue
        dated.append((date, entry))
    dated.sort(key=lambda item: (item[0], item[1].blogger_id))
    plans = []
    first_on_day: dict[tuple[str, str], Entry] = {}
    for date, entry in dated:
        title = " ".join(entry.title.split())
        if not title:
            title = entry.first_words or f"Berita {date:%Y-%m-%d}"
            report.notes.append(f"{entry.name()}: judul kosong; dipakai judul '{title}'")
        kind = entry.kind
        old_path = entry.old_path if archive.OLD_PATH.match(entry.old_path or "") else ""
        existing = site.by_id.get(entry.blogger_id)
        if existing is not None:
            text = _read(site, existing)
            slug = archive.header_value(text, "Slug") or existing.stem
            plans.append(Planned(entry, kind, title, date, slug, existing, old_path))
            continue
        folder = f"berita/{date:%Y}" if kind == "post" else "halaman"
        taken = site.slugs.setdefault(folder, set())
        if kind == "page":
            taken |= RESERVED_PAGE_SLUGS
        base = slugs.post_slug(title, old_path, entry.blogger_id)
        slug = slugs.unique(base, taken)
        same_day = first_on_day.setdefault((title.casefold(), f"{date:%Y-%m-%d}"), entry)
        if same_day is not entry:
            report.notes.append(f"{entry.name()}: judulnya sama dengan {same_day.name()} pada "
                                f"hari yang sama; alamatnya diberi akhiran '{slug}'")
        taken.add(slug)
        plans.append(Planned(entry, kind, title, date, slug, Path(folder) / f"{slug}.md",
                             old_path))
    return plans


def _read(site: Site, relative: Path) -> str:
    try:
        return (site.root / relative).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def parse_date(value: str) -> dt.datetime | None:
    """An Atom date (2023-03-03T10:00:00.000+08:00) in WITA, without tzinfo; None if bad."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(second=0, microsecond=0)
    try:
        return moment.astimezone(WITA).replace(tzinfo=None, second=0, microsecond=0)
    except (OverflowError, ValueError):
        return None


def _title_from_text(html: str, words: int = 8) -> str:
    text = " ".join(BeautifulSoup(html or "", "html.parser").get_text(" ").split())
    chosen = text.split(" ")[:words]
    title = " ".join(chosen).strip(" .,;:-")
    return title + ("..." if len(text.split(" ")) > words else "") if title else ""


def blog_hosts(info: FeedInfo, entries: list[Entry], domains: tuple[str, ...]) -> set[str]:
    """The old blog's host names (blogspot and custom domains), without 'www.'."""
    hosts = {_bare(urlsplit(info.url).hostname or "")}
    hosts |= {_bare(urlsplit(e.old_url).hostname or "") for e in entries if "://" in e.old_url}
    hosts |= {_bare(d) for d in domains}
    return {h for h in hosts if h}


def _bare(host: str) -> str:
    host = host.lower().strip().rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    # Blogger answered on country domains too: x.blogspot.co.id is x.blogspot.com.
    return re.sub(r"\.blogspot\.[a-z.]+$", ".blogspot.com", host)


@dataclass
class Shared:
    """What converting any post needs; sent once to each worker process."""

    options: Options
    hosts: set[str]
    targets: dict[str, str]  # old Blogger path -> new file, relative to content/
    blog_url: str
    mapping: dict[str, str]
    default_category: str


# In a worker process of the import only (its pool's initializer): what every post
# needs, sent once per worker rather than with each post. The importing process itself
# passes it as an argument, so nothing of one import stays for the next.
_shared: Shared | None = None


def _init_worker(shared: Shared) -> None:
    global _shared
    _shared = shared


def convert_post(planned: Planned, shared: Shared | None = None) -> tuple[str | None, Report]:
    """The file text of one post (None when it failed), and what befell its images.

    Runs in a worker process when there are many posts; depends only on its inputs.
    """
    shared = shared if shared is not None else _shared
    local = Report()
    entry = planned.entry

    def image(src: str, alt: str):
        result = _image(src, alt, planned, shared.options, shared.blog_url, local, entry)
        if result is not None and result[1] == archive.ARCHIVE_ALT:
            local.images_undescribed += 1
        return result

    def link(href: str) -> str:
        return _link(href, shared.hosts, shared.targets)

    try:
        converted = htmltomd.convert(entry.content, image=image, link=link,
                                     video_hosts=shared.options.video_hosts)
    except (RecursionError, ValueError, AssertionError) as problem:
        local.failed.append(f"{entry.name()}: isi HTML tidak dapat diubah ke Markdown "
                            f"({type(problem).__name__}); entri ini tidak diimpor")
        return None, local
    except Exception as problem:  # noqa: BLE001 - one post's bug must not stop the others
        local.failed.append(f"{entry.name()}: kesalahan internal saat mengubah isi "
                            f"({type(problem).__name__}: {problem}); entri ini tidak diimpor")
        return None, local
    return compose(planned, converted.markdown, shared.mapping, shared.default_category), local


BATCH = 400  # posts whose HTML is held at once in the second pass


def _import_all(export: Path, plans: list[Planned], shared: Shared, options: Options,
                manifest: dict, report: Report) -> None:
    """Second pass over the export: convert and write each planned post, a batch at a time."""
    jobs: dict[str, tuple[Planned, bytes | None]] = {}
    for planned in plans:
        entry = planned.entry
        target = options.content / planned.path
        current = target.read_bytes() if target.is_file() else None
        recorded = manifest.get(entry.blogger_id)
        if current is None and recorded and not options.force:
            # Imported before, and the file is gone: staff deleted it; it stays deleted.
            report.edited += 1
            report.notes.append(f"{entry.name()}: {recorded.get('berkas', '?')} sudah dihapus "
                                "sejak diimpor; tidak diimpor lagi (pakai --force untuk "
                                "mengimpornya lagi)")
            continue
        if current is not None and not options.force and \
                manifest.get(entry.blogger_id, {}).get("sha256") != _digest(current):
            report.edited += 1
            report.notes.append(f"{entry.name()}: {planned.path.as_posix()} sudah diubah sejak "
                                "diimpor; dibiarkan (pakai --force untuk menimpanya)")
            continue
        jobs[entry.blogger_id] = (planned, current)
    workers = options.workers or os.cpu_count() or 1
    pool = None
    if workers > 1 and len(jobs) >= options.parallel_from:
        pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(shared,))
    try:
        for batch in _batches(_with_html(export, jobs), BATCH):
            posts = [planned for planned, _ in batch]
            results = pool.map(convert_post, posts, chunksize=max(1, len(posts) // (workers * 4))) \
                if pool else (convert_post(post, shared) for post in posts)
            for (planned, current), (text, local) in zip(batch, results):
                planned.entry.content = ""
                _record(planned, current, text, local, options, manifest, report)
    finally:
        if pool is not None:
            pool.shutdown()


def _with_html(export: Path, jobs: dict) -> Iterator[tuple[Planned, bytes | None]]:
    """The planned posts again, in file order, each with its HTML from the export."""
    done: set[str] = set()
    try:
        with open(export, "rb") as stream:
            for entry in read_export(stream):
                job = jobs.get(entry.blogger_id)
                if job is None or entry.blogger_id in done or entry.status != "live" \
                        or entry.kind != job[0].entry.kind:
                    continue
                done.add(entry.blogger_id)
                job[0].entry.content = entry.content
                yield job
    except (OSError, ExportError):
        return  # reported by the first pass; what came before the problem is imported


def _batches(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _record(planned: Planned, current: bytes | None, text: str | None, local: Report,
            options: Options, manifest: dict, report: Report) -> None:
    report.images_saved += local.images_saved
    report.images_failed += local.images_failed
    report.failed += local.failed
    if text is None:
        return
    data = text.encode("utf-8")
    if current == data:
        report.unchanged += 1
    else:
        try:
            _write(options.content / planned.path, data)
        except OSError as problem:
            report.failed.append(f"{planned.entry.name()}: {planned.path.as_posix()} tidak dapat "
                                 f"ditulis ({problem.strerror}); entri ini tidak diimpor")
            return
        if current is None:
            report.imported += 1
        else:
            report.updated += 1
    report.images_undescribed += local.images_undescribed
    manifest[planned.entry.blogger_id] = {"berkas": planned.path.as_posix(),
                                          "sha256": _digest(data)}


def compose(planned: Planned, markdown: str, mapping: dict, default_category: str) -> str:
    """The Markdown file of one imported post (or page)."""
    entry = planned.entry
    lines = [f"Title: {_one_line(planned.title)}", f"Date: {planned.date:%Y-%m-%d %H:%M}"]
    if planned.kind == "post":
        category = next((mapping[label.casefold()] for label in entry.labels
                         if label.casefold() in mapping),
                        default_category)
        lines.append(f"Category: {category}")
        tags, seen = [], set()
        for label in entry.labels:
            tag = _one_line(label.replace(",", " "))
            folded = slugs.slugify(tag) or tag.casefold()
            if tag and folded not in seen:
                seen.add(folded)
                tags.append(tag)
        if tags:
            lines.append(f"Tags: {', '.join(tags)}")
        author = _one_line(entry.author)
        if author and author.lower() not in ("unknown", "noreply@blogger.com"):
            lines.append(f"Author: {author}")
    lines.append(f"Slug: {planned.slug}")
    lines.append(f"{archive.ID_FIELD}: {entry.blogger_id}")
    if planned.old_path:
        lines.append(f"{archive.PATH_FIELD}: {planned.old_path}")
    return "\n".join(lines) + "\n\n" + markdown


def _one_line(value: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def _image(src: str, alt: str, planned: Planned, options: Options, blog_url: str,
           report: Report, entry: Entry):
    described = alt or archive.ARCHIVE_ALT
    folder = options.content / options.images_folder / f"{planned.date:%Y}"
    if src.startswith("data:"):
        stem = images.file_stem(src)
        saved = images.existing(folder, stem)
        if saved is None:
            try:
                data = images.decode_data_url(src, options.max_image_bytes)
                saved = _save(folder, stem, data)
            except images.ImageProblem as problem:
                report.images_failed.append(f"{entry.name()}: gambar data: ({problem}); "
                                            "gambar ini dibuang")
                return None
            report.images_saved += 1
        return _static(saved, options), described
    absolute = urljoin(blog_url or "https://blogger.invalid/", src)
    if urlsplit(absolute).scheme not in ("http", "https"):
        report.images_failed.append(f"{entry.name()}: gambar dengan alamat "
                                    f"'{absolute[:60]}' bukan http/https; gambar ini dibuang")
        return None
    # Saved by an earlier import (the file is named after this address): kept, also when
    # this run does not download (--no-images), so a re-import never loses a photo.
    stem = images.file_stem(absolute)
    saved = images.existing(folder, stem)
    if saved is not None:
        return _static(saved, options), described
    try:
        # What the address itself says (no lookup): one that can never be a public image
        # (127.0.0.1, 10.x, a user name...) is not published for readers' browsers either.
        fetching.check(absolute, options.network, resolve=False)
    except fetching.Refused as problem:
        report.images_failed.append(f"{entry.name()}: {absolute[:200]}: {problem}; gambar "
                                    "ini dibuang")
        return None
    if not options.images:
        return absolute, described
    problems = []
    for url in dict.fromkeys((images.largest_url(absolute), absolute)):
        try:
            data = fetching.fetch(url, options.max_image_bytes, options.network)
            saved = _save(folder, stem, data)
            break
        except fetching.Refused as problem:
            problems.append(f"{url}: {problem}")
            break  # the other size is on the same host: refused the same way
        except images.ImageProblem as problem:
            problems.append(f"{url}: {problem}")
    if saved is None:
        report.images_failed.append(f"{entry.name()}: {'; '.join(problems)}")
        return absolute, described
    report.images_saved += 1
    return _static(saved, options), described


def _save(folder: Path, stem: str, data: bytes) -> Path:
    suffix = images.image_suffix(data)
    target = folder / f"{stem}{suffix}"
    try:
        _write(target, data)
    except OSError as problem:
        raise images.ImageProblem(f"tidak dapat disimpan ke {target} ({problem.strerror})") \
            from None
    return target


def _static(path: Path, options: Options) -> str:
    return "{static}/" + path.relative_to(options.content).as_posix()


def _link(href: str, hosts: set[str], targets: dict) -> str:
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or (parts.netloc and _bare(
            parts.hostname or "") not in hosts):
        return href
    if not parts.netloc and not parts.path.startswith("/"):
        return href
    path = targets.get(parts.path)
    if path is None:
        return href
    # A fragment named a part of Blogger's page (#more, #comments...): not on the new one.
    return "{filename}/" + path


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _write(target: Path, data: bytes) -> None:
    """Write whole or not at all: a temporary file in the same folder, then a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.impor")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def load_manifest(content: Path) -> dict:
    try:
        data = json.loads((content / MANIFEST).read_text(encoding="utf-8"))
        return dict(data.get("berita", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def save_manifest(content: Path, manifest: dict) -> None:
    if not manifest:
        return
    data = {"keterangan": "Ditulis oleh invoke import-blogger: sidik berkas hasil impor, "
                          "untuk mengenali berkas yang sudah diubah staf. Jangan diubah.",
            "berita": dict(sorted(manifest.items()))}
    _write(content / MANIFEST, (json.dumps(data, ensure_ascii=False, indent=1) + "\n")
           .encode("utf-8"))
