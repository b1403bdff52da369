"""invoke import-blogger: Blogger exports (both forms) become Markdown articles in content/.

Images come from a local HTTP server on 127.0.0.1, which these tests allow explicitly
(`LOCAL`: the importer refuses non-public addresses by default); nothing reaches the internet.
"""

from __future__ import annotations

import ipaddress
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from browser import site_server
from conftest import FIXTURES, ROOT, make_site


from blogger import archive, htmltomd, images, slugs
from blogger.fetching import FetchPolicy
from blogger.importer import Options, parse_date, run

EXPORTS = FIXTURES / "blogger_exports"
# The tests' own image server is on 127.0.0.1: allowed here, by this argument only.
LOCAL = FetchPolicy(allow=(ipaddress.ip_network("127.0.0.1/32"),))


@pytest.fixture(scope="module")
def image_server(tmp_path_factory):
    """Blogger-like image addresses on 127.0.0.1: only the largest size (/s0/) exists."""
    root = tmp_path_factory.mktemp("gambar")
    (root / "img/b/R29v/s0").mkdir(parents=True)
    (root / "img/b/Q2Fm/s0").mkdir(parents=True)
    Image.new("RGB", (64, 48), (10, 120, 200)).save(root / "img/b/R29v/s0/posyandu.jpg", "JPEG")
    Image.new("RGB", (40, 30), (10, 200, 20)).save(root / "img/b/Q2Fm/s0/lapak.png", "PNG")

    server = site_server(root)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,),  # quick shutdown
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def export_file(folder: Path, name: str, server: str = "http://127.0.0.1:9") -> Path:
    target = folder / name
    target.write_text((EXPORTS / name).read_text(encoding="utf-8").replace("IMAGES", server),
                      encoding="utf-8")
    return target


def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "situs", base="blogger_site") / "content"


def files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes()
            for p in sorted(content.rglob("*")) if p.is_file()}


def stem(server: str, path: str) -> str:
    return images.file_stem(f"{server}/{path}")


