"""Issue 21, class 5: the Blogger importer fetches only public images.

A "secret" server on 127.0.0.2 stands for the local network: it counts every connection it
accepts, so a test can show that a refused address was never contacted. The tests' image
server on 127.0.0.1 is allowed explicitly (`FetchPolicy(allow=...)`, an argument, never a
setting or variable an export could reach); host names are resolved by a table handed in
as the resolver. Nothing reaches the internet.
"""

from __future__ import annotations

import functools
import http.server
import io
import ipaddress
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, make_site
from test_blogger_import import LOCAL, export_file, files, image_server, stem  # noqa: F401


from blogger import fetching
from blogger.fetching import FetchPolicy, Refused
from blogger.images import ImageProblem
from blogger.importer import Options, run


def jpeg(colour=(200, 30, 30)) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (16, 12), colour).save(data, "JPEG")
    return data.getvalue()


class Server:
    """A threaded HTTP server on host; counts connections and remembers Host headers."""

    def __init__(self, host: str, routes: dict):
        self.connections = 0
        self.hosts: list[str] = []
        self.routes = routes
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args):
                pass

            def do_GET(self):
                owner.hosts.append(self.headers.get("Host", ""))
                route = owner.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Counting(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address):
                owner.connections += 1
                return True

        self.server = Counting((host, 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://{host}:{self.port}"
        # a short poll: shutdown() waits for it (the default, 0.5 s, per server)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def send(status: int, body: bytes = b"", headers: dict | None = None):
    def route(handler):
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)
    return route


def redirect(location: str):
    return send(302, headers={"Location": location})


def slow_body(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    for _ in range(300):  # one byte every 0.1 s: each wait is short, the whole is not
        handler.wfile.write(b"\xff")
        handler.wfile.flush()
        time.sleep(0.1)


def slow_headers(handler):
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for _ in range(300):
        handler.wfile.write(b"X: y\r\n")
        handler.wfile.flush()
        time.sleep(0.1)


def stalled(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    handler.wfile.flush()
    time.sleep(5)


def endless(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    block = b"\0" * 65536
    for _ in range(2000):  # 128 MB if nobody stops reading
        handler.wfile.write(block)


@pytest.fixture(scope="module")
def secret():
    """The local network: a server that must never be contacted."""
    server = Server("127.0.0.2", {"/rahasia.jpg": send(200, jpeg(), {"Content-Type": "image/jpeg"})})
    yield server
    server.close()


@pytest.fixture(scope="module")
def public(secret):
    """The tests' 'public' image server (127.0.0.1, allowed by ALLOWED)."""
    server = Server("127.0.0.1", {})
    base = server.url
    server.routes.update({
        "/foto.jpg": send(200, jpeg(), {"Content-Type": "image/jpeg"}),
        "/ke-dalam.jpg": redirect(f"{secret.url}/rahasia.jpg"),
        "/ke-dalam-angka.jpg": redirect(f"http://2130706434:{secret.port}/rahasia.jpg"),
        "/ke-nama.jpg": redirect(f"http://gambar.contoh.id:{secret.port}/rahasia.jpg"),
        "/ke-file.jpg": redirect("file:///etc/passwd"),
        "/putar.jpg": redirect("/putar-lagi.jpg"),
        "/putar-lagi.jpg": redirect(f"{base}/putar.jpg"),
        **{f"/rantai-{n}.jpg": redirect(f"/rantai-{n + 1}.jpg") for n in range(10)},
        "/rantai-10.jpg": send(200, jpeg(), {"Content-Type": "image/jpeg"}),
        "/besar.jpg": endless,
        "/besar-dinyatakan.jpg": send(200, b"x", {"Content-Type": "image/jpeg",
                                                  "Content-Length": "900000000"}),
        "/lambat.jpg": slow_body,
        "/kepala-lambat.jpg": slow_headers,
        "/macet.jpg": stalled,
        "/halaman.jpg": send(200, b"<html>login</html>", {"Content-Type": "text/html"}),
        "/tanpa-tujuan.jpg": send(302),
        "/ke-rusak.jpg": redirect("http://[::1/x.jpg"),
        "/ke-panjang.jpg": redirect("http://10.0.0.1/" + "a" * 5000),
    })
    yield server
    server.close()


ALLOWED = FetchPolicy(allow=(ipaddress.ip_network("127.0.0.1/32"),), timeout=2, deadline=4)


def table(names: dict, host: str, port: int) -> list:
    """A resolver from a table (the tests' DNS); an unknown name fails as getaddrinfo does."""
    if host not in names:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return list(names[host])


def policy(names: dict | None = None, **bounds) -> FetchPolicy:
    return FetchPolicy(allow=ALLOWED.allow, resolver=functools.partial(table, names or {}),
                       **{"timeout": 2, "deadline": 4, **bounds})


NOT_PUBLIC = "bukan alamat internet publik; tidak dihubungi"


# Addresses that name the secret server (127.0.0.2) in every spelling, and its port.
SECRET_SPELLINGS = [
    ("http://127.0.0.2:{port}/rahasia.jpg", f"alamat '127.0.0.2' {NOT_PUBLIC}"),
    ("http://2130706434:{port}/rahasia.jpg", f"alamat '2130706434' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://0x7f000002:{port}/rahasia.jpg", f"alamat '0x7f000002' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://0x7f.2:{port}/rahasia.jpg", f"alamat '0x7f.2' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://0177.0.0.02:{port}/rahasia.jpg", f"alamat '0177.0.0.02' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://127.2:{port}/rahasia.jpg", f"alamat '127.2' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://127.0.0.2.:{port}/rahasia.jpg", f"alamat '127.0.0.2' {NOT_PUBLIC}"),
    ("http://\uff11\uff12\uff17\u3002\uff10.\uff10.\uff12:{port}/rahasia.jpg",
     f"alamat '\uff11\uff12\uff17\u3002\uff10.\uff10.\uff12' (= 127.0.0.2) {NOT_PUBLIC}"),
    ("http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54:{port}/rahasia.jpg",
     "nama host 'localhost' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("HTTP://127.0.0.2:{port}/rahasia.jpg", f"alamat '127.0.0.2' {NOT_PUBLIC}"),
    ("http://[::ffff:127.0.0.2]:{port}/rahasia.jpg", f"alamat '::ffff:127.0.0.2' {NOT_PUBLIC}"),
    ("http://[::ffff:7f00:2]:{port}/rahasia.jpg", f"alamat '::ffff:7f00:2' {NOT_PUBLIC}"),
    ("http://[64:ff9b::7f00:2]:{port}/rahasia.jpg", f"alamat '64:ff9b::7f00:2' {NOT_PUBLIC}"),
    ("http://[2002:7f00:2::]:{port}/rahasia.jpg", f"alamat '2002:7f00:2::' {NOT_PUBLIC}"),
    ("http://publik.contoh.id@127.0.0.2:{port}/rahasia.jpg",
     "alamatnya memuat nama pengguna atau sandi (bagian sebelum '@')"),
    ("http://a:b@127.0.0.2:{port}/rahasia.jpg",
     "alamatnya memuat nama pengguna atau sandi (bagian sebelum '@')"),
    ("http://publik.contoh.id\\@127.0.0.2:{port}/rahasia.jpg",
     "alamatnya memuat nama pengguna atau sandi (bagian sebelum '@')"),
    ("http://localhost:{port}/rahasia.jpg",
     "nama host 'localhost' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("http://foto.localhost:{port}/rahasia.jpg",
     "nama host 'foto.localhost' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("http://gambar.contoh.id:{port}/rahasia.jpg",
     "nama host 'gambar.contoh.id' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("http://campur.contoh.id:{port}/rahasia.jpg",
     "nama host 'campur.contoh.id' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("http://GAMBAR.Contoh.ID.:{port}/rahasia.jpg",
     "nama host 'gambar.contoh.id' tidak menunjuk ke alamat internet publik; tidak dihubungi"),
    ("http://%31%32%37.0.0.2:{port}/rahasia.jpg", "nama host '%31%32%37.0.0.2' tidak sah"),
    ("ftp://127.0.0.2:{port}/rahasia.jpg", "bukan alamat http/https"),
    ("gopher://127.0.0.2:{port}/_GET%20/rahasia.jpg", "bukan alamat http/https"),
]
# The names the tests' DNS knows: both point (at least partly) into the local network.
NAMES = {"gambar.contoh.id": ["127.0.0.2"], "campur.contoh.id": ["93.184.216.34", "127.0.0.2"],
         "foto.contoh.id": ["127.0.0.1"]}


@pytest.mark.parametrize("url, message", SECRET_SPELLINGS,
                         ids=[u.split("//")[-1][:28] for u, _ in SECRET_SPELLINGS])
def test_every_spelling_of_a_local_address_is_refused_and_never_contacted(secret, url,
                                                                         message):
    before = secret.connections
    with pytest.raises(Refused) as refused:
        fetching.fetch(url.format(port=secret.port), 100_000, policy(NAMES))
    assert str(refused.value) == message
    assert secret.connections == before


def test_the_secret_server_does_answer_when_allowed(secret):
    """The counter can fail: allowing 127.0.0.2 explicitly reaches it."""
    before = secret.connections
    trusting = FetchPolicy(allow=(ipaddress.ip_network("127.0.0.0/8"),))
    assert fetching.fetch(f"{secret.url}/rahasia.jpg", 100_000, trusting) == jpeg()
    assert secret.connections == before + 1


@pytest.mark.parametrize("url, message", [
    ("http://10.1.2.3/a.jpg", f"alamat '10.1.2.3' {NOT_PUBLIC}"),
    ("http://172.16.0.9/a.jpg", f"alamat '172.16.0.9' {NOT_PUBLIC}"),
    ("http://172.31.255.255/a.jpg", f"alamat '172.31.255.255' {NOT_PUBLIC}"),
    ("http://192.168.1.1/a.jpg", f"alamat '192.168.1.1' {NOT_PUBLIC}"),
    ("http://169.254.169.254/latest/meta-data/", f"alamat '169.254.169.254' {NOT_PUBLIC}"),
    ("http://100.64.0.1/a.jpg", f"alamat '100.64.0.1' {NOT_PUBLIC}"),
    ("http://0.0.0.0/a.jpg", f"alamat '0.0.0.0' {NOT_PUBLIC}"),
    ("http://0/a.jpg", f"alamat '0' (= 0.0.0.0) {NOT_PUBLIC}"),
    ("http://224.0.0.251/a.jpg", f"alamat '224.0.0.251' {NOT_PUBLIC}"),
    ("http://239.1.2.3/a.jpg", f"alamat '239.1.2.3' {NOT_PUBLIC}"),
    ("http://255.255.255.255/a.jpg", f"alamat '255.255.255.255' {NOT_PUBLIC}"),
    ("http://240.0.0.1/a.jpg", f"alamat '240.0.0.1' {NOT_PUBLIC}"),
    ("http://198.18.0.1/a.jpg", f"alamat '198.18.0.1' {NOT_PUBLIC}"),
    ("http://192.0.2.1/a.jpg", f"alamat '192.0.2.1' {NOT_PUBLIC}"),
    ("http://0xa9fea9fe/a.jpg", f"alamat '0xa9fea9fe' (= 169.254.169.254) {NOT_PUBLIC}"),
    ("http://[::1]/a.jpg", f"alamat '::1' {NOT_PUBLIC}"),
    ("http://[::]/a.jpg", f"alamat '::' {NOT_PUBLIC}"),
    ("http://[fe80::1]/a.jpg", f"alamat 'fe80::1' {NOT_PUBLIC}"),
    ("http://[fe80::1%25eth0]/a.jpg", f"alamat 'fe80::1%25eth0' {NOT_PUBLIC}"),
    ("http://[fc00::1]/a.jpg", f"alamat 'fc00::1' {NOT_PUBLIC}"),
    ("http://[fd12:3456::1]/a.jpg", f"alamat 'fd12:3456::1' {NOT_PUBLIC}"),
    ("http://[ff02::1]/a.jpg", f"alamat 'ff02::1' {NOT_PUBLIC}"),
    ("http://[::ffff:10.0.0.1]/a.jpg", f"alamat '::ffff:10.0.0.1' {NOT_PUBLIC}"),
    ("http://[::ffff:169.254.169.254]/a.jpg", f"alamat '::ffff:169.254.169.254' {NOT_PUBLIC}"),
    ("http://[::127.0.0.1]/a.jpg", f"alamat '::127.0.0.1' {NOT_PUBLIC}"),
    ("http://[2001:db8::1]/a.jpg", f"alamat '2001:db8::1' {NOT_PUBLIC}"),
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/a.jpg",
     f"alamat '2001:0:4136:e378:8000:63bf:3fff:fdd2' {NOT_PUBLIC}"),
    ("http://[64:ff9b:1::a00:1]/a.jpg", f"alamat '64:ff9b:1::a00:1' {NOT_PUBLIC}"),
    ("http://256.1.1.1/a.jpg", "alamat IP '256.1.1.1' tidak sah"),
    ("http://[::1/a.jpg", "alamatnya tidak sah"),
    ("http://contoh.id:99999/a.jpg", "alamatnya tidak sah"),
    ("http://contoh.id:0/a.jpg", "nomor port 0 tidak sah"),
    ("http:///a.jpg", "alamatnya tanpa nama host"),
    ("file:///etc/passwd", "bukan alamat http/https"),
    ("data:image/png;base64,AAAA", "bukan alamat http/https"),
    ("javascript:alert(1)", "bukan alamat http/https"),
    ("//127.0.0.1/a.jpg", "bukan alamat http/https"),
    ("http://a..b/a.jpg", "nama host 'a..b' tidak sah"),
    ("http://tak dikenal/a.jpg", "nama host 'tak dikenal' tidak sah"),
])
def test_local_private_and_strange_addresses_are_refused(url, message):
    with pytest.raises(Refused) as refused:
        fetching.fetch(url, 100_000, FetchPolicy(resolver=functools.partial(table, {})))
    assert str(refused.value) == message


@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "1.1", "2606:4700::1111",
                                     "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::"])
def test_public_addresses_pass_the_check(address):
    url = f"http://[{address}]/a.jpg" if ":" in address else f"http://{address}/a.jpg"
    target = fetching.check(url, FetchPolicy())
    assert len(target.addresses) == 1 and fetching.is_public(target.addresses[0])


def test_an_open_and_a_closed_local_port_get_the_same_words(secret):
    closed = socket.socket()
    closed.bind(("127.0.0.2", 0))
    port = closed.getsockname()[1]
    closed.close()
    messages = []
    for url in (f"{secret.url}/rahasia.jpg", f"http://127.0.0.2:{port}/rahasia.jpg",
                f"http://gambar.contoh.id:{secret.port}/", f"http://gambar.contoh.id:{port}/",
                f"http://tidak-ada.contoh.id:{secret.port}/"):
        with pytest.raises(Refused) as refused:
            fetching.fetch(url, 100_000, policy(NAMES))
        messages.append(str(refused.value))
    assert messages[0] == messages[1] == f"alamat '127.0.0.2' {NOT_PUBLIC}"
    # An unknown name and a name of the local network: the same words too.
    assert messages[2] == messages[3] == \
        f"nama host 'gambar.contoh.id' {NOT_PUBLIC.replace('bukan', 'tidak menunjuk ke')}"
    assert messages[4] == "nama host 'tidak-ada.contoh.id' tidak menunjuk ke alamat " \
                          "internet publik; tidak dihubungi"
    assert "refused" not in " ".join(messages).lower()


def test_a_name_is_resolved_once_and_its_checked_address_is_the_one_contacted(public, secret):
    """DNS rebinding: the second answer would be the secret server; it is never asked."""
    answers = iter([["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]])
    calls = []

    def rebinding(host, port):
        calls.append(host)
        return next(answers)

    before = secret.connections
    hosts = len(public.hosts)
    data = fetching.fetch(f"http://foto.contoh.id:{public.port}/foto.jpg", 100_000,
                          FetchPolicy(allow=ALLOWED.allow, resolver=rebinding))
    assert data == jpeg()
    assert calls == ["foto.contoh.id"]
    assert public.hosts[hosts:] == [f"foto.contoh.id:{public.port}"]  # the name, not the address
    assert secret.connections == before


@pytest.mark.parametrize("path, message", [
    ("/ke-dalam.jpg", "dialihkan ke {secret}/rahasia.jpg: alamat '127.0.0.2' " + NOT_PUBLIC),
    ("/ke-dalam-angka.jpg", "dialihkan ke http://2130706434:{port}/rahasia.jpg: alamat "
                            "'2130706434' (= 127.0.0.2) " + NOT_PUBLIC),
    ("/ke-nama.jpg", "dialihkan ke http://gambar.contoh.id:{port}/rahasia.jpg: nama host "
                     "'gambar.contoh.id' tidak menunjuk ke alamat internet publik; tidak "
                     "dihubungi"),
    ("/ke-file.jpg", "dialihkan ke file:///etc/passwd: bukan alamat http/https"),
    ("/putar.jpg", "pengalihan berputar kembali ke {public}/putar.jpg"),
    ("/rantai-0.jpg", "dialihkan lebih dari 5 kali"),
    ("/tanpa-tujuan.jpg", "server menjawab 302 tanpa alamat tujuan"),
    ("/ke-rusak.jpg", "dialihkan ke alamat yang tidak sah (http://[::1/x.jpg)"),
    ("/ke-panjang.jpg", "dialihkan ke http://10.0.0.1/" + "a" * 181 + "...: alamat "
                        "'10.0.0.1' " + NOT_PUBLIC),
    ("/halaman.jpg", "isinya bukan gambar (jenis 'text/html')"),
    ("/besar-dinyatakan.jpg", "lebih besar dari 0.1 MB"),
    ("/besar.jpg", "lebih besar dari 0.1 MB"),
    ("/tidak-ada.jpg", "server menjawab 404"),
], ids=["redirect-loopback", "redirect-decimal", "redirect-name", "redirect-file", "loop",
        "too-many", "no-location", "bad-location", "long-location", "html", "declared-size", "streamed-size", "404"])
def test_redirects_and_answers_are_bounded(public, secret, path, message):
    before = secret.connections
    with pytest.raises(ImageProblem) as problem:
        fetching.fetch(public.url + path, 100_000, policy(NAMES))
    assert str(problem.value) == message.format(secret=secret.url, port=secret.port,
                                                public=public.url)
    assert secret.connections == before


def test_ten_redirects_are_followed_when_allowed(public):
    assert fetching.fetch(public.url + "/rantai-0.jpg", 100_000,
                          policy(max_redirects=10)) == jpeg()


@pytest.mark.parametrize("path, bounds, message, most", [
    # A byte every 0.1 s: each read is well within its 0.6 s, the whole not within 0.8 s.
    ("/lambat.jpg", {"timeout": 0.6, "deadline": 0.8}, "tidak selesai dalam 0.8 detik", 2),
    ("/kepala-lambat.jpg", {"timeout": 0.6, "deadline": 0.8}, "tidak selesai dalam 0.8 detik",
     2),
    ("/macet.jpg", {"timeout": 0.5, "deadline": 10}, "server tidak menjawab dalam 0.5 detik", 2),
], ids=["slow-body", "slow-headers", "stalled"])
def test_a_slow_server_is_given_up_in_bounded_time(public, path, bounds, message, most):
    start = time.monotonic()
    with pytest.raises(ImageProblem) as problem:
        fetching.fetch(public.url + path, 100_000, policy(**bounds))
    assert str(problem.value) == message
    assert time.monotonic() - start < most


def hostile_export(folder: Path, secret_port: int, public_url: str) -> Path:
    images = [
        f"http://127.0.0.2:{secret_port}/rahasia.jpg",
        f"http://2130706434:{secret_port}/s320/rahasia.jpg",
        f"http://publik.contoh.id@127.0.0.2:{secret_port}/rahasia.jpg",
        "http://169.254.169.254/latest/meta-data/",
        f"http://gambar.contoh.id:{secret_port}/rahasia.jpg",
        f"{public_url}/ke-dalam.jpg",
        f"{public_url}/foto.jpg",
    ]
    body = "".join(f'&lt;p&gt;&lt;img src="{src}" alt="Foto {n}"&gt;&lt;/p&gt;'
                   for n, src in enumerate(images, 1))
    export = folder / "ekspor.xml"
    export.write_text(
        "<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom' "
        "xmlns:blogger='http://schemas.google.com/blogger/2018'>"
        "<id>tag:blogger.com,1999:blog-7</id>"
        "<entry><id>tag:blogger.com,1999:blog-7.post-71</id>"
        "<blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>"
        f"<title>Foto Kegiatan</title><content type='html'>{body}</content>"
        "<published>2024-05-06T01:00:00Z</published>"
        "<blogger:filename>/2024/05/foto-kegiatan.html</blogger:filename></entry></feed>",
        encoding="utf-8")
    return export


@pytest.mark.parametrize("workers", [1, 2], ids=["in-process", "worker-processes"])
def test_an_export_full_of_local_addresses_reaches_none_of_them(tmp_path, public, secret,
                                                                workers):
    content = make_site(tmp_path / "situs", base="blogger_site") / "content"
    before = secret.connections
    export = hostile_export(tmp_path, secret.port, public.url)
    report = run(export, Options(content=content, network=policy(NAMES), workers=workers,
                                 parallel_from=1))

    assert secret.connections == before
    post = "'Foto Kegiatan' (id Blogger 71)"
    assert report.images_failed == [
        f"{post}: http://127.0.0.2:{secret.port}/rahasia.jpg: alamat '127.0.0.2' "
        f"{NOT_PUBLIC}; gambar ini dibuang",
        f"{post}: http://2130706434:{secret.port}/s320/rahasia.jpg: alamat '2130706434' "
        f"(= 127.0.0.2) {NOT_PUBLIC}; gambar ini dibuang",
        f"{post}: http://publik.contoh.id@127.0.0.2:{secret.port}/rahasia.jpg: alamatnya "
        "memuat nama pengguna atau sandi (bagian sebelum '@'); gambar ini dibuang",
        f"{post}: http://169.254.169.254/latest/meta-data/: alamat '169.254.169.254' "
        f"{NOT_PUBLIC}; gambar ini dibuang",
        f"{post}: http://gambar.contoh.id:{secret.port}/rahasia.jpg: nama host "
        "'gambar.contoh.id' tidak menunjuk ke alamat internet publik; tidak dihubungi",
        f"{post}: {public.url}/ke-dalam.jpg: dialihkan ke {secret.url}/rahasia.jpg: alamat "
        f"'127.0.0.2' {NOT_PUBLIC}",
    ]
    text = (content / "berita/2024/foto-kegiatan.md").read_text(encoding="utf-8")
    photo = stem(public.url, "foto.jpg")
    # Addresses that can never be public are not published; a public one that could not be
    # fetched keeps its address, as any unreachable image does.
    assert text.split("\n\n", 1)[1] == (
        f"![Foto 5](http://gambar.contoh.id:{secret.port}/rahasia.jpg)\n\n"
        f"![Foto 6]({public.url}/ke-dalam.jpg)\n\n"
        f"![Foto 7]({{static}}/images/blogger/2024/{photo}.jpg)\n")
    saved = sorted(p.name for p in (content / "images/blogger").rglob("*") if p.is_file())
    assert saved == [f"{photo}.jpg"]
    assert report.ok and report.imported == 1


def test_the_command_refuses_local_addresses_by_default(tmp_path, secret):
    """What staff run: no setting, variable or export line lets 127.0.0.2 through."""
    content = make_site(tmp_path / "situs", base="blogger_site") / "content"
    export = hostile_export(tmp_path, secret.port, f"http://127.0.0.1:{secret.port}")
    before = secret.connections
    done = subprocess.run([sys.executable, "-m", "invoke", "import-blogger", str(export),
                           "--content", str(content)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert secret.connections == before
    lines = done.stdout.splitlines()
    assert f"gambar tidak tersimpan: 'Foto Kegiatan' (id Blogger 71): http://127.0.0.2:" \
           f"{secret.port}/rahasia.jpg: alamat '127.0.0.2' {NOT_PUBLIC}; gambar ini " \
           "dibuang" in lines
    assert f"gambar tidak tersimpan: 'Foto Kegiatan' (id Blogger 71): http://127.0.0.1:" \
           f"{secret.port}/foto.jpg: alamat '127.0.0.1' {NOT_PUBLIC}; gambar ini " \
           "dibuang" in lines
    assert not (content / "images/blogger").exists()
    assert "Traceback" not in done.stdout + done.stderr


def test_a_reimport_without_images_keeps_the_photos_an_earlier_import_saved(tmp_path,
                                                                          image_server):  # noqa: F811 - the fixture
    content = make_site(tmp_path / "situs", base="blogger_site") / "content"
    export = export_file(tmp_path, "lama.xml", image_server)
    first = run(export, Options(content=content, network=LOCAL))
    assert first.images_saved == 2
    imported = files(content)
    posyandu = stem(image_server, "img/b/R29v/s320/posyandu.jpg")
    assert f"{{static}}/images/blogger/2019/{posyandu}.jpg" in \
        (content / "berita/2019/posyandu-keliling-sambangi-raijua.md").read_text()

    # --no-images: nothing changes.
    again = run(export, Options(content=content, images=False, network=LOCAL))
    assert (again.imported, again.updated, again.unchanged, again.edited) == (0, 0, 2, 0)
    assert files(content) == imported

    # --force rewrites the articles from the export, with the photos still local.
    forced = run(export, Options(content=content, images=False, force=True, network=LOCAL))
    assert (forced.updated, forced.unchanged) == (0, 2)
    assert files(content) == imported


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    """An HTTPS image server on 127.0.0.1 with a certificate for foto.contoh.id only."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(folder / "kunci.pem"), "-out", str(folder / "sertifikat.pem"),
                    "-subj", "/CN=foto.contoh.id", "-addext",
                    "subjectAltName=DNS:foto.contoh.id"], check=True, capture_output=True)
    server = Server("127.0.0.1", {"/foto.jpg": send(200, jpeg(), {"Content-Type": "image/jpeg"})})
    names: list = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "sertifikat.pem", folder / "kunci.pem")
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server.server.socket = context.wrap_socket(server.server.socket, server_side=True)
    server.sni = names
    server.cafile = str(folder / "sertifikat.pem")
    yield server
    server.close()


def test_https_checks_the_certificate_of_the_name_at_the_checked_address(tls_server):
    trusting = FetchPolicy(allow=ALLOWED.allow, cafile=tls_server.cafile, timeout=2,
                           resolver=functools.partial(table, NAMES))
    url = f"https://foto.contoh.id:{tls_server.port}/foto.jpg"
    assert fetching.fetch(url, 100_000, trusting) == jpeg()
    assert tls_server.sni[-1] == "foto.contoh.id"  # SNI: the name, though 127.0.0.1 answered
    # The same server by its address: the certificate does not cover it.
    with pytest.raises(ImageProblem) as problem:
        fetching.fetch(f"https://127.0.0.1:{tls_server.port}/foto.jpg", 100_000, trusting)
    assert str(problem.value) == "sertifikat HTTPS server tidak sah"
    # A certificate nobody vouches for (the system's list only): refused the same way.
    with pytest.raises(ImageProblem) as problem:
        fetching.fetch(url, 100_000, policy(NAMES))
    assert str(problem.value) == "sertifikat HTTPS server tidak sah"


def test_the_staff_guide_quotes_the_message_as_the_import_writes_it(tmp_path):
    content = make_site(tmp_path / "situs", base="blogger_site") / "content"
    export = hostile_export(tmp_path, 9, "http://192.168.1.5")
    report = run(export, Options(content=content, images=False))
    line = next(line for line in report.lines() if "192.168.1.5/foto.jpg" in line)
    guide = (ROOT / "content/halaman/panduan.md").read_text(encoding="utf-8")
    assert f"\n{line}\n" in guide
