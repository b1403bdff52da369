"""Issue 21, class 7: messages about header lines and Markdown text name the line an
editor shows, the field, and every invisible character by its code point.

Unit tests of the pure functions (common.textlines, diagnostics.quote, the header
checks, sanitize.locate, images' content paths), then ONE build of a site holding
many broken articles whose exact diagnostic lines are asserted.
"""

from __future__ import annotations


import pytest

from conftest import make_site, project_settings
from quality.builds import run_build_without_search as run_build  # messages, not search


from common import textlines
from common.diagnostics import quote
from news.header import hidden_in_header, read_header, repeated_fields

# -- lines as an editor counts them ----------------------------------------------------

# Every character str.splitlines() breaks at that editors (and Python-Markdown) do not.
NOT_BREAKS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", NOT_BREAKS)
def test_split_lines_breaks_only_where_an_editor_does(char):
    text = f"Title: a{char}b\nDate: x\n"
    assert len(text.splitlines()) == 3  # what the header reader used to count
    assert textlines.split_lines(text) == [f"Title: a{char}b", "Date: x"]


@pytest.mark.parametrize("text, lines", [
    ("a\nb\n", ["a", "b"]),
    ("a\r\nb\r\n", ["a", "b"]),
    ("a\rb", ["a", "b"]),
    ("a\n\nb", ["a", "", "b"]),
    ("a\r\n\r\nb\n", ["a", "", "b"]),
    ("", []),
    ("\n", [""]),
])
def test_split_lines_counts_lf_crlf_and_cr(text, lines):
    assert textlines.split_lines(text) == lines


@pytest.mark.parametrize("text, offset, where", [
    ("ab\ncd", 4, (2, 2)),
    ("ab\r\ncd", 4, (2, 1)),
    ("ab\r\ncd", 2, (1, 3)),  # the CR of a CRLF still ends line 1
    ("a\u2028b\nc", 2, (1, 3)),
    ("a\x0cb\x85c\nd", 6, (2, 1)),
    ("a\rb", 2, (2, 1)),
])
def test_position_is_the_editors_line_and_column(text, offset, where):
    assert textlines.position(text, offset) == where


def test_scan_header_reads_as_python_markdown_meta_does():
    text = ("Title: Satu\u2028dua\nSummary: awal\n    lanjutan\nTags:x\n\nIsi: bukan kepala\n")
    header = textlines.scan_header(text)
    assert [(h.number, h.key, h.value, h.column, h.continued) for h in header.lines] == [
        (1, "Title", "Satu\u2028dua", 8, False),
        (2, "Summary", "awal", 10, False),
        (3, "Summary", "lanjutan", 5, True),
        (4, "Tags", "x", 6, False),
    ]
    assert (header.end, header.stop) == (5, "")
    # The same lines Python-Markdown's meta extension reads (it splits at LF only).
    import markdown

    md = markdown.Markdown(extensions=["meta"])
    md.convert(text)
    assert md.Meta == {"title": ["Satu\u2028dua"], "summary": ["awal", "lanjutan"],
                       "tags": ["x"]}


def test_scan_header_stops_at_a_line_that_is_no_header_line():
    header = textlines.scan_header("---\nTitle: a\nDa\u200bte: b\nCategory: c\n")
    assert [h.key for h in header.lines] == ["Title"]
    assert (header.end, header.stop) == (3, "Da\u200bte: b")


def test_read_header_line_numbers_after_a_line_separator():
    fields = read_header("Title: a\u2028b\x0cc\nDate: 2023-03-03 09:30\nCategory: X\n\nIsi\n")
    assert {k: (f.line, f.column, f.value) for k, f in fields.items()} == {
        "title": (1, 8, "a\u2028b\x0cc"),
        "date": (2, 7, "2023-03-03 09:30"),
        "category": (3, 11, "X"),
    }


def test_repeated_fields_counts_lines_as_an_editor():
    text = "Title: a\u2028b\nDate: 2023-03-03\nTitle: c\n\n"
    assert [(p.line, p.code) for p in repeated_fields(text)] == [(3, "BRT016")]


# -- invisible characters, shown ---------------------------------------------------------

