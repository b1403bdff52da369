"""Pelican wiring of the audio plugin: recordings on articles, /dengar/, podcast feeds, /siaran/.

AudioGenerator.generate_context() runs after the news generators (Pelican appends plugin
generators to its own), so it sees every article and page: it checks each `Audio:`
header (AUD001-AUD008), renders what the cache lacks (cold work in a process pool),
attaches a Recording to each content (`article.recording`) and fills the context keys
`recordings`, `latest_recordings`, `audio_programs` and `siaran` (the schedule, or None).
build_report stops a broken build before generate_output() writes anything.

Audio diagnostics:
AUD001 original missing or unreadable      AUD002 format FFmpeg cannot decode
AUD003 recording too long                  AUD004 original too large
AUD005 unknown programme                   AUD006 transcript file missing or unreadable
AUD007 Audio_Title/Program/Transkrip without Audio
AUD008 original outside the audio folder, or two originals giving the same files
AUD009 podcast cover missing, unreadable or too small
AUD010-AUD014 schedule (content/data/siaran.yaml)
AUD015 FFmpeg itself cannot run (the build machine, not the content)
AUD016 the derivative cache cannot be written
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import posixpath
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from common import cachekeys, children, diagnostics, outfiles, sourcetext, vocab, yamlmarks
from common.jsonld import script_json
from common.pages import numbered_pages
from common.settings import plugin_settings

from . import cover, feeds, jsonld, messages, model, schedule, transcode

logger = logging.getLogger(__name__)

DEFAULTS = {
    "path": ("audio", "folder of the original recordings, relative to PATH; never published as is"),
    "programs_file": ("data/program.yaml", "programme vocabulary, relative to PATH"),
    "schedule_file": ("data/siaran.yaml", "weekly schedule of the live stream, relative to PATH"),
    "stream_url": ("", "address of the station's live stream; empty: /siaran/ shows the "
                   "schedule without a player"),
    "cache_dir": (".cache/audio", "derivative cache, relative to the folder the build runs in"),
    "opus_kbps": (32, "bit rate of the Opus derivative (mono speech), kbit/s"),
    "mp3_kbps": (64, "bit rate of the MP3 fallback (mono), kbit/s"),
    "loudness": (-16.0, "target integrated loudness, LUFS (EBU R128; -16 for podcasts)"),
    "true_peak": (-1.5, "highest true peak after normalising, dBTP"),
    "max_minutes": (180, "longer recordings are refused (AUD003)"),
    "max_megabytes": (500, "larger originals are refused (AUD004)"),
    "workers": (0, "processes for cold work; 0 means one per core"),
    "per_page": (10, "recordings per /dengar/ page"),
    "home_count": (3, "latest recordings on the home page"),
    "cover": ("audio/sampul-podcast.png", "original of the podcast cover, relative to PATH"),
    "cover_size": (1400, "side of the square podcast cover in pixels (1400-3000)"),
    "podcast_title": ("Rekaman LPPL RSPD Sabu Raijua", "title of /feeds/podcast.xml"),
    "podcast_description": (
        "Rekaman berita, wawancara, dan acara LPPL RSPD Sabu Raijua, radio publik "
        "Kabupaten Sabu Raijua.", "description of the podcast feeds"),
    "owner_email": ("", "e-mail of the podcast owner (itunes:owner); empty leaves it out"),
}
PUBLIC_COVER = "audio/sampul-podcast.jpg"
PODCAST_FEED = "feeds/podcast.xml"
PROGRAM_FEED = "feeds/podcast/{slug}.xml"


def audio_settings(settings: dict) -> dict:
    options = plugin_settings(settings, "AUDIO", DEFAULTS)
    positive = {"opus_kbps": (6, 256), "mp3_kbps": (32, 320), "max_minutes": (1, 24 * 60),
                "max_megabytes": (1, 10_000), "workers": (0, 256), "per_page": (1, 1000),
                "home_count": (0, 100), "cover_size": (cover.MIN_SIZE, cover.MAX_SIZE)}
    for key, (low, high) in positive.items():
        value = options[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            diagnostics.record("pelicanconf.py", 0, 0, "CFG002",
                               f"pengaturan AUDIO['{key}'] harus bilangan bulat {low} sampai "
                               f"{high} (ditemukan: {diagnostics.quote(value)})")
            options[key] = DEFAULTS[key][0]
    for key in ("loudness", "true_peak"):
        value = options[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -70 <= value <= 0:
            diagnostics.record("pelicanconf.py", 0, 0, "CFG002",
                               f"pengaturan AUDIO['{key}'] harus angka -70 sampai 0 "
                               f"(ditemukan: {diagnostics.quote(value)})")
            options[key] = DEFAULTS[key][0]
    return options


def check_settings(pelican) -> None:
    audio_settings(pelican.settings)


class _Use:
    """One content's `Audio:` line: the content, its header positions and its original."""

    def __init__(self, content, source: str, positions: dict) -> None:
        self.content = content
        self.source = source
        self.positions = positions

    def at(self, key: str) -> tuple[int, int]:
        found = self.positions.get(key)
        return (found.line, found.column) if found else (1, 1)


