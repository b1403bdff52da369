"""Bounded work: YAML that would blow up memory, the stack or the clock is a diagnostic.

The loader's limits are tested on their own (pure, fast); then one build holds every
hostile record at once and must list them all, exactly, without a traceback.
"""

from __future__ import annotations


import pytest

from conftest import make_site
from quality.builds import run_build_without_search as run_build  # bounds, not search


from common import yamlmarks
from common.yamlmarks import Limits, YamlProblem

LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
    for i in range(8))
DEEP_FLOW = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"  # libyaml's composer segfaults
DEEP_BLOCK = "".join(" " * (2 * i) + "- \n" for i in range(60))
MERGES = "base: &b {x: 1}\nlain:\n  <<: *b\n  y: 2\n"

TOO_DEEP = ("susunan bertingkat terlalu dalam: paling banyak 40 tingkat daftar atau pasangan "
            "di dalam yang lain (ditemukan: lebih dari 40 tingkat)")
TOO_MANY_COPIES = ("alias YAML ('*nama') menyalin terlalu banyak nilai: paling banyak 10.000 "
                   "nilai salinan; tulis nilainya langsung tanpa '&' dan '*' (ditemukan: lebih "
                   "dari 10.000)")
SELF_ALIAS = ("alias YAML ('*nama') menunjuk dirinya sendiri atau bertingkat lebih dari 40 "
              "tingkat (ditemukan: susunan tanpa ujung)")


@pytest.mark.parametrize("text, line, column, message", [
    (LAUGHS, 5, 1, TOO_MANY_COPIES),  # at the field whose value copies too much
    (DEEP_FLOW, 1, 43, TOO_DEEP),
    (DEEP_BLOCK, 41, 81, TOO_DEEP),
    ("a: &a [*a]\n", 1, 1, SELF_ALIAS),
    ("a: &a {b: *a}\n", 1, 1, SELF_ALIAS),
    ("a: " + "x" * 1_100_000 + "\n", 1, 1,
     "berkas terlalu besar: paling banyak 1.024 KB; pecah isinya atau pindahkan lampiran ke "
     "berkas lain (ditemukan: 1.075 KB)"),
])
def test_hostile_yaml_is_a_problem_not_a_crash(text, line, column, message):
    with pytest.raises(YamlProblem) as raised:
        yamlmarks.load(text)
    assert (raised.value.line, raised.value.column, raised.value.message) == \
        (line, column, message)


def test_values_are_counted_with_aliases_expanded():
    text = "a: &a [1, 2, 3, 4, 5]\nb: [*a, *a, *a]\n"
    with pytest.raises(YamlProblem) as raised:
        yamlmarks.load(text, Limits(max_nodes=15))
    assert raised.value.message.startswith("berkas memuat terlalu banyak nilai: paling banyak 15")


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize("text, expected", [
    (MERGES, {"base": {"x": 1}, "lain": {"x": 1, "y": 2}}),
    ("a: &x teks\nb: *x\n", {"a": "teks", "b": "teks"}),
    ("a: " + "[" * 39 + "]" * 39 + "\n", {"a": nested(38)}),  # 40 levels with the mapping
    ("teks: '[[[[{{{{ tanda kurung di dalam teks'\n",
     {"teks": "[[[[{{{{ tanda kurung di dalam teks"}),
])
def test_ordinary_records_stay_within_the_limits(text, expected):
    data, _marks = yamlmarks.load(text)
    assert data == expected


VALID = """\
nama: Inovasi Uji
ringkasan: Ringkasan singkat.
perangkat_daerah: dinas-kesehatan
tahapan: uji_coba
inisiator: asn
jenis: digital
bentuk: pelayanan_publik
urusan_utama: kesehatan
rancang_bangun: Rancang bangun.
tujuan: Tujuan.
manfaat: Manfaat.
lokasi:
  kecamatan: [raijua]
diperbarui: 2025-01-01
"""
R = "content/inovasi/"


def test_hostile_records_are_listed_together_and_nothing_is_written(tmp_path):
    """Each hostile record is one exact line; the build ends at once, without a traceback."""
    files = {
        R + "tawa.yaml": VALID + "lampiran:\n" + "".join("  " + line + "\n"
                                                         for line in LAUGHS.splitlines()),
        R + "dalam.yaml": VALID + "lampiran: " + "[" * 50_000 + "]" * 50_000 + "\n",
        R + "diri.yaml": VALID + "lampiran: &a [*a]\n",
        R + "besar.yaml": VALID + "catatan: " + "x" * 1_100_000 + "\n",
        # Not YAML, but a mistake of the same build: a photo named by its site path is
        # checked like {static} (it was published as a dead link before).
        "content/berita/jalur.md": "Title: Jalur Foto\nDate: 2024-05-01 10:00\n"
                                   "Category: Pemerintahan\n\nTeks.\n\n"
                                   "![Peta kecamatan](/images/tidak-ada.jpg)\n",
    }
    build = run_build(make_site(tmp_path / "site", files, base="innovation_base"))
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert build.error_lines == [
        "content/berita/jalur.md:7:1: galat IMG001: gambar di isi: gambar "
        "'images/tidak-ada.jpg' tidak ditemukan; simpan berkasnya sebagai "
        "content/images/tidak-ada.jpg atau perbaiki nama berkasnya",
        f"{R}besar.yaml:1:1: galat INV002: berkas terlalu besar: paling banyak 1.024 KB; "
        "pecah isinya atau pindahkan lampiran ke berkas lain (ditemukan: 1.075 KB)",
        f"{R}dalam.yaml:15:50: galat INV002: {TOO_DEEP}",
        f"{R}diri.yaml:15:1: galat INV002: {SELF_ALIAS}",
        f"{R}tawa.yaml:15:1: galat INV002: {TOO_MANY_COPIES}",
    ]
    assert not (build.output / "index.html").exists()
