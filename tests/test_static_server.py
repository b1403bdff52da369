"""The one static file handler (plugins/newsroom/static_server.py), over a tiny site folder."""

from __future__ import annotations

import gzip
import http.client
import threading

import pytest

from browser import site_server

NOT_FOUND = "<!doctype html><html><head><title>Tidak ada</title></head><body>Tidak ada</body></html>"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """site/ served; secret.txt beside it, and links from inside the site to it."""
    top = tmp_path_factory.mktemp("statis")
    site = top / "site"
    (site / "berita/satu").mkdir(parents=True)
    (site / "kosong").mkdir()
    (site / "index.html").write_text("<html><head></head><body>Beranda</body></html>")
    (site / "berita/satu/index.html").write_text("<html><head></head><body>Satu</body></html>")
    (site / "404.html").write_text(NOT_FOUND)
    for name, data in (("manifest.webmanifest", b"{}"), ("audio/a.opus", b"OggS"),
                       ("pagefind/pagefind.id_1.pf_meta", b"\0"), ("pagefind/x.pagefind", b"\0"),
                       ("pagefind/wasm.id.pagefind", b"\0"), ("pagefind/a.wasm", b"\0asm"),
                       ("gaya.css", b"body{}" * 100)):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    (top / "secret.txt").write_text("rahasia")
    (site / "keluar").symlink_to(top)
    (site / "rahasia.txt").symlink_to(top / "secret.txt")
    server = site_server(site, gzip=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def ask(port: int, path: str, method: str = "GET", headers: dict | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers=headers or {})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, answer.headers, body  # names case-insensitive


def test_a_folder_address_gives_its_index_page(served):
    status, headers, body = ask(served, "/berita/satu/")
    assert (status, headers["Content-Type"], body) == (
        200, "text/html; charset=utf-8", b"<html><head></head><body>Satu</body></html>")
    status, headers, _ = ask(served, "/berita/satu")
    assert (status, headers["Location"]) == (301, "/berita/satu/")


@pytest.mark.parametrize("path", ["/tidak/ada/", "/kosong/", "/berita/"])
def test_a_missing_address_or_a_folder_without_index_is_the_site_404_page(served, path):
    status, headers, body = ask(served, path)
    assert status == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert body.decode() == NOT_FOUND.replace("<head>", '<head>\n<base href="/">')


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/%2e%2e/secret.txt", "/berita/../../secret.txt", "/keluar/secret.txt",
    "/%2E%2E%2Fsecret.txt", "//secret.txt", "/rahasia.txt",
])
def test_nothing_outside_the_folder_is_served(served, path):
    status, _, body = ask(served, path)
    assert b"rahasia" not in body and status == 404, (status, body[:80])


@pytest.mark.parametrize("path, kind", [
    ("/manifest.webmanifest", "application/manifest+json"),
    ("/audio/a.opus", "audio/ogg"),
    ("/pagefind/pagefind.id_1.pf_meta", "application/octet-stream"),
    ("/pagefind/x.pagefind", "application/octet-stream"),
    ("/pagefind/a.wasm", "application/wasm"),
    ("/gaya.css", "text/css"),
])
def test_content_types(served, path, kind):
    status, headers, _ = ask(served, path)
    assert (status, headers["Content-Type"]) == (200, kind)


def test_head_gives_the_headers_without_a_body(served):
    got, missing = ask(served, "/berita/satu/", "HEAD"), ask(served, "/tidak/", "HEAD")
    assert (got[0], got[1]["Content-Length"], got[2]) == (200, "43", b"")
    assert (missing[0], missing[2]) == (404, b"")


def test_text_is_compressed_for_a_client_that_accepts_gzip(served):
    status, headers, body = ask(served, "/gaya.css", headers={"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(body) == b"body{}" * 100


def test_a_folder_under_a_sub_path_as_a_host_serves_it(served_under):
    status, _, body = ask(served_under, "/kabar-inovasi/berita/satu/")
    assert (status, body) == (200, b"<html><head></head><body>Satu</body></html>")
    status, _, body = ask(served_under, "/kabar-inovasi/tidak/")
    assert (status, body.decode()) == (
        404, NOT_FOUND.replace("<head>", '<head>\n<base href="/kabar-inovasi/">'))
    assert ask(served_under, "/berita/satu/")[0] == 404


@pytest.fixture(scope="module")
def served_under(tmp_path_factory):
    site = tmp_path_factory.mktemp("subpath")
    (site / "berita/satu").mkdir(parents=True)
    (site / "berita/satu/index.html").write_text("<html><head></head><body>Satu</body></html>")
    (site / "404.html").write_text(NOT_FOUND)
    server = site_server(site, prefix="/kabar-inovasi/")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()
