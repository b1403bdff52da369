"""Innovation pages and data, asserted from parsed HTML, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest

from conftest import make_site, run_build

PROFILE = "inovasi/posyandu-keliling/index.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("inovasi") / "site", {}, "innovation_base")
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    return build


def texts(elements) -> list[str]:
    return [" ".join(e.get_text(" ", strip=True).split()) for e in elements]


def test_profile_sections_in_order(built):
    page = built.html(PROFILE)
    article = page.select_one("main article.inovasi-profil")
    assert article.h1.get_text(strip=True) == "Posyandu Keliling"
    headings = texts(article.select("h2"))
    assert headings[:6] == ["Ringkasan", "Sekilas", "Masalah dan rancang bangun", "Tujuan",
                            "Manfaat", "Hasil"]
    for heading in ("Penerima manfaat", "Tahapan dan waktu", "Mitra",
                    "Tujuan Pembangunan Berkelanjutan (SDGs)", "Penghargaan dan predikat",
                    "Kesiapan IID", "Foto", "Tautan", "Kontak", "Sumber"):
        assert heading in headings
    assert "Contoh." in article.select_one(".catatan-contoh").get_text()
    assert texts(article.select(".penerima li")) == ["Balita: 1.250 anak"]
    assert "Predikat Indeks Inovasi Daerah 2024: Inovatif" in texts(article.select("li"))


def test_profile_timeline_and_dates(built):
    page = built.html(PROFILE)
    steps = page.select("ol.linimasa li")
    assert [s.select_one(".linimasa-nama").get_text() for s in steps] == [
        "Inisiatif", "Uji Coba", "Penerapan"]
    assert steps[1].time["datetime"] == "2023-03-21"
    assert steps[2].time["datetime"] == "2023-07-03"
    assert steps[2]["aria-current"] == "step"
    footer = page.select_one("footer.inovasi-kaki")
    assert footer.find("time", datetime="2025-06-30").get_text() == "Senin, 30 Juni 2025"


def test_profile_links_facets_and_news_newest_first(built):
    page = built.html(PROFILE)
    hrefs = [a["href"] for a in page.select("dl.sekilas a")]
    assert "../../inovasi/tahapan/penerapan/" in hrefs
    assert "../../inovasi/opd/dinas-kesehatan/" in hrefs
    assert "../../inovasi/kecamatan/raijua/" in hrefs
    news = page.select("section.terkait li a")
    assert texts(news) == ["Setahun Posyandu Keliling", "Posyandu Keliling Dibuka"]


def test_profile_media_alt(built):
    image = built.html(PROFILE).select_one("section.inovasi-foto img")
    assert image["alt"] == "Bidan menimbang balita di balai dusun."


def test_profile_search_attributes(built):
    page = built.html(PROFILE)
    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1 and bodies[0].name == "article"
    filters = {}
    for element in page.select("[data-pagefind-filter]"):
        filters.setdefault(element["data-pagefind-filter"], []).append(element.get_text())
    assert filters == {"jenis_konten": ["inovasi"], "tahapan": ["Penerapan"],
                       "perangkat_daerah": ["Dinas Kesehatan"],
                       "kecamatan": filters["kecamatan"], "urusan": ["Kesehatan", "Sosial"], "tahun": ["2023"]}
    assert sorted(filters["kecamatan"]) == ["Raijua", "Sabu Barat"]
    assert page.select_one("[data-pagefind-meta]")["data-pagefind-meta"] == "tanggal:2025-06-30"
    assert page.select_one("[data-pagefind-sort]")["data-pagefind-sort"] == "tanggal:2025-06-30"
    for other in ("inovasi/index.html", "inovasi/statistik/index.html",
                  "inovasi/tahapan/penerapan/index.html"):
        assert built.html(other).select("[data-pagefind-body]") == []


def test_profile_json_ld(built):
    script = built.html(PROFILE).find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "WebPage"
    assert data["dateModified"] == "2025-06-30"
    service = data["about"]
    assert service["@type"] == "GovernmentService"
    assert service["provider"]["name"] == "Dinas Kesehatan"
    assert sorted(a["name"] for a in service["areaServed"]) == [
        "Kecamatan Raijua", "Kecamatan Sabu Barat"]


def test_article_shows_cards_of_its_innovations(built):
    page = built.html("berita/2023/03/posyandu-keliling-dibuka/index.html")
    cards = page.select("section.inovasi-berita .kartu-inovasi")
    assert texts(c.select_one(".kartu-judul") for c in cards) == [
        "Posyandu Keliling", "Sekolah Pantai"]
    assert cards[0].a["href"] == "../../../../inovasi/posyandu-keliling/"


def test_home_page_shows_featured_first(built):
    cards = built.html("index.html").select(".unggulan .kartu-inovasi .kartu-judul")
    assert texts(cards)[0] == "Posyandu Keliling"
    assert len(cards) == 3


def test_catalogue_lists_every_record_with_facet_counts(built):
    page = built.html("inovasi/index.html")
    assert texts(page.select(".daftar-inovasi .kartu-judul")) == [
        "Aplikasi Antrean RSUD", "Posyandu Keliling", "Sekolah Pantai"]
    facets = {}
    for group in page.select("nav.saringan details"):
        facets[group.summary.get_text()] = texts(group.select("li"))
    assert facets["Tahapan"] == ["Inisiatif (1)", "Uji Coba (1)", "Penerapan (1)"]
    assert facets["Kecamatan"] == ["Sabu Barat (2)", "Hawu Mehara (1)", "Raijua (1)"]
    assert facets["Tahun mulai"] == ["2024 (1)", "2023 (1)"]
    assert facets["Urusan pemerintahan"] == ["Pendidikan (1)", "Kesehatan (2)", "Sosial (1)"]
    links = {a["href"] for a in page.select(".data-terbuka a")}
    assert {"../data/inovasi.json", "../data/inovasi.csv",
            "../data/inovasi.schema.json"} <= links


@pytest.mark.parametrize("path, heading, names", [
    ("inovasi/tahapan/uji_coba/", "Tahapan: Uji Coba", ["Sekolah Pantai"]),
    ("inovasi/opd/dinas-kesehatan/", "Perangkat daerah: Dinas Kesehatan", ["Posyandu Keliling"]),
    ("inovasi/urusan/kesehatan/", "Urusan pemerintahan: Kesehatan",
     ["Aplikasi Antrean RSUD", "Posyandu Keliling"]),
    ("inovasi/kecamatan/sabu-barat/", "Kecamatan: Sabu Barat",
     ["Aplikasi Antrean RSUD", "Posyandu Keliling"]),
    ("inovasi/tahun/2024/", "Tahun mulai: 2024", ["Sekolah Pantai"]),
])
def test_facet_pages(built, path, heading, names):
    page = built.html(path + "index.html")
    assert " ".join(page.h1.get_text(" ", strip=True).split()) == heading
    assert texts(page.select(".daftar-inovasi .kartu-judul")) == names
    current = page.select('nav.saringan a[aria-current="page"]')
    assert len(current) == 1


def test_no_page_for_values_nobody_has(built):
    assert not built.exists("inovasi/opd/bpbd/index.html")
    assert not built.exists("inovasi/tahun/2019/index.html")


def test_statistics_charts_have_tables(built):
    page = built.html("inovasi/statistik/index.html")
    sections = page.select("section.statistik")
    assert len(sections) == 5
    for section in sections:
        svg = section.find("svg")
        assert svg["role"] == "img"
        title = svg.find("title")
        assert title["id"] == svg["aria-labelledby"]
        table = section.find("table")
        assert table.caption.get_text() == title.get_text()
        assert [th["scope"] for th in table.thead.select("th")] == ["col", "col"]
        assert len(svg.select("rect")) == len(table.tbody.select("tr"))
    by_stage = sections[0].find("table")
    rows = [(tr.th.get_text(), tr.td.get_text()) for tr in by_stage.tbody.select("tr")]
    assert rows == [("Inisiatif", "1"), ("Uji Coba", "1"), ("Penerapan", "1")]


def test_open_data_json_has_all_records_with_stable_keys(built):
    data = json.loads((built.output / "data/inovasi.json").read_text(encoding="utf-8"))
    assert data["jumlah"] == 3 and data["lisensi"] == "CC BY 4.0"
    records = data["inovasi"]
    assert [r["id"] for r in records] == ["aplikasi-antrean", "posyandu-keliling",
                                          "sekolah-pantai"]
    keys = [list(r) for r in records]
    assert keys[0] == keys[1] == keys[2]
    assert keys[0][:3] == ["id", "url", "nama"]
    posyandu = records[1]
    assert posyandu["lokasi"] == {"kecamatan": ["raijua", "sabu-barat"],
                                  "keterangan": "Dusun pesisir."}
    assert posyandu["waktu_penerapan"] == "2023-07-03"
    assert records[0]["hasil"] is None
    assert data["kosakata"]["tahapan"]["uji_coba"] == "Uji Coba"


def test_published_schema_validates_the_json_records(built):
    schema = json.loads((built.output / "data/inovasi.schema.json").read_text("utf-8"))
    assert "uji_coba" in schema["$defs"]["tahapan"]["enum"]
    data = json.loads((built.output / "data/inovasi.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    for record in data["inovasi"]:
        present = {k: v for k, v in record.items() if v is not None and k not in ("id", "url")}
        assert list(validator.iter_errors(present)) == []


def test_open_data_csv_one_row_per_record(built):
    text = (built.output / "data/inovasi.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == ["aplikasi-antrean", "posyandu-keliling", "sekolah-pantai"]
    posyandu = rows[1]
    assert posyandu["lokasi.kecamatan"] == "raijua; sabu-barat"
    assert posyandu["kecamatan_nama"] == "Raijua; Sabu Barat"
    assert posyandu["tahapan_nama"] == "Penerapan"
    assert posyandu["sdgs"] == "2; 3"
    assert posyandu["mitra"] == "Kader posyandu | menyiapkan tempat"


INJECTION = """\
nama: "Inovasi <b>Tebal</b> & Co"
ringkasan: |
  Halo <script>alert('x')</script> dunia.
  <img src="x.png" onerror="alert(1)"> [klik](javascript:alert(1))
  <a href="https://contoh.id" onclick="alert(2)">situs</a> **penting**
