"""`make serve`: build, serve on localhost, rebuild on every change, reload the open tab.

Three parts, each replaceable:
- a builder (`resident.ResidentBuilder`): a build in this process through the build API
  (newsroom/api.py) into a staging folder, swapped into place only when it succeeds, so
  the last good site keeps being served. Anything callable that returns a
  `BuildOutcome` can replace it. When plugin code changed, the builder asks for a
  restart (Python keeps the modules it imported): the preview starts itself again.
- a `Rebuilder` thread that coalesces changes: events that arrive while a build runs
  lead to one more build after it, never to a queue of builds.
- a preview HTTP server that serves the site like a static host and adds, to each HTML
  page it sends, one script tag (/__pratinjau/muat-ulang.js). The script listens to
  /__pratinjau/peristiwa (server-sent events): a new build reloads the page, a failed one
  shows its messages in a banner. The built files never contain the script, so no
  published build can carry it.
Changes are watched with watchfiles (inotify and friends, no polling by hand).
"""

from __future__ import annotations

import http.server
import json
import os
import select
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import first_pages, static_server
from .resident import BuildOutcome, ResidentBuilder, problems_of  # noqa: F401 (callers' names)

SCRIPT_PATH = "/__pratinjau/muat-ulang.js"
# The offline plugin's worker and the script that registers it: the preview's files are a
# full build's, but a worker in the preview would answer saves with cached pages, so the
# server withholds both (the registration script is served empty, the worker not at all).
WITHHELD = {"/sw.js", "/theme/js/luring.js"}
EVENTS_PATH = "/__pratinjau/peristiwa"
# A build that wrote a tab's page first waits, at most this long, for the tab to have it
# and the files it asks for next (until none was asked for FOLLOW_QUIET seconds).
FIRST_PAGE_WAIT = 0.6
FOLLOW_QUIET = 0.06
# Folders (relative to the project) whose files shape the site, and files at its top.
WATCHED_FOLDERS = ("content", "theme", "plugins", "data")
WATCHED_FILES = ("pelicanconf.py",)
IGNORED_PARTS = {"__pycache__", ".git", ".cache", "node_modules", ".pytest_cache"}
IGNORED_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".swo", ".tmp", ".part", "~")


def to_terminal(stream=None):
    """A `say` that prints to the terminal as it is now (sys.stdout at this call). A build
    in this process captures sys.stdout for its own report (newsroom/api.py) while the
    server's and watcher's threads go on: a plain print() from them then would land in the
    build's report and never reach the terminal."""
    stream = stream or sys.stdout

    def say(text: str) -> None:
        print(text, file=stream, flush=True)

    return say


def seconds_text(seconds: float) -> str:
    """Seconds as Indonesians write them: 3,1 detik."""
    return f"{seconds:.1f}".replace(".", ",") + " detik"


