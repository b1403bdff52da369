"""Gate: no broken internal link, anchor or image reference anywhere in the built sample site.

The checker is the product's (newsroom.linkcheck, which `invoke check` and publish run),
with the site taken as hosted under a sub-path, as hosts may do: a relative URL that
climbs above the site's root is broken there."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.linkcheck import broken_references, srcset_urls

SUB_PATH = "http://situs.invalid/sub/jalur/"

PAGE = """<!doctype html><html lang="id"><head><title>t</title>
<link rel="stylesheet" href="{css}"></head><body><main id="main">{body}</main></body></html>"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


def shown(broken) -> list[str]:
    return [f"{b.page}: {b.code} {b.url!r}: {b.problem}" for b in broken]


def page(body: str, css: str = "theme/situs.css") -> str:
    return PAGE.format(body=body, css=css)


@pytest.mark.parametrize("body, expected", [
    ('<a href="../berita/">berita</a>', []),
    ('<a href="../berita/#utama">utama</a>', []),
    ('<a href="#main">lompat</a>', []),
    ('<a href="../cari/?q=air">cari</a>', []),
    ('<a href="https://saburaijuakab.go.id/">luar</a> <a href="mailto:a@b.id">surel</a>', []),
    ('<a href="../berita">tanpa garis miring</a>', []),
    ('<a href="../hilang/">x</a>',
     ["arsip/index.html: TAU001 '../hilang/': tidak ada di situs (dicari: hilang/index.html)"]),
    ('<a href="../berita/#tidak-ada">x</a>',
     ["arsip/index.html: TAU002 '../berita/#tidak-ada': menunjuk bagian '#tidak-ada' yang tidak "
      "ada di halaman /berita/"]),
    ('<a href="#isi">x</a>',
     ["arsip/index.html: TAU002 '#isi': menunjuk bagian '#isi' yang tidak ada di halaman /arsip/"]),
    ('<img src="../images/foto.jpg" alt="">', []),
    ('<img src="../images/foto-480.jpg" alt="">',
     ["arsip/index.html: TAU003 '../images/foto-480.jpg': tidak ada di situs (dicari: "
      "images/foto-480.jpg)"]),
    ('<picture><source srcset="../images/foto.jpg 1x, ../images/b.webp 2x"><img src="../images/foto.jpg" alt=""></picture>',
     ["arsip/index.html: TAU003 '../images/b.webp': tidak ada di situs (dicari: images/b.webp)"]),
    ('<a href="../../../etc/passwd">x</a>',
     ["arsip/index.html: TAU004 '../../../etc/passwd': keluar dari alamat situs " + SUB_PATH]),
    ('<style>main{background:url("../theme/latar.svg")}</style>', []),
    ('<style>main{background:url(../theme/tidak.svg)}</style>',
     ["arsip/index.html: TAU001 '../theme/tidak.svg': tidak ada di situs (dicari: "
      "theme/tidak.svg)"]),
])
def test_broken_references_of_one_page(tmp_path, body, expected):
    write(tmp_path, {
        "berita/index.html": page('<h2 id="utama">Utama</h2>', css="../theme/situs.css"),
        "images/foto.jpg": "jpeg",
        "cari/index.html": page("", css="../theme/situs.css"),
        "theme/situs.css": "body{background:url(latar.svg)}",
        "theme/latar.svg": "<svg/>",
        "arsip/index.html": page(body, css="../theme/situs.css"),
    })
    assert shown(broken_references(tmp_path, SUB_PATH)) == expected


def test_stylesheets_urls_are_checked(tmp_path):
    write(tmp_path, {"index.html": page(""), "theme/situs.css": "a{background:url('ikon.png')}"})
    assert shown(broken_references(tmp_path, SUB_PATH)) == [
        "theme/situs.css: TAU001 'ikon.png': tidak ada di situs (dicari: theme/ikon.png)",
    ]


def test_srcset_urls():
    assert srcset_urls("a.jpg 480w, b.jpg 960w,c.jpg") == ["a.jpg", "b.jpg", "c.jpg"]


def test_sample_site_has_no_broken_reference(sample_build):
    # As `invoke check` reads a local build: pages, stylesheets, feeds and the sitemap.
    broken = broken_references(sample_build.output)
    assert not broken, f"{len(broken)} rujukan rusak:\n" + "\n".join(shown(broken))
    # Under a sub-path: every page and stylesheet links relatively. (The sitemap lists
    # addresses from SITEURL, empty in a local build, so from '/'; a published build
    # sets SITEURL, and `invoke check` reads it under that address.)
    broken = broken_references(sample_build.output, SUB_PATH,
                               skip=("pagefind/", "sitemap.xml"))
    assert not broken, f"{len(broken)} rujukan rusak:\n" + "\n".join(shown(broken))