perangkat_daerah: rsud
tahapan: inisiatif
inisiator: asn
jenis: digital
bentuk: pelayanan_publik
urusan_utama: kesehatan
rancang_bangun: "<iframe src='https://jahat.example'></iframe>Rancang."
tujuan: Tujuan.
manfaat: Manfaat.
lokasi:
  kecamatan: [raijua]
diperbarui: 2025-01-01
"""


def test_markdown_fields_are_sanitized_and_plain_fields_escaped(site):
    build = site({"content/inovasi/suntik.yaml": INJECTION}, base="innovation_base")
    assert build.returncode == 0, build.stderr
    page = build.html("inovasi/suntik/index.html")
    article = page.select_one("article.inovasi-profil")
    assert article.find("script") is None
    assert article.find("iframe") is None
    assert article.find("b") is None
    assert article.h1.get_text() == "Inovasi <b>Tebal</b> & Co"
    for element in article.find_all(True):
        assert not any(name.startswith("on") for name in element.attrs), element
        assert not element.get("href", "").lower().startswith("javascript:")
    summary = article.select_one("#judul-ringkasan").find_next("div")
    assert summary.find("strong").get_text() == "penting"
    assert summary.find("a", href="https://contoh.id").get_text() == "situs"
    assert "alert('x')" not in summary.get_text()
    card = build.html("inovasi/index.html").select_one('a[href="../inovasi/suntik/"]')
    assert card.get_text() == "Inovasi <b>Tebal</b> & Co"


def test_site_without_records_still_has_catalogue_and_data(site):
    build = site({})
    assert build.returncode == 0, build.stderr
    page = build.html("inovasi/index.html")
    assert "Belum ada data inovasi." in page.main.get_text()
    data = json.loads((build.output / "data/inovasi.json").read_text(encoding="utf-8"))
    assert data["jumlah"] == 0 and data["inovasi"] == []


def test_catalogue_pages_when_many(site):
    build = site({}, base="innovation_base",
                 extra={"INNOVATIONS": {"per_page": 2, "featured_count": 1}})
    assert build.returncode == 0, build.stderr
    first = build.html("inovasi/index.html")
    second = build.html("inovasi/halaman/2/index.html")
    assert len(first.select(".daftar-inovasi li")) == 2
    assert texts(second.select(".daftar-inovasi .kartu-judul")) == ["Sekolah Pantai"]
    assert first.select_one('a[rel="next"]')["href"] == "../inovasi/halaman/2/"
    assert len(build.html("index.html").select(".unggulan .kartu-inovasi")) == 1


def test_unknown_setting_is_reported(site):
    build = site({}, base="innovation_base", extra={"INNOVATIONS": {"per_pages": 2}})
    assert build.returncode == 1
    assert build.error_lines[0].startswith(
        "pelicanconf.py: galat CFG001: pengaturan INNOVATIONS['per_pages'] tidak dikenal; "
        "mungkin maksudnya 'per_page'?")


# The repository's own sample content.
SAMPLE_IDS = ["hati-sarai-untuk-sabu-raijua", "kartu-nelayan-sabu", "lontar-digital-desa",
              "posyandu-keliling-raijua", "sapa-warga-rspd", "sekolah-pantai-hawu-mehara"]


def test_sample_records_all_built_and_labelled(sample_build):
    data = json.loads((sample_build.output / "data/inovasi.json").read_text("utf-8"))
    assert sorted(r["id"] for r in data["inovasi"]) == SAMPLE_IDS
    for record_id in SAMPLE_IDS:
        page = sample_build.html(f"inovasi/{record_id}/index.html")
        note = page.select_one("article.inovasi-profil .catatan-contoh")
        assert note is not None, record_id
        expected = "Sebagian contoh." if record_id == "hati-sarai-untuk-sabu-raijua" else "Contoh."
        assert note.strong.get_text() == expected


def test_workshop_article_links_hati_sarai(sample_build):
    page = sample_build.html(
        "berita/2023/03/lokakarya-kaji-cepat-inovasi-pelayanan-publik/index.html")
    cards = page.select("section.inovasi-berita .kartu-judul")
    assert texts(cards) == ["Hati Sarai untuk Sabu Raijua"]
    profile = sample_build.html("inovasi/hati-sarai-untuk-sabu-raijua/index.html")
    news = texts(profile.select("section.terkait li a"))
    assert news == ["Posyandu Keliling Mulai Sambangi Desa-desa di Raijua",
                    "Lokakarya Kaji Cepat Inovasi Pelayanan Publik Digelar di Menia"]


def test_missing_vocabulary_file_is_one_message(site):
    build = site({"content/data/kecamatan.yaml": None}, base="innovation_base")
    assert build.returncode == 1
    assert build.error_lines == [
        "content/data/kecamatan.yaml: galat DAT001: berkas daftar tidak ditemukan; "
        "berkas ini wajib ada"]