class PreviewState:
    """What the open tabs are told: the build version, its problems, whether one runs;
    and what they show, so that a build writes their pages first (first_pages.py)."""

    def __init__(self) -> None:
        self.condition = threading.Condition()
        self.serial = 0  # changes on every update, for listeners
        self.version = 0  # the number of the last build that succeeded
        self.attempt = 0  # the number of the build running or last run
        self.problems: list[str] = []
        self.building = False
        self.on_page = None  # called after a page was sent (the resident builder's tidying)
        self.viewers: dict[str, set] = {}  # URL path: the event streams of its tabs
        self.early_allowed = False  # the running build's save changed texts only
        self.early: dict[str, str] = {}  # URL path: file of the running build, written
        self._sent_early: set[str] = set()  # of those, the ones a tab has had
        self._last_sent = 0.0  # when the server last sent a file (time.monotonic)

    def tabs(self) -> list[str]:
        """The pages the open tabs show: those whose event stream is still open. A tab
        that moved on closed its stream; the server learns it here, not at its next
        write (every 15 s), or a build would write first a page nobody looks at."""
        with self.condition:
            return sorted(url for url, streams in self.viewers.items()
                          if any(map(_open, streams)))

    def viewed(self) -> list[str]:
        """The pages the tabs show, when the running build may show them first."""
        return self.tabs() if self.early_allowed else []

    def watching(self, url_path: str, stream, watched: bool) -> None:
        with self.condition:
            streams = self.viewers.setdefault(url_path, set())
            if watched:
                streams.add(stream)
            else:
                streams.discard(stream)
                if not streams:
                    del self.viewers[url_path]

    def first_pages(self, shown: dict[str, str]) -> None:
        """The running build wrote these pages (URL path: file): their tabs load them.

        Called in the build's thread, which then waits (at most FIRST_PAGE_WAIT) until the
        tabs have had the pages and the files that follow them (no request for
        FOLLOW_QUIET): the build runs in this process, and while it computes, the
        server's threads wait for the interpreter between every system call, so the
        page and its style sheets reached the tab a third of a second later. The rest of
        the site is that much later; the page being looked at comes first."""
        deadline = time.monotonic() + FIRST_PAGE_WAIT
        with self.condition:
            if not self.building:
                return
            self._sent_early = set()
            self.update(early={**self.early, **shown})
            while not set(shown) <= self._sent_early:
                if not self.condition.wait(deadline - time.monotonic()):
                    return
            while time.monotonic() - self._last_sent < FOLLOW_QUIET:
                left = min(FOLLOW_QUIET, deadline - time.monotonic())
                if left <= 0:
                    return
                self.condition.wait(left)

    def early_file(self, url_path: str) -> tuple[str, int] | None:
        """The running build's file for a URL path written first, and the build's number."""
        with self.condition:
            found = self.early.get(url_path)
            return (found, self.attempt) if found is not None else None

    def sent(self, url_path: str | None = None) -> None:
        """The server sent a file (url_path: a page written first)."""
        with self.condition:
            self._last_sent = time.monotonic()
            if url_path is not None:
                self._sent_early.add(url_path)
            self.condition.notify_all()

    def page_sent(self, url_path: str | None = None) -> None:
        self.sent(url_path)
        if self.on_page is not None:
            self.on_page()

    def update(self, **changes) -> None:
        with self.condition:
            for key, value in changes.items():
                setattr(self, key, value)
            self.serial += 1
            self.condition.notify_all()

    def snapshot(self) -> dict:
        with self.condition:
            told = {"versi": self.version, "galat": list(self.problems),
                    "membangun": self.building, "nomor": self.serial}
            if self.early:
                told["dulu"] = {"versi": self.attempt, "halaman": sorted(self.early)}
            return told


def _open(stream) -> bool:
    """Whether a tab's event stream (its socket) is still open: the tab sends nothing
    after its request, so the socket is readable only when the tab closed it."""
    try:
        readable, _, _ = select.select([stream], [], [], 0)
        return not readable or stream.recv(1, socket.MSG_PEEK) != b""
    except (OSError, ValueError):
        return False


