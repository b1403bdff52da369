"""Diagnostics as data (issue 22, point 2): one registry of codes, the forms a check
prints (text for people, JSON Lines and GitHub/Forgejo annotations for tools), the file
a build writes its diagnostics to (read by check, publish and the preview instead of its
printed text), and the guide's table of codes rendered from the registry.

One fixture build of several broken files serves every format test.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_site

from common import codes, diagnostic_data
from common.diagnostics import Diagnostic
from newsroom import check

CODE = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
NOT_OURS = {"BLE001"}  # ruff's, in `noqa` comments


def codes_in_source(text: str) -> set[str]:
    """Every string literal of Python source that is a diagnostic code, wherever it is
    used: record()/warn() arguments, Problem(...), tables of codes, raise Refusal(...)."""
    return {node.value for node in ast.walk(ast.parse(text))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and CODE.match(node.value)} - NOT_OURS


def codes_in_plugins() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "plugins").rglob("*.py")):
        if path.name == "codes.py" and path.parent.name == "common":
            continue  # the registry itself
        for code in codes_in_source(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(path.relative_to(ROOT).as_posix())
    return found


# --- The registry ------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ('diagnostics.record(p, 1, 2, "BRT004", "x")', {"BRT004"}),
    ('raise Refusal(where, "TRB009", "x")', {"TRB009"}),
    ('return "HTM001", "skrip"', {"HTM001"}),
    ('x = 1  # noqa: BLE001', set()),
    ('"""Mentions BRT004 in prose."""', set()),
    ('warn(p, 0, 0, f"{code}", "x")', set()),
])
def test_codes_are_found_in_source(source, expected):
    assert codes_in_source(source) == expected


def test_every_code_recorded_in_plugins_is_registered():
    unregistered = {code: where for code, where in codes_in_plugins().items()
                    if code not in codes.CODES}
    assert unregistered == {}


def test_every_registered_code_is_used():
    used = codes_in_plugins()
    assert sorted(set(codes.CODES) - set(used)) == []


def test_an_unregistered_code_would_fail_the_check():
    # The check above is not vacuous: a record() with a new code is caught.
    new = codes_in_source('diagnostics.record(path, 3, 1, "BRT099", "pesan baru")')
    assert new - set(codes.CODES) == {"BRT099"}


def test_every_code_has_a_severity_title_and_help():
    for entry in codes.CODES.values():
        assert CODE.match(entry.code), entry
        assert entry.severity in ("galat", "peringatan", codes.BOTH), entry
        assert entry.title and "\n" not in entry.title and len(entry.title) <= 80, entry
        assert entry.help.endswith("."), entry


# --- The forms ---------------------------------------------------------------------------

def test_github_annotations_escape_messages_and_properties():
    found = Diagnostic("content/a, b:c%.md", 3, 4, "BRT004", "satu\nb: c, 100%\r",
                       "galat")
    assert diagnostic_data.github_line(found) == (
        "::error file=content/a%2C b%3Ac%25.md,line=3,col=4,title=BRT004::"
        "satu%0Ab: c, 100%25%0D")


@pytest.mark.parametrize("found, line", [
    (Diagnostic("content/x.md", 0, 0, "CNT002", "pindahkan", "galat"),
     "::error file=content/x.md,title=CNT002::pindahkan"),
    (Diagnostic("content/x.md", 7, 0, "HTM001", "dibuang", "peringatan"),
     "::warning file=content/x.md,line=7,title=HTM001::dibuang"),
])
def test_github_annotations_name_only_what_is_known(found, line):
    assert diagnostic_data.github_line(found) == line


def test_json_lines_round_trip(tmp_path):
    found = [Diagnostic("content/b.md", 2, 7, "BRT004", "tanggal: 'x'\nlanjut", "galat"),
             Diagnostic("content/a.md", 5, 1, "HTM001", "skrip ✓", "peringatan")]
    path = tmp_path / "d.jsonl"
    diagnostic_data.write_file(path, found)
    assert diagnostic_data.read_file(path) == sorted(found)
    assert [d.severity for d in diagnostic_data.read_file(path)] == ["peringatan", "galat"]
    assert len(path.read_text("utf-8").splitlines()) == 2
    assert diagnostic_data.read_file(tmp_path / "tidak-ada.jsonl") is None


BAD_DATE = """Title: Rapat Desa
Date: 3 Maret 2023
Category: Politik
Author: Maria
Summary: Ringkasan.

Isi berita.
"""

UNSAFE = """Title: Skrip
Date: 2023-03-03 10:00
Category: Pemerintahan
Author: Maria
Summary: Ringkasan.

Isi berita.

<script>alert(1)</script>
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> tuple[Path, check.CheckResult]:
    site = make_site(tmp_path_factory.mktemp("data") / "site", {
        "content/berita/rapat.md": BAD_DATE,
        "content/berita/skrip.md": UNSAFE,
    })
    return site, check.check_site(site, site.parent / "situs")


