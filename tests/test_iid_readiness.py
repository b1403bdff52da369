"""Readiness for the IID assessment (issue 25): the indicator rules, evidence checks, the
profile's "Kesiapan IID" section, the regency overview and its open data, `invoke check`'s
warnings grouped by office, the printed dossier (Chromium -> PDF -> text) and the editor.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, make_site
from quality.builds import run_build_without_search

INDICATORS = (ROOT / "content" / "data" / "indikator.yaml").read_text(encoding="utf-8")

RECORD = """\
nama: Inovasi Uji
ringkasan: Ringkasan singkat.
perangkat_daerah: {opd}
tahapan: uji_coba
inisiator: asn
jenis: digital
bentuk: pelayanan_publik
urusan_utama: kesehatan
rancang_bangun: Rancang bangun yang panjang.
tujuan: Tujuan.
manfaat: Manfaat.
lokasi:
  kecamatan: [raijua]
diperbarui: 2025-01-01
"""

EVIDENCE = """\
bukti_dukung:
  - indikator: regulasi
    tentang: SK Tim Inovasi Uji
    nomor: 440/007
    dokumen: dokumen/sk-tim.pdf
  - indikator: kualitas
    tentang: Video inovasi
    tautan: https://video.example.org/inovasi-uji
  - indikator: anggaran
    tentang: DPA tanpa berkas
"""

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def record(opd: str = "dinas-kesehatan", evidence: str = "") -> str:
    return RECORD.format(opd=opd) + evidence


def readiness_files(**records: str) -> dict:
    files = {f"content/inovasi/{name}.yaml": None for name in
             ("aplikasi-antrean", "posyandu-keliling", "sekolah-pantai")}
    files.update({f"content/berita/{name}.md": None  # they name the records left out
                  for name in ("posyandu-dibuka", "posyandu-setahun")})
    files["content/data/indikator.yaml"] = INDICATORS
    files["content/dokumen/sk-tim.pdf"] = PDF
    files.update({f"content/inovasi/{name}.yaml": text for name, text in records.items()})
    return files


@pytest.fixture(scope="module")
def ready_site(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("kesiapan") / "site", readiness_files(**{
        "inovasi-uji": record(evidence=EVIDENCE),
        "inovasi-kosong": record(opd="dinas-pendidikan").replace("Inovasi Uji",
                                                                 "Inovasi Kosong"),
    }), "innovation_base")
    built = run_build_without_search(folder)  # profiles, overview and print; not search
    assert built.returncode == 0, built.stderr
    return built


def page(built, path: str) -> BeautifulSoup:
    return BeautifulSoup((built.output / path).read_text(encoding="utf-8"), "html.parser")


def words(node) -> str:
    return " ".join(node.get_text(" ").split())


# -- 1. the indicators, sourced ------------------------------------------------------------

def test_every_indicator_of_the_data_file_names_evidence_mandatory_and_source():
    import yaml

    from common import vocab

    data = yaml.safe_load(INDICATORS)
    assert len(data) == 20
    for entry in data:
        assert isinstance(entry["wajib"], bool) and entry["bukti"] and entry["sumber"]
        assert entry["terverifikasi"] is False  # nothing matched with BSKDN's own documents yet
    assert [e["slug"] for e in data if e["wajib"]] == ["regulasi", "sdm", "kecepatan",
                                                       "kemanfaatan", "kualitas"]
    assert vocab.FIELD_KINDS.keys() >= {"bool", "text", "text_list"}


def test_a_wrong_kind_in_the_indicator_file_is_dat008_at_its_line(site):
    broken = INDICATORS.replace("  wajib: true\n", "  wajib: ya\n", 1).replace(
        "  bukti: [SK tim inovasi, surat tugas]\n", "  bukti: SK tim\n", 1)
    built = site(readiness_files(**{"inovasi-uji": record()}) | {
        "content/data/indikator.yaml": broken}, base="innovation_base")
    assert built.returncode == 1
    lines = [line for line in built.stderr.splitlines() if "DAT008" in line]
    assert lines == [
        "content/data/indikator.yaml:21:10: galat DAT008: 'wajib' pada butir 'regulasi' harus "
        "berupa nilai ya/tidak (true atau false) (ditemukan: teks 'ya')",
        "content/data/indikator.yaml:28:10: galat DAT008: 'bukti' pada butir 'sdm' harus "
        "berupa daftar teks, misalnya [SK tim, surat tugas] (ditemukan: teks 'SK tim')",
    ]


# -- evidence: documents and links ----------------------------------------------------------

def test_bad_evidence_gets_exact_messages_at_the_record_line(site):
    bad = """\