@pytest.mark.parametrize("value, shown", [
    ("Berita\u200b", "'Berita<U+200B>'"),
    ("Ber\u00adita", "'Ber<U+00AD>ita'"),
    ("abc\u202edcb", "'abc<U+202E>dcb'"),
    ("\u2066x\u2069", "'<U+2066>x<U+2069>'"),
    ("\ufeffTitle", "'<U+FEFF>Title'"),
    ("a\u200c\u200d\u200e\u200fb", "'a<U+200C><U+200D><U+200E><U+200F>b'"),
    ("Judul\u2028Dua", "'Judul<U+2028>Dua'"),
    ("a\x0cb\x85c\x07", "'a<U+000C>b<U+0085>c<U+0007>'"),
    ("Berita\u00a0", "'Berita<U+00A0>'"),  # a no-break space at the end looks like nothing
    ("a\tb", "'a<U+0009>b'"),
    ("Pasar Seba", "'Pasar Seba'"),
    ("Kabupaten Sabu Raijua \u2014 “Mira kaddi”", "'Kabupaten Sabu Raijua \u2014 “Mira kaddi”'"),
    ("baris\nkedua", "'baris kedua'"),
])
def test_quote_names_every_character_a_reader_cannot_see(value, shown):
    assert quote(value) == shown


def test_quote_still_cuts_long_values():
    assert quote("x" * 80) == "'" + "x" * 57 + "...'"


@pytest.mark.parametrize("text, expected", [
    ("a\u200db", [(1, "\u200d")]),  # a joiner inside a word is hidden
    ("\U0001F468\u200d\U0001F469", []),  # a joiner inside an emoji is how it is written
    ("a\u2028b\x85", [(1, "\u2028"), (3, "\x85")]),
    ("a\u00a0b", []),  # shows as a space
])
def test_hidden_characters(text, expected):
    assert textlines.hidden_characters(text) == expected


# -- the header check --------------------------------------------------------------------

HEADER_CASES = [
    ("Title: Judul\u2028Dua\n", (1, 13, "BRT040", "galat"),
     "'Title' berisi pemisah baris tak terlihat U+2028 (LINE SEPARATOR); hapus karakter "
     "itu dan tulis nilainya dalam satu baris (ditemukan: 'Judul<U+2028>Dua')"),
    ("Title: x\nSummary: satu\u2029dua\n", (2, 14, "BRT040", "galat"),
     "'Summary' berisi pemisah baris tak terlihat U+2029 (PARAGRAPH SEPARATOR); hapus "
     "karakter itu dan tulis nilainya dalam satu baris (ditemukan: 'satu<U+2029>dua')"),
    ("Title: Judul \u202eabc\n", (1, 14, "BRT040", "galat"),
     "'Title' berisi karakter pengatur arah teks U+202E (RIGHT-TO-LEFT OVERRIDE) yang "
     "membuat teks tampil berbeda dari yang tertulis; hapus karakter itu (ditemukan: "
     "'Judul <U+202E>abc')"),
    ("Title: Judul\u200bBaru\n", (1, 13, "BRT041", "peringatan"),
     "'Title' berisi karakter tak terlihat U+200B (ZERO WIDTH SPACE); pembaca tidak "
     "melihatnya, tetapi pencarian dan alamat halaman terpengaruh; hapus karakter itu "
     "(ditemukan: 'Judul<U+200B>Baru')"),
    ("Title: x\nTags: pasar, sabu\u00adbarat\n", (2, 18, "BRT040", "galat"),
     "'Tags' berisi karakter tak terlihat U+00AD (SOFT HYPHEN), sehingga nilainya tidak "
     "sama dengan yang tampak; hapus karakter itu (ditemukan: 'pasar, sabu<U+00AD>barat')"),
    ("Title: x\nSlug: \ufeffpasar-seba\n", (2, 7, "BRT040", "galat"),
     "'Slug' berisi karakter tak terlihat U+FEFF (ZERO WIDTH NO-BREAK SPACE), sehingga "
     "nilainya tidak sama dengan yang tampak; hapus karakter itu (ditemukan: "
     "'<U+FEFF>pasar-seba')"),
    ("Title: x\nInovasi: sapa-warga\u2060\n", (2, 20, "BRT040", "galat"),
     "'Inovasi' berisi karakter tak terlihat U+2060 (WORD JOINER), sehingga nilainya tidak "
     "sama dengan yang tampak; hapus karakter itu (ditemukan: 'sapa-warga<U+2060>')"),
    ("Title: x\nSummary: awal\n    lanjut\u200bkan\n", (3, 11, "BRT041", "peringatan"),
     "'Summary' berisi karakter tak terlihat U+200B (ZERO WIDTH SPACE); pembaca tidak "
     "melihatnya, tetapi pencarian dan alamat halaman terpengaruh; hapus karakter itu "
     "(ditemukan: 'lanjut<U+200B>kan')"),
    ("Title: x\n\u200bDate: 2023-03-03\n", (2, 1, "BRT040", "galat"),
     "baris ini berisi karakter tak terlihat U+200B (ZERO WIDTH SPACE), sehingga tidak "
     "terbaca sebagai baris keterangan (juga baris-baris sesudahnya); hapus karakter itu "
     "(ditemukan: '<U+200B>Date: 2023-03-03')"),
]


