"""Nothing unsafe is published: hostile articles, pages, names and records in one build.

fixtures/safety_hostile/ over fixtures/innovation_base/ holds an article and a page full
of scripts, event handlers, javascript:/vbscript:/data: addresses (one hidden with a tab
entity), a form, an <object>, styles and a video from an unknown host, plus titles,
summaries, authors, tags, a category, a vocabulary name and a record name made of
markup, quotes and ampersands. The build succeeds with one warning per removal, at its
line; every page is then read as a browser would (parsed), not grepped.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, make_site, parse, run_build


from common import csp
from common.sanitize import scheme_of

TITLE = "<script>alert(\"judul\")</script> Harga & \"Kutip\" 'satu' &amp;"
PAGE_TITLE = "<img src=x onerror=alert(2)> Halaman & \"kutip\""
CATEGORY = 'Opini <i>&</i> "Kutip"'
AUTHOR = '<b>Evil</b> & "Co"'
TAGS = ["<script>alert(1)</script>", 'a&b "c"']
OPD = 'RSUD <script>alert(7)</script> & "Kutip"'
RECORD = '=HYPERLINK("https://evil.example","klik") <script>alert(5)</script> & "kutip"'
ARTICLE = "berita/2025/01/berita-jahat/index.html"

A = "content/berita/2025/berita-jahat.md"
P = "content/halaman/jahat.md"
ONLY = ("hanya alamat http:, https:, mailto:, tel: atau alamat di situs ini yang boleh")
SCRIPT = "penangan peristiwa menjalankan skrip, dan isi situs tidak boleh menjalankan skrip"
WARNINGS = [
    f"{A}:6:43: peringatan HTM002: atribut 'onerror' pada <img> dibuang dari halaman: "
    f"{SCRIPT} (ditemukan: onerror=\"alert(1)\")",
    f"{A}:9:13: peringatan HTM002: atribut 'onclick' pada <b> dibuang dari halaman: "
    f"{SCRIPT} (ditemukan: onclick=\"alert(1)\")",
    f"{A}:9:58: peringatan HTM002: atribut 'onmouseover' pada <a> dibuang dari halaman: "
    f"{SCRIPT} (ditemukan: onmouseover=\"alert(2)\")",
    f"{A}:11:1: peringatan HTM001: skrip <script> dibuang dari halaman: isi situs tidak "
    "boleh menjalankan skrip (ditemukan: '<script>')",
    f"{A}:13:10: peringatan HTM004: alamat 'javascript:' di atribut 'href' pada <a> dibuang "
    f"dari halaman: {ONLY} (ditemukan: href=\"javascript:alert(1)\")",
    f"{A}:13:38: peringatan HTM004: alamat 'javascript:' di atribut 'href' pada <a> dibuang "
    f"dari halaman: {ONLY} (ditemukan: href=\"jav&#x09;ascript:alert(1)\")",
    f"{A}:14:8: peringatan HTM004: alamat 'vbscript:' di atribut 'href' pada <a> dibuang "
    f"dari halaman: {ONLY} (ditemukan: href=\"VBScript:msgbox(1)\")",
    f"{A}:16:6: peringatan HTM004: alamat 'data:' di atribut 'src' pada <img> dibuang dari "
    f"halaman: {ONLY} (ditemukan: src=\"data:image/png;base64,AAAA\")",
    f"{A}:18:1: peringatan HTM006: formulir <form> dibuang dari halaman: isi situs tidak "
    "boleh memuat formulir; tautkan ke formulir di tempat lain (ditemukan: '<form>')",
    f"{A}:18:38: peringatan HTM006: formulir <input> dibuang dari halaman: isi situs tidak "
    "boleh memuat formulir; tautkan ke formulir di tempat lain (ditemukan: '<input>')",
    f"{A}:22:9: peringatan HTM005: video dibuang dari halaman: hanya video https dari "
    "player.vimeo.com, www.youtube-nocookie.com, www.youtube.com, youtube.com yang boleh "
    "disisipkan (ditemukan: src=\"https://evil.example/embed\")",
    f"{A}:24:1: peringatan HTM006: sisipan <object> dibuang dari halaman: sisipkan video "
    "dengan <iframe> dari YouTube atau Vimeo (ditemukan: '<object>')",
    f"{A}:26:4: peringatan HTM003: atribut 'style' pada <p> dibuang dari halaman: tampilan "
    "diatur oleh tema situs (ditemukan: style=\"color: red\")",
    f"{A}:28:1: peringatan HTM003: gaya <style> dibuang dari halaman: tampilan diatur oleh "
    "tema situs (ditemukan: '<style>')",
    f"{P}:3:18: peringatan HTM001: skrip <script> dibuang dari halaman: isi situs tidak "
    "boleh menjalankan skrip (ditemukan: '<script>')",
    f"{P}:5:5: peringatan HTM007: elemen <svg> tidak dikenal dan dibuang dari halaman "
    "(teksnya tetap tampil); pakai Markdown biasa (ditemukan: '<svg>')",
    f"{P}:5:28: peringatan HTM007: elemen <circle> tidak dikenal dan dibuang dari halaman "
    "(teksnya tetap tampil); pakai Markdown biasa (ditemukan: '<circle>')",
    "content/inovasi/rumus-jahat.yaml:2:12: peringatan HTM002: 'ringkasan': atribut 'onclick' "
    f"pada <b> dibuang dari halaman: {SCRIPT} (ditemukan: onclick=\"alert(6)\")",
]


def gps_photo(path: Path) -> None:
    """A camera photo with its maker and a GPS position in EXIF."""
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "S", 2: (10.0, 30.0, 0.0), 3: "E", 4: (121.0, 50.0, 0.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (1200, 800), (120, 160, 200)).save(path, exif=exif)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("aman") / "site", base="innovation_base")
    shutil.copytree(FIXTURES / "safety_hostile", folder, dirs_exist_ok=True)
    opd = folder / "content/data/perangkat_daerah.yaml"
    text = opd.read_text(encoding="utf-8")
    assert "  nama: Rumah Sakit Umum Daerah\n" in text
    opd.write_text(text.replace("  nama: Rumah Sakit Umum Daerah\n",
                                "  nama: 'RSUD <script>alert(7)</script> & \"Kutip\"'\n"),
                   encoding="utf-8")
    gps_photo(folder / "content/images/berita/gps.jpg")
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    return folder, build


def warning_lines(build) -> list[str]:
    return [line for line in build.stderr.splitlines() if ": peringatan " in line]


def pages(output: Path):
    for path in sorted(output.rglob("*.html")):
        if "admin" in path.relative_to(output).parts:
            continue  # the web editor's own page (Decap CMS), not the site
        yield path.relative_to(output).as_posix(), parse(path)


def test_every_removal_is_a_warning_at_its_line(hostile):
    _, build = hostile
    assert warning_lines(build) == WARNINGS
    assert f"Situs dibangun, tetapi {len(WARNINGS)} peringatan perlu diperiksa" in build.stderr


def test_no_page_carries_script_handlers_or_script_addresses(hostile):
    _, build = hostile
    checked = 0
    for name, soup in pages(build.output):
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), (name, element)
                values = value if isinstance(value, list) else [value]
                for item in values:
                    if attribute in ("href", "src", "action", "srcset", "data"):
                        scheme = scheme_of(item)
                        assert scheme not in ("javascript", "vbscript"), (name, element)
                        if scheme == "data":  # the theme's empty icon, nothing else
                            assert element.name == "link" and item == "data:,", (name, element)
        assert not soup.find_all(["object", "embed", "style", "base"]), name
        for svg in soup.find_all("svg"):  # only the build's own charts
            assert "grafik" in svg.get("class", []), (name, svg)
        for form in soup.find_all("form"):  # the site's own search forms only
            assert form["action"].endswith("cari/"), (name, form)
        for element in soup.find_all(style=True):
            assert element.name in ("th", "td") and element["style"].startswith("text-align"), \
                (name, element)
        for frame in soup.find_all("iframe"):
            assert frame.get("src", "").startswith("https://www.youtube-nocookie.com/") \
                or not frame.get("src"), (name, frame)
        for script in soup.find_all("script"):
            if script.get("type") in ("application/ld+json", "application/json"):
                json.loads(script.string)  # data, and still valid JSON
                assert "<" not in script.string, (name, script)
            else:
                assert "alert" not in (script.string or ""), (name, script)
        checked += 1
    assert checked > 20


def test_hostile_names_are_shown_as_text_everywhere(hostile):
    _, build = hostile
    article = build.html(ARTICLE)
    assert article.title.string.startswith(TITLE + " · ")
    assert article.find("h1").get_text() == TITLE
    assert article.find("meta", property="og:title")["content"] == TITLE
    assert article.find("meta", attrs={"name": "description"})["content"] == "Ringkas & aman."
    assert article.find("meta", property="og:description")["content"] == "Ringkas & aman."
    assert [m["content"] for m in article.find_all("meta", property="article:tag")] == TAGS
    assert [a.get_text() for a in article.select("footer.topik li a")] == TAGS
    meta = article.select_one("header p.meta")
    assert AUTHOR in [a.get_text() for a in meta.find_all("a")]
    assert CATEGORY in [a.get_text() for a in meta.find_all("a")]
    assert article.select(".remah li a")[-1].get_text() == CATEGORY
    jsonld = json.loads(article.find("script", type="application/ld+json").string)
    assert jsonld["keywords"] == TAGS
    assert jsonld["author"][0]["name"] == AUTHOR
    assert jsonld["articleSection"] == CATEGORY

    for listing in ("index.html", "kategori/opini/index.html", "arsip/2025/index.html"):
        soup = build.html(listing)
        card = next(c for c in soup.select(".kartu-berita") if "Harga" in c.get_text())
        assert card.select_one(".kartu-judul a").get_text() == TITLE, listing
        assert not card.select(".ringkas img[onerror]"), listing
    assert build.html("kategori/index.html").find("a", string=CATEGORY)
    assert build.html("penulis/index.html").find("a", string=AUTHOR)
    assert {a.get_text() for a in build.html("topik/index.html").select(".daftar-istilah a")} \
        >= set(TAGS)

    page = build.html("jahat/index.html")
    assert page.find("h1").get_text() == PAGE_TITLE
    assert page.title.string.startswith(PAGE_TITLE + " · ")
    assert page.find("meta", attrs={"name": "description"})["content"] == "Halaman uji."


def test_vocabulary_and_record_names_are_text_on_profiles_lists_and_open_data(hostile):
    _, build = hostile
    profile = build.html("inovasi/rumus-jahat/index.html")
    assert profile.find("h1").get_text() == RECORD
    assert profile.find("meta", property="og:title")["content"] == RECORD
    assert OPD in [a.get_text() for a in profile.select(".remah a")]
    assert json.loads(profile.find("script", type="application/ld+json").string)["name"] \
        == RECORD
    catalogue = build.html("inovasi/index.html")
    assert RECORD in [a.get_text() for a in catalogue.select(".kartu-judul a")]
    assert OPD in [a.get_text() for a in catalogue.select(".saringan a")]

    stats = build.html("inovasi/statistik/index.html")
    assert OPD in [th.get_text() for th in stats.select("table.tabel-data th")]

    rows = list(csv.DictReader(io.StringIO(
        (build.output / "data/inovasi.csv").read_text(encoding="utf-8"))))
    row = next(r for r in rows if r["id"] == "rumus-jahat")
    assert row["nama"] == "'" + RECORD
    assert row["ringkasan"].startswith("'@SUM(1+1)")
    assert row["rancang_bangun"] == "'-2+3 rancang bangun."
    assert row["tujuan"] == "'+tujuan."
    assert row["perangkat_daerah_nama"] == OPD  # no formula character in front


def test_feeds_stay_well_formed_with_hostile_titles(hostile):
    _, build = hostile
    atom = "{http://www.w3.org/2005/Atom}"
    for feed in ("feeds/berita.atom.xml", "feeds/kategori/opini.atom.xml"):
        root = ET.parse(build.output / feed).getroot()
        titles = [e.find(f"{atom}title") for e in root.iter(f"{atom}entry")]
        hostile_titles = [t for t in titles if "Harga" in (t.text or "")]
        assert hostile_titles and all(len(t) == 0 for t in hostile_titles), feed


def test_every_page_has_a_policy_that_allows_exactly_its_own_scripts(hostile):
    _, build = hostile
    names = []
    for name, soup in pages(build.output):
        names.append(name)
        head = soup.head
        policies = head.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert len(policies) == 1, name
        # Before anything that can load or run: right after the charset.
        assert head.find("meta").get("charset") == "utf-8", name
        assert head.find_all("meta")[1] is policies[0], name
        directives = dict(d.strip().split(" ", 1) for d in policies[0]["content"].split(";"))
        inline = [s for s in soup.find_all("script") if not s.get("src")
                  and s.get("type") not in ("application/ld+json", "application/json")]
        expected = csp.script_hashes("".join(f"<script>{s.string or ''}</script>"
                                             for s in inline))
        hashes = [w for w in directives["script-src"].split() if w.startswith("'sha256-")]
        assert hashes == expected, name
        assert "'unsafe-inline'" not in directives["script-src"], name
        # Only the search page may compile code: Pagefind's WebAssembly.
        assert ("'unsafe-eval'" in directives["script-src"]) == (name == "cari/index.html"), name
        assert directives["object-src"] == "'none'", name
        for script in soup.find_all("script", src=True):
            assert not script["src"].startswith(("http:", "https:", "//")), name
        assert head.find("meta", attrs={"name": "referrer"})["content"] \
            == "strict-origin-when-cross-origin", name
    assert "cari/index.html" in names


def test_photo_links_publish_a_stripped_derivative_and_documents_as_they_are(hostile):
    folder, build = hostile
    assert not list(build.output.rglob("gps.jpg"))  # the original, with its GPS, stays home
    article = build.html(ARTICLE)
    link = article.find("a", string="Foto asli")["href"]
    assert re.fullmatch(r"\.\./\.\./\.\./\.\./images/berita/gps-1200\.[0-9a-f]{8}\.jpg", link)
    derivative = Image.open(build.output / link.replace("../", ""))
    assert derivative.size == (1200, 800)
    assert not derivative.getexif()  # no camera, no position
    # The plain site path /images/... was checked and became the responsive picture.
    picture = article.select_one(".isi picture img")
    assert picture["alt"] == "Foto pasar" and re.search(r"gps-960\.[0-9a-f]{8}\.jpg$", picture["src"])
    pdf = article.find("a", string="laporan")["href"]
    assert pdf == "../../../../dokumen/laporan.pdf"
    assert (build.output / "dokumen/laporan.pdf").read_bytes() == \
        (folder / "content/dokumen/laporan.pdf").read_bytes()


def test_markdown_output_is_kept(hostile):
    _, build = hostile
    body = build.html(ARTICLE).select_one(".isi")
    assert [th.get("style") for th in body.select("th")] == ["text-align: left;",
                                                          "text-align: right;"]
    assert body.select_one("sup#fnref\\:1 a.footnote-ref")["href"] == "#fn:1"
    assert body.select_one("div.footnote li#fn\\:1")
    frame = body.find("iframe", src=True)
    assert frame["src"] == "https://www.youtube-nocookie.com/embed/abc123"
    assert frame["title"] == "Video uji" and frame.has_attr("allowfullscreen")
    assert not frame.has_attr("frameborder")  # obsolete, dropped without a warning
    assert [a.get_text() for a in body.find_all("a", href=False)] == \
        ["tautan", "tersembunyi", "vb"]  # the words stay, the address goes
    assert "merah" in body.get_text() and "display" not in body.get_text()


def test_a_cached_rebuild_warns_again_and_rebuilds_a_truncated_derivative(hostile):
    folder, first = hostile
    entries = [p for p in (folder / ".cache/images").iterdir() if (p / "meta.json").is_file()]
    truncated = []
    for entry in entries:
        for name in ("1200.jpg", "960.webp"):
            if (entry / name).is_file():
                data = (entry / name).read_bytes()
                (entry / name).write_bytes(data[: len(data) // 3])
                truncated.append(name)
    assert truncated
    shutil.rmtree(first.output)
    again = run_build(folder)
    assert again.returncode == 0, again.stderr
    assert warning_lines(again) == WARNINGS  # read from the content cache, still reported
    for pattern in ("gps-1200.*.jpg", "gps-960.*.webp"):
        [path] = (again.output / "images/berita").glob(pattern)
        with Image.open(path) as image:
            image.load()  # decodes whole: the broken cache entry was rebuilt