bukti_dukung:
  - indikator: regulasi
    tentang: SK yang belum diunggah
    dokumen: dokumen/tidak-ada.pdf
  - indikator: sdm
    tentang: Halaman web
    dokumen: dokumen/halaman.html
  - indikator: kualitas
    tentang: Video
    tautan: video.example.org/tanpa-skema
  - indikator: replika
    tentang: Indikator salah tulis
  - indikator: anggaran
    tentang: Keluar folder
    dokumen: dokumen/../pelicanconf.py
"""
    built = site(readiness_files(**{"inovasi-uji": record(evidence=bad)}) | {
        "content/dokumen/halaman.html": "<!doctype html><p>halo</p>"}, base="innovation_base")
    assert built.returncode == 1
    lines = [line for line in built.stderr.splitlines()
             if line.startswith("content/inovasi/inovasi-uji.yaml")]
    assert lines == [
        "content/inovasi/inovasi-uji.yaml:24:13: galat INV011: 'bukti_dukung.tautan' (butir "
        "ke-3) harus alamat web lengkap yang diawali http:// atau https:// (ditemukan: "
        "'video.example.org/tanpa-skema')",
        "content/inovasi/inovasi-uji.yaml:25:16: galat INV012: 'bukti_dukung.indikator' (butir "
        "ke-4) harus salah satu slug di content/data/indikator.yaml; mungkin maksudnya "
        "'replikasi'? (ditemukan: 'replika')",
        "content/inovasi/inovasi-uji.yaml:29:14: galat INV011: 'bukti_dukung.dokumen' (butir "
        "ke-5) harus jalur berkas di folder dokumen/ tanpa spasi dan tanpa '..', misalnya "
        "dokumen/sk-tim-inovasi.pdf (ditemukan: 'dokumen/../pelicanconf.py')",
    ]


def test_a_missing_or_unpublished_document_is_reported_at_its_line(site):
    bad = """\
bukti_dukung:
  - indikator: regulasi
    tentang: SK yang belum diunggah
    dokumen: dokumen/tidak-ada.pdf
  - indikator: sdm
    tentang: Halaman web
    dokumen: dokumen/halaman.html
  - indikator: kecepatan
    tentang: PDF palsu
    dokumen: dokumen/palsu.pdf