@pytest.mark.parametrize("text, where, message", HEADER_CASES)
def test_hidden_in_header_names_line_field_and_code_point(text, where, message):
    problems = hidden_in_header(text + "\nIsi.\n")
    assert [(p.line, p.column, p.code, p.severity) for p in problems] == [where]
    assert problems[0].message == message


def test_hidden_in_header_leaves_body_and_clean_headers_alone():
    text = ("Title: Pasar Seba \U0001F468\u200d\U0001F469 Dibuka\nTags: a, b\n\n"
            "Isi dengan \u200b dan \u2028 di badan berita.\n")
    assert hidden_in_header(text) == []


# -- where the sanitiser's warnings point ------------------------------------------------

HTML_ARTICLE = """Title: Berita dengan banyak HTML
Date: 2023-03-03 09:30
Category: Pemerintahan

Paragraf pertama dengan `<script>` di kode dan <b onclick="a()">tebal</b>.

```html
<script>alert("contoh")</script>
<p onclick="b()">contoh</p>
```

<!-- catatan: <script>lama()</script> <p onclick="c()"> -->

<div class="kotak">
  <p>Paragraf di dalam div</p>
</div>

| Kolom | Isi |
|-------|-----|
| a     | <span onclick="d()">sel</span> |

    <script>kode berindentasi</script>

<div
  class="banyak-baris"
  onclick="e()">isi</div>

<script>
  alert("nyata");
</script>

~~~
<iframe src="https://jahat.example/"></iframe>
~~~

Lihat <https://contoh.id/> dan <redaksi@contoh.id>.

<iframe src="https://jahat.example/"></iframe>

<p onclick="f()">akhir</p>
"""
# (line, column, code) of each removal, as an editor shows the file above.
HTML_FINDINGS = [(5, 51, "HTM002"), (20, 17, "HTM002"), (26, 3, "HTM002"),
                 (28, 1, "HTM001"), (38, 9, "HTM005"), (40, 4, "HTM002")]


def _positions(text: str):
    import markdown

    from common import sanitize

    # The Markdown the project's reader runs (pelicanconf.MARKDOWN, as Pelican applies it).
    configs = project_settings()["MARKDOWN"]["extension_configs"]
    options = {"extensions": list(configs), "extension_configs": configs,
               "output_format": "html5"}
    html, findings = sanitize.sanitize(markdown.Markdown(**options).convert(text))
    body = text.index("\n\n") + 2 if "\n\n" in text else text.index("\r\n\r\n") + 4
    marked = markdown.Markdown(**options).convert(sanitize.mark_tags(text, body))
    return [(*where, f.code) for where, f in
            zip(sanitize.tag_positions(text, findings, marked), findings)], findings


def test_findings_point_at_the_tag_markdown_passed_on_not_at_code_or_comments():
    located, findings = _positions(HTML_ARTICLE)
    assert len(findings) == len(HTML_FINDINGS)
    assert located == HTML_FINDINGS


def test_findings_lines_with_crlf_and_line_separators_in_the_body():
    text = HTML_ARTICLE.replace("Paragraf pertama", "Para\u2028raf\x85pertama")  # same length
    assert _positions(text.replace("\n", "\r\n"))[0] == HTML_FINDINGS
    assert _positions(text)[0] == HTML_FINDINGS


def test_mark_tags_leaves_autolinks_and_the_header_alone():
    from common.sanitize import mark_tags

    text = "Title: <b>x</b>\n\n<p>a</p> <https://contoh.id/> <a@b.id> a<3\n"
    assert mark_tags(text, 17) == ("Title: <b>x</b>\n\n<p data-sumber-posisi=\"17\">a</p> "
                                   "<https://contoh.id/> <a@b.id> a<3\n")


# -- image paths that leave content/ -----------------------------------------------------

