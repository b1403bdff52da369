"""The one static file handler: a built site served from a folder as a plain host serves it.

Used by the live preview (newsroom/preview.py adds its reload script and events on top, by
overriding `page`), and by the tests' local server (tests/browser.py). What it does:

- folder URLs give folder/index.html; a folder without one is a 404, never a listing;
- a missing address gets the site's own 404.html with status 404, with a <base> at the
  address the site's root is served from, so its relative links resolve from any depth;
- optionally (`prefix`) the folder under a sub-path, as a host serving /kabar-inovasi/;
- HEAD as GET without the body; the content types a built site needs (.webmanifest,
  .opus, .wasm, Pagefind's .pagefind/.pf_* files) whatever the host's mime.types says;
- nothing outside the folder: `..` is dropped from the path (as http.server does) and a
  symbolic link leading out of the folder is a 404;
- optionally (`compress`) text files gzip-compressed when the client accepts it, as
  common hosts do (browser tests measure transfer sizes with it).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

HTML = "text/html; charset=utf-8"
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".webmanifest")
TYPES = {
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
    ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
    ".opus": "audio/ogg", ".mp3": "audio/mpeg", ".xml": "application/xml",
    ".pagefind": "application/octet-stream", ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream", ".pf_fragment": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
}


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A site folder as a static host serves it (see the module's docstring)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}
    compress = False  # gzip text files for clients that accept it
    prefix = "/"  # the path the folder is served under ("/kabar-inovasi/"): a sub-path host

    def log_message(self, format, *args):  # noqa: A002 (the base class's signature)
        pass

    def page(self, body: bytes) -> bytes:
        """An HTML page as sent; the preview adds its script here."""
        return body

    def translate_path(self, path: str) -> str:
        """The file for a URL path, only inside the folder ('' when it would lead out)."""
        if not urlsplit(path).path.startswith(self.prefix):
            return ""
        found = super().translate_path(path[len(self.prefix) - 1:])
        root = Path(self.directory).resolve()
        target = Path(found).resolve()
        if target != root and root not in target.parents:
            return ""
        return found

    def list_directory(self, path):
        self.send_error(404)  # a folder without index.html: a host shows no listing

    def send_head(self):
        path = self.translate_path(self.path)
        if not path:
            self.send_error(404)
            return None
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the redirect from folder to folder/
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return None
        is_html = path.endswith(".html")
        wants_gzip = (self.compress and path.endswith(COMPRESSIBLE)
                      and "gzip" in self.headers.get("Accept-Encoding", ""))
        if not (is_html or wants_gzip):
            return super().send_head()  # streamed from the file, with If-Modified-Since
        modified = self.date_time_string(int(os.stat(path).st_mtime))
        if wants_gzip and self.headers.get("If-Modified-Since") == modified:
            self.send_response(304)  # a revalidated cached copy, as real hosts answer
            self.end_headers()
            return None
        try:
            body = Path(path).read_bytes()
        except OSError:
            self.send_error(404)
            return None
        if is_html:
            body = self.page(body)
        self.send_response(200)
        self.send_header("Content-Type", HTML if is_html else self.guess_type(path))
        self.send_header("Last-Modified", modified)
        if wants_gzip:
            body = gzip.compress(body, compresslevel=6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def send_error(self, code, message=None, explain=None):
        """A 404 is the site's own 404.html, as hosts give it; other errors as http.server."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        # The local build's links are relative to the site root, where 404.html lies;
        # shown at a deeper missing address they need the root as their base.
        base = f'<head>\n<base href="{self.prefix}">'.encode()
        self.send_body(404, self.page(page.read_bytes().replace(b"<head>", base, 1)), HTML)

    def send_body(self, status: int, body: bytes, kind: str) -> None:
        """A whole answer from bytes (no body for HEAD)."""
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(folder: Path, host: str = "127.0.0.1", port: int = 0,
                handler: type[StaticHandler] = StaticHandler,
                **options) -> http.server.ThreadingHTTPServer:
    """A threading HTTP server for folder; options set handler attributes (compress, prefix).

    Raises OSError when the port cannot be used. Call serve_forever() to serve.
    """
    if options:
        handler = type(handler.__name__, (handler,), options)
    server = http.server.ThreadingHTTPServer(
        (host, port), functools.partial(handler, directory=str(folder)))
    server.daemon_threads = True
    return server