"""
    built = site(readiness_files(**{"inovasi-uji": record(evidence=bad)}) | {
        "content/dokumen/halaman.html": "<!doctype html><p>halo</p>",
        "content/dokumen/palsu.pdf": "bukan pdf"}, base="innovation_base")
    assert built.returncode == 1
    lines = [line for line in built.stderr.splitlines()
             if line.startswith("content/inovasi/inovasi-uji.yaml")]
    assert lines[0] == (
        "content/inovasi/inovasi-uji.yaml:18:14: galat INV023: 'bukti_dukung' butir ke-1: "
        "dokumen 'dokumen/tidak-ada.pdf' tidak ada di folder content/dokumen/; unggah "
        "berkasnya ke folder itu atau perbaiki namanya (ditemukan: tidak ada)")
    assert lines[1].startswith(
        "content/inovasi/inovasi-uji.yaml:21:14: galat INV024: 'bukti_dukung' butir ke-2: "
        "dokumen 'dokumen/halaman.html' tidak dapat menjadi bukti: jenis berkas ini ('.html') "
        "tidak diterbitkan;")
    assert lines[2].startswith(
        "content/inovasi/inovasi-uji.yaml:24:14: galat INV024: 'bukti_dukung' butir ke-3: "
        "dokumen 'dokumen/palsu.pdf' tidak dapat menjadi bukti: isi berkas ini bukan PDF")
    assert len(lines) == 3


# -- 2. the profile's section ------------------------------------------------------------------

def test_profile_lists_the_20_indicators_with_evidence_counts_and_mandatory_marks(ready_site):
    section = page(ready_site, "inovasi/inovasi-uji/index.html").select_one("section.kesiapan")
    assert section.h2.get_text() == "Kesiapan IID"
    assert words(section.select_one(".kesiapan-hitungan")) == (
        "2 dari 20 indikator berbukti; 3 indikator wajib belum berbukti. Wajib belum "
        "berbukti: Ketersediaan SDM terhadap Inovasi Daerah, Kecepatan Inovasi, Kemanfaatan "
        "Inovasi.")
    assert [words(th) for th in section.select("thead th[scope=col]")] == [
        "Indikator", "Wajib", "Bukti dukung"]
    rows = section.select("tbody tr")
    assert len(rows) == 20
    assert [words(r.th) for r in rows][:3] == ["Regulasi Inovasi Daerah",
                                                "Ketersediaan SDM terhadap Inovasi Daerah",
                                                "Dukungan Anggaran"]
    assert all(r.th.get("scope") == "row" for r in rows)
    regulasi, sdm, anggaran = rows[0].select("td"), rows[1].select("td"), rows[2].select("td")
    assert words(regulasi[0]) == "Wajib"  # in words, not colour alone
    assert regulasi[1].a["href"].endswith("dokumen/sk-tim.pdf")
    assert words(regulasi[1]) == ("SK Tim Inovasi Uji (dokumen: dokumen/sk-tim.pdf) , nomor "
                                  "440/007")
    assert words(sdm[1]) == "Belum ada bukti."
    assert words(anggaran[0]) == "Tidak"
    assert words(anggaran[1]) == ("Belum ada bukti. Disebut tanpa dokumen atau tautan: DPA "
                                  "tanpa berkas.")
    kualitas = rows[19].select("td")
    assert kualitas[1].a["href"] == "https://video.example.org/inovasi-uji"
    assert "bukan nilai" in words(section)
    assert "belum dicocokkan dengan petunjuk teknis resmi" in words(section)
    # the document is published beside the page it is evidence for
    assert (ready_site.output / "dokumen" / "sk-tim.pdf").read_bytes() == PDF


def test_profile_has_a_print_button_hidden_without_javascript(ready_site):
    doc = page(ready_site, "inovasi/inovasi-uji/index.html")
    holder = doc.select_one(".cetak-tombol")
    assert holder.has_attr("hidden") and words(holder.button) == "Cetak / simpan sebagai PDF"
    assert any("window.print()" in s.get_text() for s in doc.select("script"))


# -- 3. the regency overview and its open data -------------------------------------------------

def test_overview_counts_per_innovation_indicator_and_office(ready_site):
    doc = page(ready_site, "inovasi/kesiapan-iid/index.html")
    assert words(doc.h1) == "Kesiapan IID inovasi daerah"
    table = doc.select_one("#judul-per-inovasi").find_parent("section").table
    rows = [[words(c) for c in r.select("th, td")] for r in table.select("tbody tr")]
    assert rows == [
        ["Inovasi Kosong", "Dinas Pendidikan dan Kebudayaan", "Uji Coba", "0 dari 20",
         "5: Regulasi Inovasi Daerah, Ketersediaan SDM terhadap Inovasi Daerah, Kecepatan "
         "Inovasi, Kemanfaatan Inovasi, Kualitas Inovasi"],
        ["Inovasi Uji", "Dinas Kesehatan", "Uji Coba", "2 dari 20",
         "3: Ketersediaan SDM terhadap Inovasi Daerah, Kecepatan Inovasi, Kemanfaatan Inovasi"],
    ]
    indicator_table = doc.select_one("#kesiapan-indikator").find_parent("section").table
    lacking = {words(r.th): words(r.td) for r in indicator_table.select("tbody tr")}
    assert lacking["Regulasi Inovasi Daerah (wajib)"] == "1"
    assert lacking["Ketersediaan SDM terhadap Inovasi Daerah (wajib)"] == "2"
    assert lacking["Dukungan Anggaran"] == "2"  # named without a file: not evidence
    spm = doc.select_one("#kesiapan-spm").find_parent("section").table
    assert {words(r.th): words(r.td) for r in spm.select("tbody tr")}["Kesehatan"] == "2"
    assert doc.select_one("svg#kesiapan-opd[role=img]") is not None
    todo = doc.select_one("#judul-tugas").find_parent("section")
    assert [words(h) for h in todo.select("h3")] == ["Dinas Kesehatan",
                                                  "Dinas Pendidikan dan Kebudayaan"]
    assert words(todo.select_one("ol.tugas li")).startswith(
        "Inovasi Uji : wajib : Ketersediaan SDM terhadap Inovasi Daerah, Kecepatan Inovasi, "
        "Kemanfaatan Inovasi; lainnya: Dukungan Anggaran, Penggunaan IT,")
    rules = doc.select("ol.daftar-indikator li")
    assert len(rules) == 20 and rules[0].get_text().startswith("Regulasi Inovasi Daerah (wajib).")
    assert words(rules[0]).endswith("(belum dicocokkan dengan dokumen resmi BSKDN).")
    catalogue = page(ready_site, "inovasi/index.html")
    assert catalogue.select_one('a[href$="inovasi/kesiapan-iid/"]') is not None


def test_overview_open_data_json_and_csv(ready_site):
    document = json.loads((ready_site.output / "data" / "kesiapan-iid.json").read_text("utf-8"))
    assert len(document["indikator"]) == 20 and document["jumlah"] == 2
    uji = next(r for r in document["inovasi"] if r["id"] == "inovasi-uji")
    assert uji["indikator_berbukti"] == 2
    assert uji["wajib_belum_berbukti"] == ["sdm", "kecepatan", "kemanfaatan"]
    assert uji["berkas_data"] == "content/inovasi/inovasi-uji.yaml" and uji["baris"] == 15
    rows = list(csv.DictReader(io.StringIO(
        (ready_site.output / "data" / "kesiapan-iid.csv").read_text("utf-8"))))
    assert [r["id"] for r in rows] == ["inovasi-kosong", "inovasi-uji"]
    assert rows[1]["wajib_belum_berbukti"] == "sdm; kecepatan; kemanfaatan"


# -- 4. invoke check: warnings grouped by office ----------------------------------------------

def test_check_lists_missing_mandatory_evidence_as_warnings_grouped_by_office(tmp_path):
    from newsroom.check import check_site, report

    folder = make_site(tmp_path / "site", readiness_files(**{
        "inovasi-uji": record(evidence=EVIDENCE),
        "inovasi-kosong": record(opd="dinas-pendidikan").replace("Inovasi Uji",
                                                                 "Inovasi Kosong"),
    }), "innovation_base")
    result = check_site(folder, tmp_path / "situs")
    assert result.ok  # warnings only: the site still publishes
    text = report(result).splitlines()
    start = text.index("2 inovasi belum berbukti untuk indikator wajib IID (peringatan; situs "
                       "tetap terbit), menurut perangkat daerah:")
    assert text[start + 1:start + 5] == [
        "Dinas Kesehatan (1 inovasi):",
        "  content/inovasi/inovasi-uji.yaml:15:1: peringatan INV030: Dinas Kesehatan: "
        "indikator wajib IID belum berbukti di 'Inovasi Uji': Ketersediaan SDM terhadap "
        "Inovasi Daerah, Kecepatan Inovasi, Kemanfaatan Inovasi; lampirkan dokumen (dokumen: "
        "dokumen/<nama berkas>) atau tautan di 'bukti_dukung' (ditemukan: 2 dari 20 "
        "indikator berbukti)",
        "Dinas Pendidikan dan Kebudayaan (1 inovasi):",
        "  content/inovasi/inovasi-kosong.yaml:1:1: peringatan INV030: Dinas Pendidikan dan Kebudayaan: "
        "indikator wajib IID belum berbukti di 'Inovasi Kosong': Regulasi Inovasi Daerah, "
        "Ketersediaan SDM terhadap Inovasi Daerah, Kecepatan Inovasi, Kemanfaatan Inovasi, "
        "Kualitas Inovasi; lampirkan dokumen (dokumen: dokumen/<nama berkas>) atau tautan di "
        "'bukti_dukung' (ditemukan: 0 dari 20 indikator berbukti)",
    ]
    github = report(result, "github")
    assert "::warning file=content/inovasi/inovasi-uji.yaml,line=15" in github


# -- 6. the web editor -----------------------------------------------------------------------

def test_editor_offers_the_20_indicators_a_document_field_and_a_link_field():
    from admin import config

    schema = json.loads((ROOT / "plugins/innovations/inovasi.schema.json").read_text("utf-8"))
    made = config.editor_config(schema, config.load_vocabularies(ROOT / "content" / "data"),
                                {}, "http://localhost:8081/api/v1")
    innovation = next(c for c in made["collections"] if c.get("folder") == "content/inovasi")
    evidence = next(f for f in innovation["fields"] if f["name"] == "bukti_dukung")
    fields = {f["name"]: f for f in evidence["fields"]}
    assert fields["indikator"]["widget"] == "select"
    assert len(fields["indikator"]["options"]) == 20
    assert fields["dokumen"]["widget"] == "file"
    assert fields["dokumen"]["media_folder"] == "/content/dokumen"
    assert fields["dokumen"]["public_folder"] == "dokumen"
    assert fields["dokumen"]["pattern"][0] == schema["$defs"]["dokumen"]["pattern"]
    assert fields["tautan"]["pattern"][0] == r"^https?://\S+$"


def test_the_editor_may_upload_documents_to_content_dokumen_and_nothing_else_there():
    from admin import config
    from build_report import documents
    from newsroom import editor_rules

    schema = json.loads((ROOT / "plugins/innovations/inovasi.schema.json").read_text("utf-8"))
    made = config.editor_config(schema, config.load_vocabularies(ROOT / "content" / "data"),
                                {}, "http://localhost:8081/api/v1")
    areas = editor_rules.areas_from_config(made)
    assert editor_rules.area_of("content/dokumen/sk-tim.pdf", areas).folder == "content/dokumen"
    for refused in ("content/dokumen/foto.jpg", "content/dokumen/halaman.html"):
        with pytest.raises(editor_rules.Refused):
            editor_rules.area_of(refused, areas)
    assert editor_rules.DOCUMENT_SUFFIXES == set(documents.ALLOWED)


def test_reserved_ids_agree_between_the_generator_and_the_scaffold():
    from innovations.generator import RESERVED_IDS
    from newsroom.scaffold import RESERVED_INNOVATION_IDS

    assert set(RESERVED_INNOVATION_IDS) == RESERVED_IDS


# -- sample records ---------------------------------------------------------------------------

def test_sample_records_show_present_and_missing_evidence(sample_build):
    doc = page(sample_build, "inovasi/posyandu-keliling-raijua/index.html")
    assert words(doc.select_one(".kesiapan-hitungan")).startswith(
        "2 dari 20 indikator berbukti; 3 indikator wajib belum berbukti.")
    assert doc.select_one(".catatan-contoh") is not None  # still marked as an example
    assert (sample_build.output / "dokumen" / "contoh-sk-tim-posyandu-keliling.pdf").is_file()


# -- 5. the printed dossier -------------------------------------------------------------------

def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages), \
        len(reader.pages)


def test_a_profile_prints_as_a_clean_a4_dossier(ready_site, static_server, chromium_page):
    base = static_server(ready_site.output)
    chromium_page.goto(base + "inovasi/inovasi-uji/")
    assert chromium_page.locator(".cetak-tombol button").is_visible()  # shown by its script
    chromium_page.emulate_media(media="print")
    text, pages = pdf_text(chromium_page.pdf(format="A4", print_background=False))
    assert "Inovasi Uji" in text and "Rancang bangun yang panjang." in text
    assert "Kesiapan IID" in text and "2 dari 20 indikator berbukti" in text
    # the full address, printed (a long one wraps: the extracted text has a space there)
    assert "(https://video.example.org/inovasi-uji)" in "".join(text.split())
    assert "Data terakhir diperbarui" in text
    for absent in ("Langsung ke isi utama", "Cari berita dan inovasi", "Arsip berita",
                   "Cetak / simpan sebagai PDF", "Berita tentang inovasi ini"):
        assert absent not in text, absent
    assert pages >= 1


def test_the_overview_prints_as_one_document(ready_site, static_server, chromium_page):
    base = static_server(ready_site.output)
    chromium_page.goto(base + "inovasi/kesiapan-iid/")
    text, pages = pdf_text(chromium_page.pdf(format="A4"))
    assert "Kesiapan IID inovasi daerah" in text
    assert "Yang perlu dilengkapi, per perangkat daerah" in text
    assert "Indikator dan bukti yang dihitung" in text
    for absent in ("Cetak / simpan sebagai PDF", "Langsung ke isi utama",
                   "Cari berita dan inovasi", "Arsip berita"):
        assert absent not in text, absent


def test_without_javascript_the_print_button_stays_hidden(ready_site, static_server,
                                                          chromium_page_nojs):
    base = static_server(ready_site.output)
    chromium_page_nojs.goto(base + "inovasi/inovasi-uji/")
    assert not chromium_page_nojs.locator(".cetak-tombol button").is_visible()
