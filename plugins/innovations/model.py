"""An innovation record as the theme and other plugins see it. Pure, no Pelican import.

`read_record` turns the bytes of content/inovasi/<id>.yaml into an `Innovation`, or into
the list of every problem found in it: YAML syntax, the schema, and the rules across
fields (stage and dates) that a schema says poorly.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from common import vocab, yamlmarks
from common.diagnostics import WARNING, Problem

from .schema import Checker, json_ready
from .text import checked_html, markdown_html, plain

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_FIELDS = ("ringkasan", "rancang_bangun", "tujuan", "manfaat", "hasil")
STAGES = ("inisiatif", "uji_coba", "penerapan")


@dataclass(eq=False)
class Innovation:
    """One innovation of the regency: its record, shaped for pages and data files."""

    id: str
    source_path: str
    data: dict  # the record as JSON data (dates as ISO text), for the open data files
    nama: str
    url: str
    contoh: bool  # the whole record is an invented example
    contoh_kolom: list  # or only these fields are invented
    unggulan: bool
    ringkasan: str  # sanitized HTML, like the other Markdown fields
    ringkasan_teks: str
    rancang_bangun: str
    tujuan: str
    manfaat: str
    hasil: str
    perangkat_daerah: vocab.Entry
    unit_pelaksana: str
    tahapan: vocab.Entry
    inisiator: vocab.Entry
    jenis: vocab.Entry
    bentuk: vocab.Entry
    urusan_utama: vocab.Entry
    urusan_lain: list
    tematik: list
    kecamatan: list
    lokasi_keterangan: str
    waktu_uji_coba: dt.date | None
    waktu_penerapan: dt.date | None
    diperbarui: dt.date
    penerima_manfaat: list
    mitra: list
    sdgs: list
    tag: list
    status_keberlanjutan: vocab.Entry | None
    penghargaan: list
    predikat: list
    bukti_dukung: list
    media: list
    tautan: list
    sumber: list
    kontak: dict | None
    articles: list = field(default_factory=list)
    baris_bukti: int = 1  # line of 'bukti_dukung:' (1 when there is none): where a gap is shown

    @property
    def tahun(self) -> int | None:
        """Year of the first trial or application: the year the catalogue files it under."""
        dates = [d for d in (self.waktu_uji_coba, self.waktu_penerapan) if d]
        return min(dates).year if dates else None

    @property
    def urusan(self) -> list:
        """The main affair first, then the others."""
        return [self.urusan_utama] + [u for u in self.urusan_lain if u != self.urusan_utama]

    @property
    def linimasa(self) -> list[dict]:
        """The stages as a timeline: each with its date (if any) and whether reached."""
        reached = STAGES.index(self.tahapan.slug) if self.tahapan.slug in STAGES else 0
        dates = {"uji_coba": self.waktu_uji_coba, "penerapan": self.waktu_penerapan}
        return [{"slug": slug, "tanggal": dates.get(slug), "tercapai": i <= reached,
                 "sekarang": i == reached} for i, slug in enumerate(STAGES)]

    def __str__(self) -> str:
        return self.nama


@dataclass
class Record:
    """What reading one file gave: an innovation, or the problems that stopped it."""

    innovation: Innovation | None
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)  # HTML the sanitiser removed


def read_record(record_id: str, source_path: str, raw: bytes, checker: Checker,
                url_pattern: str = "inovasi/{id}/",
                limits: yamlmarks.Limits = yamlmarks.LIMITS) -> Record:
    """Read, check and shape one record; never raises for a content mistake."""
    problems: list[Problem] = []
    if not ID_PATTERN.match(record_id):
        problems.append(Problem(1, 1, "INV005",
                                "nama berkas menjadi kode inovasi di alamat halamannya, jadi "
                                "hanya boleh memuat huruf kecil a-z, angka dan '-', misalnya "
                                f"posyandu-keliling.yaml (ditemukan: '{record_id}.yaml')"))
    try:
        text = yamlmarks.decode(raw)
        data, marks = yamlmarks.load(text, limits)
    except yamlmarks.YamlProblem as problem:
        code = "INV001" if problem.text else "INV002"  # not text at all, or not YAML
        return Record(None, problems + [Problem(problem.line, problem.column, code,
                                                problem.message)])
    if data is None:
        return Record(None, problems + [Problem(1, 1, "INV003",
                                                "berkas kosong; salin contoh dari "
                                                "content/inovasi/ lalu isi kolom wajibnya")])
    if not isinstance(data, dict):
        line, column = marks.of(())
        return Record(None, problems + [Problem(
            line, column, "INV004",
            "isi berkas harus berupa pasangan 'kolom: nilai' (nama: ..., ringkasan: ...) "
            f"(ditemukan: {vocab.describe(data)})")])

    problems += checker.check(data, marks)
    problems += _date_problems(data, marks)
    problems += _stage_problems(data, marks)
    if problems:
        return Record(None, problems)
    return Record(_shape(record_id, source_path, data, marks, checker.vocabularies, url_pattern),
                  [], _html_warnings(data, marks))


def _html_warnings(data: dict, marks) -> list[Problem]:
    """What the sanitiser removes from the HTML written in a Markdown field, at that field."""
    warnings = []
    for key in MARKDOWN_FIELDS:
        value = data.get(key)
        if not isinstance(value, str) or "<" not in value:
            continue
        line, column = marks.of((key,))
        warnings += [Problem(line, column, found.code, f"'{key}': {found.message}", WARNING)
                     for found in checked_html(value)[1]]
    return warnings


def _as_date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _date_problems(data: dict, marks) -> list[Problem]:
    """Dates written in quotes skip YAML's calendar check; check them here."""
    problems = []
    for key in ("waktu_uji_coba", "waktu_penerapan", "diperbarui"):
        value = data.get(key)
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value) \
                and _as_date(value) is None:
            line, column = marks.of((key,))
            problems.append(Problem(line, column, "INV010",
                                    f"'{key}' tanggal tidak ada di kalender; periksa bulan "
                                    f"dan harinya (ditemukan: '{value}')"))
    return problems


