"""Pure parts of the innovations plugin, table-tested without Pelican."""

from __future__ import annotations


import pytest


from innovations import charts, links, opendata, text


@pytest.mark.parametrize("header, expected", [
    ("Title: A\nInovasi: satu\n\nIsi", {"satu": (2, 10)}),
    ("Title: A\nInovasi: satu, dua\n", {"satu": (2, 10), "dua": (2, 16)}),
    ("Title: A\ninovasi:   satu ,dua\n", {"satu": (2, 12), "dua": (2, 18)}),
    ("Title: A\n\nInovasi: bukan-kepala\n", {}),
    ("---\nTitle: A\nInovasi: x\n", {"x": (3, 10)}),
])
def test_id_positions(header, expected):
    assert links.id_positions(header) == expected


@pytest.mark.parametrize("value, expected", [
    ("a, b ,c", ["a", "b", "c"]),
    (["a", "b"], ["a", "b"]),
    ("", []),
    (None, []),
    ("a,,", ["a"]),
])
def test_split_ids(value, expected):
    assert links.split_ids(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("=SUM(A1)", "'=SUM(A1)"),
    ("+62 380", "'+62 380"),
    ("@halo", "'@halo"),
    ("-cmd", "'-cmd"),
    ("- butir", "'- butir"),
    ("-5", "'-5"),
    (-5, "-5"),
    (2.5, "2.5"),
    ("\tx", "'\tx"),
    ("\r=1", "'\r=1"),
    (["=a", "b"], "'=a; b"),
    ({"nama": "@x", "peran": "Y"}, "'@x | Y"),
    (["a", "b"], "a; b"),
    ({"nama": "X", "peran": "Y"}, "X | Y"),
    (True, "true"),
    (None, ""),
])
def test_csv_cells_are_plain_text(value, expected):
    assert opendata._cell(value) == expected


@pytest.mark.parametrize("markdown, forbidden", [
    ("<script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ("[x](javascript:alert(1))", "javascript:"),
    ('<a href="https://a.id" onclick="x()">a</a>', "onclick"),
    ("<style>body{}</style>", "<style"),
    ('<iframe src="https://a.id"></iframe>', "<iframe"),
])
def test_sanitizer_removes(markdown, forbidden):
    assert forbidden not in text.markdown_html(markdown).lower()


def test_sanitizer_keeps_safe_markdown():
    html = text.markdown_html("**tebal** dan [tautan](https://contoh.id)\n\n- satu")
    assert "<strong>tebal</strong>" in html
    assert 'href="https://contoh.id"' in html
    assert "<li>satu</li>" in html


def test_bar_chart_scales_bars_and_escapes_labels():
    svg = charts.bar_chart("g", "Judul <x>", [("A & B", 2), ("C", 1)])
    assert 'aria-labelledby="g-judul"' in svg
    assert "Judul &lt;x&gt;" in svg and "A &amp; B" in svg
    assert f'width="{float(charts.BAR_WIDTH)}"' in svg and f'width="{charts.BAR_WIDTH / 2}"' in svg


@pytest.mark.parametrize("count, per_page, urls", [
    (0, 30, ["inovasi/"]),
    (3, 2, ["inovasi/", "inovasi/halaman/2/"]),
    (4, 2, ["inovasi/", "inovasi/halaman/2/"]),
    (2, 0, ["inovasi/", "inovasi/halaman/2/"]),  # a per_page below 1 counts as 1
])
def test_numbered_pages_cut_and_address_every_list_alike(count, per_page, urls):
    from common.pages import numbered_pages
    from pelican.paginator import PaginationRule

    # The project's PAGINATION_PATTERNS, as Pelican's settings reader hands them over.
    settings = {"DEFAULT_ORPHANS": 0, "PAGINATION_PATTERNS": [
        PaginationRule(1, "{url}", "{save_as}"),
        PaginationRule(2, "{base_name}/halaman/{number}/", "{base_name}/halaman/{number}/index.html")]}
    pages = numbered_pages(list(range(count)), per_page, "inovasi/", settings)
    assert [page.url for page in pages] == urls
    assert [page.save_as for page in pages] == [f"{url}index.html" for url in urls]
    assert sum(len(page.items) for page in pages) == count
    last = pages[-1].halaman
    assert last["berikutnya"] is None and last["jumlah_halaman"] == len(urls)
    assert [page.halaman["sebelumnya"] for page in pages] == [None, *urls[:-1]]
    assert [page.halaman["nomor"] for page in pages] == list(range(1, len(urls) + 1))