@pytest.mark.parametrize("value, folder, source, outside", [
    ("images/x.jpg", "", "images/x.jpg", False),
    ("/images/x.jpg", "", "images/x.jpg", False),
    ("{static}/images/x.jpg", "berita", "images/x.jpg", False),
    ("{static}../images/x.jpg", "berita", "images/x.jpg", False),
    ("../rahasia.jpg", "", "../rahasia.jpg", True),
    ("images\\..\\..\\rahasia.jpg", "", "../rahasia.jpg", True),
    ("images/../../../etc/x.jpg", "", "../../etc/x.jpg", True),
    ("{static}../../rahasia.jpg", "berita", "../rahasia.jpg", True),
    ("/images/../../rahasia.jpg", "", "../rahasia.jpg", True),
    ("{static}..", "", "..", True),
])
def test_content_source_and_leaves_content(value, folder, source, outside):
    from images.wiring import content_source, leaves_content

    assert content_source(value, folder) == source
    assert leaves_content(source) is outside


# -- one build of many broken articles ---------------------------------------------------

HEAD = "Date: 2023-03-03 09:30\nCategory: Pemerintahan\n"
B = "content/berita"
BROKEN = {
    # (a) a line separator in a title: named, never published, later lines not shifted
    f"{B}/pemisah-baris.md": "Title: Judul\u2028Sisipan\nDate: 3 Maret 2023\n"
                             "Category: Pemerintahan\n\nIsi.\n",
    f"{B}/nel.md": "Title: Judul\x85Sisipan\n" + HEAD + "\nIsi.\n",
    f"{B}/tag-formfeed.md": "Title: Tag\n" + HEAD + "Tags: pasar\x0csabu\n\nIsi.\n",
    # a line separator in the body moves no later line number
    f"{B}/badan-pemisah.md": "Title: Badan\n" + HEAD + "\nSatu\u2028dua\u2029tiga.\n\n"
                             "Tautan [ini]({filename}tidak-ada.md).\n",
    # (b) invisible characters
    f"{B}/kategori-zwsp.md": "Title: Kategori\nDate: 2023-03-03 09:30\n"
                             "Category: Pemerintahan\u200b\n\nIsi.\n",
    f"{B}/judul-bidi.md": "Title: Harga \u202enaik\u202c turun\n" + HEAD + "\nIsi.\n",
    f"{B}/kunci-tersembunyi.md": "Title: Kunci\nDa\u200bte: 2023-03-03 09:30\n"
                                 "Category: Pemerintahan\n\nIsi.\n",
    f"{B}/slug-bom.md": "Title: Slug\n" + HEAD + "Slug: \ufeffpasar-seba-baru\n\nIsi.\n",
    # (c) paths that leave content/
    f"{B}/sampul-luar.md": "Title: Sampul\n" + HEAD
                           + "Cover: ../rahasia.jpg\nCover_Alt: Foto\n\nIsi.\n",
    f"{B}/sampul-miring.md": "Title: Sampul miring\n" + HEAD
                             + "Cover: images\\..\\..\\rahasia.jpg\nCover_Alt: Foto\n\nIsi.\n",
    f"{B}/gambar-luar.md": "Title: Gambar\n" + HEAD
                           + "\nIsi.\n\n![Foto rahasia]({static}../../rahasia.jpg)\n",
    f"{B}/gambar-zwsp.md": "Title: Gambar ZWSP\n" + HEAD
                           + "\nIsi.\n\n![Foto pasar](/images/pasar\u200b.jpg)\n",
    f"{B}/tautan-zwsp.md": "Title: Tautan ZWSP\n" + HEAD
                           + "\nIsi.\n\n[Unduh]({static}/dokumen/surat\u200b.pdf)\n",
    # (d) removals in HTML-heavy Markdown, LF and CRLF
    f"{B}/html.md": HTML_ARTICLE,
    f"{B}/html-crlf.md": HTML_ARTICLE.replace("Title: Berita dengan", "Title: CRLF dengan")
                         .replace("Paragraf pertama", "Para\u2028raf\u2029pertama")
                         .replace("\n", "\r\n"),
}
SECRET = b"rahasia di luar content/"
CATEGORIES = "Pemerintahan, Kesehatan, Pertanian dan Perikanan (content/data/kategori.yaml)"
SCRIPT = "penangan peristiwa menjalankan skrip, dan isi situs tidak boleh menjalankan skrip"
VIDEO = ("video dibuang dari halaman: hanya video https dari player.vimeo.com, "
         "www.youtube-nocookie.com, www.youtube.com, youtube.com yang boleh disisipkan "
         "(ditemukan: src=\"https://jahat.example/\")")