class AudioGenerator(Generator):
    """Recordings of articles and pages, /dengar/, podcast feeds and /siaran/."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = audio_settings(self.settings)
        self.root = Path(self.path)
        cache = Path(self.options["cache_dir"])
        self.cache_dir = cache if cache.is_absolute() else Path.cwd() / cache
        self.encoding = transcode.Encoding(
            opus_kbps=int(self.options["opus_kbps"]), mp3_kbps=int(self.options["mp3_kbps"]),
            loudness=float(self.options["loudness"]), true_peak=float(self.options["true_peak"]),
            libraries=cachekeys.libraries_key(self.settings, [transcode.__name__]))
        self.recordings: list[model.Recording] = []
        self.entries: dict[str, Path] = {}    # original -> cache entry
        self.cover_entry: Path | None = None
        self.programs = vocab.Vocabulary("", [])
        self.slots: list[schedule.Slot] = []
        self.rendered = 0

    # -- reading -------------------------------------------------------------------
    def generate_context(self) -> None:
        self._claim_files()
        contents = [c for key in ("articles", "drafts", "hidden_articles", "pages",
                                  "hidden_pages", "draft_pages")
                    for c in self.context.get(key, []) or []
                    if not getattr(c, "news_placeholder", False)]
        uses = [use for use in (self._use(c) for c in contents) if use is not None]
        programs_path = self.root / self.options["programs_file"]
        if programs_path.exists() or any("program" in u.content.metadata for u in uses):
            self.programs = vocab.load(programs_path)
        self._check_programs(uses)
        usable = self._probe_all(uses)
        self._render_all(usable)
        for use in usable:
            if use.source in self.entries:
                self._attach(use)
        published = {id(c) for c in self.context.get("articles", [])}
        self.recordings = [c.recording for c in self.context.get("articles", [])
                           if getattr(c, "recording", None) is not None and id(c) in published]
        self._read_schedule()
        self._prepare_cover()
        self.context["recordings"] = self.recordings
        self.context["latest_recordings"] = self.recordings[:int(self.options["home_count"])]
        self.context["audio_programs"] = self._program_counts()
        self.context["siaran"] = {"slots": self.slots,
                                  "stream_url": self.options["stream_url"]} \
            if (self.slots or self.options["stream_url"]) else None
        self.context["podcast_feed"] = PODCAST_FEED if self.recordings else None

    def _claim_files(self) -> None:
        """What this plugin reads, for build_report's check of files nothing reads
        (context["content_claims"]: folder under content/ -> extensions)."""
        claims = self.context.setdefault("content_claims", {})
        claims.setdefault(self.options["path"].strip("/"), set()).update(
            {*transcode.EXTENSIONS, ".txt", posixpath.splitext(self.options["cover"])[1].lower()})
        for key in ("programs_file", "schedule_file"):
            folder, suffix = posixpath.split(self.options[key])[0], posixpath.splitext(self.options[key])[1]
            claims.setdefault(folder, set()).add(suffix)

    def _use(self, content) -> _Use | None:
        metadata = content.metadata
        present = [k for k in model.FIELDS if k in metadata]
        if not present:
            return None
        try:
            text = Path(content.source_path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        positions = model.header_positions(text)
        raw = metadata.get("audio")
        if not isinstance(raw, str) or not raw.strip():
            for key in present:
                if key == "audio":
                    line, column = _at(positions, key)
                    diagnostics.record(content.source_path, line, column, "AUD001",
                                       "'Audio' kosong; tulis nama berkas rekaman di "
                                       f"content/{self.options['path']}/, misalnya "
                                       f"'Audio: {self.options['path']}/2025/sapa-warga.wav'")
                else:
                    line, column = _at(positions, key)
                    diagnostics.record(content.source_path, line, column, "AUD007",
                                       f"baris '{_label(key)}' hanya berlaku bersama baris "
                                       "'Audio'; tambahkan 'Audio:' dengan berkas rekamannya "
                                       "atau hapus baris ini")
            return None
        use = _Use(content, model.content_path(raw) or "", positions)
        folder = self.options["path"].strip("/") + "/"
        if not use.source.startswith(folder) or not _inside(self.root / use.source,
                                                             self.root / folder):
            line, column = use.at("audio")
            diagnostics.record(content.source_path, line, column, "AUD008",
                               f"'Audio' harus menunjuk berkas di dalam content/{folder}, "
                               f"misalnya '{folder}2025/sapa-warga.wav' "
                               f"(ditemukan: {diagnostics.quote(raw)})")
            return None
        return use

    def _check_programs(self, uses: list[_Use]) -> None:
        shown = diagnostics.display_path(self.root / self.options["programs_file"])
        for use in uses:
            name = use.content.metadata.get("program")
            if name is None:
                continue
            name = str(name).strip()
            entry = self.programs.by_slug(name) or self.programs.by_name(name)
            if entry is None:
                line, column = use.at("program")
                known = ", ".join(self.programs.names()) or "(belum ada)"
                diagnostics.record(use.content.source_path, line, column, "AUD005",
                                   f"'Program' harus salah satu dari {known} (daftar program "
                                   f"ada di {shown}) (ditemukan: {diagnostics.quote(name)})")
                use.content.metadata["program"] = None
            else:
                use.content.audio_program = entry

    def _probe_all(self, uses: list[_Use]) -> list[_Use]:
        max_bytes = int(self.options["max_megabytes"]) * 1_000_000
        max_seconds = int(self.options["max_minutes"]) * 60
        probes: dict[str, transcode.Probe | diagnostics.FileProblem] = {}
        by_base: dict[str, str] = {}
        usable = []
        for use in uses:
            if use.source not in probes:
                try:
                    probes[use.source] = transcode.probe(self.root / use.source, max_bytes,
                                                         max_seconds)
                except diagnostics.FileProblem as problem:
                    probes[use.source] = problem
            found = probes[use.source]
            if isinstance(found, diagnostics.FileProblem):
                self._report(use, found)
                continue
            base = posixpath.splitext(use.source)[0]
            other = by_base.setdefault(base, use.source)
            if other != use.source:
                line, column = use.at("audio")
                diagnostics.record(use.content.source_path, line, column, "AUD008",
                                   f"rekaman '{use.source}' dan '{other}' hanya berbeda "
                                   "ekstensi, sehingga hasil olahannya bernama sama; ganti "
                                   "nama salah satu berkas")
                continue
            use.probe = found
            if self._transcript_ok(use):
                usable.append(use)
        return usable

    def _transcript_ok(self, use: _Use) -> bool:
        raw = use.content.metadata.get("transkrip")
        use.transcript = None
        if raw is None:
            return True
        relative = model.content_path(str(raw))
        text = None
        if relative is not None:
            try:
                # Checked as every text staff write: its page and .txt carry no byte that
                # is not text nor a control character (at the transcript's own line).
                text = sourcetext.read_checked((self.root / relative).read_bytes())
            except OSError:
                text = None
            except diagnostics.ProblemError as problem:
                diagnostics.record(self.root / relative, problem.line, problem.column,
                                   "AUD006", f"transkrip: {problem.message}")
                return False
        if text is None or not text.strip():
            line, column = use.at("transkrip")
            diagnostics.record(use.content.source_path, line, column, "AUD006",
                               "berkas transkrip tidak ditemukan, kosong, atau bukan teks "
                               "UTF-8; simpan transkrip sebagai berkas .txt di content/"
                               f"{self.options['path']}/ atau hapus baris 'Transkrip' bila "
                               "isi berita sudah sama dengan rekamannya "
                               f"(ditemukan: {diagnostics.quote(raw)})")
            return False
        use.transcript = text
        return True

    def _report(self, use: _Use, problem: diagnostics.FileProblem) -> None:
        line, column = use.at("audio")
        code, text = messages.problem_message(
            problem.kind, problem.detail, use.source,
            max_minutes=int(self.options["max_minutes"]),
            max_megabytes=int(self.options["max_megabytes"]),
            cache=diagnostics.display_path(self.cache_dir))
        diagnostics.record(use.content.source_path, line, column, code, f"'Audio': {text}")

    # -- rendering -------------------------------------------------------------------
    def _tags(self, use: _Use) -> transcode.Tags:
        content = use.content
        program = getattr(content, "audio_program", None)
        date = getattr(content, "date", None)
        return transcode.Tags(
            title=_title(content),
            artist=self.settings.get("SITE_PUBLISHER", self.settings["SITENAME"]),
            album=program.nama if program else self.options["podcast_title"],
            year=str(date.year) if date else "")

    def _render_all(self, uses: list[_Use]) -> None:
        """Render every original the cache lacks; the first use's tags are written."""
        jobs: dict[str, transcode.Job] = {}
        for use in uses:
            if use.source in self.entries or use.source in jobs:
                continue
            original = self.root / use.source
            tags = self._tags(use)
            entry = self.cache_dir / transcode.cache_key(original, self.encoding, tags)
            self.entries[use.source] = entry
            if not transcode.is_cached(entry):
                jobs[use.source] = transcode.Job(str(original), str(entry), self.encoding,
                                                 tags, use.probe.seconds)
        total = len(self.entries)
        if not jobs:
            if total:
                logger.info("Audio: %d rekaman, semuanya dari cache", total)
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass  # each job then reports the cache it cannot write (AUD016)
        workers = int(self.options["workers"]) or os.cpu_count() or 1
        results = {}
        if len(jobs) == 1 or workers == 1:
            results = {source: transcode.render(job) for source, job in jobs.items()}
        else:
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs)),
                                     initializer=children.worker_start) as pool:
                futures = {pool.submit(transcode.render, job): source
                           for source, job in jobs.items()}
                for future in as_completed(futures):
                    results[futures[future]] = future.result()
        self.rendered += len(jobs)
        for source, result in results.items():
            if "problem" in result:
                del self.entries[source]
                problem = diagnostics.FileProblem(result["problem"], result.get("detail", ""))
                for use in uses:
                    if use.source == source:
                        self._report(use, problem)
        logger.info("Audio: %d rekaman, %d diolah, %d dari cache", total, len(jobs),
                    total - len(jobs))

    def _attach(self, use: _Use) -> None:
        meta = transcode.read_meta(self.entries[use.source])
        content = use.content
        base = posixpath.splitext(use.source)[0]
        transcript_path = f"{base}.txt" if use.transcript is not None else None
        content.recording = model.Recording(
            source=use.source, base=base,
            title=_title(content),
            seconds=float(meta["seconds"]), opus_bytes=int(meta["opus_bytes"]),
            mp3_bytes=int(meta["mp3_bytes"]),
            program=getattr(content, "audio_program", None),
            transcript=use.transcript, transcript_path=transcript_path, content=content)

    def _program_counts(self) -> list[dict]:
        counts = {}
        for recording in self.recordings:
            if recording.program is not None:
                counts[recording.program.slug] = counts.get(recording.program.slug, 0) + 1
        return [{"entry": e, "jumlah": counts.get(e.slug, 0),
                 "url": f"dengar/program/{e.slug}/"} for e in self.programs.entries]

    def _read_schedule(self) -> None:
        path = self.root / self.options["schedule_file"]
        if not path.exists():
            return
        if not self.programs.entries and not self.programs.path:
            self.programs = vocab.load(self.root / self.options["programs_file"])
        try:
            data, marks = yamlmarks.load(yamlmarks.decode(path.read_bytes()))
        except yamlmarks.YamlProblem as problem:
            diagnostics.record(path, problem.line, problem.column, "AUD010", problem.message)
            return
        shown = diagnostics.display_path(self.root / self.options["programs_file"])
        self.slots, problems = schedule.read_schedule(data, marks, self.programs, shown)
        diagnostics.report(path, problems)

    def _prepare_cover(self) -> None:
        if not self.recordings:
            return
        original = self.root / self.options["cover"]
        size = int(self.options["cover_size"])
        where = diagnostics.display_path(original)
        try:
            made_with = cachekeys.libraries_key(self.settings, [cover.__name__])
            entry = self.cache_dir / f"sampul-{cover.cover_key(original, size, made_with)}.jpg"
            if not entry.is_file():
                self.cache_dir.mkdir(parents=True, exist_ok=True)
                cover.make_cover(original, entry, size)
        except (OSError, diagnostics.FileProblem) as problem:
            kind = getattr(problem, "kind", "missing")
            found = f" (ditemukan: {problem.detail} piksel)" if kind == "too_small" else ""
            diagnostics.record("pelicanconf.py", 0, 0, "AUD009",
                               f"sampul podcast AUDIO['cover'] = '{self.options['cover']}' "
                               f"harus gambar JPEG/PNG persegi paling kecil {size} x {size} "
                               f"piksel di {where}{found}")
            return
        self.cover_entry = entry

    # -- writing -------------------------------------------------------------------
    def generate_output(self, writer) -> None:
        output = Path(self.output_path)
        self._publish_files(output)
        relative = self.settings["RELATIVE_URLS"]
        if self.recordings or self.programs.entries:
            template = self.get_template("dengar")
            self._write_pages(writer, template, "dengar/", self.recordings, program=None)
            for item in self.context["audio_programs"]:
                if item["jumlah"]:
                    chosen = [r for r in self.recordings if r.program == item["entry"]]
                    self._write_pages(writer, template, item["url"], chosen, program=item)
        if self.context["siaran"] is not None:
            writer.write_file("siaran/index.html", self.get_template("siaran"), self.context,
                              relative, slots=self.slots, stream_url=self.options["stream_url"])
        if self.recordings and self.cover_entry is not None:
            self._write_feeds(output)

    def _publish_files(self, output: Path) -> None:
        """Derivatives and transcripts of the contents that are written: a draft's
        recording stays unpublished like the draft itself (DRAFT_SAVE_AS may be empty).
        Derivatives are hard links of the cache's files (written aside and renamed, never
        changed in place), through the build's one writer."""
        site = outfiles.site_writer(output)
        done = set()
        for content in [c for key in ("articles", "drafts", "hidden_articles", "pages",
                                      "hidden_pages", "draft_pages")
                        for c in self.context.get(key, []) or []]:
            recording = getattr(content, "recording", None)
            if recording is None or recording.source in done or not content.save_as:
                continue
            done.add(recording.source)
            entry = self.entries[recording.source]
            for name, target in ((transcode.OPUS_FILE, recording.opus_url),
                                 (transcode.MP3_FILE, recording.mp3_url)):
                destination = output / target
                destination.parent.mkdir(parents=True, exist_ok=True)
                site.place(entry / name, destination, link_source=True)
            if recording.transcript_path:
                destination = output / recording.transcript_path
                destination.parent.mkdir(parents=True, exist_ok=True)
                site.put(destination, recording.transcript.encode("utf-8"))
        if self.cover_entry is not None and self.recordings:
            destination = output / PUBLIC_COVER
            destination.parent.mkdir(parents=True, exist_ok=True)
            site.place(self.cover_entry, destination, link_source=True)

    def _write_pages(self, writer, template, base_url: str, items: list, **kwargs) -> None:
        """One page per `per_page` cards, cut and addressed as Pelican's own lists."""
        for page in numbered_pages(items, self.options["per_page"], base_url, self.settings):
            writer.write_file(page.save_as, template, self.context,
                              self.settings["RELATIVE_URLS"], page_recordings=page.items,
                              halaman=page.halaman, **kwargs)

    def _domain(self) -> str:
        return (self.settings.get("FEED_DOMAIN") or self.settings.get("SITEURL") or "").rstrip("/")

    def _write_feeds(self, output: Path) -> None:
        domain = self._domain()
        publisher = self.settings.get("SITE_PUBLISHER", self.settings["SITENAME"])
        groups = [(PODCAST_FEED, self.options["podcast_title"], "dengar/", self.recordings)]
        for item in self.context["audio_programs"]:
            if item["jumlah"]:
                groups.append((PROGRAM_FEED.format(slug=item["entry"].slug),
                               f"{item['entry'].nama} · {publisher}", item["url"],
                               [r for r in self.recordings if r.program == item["entry"]]))
        for path, title, page, recordings in groups:
            feed_url = f"{domain}/{path}"
            channel = feeds.Channel(
                title=title, link=f"{domain}/{page}", feed_url=feed_url,
                description=self.options["podcast_description"], author=publisher,
                image_url=f"{domain}/{PUBLIC_COVER}", guid=model.feed_guid(feed_url),
                owner_email=self.options["owner_email"])
            episodes = [self._episode(r, domain) for r in recordings]
            destination = output / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            outfiles.site_writer(output).put(destination, feeds.podcast_rss(channel, episodes))

    def _episode(self, recording: model.Recording, domain: str) -> feeds.Episode:
        article = recording.content
        link = f"{domain}/{article.url}"
        if recording.transcript_path:
            transcript, kind = f"{domain}/{recording.transcript_path}", "text/plain"
        else:
            transcript, kind = link, "text/html"
        return feeds.Episode(
            guid=recording.guid, title=recording.title, link=link,
            description=_plain(getattr(article, "summary", "") or ""),
            published=_aware(article.date), mp3_url=f"{domain}/{recording.mp3_url}",
            mp3_bytes=recording.mp3_bytes, opus_url=f"{domain}/{recording.opus_url}",
            opus_bytes=recording.opus_bytes, duration=model.clock_duration(recording.seconds),
            transcript_url=transcript, transcript_type=kind)


