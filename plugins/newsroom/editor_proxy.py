"""`invoke editor`'s local proxy: where the web editor (Decap CMS) reads and saves content.

It speaks Decap's local-backend protocol (POST /api/v1 with JSON {action, params}: info,
entriesByFolder, entriesByFiles, getEntry, persistEntry, getMedia, getMediaFile,
persistMedia, deleteFile, deleteFiles, getDeployPreview), as decap-server does in its fs
mode, with these limits (the rules are in editor_rules.py):

- only the areas of the generated editor configuration are read or written, each path
  checked as written and again after resolving symlinks (editor_files.py); a write is a
  rename of a finished temporary file; a renamed entry is written at its new path before
  the old one is removed, and a batch is checked whole before anything is written;
- bound to 127.0.0.1; a request is answered only when its Host is this address and its
  Origin, if any, is the preview's; bodies over `max_body` bytes are refused unread.

Every refusal is an HTTP error whose JSON `error` says, in Bahasa Indonesia, what was refused
and why (`galat ADM010: ...`), and a line on the terminal where `invoke editor` runs.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import http.server
import json
import sys
import threading
from pathlib import Path, PurePosixPath

from .editor_files import Project, size_text
from .editor_rules import Area, Refused, areas_from_config, host_allowed, origin_allowed

API_PATH = "/api/v1"
MAX_BODY = 64 * 1024 * 1024  # a photo straight from a phone, base64-encoded, with room
REQUEST_TIMEOUT = 60         # seconds a client may take to send its request


# -- the protocol -----------------------------------------------------------------------------

def _text(params: dict, key: str) -> str:
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise Refused(422, "ADM012", f"permintaan tidak lengkap: '{key}' harus berupa teks")
    return value


def _list(params: dict, key: str) -> list:
    value = params.get(key, [])
    if not isinstance(value, list):
        raise Refused(422, "ADM012", f"permintaan tidak lengkap: '{key}' harus berupa daftar")
    return value


def _object(value, key: str) -> dict:
    if not isinstance(value, dict):
        raise Refused(422, "ADM012", f"permintaan tidak lengkap: '{key}' harus berupa objek")
    return value


def _decoded(asset: dict) -> bytes:
    if asset.get("encoding") != "base64":
        raise Refused(422, "ADM012", "berkas unggahan harus dikirim dengan encoding 'base64'")
    try:
        return base64.b64decode(_text(asset, "content"), validate=True)
    except (binascii.Error, ValueError):
        raise Refused(422, "ADM012", "isi berkas unggahan bukan base64 yang sah") from None


def _entry(project: Project, path: str, label=None) -> dict:
    data = project.read(path)
    file = {"path": path, "id": hashlib.sha256(data).hexdigest() if data is not None else None}
    if isinstance(label, str):
        file["label"] = label
    return {"data": data.decode("utf-8", "replace") if data is not None else None, "file": file}


def _media(project: Project, path: str) -> dict:
    data = project.read(path)
    if data is None:
        raise Refused(404, "ADM012", f"berkas {path!r} tidak ada")
    return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode(),
            "encoding": "base64", "path": path, "name": PurePosixPath(path).name}


def answer(project: Project, body: dict) -> object:
    """The JSON answer to one request of Decap's local-backend protocol (Refused otherwise)."""
    action = body.get("action")
    params = body.get("params") if isinstance(body.get("params"), dict) else {}
    if action == "info":
        return {"repo": project.root.name, "publish_modes": ["simple"], "type": "local_fs"}
    if action == "entriesByFolder":
        depth = params.get("depth")
        if not isinstance(depth, int) or isinstance(depth, bool):
            raise Refused(422, "ADM012", "permintaan tidak lengkap: 'depth' harus berupa angka")
        extension = params.get("extension")
        if not isinstance(extension, str):
            raise Refused(422, "ADM012", "permintaan tidak lengkap: 'extension' harus berupa teks")
        return [_entry(project, path)
                for path in project.list(_text(params, "folder"), extension, min(depth, 32))]
    if action == "entriesByFiles":
        files = [_object(item, "files") for item in _list(params, "files")]
        for item in files:  # every path checked before anything is read
            project.resolve(_text(item, "path"))
        return [_entry(project, item["path"], item.get("label")) for item in files]
    if action == "getEntry":
        return _entry(project, _text(params, "path"))
    if action == "persistEntry":
        return _persist_entry(project, params)
    if action == "getMedia":
        return [_media(project, path) for path in project.list(_text(params, "mediaFolder"), "", 1)]
    if action == "getMediaFile":
        return _media(project, _text(params, "path"))
    if action == "persistMedia":
        asset = _object(params.get("asset"), "asset")
        path = _text(asset, "path")
        project.resolve(path)
        project.write(path, _decoded(asset))
        return _media(project, path)
    if action in ("deleteFile", "deleteFiles"):
        paths = [_text(params, "path")] if action == "deleteFile" else _list(params, "paths")
        if not paths or not all(isinstance(p, str) for p in paths):
            raise Refused(422, "ADM012", "permintaan tidak lengkap: 'paths' harus daftar jalur")
        for path in paths:
            project.resolve(path)
        for path in paths:
            project.delete(path)
        return {"message": f"terhapus: {', '.join(paths)}"}
    if action == "getDeployPreview":
        return None
    raise Refused(422, "ADM012", f"tindakan {str(action)[:80]!r} tidak dikenal penyimpan lokal "
                                 "penyunting (yang dikenal: info, entriesByFolder, "
                                 "entriesByFiles, getEntry, persistEntry, getMedia, getMediaFile, "
                                 "persistMedia, deleteFile, deleteFiles, getDeployPreview)")


