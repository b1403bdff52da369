"""The editor's local proxy (`invoke editor`) can touch only what the editor edits.

Each hostile request is sent over HTTP to the real proxy (plugins/newsroom/editor_proxy.py,
in a thread on a free port) serving a small project in a temporary folder: settings, .git/,
a theme, articles, photos, symlinks leading out, and a folder outside the project. The test
asserts the refusal (status and the exact message staff see) and that every file, inside
the project and out, is byte for byte what it was, with nothing created.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import threading
from pathlib import Path

import pytest

from conftest import ROOT


from newsroom import editor_proxy, editor_rules
from newsroom.editor_rules import Area, Refused

PREVIEW = "http://localhost:8000"
ALLOWED = ("content/berita/ (.md); content/inovasi/ (.yaml); content/halaman/ (.md); "
           "content/images/berita/ (.gif, .jpeg, .jpg, .png, .webp); "
           "content/dokumen/ (.csv, .doc, .docx, .odp, .ods, .odt, .pdf, .ppt, .pptx, .txt, "
           ".xls, .xlsx); "
           "content/images/inovasi/ (.gif, .jpeg, .jpg, .png, .webp)")
ARTICLE = "Title: Ada\nDate: 2025-01-02 08:00\nCategory: Pemerintahan\n\nIsi.\n"
PHOTO = b"\xff\xd8\xff\xe0 bukan foto sungguhan"


def refusal(path: str, problem: str) -> str:
    return (f"galat ADM010: jalur {path!r} ditolak: {problem}. Penyunting hanya boleh "
            f"mengubah berkas di: {ALLOWED}")


@pytest.fixture
def project(tmp_path):
    """A project folder with what must stay out of reach, and its proxy running."""
    root = tmp_path / "situs"
    files = {
        "pelicanconf.py": "SITENAME = 'Kabar'\n",
        ".git/config": "[core]\n\tbare = false\n",
        ".git/hooks/pre-commit.sample": "#!/bin/sh\n",
        "theme/templates/base.html": "<html></html>\n",
        "plugins/news/__init__.py": "def register():\n    pass\n",
        "content/data/kategori.yaml": "- slug: pemerintahan\n  nama: Pemerintahan\n",
        "content/berita/2025/ada.md": ARTICLE,
        "content/halaman/tentang.md": "Title: Tentang\n\nIsi.\n",
        "content/images/berita/foto.jpg": PHOTO,
    }
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode())
    outside = tmp_path / "luar"
    outside.mkdir()
    (outside / "rahasia.md").write_text("rahasia\n")
    # Symlinks a careless copy or a hostile archive could leave in content/:
    os.symlink("../../pelicanconf.py", root / "content/berita/tautan.md")         # a file out
    os.symlink("../..", root / "content/berita/proyek")                           # the project
    os.symlink(str(outside), root / "content/berita/keluar")                      # outside it
    os.symlink(str(outside), root / "content/images/berita/keluar")
    os.symlink(str(outside / "baru.md"), root / "content/berita/menggantung.md")   # dangling
    server = editor_proxy.make_server(root, editor_proxy.project_areas(),
                                      editor_rules.preview_origins(8000), max_body=64 * 1024)
    # As editor_proxy.start, but stopped within 10 ms (it polls every 0.1 s): this file
    # starts and stops one proxy per test, about a hundred.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              name="editor-proxy", daemon=True)
    thread.start()
    server.root = root
    server.outside = outside
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every file's bytes and every symlink's target under folder (links not followed)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            found[relative] = path.read_bytes()
        else:
            found[relative] = "<folder>"
    return found


def send(server, body=None, *, host: str | None = None, origin: str | None = PREVIEW,
         method: str = "POST", content_type: str = "application/json; charset=utf-8",
         raw: bytes | None = None, length: str | None = None):
    """(status, decoded JSON answer, headers) of one request, headers exactly as given."""
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    data = raw if raw is not None else json.dumps(body).encode()
    connection.putrequest(method, "/api/v1", skip_host=True, skip_accept_encoding=True)
    if host != "":
        connection.putheader("Host", host or f"127.0.0.1:{port}")
    if origin:
        connection.putheader("Origin", origin)
    if content_type:
        connection.putheader("Content-Type", content_type)
    connection.putheader("Content-Length", length or str(len(data)))
    connection.endheaders()
    if length is None:
        connection.send(data)
    response = connection.getresponse()
    text = response.read()
    connection.close()
    return response.status, json.loads(text) if text else None, response


def options(params=None):
    return {"branch": "main", "options": {"commitMessage": "x"}, **(params or {})}


# Paths a hostile page (or a hand-made request) might send, and why each is refused.
HOSTILE_PATHS = [
    ("content/../pelicanconf.py", "jalur memuat bagian kosong, '.' atau '..'"),
    ("content/berita/../../pelicanconf.py", "jalur memuat bagian kosong, '.' atau '..'"),
    ("content/berita//2025/ada.md", "jalur memuat bagian kosong, '.' atau '..'"),
    ("/etc/passwd", "jalur mutlak tidak diterima; tulis jalur dari folder proyek, misalnya "
                    "content/berita/..."),
    ("C:/situs/pelicanconf.py", "jalur mutlak tidak diterima; tulis jalur dari folder proyek, "
                                "misalnya content/berita/..."),
    ("content/berita/%2e%2e/%2e%2e/pelicanconf.py",
     "jalur memuat tanda '%' (alamat yang dikodekan tidak diterima)"),
    ("content\\berita\\..\\..\\pelicanconf.py",
     "jalur memakai garis miring terbalik '\\'; pakai '/'"),
    ("content/berita/2025/ada.md\x00.py", "jalur memuat karakter kendali (misalnya NUL)"),
    (".git/config", "nama berawalan titik ('.git') tidak diterima"),
    ("content/berita/.htaccess.md", "nama berawalan titik ('.htaccess.md') tidak diterima"),
    ("pelicanconf.py", "di luar folder yang boleh diubah penyunting"),
    ("theme/templates/base.html", "di luar folder yang boleh diubah penyunting"),
    ("plugins/news/__init__.py", "di luar folder yang boleh diubah penyunting"),
    ("content/data/kategori.yaml", "di luar folder yang boleh diubah penyunting"),
    ("content/berita/2025/ada.py", "di luar folder yang boleh diubah penyunting"),
    ("content/images/berita/skrip.html", "di luar folder yang boleh diubah penyunting"),
    ("content/berita/proyek/pelicanconf.py", "di luar folder yang boleh diubah penyunting"),
    # Written like allowed paths, but leading out once the symlinks are followed:
    ("content/berita/tautan.md", "sesudah tautan simbolik (symlink) diikuti, jalur ini berada "
                                 "di luar folder content/berita"),
    ("content/berita/menggantung.md", "sesudah tautan simbolik (symlink) diikuti, jalur ini "
                                      "berada di luar folder content/berita"),
    ("content/berita/keluar/rahasia.md", "sesudah tautan simbolik (symlink) diikuti, jalur ini "
                                         "berada di luar folder content/berita"),
    ("content/berita/keluar/baru/curi.md", "sesudah tautan simbolik (symlink) diikuti, jalur "
                                           "ini berada di luar folder content/berita"),
    ("content/berita/proyek/content/halaman/tentang.md",
     "sesudah tautan simbolik (symlink) diikuti, jalur ini berada di luar folder content/berita"),
    ("content/images/berita/keluar/curi.jpg", "sesudah tautan simbolik (symlink) diikuti, jalur "
                                              "ini berada di luar folder content/images/berita"),
]

# Every action that takes a path, with the path put where that action carries it.
PATH_ACTIONS = {
    "getEntry": lambda p: {"action": "getEntry", "params": {"branch": "main", "path": p}},
    "entriesByFiles": lambda p: {"action": "entriesByFiles", "params": {
        "branch": "main", "files": [{"path": "content/berita/2025/ada.md"}, {"path": p}]}},
    "getMediaFile": lambda p: {"action": "getMediaFile", "params": {"branch": "main", "path": p}},
    "persistEntry": lambda p: {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "x", "path": p, "raw": "import os\n"}], "assets": []})},
    "persistEntry newPath": lambda p: {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "x", "path": "content/berita/2025/ada.md", "newPath": p,
                       "raw": "import os\n"}], "assets": []})},
    "persistEntry asset": lambda p: {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "x", "path": "content/berita/2025/baru.md", "raw": ARTICLE}],
        "assets": [{"path": p, "content": base64.b64encode(b"x").decode(),
                    "encoding": "base64"}]})},
    "persistMedia": lambda p: {"action": "persistMedia", "params": options({
        "asset": {"path": p, "content": base64.b64encode(b"x").decode(),
                  "encoding": "base64"}})},
    "deleteFile": lambda p: {"action": "deleteFile", "params": options({"path": p})},
    "deleteFiles": lambda p: {"action": "deleteFiles", "params": options({
        "paths": ["content/berita/2025/ada.md", p]})},
}


@pytest.mark.parametrize("action", sorted(PATH_ACTIONS))
def test_every_path_action_refuses_every_hostile_path(project, action):
    before = snapshot(project.root.parent)
    for path, problem in HOSTILE_PATHS:
        status, answer, _ = send(project, PATH_ACTIONS[action](path))
        assert (status, answer) == (403, {"error": refusal(path, problem)}), (action, path)
        assert snapshot(project.root.parent) == before, (action, path)


@pytest.mark.parametrize("action, key", [("entriesByFolder", "folder"),
                                         ("getMedia", "mediaFolder")])
@pytest.mark.parametrize("folder", [".git", "content", "content/data", "content/berita/..",
                                    "/etc", "content/berita/keluar",
                                    "content/images/berita/keluar"])
def test_listing_refuses_folders_outside_the_editor(project, action, key, folder):
    status, answer, _ = send(project, {"action": action, "params": {
        "branch": "main", key: folder, "extension": "md", "depth": 5}})
    assert status == 403
    assert answer["error"].startswith(f"galat ADM010: jalur {folder!r} ditolak: ")


def test_a_refused_read_sends_nothing_of_the_file(project):
    status, answer, _ = send(project, {"action": "getEntry", "params": {
        "branch": "main", "path": "content/berita/tautan.md"}})
    assert status == 403 and "SITENAME" not in json.dumps(answer)


def test_listing_leaves_out_symlinks_that_lead_out(project):
    status, answer, _ = send(project, {"action": "entriesByFolder", "params": {
        "branch": "main", "folder": "content/berita", "extension": "md", "depth": 3}})
    assert status == 200
    assert [entry["file"]["path"] for entry in answer] == ["content/berita/2025/ada.md"]
    status, answer, _ = send(project, {"action": "getMedia", "params": {
        "branch": "main", "mediaFolder": "content/images/berita"}})
    assert status == 200 and [m["path"] for m in answer] == ["content/images/berita/foto.jpg"]


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1",
                                  "localhost", "127.0.0.1.nip.io:{port}", "[::1]:{port}", ""])
def test_requests_for_another_host_are_refused(project, host):
    """DNS rebinding: a page at evil.example whose name now points at 127.0.0.1."""
    port = project.server_address[1]
    host = host.format(port=port)
    before = snapshot(project.root.parent)
    status, answer, response = send(project, PATH_ACTIONS["persistEntry"](
        "content/berita/2025/ada.md"), host=host, origin=None)
    assert status == 403
    shown = host if host else None
    assert answer == {"error": f"galat ADM011: permintaan dengan Host {shown!r} ditolak; "
                               f"penyimpan lokal penyunting hanya menjawab "
                               f"http://127.0.0.1:{port} dan http://localhost:{port}"}
    assert snapshot(project.root.parent) == before


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost:8001",
                                    "https://localhost:8000", "http://localhost:8000.evil.example",
                                    "http://127.0.0.1:8000@evil.example"])
def test_requests_from_another_page_are_refused(project, origin):
    before = snapshot(project.root.parent)
    for method in ("POST", "OPTIONS"):
        status, answer, response = send(project, PATH_ACTIONS["persistEntry"](
            "content/berita/2025/ada.md"), origin=origin, method=method)
        assert status == 403
        assert answer == {"error": f"galat ADM011: permintaan dari {origin!r} ditolak; "
                                   "penyunting hanya boleh dibuka dari pratinjau: "
                                   "http://127.0.0.1:8000/admin/ atau "
                                   "http://localhost:8000/admin/"}
        assert response.getheader("Access-Control-Allow-Origin") is None
    assert snapshot(project.root.parent) == before


def test_the_preview_page_may_call_it(project):
    status, _, response = send(project, None, method="OPTIONS", raw=b"")
    assert status == 204
    assert response.getheader("Access-Control-Allow-Origin") == PREVIEW
    status, answer, response = send(project, {"action": "info"})
    assert status == 200 and answer["type"] == "local_fs"
    assert response.getheader("Access-Control-Allow-Origin") == PREVIEW


def test_an_oversize_body_is_refused_unread(project):
    before = snapshot(project.root.parent)
    status, answer, _ = send(project, None, raw=b"", length=str(10 * 1024 * 1024))
    assert (status, answer) == (413, {"error": "galat ADM012: permintaan 10 MB melebihi batas "
                                               "64 KB; perkecil foto sebelum diunggah"})
    big = base64.b64encode(b"\0" * 100_000).decode()
    status, _, _ = send(project, PATH_ACTIONS["persistMedia"]("content/images/berita/besar.jpg")
                        | {"params": options({"asset": {"path": "content/images/berita/besar.jpg",
                                                        "content": big, "encoding": "base64"}})})
    assert status == 413
    assert snapshot(project.root.parent) == before


@pytest.mark.parametrize("raw, content_type, status, error", [
    (b"{not json", "application/json", 400, "galat ADM012: isi permintaan bukan JSON yang sah"),
    (b"[1, 2]", "application/json", 400,
     "galat ADM012: isi permintaan harus objek JSON {action, params}"),
    (b"[" * 100_00 + b"]" * 100_00, "application/json", 400,
     "galat ADM012: isi permintaan bukan JSON yang sah"),
    (b'{"action": "info"}', "text/plain", 415,
     "galat ADM012: permintaan harus berjenis application/json (ditemukan: 'text/plain')"),
    (b'{"action": "runShell", "params": {}}', "application/json", 422,
     "galat ADM012: tindakan 'runShell' tidak dikenal penyimpan lokal penyunting (yang dikenal: "
     "info, entriesByFolder, entriesByFiles, getEntry, persistEntry, getMedia, getMediaFile, "
     "persistMedia, deleteFile, deleteFiles, getDeployPreview)"),
    (b'{"action": "getEntry", "params": {"path": ["content/berita/2025/ada.md"]}}',
     "application/json", 422, "galat ADM012: permintaan tidak lengkap: 'path' harus berupa teks"),
])
def test_malformed_requests_are_refused_with_a_message(project, raw, content_type, status, error):
    before = snapshot(project.root.parent)
    assert send(project, None, raw=raw, content_type=content_type)[:2] == (status, {"error": error})
    assert snapshot(project.root.parent) == before


def test_only_post_to_the_api(project):
    status, answer, _ = send(project, None, method="GET", raw=b"", content_type="")
    assert (status, answer) == (405, {"error": "galat ADM012: penyimpan lokal penyunting hanya "
                                               "menerima POST /api/v1"})


def test_it_listens_on_loopback_only(project):
    assert project.server_address[0] == "127.0.0.1"


def test_the_editor_still_writes_reads_renames_and_deletes_its_own_files(project):
    root = project.root
    new = "Title: Baru\nDate: 2026-01-02 08:00\nCategory: Pemerintahan\n\nIsi baru.\n"
    status, _, _ = send(project, {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "baru", "path": "content/berita/2026/baru.md", "raw": new}],
        "assets": [{"path": "content/images/berita/sampul.jpg",
                    "content": base64.b64encode(PHOTO).decode(), "encoding": "base64"}]})})
    assert status == 200
    assert (root / "content/berita/2026/baru.md").read_text() == new
    assert (root / "content/images/berita/sampul.jpg").read_bytes() == PHOTO
    status, answer, _ = send(project, {"action": "getEntry", "params": {
        "branch": "main", "path": "content/berita/2026/baru.md"}})
    assert status == 200 and answer["data"] == new

    # A renamed entry: written at its new path, then the old one removed.
    status, _, _ = send(project, {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "baru", "path": "content/berita/2026/baru.md",
                       "newPath": "content/berita/2026/lebih-baru.md", "raw": new + "Lagi.\n"}],
        "assets": []})})
    assert status == 200
    assert not (root / "content/berita/2026/baru.md").exists()
    assert (root / "content/berita/2026/lebih-baru.md").read_text() == new + "Lagi.\n"

    status, answer, _ = send(project, {"action": "persistMedia", "params": options({
        "asset": {"path": "content/images/inovasi/alat.png",
                  "content": base64.b64encode(b"png").decode(), "encoding": "base64"}})})
    assert status == 200 and answer["name"] == "alat.png"
    assert base64.b64decode(answer["content"]) == b"png"

    status, _, _ = send(project, {"action": "deleteFiles", "params": options({
        "paths": ["content/berita/2026/lebih-baru.md", "content/images/inovasi/alat.png"]})})
    assert status == 200
    assert not (root / "content/berita/2026/lebih-baru.md").exists()
    assert not (root / "content/images/inovasi/alat.png").exists()
    # Writes go through a temporary file renamed into place: none is left behind.
    assert not [p for p in root.rglob("*.sementara")]
    assert (root / "pelicanconf.py").read_text() == "SITENAME = 'Kabar'\n"


def test_a_hostile_entry_in_a_batch_stops_the_whole_batch(project):
    before = snapshot(project.root.parent)
    status, _, _ = send(project, {"action": "persistEntry", "params": options({
        "dataFiles": [{"slug": "a", "path": "content/berita/2026/boleh.md", "raw": ARTICLE},
                      {"slug": "b", "path": "content/../pelicanconf.py", "raw": "x"}],
        "assets": []})})
    assert status == 403
    assert snapshot(project.root.parent) == before


# -- The rules, as pure functions --------------------------------------------------------------

AREAS = (Area("content/berita", frozenset({".md"})),
         Area("content/images/berita", editor_rules.MEDIA_SUFFIXES),
         Area("content/data/menu.yaml", frozenset({".yaml"}), exact=True))


@pytest.mark.parametrize("path, folder, expected", [
    ("content/berita/2025/a.md", False, "content/berita"),
    ("content/berita/2025/A.MD", False, "content/berita"),
    ("content/images/berita/x.jpeg", False, "content/images/berita"),
    ("content/data/menu.yaml", False, "content/data/menu.yaml"),
    ("content/berita", True, "content/berita"),
    ("content/berita/2025", True, "content/berita"),
])
def test_area_of_allowed_paths(path, folder, expected):
    assert editor_rules.area_of(path, AREAS, folder=folder).folder == expected


@pytest.mark.parametrize("path, folder", [
    ("content/berita", False), ("content/berita/a.yaml", False), ("content/data/x.yaml", False),
    ("content/data/menu.yaml", True), ("content", True), ("content/beritaX/a.md", False),
    ("content/images/berita/a.svg", False), (None, False), ("x" * 2000 + ".md", False),
])
def test_area_of_refused_paths(path, folder):
    with pytest.raises(Refused) as refused:
        editor_rules.area_of(path, AREAS, folder=folder)
    assert (refused.value.status, refused.value.code) == (403, "ADM010")


def test_areas_come_from_the_generated_editor_config():
    from admin import config

    schema = json.loads((ROOT / "plugins/innovations/inovasi.schema.json").read_text())
    made = config.editor_config(schema, {}, {}, "http://127.0.0.1:8081/api/v1")
    assert editor_rules.areas_from_config(made) == editor_proxy.project_areas()
    assert [a.describe() for a in editor_proxy.project_areas()] == ALLOWED.split("; ")
    assert editor_rules.areas_from_config({"collections": [
        {"folder": "../luar"}, {"folder": "/"}, {"files": [{"file": "content/data/menu.yaml"}]},
        {"folder": "content/x", "media_folder": "gambar"}]}) == (
        Area("content/data/menu.yaml", frozenset({".yaml"}), exact=True),
        Area("content/x", frozenset({".md"})))


@pytest.mark.parametrize("host, expected", [
    ("127.0.0.1:8081", True), ("localhost:8081", True), ("LOCALHOST:8081", True),
    ("127.0.0.1", False), ("127.0.0.1:8082", False), ("evil.example:8081", False),
    ("0.0.0.0:8081", False), (None, False), ("", False),
])
def test_host_allowed(host, expected):
    assert editor_rules.host_allowed(host, 8081) is expected


@pytest.mark.parametrize("origin, expected", [
    (None, True), ("http://localhost:8000", True), ("http://127.0.0.1:8000", True),
    ("http://localhost:8001", False), ("null", False), ("", False),
    ("https://localhost:8000", False),
    ("http://evil.example", False),
])
def test_origin_allowed(origin, expected):
    assert editor_rules.origin_allowed(origin, editor_rules.preview_origins(8000)) is expected


# -- PENYUNTING_GIT: the hosted editor's Git server ---------------------------------------------

from admin import config as admin_config  # noqa: E402

EXAMPLE = ('{"name": "gitea", "repo": "diskominfo/kabar-inovasi", '
           '"base_url": "https://git.saburaijuakab.go.id", "branch": "main"}')


@pytest.mark.parametrize("text, problem", [
    ("{bad", "PENYUNTING_GIT (ADMIN['backend']) bukan JSON yang sah: salah tulis di baris 1 "
             "kolom 2 (ditemukan: '{bad'); tulis satu objek JSON dengan tanda kutip ganda, "
             f"misalnya {EXAMPLE}"),
    ("{'name': 'gitea'}", "PENYUNTING_GIT (ADMIN['backend']) bukan JSON yang sah: salah tulis "
                          "di baris 1 kolom 2 (ditemukan: \"{'name': 'gitea'}\"); tulis satu "
                          f"objek JSON dengan tanda kutip ganda, misalnya {EXAMPLE}"),
    ('["gitea"]', "PENYUNTING_GIT (ADMIN['backend']) harus satu objek JSON {...}, misalnya "
                  f"{EXAMPLE} (ditemukan: '[\"gitea\"]')"),
    ("42", "PENYUNTING_GIT (ADMIN['backend']) harus satu objek JSON {...}, misalnya "
           f"{EXAMPLE} (ditemukan: '42')"),
])
def test_unreadable_variable_is_named_with_what_was_expected(text, problem):
    assert admin_config.parse_backend(text) == ({}, [problem])


@pytest.mark.parametrize("text", ["", "  ", None, {}])
def test_no_variable_means_local_use(text):
    assert admin_config.parse_backend(text) == ({}, [])


GOOD = {"name": "gitea", "repo": "diskominfo/kabar-inovasi",
        "base_url": "https://git.saburaijuakab.go.id",
        "api_root": "https://git.saburaijuakab.go.id/api/v1", "branch": "main",
        "app_id": "a1b2-c3", "auth_type": "pkce", "auth_endpoint": "login/oauth/authorize",
        "site_domain": "saburaijuakab.go.id"}


@pytest.mark.parametrize("key, value, problem", [
    ("base_url", "javascript:alert(1)", "harus diawali https:// (http:// hanya untuk localhost)"),
    ("base_url", "JavaScript:alert(document.cookie)//https://git.x",
     "harus diawali https:// (http:// hanya untuk localhost)"),
    ("api_root", "data:text/html,<script>alert(1)</script>",
     "harus diawali https:// (http:// hanya untuk localhost)"),
    ("base_url", "http://git.saburaijuakab.go.id",
     "harus diawali https:// (http:// hanya untuk localhost)"),
    ("base_url", "//git.saburaijuakab.go.id",
     "harus diawali https:// (http:// hanya untuk localhost)"),
    ("base_url", "https://admin:rahasia@git.saburaijuakab.go.id",
     "tidak boleh memuat nama pengguna atau sandi"),
    ("base_url", "https://git.saburaijuakab.go.id/?next=javascript:x",
     "tidak boleh memuat '?' atau '#'"),
    ("base_url", "https://git.saburaijuakab.go.id\n", "harus alamat tanpa spasi"),
    ("api_root", "https:///api/v1",
     "harus menyebut nama server, misalnya https://git.saburaijuakab.go.id"),
    ("api_root", ["https://git.saburaijuakab.go.id"], "harus alamat tanpa spasi"),
])
def test_backend_addresses_must_be_https(key, value, problem):
    assert admin_config.backend_problems({**GOOD, key: value}) == [
        f"ADMIN['backend']['{key}'] {problem} (ditemukan: {value!r})"]


@pytest.mark.parametrize("key, value, expected", [
    ("auth_endpoint", "javascript:alert(1)",
     "jalur di server base_url, misalnya login/oauth/authorize"),
    ("auth_endpoint", "//evil.example/authorize",
     "jalur di server base_url, misalnya login/oauth/authorize"),
    ("auth_type", "token", "pkce atau implicit"),
    ("app_id", "x\" onload=\"alert(1)", "kode aplikasi OAuth (huruf, angka, '-', '_', '.')"),
    ("branch", "../main", "nama cabang Git, misalnya main"),
    ("site_domain", "evil.example/x", "nama domain, misalnya saburaijuakab.go.id"),
    ("repo", "diskominfo/../rahasia", "pemilik/nama-repositori"),
])
def test_other_backend_values_must_have_their_shape(key, value, expected):
    shape = "berbentuk " if key == "repo" else ""
    assert admin_config.backend_problems({**GOOD, key: value}) == [
        f"ADMIN['backend']['{key}'] harus {shape}{expected} (ditemukan: {value!r})"]


@pytest.mark.parametrize("address", ["https://git.saburaijuakab.go.id",
                                     "https://git.saburaijuakab.go.id:3000/api/v1",
                                     "http://localhost:3000", "http://127.0.0.1:3000/api/v1",
                                     "http://[::1]:3000/"])
def test_good_backend_addresses(address):
    assert admin_config.backend_problems({**GOOD, "base_url": address,
                                          "api_root": address}) == []
    assert admin_config.backend_problems(GOOD) == []


@pytest.mark.parametrize("variable, line", [
    ("{name: gitea}", "pelicanconf.py: galat ADM003: PENYUNTING_GIT (ADMIN['backend']) bukan "
                      "JSON yang sah: salah tulis di baris 1 kolom 2 (ditemukan: '{name: gitea}'); "
                      "tulis satu objek JSON dengan tanda kutip ganda, misalnya " + EXAMPLE),
    (json.dumps({"name": "gitea", "repo": "diskominfo/situs", "base_url": "javascript:alert(1)"}),
     "pelicanconf.py: galat ADM001: ADMIN['backend']['base_url'] harus diawali https:// "
     "(http:// hanya untuk localhost) (ditemukan: 'javascript:alert(1)')"),
])
def test_a_bad_variable_stops_the_build_with_its_message(tmp_path, monkeypatch, variable, line):
    from conftest import make_site, project_settings, run_build

    folder = make_site(tmp_path / "situs", base="minimal")
    # Built in this process: pelicanconf.py reads the variable afresh for every build. The
    # editor is asked for by its setting as pelicanconf.py makes it from the variable
    # (in-process test builds may leave the editor out unless told).
    monkeypatch.setenv("PENYUNTING_GIT", variable)
    build = run_build(folder, extra={"ADMIN": project_settings()["ADMIN"]})
    assert build.returncode == 1
    assert line in build.stderr.splitlines(), build.stderr
    assert "Traceback" not in build.stderr and "JSONDecodeError" not in build.stderr
    assert not (folder / "output").exists()
