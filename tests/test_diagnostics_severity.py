"""Every diagnostic is reported with the severity its code has in the registry
(plugins/common/codes.py; issue 22, point 4): warn() only with a warning's code, record()
and a Problem only with an error's, unless the registry marks the code as both.

Checked twice: in the source, at every call that names its code and severity (record,
warn, Problem, Diagnostic, Translation, the refusals), and on what builds report: every
in-process build of the test suite (conftest.run_build) fails a test whose diagnostics
disagree with the registry, and a broken fixture build is checked here.
"""

from __future__ import annotations

import ast
import io

import pytest
from PIL import Image

from conftest import ROOT, make_site

from common import codes
from common.diagnostics import ERROR, WARNING, Diagnostic, Problem

def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 200)).save(out, "PNG")
    return out.getvalue()


SEVERITY_NAMES = {"ERROR": ERROR, "WARNING": WARNING}

# Where each kind of call takes its code and its severity (None: always that severity).
# (code index, severity index or keyword default)
CALLS: dict[str, tuple[int, int | None, str]] = {
    "warn": (3, None, WARNING),
    "record": (3, 5, ERROR),
    "Problem": (2, 4, ERROR),
    "Diagnostic": (3, 5, ERROR),
    "Translation": (0, 1, ERROR),
    "Refusal": (1, None, ERROR),  # newsroom/destination.py: a diagnostic line, an error
    "Refused": (1, None, ERROR),  # newsroom/editor_rules.py: "galat CODE: ..."
}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def reported_severities(source: str) -> list[tuple[int, str, str]]:
    """(line, code, severity) of each call in Python source that names a registered-looking
    code as a literal; the severity is 'unknown' when it is not written as ERROR/WARNING."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or _name(node.func) not in CALLS:
            continue
        code_at, severity_at, default = CALLS[_name(node.func)]
        if len(node.args) <= code_at:
            continue
        code = node.args[code_at]
        if not (isinstance(code, ast.Constant) and isinstance(code.value, str)
                and code.value[:2].isupper() and code.value[-3:].isdigit()):
            continue
        given = None
        if severity_at is not None and len(node.args) > severity_at:
            given = node.args[severity_at]
        for keyword in node.keywords:
            if keyword.arg == "severity":
                given = keyword.value
        severity = default if given is None else SEVERITY_NAMES.get(_name(given) or "",
                                                                     "unknown")
        found.append((node.lineno, code.value, severity))
    return found


def disagreements(sources: dict[str, str]) -> list[str]:
    """'file:line: CODE as SEVERITY, registered as ...' for each call of `sources` (name ->
    Python text) whose code is not registered with that severity."""
    wrong = []
    for name, text in sources.items():
        for line, code, severity in reported_severities(text):
            if not codes.agrees(code, severity):
                registered = codes.lookup(code)
                wrong.append(f"{name}:{line}: {code} as {severity}, registered as "
                             f"{registered.severity if registered else 'nothing'}")
    return wrong


def test_every_call_reports_its_code_with_the_registered_severity():
    sources = {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
               for path in sorted((ROOT / "plugins").rglob("*.py"))}
    assert disagreements(sources) == []


def test_the_source_check_finds_calls_of_every_kind():
    calls = reported_severities(
        'diagnostics.warn(p, 1, 1, "BRT004", "x")\n'
        'diagnostics.record(p, 1, 1, "HTM001", "x")\n'
        'record(p, 1, 1, "BRT041", "x", diagnostics.WARNING)\n'
        'Problem(1, 1, "BRT041", "x", WARNING)\n'
        'Problem(1, 1, "INV002", "x")\n'
        'Diagnostic(p, 0, 0, "TRB001", "x", severity=level)\n'
        'Translation("SIT002", diagnostics.WARNING, "x")\n'
        'raise Refusal(shown, "TRB002", "x")\n'
        'warn(p, 0, 0, f"{code}", "x")\n')
    assert calls == [(1, "BRT004", WARNING), (2, "HTM001", ERROR), (3, "BRT041", WARNING),
                     (4, "BRT041", WARNING), (5, "INV002", ERROR), (6, "TRB001", "unknown"),
                     (7, "SIT002", WARNING), (8, "TRB002", ERROR)]


@pytest.mark.parametrize("call, expected", [
    ('diagnostics.warn(p, 1, 1, "BRT004", "x")', "BRT004 as peringatan, registered as galat"),
    ('diagnostics.record(p, 1, 1, "HTM001", "x")', "HTM001 as galat, registered as peringatan"),
    ('Problem(1, 1, "BRT041", "x")', "BRT041 as galat, registered as peringatan"),
    ('Diagnostic(p, 0, 0, "TRB001", "x", severity=level)',
     "TRB001 as unknown, registered as galat"),
    ('diagnostics.warn(p, 1, 1, "BRT999", "x")', "BRT999 as peringatan, registered as nothing"),
])
def test_a_call_that_disagrees_is_caught(call, expected):
    # The check is not vacuous: each of these fails it.
    assert disagreements({"plugins/contoh.py": "x = 1\n" + call + "\n"}) == \
        [f"plugins/contoh.py:2: {expected}"]


def test_the_registry_says_which_severities_a_code_allows():
    assert codes.agrees("BRT004", ERROR) and not codes.agrees("BRT004", WARNING)
    assert codes.agrees("HTM001", WARNING) and not codes.agrees("HTM001", ERROR)
    # {filename} to a file that is no page: an error where the news reader checks links,
    # a warning where Pelican reports one (build_report/net.py).
    assert codes.CODES["LNK003"].severity == codes.BOTH
    assert codes.agrees("LNK003", ERROR) and codes.agrees("LNK003", WARNING)
    assert not codes.agrees("BRT999", ERROR)


def test_a_problem_becomes_a_diagnostic_at_a_file():
    problem = Problem(3, 7, "BRT041", "judul berisi karakter tak terlihat", WARNING)
    assert str(problem.at("content/berita/a.md")) == \
        "content/berita/a.md:3:7: peringatan BRT041: judul berisi karakter tak terlihat"
    assert problem.at("content/berita/a.md") == Diagnostic(
        "content/berita/a.md", 3, 7, "BRT041", "judul berisi karakter tak terlihat", WARNING)


def test_a_broken_build_reports_every_code_with_its_registered_severity(tmp_path):
    # An article with an error (unknown category), one with a warning only (a script
    # removed), and one linking a photo with {filename}: the reader's LNK003 is an error.
    from newsroom.api import build_site

    folder = make_site(tmp_path / "site", {
        "content/berita/salah.md": "Title: Salah\nDate: 2024-01-02\nCategory: Tidak Ada\n\n"
                                   "Isi.\n",
        "content/berita/skrip.md": "Title: Skrip\nDate: 2024-01-02\nCategory: Kesehatan\n\n"
                                   "Isi <script>alert(1)</script> di sini.\n",
        "content/berita/tautan.md": "Title: Tautan\nDate: 2024-01-02\nCategory: Kesehatan\n\n"
                                    "Lihat [peta]({filename}/images/peta.png).\n",
        "content/images/peta.png": png(),
    })
    result = build_site(folder, settings_file=str(ROOT / "pelicanconf.py"), content="content",
                        output="output")
    assert [str(d) for d in result.diagnostics
            if not codes.agrees(d.code, d.severity)] == []
    assert [str(d) for d in result.diagnostics] == [
        "content/berita/salah.md:3:11: galat BRT006: 'Category' harus salah satu dari "
        "Pemerintahan, Kesehatan, Pertanian dan Perikanan (ditemukan: 'Tidak Ada'); daftar "
        "kategori ada di content/data/kategori.yaml",
        "content/berita/skrip.md:5:5: peringatan HTM001: skrip <script> dibuang dari halaman: "
        "isi situs tidak boleh menjalankan skrip (ditemukan: '<script>')",
        "content/berita/tautan.md:5:14: galat LNK003: {filename} hanya untuk berita dan "
        "halaman (.md); untuk berkas lain pakai {static} (ditemukan: "
        "'{filename}/images/peta.png')",
    ]