def _persist_entry(project: Project, params: dict) -> dict:
    if "dataFiles" in params:
        data_files = [_object(item, "dataFiles") for item in _list(params, "dataFiles")]
    else:
        data_files = [_object(params.get("entry"), "entry")]
    assets = [_object(item, "assets") for item in _list(params, "assets")]
    # Everything is checked and decoded before the first byte is written.
    writes: list[tuple[str, bytes]] = []
    removals: list[str] = []
    for item in data_files:
        raw = item.get("raw")
        if not isinstance(raw, str):
            raise Refused(422, "ADM012", "permintaan tidak lengkap: 'raw' harus berupa teks")
        path = _text(item, "path")
        project.resolve(path)
        new_path = item.get("newPath")
        if new_path is not None:
            project.resolve(new_path)
            if new_path != path:
                removals.append(path)
            path = new_path
        writes.append((path, raw.encode("utf-8")))
    for asset in assets:
        path = _text(asset, "path")
        project.resolve(path)
        writes.append((path, _decoded(asset)))
    for path, data in writes:
        project.write(path, data)
    for path in removals:  # a renamed entry: the new file is in place before the old goes
        project.delete(path)
    return {"message": "entry persisted"}


# -- HTTP -------------------------------------------------------------------------------------

class ProxyHandler(http.server.BaseHTTPRequestHandler):
    """POST /api/v1 for the preview's /admin/ page; everything else refused."""

    project: Project
    origins: frozenset[str]
    max_body: int
    server_version = "PenyuntingLokal"
    sys_version = ""
    timeout = REQUEST_TIMEOUT

    def log_message(self, format, *args) -> None:  # noqa: A002 - http.server's name
        pass  # the preview prints what staff need; refusals are printed by refuse()

    def _check_caller(self) -> None:
        port = self.server.server_address[1]
        if not host_allowed(self.headers.get("Host"), port):
            raise Refused(403, "ADM011", f"permintaan dengan Host {self.headers.get('Host')!r} "
                                         f"ditolak; penyimpan lokal penyunting hanya menjawab "
                                         f"http://127.0.0.1:{port} dan http://localhost:{port}")
        if not origin_allowed(self.headers.get("Origin"), self.origins):
            pages = " atau ".join(f"{origin}/admin/" for origin in sorted(self.origins))
            raise Refused(403, "ADM011", f"permintaan dari {self.headers.get('Origin')!r} "
                                         f"ditolak; penyunting hanya boleh dibuka dari "
                                         f"pratinjau: {pages}")

    def _cors(self) -> None:
        origin = self.headers.get("Origin")
        if origin and origin_allowed(origin, self.origins):  # a refused page learns nothing
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _send(self, status: int, payload) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self._cors()
        self.end_headers()
        self.wfile.write(data)

    def refuse(self, refused: Refused) -> None:
        print(f"penyunting: {self.command} {self.path[:120]}: galat {refused.code}: "
              f"{refused.message}", file=sys.stderr, flush=True)
        self.close_connection = True
        self._send(refused.status, {"error": f"galat {refused.code}: {refused.message}"})

    def do_OPTIONS(self) -> None:
        try:
            self._check_caller()
        except Refused as refused:
            return self.refuse(refused)
        self.send_response(204)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        try:
            self._check_caller()
            body = self._body()
            result = answer(self.project, body)
        except Refused as refused:
            return self.refuse(refused)
        self._send(200, result)

    def _body(self) -> dict:
        if self.path.split("?")[0] != API_PATH:
            raise Refused(404, "ADM012", f"alamat {self.path[:80]!r} tidak ada; "
                                         f"penyunting memakai {API_PATH}")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind != "application/json":
            raise Refused(415, "ADM012", f"permintaan harus berjenis application/json "
                                         f"(ditemukan: {kind or 'tanpa jenis'!r})")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise Refused(411, "ADM012", "permintaan tanpa Content-Length ditolak")
        if int(length) > self.max_body:
            raise Refused(413, "ADM012", f"permintaan {size_text(int(length))} melebihi batas "
                                         f"{size_text(self.max_body)}; perkecil foto sebelum "
                                         "diunggah")
        raw = self.rfile.read(int(length))
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise Refused(400, "ADM012", "isi permintaan bukan JSON yang sah") from None
        if not isinstance(body, dict):
            raise Refused(400, "ADM012", "isi permintaan harus objek JSON {action, params}")
        return body

    def do_GET(self) -> None:
        try:
            self._check_caller()
            raise Refused(405, "ADM012", f"penyimpan lokal penyunting hanya menerima POST "
                                         f"{API_PATH}")
        except Refused as refused:
            self.refuse(refused)

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET


class ProxyServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


def make_server(root: Path, areas: tuple[Area, ...], origins: frozenset[str], port: int = 0,
                max_body: int = MAX_BODY) -> ProxyServer:
    """The proxy for the project at `root`, bound to 127.0.0.1:`port` (0: any free port)."""
    handler = type("Handler", (ProxyHandler,), {
        "project": Project(root, areas), "origins": origins, "max_body": max_body})
    return ProxyServer(("127.0.0.1", port), handler)


def project_areas() -> tuple[Area, ...]:
    """The areas of the editor configuration the build writes (plugins/admin/config.py),
    made with the same function, so the proxy and the editor's forms cannot disagree."""
    from admin import config  # the admin plugin's pure module (plugins/ is on sys.path)

    schema_file = Path(config.__file__).resolve().parent.parent / "innovations" / \
        "inovasi.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return areas_from_config(config.editor_config(schema, {}, {}, "http://127.0.0.1/"))


def start(server: ProxyServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="editor-proxy", daemon=True)
    thread.start()
    return thread