def test_old_form_posts_become_clean_markdown_with_images_and_rewritten_links(tmp_path,
                                                                             image_server):
    content = site(tmp_path)
    before = files(content)
    report = run(export_file(tmp_path, "lama.xml", image_server),
                 Options(content=content, domains=("rspdsaburaijua.id",), network=LOCAL))

    assert report.ok, "\n".join(report.lines())
    assert (report.read, report.imported, report.updated, report.unchanged) == (8, 2, 0, 0)
    assert dict(report.skipped) == {"other": 1, "draft": 2, "comment": 2, "page": 1}
    posyandu = stem(image_server, "img/b/R29v/s320/posyandu.jpg")
    lapak = stem(image_server, "img/b/Q2Fm/w400-h300/lapak.png")
    assert (content / "berita/2019/posyandu-keliling-sambangi-raijua.md").read_text() == (
        "Title: Posyandu Keliling Sambangi Raijua\n"
        "Date: 2019-03-04 09:30\n"
        "Category: Kesehatan\n"
        "Tags: Kesehatan, Posyandu\n"
        "Author: Dewi\n"
        "Slug: posyandu-keliling-sambangi-raijua\n"
        "Arsip_Blogger: 5001\n"
        "Alamat_Blogger: /2019/03/posyandu-keliling-sambangi-raijua.html\n"
        "\n"
        "RAIJUA - Tim **posyandu keliling** mengunjungi *Desa Ledeke*.\n"
        "\n"
        f"![Kader menimbang balita di Ledeke]({{static}}/images/blogger/2019/{posyandu}.jpg)\n"
        "\n"
        "*Kader menimbang balita di Ledeke*\n"
        "\n"
        "Baca juga [berita pasar]({filename}/berita/2019/pasar-seba-ramai-jelang-natal-2.md) "
        "dan [di domain sendiri]({filename}/berita/2019/pasar-seba-ramai-jelang-natal-2.md)"
        ".\n"
        "\n"
        "- imunisasi\n"
        "- timbang\n"
        "\n"
        "[Tonton video](https://www.youtube.com/watch?v=Xy_12-ab)\n")
    # The post from 23:30 UTC is 07:30 WITA the next day; its title was taken by an article
    # staff wrote on the new site, which is left as it was.
    assert (content / "berita/2019/pasar-seba-ramai-jelang-natal-2.md").read_text() == (
        "Title: Pasar Seba Ramai Jelang Natal\n"
        "Date: 2019-03-04 07:30\n"
        "Category: Ekonomi\n"
        "Tags: Pasar, Ekonomi Rakyat\n"
        "Author: Sofyan\n"
        "Slug: pasar-seba-ramai-jelang-natal-2\n"
        "Arsip_Blogger: 5002\n"
        "Alamat_Blogger: /2019/03/pasar-seba.html\n"
        "\n"
        "Pedagang di **Pasar Seba** menambah lapak.\n"
        "\n"
        f"![Lapak pedagang sayur]({image_server}/tidak-ada/s400/hilang.jpg)\n"
        "\n"
        f"![Foto arsip tanpa keterangan]({{static}}/images/blogger/2019/{lapak}.png)\n"
        "\n"
        "[Posyandu]({filename}/berita/2019/posyandu-keliling-sambangi-raijua.md), "
        "[lama](https://lpplrspd.blogspot.com/2018/01/tidak-diimpor.html), "
        "[luar](https://example.org/x).\n")
    with Image.open(content / f"images/blogger/2019/{posyandu}.jpg") as photo:
        assert photo.size == (64, 48)  # the /s0/ original, not the /s320/ the post showed
    for path, data in before.items():
        assert (content / path).read_bytes() == data
    assert report.images_saved == 2 and report.images_undescribed == 1
    assert report.images_failed == [
        f"'Pasar Seba Ramai Jelang Natal' (id Blogger 5002): {image_server}/tidak-ada/s0/"
        f"hilang.jpg: server menjawab 404; {image_server}/tidak-ada/s400/hilang.jpg: "
        "server menjawab 404"]
    assert report.lines()[-2:] == [
        "Impor Blogger: 8 entri dibaca; diimpor 2, diperbarui 0, tidak berubah 0, diubah staf "
        "(tidak ditimpa) 0, dilewati 6 (komentar 2, draf 2, pengaturan/templat 1, halaman "
        "(tanpa --pages) 1), gagal 0.",
        "Gambar: 2 disimpan, 1 tidak tersimpan, 1 tanpa keterangan (daftar kerja: ganti "
        "'Foto arsip tanpa keterangan').",
    ]