def _inside(path: Path, folder: Path) -> bool:
    """Whether path, links resolved, stays in folder (a link may point anywhere)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def _at(positions: dict, key: str) -> tuple[int, int]:
    found = positions.get(key)
    return (found.line, found.column) if found else (1, 1)


def _label(key: str) -> str:
    return {"audio_title": "Audio_Title", "program": "Program",
            "transkrip": "Transkrip"}.get(key, key.title())


def _title(content) -> str:
    """Audio_Title, else the content's title: plain text as staff wrote it."""
    return " ".join(str(content.metadata.get("audio_title") or content.title).split())


def _plain(text) -> str:
    """Text of HTML the build made (a summary); titles are plain text and kept whole."""
    return str(Markup(str(text or "")).striptags())


def _aware(date) -> dt.datetime:
    if date.tzinfo is None:
        return date.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))  # WITA
    return date


def get_generators(pelican):
    return AudioGenerator


# -- the theme's side ------------------------------------------------------------------
def add_filters(generator) -> None:
    """`jsonld_rekaman(recording, siteurl)`: the AudioObject of a recording."""
    publisher = generator.settings.get("SITE_PUBLISHER", generator.settings["SITENAME"])

    def jsonld_rekaman(recording, siteurl):
        return script_json(jsonld.audio_object(recording, siteurl, publisher))

    generator.env.filters["jsonld_rekaman"] = jsonld_rekaman
