"""Readiness for the Indeks Inovasi Daerah (IID) assessment: counts and lists, never a score.

Each innovation is looked at against the 20 indicators of content/data/indikator.yaml (in
that order): an indicator is evidenced when a `bukti_dukung` entry for it points at a
document (`dokumen`) or a link (`tautan`); an entry with neither is listed as named but not
counted, since the assessment reads the file, not its title. Pure, no Pelican import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Urusan whose `kelompok` in content/data/urusan.yaml is this are the basic services of
# the minimum service standards (SPM): pendidikan, kesehatan, pekerjaan umum, perumahan,
# trantibum linmas, sosial.
SPM_GROUP = "wajib_pelayanan_dasar"


@dataclass(frozen=True)
class Row:
    """One indicator for one innovation."""

    indikator: object  # vocab.Entry
    wajib: bool
    bukti: tuple  # the bukti_dukung entries for it that point at a document or link
    disebut: tuple  # entries naming it without a document or link

    @property
    def ada(self) -> bool:
        return bool(self.bukti)


@dataclass
class Readiness:
    innovation: object
    rows: list[Row]
    indicators: list = field(default_factory=list, repr=False)  # what rows were made from

    def trace_inputs(self) -> tuple:
        """What a page's render trace holds of this object (build_report/renders.py):
        what readiness() made it from. Its rows follow from these by code, and the
        plugins' code is in every trace's build fingerprint; spelling the rows took
        0.9 ms for each profile page (1,000 innovations: 0.9 s of every preview save)."""
        return (self.innovation, self.indicators)

    @property
    def berbukti(self) -> int:
        return sum(row.ada for row in self.rows)

    @property
    def jumlah(self) -> int:
        return len(self.rows)

    @property
    def wajib_kurang(self) -> list:
        """Mandatory indicators without evidence, in indicator order."""
        return [row.indikator for row in self.rows if row.wajib and not row.ada]

    @property
    def kurang(self) -> list:
        return [row.indikator for row in self.rows if not row.ada]

    @property
    def kalimat(self) -> str:
        """'12 dari 20 indikator berbukti; 1 indikator wajib belum berbukti'."""
        missing = len(self.wajib_kurang)
        tail = (f"{missing} indikator wajib belum berbukti" if missing
                else "semua indikator wajib berbukti")
        return f"{self.berbukti} dari {self.jumlah} indikator berbukti; {tail}"


def is_mandatory(entry) -> bool:
    return entry.extra.get("wajib") is True


def readiness(innovation, indicators: list) -> Readiness:
    """The 20 rows of one innovation, in the vocabulary's order."""
    rows = []
    for entry in indicators:
        mine = [b for b in innovation.bukti_dukung if b["indikator"].slug == entry.slug]
        linked = tuple(b for b in mine if b.get("dokumen") or b.get("tautan"))
        named = tuple(b for b in mine if not (b.get("dokumen") or b.get("tautan")))
        rows.append(Row(entry, is_mandatory(entry), linked, named))
    return Readiness(innovation, rows, indicators)


@dataclass
class Task:
    """One line of an office's to-do list: what one innovation still lacks."""

    innovation: object
    wajib: list  # mandatory indicators without evidence
    lainnya: list  # the other indicators without evidence


@dataclass
class Overview:
    readiness: list[Readiness]  # in the innovations' order
    kurang_per_indikator: list[tuple]  # (indicator entry, mandatory, innovations lacking it)
    tugas_per_opd: list[tuple]  # (office entry, [Task]) in vocabulary order
    jumlah_wajib: int = 0
    sektor_spm: list = field(default_factory=list)  # (urusan entry, [innovations])


def overview(innovations: list, vocabularies: dict,
             all_readiness: list[Readiness] | None = None) -> Overview:
    """What the regency still lacks, per innovation, per indicator and per office;
    all_readiness: readiness() of each innovation, when the caller made them already."""
    indicators = vocabularies["indikator"].entries
    if all_readiness is None:
        all_readiness = [readiness(i, indicators) for i in innovations]
    lacking = []
    for index, entry in enumerate(indicators):
        without = [r.innovation for r in all_readiness if not r.rows[index].ada]
        lacking.append((entry, is_mandatory(entry), without))
    tasks = []
    for office in vocabularies["perangkat_daerah"].entries:
        mine = [r for r in all_readiness if r.innovation.perangkat_daerah == office]
        lines = [Task(r.innovation, r.wajib_kurang,
                      [e for e in r.kurang if e not in r.wajib_kurang])
                 for r in mine if r.kurang]
        # Mandatory gaps first (most first), then the rest (most first), then by name.
        lines.sort(key=lambda t: (-len(t.wajib), -len(t.lainnya), t.innovation.nama.casefold()))
        if lines:
            tasks.append((office, lines))
    spm = [(u, [i for i in innovations if u in i.urusan])
           for u in vocabularies["urusan"].entries if u.extra.get("kelompok") == SPM_GROUP]
    return Overview(all_readiness, lacking, tasks,
                    sum(is_mandatory(e) for e in indicators), spm)


def rows_for_data(overview_: Overview, siteurl: str) -> list[dict]:
    """One row per innovation for the open data (CSV/JSON), stable keys."""
    rows = []
    for r in overview_.readiness:
        i = r.innovation
        rows.append({
            "id": i.id,
            "url": f"{siteurl}/{i.url}",
            "nama": i.nama,
            "perangkat_daerah": i.perangkat_daerah.slug,
            "perangkat_daerah_nama": i.perangkat_daerah.nama,
            "tahapan": i.tahapan.slug,
            "indikator_berbukti": r.berbukti,
            "indikator_jumlah": r.jumlah,
            "wajib_belum_berbukti": [e.slug for e in r.wajib_kurang],
            "belum_berbukti": [e.slug for e in r.kurang],
            "contoh": i.contoh,
            "berkas_data": i.source_path,
            "baris": i.baris_bukti,
        })
    return rows


GAP_CODE = "INV030"


def gap_warnings(document: dict) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """Missing mandatory evidence, from data/kesiapan-iid.json, grouped by office (by name):
    [(office name, [(record file, line, message)])]; `invoke check` shows them as warnings."""
    names = {e["slug"]: e["nama"] for e in document.get("indikator", [])}
    groups: dict[str, list] = {}
    for row in document.get("inovasi", []):
        missing = row.get("wajib_belum_berbukti") or []
        if not missing:
            continue
        office = row["perangkat_daerah_nama"]
        groups.setdefault(office, []).append((
            row["berkas_data"], row["baris"],
            f"{office}: indikator wajib IID belum berbukti di '{row['nama']}': "
            f"{', '.join(names.get(slug, slug) for slug in missing)}; lampirkan dokumen "
            "(dokumen: dokumen/<nama berkas>) atau tautan di 'bukti_dukung' (ditemukan: "
            f"{row['indikator_berbukti']} dari {row['indikator_jumlah']} indikator berbukti)"))
    return sorted(groups.items(), key=lambda item: item[0].casefold())
