"""The one scanner of Markdown sources (common.markdown_source): what is code, and the
links outside it, checked against what Python-Markdown (the engine Pelican renders with,
with the site's `extra`) actually makes of each text."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import markdown
import pytest

from common import markdown_source, sourcetext
from images import markup
from news.links import check_links
from newsroom import sources

# (text, the links found: (line, column, url)). Every case is also rendered below: a link
# found here is an <a href>/<img src> of the page, and a link in code is none.
CASES = [
    pytest.param("[a](/x/)", [(1, 5, "/x/")], id="plain"),
    pytest.param("`[a](/x/)` [b](/y/)", [(1, 16, "/y/")], id="code span"),
    pytest.param("``[a](/x/)` still`` [b](/y/)", [(1, 25, "/y/")],
                 id="double-backtick span holds a single backtick"),
    pytest.param("```a``` [b](/y/)", [(1, 13, "/y/")], id="triple backticks inline"),
    pytest.param("a `b\n[a](/x/)` c", [], id="code span across lines of a paragraph"),
    pytest.param("a `b\n\n[a](/x/)` c", [(3, 5, "/x/")],
                 id="no code span across a blank line"),
    pytest.param("\\`[a](/x/)\\`", [(1, 7, "/x/")], id="escaped backticks"),
    pytest.param("\\\\`[a](/x/)`", [], id="escaped backslash, then a code span"),
    pytest.param("```\n[a](/x/)\n```\n[b](/y/)", [(4, 5, "/y/")], id="fenced"),
    pytest.param("```python\n[a](/x/)\n```", [], id="fenced with a language"),
    pytest.param("``` {.py}\n[a](/x/)\n```", [], id="fenced with attributes"),
    pytest.param("~~~~\n[a](/x/)\n~~~\n[c](/z/)\n~~~~\n[b](/y/)", [(6, 5, "/y/")],
                 id="a fence closes only at the same length"),
    pytest.param("````\n```\n[a](/x/)\n````\n[b](/y/)", [(5, 5, "/y/")],
                 id="a shorter fence inside a longer one"),
    pytest.param("```\n[a](/x/)\n~~~\n[b](/y/)", [(2, 5, "/x/"), (4, 5, "/y/")],
                 id="backticks are not closed by tildes, and never closed is no block"),
    pytest.param("```\n[a](/x/)", [(2, 5, "/x/")], id="unclosed fence"),
    pytest.param("```\n[a](/x/)\n```   \n[b](/y/)", [(4, 5, "/y/")],
                 id="closing fence with trailing spaces"),
    pytest.param("   ```\n[a](/x/)\n   ```\n[b](/y/)", [(4, 5, "/y/")],
                 id="indented fences are a code span in Python-Markdown"),
    pytest.param("para\n\n    [a](/x/)\n\n[b](/y/)", [(5, 5, "/y/")], id="indented code"),
    pytest.param("\t[a](/x/)", [], id="a tab indents code"),
    pytest.param("para\n    [a](/x/)", [(2, 9, "/x/")],
                 id="an indented line continuing a paragraph is no code"),
    pytest.param("- item\n\n    [a](/x/)", [(3, 9, "/x/")],
                 id="an indented paragraph of a list item"),
    pytest.param("- item\n\n        [a](/x/)", [], id="code in a list item"),
    pytest.param("1. item\n\n    [a](/x/)\n\n        [c](/z/)", [(3, 9, "/x/")],
                 id="paragraph then code in a numbered item"),
    pytest.param("> quote\n>\n>     [a](/x/)\n\n[b](/y/)", [(5, 5, "/y/")],
                 id="code in a block quote"),
    pytest.param("> `[a](/x/)` [b](/y/)", [(1, 18, "/y/")], id="code span in a quote"),
    pytest.param("<!-- [a](/x/) --> [b](/y/)", [(1, 23, "/y/")], id="comment"),
    pytest.param("<!-- a\n\n[a](/x/)\n\n-->\n\n[b](/y/)", [(7, 5, "/y/")],
                 id="a comment block across blank lines"),
    pytest.param('<a href="/x/">x</a> `<a href="/y/">`', [(1, 10, "/x/")],
                 id="raw HTML, and raw HTML in code"),
    pytest.param("![i](/x.jpg) `![j](/y.jpg)`", [(1, 6, "/x.jpg")], id="image"),
    pytest.param("[a](<c d/>)", [(1, 6, "c d/")], id="angled address"),
]


def rendered(text: str) -> list[str]:
    html = markdown.Markdown(extensions=["markdown.extensions.extra"]).convert(text)
    tree = lxml.html.fromstring(f"<div>{html}</div>")
    return sorted([a.get("href") for a in tree.iter("a")]
                  + [img.get("src") for img in tree.iter("img")])


@pytest.mark.parametrize("text, found", CASES)
def test_links_outside_code(text, found):
    links = markdown_source.links(text)
    assert [(link.line, link.column, link.url) for link in links] == found
    # Where each was found is where it is written.
    lines = text.split("\n")
    for link in links:
        line = lines[link.line - 1]
        assert line[link.column - 1:].startswith(link.url)


@pytest.mark.parametrize("text, found", CASES)
def test_what_python_markdown_makes_links_of(text, found):
    assert sorted(url for _, _, url in found) == rendered(text)


def test_code_is_blanked_in_place():
    text = "Title: `x`\r\n\r\nIsi `&#7;` dan [a](/x/)\r\n\r\n```\r\nkode\r\n```\r\n"
    blanked = markdown_source.code_blanked(text, header=True)
    assert blanked == ("Title: `x`\r\n\r\nIsi        dan [a](/x/)\r\n\r\n   \r\n    \r\n"
                       "   \r\n")
    assert len(blanked) == len(text)


def test_line_breaks_are_counted_as_editors_count_them():
    text = "Satu\u2028dua\rtiga\r\n`[a](/x/)`\n[b](/y/)"
    assert [(link.line, link.column) for link in markdown_source.links(text)] == [(4, 5)]


def test_a_header_is_no_markdown():
    text = "Title: [bukan](/tautan/)\nSummary: awal\n    [lanjut](/juga/)\n\n[ya](/ini/)\n"
    assert [link.url for link in markdown_source.links(text, header=True)] == ["/ini/"]
    assert [link.url for link in markdown_source.links(text)] == ["/tautan/", "/juga/",
                                                                    "/ini/"]


def test_yaml_is_read_line_by_line():
    text = "deskripsi: |\n  Baris.\n\n      [a](/x/) dan `[b](/y/)`\n"
    assert [link.url for link in markdown_source.links(text, blocks=False)] == ["/x/"]
    assert [link.url for link in sources.written_links(text, markdown=False)] == ["/x/"]


def test_a_reference_in_code_is_shown_not_read():
    text = "Title: Contoh\n\nTulis `&#7;` atau\n\n    &#7;\n\nbukan &#7; di sini.\n"
    assert [(f.line, f.column, f.reference) for f in
            sourcetext.invisible(text, markdown=True)] == [(7, 7, "&#7;")]
    # Any other text (a YAML record, a feed) reads every reference.
    assert [f.line for f in sourcetext.invisible(text)] == [3, 5, 7]


def test_a_control_character_counts_in_code_too():
    text = "Title: Contoh\n\n`a\x07b`\n"
    assert [(f.line, f.column) for f in sourcetext.invisible(text, markdown=True)] == [(3, 3)]


def test_content_links_in_code_are_not_checked(tmp_path: Path):
    (tmp_path / "berita").mkdir()
    source = tmp_path / "berita" / "a.md"
    text = ("Title: A\n\nContoh: `[x]({static}/tidak-ada.pdf)`\n\n"
            "    [y]({filename}/tidak-ada.md)\n\n"
            "~~~\n[z]({static}/kode.pdf)\n~~~\n\n"
            "[nyata]({static}/hilang.pdf) <a href={static}/polos.pdf>p</a>\n")
    assert [(p.line, p.column, p.code) for p in check_links(text, source, tmp_path)] == [
        (11, 9, "LNK001"), (11, 38, "LNK001")]


def test_an_image_is_located_outside_code():
    source = ("Title: x\nCover: {static}/a.jpg\n\nContoh: `![a]({static}/a.jpg)`\n\n"
              "    ![a]({static}/a.jpg)\n\n![b]({static}/a.jpg)\r\nlalu ![c]({static}/a.jpg)\n")
    assert [markup.locate(source, "{static}/a.jpg", n) for n in range(3)] == [
        (8, 1), (9, 6), (0, 0)]


CODE_EXAMPLES = (
    "Title: Contoh Penulisan\n"
    "Date: 2023-03-03 09:30\n"
    "Category: Pemerintahan\n"
    "Summary: Cara menulis gambar dan tautan.\n"
    "\n"
    "Gambar ditulis `![isi gambar]({static}/images/contoh.jpg)`, tautan\n"
    "`[judul]({filename}/berita/contoh.md)`, dan karakter `&#7;` ditulis apa adanya.\n"
    "\n"
    "~~~\n"
    "![](/images/kode.jpg) dan [x]({filename}/tidak-ada.md)\n"
    "~~~\n"
    "\n"
    "![](/images/foto.jpg)\n"
    "Baca [ini]({filename}/berita/hilang.md).\n"
)


IMAGES = (
    "Title: Contoh Gambar\n"
    "Date: 2023-03-03 09:30\n"
    "Category: Pemerintahan\n"
    "Summary: Cara menulis gambar.\n"
    "\n"
    "Gambar ditulis `![](/images/contoh.jpg)` begini:\n"
    "\n"
    "    ![](/images/contoh.jpg)\n"
    "\n"
    "Ini gambarnya: ![](/images/contoh.jpg)\n"
)


def test_a_build_reads_no_code_example_as_a_link(site):
    build = site({"content/berita/contoh.md": CODE_EXAMPLES,
                  "content/berita/rujukan.md": CODE_EXAMPLES.replace("Penulisan", "Rujukan")
                  .replace("hilang.md).", "contoh.md) &#7;"),
                  "content/berita/gambar.md": IMAGES},
                 extra={"SEARCH": {"enabled": False}})
    lines = [line for line in build.stderr.splitlines() if "galat" in line]
    # Each at the line of the real one, none at a code example's.
    assert lines == [
        "content/berita/contoh.md:14:12: galat LNK001: tautan ke berkas yang tidak ada: "
        "content/berita/hilang.md (ditemukan: '{filename}/berita/hilang.md'); periksa nama "
        "dan folder berkasnya",
        "content/berita/gambar.md:10:16: galat IMG001: gambar di isi: gambar "
        "'images/contoh.jpg' tidak ditemukan; simpan berkasnya sebagai "
        "content/images/contoh.jpg atau perbaiki nama berkasnya",
        "content/berita/gambar.md:10:16: galat IMG004: gambar 'images/contoh.jpg' perlu teks "
        "alternatif: tulis isi gambar di antara kurung siku, misalnya ![Bupati membuka Pasar "
        "Seba](...), bagi pembaca yang tidak melihatnya (ditemukan: '')",
        "content/berita/rujukan.md:14:41: galat BRT015: rujukan karakter '&#7;' menghasilkan "
        "karakter kendali tak terlihat (U+0007) yang tidak boleh ada di halaman atau umpan "
        "berita; hapus rujukan itu",
    ]
