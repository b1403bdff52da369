"""The staff guide: one page at /panduan/ on the sample site, linked from every footer."""

from __future__ import annotations

import re

GUIDE = "panduan/index.html"
# What a new reporter must find in it, by heading (ids from Markdown's toc extension).
SECTIONS = {
    "menulis-berita-baru": "Menulis berita baru",
    "menambah-foto": "Menambah foto",
    "menautkan-berita-dan-inovasi": "Menautkan berita dan inovasi",
    "melihat-pratinjau": "Melihat pratinjau",
    "membaca-dan-memperbaiki-pesan-kesalahan": "Membaca dan memperbaiki pesan kesalahan",
    "memeriksa-seluruh-situs": "Memeriksa seluruh situs",
    "mengisi-data-inovasi": "Mengisi data inovasi",
    "menerbitkan": "Menerbitkan",
    "memasang-situs-di-server": "Memasang situs di server",
}


def test_the_guide_has_every_step_of_the_daily_loop(sample_build):
    page = sample_build.html(GUIDE)
    assert page.h1.get_text(strip=True) == "Panduan Staf"
    headings = {h["id"]: h.get_text(strip=True) for h in page.find_all("h2") if h.get("id")}
    assert {key: headings.get(key) for key in SECTIONS} == SECTIONS
    commands = [code.get_text() for code in page.find_all("code")]
    for command in ('invoke new-article "Pasar Seba Ramai Menjelang Natal"', "make serve",
                    "invoke check", 'invoke new-innovation "Sapa Petani Digital"',
                    "invoke publish --siteurl https://saburaijuakab.go.id/kabar-inovasi/"):
        assert any(command in text for text in commands), command
    # Messages are quoted as the tools print them: the build's path[:line[:col]]: galat
    # CODE: ..., or the editor's proxy's "penyunting: METHOD /address: galat CODE: ...".
    quoted = [line for text in commands for line in text.splitlines() if " galat " in line]
    assert len(quoted) >= 12
    assert all(re.match(r"^(galat: |[\w./-]+(:\d+(:\d+)?)?: galat [A-Z]{3}\d{3}: "
                        r"|penyunting: [A-Z]+ /[\w./-]*: galat ADM\d{3}: )", line)
               for line in quoted), quoted


def test_the_old_guide_pages_are_folded_in(sample_build):
    assert not sample_build.exists("panduan-menulis/index.html")
    assert not sample_build.exists("panduan-inovasi/index.html")


def test_every_footer_links_the_guide(sample_build):
    for relative in ("index.html", "tentang/index.html", "inovasi/index.html", "404.html"):
        page = sample_build.html(relative)
        links = [a for a in page.find("footer").find_all("a")
                 if a.get_text(strip=True) == "Panduan staf"]
        assert len(links) == 1, relative
        href = links[0]["href"]
        assert href.rstrip("/").endswith("panduan"), href


def test_the_innovation_catalogue_links_the_guide_section(sample_build):
    for relative in ("inovasi/index.html", "inovasi/statistik/index.html"):
        page = sample_build.html(relative)
        links = [a["href"] for a in page.find_all("a", href=True)
                 if a.get_text(strip=True).startswith("Panduan mengisi data inovasi")]
        assert len(links) == 1 and links[0].endswith("panduan/#mengisi-data-inovasi"), links
    guide = sample_build.html(GUIDE)
    assert guide.find(id="mengisi-data-inovasi") is not None
