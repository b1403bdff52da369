"""Gate: no broken internal link, anchor or image reference anywhere in the built sample site."""

from __future__ import annotations

from pathlib import Path

import pytest

from quality.links import broken_references, srcset_urls

PAGE = """<!doctype html><html lang="id"><head><title>t</title>
<link rel="stylesheet" href="{css}"></head><body><main id="main">{body}</main></body></html>"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
    return folder


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
     ["arsip/index.html: <a href>='../hilang/': berkas tidak ada: hilang/index.html"]),
    ('<a href="../berita/#tidak-ada">x</a>',
     ["arsip/index.html: <a href>='../berita/#tidak-ada': tidak ada id='tidak-ada' di berita/index.html"]),
    ('<a href="#isi">x</a>',
     ["arsip/index.html: <a href>='#isi': tidak ada id='isi' di arsip/index.html"]),
    ('<img src="../images/foto.jpg" alt="">', []),
    ('<img src="../images/foto-480.jpg" alt="">',
     ["arsip/index.html: <img src>='../images/foto-480.jpg': berkas tidak ada: images/foto-480.jpg"]),
    ('<picture><source srcset="../images/foto.jpg 1x, ../images/b.webp 2x"><img src="../images/foto.jpg" alt=""></picture>',
     ["arsip/index.html: <source srcset>='../images/b.webp': berkas tidak ada: images/b.webp"]),
    ('<a href="../../../etc/passwd">x</a>',
     ["arsip/index.html: <a href>='../../../etc/passwd': keluar dari folder situs"]),
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
    assert [str(problem) for problem in broken_references(tmp_path)] == expected


def test_stylesheets_urls_are_checked(tmp_path):
    write(tmp_path, {"index.html": page(""), "theme/situs.css": "a{background:url('ikon.png')}"})
    assert [str(problem) for problem in broken_references(tmp_path)] == [
        "theme/situs.css: css url()='ikon.png': berkas tidak ada: theme/ikon.png",
    ]


def test_srcset_urls():
    assert srcset_urls("a.jpg 480w, b.jpg 960w,c.jpg") == ["a.jpg", "b.jpg", "c.jpg"]


def test_sample_site_has_no_broken_reference(sample_build):
    broken = broken_references(sample_build.output)
    assert not broken, f"{len(broken)} rujukan rusak:\n" + "\n".join(map(str, broken))