class Rebuilder:
    """Runs the builder in its own thread; requests during a build make one more build."""

    def __init__(self, builder, state: PreviewState, say=None,
                 restart: threading.Event | None = None) -> None:
        self.builder = builder
        self.state = state
        self.say = say or to_terminal()
        self.restart = restart or threading.Event()  # set: the builder needs a new process
        self._pending: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.builds = 0
        self.thread = threading.Thread(target=self._run, name="pratinjau-bangun", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def request(self, changes=()) -> None:
        """Ask for a build; changes are (what happened, path) pairs for the terminal."""
        with self._lock:
            self._pending.update(changes)
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait()
            if self._stop.is_set():
                return
            with self._lock:
                changes, self._pending = self._pending, set()
                self._wake.clear()
            self.say(describe(changes))
            self.state.update(building=True, early={},
                              attempt=max(self.state.version, self.state.attempt) + 1,
                              early_allowed=first_pages.text_only(changes))
            try:
                outcome = self.builder()
            except Exception as error:  # noqa: BLE001 (the preview must keep serving)
                outcome = BuildOutcome(False, [
                    "Situs gagal dibangun karena galat di dalam program (bukan di isi "
                    f"situs): {type(error).__name__}: {error}"])
            self.builds += 1
            if outcome.restart:
                self.say("\n".join(outcome.problems))
                self.state.update(building=True, early={})
                self.restart.set()
                return
            if outcome.ok:
                # A page shown first and then written again: every tab loads the site
                # (a number no tab holds).
                shown_changed = getattr(outcome, "shown_first_changed", False)
                version = self.state.attempt + (1 if shown_changed else 0)
                self.state.update(building=False, problems=[], early={},
                                  version=version, attempt=version)
                self.say(f"Selesai dalam {seconds_text(outcome.seconds)}; "
                         "halaman di peramban dimuat ulang.")
            else:
                self.state.update(building=False, problems=outcome.problems, early={})
                self.say("Situs belum dapat dibangun ulang: "
                         f"{len([p for p in outcome.problems if ': galat ' in p])} "
                         "kesalahan.\n" + "\n".join(outcome.problems) +
                         "\nPratinjau tetap menampilkan versi terakhir yang berhasil "
                         "dibangun. Perbaiki, lalu simpan berkasnya lagi.")


CHANGE_WORDS = {"added": "Ditambahkan", "modified": "Berubah", "deleted": "Dihapus"}


def describe(changes: set[tuple[str, str]]) -> str:
    """One terminal line naming what changed (at most three files).

    A file added and deleted in one batch (an editor's temporary copy) is left out."""
    kinds: dict[str, set[str]] = {}
    for kind, path in changes:
        kinds.setdefault(path, set()).add(kind)
    files = []
    for path, seen in sorted(kinds.items()):
        if path == "" or seen >= {"added", "deleted"}:
            continue
        kind = "deleted" if "deleted" in seen else "added" if "added" in seen else "modified"
        files.append((kind, path))
    if not files:
        return "Membangun situs..."
    parts = []
    for kind, path in files[:3]:
        parts.append(f"{CHANGE_WORDS.get(kind, 'Berubah')}: {path}")
    more = f" (dan {len(files) - 3} berkas lain)" if len(files) > 3 else ""
    return "; ".join(parts) + more + ". Membangun ulang..."


def wanted(root: Path):
    """The watchfiles filter: files that shape the site, not editors' temporary files."""

    def accept(change, path: str) -> bool:
        relative = Path(path).resolve()
        try:
            parts = relative.relative_to(root).parts
        except ValueError:
            return False
        if not parts or IGNORED_PARTS & set(parts):
            return False
        name = parts[-1]
        if len(parts) > 1 and parts[0] in WATCHED_FOLDERS and not name.startswith(".") \
                and Path(path).is_dir():
            # A new folder (the web editor's first article of a year): its first file may be
            # written before the watcher watches the folder, so the folder itself counts.
            return True
        # Editors and tools write temporary files next to the one saved (".#x", "x~",
        # "4913", sed's "sedAb12Cd"): every file that shapes the site has an extension.
        if name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES) or "." not in name:
            return False
        if len(parts) == 1:
            return name in WATCHED_FILES
        return parts[0] in WATCHED_FOLDERS

    return accept


def watch(root: Path, rebuilder: Rebuilder, stop: threading.Event) -> list[threading.Thread]:
    """Threads that feed the rebuilder with changes to the site's inputs."""
    import watchfiles

    root = Path(root).resolve()
    accept = wanted(root)
    folders = [str(root / name) for name in WATCHED_FOLDERS if (root / name).is_dir()]
    kinds = {watchfiles.Change.added: "added", watchfiles.Change.modified: "modified",
             watchfiles.Change.deleted: "deleted"}

    def feed(paths, recursive: bool) -> None:
        # A batch is given once no change came for `step` ms (at most `debounce` ms after
        # its first): an editor's save (a temporary file, a rename) takes well under a
        # millisecond, and every step is added to each preview (51 ms at 50, 22 at 20).
        for changes in watchfiles.watch(*paths, watch_filter=accept, recursive=recursive,
                                        debounce=300, step=20, stop_event=stop,
                                        raise_interrupt=False, rust_timeout=1000):
            rebuilder.request({(kinds.get(kind, "modified"),
                                Path(path).resolve().relative_to(root).as_posix())
                               for kind, path in changes})

    threads = [threading.Thread(target=feed, args=(folders, True), daemon=True,
                                name="pratinjau-amati"),
               threading.Thread(target=feed, args=([str(root)], False), daemon=True,
                                name="pratinjau-amati-atas")]
    for thread in threads:
        thread.start()
    return threads


