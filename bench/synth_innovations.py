"""Deterministic synthetic innovation records for scale tests (called by bench/synth.py).

Values come from the repository's vocabularies (content/data/), which the synthetic
content tree copies, so every record is valid. Never committed: written under bench/synth/.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "content" / "data"

LAYANAN = ["Posyandu", "Sekolah", "Kartu", "Klinik", "Pojok Baca", "Lumbung", "Pasar",
           "Kantor Desa", "Layanan Adminduk", "Bank Sampah", "Kebun Gizi", "Rumah Tenun"]
SIFAT = ["Keliling", "Digital", "Terpadu", "Ramah Disabilitas", "Sore", "Pintar", "Sehat",
         "Bersama", "Siaga", "Mandiri", "Terbuka", "Cepat"]
TEMPAT = ["Desa", "Pesisir", "Dusun", "Warga", "Nelayan", "Petani", "Lontar", "Kampung"]
KALIMAT = [
    "Warga di dusun terpencil sering harus menempuh perjalanan jauh untuk mendapat layanan.",
    "Petugas mendatangi warga sesuai jadwal yang diumumkan lewat gereja dan kantor desa.",
    "Data layanan dicatat rapi sehingga perangkat daerah dapat merencanakan pendampingan.",
    "Kader desa dilatih agar layanan tetap berjalan ketika petugas dinas tidak datang.",
    "Jadwal dan hasil layanan disiarkan lewat radio agar warga tanpa internet tetap tahu.",
    "Penyandang disabilitas dan warga lanjut usia mendapat pendampingan khusus.",
    "Biaya perjalanan warga berkurang dan waktu tunggu layanan menjadi lebih pendek.",
    "Perangkat daerah menilai pelaksanaan setiap tiga bulan bersama pemerintah desa.",
]
KELOMPOK = ["Balita", "Ibu hamil", "Nelayan", "Petani", "Pelajar SD", "Penyandang disabilitas",
            "Warga lanjut usia", "Kelompok penyadap lontar"]


def _slugs(name: str) -> list[str]:
    return [str(e["slug"]) for e in yaml.safe_load((DATA / f"{name}.yaml").read_text("utf-8"))]


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.sample(KALIMAT, sentences))


def _record(rng: random.Random, number: int, v: dict) -> dict:
    name = f"{rng.choice(LAYANAN)} {rng.choice(SIFAT)} {rng.choice(TEMPAT)} {number}"
    stage = rng.choice(v["tahapan"])
    record = {
        "nama": name,
        "contoh": True,
        "ringkasan": _paragraph(rng, 2),
        "perangkat_daerah": rng.choice(v["perangkat_daerah"]),
        "tahapan": stage,
        "inisiator": rng.choice(v["inisiator"]),
        "jenis": rng.choice(v["jenis"]),
        "bentuk": rng.choice(v["bentuk"]),
        "urusan_utama": rng.choice(v["urusan"]),
        "urusan_lain": rng.sample(v["urusan"], rng.randrange(0, 3)),
        "tematik": rng.sample(v["tematik"], rng.randrange(1, 3)),
        "rancang_bangun": "\n\n".join(_paragraph(rng, 3) for _ in range(3)),
        "tujuan": _paragraph(rng, 2),
        "manfaat": "\n".join(f"- {s}" for s in rng.sample(KALIMAT, 3)),
        "penerima_manfaat": [{"kelompok": k, "jumlah": rng.randrange(10, 3000), "satuan": "orang"}
                             for k in rng.sample(KELOMPOK, rng.randrange(1, 3))],
        "lokasi": {"kecamatan": rng.sample(v["kecamatan"], rng.randrange(1, 4))},
        "sdgs": sorted(rng.sample(range(1, 18), rng.randrange(1, 4))),
        "tag": rng.sample(["stunting", "gizi", "nelayan", "lontar", "pendidikan", "adminduk",
                           "disabilitas", "pengaduan"], 2),
        "status_keberlanjutan": rng.choice(v["status_keberlanjutan"]),
        "diperbarui": dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 600)),
    }
    if stage != "inisiatif":
        trial = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 2200))
        record["waktu_uji_coba"] = trial
        if stage == "penerapan":
            record["waktu_penerapan"] = trial + dt.timedelta(days=rng.randrange(30, 400))
            record["hasil"] = _paragraph(rng, 2)
    if rng.random() < 0.2:
        record["predikat"] = [{"tahun": 2024, "nilai": rng.choice(v["predikat"])}]
    return record


def write_innovations(out_dir: Path, count: int, rng: random.Random) -> int:
    """Write `count` valid records into <out_dir>/inovasi/ (or into out_dir when it is one)."""
    out_dir = Path(out_dir)
    folder = out_dir if out_dir.name == "inovasi" else out_dir / "inovasi"
    folder.mkdir(parents=True, exist_ok=True)
    vocabularies = {name: _slugs(name) for name in (
        "tahapan", "perangkat_daerah", "inisiator", "jenis", "bentuk", "urusan", "tematik",
        "kecamatan", "status_keberlanjutan", "predikat")}
    for number in range(1, count + 1):
        record = _record(rng, number, vocabularies)
        text = ("# yaml-language-server: $schema=../../plugins/innovations/inovasi.schema.json\n"
                + yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100))
        (folder / f"inovasi-sintetis-{number:04d}.yaml").write_text(text, encoding="utf-8")
    return count