OUTSIDE = ("jalur '../rahasia.jpg' keluar dari folder content/; tulis jalur relatif di dalam "
           "content/ (misalnya images/rahasia.jpg, untuk berkas content/images/rahasia.jpg)")


def _html_lines(path: str) -> list[str]:
    messages = {
        "HTM001": "skrip <script> dibuang dari halaman: isi situs tidak boleh menjalankan "
                  "skrip (ditemukan: '<script>')",
        "HTM005": VIDEO,
    }
    onclick = dict(zip([5, 20, 26, 40], ["a()", "d()", "e()", "f()"]))
    tags = {5: "b", 20: "span", 26: "div", 40: "p"}
    lines = []
    for line, column, code in HTML_FINDINGS:
        message = messages.get(code) or (
            f"atribut 'onclick' pada <{tags[line]}> dibuang dari halaman: {SCRIPT} "
            f"(ditemukan: onclick=\"{onclick[line]}\")")
        lines.append(f"{path}:{line}:{column}: peringatan {code}: {message}")
    return lines


EXPECTED = [
    f"{B}/badan-pemisah.md:7:14: galat LNK001: tautan ke berkas yang tidak ada: "
    "content/berita/tidak-ada.md (ditemukan: '{filename}tidak-ada.md'); periksa nama dan "
    "folder berkasnya",
    f"{B}/gambar-luar.md:7:1: galat IMG006: gambar di isi: {OUTSIDE}",
    f"{B}/gambar-zwsp.md:7:1: galat IMG001: gambar di isi: gambar 'images/pasar<U+200B>.jpg' "
    "tidak ditemukan; simpan berkasnya sebagai content/images/pasar<U+200B>.jpg atau "
    "perbaiki nama berkasnya",
    *_html_lines(f"{B}/html-crlf.md"),
    *_html_lines(f"{B}/html.md"),
    f"{B}/judul-bidi.md:1:14: galat BRT040: 'Title' berisi karakter pengatur arah teks "
    "U+202E (RIGHT-TO-LEFT OVERRIDE) yang membuat teks tampil berbeda dari yang tertulis; "
    "hapus karakter itu (ditemukan: 'Harga <U+202E>naik<U+202C> turun')",
    f"{B}/kategori-zwsp.md:3:11: galat BRT006: 'Category' harus salah satu dari "
    "Pemerintahan, Kesehatan, Pertanian dan Perikanan (ditemukan: 'Pemerintahan<U+200B>'); "
    "daftar kategori ada di content/data/kategori.yaml",
    f"{B}/kategori-zwsp.md:3:23: galat BRT040: 'Category' berisi karakter tak terlihat "
    "U+200B (ZERO WIDTH SPACE), sehingga nilainya tidak sama dengan yang tampak; hapus "
    "karakter itu (ditemukan: 'Pemerintahan<U+200B>')",
    f"{B}/kunci-tersembunyi.md:1:1: galat BRT003: baris 'Date' tidak ada; tulis tanggal dan "
    "jam terbit dalam WITA (contoh: 'Date: 2023-03-03 10:00')",
    f"{B}/kunci-tersembunyi.md:1:1: galat BRT005: baris 'Category' tidak ada atau kosong; "
    f"pilih salah satu dari {CATEGORIES}",
    f"{B}/kunci-tersembunyi.md:2:3: galat BRT040: baris ini berisi karakter tak terlihat "
    "U+200B (ZERO WIDTH SPACE), sehingga tidak terbaca sebagai baris keterangan (juga "
    "baris-baris sesudahnya); hapus karakter itu (ditemukan: 'Da<U+200B>te: 2023-03-03 "
    "09:30')",
    f"{B}/nel.md:1:13: galat BRT015: 'Title': karakter kendali tak terlihat (U+0085) di sini; "
    "hapus karakter itu (sering terbawa saat menyalin dari aplikasi lain)",
    f"{B}/pemisah-baris.md:1:13: galat BRT040: 'Title' berisi pemisah baris tak terlihat "
    "U+2028 (LINE SEPARATOR); hapus karakter itu dan tulis nilainya dalam satu baris "
    "(ditemukan: 'Judul<U+2028>Sisipan')",
    f"{B}/pemisah-baris.md:2:7: galat BRT004: 'Date' harus berformat TTTT-BB-HH JJ:MM dalam "
    "WITA, misalnya 2023-03-03 10:00 (ditemukan: '3 Maret 2023')",
    f"{B}/sampul-luar.md:4:8: galat IMG006: 'Cover': {OUTSIDE}",
    f"{B}/sampul-miring.md:4:8: galat IMG006: 'Cover': {OUTSIDE}",
    f"{B}/slug-bom.md:4:7: galat BRT020: 'Slug' hanya boleh berisi huruf kecil a-z, angka "
    "0-9, dan tanda hubung di antaranya, misalnya pasar-seba-dibuka (ditemukan: "
    "'<U+FEFF>pasar-seba-baru')",
    f"{B}/slug-bom.md:4:7: galat BRT040: 'Slug' berisi karakter tak terlihat U+FEFF (ZERO "
    "WIDTH NO-BREAK SPACE), sehingga nilainya tidak sama dengan yang tampak; hapus karakter "
    "itu (ditemukan: '<U+FEFF>pasar-seba-baru')",
    f"{B}/tag-formfeed.md:4:12: galat BRT015: 'Tags': karakter kendali tak terlihat (U+000C) "
    "di sini; hapus karakter itu (sering terbawa saat menyalin dari aplikasi lain)",
    f"{B}/tautan-zwsp.md:7:9: galat LNK001: tautan ke berkas yang tidak ada: "
    "content/dokumen/surat<U+200B>.pdf (ditemukan: '{static}/dokumen/surat<U+200B>.pdf'); "
    "periksa nama dan folder berkasnya",
]


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    from PIL import Image

    folder = make_site(tmp_path_factory.mktemp("pesan-teks") / "site", BROKEN)
    Image.new("RGB", (64, 48), "red").save(folder / "rahasia.jpg")  # outside content/
    (folder / "output").mkdir()
    (folder / "output" / "lama.html").write_bytes(SECRET)  # the last good site
    return folder, run_build(folder)


