"""Images: phone photos upright, stripped, responsive, cached; bad images are diagnostics."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from urllib.parse import urljoin

import pytest
from PIL import Image, ImageCms, ImageDraw

from conftest import ROOT, make_site
from quality.builds import run_build_without_search as run_build  # photos, not search


from images import derive, markup


GPS = {1: "S", 2: (10.0, 29.0, 30.0), 3: "E", 4: (121.0, 50.0, 15.0)}
ARTICLE_URL = "berita/2023/03/foto-pasar/index.html"


def upright_scene(width: int, height: int) -> Image.Image:
    """Blue on top, sand-coloured at the bottom: a test can tell which way is up."""
    image = Image.new("RGB", (width, height), (30, 90, 220))
    ImageDraw.Draw(image).rectangle((0, height // 2, width, height), fill=(220, 190, 130))
    return image


def phone_photo(width: int = 2000, height: int = 1500, orientation: int = 6,
                icc: bytes | None = None) -> bytes:
    """A JPEG as phones write it: pixels stored sideways, Orientation tag, GPS, camera."""
    if orientation == 6:
        stored = upright_scene(height, width).transpose(Image.Transpose.ROTATE_90)
    else:
        stored = upright_scene(width, height)
    exif = Image.Exif()
    exif[0x010F] = "Contoh"
    exif[0x0112] = orientation
    exif[0x8825] = GPS
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    stored.save(out, "JPEG", quality=85, exif=exif, **extra)
    return out.getvalue()


def graphic_png(width: int = 600, height: int = 300) -> bytes:
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((10, 10, width - 10, height - 10), fill=(200, 30, 30, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def article(body: str = "", cover: str | None = None, alt: str = "Foto pasar",
            slug: str = "foto-pasar") -> str:
    lines = [f"Title: Berita {slug}", "Date: 2023-03-03 09:30", "Category: Pemerintahan",
             f"Slug: {slug}", "Summary: Pasar ramai."]
    if cover:
        lines += [f"Cover: {cover}", f"Cover_Alt: {alt}"]
    return "\n".join(lines) + "\n\nPasar ramai pagi ini.\n\n" + body + "\n"


# -- pure functions -------------------------------------------------------------------

@pytest.mark.parametrize("width, expected", [
    (4000, [480, 960, 1600]),
    (1600, [480, 960, 1600]),
    (1200, [480, 960, 1200]),
    (960, [480, 960]),
    (300, [300]),
])
def test_widths_are_never_upscaled(width, expected):
    assert derive.plan_widths(width, (1600, 480, 960)) == expected


@pytest.mark.parametrize("size, box, out", [
    ((4000, 3000), (0, 360, 4000, 2460), (1200, 630)),     # landscape: a band, 40% down
    ((3000, 4000), (0, 970, 3000, 2545), (1200, 630)),    # portrait
    ((3000, 1000), (547, 0, 2452, 1000), (1200, 630)),     # panorama: centred across
    ((800, 600), (0, 72, 800, 492), (800, 420)),           # small: never upscaled
])
def test_social_crop(size, box, out):
    assert derive.og_box(*size) == (box, out)


@pytest.mark.parametrize("src, expected", [
    ("{static}/images/a.jpg", ("static", "/images/a.jpg")),
    ("|static|images/a.jpg", ("static", "images/a.jpg")),
    ("{attach}a.jpg?x=1", ("attach", "a.jpg")),
    ("https://example.org/a.jpg", None),
    ("/images/a.jpg", None),
])
def test_intrasite_path(src, expected):
    assert markup.intrasite_path(src) == expected


def test_img_tags_and_their_lines():
    html = '<p>x</p><img alt="Satu &amp; dua" src="{static}/a.jpg"><IMG src=b.png>'
    tags = markup.find_img_tags(html)
    assert [t.attributes for t in tags] == [{"alt": "Satu & dua", "src": "{static}/a.jpg"},
                                            {"src": "b.png"}]
    source = "Title: x\n\nteks ![a]({static}/a.jpg)\n\n![b]({static}/a.jpg)\n"
    assert markup.locate(source, "{static}/a.jpg", 0) == (3, 6)
    assert markup.locate(source, "{static}/a.jpg", 1) == (5, 1)
    assert markup.locate(source, "{static}/a.jpg", 2) == (0, 0)


def test_picture_markup():
    files = [derive.Variant(480, 640, "webp"), derive.Variant(480, 640, "jpg"),
             derive.Variant(900, 1200, "webp"), derive.Variant(900, 1200, "jpg")]
    html = markup.picture("images/x/foto.jpg", files, 'Ibu "Ani"', url=lambda p: "../" + p,
                          sizes="50vw")
    assert html == (
        '<picture><source type="image/webp" srcset="../images/x/foto-480.webp 480w, '
        '../images/x/foto-900.webp 900w" sizes="50vw"><img src="../images/x/foto-900.jpg" '
        'srcset="../images/x/foto-480.jpg 480w, ../images/x/foto-900.jpg 900w" sizes="50vw" '
        'width="900" height="1200" alt="Ibu &quot;Ani&quot;" loading="lazy" '
        'decoding="async"></picture>')


def test_render_turns_upright_strips_metadata_and_converts_icc(tmp_path):
    original = tmp_path / "foto.jpg"
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original.write_bytes(phone_photo(2000, 1500, orientation=6, icc=srgb))
    entry = tmp_path / "cache" / "entry"
    meta = derive.render(derive.Job(str(original), str(entry), (480, 960, 1600), 75, 10**8))
    assert meta["header"] == {"width": 1500, "height": 2000, "format": "JPEG", "graphic": False}
    names = sorted(p.name for p in entry.iterdir())
    assert names == ["1500.jpg", "1500.webp", "480.jpg", "480.webp", "960.jpg", "960.webp",
                     "meta.json", "og.jpg"]
    for name, size in [("480.webp", (480, 640)), ("960.jpg", (960, 1280)),
                       ("1500.jpg", (1500, 2000)), ("og.jpg", (1200, 630))]:
        with Image.open(entry / name) as image:
            assert image.size == size
            assert not image.getexif()
            assert "icc_profile" not in image.info and "exif" not in image.info
    with Image.open(entry / "480.jpg") as image:
        top, bottom = image.getpixel((240, 20)), image.getpixel((240, 620))
    assert top[2] > 180 and bottom[0] > 180  # blue sky on top, sand at the bottom
    assert b"Exif" not in (entry / "960.jpg").read_bytes()


def test_graphic_keeps_transparency_in_png(tmp_path):
    original = tmp_path / "logo.png"
    original.write_bytes(graphic_png())
    entry = tmp_path / "entry"
    derive.render(derive.Job(str(original), str(entry), (480, 960), 75, 10**8))
    with Image.open(entry / "480.png") as image:
        assert image.size == (480, 240)
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0
    assert (entry / "600.png").is_file() and not (entry / "600.jpg").exists()
    for width in (480, 600):  # a WebP is kept only where it is lighter than the PNG
        webp, png = entry / f"{width}.webp", entry / f"{width}.png"
        assert not webp.exists() or webp.stat().st_size < png.stat().st_size


# -- whole builds ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """An article with a phone photo (Orientation 6, GPS) as cover and a graphic inside."""
    folder = make_site(tmp_path_factory.mktemp("photo") / "site", {
        "content/images/berita/pasar.jpg": phone_photo(2000, 1500, orientation=6),
        "content/images/grafik/denah.png": graphic_png(),
        "content/berita/foto-pasar.md": article(
            "![Denah los pasar]({static}/images/grafik/denah.png)",
            cover="images/berita/pasar.jpg", alt="Pedagang menata ikan di los pasar"),
    })
    build = run_build(folder)
    assert build.returncode == 0, build.stderr
    return build


def test_phone_photo_is_published_upright_at_a_few_sizes(photo_site):
    folder = photo_site.output / "images" / "berita"
    names = sorted(p.name for p in folder.iterdir())
    tag = names[0].split(".")[1]  # the content hash in every name
    assert re.fullmatch(r"[0-9a-f]{8}", tag)
    assert names == [f"pasar-1500.{tag}.jpg", f"pasar-1500.{tag}.webp", f"pasar-480.{tag}.jpg",
                     f"pasar-480.{tag}.webp", f"pasar-960.{tag}.jpg", f"pasar-960.{tag}.webp",
                     f"pasar-og.{tag}.jpg"]
    with Image.open(folder / f"pasar-960.{tag}.webp") as image:
        assert image.format == "WEBP" and image.size == (960, 1280)
        rgb = image.convert("RGB")
        assert rgb.getpixel((480, 20))[2] > 180 and rgb.getpixel((480, 1260))[0] > 180


def test_no_published_file_carries_exif_or_gps(photo_site):
    published = [p for p in photo_site.output.rglob("*") if p.is_file()]
    assert not [p for p in published if p.suffix in (".jpg", ".png") and "-" not in p.stem]
    for path in published:
        assert b"Exif\x00\x00" not in path.read_bytes(), path
        if path.suffix in (".jpg", ".webp", ".png"):
            with Image.open(path) as image:
                assert not image.getexif(), path
                assert "exif" not in image.info and "icc_profile" not in image.info, path


def test_cover_and_inline_images_are_responsive_pictures(photo_site):
    page = photo_site.html(ARTICLE_URL)
    pictures = page.find("article").find_all("picture")
    assert len(pictures) == 2
    cover, inline = pictures
    assert cover.find_parent("figure")["class"] == ["sampul"]

    def resolves(url: str) -> bool:
        target = urljoin("http://x/" + ARTICLE_URL, url)
        return (photo_site.output / target.removeprefix("http://x/")).is_file()

    for picture, fallback, widths, size, lazy in [
        (cover, "jpg", [480, 960, 1500], ("1500", "2000"), False),
        (inline, "png", [480, 600], ("600", "300"), True),
    ]:
        source, img = picture.find("source"), picture.find("img")
        plain = [item.split() for item in img["srcset"].split(", ")]
        # Per width the lighter file: the WebP, or the JPEG/PNG where the WebP was heavier.
        offered = [item.split() for item in source["srcset"].split(", ")] if source else plain
        assert source is None or source["type"] == "image/webp"
        assert [int(w[:-1]) for _, w in offered] == widths
        assert all(u.endswith((".webp", "." + fallback)) and resolves(u) for u, _ in offered)
        for (chosen, _), (other, _) in zip(offered, plain):
            weight = (photo_site.output / urljoin("http://x/" + ARTICLE_URL, chosen)
                      .removeprefix("http://x/")).stat().st_size
            assert weight <= (photo_site.output / urljoin("http://x/" + ARTICLE_URL, other)
                              .removeprefix("http://x/")).stat().st_size
        plain = [item.split() for item in img["srcset"].split(", ")]
        assert all(u.endswith("." + fallback) and resolves(u) for u, _ in plain)
        assert resolves(img["src"])
        assert (img["width"], img["height"]) == size
        assert img.get("loading") == ("lazy" if lazy else None)
        assert img["sizes"] and (source is None or source["sizes"] == img["sizes"])
    assert cover.img["alt"] == "Pedagang menata ikan di los pasar"
    assert inline.img["alt"] == "Denah los pasar"
    og = page.find("meta", property="og:image")["content"]
    assert re.search(r"images/berita/pasar-og\.[0-9a-f]{8}\.jpg$", og) and resolves(og)


def test_second_build_takes_everything_from_the_cache(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/images/berita/pasar.jpg": phone_photo(1200, 900),
        "content/berita/foto-pasar.md": article(cover="images/berita/pasar.jpg"),
    })
    first = run_build(folder)
    assert first.returncode == 0, first.stderr
    cache = folder / ".cache" / "images"
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*")}
    assert len([p for p in before if p.name == "meta.json"]) == 1

    command = [sys.executable, "-m", "pelican", "content", "-s", str(ROOT / "pelicanconf.py"),
               "-o", "output2", "--fatal", "warnings", "-v"]
    second = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                            env={**os.environ, "COLUMNS": "300"}, timeout=600)
    assert second.returncode == 0, second.stderr
    assert "Gambar: 1 asli, semuanya dari cache" in second.stdout + second.stderr
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*")} == before
    for derived in (first.output / "images").rglob("*.*"):
        twin = folder / "output2" / derived.relative_to(first.output)
        assert twin.read_bytes() == derived.read_bytes()


def test_changed_settings_make_a_new_cache_entry(tmp_path):
    folder = make_site(tmp_path / "site", {
        "content/images/berita/pasar.jpg": phone_photo(1200, 900),
        "content/berita/foto-pasar.md": article(cover="images/berita/pasar.jpg"),
    })
    assert run_build(folder).returncode == 0
    first = [p.parent.name for p in (folder / ".cache" / "images").glob("*/meta.json")]
    again = run_build(folder, extra={"IMAGES": {"quality": 60}})
    assert again.returncode == 0, again.stderr
    # A new entry; the old one, used by no content any more, is dropped.
    entries = [p.parent.name for p in (folder / ".cache" / "images").glob("*/meta.json")]
    assert len(first) == len(entries) == 1 and entries != first


def test_every_image_mistake_at_once(site):
    bomb = io.BytesIO()
    Image.new("1", (20000, 20000)).save(bomb, "PNG")
    truncated = phone_photo(800, 600)
    build = site({
        "content/images/rusak.jpg": truncated[: len(truncated) // 2],
        "content/images/bukan.jpg": b"ini bukan gambar\n",
        "content/images/bom.png": bomb.getvalue(),
        "content/images/besar.jpg": phone_photo(1200, 900),
        "content/berita/hilang.md": article(cover="images/tidak-ada.jpg"),
        "content/images/kecil.jpg": phone_photo(800, 600),
        "content/berita/rusak.md": article(cover="images/rusak.jpg", slug="rusak"),
        "content/berita/isi.md": article(
            "![]({static}/images/kecil.jpg)\n\n![Bukan]({static}/images/bukan.jpg)\n\n"
            "Lihat ![Bom]({static}/images/bom.png) dan ![Besar]({static}/images/besar.jpg)",
            slug="isi"),
        "content/halaman/tentang.md": "Title: Tentang\nSlug: tentang\n\n"
                                      "![ ]({static}/images/tidak-ada.png)\n",
    }, extra={"IMAGES": {"max_pixels": 1_000_000}})
    assert build.returncode == 1
    assert "Traceback" not in build.stderr
    assert build.error_lines == [
        "content/berita/hilang.md:6:8: galat IMG001: 'Cover': gambar 'images/tidak-ada.jpg' "
        "tidak ditemukan; simpan berkasnya sebagai content/images/tidak-ada.jpg atau "
        "perbaiki nama berkasnya",
        "content/berita/isi.md:9:1: galat IMG004: gambar 'images/kecil.jpg' perlu teks "
        "alternatif: tulis isi gambar di antara kurung siku, misalnya ![Bupati membuka Pasar "
        "Seba](...), bagi pembaca yang tidak melihatnya (ditemukan: '')",
        "content/berita/isi.md:11:1: galat IMG002: gambar di isi: berkas 'images/bukan.jpg' "
        "bukan gambar yang bisa dibaca (rusak, terpotong, atau bukan JPEG/PNG/WebP); simpan "
        "ulang fotonya dari kamera atau aplikasi penyunting",
        "content/berita/isi.md:13:7: galat IMG003: gambar di isi: gambar 'images/bom.png' "
        "terlalu besar untuk diolah: paling banyak 1 juta piksel; perkecil fotonya lalu "
        "simpan ulang (ditemukan: 20000 x 20000 piksel)",
        "content/berita/isi.md:13:43: galat IMG003: gambar di isi: gambar 'images/besar.jpg' "
        "terlalu besar untuk diolah: paling banyak 1 juta piksel; perkecil fotonya lalu "
        "simpan ulang (ditemukan: 1200 x 900 piksel)",
        "content/berita/rusak.md:6:8: galat IMG002: 'Cover': berkas 'images/rusak.jpg' bukan "
        "gambar yang bisa dibaca (rusak, terpotong, atau bukan JPEG/PNG/WebP); simpan ulang "
        "fotonya dari kamera atau aplikasi penyunting",
        "content/halaman/tentang.md:4:1: galat IMG001: gambar di isi: gambar "
        "'images/tidak-ada.png' tidak ditemukan; simpan berkasnya sebagai "
        "content/images/tidak-ada.png atau perbaiki nama berkasnya",
        "content/halaman/tentang.md:4:1: galat IMG004: gambar 'images/tidak-ada.png' perlu "
        "teks alternatif: tulis isi gambar di antara kurung siku, misalnya ![Bupati membuka "
        "Pasar Seba](...), bagi pembaca yang tidak melihatnya (ditemukan: '')",
    ]
    assert not build.output.exists() or not any(build.output.rglob("*.html"))


def test_unknown_setting_is_reported(site):
    build = site({}, extra={"IMAGES": {"widht": [400]}})
    assert build.returncode == 1
    assert build.error_lines == [
        "pelicanconf.py: galat CFG001: pengaturan IMAGES['widht'] tidak dikenal; mungkin "
        "maksudnya 'widths'? (yang dikenal: widths, quality, cache_dir, max_pixels, "
        "workers, progress_every)",
    ]


def test_sample_site_publishes_no_original_and_no_exif(sample_build):
    images = [p for p in (sample_build.output / "images").rglob("*") if p.is_file()]
    assert images
    originals = {p.relative_to(ROOT / "content").with_suffix("").as_posix()
                 for p in (ROOT / "content" / "images").rglob("*.*")}
    for path in images:
        stem = path.relative_to(sample_build.output).with_suffix("").as_posix()
        assert stem not in originals, path  # only -<width> and -og derivatives
        with Image.open(path) as image:
            assert not image.getexif(), path
    [rotated] = (sample_build.output / "images/berita").glob("nelayan-sabu-timur-960.*.jpg")
    with Image.open(rotated) as image:
        assert image.size == (960, 1280)  # stored 4000x3000 with Orientation 6


def test_truncated_image_is_reported_once_per_use_without_traceback(site):
    """A photo cut short in upload: its header reads, its pixels do not."""
    truncated = phone_photo(1200, 900)[:3000]
    build = site({
        "content/images/rusak.jpg": truncated,
        "content/berita/foto-pasar.md": article("![Rusak]({static}/images/rusak.jpg)",
                                                cover="images/rusak.jpg"),
    })
    assert build.returncode == 1
    assert [line.split(": galat ")[1][:6] for line in build.error_lines] == ["IMG002", "IMG002"]
    assert "Traceback" not in build.stderr


def test_innovation_media_become_pictures_with_a_social_image(site):
    build = site({}, base="innovation_base")
    assert build.returncode == 0, build.stderr
    page = build.html("inovasi/posyandu-keliling/index.html")
    picture = page.select_one("section.inovasi-foto picture")
    assert picture is not None
    img = picture.find("img")
    assert img["alt"] == "Bidan menimbang balita di balai dusun."
    assert (img["width"], img["height"]) == ("640", "480")
    assert re.fullmatch(r"\.\./\.\./images/inovasi/posyandu-640\.[0-9a-f]{8}\.jpg", img["src"])
    assert list(build.output.glob("images/inovasi/posyandu-640.*.webp"))
    assert list(build.output.glob("images/inovasi/posyandu-og.*.jpg"))
    assert not build.exists("images/inovasi/posyandu.jpg")
    # Shared on a chat app, the profile shows its photo, cropped for cards.
    og = page.select_one('meta[property="og:image"]')
    assert og is not None and re.search(r"/images/inovasi/posyandu-og\.[0-9a-f]{8}\.jpg$",
                                        og["content"])
    assert page.select_one('meta[property="og:title"]')["content"] == page.h1.get_text(strip=True)


def test_missing_innovation_media_names_the_record_and_line(site):
    build = site({"content/images/inovasi/posyandu.jpg": None}, base="innovation_base")
    assert build.returncode == 1
    assert build.error_lines == [
        "content/inovasi/posyandu-keliling.yaml:48: galat IMG001: 'media' butir ke-1: gambar "
        "'images/inovasi/posyandu.jpg' tidak ditemukan; simpan berkasnya sebagai "
        "content/images/inovasi/posyandu.jpg atau perbaiki nama berkasnya",
    ]


def test_unusable_setting_is_reported(site):
    build = site({}, extra={"IMAGES": {"widths": [], "quality": 100}})
    assert build.returncode == 1
    assert build.error_lines == [
        "pelicanconf.py: galat CFG002: pengaturan IMAGES['quality'] harus bilangan bulat 1 "
        "sampai 95 (ditemukan: '100')",
        "pelicanconf.py: galat CFG002: pengaturan IMAGES['widths'] harus daftar lebar dalam "
        "piksel, 16 sampai 8192, misalnya [480, 960, 1600] (ditemukan: '[]')",
    ]


def test_originals_differing_only_in_extension_are_reported(site):
    build = site({
        "content/images/pasar.jpg": phone_photo(800, 600),
        "content/images/pasar.png": graphic_png(),
        "content/berita/foto-pasar.md": article(
            "![Denah]({static}/images/pasar.png)", cover="images/pasar.jpg"),
    })
    assert build.returncode == 1
    assert build.error_lines == [
        "content/berita/foto-pasar.md:11:1: galat IMG005: gambar di isi: gambar "
        "'images/pasar.png' dan 'images/pasar.jpg' hanya berbeda ekstensi, sehingga hasil "
        "olahannya bernama sama; ganti nama salah satu berkas",
    ]
