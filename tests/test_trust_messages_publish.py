"""Issue 21, class 7: what an article's or page's headers make the site publish.

- `Template:` names only a template of the content's own kind (not `cari`);
- an address the build writes itself (admin/, dengar/, a plugin's files...) is never a
  staff page's, checked before writing and again once everything is written;
- one tag (and author) per address: 'Uji', 'UJI', 'uji' are one, warned at each line;
- an article dated later than now waits, and is published by the first build after its
  date, warm cache or cold;
- an untouched `invoke new-article` scaffold is not published.

One failing fixture build holds the broken files; the others are the clean builds the
points need (a successful build to look at, a build after a good one, a warm cache).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from pathlib import Path

import pytest
from invoke import Config, Context

from conftest import ROOT, make_site, parse, project_settings, run_build

from news import rules
from news.unique import SitePath, index_paths, site_clash, site_paths, written_clashes
from newsroom import check, scaffold

import tasks

NOW = "KABAR_SEKARANG"
SLUG_ADVICE = "ganti baris 'Slug' dengan alamat lain (ditemukan: slug '{slug}')"
TITLE_ADVICE = ("tambahkan baris 'Slug:' dengan alamat lain, atau ubah judulnya "
                "(ditemukan: slug '{slug}' dari judul)")


def article(title: str, date: str = "2023-04-01 10:00", more: str = "",
            body: str = "Isi berita.") -> str:
    return f"Title: {title}\nDate: {date}\nCategory: Pemerintahan\n{more}\n{body}\n"


SCAFFOLD = scaffold.article_text("Kerangka Kosong",
                                 dt.datetime(2023, 5, 1, 10, 30, tzinfo=scaffold.WITA),
                                 "Pemerintahan", "kerangka-kosong")
SCAFFOLD_LINE = SCAFFOLD.splitlines().index(scaffold.ARTICLE_BODY) + 1

# path: (text, the exact lines the build prints for it)
BROKEN = {
    "content/berita/cari.md": (
        article("Cari Berita", more="Template: cari\n"),
        ["content/berita/cari.md:4:11: galat BRT013: 'Template' untuk berita harus salah satu "
         "dari article (ditemukan: 'cari'); hapus baris ini untuk memakai templat berita yang "
         "biasa"]),
    "content/berita/daftar.md": (
        article("Daftar Berita", more="Template: index\n"),
        ["content/berita/daftar.md:4:11: galat BRT013: 'Template' untuk berita harus salah "
         "satu dari article (ditemukan: 'index'); hapus baris ini untuk memakai templat berita "
         "yang biasa"]),
    "content/halaman/pakai-berita.md": (
        "Title: Pakai Templat Berita\nTemplate: article\n\nIsi.\n",
        ["content/halaman/pakai-berita.md:2:11: galat BRT013: 'Template' untuk halaman harus "
         "salah satu dari page (ditemukan: 'article'); hapus baris ini untuk memakai templat "
         "halaman yang biasa"]),
    "content/berita/2023/kerangka-kosong.md": (
        SCAFFOLD,
        [f"content/berita/2023/kerangka-kosong.md:{SCAFFOLD_LINE}:1: galat BRT030: teks contoh "
         "dari 'invoke new-article' belum diganti, jadi berita ini tidak diterbitkan; ganti "
         "baris ini dengan isi berita (ditemukan: 'Tulis isi berita di sini.')"]),
    "content/berita/2023/setengah.md": (
        article("Setengah Ditulis", body="Bupati membuka pasar.\n\n"
                "Ya. " + scaffold.ARTICLE_BODY_HINT),
        ["content/berita/2023/setengah.md:7:5: galat BRT030: teks contoh dari 'invoke "
         "new-article' belum diganti, jadi berita ini tidak diterbitkan; ganti baris ini dengan "
         "isi berita (ditemukan: 'Tulis isi berita di sini.')"]),
    "content/halaman/admin.md": (
        "Title: Admin Kami\nSlug: admin\n\nIsi.\n",
        ["content/halaman/admin.md:2:7: galat BRT014: alamat 'admin/' sudah dipakai situs untuk "
         f"penyunting situs; {SLUG_ADVICE.format(slug='admin')}"]),
    "content/halaman/dengar.md": (
        "Title: Dengar\n\nIsi.\n",
        ["content/halaman/dengar.md:1:8: galat BRT014: alamat 'dengar/' sudah dipakai situs "
         f"untuk daftar rekaman; {TITLE_ADVICE.format(slug='dengar')}"]),
    "content/halaman/siaran.md": (
        "Title: Jadwal\nSlug: siaran/pekan-ini\n\nIsi.\n",
        ["content/halaman/siaran.md:2:7: galat BRT014: alamat 'siaran/pekan-ini/' berada di "
         "dalam 'siaran/', yang dipakai situs untuk siaran langsung dan jadwal siaran; "
         f"{SLUG_ADVICE.format(slug='siaran/pekan-ini')}"]),
    "content/halaman/rekaman.md": (
        "Title: Rekaman\nSlug: audio\n\nIsi.\n",
        ["content/halaman/rekaman.md:2:7: galat BRT014: alamat 'audio/' sudah dipakai situs "
         f"untuk rekaman suara; {SLUG_ADVICE.format(slug='audio')}"]),
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    folder = make_site(tmp_path_factory.mktemp("terbit-rusak"),
                       {path: text for path, (text, _) in BROKEN.items()})
    return run_build(folder)


def test_every_broken_header_gets_its_exact_line(broken_build):
    assert broken_build.returncode == 1
    assert "Traceback" not in broken_build.stderr
    expected = sorted(line for _, lines in BROKEN.values() for line in lines)
    assert broken_build.error_lines == expected
    assert not broken_build.output.exists()  # nothing published


# -- a successful build: one spelling per tag, scheduled articles held back ---------------

NFC = unicodedata.normalize("NFC", "Kafé Rakyat")
NFD = unicodedata.normalize("NFD", "Kafé Rakyat")
GOOD = {
    "content/berita/2023/uji-a.md": article("Uji A", "2023-04-01 10:00",
                                            f"Tags: Uji, UJI, uji, {NFC}\nAuthor: Sofyan\n"),
    "content/berita/2023/uji-b.md": article("Uji B", "2023-04-02 10:00",
                                            f"Tags: uji,  {NFD}, Pasar\nAuthor: sofyan\n"),
    "content/berita/2023/uji-c.md": article("Uji C", "2023-04-03 10:00",
                                            f"Tags: Uji, {NFC}\nAuthor: Sofyan\n"),
    "content/berita/2024/jadwal.md": article("Berita Terjadwal", "2024-06-01 10:00",
                                             "Tags: Uji\n"),
}
GOOD_WARNINGS = [
    "content/berita/2023/uji-a.md:4:12: peringatan BRT031: topik 'UJI' ditulis berbeda "
    "dengan 'Uji' di content/berita/2023/uji-a.md; ditampilkan sebagai 'Uji' (samakan "
    "penulisannya agar jelas)",
    "content/berita/2023/uji-a.md:4:17: peringatan BRT031: topik 'uji' ditulis berbeda "
    "dengan 'Uji' di content/berita/2023/uji-a.md; ditampilkan sebagai 'Uji' (samakan "
    "penulisannya agar jelas)",
    "content/berita/2023/uji-b.md:4:7: peringatan BRT031: topik 'uji' ditulis berbeda "
    "dengan 'Uji' di content/berita/2023/uji-a.md; ditampilkan sebagai 'Uji' (samakan "
    "penulisannya agar jelas)",
    f"content/berita/2023/uji-b.md:4:13: peringatan BRT031: topik '{NFD}' ditulis berbeda "
    f"dengan '{NFC}' di content/berita/2023/uji-a.md; ditampilkan sebagai '{NFC}' (samakan "
    "penulisannya agar jelas)",
    "content/berita/2023/uji-b.md:4:27: peringatan BRT031: topik 'Pasar' ditulis berbeda "
    "dengan 'pasar' di content/berita/pasar-seba.md; ditampilkan sebagai 'pasar' (samakan "
    "penulisannya agar jelas)",
    "content/berita/2023/uji-b.md:5:9: peringatan BRT031: penulis 'sofyan' ditulis berbeda "
    "dengan 'Sofyan' di content/berita/pasar-seba.md; ditampilkan sebagai 'Sofyan' (samakan "
    "penulisannya agar jelas)",
]


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """`invoke check`'s own function on a site where 'now' is 1 January 2024."""
    root = make_site(tmp_path_factory.mktemp("terbit-baik"), GOOD)
    output = root / "hasil"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NOW, "2024-01-01 00:00")
        return check.check_site(root, output), output


