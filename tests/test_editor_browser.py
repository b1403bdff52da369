"""The web editor (/admin/, Decap CMS) in Chromium against its real local proxy.

One fixture site (innovation_base plus a hand-written article) is copied into a temporary
folder, built with the editor pointing at the proxy `invoke editor` runs
(plugins/newsroom/editor_proxy.py), writing into that copy, never into the repository's
content/. Each test then works through the editor as a reporter or an
office would, and asserts the files on disk and the site built from them.
"""

from __future__ import annotations

import datetime
import json
import shutil
import socket
import time
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from PIL import Image

from browser import StaticServer, open_page
from conftest import ROOT, make_site, run_build


from newsroom import editor_proxy

SCHEMA = ROOT / "plugins" / "innovations" / "inovasi.schema.json"

# Written by hand, in the ways staff write: a continued line, "Tags:" without spaces after
# commas, a sample mark, two spaces after a colon. The editor must leave it byte-identical.
HAND_WRITTEN = (
    "Title: Nelayan Raijua Belajar Mencatat Hasil Tangkapan\n"
    "Date: 2025-02-03 08:05\n"
    "Category: Pemerintahan\n"
    "Tags: nelayan,pencatatan , raijua\n"
    "Author:  Maria\n"
    "Summary: Kelompok nelayan di Raijua mulai mencatat hasil tangkapan harian\n"
    "    di buku yang dibagikan penyuluh.\n"
    "Inovasi: posyandu-keliling\n"
    "Contoh: ya\n"
    "\n"
    "Penyuluh perikanan membagikan *buku catatan* kepada dua puluh nelayan.\n"
    "\n"
    "- Hasil tangkapan dicatat setiap sore.\n"
    "- Catatan dibahas sebulan sekali.\n"
)
HAND_WRITTEN_PATH = "content/berita/2025/nelayan-raijua-mencatat.md"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class EditorSite:
    """A temporary copy of a fixture site, its editor proxy, and its built site served."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.proxy_port = free_port()
        self.proxy_url = f"http://127.0.0.1:{self.proxy_port}/api/v1"

    def build(self):
        shutil.rmtree(self.folder / "output", ignore_errors=True)
        # One -e setting only: Pelican keeps the last of several -e options.
        return run_build(self.folder, extra={"ADMIN": {"local_proxy": self.proxy_url}})


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("penyunting") / "situs",
                       {HAND_WRITTEN_PATH: HAND_WRITTEN}, base="innovation_base")
    site = EditorSite(folder)
    build = site.build()
    assert build.returncode == 0, build.stderr
    with StaticServer(folder / "output") as server:
        site.url = server.base_url
        proxy = editor_proxy.make_server(folder, editor_proxy.project_areas(),
                                         frozenset({server.base_url.rstrip("/")}),
                                         port=site.proxy_port)
        editor_proxy.start(proxy)
        try:
            yield site
        finally:
            proxy.shutdown()
            proxy.server_close()


@pytest.fixture(scope="module")
def editor_page(editor_site, chromium_browser):
    """One page for the module's tests, logged in to the local proxy once.

    Each test loads the editor afresh in it (open_editor), so Decap's state is new; but the
    page's renderer keeps the compiled 6.5 MB bundle between loads: a fresh context or page
    compiles it again (~1.5 s a load). Problems seen while logging in count for every test.
    """
    context, page = open_page(chromium_browser)
    context.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(editor_site.url + "admin/")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_text("Kumpulan isi").wait_for()
    page.login_problems = list(page.problems)
    yield page
    context.close()


def open_editor(page, site: EditorSite, route: str):
    """The editor at #/<route>, logged in to the local proxy, in a freshly loaded page.

    Decap keeps the form of the first collection opened by hash, and its local backups of
    unsaved entries (IndexedDB) would be offered to the next test: a fresh load after
    leaving the page (its unsaved changes too) and clearing them is clean. The login
    (localStorage) is kept.
    """
    page.goto("about:blank")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Storage.clearDataForOrigin",
             {"origin": site.url.rstrip("/"), "storageTypes": "indexeddb"})
    cdp.detach()
    page.problems[:] = page.login_problems
    page.goto(site.url + "admin/#/" + route)
    return page


def save(page) -> None:
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Simpan sekarang", exact=True).click()
    # Each test saves once per page load (a reload clears the messages), so the message
    # seen is this save's.
    page.get_by_text("Tersimpan. Pratinjau situs diperbarui").wait_for()


def wait_for_file(path: Path, timeout: float = 10) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            return path.read_text(encoding="utf-8")
        time.sleep(0.02)
    raise AssertionError(f"{path} tidak ditulis")


def rich_text(page, label: str):
    """The rich-text (Markdown) editor of the field labelled `label`."""
    field = page.locator(f"label:text-is('{label}')")
    container = field.locator("xpath=ancestor::div[.//*[@data-slate-editor]][1]")
    return container.locator("[data-slate-editor]").first


def photo(path: Path) -> Path:
    Image.new("RGB", (1200, 800), (40, 110, 160)).save(path, "JPEG", quality=80)
    return path


def test_new_article_with_photo_and_innovation(editor_site, editor_page, tmp_path):
    page = open_editor(editor_page, editor_site, "collections/berita/new")
    page.get_by_label("Judul", exact=True).fill("Warga Seba Coba Penyunting Web")
    page.get_by_label("Tanggal dan jam terbit (WITA)").fill("2026-11-30T09:15")
    page.get_by_label("Kategori").click()
    page.get_by_text("Pemerintahan", exact=True).click()
    page.get_by_label("Topik").fill("radio, pelayanan publik")
    page.get_by_label("Penulis").fill("Sofyan")
    page.get_by_label("Ringkasan").fill("Reporter menulis berita dari peramban.")
    page.get_by_role("button", name="Pilih foto").click()
    page.locator("input[type=file]").set_input_files(photo(tmp_path / "perahu-seba.jpg"))
    page.get_by_text("perahu-seba.jpg").wait_for()
    page.get_by_role("button", name="Pakai yang dipilih").click()
    page.get_by_label("Teks alternatif foto sampul").fill("Perahu nelayan di pantai Seba")
    page.get_by_label("Inovasi yang diberitakan").click()
    page.keyboard.type("Sekolah")
    page.get_by_text("Sekolah Pantai", exact=True).click()
    page.locator("[data-slate-editor]").click()
    # Text into the rich-text editor arrives as one input (as a phone keyboard or an input
    # method sends it), not key by key: Slate renders the form again for every key.
    page.keyboard.insert_text("Berita pertama yang ditulis lewat penyunting web.")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Sisipkan").click()
    page.get_by_text("Foto", exact=True).last.click()
    page.get_by_role("button", name="Pilih foto").last.click()
    page.get_by_text("perahu-seba.jpg").click()
    page.get_by_role("button", name="Pakai yang dipilih").click()
    page.get_by_label("Teks alternatif (isi foto bagi pembaca yang tidak melihatnya)").fill(
        "Perahu bersandar di pantai")
    save(page)

    written = editor_site.folder / "content/berita/2026/warga-seba-coba-penyunting-web.md"
    assert wait_for_file(written).splitlines() == [
        "Title: Warga Seba Coba Penyunting Web",
        "Date: 2026-11-30 09:15",
        "Category: Pemerintahan",
        "Tags: radio, pelayanan publik",
        "Author: Sofyan",
        "Summary: Reporter menulis berita dari peramban.",
        "Cover: images/berita/perahu-seba.jpg",
        "Cover_Alt: Perahu nelayan di pantai Seba",
        "Inovasi: sekolah-pantai",
        "",
        "Berita pertama yang ditulis lewat penyunting web.",
        "",
        "![Perahu bersandar di pantai]({static}/images/berita/perahu-seba.jpg)",
    ]
    assert (editor_site.folder / "content/images/berita/perahu-seba.jpg").read_bytes() \
        == (tmp_path / "perahu-seba.jpg").read_bytes()
    assert not page.problems, page.problems

    build = editor_site.build()
    assert build.returncode == 0, build.stderr
    html = build.html("berita/2026/11/warga-seba-coba-penyunting-web/index.html")
    assert html.h1.get_text(strip=True) == "Warga Seba Coba Penyunting Web"
    cover = html.select_one("article.berita img")
    assert cover["alt"] == "Perahu nelayan di pantai Seba"
    assert "perahu-seba" in cover["src"]
    in_body = html.select_one("article.berita .isi img")
    assert in_body["alt"] == "Perahu bersandar di pantai" and "perahu-seba" in in_body["src"]
    profile = build.html("inovasi/sekolah-pantai/index.html")
    assert "Warga Seba Coba Penyunting Web" in [a.get_text(strip=True) for a in profile.select("a")]


def saved_text(path: Path, before_mtime: int) -> bytes:
    deadline = time.monotonic() + 10
    while path.stat().st_mtime_ns == before_mtime and time.monotonic() < deadline:
        time.sleep(0.02)
    assert path.stat().st_mtime_ns != before_mtime, "penyunting tidak menyimpan berkas"
    return path.read_bytes()


def test_hand_written_article_keeps_every_byte_it_was_not_asked_to_change(editor_site,
                                                                          editor_page):
    # Decap does not save an entry that is unchanged (its button says "Tersimpan"). So:
    # change the title and save (only that line changes), then put it back and save
    # (the file is byte-identical to what the staff member wrote by hand).
    path = editor_site.folder / HAND_WRITTEN_PATH
    original = path.read_bytes()
    page = open_editor(editor_page, editor_site,
                       "collections/berita/entries/2025/nelayan-raijua-mencatat")
    title = page.get_by_label("Judul", exact=True)
    assert title.input_value() == "Nelayan Raijua Belajar Mencatat Hasil Tangkapan"

    title.fill("Nelayan Raijua Mencatat Hasil Tangkapan")
    mtime = path.stat().st_mtime_ns
    save(page)
    changed = saved_text(path, mtime).decode("utf-8").splitlines()
    expected = original.decode("utf-8").splitlines()
    expected[0] = "Title: Nelayan Raijua Mencatat Hasil Tangkapan"
    assert changed == expected

    # Opened again (Decap compares with the entry as it was first loaded), title put back.
    page.reload()
    title = page.get_by_label("Judul", exact=True)
    assert title.input_value() == "Nelayan Raijua Mencatat Hasil Tangkapan"
    title.fill("Nelayan Raijua Belajar Mencatat Hasil Tangkapan")
    mtime = path.stat().st_mtime_ns
    save(page)
    assert saved_text(path, mtime).decode("utf-8") == original.decode("utf-8")
    assert not page.problems, page.problems


def test_new_innovation_through_the_form(editor_site, editor_page):
    page = open_editor(editor_page, editor_site, "collections/inovasi/new")
    page.get_by_label("Nama inovasi").fill("Antar Obat Desa")
    page.get_by_label("Ringkasan", exact=True).fill("Obat dari puskesmas diantar ke rumah warga lanjut usia.")
    # Each value chosen by name: Enter on an opened list took the option under the mouse
    # pointer, which a busy machine's timing moved (a CI run chose 'Kepala Daerah').
    for label, choice in (("Tahapan", "Uji Coba"), ("Perangkat daerah", "Dinas Kesehatan"),
                          ("Inisiator", "OPD"), ("Jenis", "Digital"),
                          ("Bentuk", "Inovasi Tata Kelola Pemerintahan Daerah"),
                          ("Urusan utama", "Tenaga Kerja"), ("Kecamatan", "Sabu Barat"),
                          ("SDGs (boleh kosong)", "1. Tanpa Kemiskinan")):
        page.get_by_label(label, exact=True).click()
        page.get_by_role("option", name=choice, exact=True).click()
    for label, text in (("Masalah dan rancang bangun", "Warga lanjut usia sulit ke puskesmas."),
                        ("Tujuan", "Obat sampai tepat waktu."),
                        ("Manfaat", "Warga tidak perlu berjalan jauh.")):
        rich_text(page, label).click()
        page.keyboard.insert_text(text)
    page.get_by_label("Terakhir diperiksa").fill("2026-11-30")
    save(page)

    written = editor_site.folder / "content/inovasi/antar-obat-desa.yaml"
    data = yaml.safe_load(wait_for_file(written))
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [error.message for error in Draft202012Validator(schema).iter_errors(
        json.loads(json.dumps(data, default=str)))]
    assert not errors, errors
    assert data == {
        "nama": "Antar Obat Desa",
        "ringkasan": "Obat dari puskesmas diantar ke rumah warga lanjut usia.",
        "unggulan": False, "tahapan": "uji_coba", "perangkat_daerah": "dinas-kesehatan",
        "inisiator": "perangkat_daerah", "jenis": "digital", "bentuk": "tata_kelola",
        "urusan_utama": "tenaga_kerja", "lokasi": {"kecamatan": ["sabu-barat"]},
        "rancang_bangun": "Warga lanjut usia sulit ke puskesmas.",
        "tujuan": "Obat sampai tepat waktu.", "manfaat": "Warga tidak perlu berjalan jauh.",
        "sdgs": [1], "diperbarui": datetime.date(2026, 11, 30),
    }
    assert not page.problems, page.problems

    build = editor_site.build()
    assert build.returncode == 0, build.stderr
    profile = build.html("inovasi/antar-obat-desa/index.html")
    assert profile.h1.get_text(strip=True) == "Antar Obat Desa"


def test_empty_required_field_is_refused_with_a_message(editor_site, editor_page, tmp_path):
    before = sorted(path.relative_to(editor_site.folder).as_posix()
                    for path in (editor_site.folder / "content").rglob("*") if path.is_file())
    page = open_editor(editor_page, editor_site, "collections/berita/new")
    page.get_by_label("Tanggal dan jam terbit (WITA)").fill("2026-11-30T10:00")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Simpan sekarang", exact=True).click()
    page.get_by_text("Ada kolom wajib yang belum diisi").wait_for()
    assert page.get_by_text("Judul wajib diisi.").is_visible()
    assert page.get_by_text("Kategori wajib diisi.").is_visible()
    after = sorted(path.relative_to(editor_site.folder).as_posix()
                   for path in (editor_site.folder / "content").rglob("*") if path.is_file())
    assert after == before

    # A rule across two fields, as the build has it (BRT007): a cover photo needs its alt.
    page.get_by_label("Judul", exact=True).fill("Foto Tanpa Keterangan")
    page.get_by_label("Kategori").click()
    page.get_by_text("Pemerintahan", exact=True).click()
    page.get_by_role("button", name="Pilih foto").click()
    page.locator("input[type=file]").set_input_files(photo(tmp_path / "tanpa-alt.jpg"))
    page.get_by_text("tanpa-alt.jpg").wait_for()
    page.get_by_role("button", name="Pakai yang dipilih").click()
    page.locator("[data-slate-editor]").click()
    page.keyboard.insert_text("Isi berita.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Simpan sekarang", exact=True).click()
    page.get_by_text("Belum disimpan. Periksa: foto sampul perlu teks alternatif: isi kolom "
                     "'Teks alternatif foto sampul' dengan isi foto bagi pembaca yang tidak "
                     "melihatnya (BRT007)").wait_for()
    after = sorted(path.relative_to(editor_site.folder).as_posix()
                   for path in (editor_site.folder / "content").rglob("*") if path.is_file())
    assert after == before
