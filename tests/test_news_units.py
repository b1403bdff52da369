"""Pure functions of the news plugin and plugins/common, as tables."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest


from common import dates, diagnostics, settings, vocab, yamlmarks
from news.feeds import absolute_url
from news.header import check_header, parse_date, read_header
from news.related import related_by_tags
from news.unique import clashes

WITA = ZoneInfo("Asia/Makassar")
CATEGORIES = ["Pemerintahan", "Kesehatan"]
GOOD = "Title: Kabar\nDate: 2023-03-03 10:00\nCategory: Kesehatan\n"


# --- header.read_header ------------------------------------------------------------------

@pytest.mark.parametrize("text, key, value, line, column", [
    ("Title: Pasar Seba\n\nIsi", "title", "Pasar Seba", 1, 8),
    ("Title:   Pasar Seba  \n", "title", "Pasar Seba", 1, 10),
    ("---\nTitle: Pasar\n---\nIsi", "title", "Pasar", 2, 8),
    ("Title: A\nSummary: satu\n    dua\n", "summary", "satu dua", 2, 10),
    ("TITLE: Besar\n", "title", "Besar", 1, 8),
    ("Cover_Alt: Foto\n", "cover_alt", "Foto", 1, 12),
    ("Title:\n", "title", "", 1, 7),
])
def test_read_header_fields(text, key, value, line, column):
    field = read_header(text)[key]
    assert (field.value, field.line, field.column) == (value, line, column)


@pytest.mark.parametrize("text, keys", [
    ("Title: A\n\nDate: 2023-01-01\n", ["title"]),   # the header ends at a blank line
    ("Isi berita tanpa kepala.\n", []),
    ("Title: A\nTitle: B\n", ["title"]),
    ("", []),
])
def test_read_header_stops_where_the_header_ends(text, keys):
    assert list(read_header(text)) == keys


def test_read_header_keeps_the_first_duplicate():
    assert read_header("Title: A\nTitle: B\n")["title"].value == "A"


# --- header.parse_date -------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2023-03-03", dt.datetime(2023, 3, 3)),
    ("2023-03-03 09:30", dt.datetime(2023, 3, 3, 9, 30)),
    ("2023-03-03T09:30", dt.datetime(2023, 3, 3, 9, 30)),
    ("2023-03-03 09:30:15", dt.datetime(2023, 3, 3, 9, 30, 15)),
    ("2024-02-29 10:00", dt.datetime(2024, 2, 29, 10, 0)),
    ("2023-02-29 10:00", None),
    ("2023-02-30", None),
    ("2023-13-01", None),
    ("2023-03-03 24:00", None),
    ("2023-3-3", None),
    ("3 Maret 2023", None),
    ("2023/03/03", None),
    ("2023-03-03 10.00", None),
    ("2023-03-03 10:00 WITA", None),
    ("", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


# --- header.check_header -----------------------------------------------------------------

def codes(text: str, categories=CATEGORIES) -> list[tuple[str, int, int]]:
    problems = check_header(read_header(text), categories, "data/kategori.yaml")
    return [(p.code, p.line, p.column) for p in problems]


@pytest.mark.parametrize("text, expected", [
    (GOOD, []),
    (GOOD.replace("Kesehatan", "kesehatan"), []),
    (GOOD + "Cover: a.jpg\nCover_Alt: Foto pasar\n", []),
    (GOOD.replace("Title: Kabar\n", ""), [("BRT001", 1, 1)]),
    (GOOD.replace("Title: Kabar", "Title:"), [("BRT002", 1, 7)]),
    (GOOD.replace("Date: 2023-03-03 10:00\n", ""), [("BRT003", 1, 1)]),
    (GOOD.replace("2023-03-03 10:00", "besok"), [("BRT004", 2, 7)]),
    (GOOD.replace("2023-03-03 10:00", "2023-02-30 10:00"), [("BRT004", 2, 7)]),
    (GOOD.replace("Category: Kesehatan\n", ""), [("BRT005", 1, 1)]),
    (GOOD.replace("Kesehatan", ""), [("BRT005", 3, 11)]),
    (GOOD.replace("Kesehatan", "Politik"), [("BRT006", 3, 11)]),
    (GOOD + "Cover: a.jpg\n", [("BRT007", 4, 8)]),
    (GOOD + "Tagz: a\n", [("BRT009", 4, 1)]),
    ("Judul: A\n", [("BRT009", 1, 1), ("BRT001", 1, 1), ("BRT003", 1, 1), ("BRT005", 1, 1)]),
])
def test_check_header(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize("key, hint", [
    ("Tagz", "mungkin maksudnya 'Tags'?"),
    ("Autor", "mungkin maksudnya 'Author'?"),
    ("Sumary", "mungkin maksudnya 'Summary'?"),
    ("Cover-Alt", "mungkin maksudnya 'Cover_Alt'?"),
])
def test_unknown_field_suggests_the_nearest(key, hint):
    problem = check_header(read_header(GOOD + f"{key}: x\n"), CATEGORIES, "k.yaml")[0]
    assert hint in problem.message


def test_found_value_is_quoted_in_the_message():
    problem = check_header(read_header(GOOD.replace("Kesehatan", "Politik")),
                           CATEGORIES, "k.yaml")[0]
    assert "(ditemukan: 'Politik')" in problem.message
    assert "Pemerintahan, Kesehatan" in problem.message


# --- related.related_by_tags -------------------------------------------------------------

ITEMS = [
    ("a", 100.0, ["pasar", "seba"]),
    ("b", 200.0, ["pasar"]),
    ("c", 300.0, ["pasar", "seba"]),
    ("d", 400.0, ["posyandu"]),
    ("e", 150.0, ["seba"]),
]


@pytest.mark.parametrize("key, count, expected", [
    ("a", 4, ["c", "e", "b"]),    # two shared tags first, then nearer in time
    ("c", 4, ["a", "b", "e"]),
    ("b", 4, ["a", "c"]),         # equally shared, equally near: input order
    ("d", 4, []),
    ("a", 1, ["c"]),
    ("a", 0, []),
])
def test_related_by_tags(key, count, expected):
    assert related_by_tags(ITEMS, count)[key] == expected


def test_related_weighs_only_a_window_of_each_tag():
    items = [(n, float(n), ["umum"]) for n in range(200)]
    related = related_by_tags(items, 3)
    assert related[100] == [99, 101, 98]
    assert all(len(v) == 3 for v in related.values())


def test_related_answer_is_kept_only_for_the_same_dates_and_tags(monkeypatch):
    """A preview save that changed no tag and no date gets the last answer again, for the
    keys (the new build's articles) it is given; any other change is worked out anew."""
    from news import related as module

    made = []
    plain = module._related_positions
    monkeypatch.setattr(module, "_related_positions",
                        lambda items, count: made.append(1) or plain(items, count))
    first = related_by_tags(ITEMS, 4)
    again = related_by_tags([(key.upper(), stamp, list(tags)) for key, stamp, tags in ITEMS], 4)
    assert again == {key.upper(): [k.upper() for k in value] for key, value in first.items()}
    assert len(made) == 1
    tagged = related_by_tags([*ITEMS[:3], ("d", 400.0, ["posyandu", "seba"]), ITEMS[4]], 4)
    assert tagged["d"] == ["c", "e", "a"] and len(made) == 2
    assert first["e"] == ["a", "c"]
    moved = related_by_tags([("a", 400.0, ["pasar", "seba"]), *ITEMS[1:]], 4)
    assert moved["e"] == ["c", "a"] and len(made) == 3
    assert related_by_tags(ITEMS, 1)["a"] == ["c"] and len(made) == 4
    assert related_by_tags(ITEMS, 1) == {"a": ["c"], "b": ["a"], "c": ["a"], "d": [], "e": ["a"]}
    assert len(made) == 4


# --- unique.clashes, feeds.absolute_url --------------------------------------------------

@pytest.mark.parametrize("items, expected", [
    ([], []),
    ([("a", "x/"), ("b", "y/")], []),
    ([("a", "x/"), ("b", "x/")], [("b", "a", "x/")]),
    ([("a", "x/"), ("b", "x/"), ("c", "x/")], [("b", "a", "x/"), ("c", "a", "x/")]),
])
def test_clashes(items, expected):
    assert clashes(items) == expected


@pytest.mark.parametrize("link, domain, expected", [
    ("berita/2023/03/a/", "http://localhost:8000", "http://localhost:8000/berita/2023/03/a/"),
    ("/berita/a/", "https://contoh.test/sub", "https://contoh.test/sub/berita/a/"),
    ("berita/a/", "https://contoh.test/sub/", "https://contoh.test/sub/berita/a/"),
    ("https://contoh.test/x/", "http://localhost:8000", "https://contoh.test/x/"),
    ("berita/a/", "", "berita/a/"),
    ("/", "http://localhost:8000", "http://localhost:8000/"),
])
def test_absolute_url(link, domain, expected):
    assert absolute_url(link, domain) == expected


# --- common.dates ------------------------------------------------------------------------

@pytest.mark.parametrize("name, value, expected", [
    ("tanggal", dt.datetime(2023, 3, 3, 9, 30, tzinfo=WITA), "Jumat, 3 Maret 2023"),
    ("tanggal", dt.date(2024, 8, 17), "Sabtu, 17 Agustus 2024"),
    ("tanggal", dt.date(2025, 1, 5), "Minggu, 5 Januari 2025"),
    ("tanggal_pendek", dt.date(2023, 3, 3), "3 Maret 2023"),
    ("bulan_tahun", dt.date(2023, 12, 1), "Desember 2023"),
    ("nama_bulan", 2, "Februari"),
    ("nama_bulan", 6, "Juni"),
    ("jam", dt.datetime(2023, 3, 3, 14, 5, tzinfo=WITA), "14.05 WITA"),
    ("jam", dt.datetime(2023, 3, 3, 9, 0, tzinfo=WITA), "09.00 WITA"),
    ("iso", dt.datetime(2023, 3, 3, 9, 30, tzinfo=WITA), "2023-03-03T09:30:00+08:00"),
])
def test_date_filters(name, value, expected):
    assert dates.JINJA_FILTERS[name](value) == expected


# --- common.diagnostics ------------------------------------------------------------------

@pytest.mark.parametrize("diagnostic, text", [
    (diagnostics.Diagnostic("content/a.md", 2, 7, "BRT004", "x"),
     "content/a.md:2:7: galat BRT004: x"),
    (diagnostics.Diagnostic("content/a.md", 2, 0, "BRT010", "x"), "content/a.md:2: galat BRT010: x"),
    (diagnostics.Diagnostic("pelicanconf.py", 0, 0, "CFG001", "x"),
     "pelicanconf.py: galat CFG001: x"),
])
def test_diagnostic_text(diagnostic, text):
    assert str(diagnostic) == text


def test_report_is_sorted_by_file_line_column_with_a_count():
    items = [diagnostics.Diagnostic("b.md", 1, 1, "X", "m"),
             diagnostics.Diagnostic("a.md", 10, 1, "X", "m"),
             diagnostics.Diagnostic("a.md", 2, 5, "X", "m"),
             diagnostics.Diagnostic("a.md", 2, 5, "X", "m")]
    log = diagnostics.DiagnosticLog()
    log.extend(items)
    assert diagnostics.format_report(log.sorted()).splitlines() == [
        "Situs tidak dibangun: 3 kesalahan ditemukan di isi situs. "
        "Perbaiki semuanya, lalu bangun ulang.",
        "a.md:2:5: galat X: m", "a.md:10:1: galat X: m", "b.md:1:1: galat X: m"]


@pytest.mark.parametrize("value, quoted", [
    ("Politik", "'Politik'"),
    ("  dua\nbaris ", "'dua baris'"),
    ("x" * 80, "'" + "x" * 57 + "...'"),
    (3, "'3'"),
])
def test_quote(value, quoted):
    assert diagnostics.quote(value) == quoted


def test_display_path_is_relative_to_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert diagnostics.display_path(tmp_path / "content" / "a.md") == "content/a.md"
    assert diagnostics.display_path("/lain/a.md") == "/lain/a.md"


# --- common.yamlmarks --------------------------------------------------------------------

def test_marks_of_values_and_keys():
    data, marks = yamlmarks.load("nama: Sapa\nlokasi:\n  kecamatan:\n    - raijua\n")
    assert data == {"nama": "Sapa", "lokasi": {"kecamatan": ["raijua"]}}
    assert marks.of(("nama",)) == (1, 7)
    assert marks.key_of(("nama",)) == (1, 1)
    assert marks.of(("lokasi", "kecamatan", 0)) == (4, 7)
    assert marks.of(("lokasi", "tidak-ada")) == (3, 3)   # nearest existing ancestor


@pytest.mark.parametrize("text, line, column, words", [
    ("a: 1\na: 2\n", 2, 1, "kunci 'a' ditulis dua kali"),
    ("a: b: c\n", 1, 5, "tidak boleh di sini"),
    ("a:\n\t- b\n", 2, 1, "karakter tab"),
    ("a: \"terbuka\n", 2, 1, "tanda kutip"),
    ("a: [1, 2\n", 2, 1, "kurung siku"),
    ("a: *x\n", 1, 4, "alias tidak dikenal"),
])
def test_yaml_problems_in_indonesian(text, line, column, words):
    with pytest.raises(yamlmarks.YamlProblem) as caught:
        yamlmarks.load(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message


@pytest.mark.parametrize("raw, text", [
    (b"a: 1\n", "a: 1\n"),
    (b"\xef\xbb\xbfa: 1\n", "a: 1\n"),
    ("nama: Kafé\n".encode(), "nama: Kafé\n"),
])
def test_decode_utf8(raw, text):
    assert yamlmarks.decode(raw) == text


def test_decode_reports_the_bad_byte():
    with pytest.raises(yamlmarks.YamlProblem) as caught:
        yamlmarks.decode(b"a: 1\nnama: Kaf\xe9\n")
    assert (caught.value.line, caught.value.column) == (2, 10)
    assert "0xe9" in caught.value.message


# --- common.vocab and common.settings ------------------------------------------------------

@pytest.fixture
def log():
    diagnostics.current.clear()
    yield diagnostics.current
    diagnostics.current.clear()


@pytest.mark.parametrize("text, slugs, found", [
    ("- nama: A\n  slug: a\n- nama: B\n  slug: b\n", ["a", "b"], []),
    ("- nama: A\n", [], [("DAT005", 1, 3)]),
    ("- nama: A\n  slug: A a\n", [], [("DAT006", 2, 9)]),
    ("- nama: A\n  slug: a\n- nama: B\n  slug: a\n", ["a"], [("DAT007", 4, 9)]),
    ("nama: A\n", [], [("DAT003", 1, 1)]),
    ("- A\n", [], [("DAT004", 1, 3)]),
    ("- nama: [A\n", [], [("DAT002", 2, 1)]),
])
def test_vocabulary_entries_and_mistakes(tmp_path, log, text, slugs, found):
    path = tmp_path / "daftar.yaml"
    path.write_text(text, encoding="utf-8")
    assert vocab.load(path).slugs() == slugs
    assert [(d.code, d.line, d.column) for d in log.sorted()] == found


def test_missing_vocabulary_file(tmp_path, log):
    assert vocab.load(tmp_path / "tidak-ada.yaml").entries == []
    assert [d.code for d in log.sorted()] == ["DAT001"]


def test_vocabulary_lookup_by_name_ignores_case(tmp_path, log):
    path = tmp_path / "k.yaml"
    path.write_text("- nama: Pertanian dan Perikanan\n  slug: pp\n", encoding="utf-8")
    assert vocab.load(path).by_name(" pertanian DAN perikanan ").slug == "pp"


@pytest.mark.parametrize("given, merged, found", [
    ({}, {"a": 1, "b": "x"}, []),
    ({"a": 2}, {"a": 2, "b": "x"}, []),
    ({"aa": 2}, {"a": 1, "b": "x"}, ["pengaturan UJI['aa'] tidak dikenal; mungkin maksudnya 'a'?"]),
    ({"zzz": 2}, {"a": 1, "b": "x"}, ["pengaturan UJI['zzz'] tidak dikenal (yang dikenal: a, b)"]),
])
def test_plugin_settings(log, given, merged, found):
    defaults = {"a": (1, "a number"), "b": ("x", "a text")}
    assert settings.plugin_settings({"UJI": given}, "UJI", defaults) == merged
    messages = [d.message for d in log.sorted()]
    assert len(messages) == len(found)
    assert all(m.startswith(f) for m, f in zip(messages, found))


def test_a_slug_known_from_an_earlier_name_makes_the_object_pelican_makes(monkeypatch):
    """news/wiring.py _slug: a tag or author slugified once per spelling in a process
    is the object Pelican's property makes (the same state); a name with no slug is
    slugified, and so warned about (BRT017), every time."""
    from pelican import urlwrappers
    from pelican.settings import DEFAULT_CONFIG
    from pelican.urlwrappers import Author, Tag

    from news import wiring

    monkeypatch.setattr(wiring, "_SLUGS", {})
    made: list[str] = []
    plain_slugify = urlwrappers.slugify

    def slugify(value, **kwargs):
        made.append(value)
        return plain_slugify(value, **kwargs)

    monkeypatch.setattr(urlwrappers, "slugify", slugify)
    settings = dict(DEFAULT_CONFIG)
    first, second = Tag("Air Bersih", settings), Tag("Air Bersih", settings)
    assert wiring._slug(first) == wiring._slug(second) == "air-bersih"
    assert made == ["Air Bersih"]  # the second was not slugified again
    plain = Tag("Air Bersih", settings)
    assert plain.slug == "air-bersih"
    assert vars(second) == vars(plain)
    assert wiring._slug(Author("Air Bersih", settings)) == "air-bersih"  # another kind
    assert made == ["Air Bersih"] * 3
    made.clear()
    assert wiring._slug(Tag("!!!", settings)) == wiring._slug(Tag("!!!", settings)) == ""
    assert made == ["!!!", "!!!"]
