"""Open data files: every record as JSON and as CSV. Pure, no Pelican import.

Keys are stable: every record carries every field of the schema, in the schema's order
(absent optional fields are null), after `id` and `url`.
"""

from __future__ import annotations

import csv
import io
import json

LICENCE = "CC BY 4.0"


def field_order(schema: dict) -> list[str]:
    return list(schema["properties"])


def record_rows(innovations: list, schema: dict, siteurl: str) -> list[dict]:
    """One dict per innovation with all fields in a fixed order."""
    keys = field_order(schema)
    rows = []
    for innovation in innovations:
        row = {"id": innovation.id, "url": f"{siteurl}/{innovation.url}"}
        for key in keys:
            row[key] = innovation.data.get(key)
        rows.append(row)
    return rows


def as_json(innovations: list, schema: dict, vocabularies: dict, siteurl: str,
            licence: str = LICENCE) -> str:
    labels = {name: {e.slug: e.nama for e in v.entries}
              for name, v in sorted(vocabularies.items())}
    latest = max((i.diperbarui for i in innovations), default=None)
    document = {
        "judul": "Inovasi daerah Kabupaten Sabu Raijua",
        "lisensi": licence,
        "skema": f"{siteurl}/data/inovasi.schema.json",
        "diperbarui": latest.isoformat() if latest else None,
        "jumlah": len(innovations),
        "inovasi": record_rows(innovations, schema, siteurl),
        "kosakata": labels,
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def as_csv(innovations: list, schema: dict, siteurl: str) -> str:
    """A row per record; lists joined with '; ', nested fields as 'a | b'."""
    keys = field_order(schema)
    columns = ["id", "url", "perangkat_daerah_nama", "tahapan_nama", "urusan_utama_nama",
               "kecamatan_nama"]
    for key in keys:
        if key == "lokasi":
            columns += ["lokasi.kecamatan", "lokasi.keterangan"]
        else:
            columns.append(key)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for innovation, row in zip(innovations, record_rows(innovations, schema, siteurl)):
        lokasi = row.pop("lokasi") or {}
        cells = [_cell(row.pop("id")), _cell(row.pop("url")),
                 _cell(innovation.perangkat_daerah.nama), _cell(innovation.tahapan.nama),
                 _cell(innovation.urusan_utama.nama),
                 _cell([k.nama for k in innovation.kecamatan])]
        for key in keys:
            if key == "lokasi":
                cells += [_cell(lokasi.get("kecamatan")), _cell(lokasi.get("keterangan"))]
            else:
                cells.append(_cell(row.get(key)))
        writer.writerow(cells)
    return buffer.getvalue()


# OWASP CSV injection: a cell starting with one of these is run as a formula (or DDE
# command) by spreadsheets; a leading apostrophe makes it text. Numbers stay numbers.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = _text(value)
    if text.startswith(FORMULA_LEADS):
        text = "'" + text
    return text


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " | ".join(_text(item) for item in value.values())
    return str(value)


# -- readiness for the IID assessment (readiness.rows_for_data) ----------------------------
READINESS_COLUMNS = ("id", "url", "nama", "perangkat_daerah", "perangkat_daerah_nama",
                     "tahapan", "indikator_berbukti", "indikator_jumlah", "wajib_belum_berbukti", "belum_berbukti", "contoh",
                     "berkas_data", "baris")


def readiness_json(rows: list[dict], indicators, licence: str = LICENCE) -> str:
    """Per innovation: evidenced indicators and the gaps; the indicator rules beside."""
    document = {
        "judul": "Kesiapan bukti dukung Indeks Inovasi Daerah, Kabupaten Sabu Raijua",
        "keterangan": "Hitungan dan daftar, bukan nilai: indikator berbukti bila ada dokumen "
                      "atau tautan untuknya. Nilai resmi hanya dari penilaian BSKDN Kemendagri.",
        "lisensi": licence,
        "jumlah": len(rows),
        "indikator": [{"slug": e.slug, "nama": e.nama, "wajib": e.extra.get("wajib") is True,
                       "bukti": e.extra.get("bukti", []), "sumber": e.extra.get("sumber"),
                       "terverifikasi": e.extra.get("terverifikasi") is True}
                      for e in (indicators.entries if indicators else [])],
        "inovasi": [{key: row[key] for key in READINESS_COLUMNS} for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def readiness_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(READINESS_COLUMNS)
    for row in rows:
        writer.writerow([_cell(row[key]) for key in READINESS_COLUMNS])
    return buffer.getvalue()