def test_new_form_posts_pages_and_messy_entries(tmp_path):
    content = site(tmp_path)
    report = run(export_file(tmp_path, "baru.xml"), Options(content=content, pages=True))

    assert (report.read, report.imported) == (11, 6)
    assert report.read == report.imported + sum(report.skipped.values()) + len(report.failed)
    assert dict(report.skipped) == {"draft": 1, "scheduled": 1, "deleted": 1, "comment": 1}
    assert report.failed == ["'Tanpa Tanggal' (id Blogger 9006): tidak bertanggal; entri ini "
                             "tidak diimpor"]
    assert not report.ok
    assert report.notes == [
        "entri ke-3 (tanpa judul) (id Blogger 9003): judul kosong; dipakai judul 'Nelayan "
        "Raijua kembali melaut setelah cuaca membaik pekan...'",
        "'Rapat Koordinasi' (id Blogger 9005): judulnya sama dengan 'Rapat Koordinasi' (id "
        "Blogger 9004) pada hari yang sama; alamatnya diberi akhiran 'rapat-koordinasi-2'",
    ]
    assert report.images_failed == [
        "'Bupati Resmikan Jalan Baru – “Akses Warga” Lebih Mudah' (id Blogger 9001): gambar "
        "data: (isinya bukan gambar yang dapat dibaca); gambar ini dibuang"]
    data_image = images.file_stem("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAGCAIAAA"
                                  "BxZ0isAAAAFElEQVR4nGM8oaHBgA0wYRWlkwQAppoBJCiW4EgAAAAASUVORK5"
                                  "CYII=")
    assert (content / "berita/2023/bupati-resmikan-jalan-baru-akses-warga-lebih-mudah.md"
            ).read_text() == (
        "Title: Bupati Resmikan Jalan Baru – “Akses Warga” Lebih Mudah\n"
        "Date: 2023-03-03 04:00\n"
        "Category: Infrastruktur\n"
        "Tags: Infrastruktur, Jalan\n"
        "Author: Yanto\n"
        "Slug: bupati-resmikan-jalan-baru-akses-warga-lebih-mudah\n"
        "Arsip_Blogger: 9001\n"
        "Alamat_Blogger: /2023/03/bupati-resmikan-jalan-baru.html\n"
        "\n"
        "## Peresmian\n"
        "\n"
        "Jalan sepanjang **5 km** diresmikan.\n"
        "\n"
        f"![Peta jalan baru]({{static}}/images/blogger/2023/{data_image}.png)\n"
        "\n"
        "1. Seba\n"
        "2. Menia\n"
        "\n"
        "**Tebal lama**\n"
        "\n"
        "tidak ditutup ***miring***\n")
    # Chinese does not transliterate into a slug anyone reads: Blogger's own filename stays.
    chinese = (content / "berita/2023/blog-post.md").read_text()
    assert chinese.startswith("Title: 新闻 萨武岛\nDate: 2023-03-05 10:00\n"
                              "Category: Pemerintahan\nTags: 国际\n")
    # Backdated decades, no title, author 'Unknown' left out, +09:00 converted to WITA.
    assert (content / "berita/1995/nelayan-raijua-kembali-melaut-setelah-cuaca-membaik-pekan.md"
            ).read_text().split("\n\n")[0].splitlines() == [
        "Title: Nelayan Raijua kembali melaut setelah cuaca membaik pekan...",
        "Date: 1995-08-17 09:00", "Category: Pertanian dan Perikanan", "Tags: Nelayan",
        "Slug: nelayan-raijua-kembali-melaut-setelah-cuaca-membaik-pekan",
        "Arsip_Blogger: 9003", "Alamat_Blogger: /1995/08/blog-post.html"]
    assert (content / "halaman/jadwal-siaran.md").read_text() == (
        "Title: Jadwal Siaran\nDate: 2021-01-01 09:00\nSlug: jadwal-siaran\n"
        "Arsip_Blogger: 9020\nAlamat_Blogger: /p/jadwal-siaran.html\n\nPagi: berita daerah.\n")
    assert not (content / "berita/2023/tanpa-tanggal.md").exists()


def test_a_second_run_changes_nothing_and_staff_edits_are_kept(tmp_path):
    content = site(tmp_path)
    export = export_file(tmp_path, "baru.xml")
    run(export, Options(content=content, images=False))
    first = files(content)

    again = run(export, Options(content=content, images=False))
    assert (again.imported, again.updated, again.unchanged, again.edited) == (0, 0, 5, 0)
    assert files(content) == first

    edited = content / "berita/2023/rapat-koordinasi.md"
    edited.write_text(edited.read_text() + "\nTambahan dari staf.\n", encoding="utf-8")
    kept = run(export, Options(content=content, images=False))
    assert (kept.unchanged, kept.edited) == (4, 1)
    assert "'Rapat Koordinasi' (id Blogger 9004): berita/2023/rapat-koordinasi.md sudah " \
           "diubah sejak diimpor; dibiarkan (pakai --force untuk menimpanya)" in kept.notes
    assert edited.read_text().endswith("Tambahan dari staf.\n")

    # Moved by staff: still recognised by its Blogger id, never imported twice.
    moved = content / "berita/2023/rapat-pertama.md"
    edited.rename(moved)
    still = run(export, Options(content=content, images=False))
    assert (still.imported, still.edited) == (0, 1)
    assert not edited.exists()

    forced = run(export, Options(content=content, images=False, force=True))
    assert (forced.updated, forced.edited) == (1, 0)
    assert "Tambahan" not in moved.read_text()

    # Deleted by staff: not brought back, unless forced.
    deleted = content / "berita/2023/rapat-koordinasi-2.md"
    deleted.unlink()
    gone = run(export, Options(content=content, images=False))
    assert (gone.imported, gone.edited) == (0, 1) and not deleted.exists()
    assert "'Rapat Koordinasi' (id Blogger 9005): berita/2023/rapat-koordinasi-2.md sudah " \
           "dihapus sejak diimpor; tidak diimpor lagi (pakai --force untuk mengimpornya " \
           "lagi)" in gone.notes
    back = run(export, Options(content=content, images=False, force=True))
    assert back.imported == 1 and deleted.exists()


