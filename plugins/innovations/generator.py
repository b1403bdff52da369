"""Pelican wiring: read the records, link them with the news, write pages and data files.

generate_context() reads and checks every record (recording each mistake, then going on
to the next file), links articles by their `Inovasi:` line and fills the context;
generate_output() writes. build_report stops the build between the two when anything
was recorded, so a broken record never leaves a half-written site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
from pathlib import Path, PurePosixPath

from pelican.generators import Generator

from build_report import documents

from common import diagnostics, numerals, outfiles, sourcetext, vocab, yamlmarks
from common.pages import numbered_pages
from common.settings import plugin_settings

from . import charts, facets, jsonld, links, opendata, readiness, schema
from .model import read_record

logger = logging.getLogger(__name__)

DEFAULTS = {
    "path": ("inovasi", "folder of the records, relative to PATH"),
    "data_path": ("data", "folder of the vocabulary files (<name>.yaml), relative to PATH"),
    "featured_count": (6, "how many innovations the home page shows"),
    "per_page": (30, "cards per catalogue and facet page"),
    "licence": (opendata.LICENCE, "licence of /data/inovasi.json and .csv"),
    "max_record_kb": (1024, "a record file larger than this is refused unread"),
    "max_depth": (40, "lists and mappings nested deeper than this are refused"),
    "max_alias_values": (10_000, "values YAML aliases ('*name') may copy per record; a "
                         "'billion laughs' stops here"),
}

# Ids that would collide with the catalogue's own addresses under inovasi/.
RESERVED_IDS = {facet[0] for facet in facets.FACETS} | {"statistik", "halaman", "kesiapan-iid"}
# The fields every indicator of content/data/indikator.yaml carries (common/vocab.py kinds).
INDICATOR_FIELDS = {"wajib": "bool", "bukti": "text_list", "sumber": "text",
                    "terverifikasi": "bool"}
# Where evidence documents live, relative to PATH (STATIC_PATHS publishes it as it is).
DOCUMENTS = "dokumen"


def innovation_settings(settings: dict) -> dict:
    return plugin_settings(settings, "INNOVATIONS", DEFAULTS)


def check_settings(pelican) -> None:
    innovation_settings(pelican.settings)


def add_filters(generator) -> None:
    publisher = generator.settings.get("SITE_PUBLISHER", generator.settings["SITENAME"])

    def jsonld_inovasi(innovation, siteurl):
        return jsonld.script_json(jsonld.profile(innovation, siteurl, publisher))

    generator.env.filters["jsonld_inovasi"] = jsonld_inovasi
    generator.env.filters["angka"] = numerals.grouped


class InnovationsGenerator(Generator):
    """Innovation profiles, the faceted catalogue, statistics and open data."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = innovation_settings(self.settings)
        self.innovations: list = []
        self.vocabularies: dict[str, vocab.Vocabulary] = {}
        self._vocabularies_key = ""  # see _load_vocabularies
        self._slugs_key = ""
        self._entries: dict[tuple[str, str], vocab.Entry] = {}
        self._entry_names: dict[int, tuple[str, str]] = {}
        self.schema = schema.base_schema()
        self.cache = RecordCache(self.settings)

    # -- reading -------------------------------------------------------------------
    def generate_context(self) -> None:
        # What this generator reads, for build_report's check of files nothing reads.
        claims = self.context.setdefault("content_claims", {})
        claims.setdefault(self.options["data_path"], set()).add(".yaml")
        # Near misses in the records' folder are reported here (INV021), not twice.
        claims.setdefault(self.options["path"], set()).update({".yaml", ".yml", ".json", ".txt"})
        folder = Path(self.path) / self.options["path"]
        files = sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []
        records = []
        for path in files:
            if path.suffix == ".yaml":
                records.append(path)
            elif path.suffix in (".yml", ".json", ".txt"):
                diagnostics.record(path, 1, 1, "INV021",
                                   "data inovasi harus berakhiran .yaml, misalnya "
                                   f"{path.stem}.yaml (ditemukan: '{path.name}')")
        if records:
            self._load_vocabularies()
        checker = schema.Checker(self.schema, self.vocabularies,
                                 self._display(Path(self.path) / self.options["data_path"]))
        for path in records:
            self._read(path, checker)
        self.cache.save()
        self._check_documents()

        self.innovations.sort(key=lambda i: (i.nama.casefold(), i.id))
        self._link_articles()
        self.context["innovations"] = self.innovations
        self.context["featured_innovations"] = self._featured()
        self.context["innovation_schema"] = self.schema

    def search_paths(self) -> list[str]:
        """The profiles site search indexes (read by plugins/search_index)."""
        return [f"{innovation.url}index.html" for innovation in self.innovations]

    def _display(self, path: Path) -> str:
        return diagnostics.display_path(path)

    def _load_vocabularies(self) -> None:
        folder = Path(self.path) / self.options["data_path"]
        for name in schema.VOCABULARY_NAMES:
            fields = INDICATOR_FIELDS if name == "indikator" else None
            self.vocabularies[name] = vocab.load(folder / f"{name}.yaml", fields=fields)
        base = self.schema
        self.schema = schema.with_vocabularies(base, self.vocabularies)
        # What a record is checked against, in its key (RecordCache): the content cache's
        # folder is not named by these vocabularies (content_cache "inputs"). A record is
        # valid or not by the schema and the vocabularies' slugs (the schema's enums);
        # what it then holds of the vocabularies is the entries it names, by slug, and
        # only a record with problems shows more of them (names and hints in its
        # messages). So an OPD renamed reads again the records naming that OPD, not all
        # (_cached_record).
        self._slugs_key = _digest((base, sorted((name, v.slugs())
                                                for name, v in self.vocabularies.items())))
        self._vocabularies_key = _digest((sorted(self.vocabularies.items()), self.schema))
        self._entries = {(name, e.slug): e for name, v in self.vocabularies.items()
                         for e in v.entries}
        self._entry_names = {id(e): key for key, e in self._entries.items()}

    def _read(self, path: Path, checker) -> None:
        with diagnostics.working_on(path):  # whatever goes wrong is this file's
            try:
                self._read_record(path, checker)
            except OSError as error:  # gone or unreadable since the folder was listed
                diagnostics.record(path, 0, 0, "FS003", sourcetext.unreadable_message(error))

    def _read_record(self, path: Path, checker) -> None:
        record_id = path.stem
        limits = yamlmarks.Limits(max_bytes=int(self.options["max_record_kb"]) * 1024,
                                  max_depth=int(self.options["max_depth"]),
                                  max_alias_values=int(self.options["max_alias_values"]))
        size = path.stat().st_size
        if size > limits.max_bytes:  # refused unread: a huge file would fill the memory
            diagnostics.record(path, 1, 1, "INV002",
                               yamlmarks.too_large_message(size, limits.max_bytes))
            return
        raw = path.read_bytes()
        key = (record_id, self._display(path), hashlib.sha256(raw).hexdigest(), limits,
               self._slugs_key)
        record = self._cached_record(key)
        if record is None:
            record = read_record(record_id, self._display(path), raw, checker, limits=limits)
            names = self._entries_named(record)
            self.cache.put(key, (names, self._entries_key(names), record))
        if record_id in RESERVED_IDS:
            diagnostics.record(path, 1, 1, "INV022",
                               f"kode inovasi '{record_id}' sudah dipakai alamat katalog "
                               f"(inovasi/{record_id}/); ganti nama berkas "
                               f"(yang tidak boleh: {', '.join(sorted(RESERVED_IDS))})")
        diagnostics.report(path, record.problems + record.warnings)
        if record.innovation is not None and record_id not in RESERVED_IDS:
            self.innovations.append(record.innovation)

    def _cached_record(self, key):
        """The record the cache holds for key, when the vocabulary entries it was read
        with are the same now: those it names (a record read without problems), or every
        vocabulary whole (one with problems: its messages name and hint at entries)."""
        held = self.cache.get(key)
        if not (isinstance(held, tuple) and len(held) == 3):
            return None
        names, digest, record = held
        return record if digest == self._entries_key(names) else None

    def _entries_named(self, record) -> tuple | None:
        """The (vocabulary, slug) of every vocabulary entry the record's innovation holds;
        None (it depends on every vocabulary) for a record with problems, or holding an
        entry of no vocabulary of this build."""
        if record.innovation is None or record.problems:
            return None
        found: set = set()
        stack = [vars(record.innovation)]
        while stack:
            value = stack.pop()
            if isinstance(value, vocab.Entry):
                named = self._entry_names.get(id(value))
                if named is None:
                    return None
                found.add(named)
            elif isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, (list, tuple)):
                stack.extend(value)
        return tuple(sorted(found))

    def _entries_key(self, names) -> str:
        if names is None:
            return self._vocabularies_key
        entries = self._entries
        try:
            return _digest([(name, slug, entries[name, slug].nama, entries[name, slug].extra)
                            for name, slug in names])
        except KeyError:  # an entry gone (its slug is no more): read again
            return ""

    def _check_documents(self) -> None:
        """Each evidence document exists and is one the site publishes (the documents
        allow-list of build_report), on every build: the files change, not the record."""
        content = Path(self.path)
        for innovation in self.innovations:
            for number, item in enumerate(innovation.bukti_dukung, start=1):
                name = item.get("dokumen")
                if not name:
                    continue
                line, column = item["posisi"]
                message = evidence_problem(content, name)
                if message:
                    diagnostics.record(innovation.source_path, line, column, message[0],
                                       f"'bukti_dukung' butir ke-{number}: {message[1]}")

    def _link_articles(self) -> None:
        """Each article's innovations, and each innovation's articles (newest first)."""
        known = {i.id: i for i in self.innovations}
        published = list(self.context.get("articles", []))  # newest first
        drafts = list(self.context.get("drafts", []))
        by_id, unknown = links.link(published, known)
        _drafts_by_id, unknown_in_drafts = links.link(drafts, known)
        for innovation in self.innovations:
            innovation.articles = by_id.get(innovation.id, [])
        for article in published + drafts:
            ids = links.split_ids(getattr(article, "inovasi", None))
            article.innovations = [known[i] for i in dict.fromkeys(ids) if i in known]
        self._report_unknown(unknown + unknown_in_drafts)

    def _report_unknown(self, unknown: list) -> None:
        if not unknown:
            return
        hint_ids = ", ".join(sorted(i.id for i in self.innovations)[:8])
        texts: dict[str, str] = {}
        for article, innovation_id in unknown:
            source = article.source_path
            if source not in texts:
                texts[source] = Path(source).read_text(encoding="utf-8-sig")
            line, column = links.id_positions(texts[source]).get(innovation_id, (1, 1))
            known_text = (f"kode yang ada antara lain: {hint_ids}" if hint_ids
                          else "belum ada data inovasi sama sekali")
            diagnostics.record(
                source, line, column, "INV020",
                f"'Inovasi' menyebut kode yang tidak ada di {self.options['path']}/; "
                f"tulis nama berkas data inovasi tanpa .yaml ({known_text}) "
                f"(ditemukan: '{innovation_id}')")

    def _featured(self) -> list:
        count = self.options["featured_count"]
        newest = sorted(self.innovations, key=lambda i: (i.diperbarui, i.id), reverse=True)
        chosen = [i for i in newest if i.unggulan][:count]
        chosen += [i for i in newest if i not in chosen][:count - len(chosen)]
        return chosen

    # -- writing -------------------------------------------------------------------
    def generate_output(self, writer) -> None:
        relative = self.settings["RELATIVE_URLS"]
        innovations = self.innovations
        profile = self.get_template("innovation")
        stage_names = {e.slug: e.nama for e in self.vocabularies["tahapan"].entries} \
            if innovations else {}
        indicators = self.vocabularies["indikator"].entries if innovations else []
        # Made once: the profiles and the overview show the same objects, so a warm build's
        # page checks spell each once (build_report/renders.py memoizes by identity).
        all_readiness = [readiness.readiness(i, indicators) for i in innovations]
        for innovation, kesiapan in zip(innovations, all_readiness):
            writer.write_file(f"{innovation.url}index.html", profile, self.context, relative,
                              innovation=innovation, vocab_tahapan=stage_names,
                              kesiapan=kesiapan,
                              indikator_terverifikasi=all_verified(indicators))

        all_facets = facets.build_facets(innovations, self.vocabularies) if innovations else []
        catalogue = self.get_template("innovations")
        self._write_pages(writer, catalogue, "inovasi/", innovations, facets=all_facets,
                          facet=None, facet_value=None)
        facet_template = self.get_template("innovation_facet")
        for facet in all_facets:
            for value in facet.values:
                self._write_pages(writer, facet_template, value.url, value.innovations,
                                  facets=all_facets, facet=facet, facet_value=value)

        writer.write_file("inovasi/statistik/index.html", self.get_template("innovation_stats"),
                          self.context, relative, charts=self._charts(),
                          total=len(innovations), licence=self.options["licence"])
        summary = readiness.overview(innovations, self.vocabularies, all_readiness) \
            if innovations else None
        writer.write_file(f"inovasi/{READINESS_PAGE}/index.html",
                          self.get_template("innovation_readiness"), self.context, relative,
                          ringkasan=summary, charts=self._readiness_charts(summary),
                          total=len(innovations), licence=self.options["licence"],
                          indikator=indicators,
                          indikator_terverifikasi=all_verified(indicators))
        self._write_data(innovations, summary)

    def _write_pages(self, writer, template, base_url: str, items: list, **kwargs) -> None:
        """One page per `per_page` cards, cut and addressed as Pelican's own lists."""
        for page in numbered_pages(items, self.options["per_page"], base_url, self.settings):
            writer.write_file(page.save_as, template, self.context,
                              self.settings["RELATIVE_URLS"], page_innovations=page.items,
                              halaman=page.halaman, licence=self.options["licence"], **kwargs)

    def _charts(self) -> list[dict]:
        if not self.innovations:
            return []
        v = self.vocabularies
        specs = [
            ("grafik-tahapan", "Jumlah inovasi menurut tahapan", "Tahapan",
             facets.counts(self.innovations, lambda i: [i.tahapan], v["tahapan"].entries)),
            ("grafik-opd", "Jumlah inovasi menurut perangkat daerah", "Perangkat daerah",
             facets.counts(self.innovations, lambda i: [i.perangkat_daerah],
                           v["perangkat_daerah"].entries)),
            ("grafik-tahun", "Jumlah inovasi menurut tahun mulai uji coba atau penerapan",
             "Tahun", facets.counts(self.innovations,
                                    lambda i: [i.tahun] if i.tahun else [])),
            ("grafik-kecamatan", "Jumlah inovasi menurut kecamatan", "Kecamatan",
             facets.counts(self.innovations, lambda i: i.kecamatan, v["kecamatan"].entries)),
            ("grafik-jenis", "Jumlah inovasi menurut jenis", "Jenis",
             facets.counts(self.innovations, lambda i: [i.jenis], v["jenis"].entries)),
        ]
        # Long OPD names are shown by their abbreviation in the chart; the table has them whole.
        short = {e.nama: e.extra.get("singkatan") or e.nama
                 for e in v["perangkat_daerah"].entries}
        return [{"id": chart_id, "judul": title, "kolom": column, "baris": rows,
                 "svg": charts.bar_chart(chart_id, title,
                                         [(short.get(label, label), n) for label, n in rows])}
                for chart_id, title, column, rows in specs]

    def _readiness_charts(self, summary) -> list[dict]:
        """The overview's charts: the innovations by stage, office, urusan and basic-service
        sector, and how many innovations lack each indicator."""
        if summary is None:
            return []
        v = self.vocabularies
        short = {e.nama: e.extra.get("singkatan") or e.nama
                 for e in v["perangkat_daerah"].entries}
        specs = [
            ("kesiapan-tahapan", "Jumlah inovasi menurut tahapan", "Tahapan",
             "Jumlah inovasi",
             facets.counts(self.innovations, lambda i: [i.tahapan], v["tahapan"].entries)),
            ("kesiapan-opd", "Jumlah inovasi menurut perangkat daerah", "Perangkat daerah",
             "Jumlah inovasi",
             facets.counts(self.innovations, lambda i: [i.perangkat_daerah],
                           v["perangkat_daerah"].entries)),
            ("kesiapan-urusan", "Jumlah inovasi menurut urusan pemerintahan", "Urusan",
             "Jumlah inovasi",
             facets.counts(self.innovations, lambda i: i.urusan, v["urusan"].entries)),
            ("kesiapan-spm", "Jumlah inovasi di urusan pelayanan dasar (SPM)",
             "Urusan pelayanan dasar", "Jumlah inovasi",
             [(u.nama, len(members)) for u, members in summary.sektor_spm]),
            ("kesiapan-indikator", "Jumlah inovasi yang belum berbukti, menurut indikator",
             "Indikator", "Inovasi belum berbukti",
             [(e.nama + (" (wajib)" if mandatory else ""), len(without))
              for e, mandatory, without in summary.kurang_per_indikator]),
        ]
        return [{"id": chart_id, "judul": title, "kolom": column, "kolom_angka": number,
                 "baris": rows,
                 "svg": charts.bar_chart(chart_id, title,
                                         [(short.get(label, label), n) for label, n in rows])}
                for chart_id, title, column, number, rows in specs]

    def _write_data(self, innovations: list, summary=None) -> None:
        folder = Path(self.output_path) / "data"
        folder.mkdir(parents=True, exist_ok=True)
        siteurl = self.settings.get("SITEURL", "")
        site = outfiles.site_writer(self.output_path)  # linked when unchanged
        site.put(folder / "inovasi.schema.json", (json.dumps(
            self.schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        site.put(folder / "inovasi.json", opendata.as_json(
            innovations, self.schema, self.vocabularies, siteurl,
            self.options["licence"]).encode("utf-8"))
        site.put(folder / "inovasi.csv", opendata.as_csv(
            innovations, self.schema, siteurl).encode("utf-8"))
        rows = readiness.rows_for_data(summary, siteurl) if summary else []
        site.put(folder / "kesiapan-iid.json", opendata.readiness_json(
            rows, self.vocabularies.get("indikator"), self.options["licence"]).encode("utf-8"))
        site.put(folder / "kesiapan-iid.csv", opendata.readiness_csv(rows).encode("utf-8"))


READINESS_PAGE = "kesiapan-iid"


def _digest(value) -> str:
    return hashlib.sha256(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()


def all_verified(indicators: list) -> bool:
    """Whether every indicator rule was checked against BSKDN's own guidance."""
    return bool(indicators) and all(e.extra.get("terverifikasi") is True for e in indicators)


def evidence_problem(content: Path, name: str) -> tuple[str, str] | None:
    """(code, message) when `name` (dokumen/...) is no document the site publishes."""
    relative = PurePosixPath(name)
    path = Path(content, *relative.parts)
    folder = (Path(content) / DOCUMENTS).resolve()
    try:
        inside = path.resolve().is_relative_to(folder)
    except OSError:
        inside = False
    if not inside or not path.is_file():
        where = "bukan berkas" if path.exists() and inside else "tidak ada"
        return ("INV023", f"dokumen '{name}' tidak ada di folder content/{DOCUMENTS}/; "
                          "unggah berkasnya ke folder itu atau perbaiki namanya "
                          f"(ditemukan: {where})")
    verdict = documents.judge(path, relative)
    if verdict.publish:
        return None
    reason = verdict.message or ("berkas ini tidak diterbitkan situs (foto atau berkas sisa "
                                 f"aplikasi); yang diterbitkan hanya {documents.ALLOWED_LIST}")
    return ("INV024", f"dokumen '{name}' tidak dapat menjadi bukti: {reason}")


def get_generators(pelican):
    return InnovationsGenerator


class RecordCache:
    """Records read in the last good build, by file name and bytes: one unchanged file
    is not parsed, checked and shaped again (1,000 records: about 3 s of a build).

    It lives in the content cache's folder (CACHE_PATH, set by plugins/content_cache),
    whose name is a fingerprint of the settings and the plugins' code; each record's key
    holds its bytes, the schema and the vocabularies' slugs it is checked against, and
    its entry holds what else of the vocabularies the read used: the entries it names
    (or, for a record with problems, every vocabulary), checked before it is taken
    (InnovationsGenerator._cached_record): every input of a read. That folder is
    trusted only after a build that finished, and is restored from its snapshot after
    one that did not, so a cached record is one a finished build read. Problems and
    warnings are part of a record and are reported again on every build. Each record is
    kept pickled and unpickled anew, so no build changes another's; the file is written
    whole under a new name (never through the snapshot's hard link).
    """

    NAME = "InnovationsGenerator-records"

    def __init__(self, settings: dict) -> None:
        self.file = None
        self.old: dict = {}
        self.new: dict = {}
        if settings.get("CACHE_CONTENT") and settings.get("CACHE_PATH"):
            self.file = Path(settings["CACHE_PATH"]) / self.NAME
            if settings.get("LOAD_CONTENT_CACHE"):
                try:
                    with self.file.open("rb") as stream:
                        loaded = pickle.load(stream)
                    self.old = loaded if isinstance(loaded, dict) else {}
                except Exception:  # noqa: BLE001 - missing or unreadable: read everything
                    self.old = {}

    def get(self, key):
        data = self.old.get(key)
        if data is None:
            return None
        try:
            record = pickle.loads(data)
        except Exception:  # noqa: BLE001 - a record that cannot be restored is read again
            return None
        self.new[key] = data
        return record

    def put(self, key, record) -> None:
        if self.file is not None:
            try:
                self.new[key] = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - not picklable: read again next time
                pass

    def save(self) -> None:
        if self.file is None:
            return
        temporary = self.file.with_name(f".{self.NAME}.{os.getpid()}")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as stream:
                pickle.dump(self.new, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except OSError as error:
            logger.info("Cache data inovasi tidak disimpan: %s", error)
            temporary.unlink(missing_ok=True)