RELOAD_SCRIPT = r"""// Pratinjau (make serve) saja: memuat ulang halaman setelah situs dibangun ulang,
// dan menampilkan kesalahan isi bila pembangunan gagal. Tidak ada di situs terbit.
(function () {
  "use strict";
  var tag = document.currentScript;
  var loaded = Number(tag && tag.getAttribute("data-versi"));
  var banner = null;

  function hide() {
    if (banner) { banner.remove(); banner = null; }
  }

  function show(problems) {
    hide();
    banner = document.createElement("section");
    banner.id = "pratinjau-galat";
    banner.setAttribute("role", "alert");
    banner.setAttribute("lang", "id");
    var s = banner.style;
    s.position = "fixed"; s.top = "0"; s.left = "0"; s.right = "0"; s.zIndex = "2147483647";
    s.maxHeight = "70vh"; s.overflow = "auto"; s.padding = "1rem 1.25rem";
    s.background = "#7f1d1d"; s.color = "#ffffff"; s.font = "16px/1.5 system-ui, sans-serif";
    s.boxShadow = "0 2px 12px rgba(0,0,0,0.4)";
    var title = document.createElement("h2");
    title.textContent = "Situs belum dapat dibangun ulang";
    title.style.margin = "0 0 0.5rem"; title.style.fontSize = "1.25rem"; title.style.color = "#ffffff";
    var note = document.createElement("p");
    note.textContent = "Halaman ini versi terakhir yang berhasil dibangun. Perbaiki kesalahan " +
      "berikut, lalu simpan berkasnya lagi; halaman dimuat ulang sendiri.";
    note.style.margin = "0 0 0.5rem";
    var list = document.createElement("pre");
    list.textContent = problems.join("\n");
    list.style.whiteSpace = "pre-wrap"; list.style.margin = "0"; list.style.color = "#ffffff";
    list.style.background = "transparent"; list.style.font = "14px/1.5 ui-monospace, monospace";
    banner.append(title, note, list);
    document.body.prepend(banner);
  }

  // The server is told which page this tab shows: a build writes it first, and says so
  // ("dulu") before the rest of the site is ready. That page carries the build's number:
  // while the build runs it is ahead of the last good version, and stays when the build
  // succeeds; when the build fails, the last good page is loaded again.
  var here = window.location.pathname;
  var events = new EventSource("/__pratinjau/peristiwa?halaman=" + encodeURIComponent(here));
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    var first = state.dulu;
    var early = first && first.versi > loaded && first.halaman.indexOf(here) >= 0;
    var ahead = state.membangun && loaded > state.versi;
    if (early || (state.versi !== loaded && state.versi > 0 && !ahead)) {
      events.close();
      window.location.reload();
      return;
    }
    if (state.galat.length) { show(state.galat); } else { hide(); }
  };
})();
"""

NEVER_BUILT = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Pratinjau</title></head>
<body><main><h1>Situs belum pernah berhasil dibangun</h1>
<p>Perbaiki kesalahan yang tertulis di terminal, lalu simpan berkasnya; halaman ini
dimuat ulang sendiri.</p></main></body></html>
"""


def inject(html: bytes, version: int) -> bytes:
    """The page with the preview's script tag before </body> (or at its end)."""
    tag = f'<script src="{SCRIPT_PATH}" data-versi="{version}"></script>'.encode()
    at = html.rfind(b"</body>")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]