EXPECTED = [
    ("content/berita/rapat.md", 2, 7, "galat", "BRT004", "Tanggal salah format",
     "'Date' harus berformat TTTT-BB-HH JJ:MM dalam WITA, misalnya 2023-03-03 10:00 "
     "(ditemukan: '3 Maret 2023')"),
    ("content/berita/rapat.md", 3, 11, "galat", "BRT006", "Kategori tidak terdaftar", None),
    ("content/berita/skrip.md", 9, 1, "peringatan", "HTM001", "Skrip dibuang",
     "skrip <script> dibuang dari halaman: isi situs tidak boleh menjalankan skrip "
     "(ditemukan: '<script>')"),
]


def test_a_check_reads_the_build_diagnostics_as_data(broken):
    site, result = broken
    assert not result.built
    assert [(d.path, d.line, d.column, d.severity, d.code) for d in result.diagnostics] == \
        [entry[:5] for entry in EXPECTED]
    # The data is what the build printed for people, line for line.
    printed = [line for line in result.build_log.splitlines()
               if re.search(r": (galat|peringatan) [A-Z]+\d+: ", line)]
    assert printed == [str(d) for d in result.diagnostics]
    # and it was written beside the staging folder, then removed.
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_json_format_is_one_object_per_diagnostic(broken):
    _, result = broken
    lines = check.report(result, "json").splitlines()
    objects = [json.loads(line) for line in lines]
    assert [list(o) for o in objects] == [
        ["path", "line", "column", "severity", "code", "title", "message"]] * 3
    for found, (path, line, column, severity, code, title, message) in zip(objects, EXPECTED):
        assert (found["path"], found["line"], found["column"], found["severity"],
                found["code"], found["title"]) == (path, line, column, severity, code, title)
        if message:
            assert found["message"] == message
    assert objects[1]["message"].startswith("'Category' harus salah satu dari ")


def test_github_format_annotates_each_line(broken):
    _, result = broken
    assert check.report(result, "github").splitlines() == [
        "::error file=content/berita/rapat.md,line=2,col=7,title=BRT004::'Date' harus "
        "berformat TTTT-BB-HH JJ:MM dalam WITA, misalnya 2023-03-03 10:00 (ditemukan: "
        "'3 Maret 2023')",
        "::error file=content/berita/rapat.md,line=3,col=11,title=BRT006::"
        + diagnostic_data.escape_data(result.diagnostics[1].message),
        "::warning file=content/berita/skrip.md,line=9,col=1,title=HTM001::skrip <script> "
        "dibuang dari halaman: isi situs tidak boleh menjalankan skrip (ditemukan: "
        "'<script>')",
    ]


def test_the_text_format_is_unchanged(broken):
    _, result = broken
    assert check.report(result).splitlines() == [
        "Pemeriksaan menemukan 2 kesalahan. Perbaiki semuanya, lalu periksa lagi dengan: "
        "invoke check",
        *[str(d) for d in result.diagnostics],
        "Tautan dan gambar diperiksa setelah kesalahan di atas diperbaiki.",
    ]


INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]


def test_invoke_check_format_json_prints_data_on_stdout(broken):
    site, result = broken
    done = subprocess.run([*INVOKE, "check", "--folder", str(site), "--format", "json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1
    assert done.stdout.splitlines() == check.report(result, "json").splitlines()
    assert done.stderr == ""


def test_invoke_check_refuses_an_unknown_format(tmp_path):
    done = subprocess.run([*INVOKE, "check", "--folder", str(tmp_path), "--format", "xml"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 2
    assert done.stderr.strip() == ("galat: --format harus salah satu dari text, json, github "
                                   "(ditemukan: 'xml')")


# --- The guide's table -------------------------------------------------------------------

def test_the_guide_marker_is_replaced_by_the_registry_table():
    html = "<p>Sebelum</p>\n<p>[[daftar-kode-pesan]]</p>\n<p>Sesudah</p>"
    placed = codes.place_table(html)
    assert "[[daftar-kode-pesan]]" not in placed
    assert placed.startswith("<p>Sebelum</p>\n<table") and placed.endswith("<p>Sesudah</p>")
    assert codes.place_table("<p>tanpa penanda</p>") == "<p>tanpa penanda</p>"


def test_the_guide_lists_every_registered_code(sample_build):
    page = sample_build.html("panduan/index.html")
    assert "[[daftar-kode-pesan]]" not in page.get_text()
    tables = page.select("table.daftar-kode")
    assert len(tables) == 1
    rows = [[cell.get_text() for cell in row.find_all(["th", "td"])]
            for row in tables[0].select("tbody tr")]
    assert rows == [[c.code, c.severity, c.title, c.help]
                    for c in sorted(codes.CODES.values(), key=lambda c: c.code)]
