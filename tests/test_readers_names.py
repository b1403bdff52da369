"""The names vocabulary (content/data/nama.yaml): finding names in text, and its mistakes."""

from __future__ import annotations


import pytest
import yaml

from conftest import ROOT

from common import diagnostics
from search_index.names import NameFinder, load_names, text_of

FINDER = NameFinder(["Sabu Timur", "Sabu", "Menia", "Seba", "KemenPAN-RB", "Dinas Kesehatan"])


@pytest.mark.parametrize("text,names", [
    ("Lokakarya di <b>Menia</b>, Jumat.", ["Menia"]),
    ("Ia berharap sebagai warga.", []),  # 'ia', 'sebagai': not names
    ("Kecamatan Sabu Timur", ["Sabu Timur", "Sabu"]),  # a name inside a longer one
    ("Kecamatan Sabu\n  Timur", ["Sabu Timur", "Sabu"]),  # spaces and line breaks
    ("sabu timur", []),  # the vocabulary's own capitals: 'sabu' is a common word
    ("Menianya", []),  # whole words only
    ("(KemenPAN-RB) dan Dinas Kesehatan&nbsp;", ["KemenPAN-RB", "Dinas Kesehatan"]),
    ("Seba&#44; Menia", ["Menia", "Seba"]),  # entities decoded; vocabulary order
    ("", []),
])
def test_names_found_in_text(text, names):
    assert FINDER.find(text) == names


def test_text_of_reads_records_but_not_linked_objects():
    from dataclasses import dataclass

    @dataclass
    class Entry:
        slug: str
        nama: str

    @dataclass
    class Record:
        nama: str
        kecamatan: list
        url: str
        articles: list

    record = Record("Kartu", [Entry("menia", "Menia")], "inovasi/seba/", [object()])
    assert text_of(record) == ["Kartu", "Menia"]


@pytest.mark.parametrize("text,lines", [
    ("tempat: [Menia, Seba]\nlembaga:\n  - RSPD\n", []),
    ("tempat: [Menia\n", ["content/data/nama.yaml:2:1: galat NAM001: "]),
    ("- Menia\n", ["content/data/nama.yaml:1:1: galat NAM002: isi berkas harus berupa kelompok "
                   "berisi daftar nama, misalnya 'tempat: [Menia, Seba]' (ditemukan: daftar)"]),
    ("tempat: Menia\n", ["content/data/nama.yaml:1:9: galat NAM002: 'tempat' harus berupa daftar "
                         "nama, misalnya 'tempat: [Menia, Seba]' (ditemukan: teks)"]),
    ("tempat:\n  - Menia\n  - 12\n  - ''\n  - '..'\n", [
        "content/data/nama.yaml:3:5: galat NAM003: setiap nama di 'tempat' harus berupa teks "
        "yang tidak kosong (ditemukan: '12')",
        "content/data/nama.yaml:4:5: galat NAM003: setiap nama di 'tempat' harus berupa teks "
        "yang tidak kosong (ditemukan: '')",
        "content/data/nama.yaml:5:5: galat NAM003: nama di 'tempat' harus memuat huruf atau "
        "angka (ditemukan: '..')",
    ]),
])
def test_vocabulary_mistakes_are_diagnostics(tmp_path, monkeypatch, text, lines):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content" / "data").mkdir(parents=True)
    path = tmp_path / "content" / "data" / "nama.yaml"
    path.write_text(text, encoding="utf-8")
    diagnostics.current.clear()
    load_names(path)
    found = [str(d) for d in diagnostics.current.sorted()]
    diagnostics.current.clear()
    assert len(found) == len(lines), found
    for shown, expected in zip(found, lines):
        assert shown.startswith(expected), shown


def test_missing_vocabulary_stems_everything(tmp_path):
    assert load_names(tmp_path / "nama.yaml") == []


def test_sample_vocabulary_holds_every_kecamatan_and_office_abbreviation():
    data = ROOT / "content" / "data"
    names = set(load_names(data / "nama.yaml"))
    kecamatan = yaml.safe_load((data / "kecamatan.yaml").read_text(encoding="utf-8"))
    offices = yaml.safe_load((data / "perangkat_daerah.yaml").read_text(encoding="utf-8"))
    assert {k["nama"] for k in kecamatan} <= names
    assert {o["singkatan"] for o in offices if o.get("singkatan")} <= names