class PreviewHandler(static_server.StaticHandler):
    """The site as a static host serves it (static_server), plus the preview's script and
    events: every HTML page it sends, the 404 page too, carries the reload script."""

    state: PreviewState

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def page(self, body: bytes) -> bytes:
        return inject(body, self.state.snapshot()["versi"])

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == SCRIPT_PATH:
            return self.send_body(200, RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
        if path == EVENTS_PATH:
            return self.stream_events()
        if path in WITHHELD:  # no service worker in the preview (plugins/offline)
            body = b"// Pratinjau: tanpa service worker, setiap halaman dimuat dari pratinjau.\n"
            return self.send_body(404 if path.endswith("sw.js") else 200, body,
                                  "text/javascript; charset=utf-8")
        early = self.state.early_file(path)
        if early is not None:  # the running build's page for this tab, written first
            try:
                body = Path(early[0]).read_bytes()
            except OSError:
                pass  # swapped in meanwhile: the site has it
            else:
                try:
                    return self.send_body(200, inject(body, early[1]), static_server.HTML)
                finally:
                    self.state.page_sent(path)
        if not (Path(self.directory) / "index.html").is_file():
            return self.send_body(200, self.page(NEVER_BUILT.encode()), static_server.HTML)
        try:
            return super().do_HEAD() if self.command == "HEAD" else super().do_GET()
        finally:
            self.state.page_sent()

    do_HEAD = do_GET

    def stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        shown = parse_qs(urlsplit(self.path).query).get("halaman", [""])[0]
        viewing = shown if first_pages.page_name(shown) is not None else None
        if viewing is not None:
            self.state.watching(viewing, self.connection, True)
        seen = None
        try:
            while True:
                with self.state.condition:
                    self.state.condition.wait_for(lambda seen=seen: self.state.serial != seen,
                                                  timeout=15)
                snapshot = self.state.snapshot()
                if snapshot["nomor"] != seen:
                    seen = snapshot["nomor"]
                    message = f"data: {json.dumps(snapshot, ensure_ascii=False)}\n\n"
                else:
                    message = ": tetap\n\n"  # keeps the connection open through proxies
                self.wfile.write(message.encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            return
        finally:
            if viewing is not None:
                self.state.watching(viewing, self.connection, False)


def stop_on_sigterm() -> None:
    """SIGTERM (a service manager, a test) stops the preview as Ctrl+C does."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        signal.signal(signal.SIGTERM, interrupt)
    except ValueError:
        pass  # not the main thread: the caller handles stopping


def connect(builder, state: PreviewState) -> None:
    """What the builder hears from the server: a page was sent (the resident builder's
    tidying), which pages the tabs show, to be written first (first_pages.py)."""
    state.on_page = getattr(builder, "page_served", None)
    if hasattr(builder, "on_first_pages"):
        builder.viewing, builder.on_first_pages = state.viewed, state.first_pages


def make_server(site: Path, state: PreviewState, port: int,
                host: str = "localhost") -> http.server.ThreadingHTTPServer:
    return static_server.make_server(site, host, port, PreviewHandler, state=state)


VERSION_VARIABLE = "KABAR_PRATINJAU_VERSI"  # the build version, kept across a restart


def start_again() -> None:
    """Replace this process by a new run of the same command (plugin code changed). The
    build version goes with it, so open tabs reload after its first build."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])


def run(root: Path, site: Path, port: int = 8000, host: str = "localhost",
        builder=None, say=None, restart=start_again) -> int:
    """Build, serve and watch until Ctrl+C; returns the exit status. When the builder
    needs a new process (plugin code changed), everything is stopped and restart() runs."""
    root = Path(root).resolve()
    site = Path(site).resolve()
    say = say or to_terminal()
    state = PreviewState()
    state.version = int(os.environ.pop(VERSION_VARIABLE, "0") or 0)
    try:
        server = make_server(site, state, port, host)
    except OSError as error:
        say(f"galat: port {port} tidak dapat dipakai ({error.strerror}); hentikan program "
            f"yang memakainya, atau pakai port lain: invoke serve --port {port + 1}")
        return 1
    builder = builder or ResidentBuilder(root, site)
    connect(builder, state)
    again = threading.Event()
    rebuilder = Rebuilder(builder, state, say, restart=again)
    stop_on_sigterm()
    stop = threading.Event()
    rebuilder.start()
    rebuilder.request()
    watch(root, rebuilder, stop)
    # Polled every 0.1 s (not the standard 0.5 s): Ctrl+C and a restart after a plugin
    # change wait for the server to notice, and staff wait for that.
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                               daemon=True)
    serving.start()
    say(f"Pratinjau siap di http://{host}:{port}/ (Ctrl+C untuk berhenti). Simpan berkas, "
        "halaman di peramban dimuat ulang sendiri.")
    try:
        while serving.is_alive() and not again.is_set():
            serving.join(0.1)
    except KeyboardInterrupt:
        say("Pratinjau dihentikan.")
        again.clear()
    finally:
        stop.set()
        rebuilder.stop()
        server.shutdown()
        server.server_close()
        if hasattr(builder, "close"):
            builder.close()
    if again.is_set():
        os.environ[VERSION_VARIABLE] = str(state.version)
        restart()
    return 0
