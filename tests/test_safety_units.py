"""The pure parts of 'nothing unsafe is published': the sanitiser, the policy, images.

Tables of hostile HTML (obfuscated addresses, parser tricks) against the sanitiser;
the CSP hashes against hand-computed ones; 16-bit grey photos and broken cache entries
against the derivative pipeline.
"""

from __future__ import annotations

import base64
import hashlib
import struct

import pytest
from PIL import Image


from common import csp, sanitize
from images import derive, markup


@pytest.mark.parametrize("html, codes", [
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["HTM004"]),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["HTM004"]),
    ('<a href="javascript&colon;alert(1)">x</a>', ["HTM004"]),
    ('<a href=" \x01javascript:alert(1)">x</a>', ["HTM004"]),
    ('<a href="java\nscript:alert(1)">x</a>', ["HTM004"]),
    ('<a href="jav&#x09;ascript:alert(1)">x</a>', ["HTM004"]),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', ["HTM004"]),
    ('<img src="x" alt="a" srcset="javascript:alert(1) 1x">', ["HTM004"]),
    ('<img src=x alt=a onerror=alert(1)//>', ["HTM002"]),
    ('<IMG SRC=x ALT=a ONERROR="alert(1)">', ["HTM002"]),
    ('<scr<script>ipt>alert(1)</script>', ["HTM007"]),  # a tag named 'scr<script', as browsers read it
    ('<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', None),
    ('<svg><script>alert(1)</script></svg>', None),
    ('<iframe src="http://www.youtube.com/embed/x"></iframe>', ["HTM005"]),
    ('<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>', ["HTM005"]),
    ('<iframe srcdoc="<script>alert(1)</script>"></iframe>', ["HTM007"]),
    ('<a href="#" style="background:url(javascript:alert(1))">x</a>', ["HTM003"]),
    ('<td style="text-align: left; background: red">x</td>', ["HTM003"]),
    ('<embed src="x.swf">', ["HTM006"]),
    ('<button formaction="javascript:alert(1)">x</button>', ["HTM006"]),
    ('<base href="https://evil.example/">', ["HTM007"]),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', ["HTM007"]),
    ('<a href="#" data-pagefind-ignore="all">x</a>', ["HTM007"]),
    ('<img src="https://evil.example/piksel.gif" alt="a">', ["HTM008"]),
    ('<img src="//evil.example/piksel.gif" alt="a">', ["HTM008"]),
    ('<picture><source srcset="a.webp 1x, https://evil.example/b.webp 2x"><img src="a.jpg" '
     'alt="a"></picture>', ["HTM008"]),
])
def test_hostile_html_is_removed_and_named(html, codes):
    cleaned, findings = sanitize.sanitize(html)
    lowered = cleaned.lower()
    for bad in ("<script", "onerror", "javascript:", "<style", "<embed", "<base", "<meta",
                "formaction", "srcdoc", "data:text", "evil.example", "data-pagefind"):
        assert bad not in lowered, (html, cleaned)
    assert findings, html
    if codes is not None:
        assert [f.code for f in findings] == codes, (html, findings)


@pytest.mark.parametrize("html", [
    '<p>Teks <strong>tebal</strong>, <em>miring</em>, <code>kode</code> &amp; &lt;tanda&gt;.</p>',
    '<h2 id="judul">Judul</h2>',
    '<table>\n<thead>\n<tr>\n<th style="text-align: left;">a</th>\n</tr>\n</thead>\n</table>',
    '<dl>\n<dt>Istilah</dt>\n<dd>Arti</dd>\n</dl>',
    '<p><abbr title="Radio Siaran Pemerintah Daerah">RSPD</abbr></p>',
    '<pre><code class="language-python">print(1)\n</code></pre>',
    '<figure><img alt="a" src="{static}/images/x.jpg"><figcaption>Keterangan</figcaption>'
    '</figure>',
    '<picture><source type="image/webp" srcset="{images-siteurl}images/a-480.webp 480w" '
    'sizes="100vw"><img src="{images-siteurl}images/a-480.jpg" alt="x" width="480" '
    'height="300" loading="lazy" decoding="async"></picture>',
    '<iframe src="https://player.vimeo.com/video/1" title="Video" allowfullscreen=""></iframe>',
    '<p><a href="mailto:rspd@example.id">surel</a> <a href="tel:+62380">telepon</a> '
    '<a href="https://example.id/">situs</a> <a href="{filename}/berita/x.md">berita</a></p>',
])
def test_what_markdown_and_the_build_write_is_kept(html):
    cleaned, findings = sanitize.sanitize(html)
    assert findings == []
    assert cleaned == html