def test_spellings_are_warned_at_their_lines(checked):
    result, _ = checked
    assert result.ok, check.report(result)
    assert [str(d) for d in result.diagnostics] == GOOD_WARNINGS


def test_one_tag_everywhere(checked):
    _, output = checked
    tags = parse(output / "topik/index.html").select("main li")
    assert [li.get_text(" ", strip=True) for li in tags] == [
        f"{NFC} (3)", "pasar (2)", "sabu barat (1)", "Uji (3)"]
    uji = parse(output / "topik/uji/index.html")
    assert uji.h1.get_text(strip=True).endswith("Uji")
    assert len(uji.select("main article")) == 3
    page = parse(output / "berita/2023/04/uji-a/index.html")
    shown = [a.get_text(strip=True) for a in page.select("a[href*='topik/']")]
    assert shown.count("Uji") == 1 and "UJI" not in shown and "uji" not in shown
    authors = parse(output / "penulis/index.html").select("main li")
    assert [li.get_text(" ", strip=True) for li in authors] == ["Sofyan (4 berita)"]
    feed = (output / "feeds/berita.atom.xml").read_text(encoding="utf-8")
    assert 'term="UJI"' not in feed and 'term="uji"' not in feed and NFD not in feed


def test_a_future_article_waits_and_check_lists_it(checked):
    result, output = checked
    assert not (output / "berita/2024/06/berita-terjadwal").exists()
    for listing in ("index.html", "feeds/berita.atom.xml", "topik/uji/index.html",
                    "arsip/index.html", "sitemap.xml"):
        assert "berita-terjadwal" not in (output / listing).read_text(encoding="utf-8")
    assert (output / "berita/2023/04/uji-a/index.html").is_file()
    assert check.report(result).splitlines()[-2:] == [
        "1 berita dijadwalkan (belum tampil di situs, terbit sendiri saat situs dibangun pada "
        "atau setelah tanggalnya):",
        "content/berita/2024/jadwal.md:2: dijadwalkan terbit Sabtu, 1 Juni 2024 pukul "
        "10.00 WITA"]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_scheduled_article_cached_in_the_future_is_published_like_a_cold_build(
        tmp_path, monkeypatch):
    files = {"content/berita/2024/jadwal.md": article("Berita Terjadwal", "2024-06-01 10:00")}
    warm = make_site(tmp_path / "hangat", files)
    # Pagefind's index files are not byte-stable between builds (test_incremental.py).
    quiet = {"SEARCH": {"enabled": False}}
    # In-process builds, the variable set as staff set it (the command line's own
    # environment: test_a_wrong_now_is_named).
    monkeypatch.setenv(NOW, "2024-01-01 00:00")
    before = run_build(warm, extra=quiet)
    assert before.returncode == 0, before.stderr
    assert not before.exists("berita/2024/06/berita-terjadwal/index.html")
    monkeypatch.setenv(NOW, "2024-06-01 10:00")
    after = run_build(warm, extra=quiet)  # read when future
    assert after.returncode == 0, after.stderr
    assert after.exists("berita/2024/06/berita-terjadwal/index.html")
    cold = make_site(tmp_path / "dingin", files)
    fresh = run_build(cold, extra=quiet)
    assert fresh.returncode == 0, fresh.stderr
    assert tree(after.output) == tree(fresh.output)