def test_posts_converted_in_worker_processes_come_out_the_same(tmp_path):
    export = export_file(tmp_path, "baru.xml")
    serial, parallel = site(tmp_path / "a"), site(tmp_path / "b")
    one = run(export, Options(content=serial, images=False, workers=1))
    two = run(export, Options(content=parallel, images=False, workers=2, parallel_from=1))
    assert files(serial) == files(parallel)
    assert one.lines() == two.lines()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&lol2;</title></feed>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE feed [<!ENTITY rahasia SYSTEM "file:///etc/passwd">]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>&rahasia;</title></feed>"""
ENTITY_NO_DOCTYPE_FEED = """<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><generator>WordPress</generator>
<entry><id>urn:1</id><title>Bukan Blogger</title></entry></feed>"""


@pytest.mark.parametrize("text, message", [
    ("Ini bukan XML, hanya teks.\n",
     "berkas ini bukan XML yang dapat dibaca (baris 1, kolom 1); apakah ini berkas ekspor "
     "Blogger (.xml)?"),
    ("", "berkas ini bukan XML yang dapat dibaca (baris 1, kolom 1); apakah ini berkas ekspor "
         "Blogger (.xml)?"),
    ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
     "berkas ini XML, tetapi bukan ekspor Blogger: elemen utamanya 'rss', seharusnya 'feed' "
     "Atom dari menu Blogger Setelan > Kelola blog > Cadangkan konten"),
    (ENTITY_NO_DOCTYPE_FEED,
     "berkas ini feed Atom, tetapi bukan ekspor Blogger (tidak ada penanda 'tag:blogger.com' "
     "atau generator Blogger)"),
    (BILLION_LAUGHS, "berkas memuat deklarasi DTD (<!DOCTYPE>); demi keamanan berkas seperti "
                     "ini ditolak, ekspor Blogger tidak memakainya"),
    (EXTERNAL, "berkas memuat deklarasi DTD (<!DOCTYPE>); demi keamanan berkas seperti ini "
               "ditolak, ekspor Blogger tidak memakainya"),
], ids=["not-xml", "empty", "rss", "other-atom", "billion-laughs", "external-entity"])
def test_files_that_are_not_blogger_exports_are_refused_and_nothing_changes(tmp_path, text,
                                                                           message):
    content = site(tmp_path)
    before = files(content)
    export = tmp_path / "ekspor.xml"
    export.write_text(text, encoding="utf-8")
    report = run(export, Options(content=content, images=False))
    assert report.fatal == f"{export}: {message}"
    assert not report.ok and report.lines()[-3] == f"gagal: {export}: {message}"
    assert files(content) == before


def test_a_truncated_export_imports_the_entries_before_the_cut(tmp_path):
    content = site(tmp_path)
    whole = (EXPORTS / "lama.xml").read_text(encoding="utf-8")
    export = tmp_path / "terpotong.xml"
    export.write_text(whole[:whole.index("<entry>\n<id>tag:blogger.com,1999:blog-1111.post-5004")
                            + 40], encoding="utf-8")
    report = run(export, Options(content=content, images=False))
    assert report.fatal == (f"{export}: berkas terpotong di baris 51: 4 entri pertama sudah "
                            "dibaca; unduh ulang ekspor dari Blogger")
    assert report.imported == 2 and not report.ok


def test_the_command_prints_counts_and_fails_only_when_an_entry_failed(tmp_path):
    content = site(tmp_path)
    command = [sys.executable, "-m", "invoke", "import-blogger", "--no-images",
               "--content", str(content)]
    good = subprocess.run(command + [str(export_file(tmp_path, "lama.xml"))], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines()[-2] == (
        "Impor Blogger: 8 entri dibaca; diimpor 2, diperbarui 0, tidak berubah 0, diubah staf "
        "(tidak ditimpa) 0, dilewati 6 (komentar 2, draf 2, pengaturan/templat 1, halaman "
        "(tanpa --pages) 1), gagal 0.")
    bad = subprocess.run(command + [str(export_file(tmp_path, "baru.xml"))], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "gagal: 'Tanpa Tanggal' (id Blogger 9006): tidak bertanggal; entri ini tidak " \
           "diimpor" in bad.stdout.splitlines()


def test_worklist_lists_imported_images_waiting_for_a_description(tmp_path, image_server):
    content = site(tmp_path)
    run(export_file(tmp_path, "lama.xml", image_server), Options(content=content, network=LOCAL))
    lapak = stem(image_server, "img/b/Q2Fm/w400-h300/lapak.png")
    assert [str(item) for item in archive.worklist(content)] == [
        f"content/berita/2019/pasar-seba-ramai-jelang-natal-2.md:14:1: gambar arsip "
        f"'{{static}}/images/blogger/2019/{lapak}.png' belum punya teks alternatif; ganti "
        "'Foto arsip tanpa keterangan' dengan isi gambar"]


@pytest.mark.parametrize("html, markdown", [
    ("<div>Satu&nbsp;dua</div><div><br></div><div>tiga<br>empat</div>",
     "Satu dua\n\ntiga  \nempat\n"),
    ("<p>1. bukan daftar</p><p># bukan judul</p><p>&lt;b&gt; bukan tag</p>",
     "1\\. bukan daftar\n\n\\# bukan judul\n\n&lt;b> bukan tag\n"),
    ('<span style="font-weight: bold;">tebal</span> <span style="font-style: italic">miring</span>',
     "**tebal** *miring*\n"),
    ('<p><a href="javascript:alert(1)">klik</a> <a name="more"></a><a href="x y(1).html">ok</a></p>',
     "klik [ok](x%20y%281%29.html)\n"),
    ('<iframe src="//player.vimeo.com/video/42"></iframe><iframe src="https://x.test/"></iframe>',
     "[Tonton video](https://vimeo.com/42)\n"),
    ("<p>&nbsp;</p><p> </p><style>p{}</style><!-- c --><p>isi</p>", "isi\n"),
    ("<h1>A</h1><h3>B</h3>", "## A\n\n### B\n"),
    ('<img src="https://x.test/a.gif" width="1" height="1">', ""),
    ("<p><b>tidak ditutup <i>sama sekali", "**tidak ditutup *sama sekali***\n"),
], ids=["divs-nbsp-br", "text-that-looks-like-markdown", "styled-spans", "links", "video",
        "empty-and-cruft", "headings", "tracking-pixel", "unclosed"])
def test_html_to_markdown(html, markdown):
    assert htmltomd.convert(html).markdown == markdown


@pytest.mark.parametrize("title, old_path, slug", [
    ("Bupati Resmikan Pasar Seba!", "/2023/03/x.html", "bupati-resmikan-pasar-seba"),
    ("Ṣabu Raijua: Ēkonomi Naik", "", "sabu-raijua-ekonomi-naik"),
    ("Новости Сабу", "/2023/03/blog-post.html", "novosti-sabu"),
    ("新闻 萨武岛", "/2023/03/blog-post_5.html", "blog-post-5"),
    ("أخبار", "", "berita-9001"),
    ("", "/2023/03/pasar.html", "pasar"),
], ids=["latin", "accents", "cyrillic", "chinese", "arabic-no-filename", "empty"])
def test_post_slugs(title, old_path, slug):
    assert slugs.post_slug(title, old_path, "9001") == slug


@pytest.mark.parametrize("src, largest", [
    ("https://blogger.googleusercontent.com/img/b/R29v/s320/a.jpg",
     "https://blogger.googleusercontent.com/img/b/R29v/s0/a.jpg"),
    ("https://1.bp.blogspot.com/-x/Y/AAA/z/s1600-h/a.jpg",
     "https://1.bp.blogspot.com/-x/Y/AAA/z/s0/a.jpg"),
    ("https://blogger.googleusercontent.com/img/b/R29v/w640-h480/a.png",
     "https://blogger.googleusercontent.com/img/b/R29v/s0/a.png"),
    ("https://blogger.googleusercontent.com/img/a/AVvXsE=s320",
     "https://blogger.googleusercontent.com/img/a/AVvXsE=s0"),
    ("https://example.org/foto.jpg", "https://example.org/foto.jpg"),
], ids=["s320", "s1600-h", "w-h", "suffix", "other-host"])
def test_largest_image_address(src, largest):
    assert images.largest_url(src) == largest


@pytest.mark.parametrize("value, local", [
    ("2023-03-02T20:00:00.000Z", "2023-03-03 04:00"),
    ("2019-03-04T09:30:00.000+08:00", "2019-03-04 09:30"),
    ("1975-08-17T10:00:00.000+09:00", "1975-08-17 09:00"),
    ("2023-03-02T20:00:00", "2023-03-02 20:00"),
    ("3 Maret 2023", None),
    ("", None),
])
def test_dates_become_wita(value, local):
    parsed = parse_date(value)
    assert (parsed.strftime("%Y-%m-%d %H:%M") if parsed else None) == local


def entry_xml(number: int, title: str, body: str, labels: list[str]) -> str:
    categories = "".join(f"<category term='{label}'/>" for label in labels)
    return (f"<entry><id>tag:blogger.com,1999:blog-3.post-{number}</id>"
            "<blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>"
            f"<title>{title}</title><content type='html'>{html_escape(body)}</content>"
            f"<published>2024-01-{number % 28 + 1:02d}T01:00:00Z</published>{categories}"
            f"<blogger:filename>/2024/01/pos-{number}.html</blogger:filename></entry>")


def html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_thousands_of_labels_a_post_of_several_mb_and_hostile_image_addresses(tmp_path):
    entries = [entry_xml(n, f"Berita {n}", f"<p>Isi {n}</p>",
                         [f"Label {n}-{k}" for k in range(40)]) for n in range(1, 76)]
    big = "".join(f"<div><span>Paragraf {n} tentang pasar seba&nbsp;dan lontar. "
                  + "Pedagang gula sabu menata lapak sejak pagi di Menia. " * 5 + "</span></div>"
                  for n in range(8_000))
    entries.append(entry_xml(100, "Laporan Panjang", big + '<img src="javascript:alert(1)">'
                             '<img src="file:///etc/passwd" alt="x">', ["Ekonomi"]))
    export = tmp_path / "banyak.xml"
    export.write_text("<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' "
                      "xmlns:blogger='http://schemas.google.com/blogger/2018'>"
                      "<id>tag:blogger.com,1999:blog-3</id>" + "".join(entries) + "</feed>",
                      encoding="utf-8")
    assert export.stat().st_size > 2_500_000
    content = site(tmp_path)
    report = run(export, Options(content=content, images=False))
    assert (report.read, report.imported, report.failed) == (76, 76, [])
    assert (content / "berita/2024/berita-75.md").read_text().splitlines()[3] == \
        "Tags: " + ", ".join(f"Label 75-{k}" for k in range(40))
    long = (content / "berita/2024/laporan-panjang.md").read_text()
    assert long.count("Paragraf") == 8_000 and "javascript" not in long and "file:" not in long
    assert report.images_failed == [
        "'Laporan Panjang' (id Blogger 100): gambar dengan alamat 'javascript:alert(1)' bukan "
        "http/https; gambar ini dibuang",
        "'Laporan Panjang' (id Blogger 100): gambar dengan alamat 'file:///etc/passwd' bukan "
        "http/https; gambar ini dibuang"]


def test_an_export_that_is_missing_or_a_folder(tmp_path):
    content = site(tmp_path)
    missing = run(tmp_path / "tidak-ada.xml", Options(content=content))
    assert missing.fatal == f"berkas ekspor '{tmp_path / 'tidak-ada.xml'}' tidak ditemukan"
    folder = run(tmp_path, Options(content=content))
    assert folder.fatal == f"'{tmp_path}' adalah folder, bukan berkas ekspor"