def test_findings_are_located_in_order_after_the_header():
    source = ("Title: <script>judul</script>\n\n"
              "Teks.\n<script>satu</script>\n<p onclick='x'>a</p>\n<script>dua</script>\n")
    _, findings = sanitize.sanitize("<p>Teks.</p>\n<script>satu</script>\n"
                                    "<p onclick='x'>a</p>\n<script>dua</script>")
    start: dict[str, int] = {}
    body = source.index("\n\n") + 2
    assert [sanitize.locate(source, f, start, body) for f in findings] == \
        [(4, 1), (5, 4), (6, 1)]


@pytest.mark.parametrize("value, expected", [
    ("<p>Harga &lt;5 ribu &amp; <b>murah</b></p>", "Harga <5 ribu & murah"),
    ("Teks\n  biasa", "Teks biasa"),
    (None, ""),
])
def test_plain_text_keeps_what_readers_should_see(value, expected):
    assert sanitize.plain_text(value) == expected


def digest(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_policy_hashes_exactly_the_inline_scripts_that_run():
    page = ('<head><meta http-equiv="Content-Security-Policy" content=""></head><body>'
            '<script>satu()</script><script type="module">dua()</script>'
            '<script type="application/ld+json">{"a": 1}</script>'
            '<script type="application/json" id="x">{}</script>'
            '<script src="theme/js/cari.js"></script><script>satu()</script></body>')
    assert csp.script_hashes(page) == [digest("satu()"), digest("dua()")]
    written = csp.apply(page, ("www.youtube-nocookie.com",))
    assert f"script-src 'self' {digest('satu()')} {digest('dua()')}; " in written
    assert "script-src 'self' 'unsafe-eval';" in csp.apply(  # the search page: WebAssembly
        '<meta http-equiv="Content-Security-Policy" content="">', wasm=True)
    assert "frame-src https://www.youtube-nocookie.com;" in written
    # Applying again (a script injected after rendering) recomputes, never duplicates.
    again = csp.apply(written.replace("</body>", "<script>tiga()</script></body>"))
    assert again.count("Content-Security-Policy") == 1 and digest("tiga()") in again


@pytest.mark.parametrize("audio, expected", [
    ({"stream_url": "https://radio.example:8443/langsung.mp3"}, ["https://radio.example:8443"]),
    ({"stream_url": "http://127.0.0.1:9000/live"}, ["http://127.0.0.1:9000"]),
    ({"stream_url": ""}, []),
    ({"stream_url": "javascript:alert(1)"}, []),
    (None, []),
])
def test_media_may_come_from_the_live_streams_origin_only(audio, expected):
    assert csp.media_origins(audio) == expected
    sources = " ".join(["'self'", *expected])
    assert f"media-src {sources};" in csp.policy([], (), expected)


def test_sixteen_bit_grey_keeps_its_tones(tmp_path):
    width, height = 640, 8
    ramp = b"".join(struct.pack("<H", round(65535 * x / (width - 1)))
                    for _ in range(height) for x in range(width))
    Image.frombytes("I;16", (width, height), ramp).save(tmp_path / "abu.png")
    assert Image.open(tmp_path / "abu.png").mode == "I;16"
    job = derive.Job(str(tmp_path / "abu.png"), str(tmp_path / "entry"), (480,), 75, 10**8)
    derive.render(job)
    with Image.open(tmp_path / "entry/480.webp") as image:
        grey = image.convert("L")
        left, middle, right = (grey.getpixel((x, 3)) for x in (0, 240, 479))
    assert left < 10 and 110 < middle < 145 and right > 245  # a ramp, not clipped to white


def test_a_cache_entry_with_a_missing_or_truncated_file_is_not_trusted(tmp_path):
    Image.new("RGB", (600, 400), (10, 200, 30)).save(tmp_path / "a.jpg")
    entry = tmp_path / "entry"
    derive.render(derive.Job(str(tmp_path / "a.jpg"), str(entry), (480,), 75, 10**8))
    assert derive.is_cached(entry)
    data = (entry / "480.webp").read_bytes()
    (entry / "480.webp").write_bytes(data[:-10])
    assert not derive.is_cached(entry)
    (entry / "480.webp").write_bytes(data)
    assert derive.is_cached(entry)
    (entry / "og.jpg").unlink()
    assert not derive.is_cached(entry)
    (entry / "meta.json").write_text("{", encoding="utf-8")
    assert not derive.is_cached(entry)


@pytest.mark.parametrize("src, expected", [
    ("/images/berita/a.jpg", ("site", "/images/berita/a.jpg")),
    ("images/a.PNG?v=2", ("site", "images/a.PNG")),
    ("https://example.id/a.jpg", None),
    ("//example.id/a.jpg", None),
    ("{static}/images/a.jpg", None),  # intrasite_path's, not a site path
    ("/dokumen/laporan.pdf", None),
    ("data:image/png;base64,AAAA", None),
])
def test_site_paths_of_photos(src, expected):
    assert markup.site_path(src) == expected