def test_a_wrong_now_is_named(tmp_path):
    build = run_build(make_site(tmp_path / "situs"), env={NOW: "besok"})
    assert build.error_lines == [
        "KABAR_SEKARANG: galat BRT032: variabel lingkungan KABAR_SEKARANG harus berformat "
        "TTTT-BB-HH JJ:MM dalam WITA, misalnya 2025-03-03 10:00 (ditemukan: 'besok')"]


# -- after writing: a page in a place the build filled itself ----------------------------

# What is tested is the pages: Pagefind and the web editor's bundle stay off.
SITE_ONLY = """-e 'SEARCH={"enabled": false}' -e 'ADMIN={"enabled": false}'"""


def invoke_build(folder: Path) -> None:
    """What `invoke build` does: build into output.baru, swapped in only on success."""
    context = Context(Config(overrides={"run": {"in_stream": False}}))
    with context.cd(str(folder)):
        tasks.build_into(context, folder / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content", extra=SITE_ONLY)


def test_a_page_the_build_writes_over_is_reported_and_nothing_is_lost(tmp_path, capfd):
    """An archived Blogger post's old address redirects from 2019/05/: a page there is
    overwritten by the redirect. No hand list names that address; the written site does."""
    files = {"content/berita/lama.md": article(
        "Arsip Lama", "2019-05-02 10:00", "Arsip_Blogger: 123\nAlamat_Blogger: "
        "/2019/05/pasar.html\n")}
    folder = make_site(tmp_path / "situs", files)
    invoke_build(folder)
    before = tree(folder / "output")
    (folder / "content/halaman/mei.md").write_text("Title: Mei\nSlug: 2019/05\n\nIsi.\n",
                                                   encoding="utf-8")
    capfd.readouterr()
    with pytest.raises(SystemExit) as stopped:
        invoke_build(folder)
    assert stopped.value.code == 1
    err = capfd.readouterr().err
    assert [line for line in err.splitlines() if ": galat " in line] == [
        "content/halaman/mei.md:2:7: galat BRT014: alamat '2019/05/' sudah dipakai situs untuk "
        "berkas yang dibuatnya sendiri ('2019/05/index.html'); "
        f"{SLUG_ADVICE.format(slug='2019/05')}"]
    assert tree(folder / "output") == before  # the previous site, byte for byte
    assert "Traceback" not in err


def test_every_top_level_path_of_a_full_build_is_reserved(sample_build):
    """PLUGIN_FOLDERS and the settings together name everything a full site writes at its
    top level: a plugin adding a folder without reserving it fails here."""
    taken = index_paths(site_paths(project_settings()))
    pages = {"panduan", "tentang"}  # the sample's own pages
    for entry in sorted(os.listdir(sample_build.output)):
        if entry in pages:
            continue
        assert site_clash(f"{entry}/index.html", taken) is not None, entry


# -- the pure rules ----------------------------------------------------------------------

@pytest.mark.parametrize("names, shown", [
    ([("uji", "Uji"), ("uji", "UJI"), ("uji", "uji")], {"uji": "Uji"}),
    ([("uji", "uji"), ("uji", "Uji"), ("uji", "Uji")], {"uji": "Uji"}),
    ([("a", "A"), ("b", "b"), ("a", "a"), ("a", "a")], {"a": "a", "b": "b"}),
])
def test_shown_spelling_is_the_most_used_then_the_first(names, shown):
    assert rules.shown_spellings(names) == shown


@pytest.mark.parametrize("kind, allowed", [
    ("article", ["article", "article_foto"]), ("page", ["page", "page-lebar"])])
def test_content_templates_are_those_of_the_kind(kind, allowed):
    theme = ["article", "article_foto", "cari", "index", "page", "page-lebar", "articles"]
    assert rules.content_templates(theme, kind) == allowed


def test_placeholders_come_from_the_scaffold():
    assert rules.placeholder_problems(SCAFFOLD, 12)[0].line == SCAFFOLD_LINE
    assert rules.placeholder_problems("Title: x\n\nTulisan sendiri.\n", 3) == []


def test_a_site_path_clashes_whatever_its_case():
    taken = index_paths([SitePath("Admin", True, "penyunting situs")])
    assert site_clash("admin/index.html", taken).label == "penyunting situs"
    assert site_clash("ADMIN/x/index.html", taken).label == "penyunting situs"


def test_written_clashes_find_a_twin_in_another_case_and_a_foreign_file(tmp_path):
    pages = {}
    for name in ("kontak", "profil", "bersih"):
        page = tmp_path / name / "index.html"
        page.parent.mkdir()
        page.write_text("halaman", encoding="utf-8")
        stat = page.stat()
        pages[str(page)] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    (tmp_path / "Kontak").mkdir()
    (tmp_path / "Kontak" / "x.html").write_text("dibuat situs", encoding="utf-8")
    (tmp_path / "profil" / "config.yml").write_text("dibuat situs", encoding="utf-8")
    assert written_clashes(pages, str(tmp_path)) == {
        str(tmp_path / "kontak/index.html"): "Kontak",
        str(tmp_path / "profil/index.html"): "profil/config.yml"}


def test_drafts_and_held_back_articles_take_no_address_from_each_other(tmp_path, monkeypatch):
    """Drafts and articles waiting for their date are written nowhere (DRAFT_SAVE_AS is
    ''), so two of each are no clash of addresses; the published one is the only page."""
    monkeypatch.setenv(NOW, "2025-06-01 10:00")
    text = "Title: {title}\nDate: {date}\nCategory: Pemerintahan\n{extra}\nIsi berita {title}.\n"
    build = run_build(make_site(tmp_path / "site", {
        "content/berita/2025/draf-satu.md": text.format(
            title="Draf Satu", date="2025-01-01 10:00", extra="Status: draft"),
        "content/berita/2025/draf-dua.md": text.format(
            title="Draf Dua", date="2025-01-02 10:00", extra="Status: draft"),
        "content/berita/2025/jadwal-satu.md": text.format(
            title="Jadwal Satu", date="2025-07-01 10:00", extra=""),
        "content/berita/2025/jadwal-dua.md": text.format(
            title="Jadwal Dua", date="2025-07-02 10:00", extra=""),
        "content/berita/2025/terbit.md": text.format(
            title="Sudah Terbit", date="2025-05-01 10:00", extra=""),
    }))

    assert build.returncode == 0, build.stderr
    pages = sorted(p.relative_to(build.output / "berita").as_posix()
                   for p in (build.output / "berita").rglob("index.html"))
    # The minimal fixture's own article (2023) and the published one; no draft, no waiting one.
    assert pages == ["2023/03/pasar-seba-dibuka-kembali/index.html",
                     "2025/05/sudah-terbit/index.html"]