def test_every_broken_article_is_one_exact_line(broken):
    folder, build = broken
    assert build.returncode == 1, build.stderr
    shown = [line for line in build.stderr.splitlines()
             if ": galat " in line or ": peringatan " in line]
    assert shown == EXPECTED


def test_nothing_outside_content_was_read_and_nothing_was_published(broken):
    folder, build = broken
    # The last good site is left as it was; no derivative of the outside photo was made.
    assert sorted(p.name for p in (folder / "output").iterdir()) == ["lama.html"]
    assert (folder / "output" / "lama.html").read_bytes() == SECRET
    cache = folder / ".cache" / "images"
    assert not cache.exists() or not any(cache.iterdir())
    assert "rahasia" not in "".join(str(p) for p in folder.rglob("*") if p.is_file()
                                    and p.name != "rahasia.jpg" and "content" not in p.parts)


def test_warnings_of_a_clean_site_stay_on_a_warm_build(tmp_path):
    files = {f"{B}/html.md": HTML_ARTICLE,
             f"{B}/judul-zwsp.md": "Title: Judul\u200bBaru\n" + HEAD + "\nIsi.\n"}
    folder = make_site(tmp_path / "site", files)
    expected = _html_lines(f"{B}/html.md") + [
        f"{B}/judul-zwsp.md:1:13: peringatan BRT041: 'Title' berisi karakter tak terlihat "
        "U+200B (ZERO WIDTH SPACE); pembaca tidak melihatnya, tetapi pencarian dan alamat "
        "halaman terpengaruh; hapus karakter itu (ditemukan: 'Judul<U+200B>Baru')"]
    for _ in ("cold", "warm"):
        build = run_build(folder)
        assert build.returncode == 0, build.stderr
        assert [line for line in (build.stdout + build.stderr).splitlines()
                if ": peringatan " in line] == expected
    page = build.html("berita/2023/03/berita-dengan-banyak-html/index.html")
    main = page.find("main")
    assert [t.get("type") for t in main.find_all("script")] == ["application/ld+json"]
    assert [i.get("src") for i in main.find_all("iframe")] == [None]  # the video is gone
    assert main.find_all(attrs={"onclick": True}) == []
    # What was code stays code, shown as text.
    assert '<p onclick="b()">contoh</p>' in main.find("pre").get_text()