def _stage_problems(data: dict, marks) -> list[Problem]:
    """Rules across fields: what the stage requires, and dates in order."""
    problems = []
    if data.get("tahapan") == "penerapan":
        line, column = marks.of(("tahapan",))
        for key, code in (("waktu_penerapan", "INV013"), ("hasil", "INV014")):
            if key not in data:
                problems.append(Problem(line, column, code,
                                        f"tahapan 'penerapan' mewajibkan kolom '{key}'; "
                                        f"isi '{key}' atau ubah tahapan "
                                        "(ditemukan: tidak ada)"))
    trial, applied = _as_date(data.get("waktu_uji_coba")), _as_date(data.get("waktu_penerapan"))
    if trial and applied and applied < trial:
        line, column = marks.of(("waktu_penerapan",))
        problems.append(Problem(line, column, "INV015",
                                "'waktu_penerapan' tidak boleh sebelum 'waktu_uji_coba' "
                                f"({trial.isoformat()}) (ditemukan: '{applied.isoformat()}')"))
    return problems


def _shape(record_id: str, source_path: str, data: dict, marks,
           vocabularies: dict[str, vocab.Vocabulary], url_pattern: str) -> Innovation:
    def entry(name: str, slug) -> vocab.Entry:
        return vocabularies[name].by_slug(str(slug))

    def entries(name: str, slugs) -> list:
        return [entry(name, s) for s in slugs or []]

    html = {key: markdown_html(data.get(key)) for key in MARKDOWN_FIELDS}
    lokasi = data["lokasi"]
    status = data.get("status_keberlanjutan")
    return Innovation(
        id=record_id,
        source_path=source_path,
        data=json_ready(data),
        nama=data["nama"].strip(),
        url=url_pattern.format(id=record_id),
        contoh=data.get("contoh") is True,
        contoh_kolom=list(data["contoh"]) if isinstance(data.get("contoh"), list) else [],
        unggulan=bool(data.get("unggulan", False)),
        ringkasan=html["ringkasan"],
        ringkasan_teks=plain(html["ringkasan"]),
        rancang_bangun=html["rancang_bangun"],
        tujuan=html["tujuan"],
        manfaat=html["manfaat"],
        hasil=html["hasil"],
        perangkat_daerah=entry("perangkat_daerah", data["perangkat_daerah"]),
        unit_pelaksana=data.get("unit_pelaksana", ""),
        tahapan=entry("tahapan", data["tahapan"]),
        inisiator=entry("inisiator", data["inisiator"]),
        jenis=entry("jenis", data["jenis"]),
        bentuk=entry("bentuk", data["bentuk"]),
        urusan_utama=entry("urusan", data["urusan_utama"]),
        urusan_lain=entries("urusan", data.get("urusan_lain")),
        tematik=entries("tematik", data.get("tematik")),
        kecamatan=entries("kecamatan", lokasi["kecamatan"]),
        lokasi_keterangan=lokasi.get("keterangan", ""),
        waktu_uji_coba=_as_date(data.get("waktu_uji_coba")),
        waktu_penerapan=_as_date(data.get("waktu_penerapan")),
        diperbarui=_as_date(data["diperbarui"]),
        penerima_manfaat=list(data.get("penerima_manfaat", [])),
        mitra=list(data.get("mitra", [])),
        sdgs=entries("sdgs", data.get("sdgs")),
        tag=list(data.get("tag", [])),
        status_keberlanjutan=entry("status_keberlanjutan", status) if status else None,
        penghargaan=sorted(data.get("penghargaan", []), key=lambda a: -a["tahun"]),
        predikat=[{"tahun": p["tahun"], "nilai": entry("predikat", p["nilai"])}
                  for p in sorted(data.get("predikat", []), key=lambda p: -p["tahun"])],
        bukti_dukung=[{**b, "indikator": entry("indikator", b["indikator"]),
                       "tanggal": _as_date(b.get("tanggal")),
                       # where its document is named, for the build's check of that file
                       "posisi": marks.of(("bukti_dukung", n, "dokumen") if "dokumen" in b
                                          else ("bukti_dukung", n))}
                      for n, b in enumerate(data.get("bukti_dukung", []))],
        media=[{"berkas": m["berkas"], "alt": m["alt"], "keterangan": m.get("keterangan", ""),
                "line": marks.of(("media", i))[0]}
               for i, m in enumerate(data.get("media", []))],
        tautan=list(data.get("tautan", [])),
        sumber=[{**s, "tanggal": _as_date(s.get("tanggal"))} for s in data.get("sumber", [])],
        kontak=data.get("kontak"),
        baris_bukti=marks.key_of(("bukti_dukung",))[0] if "bukti_dukung" in data else 1,
    )

