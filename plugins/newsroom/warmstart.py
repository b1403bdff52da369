"""Builds started from a process that has already imported Pelican and its libraries.

A build in a new Python process spends about a second importing Pelican, Jinja, Markdown,
Babel, Pillow and the rest before it reads a file: on a small site that is half of each
live-preview save. A `WarmStarter` keeps one helper process (`python -m
newsroom.warmstart`) that has imported them; each build is a fork of it, which starts
with those modules loaded and runs the build command as a new process would.

What a build sees is what a new process sees:
- Only libraries are kept loaded: modules whose files lie inside the Python installation
  or the virtual environment (sys.prefix, sys.base_prefix). The site's plugins, its
  settings file and the build command are imported by each build afresh, so an edit to
  plugins/ or pelicanconf.py counts at the next build. A library upgraded while the
  helper runs is not seen until the preview is restarted.
- Each build is its own process (fork): its working folder, environment, argv,
  stdin (/dev/null), stdout and stderr are set before the command runs, and nothing it
  changes (settings, signals, locale, monkeypatches) reaches the next build.
- The helper learns which libraries builds import: after each build, those it has not
  loaded yet are imported in the helper, while nobody waits.

The helper holds no thread and no open file of a build when it forks. It runs in a
process group of its own, so Ctrl+C in the preview's terminal reaches the preview, which
closes the starter: the helper's stdin is closed and a build still running is stopped.
Should the helper fail, the starter runs the command as an ordinary subprocess and
starts a new helper for the next build.

Protocol: one JSON line per request on the helper's stdin ({"argv", "cwd", "env",
"stdout", "stderr"}: the command without the Python executable, and two files for its
output; the child leaves the list of libraries it loaded in "<stderr>.pustaka"); one
JSON line per answer on its stdout ({"returncode"}).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import runpy
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

PLUGINS = str(Path(__file__).resolve().parents[1])
# Loaded before the first build; builds add the rest (see above).
LIBRARIES = ("pelican", "pelican.generators", "pelican.readers", "pelican.writers",
             "pelican.settings", "pelican.log", "pelican.plugins._utils", "jinja2",
             "markdown", "yaml", "babel.dates", "PIL.Image", "jsonschema", "nh3",
             "multiprocessing.pool")


# -- the helper process ------------------------------------------------------------------
def library_roots() -> tuple[str, ...]:
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return tuple(sorted(root.rstrip(os.sep) + os.sep for root in roots))


def library_modules(roots: tuple[str, ...]) -> list[str]:
    """The modules loaded now whose files are libraries (not the site's own code)."""
    found = []
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path or name == "__main__" or name.startswith("__mp_main__"):
            continue
        if os.path.realpath(path).startswith(roots):
            found.append(name)
    return sorted(found)


def preload(names) -> None:
    for name in names:
        if name in sys.modules:
            continue
        with contextlib.suppress(Exception):  # a library that fails here fails in builds
            importlib.import_module(name)


def serve(requests=None, answers=None) -> int:
    """The helper's loop: one request, one forked build, one answer."""
    requests = requests or sys.stdin
    answers = answers or sys.stdout
    roots = library_roots()
    # The installation's part of sys.path: what follows the helper's own first entry and
    # its PYTHONPATH (a new interpreter's order).
    installed = sys.path[1 + len(_entries(os.environ)):]
    preload(LIBRARIES)
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        report = request["stderr"] + ".pustaka"  # the child's list of libraries it loaded
        gc.collect()
        gc.freeze()  # the helper's objects stay shared with the child (copy-on-write)
        pid = os.fork()
        if pid == 0:
            os._exit(_child(request, report, roots, installed))
        gc.unfreeze()
        _, status = os.waitpid(pid, 0)
        # Read before answering: the starter removes its folder once it has the answer.
        try:
            loaded = json.loads(Path(report).read_text(encoding="utf-8"))
            os.unlink(report)
        except (OSError, ValueError):
            loaded = []
        answers.write(json.dumps({"returncode": os.waitstatus_to_exitcode(status)}) + "\n")
        answers.flush()
        preload(loaded)
    return 0


def _entries(env) -> list[str]:
    return [entry for entry in env.get("PYTHONPATH", "").split(os.pathsep) if entry]


def _child(request: dict, report: str, roots: tuple[str, ...], installed: list[str]) -> int:
    """In the fork: become the process `python ARGV...` run in cwd with env."""
    code = 1
    try:
        _redirect(0, os.devnull, os.O_RDONLY)
        _redirect(1, request["stdout"], os.O_WRONLY | os.O_TRUNC | os.O_CREAT)
        _redirect(2, request["stderr"], os.O_WRONLY | os.O_TRUNC | os.O_CREAT)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # sys.path as a new interpreter builds it: [the command's own entry, PYTHONPATH...,
        # the installation's]; _run puts the first in front.
        sys.path[:] = [*_entries(request["env"]), *installed]
        _forget_site_code(roots)
        code = _run(list(request["argv"]))
    except BaseException:  # noqa: BLE001 - as the interpreter would: a traceback, exit 1
        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        with contextlib.suppress(Exception):
            Path(report).write_text(json.dumps(library_modules(roots)), encoding="utf-8")
    return code


def _forget_site_code(roots: tuple[str, ...]) -> None:
    """Only libraries stay loaded: the helper's own package (newsroom) is the site's code,
    and the command imports it afresh."""
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and name != "__main__" and not os.path.realpath(path).startswith(roots):
            del sys.modules[name]


def _run(argv: list[str]) -> int:
    """`python -m MODULE ARGS` or `python SCRIPT ARGS`, with its exit status."""
    try:
        if argv[:1] == ["-m"]:
            sys.argv = [argv[1], *argv[2:]]
            sys.path.insert(0, os.getcwd())
            runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        else:
            sys.argv = list(argv)
            sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
            runpy.run_path(argv[0], run_name="__main__")
    except SystemExit as stop:
        if stop.code is None:
            return 0
        if isinstance(stop.code, int):
            return stop.code
        print(stop.code, file=sys.stderr)
        return 1
    return 0


def _redirect(fd: int, path: str, flags: int) -> None:
    opened = os.open(path, flags, 0o600)
    os.dup2(opened, fd)
    os.close(opened)


# -- the starter (in the preview, in tests) ----------------------------------------------
class WarmStarter:
    """Runs `[python, ...]` commands as forks of a helper that has the libraries loaded.

    `run(command, cwd, env)` answers like subprocess.run(..., capture_output=True,
    text=True). One build at a time per starter (a lock); close() ends the helper."""

    def __init__(self, env: dict | None = None) -> None:
        self.env = dict(env if env is not None else os.environ)
        self._helper: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._closed = False

    def run(self, command: list[str], cwd, env: dict | None = None
            ) -> subprocess.CompletedProcess:
        env = dict(env if env is not None else os.environ)
        if command[:1] != [sys.executable] or self._closed:
            return _ordinary(command, cwd, env)
        with self._lock, tempfile.TemporaryDirectory(prefix="bangun-") as folder:
            out, err = Path(folder) / "stdout", Path(folder) / "stderr"
            request = {"argv": command[1:], "cwd": str(Path(cwd).resolve()), "env": env,
                       "stdout": str(out), "stderr": str(err)}
            code = self._ask(request)
            if self._closed:  # stopped by close() (the preview ends)
                return subprocess.CompletedProcess(command, -signal.SIGTERM, "",
                                                   "Pembangunan dihentikan.\n")
            if code is None:  # no helper: as an ordinary process
                return _ordinary(command, cwd, env)
            return subprocess.CompletedProcess(
                command, code, out.read_text(encoding="utf-8", errors="replace"),
                err.read_text(encoding="utf-8", errors="replace"))

    def _ask(self, request: dict) -> int | None:
        for _ in range(2):  # a helper that died is started again, once
            if self._closed:
                return None
            helper = self._started()
            if helper is None:
                return None
            try:
                helper.stdin.write(json.dumps(request) + "\n")
                helper.stdin.flush()
                answer = helper.stdout.readline()
                return int(json.loads(answer)["returncode"])
            except (OSError, ValueError, KeyError, TypeError):
                self._stop_helper()
        return None

    def _started(self) -> subprocess.Popen | None:
        if self._helper is not None and self._helper.poll() is None:
            return self._helper
        env = dict(self.env)
        if PLUGINS not in _entries(env):  # where this module lies, for `-m` to find it
            env["PYTHONPATH"] = os.pathsep.join([PLUGINS, *_entries(env)])
        try:
            self._helper = subprocess.Popen(
                [sys.executable, "-m", "newsroom.warmstart"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                env=env, start_new_session=True)
        except OSError:
            self._helper = None
        return self._helper

    def close(self) -> None:
        """End the helper; a build it is running is stopped (SIGTERM, as Ctrl+C would):
        the next build recovers its staging folder (publishing.recover). Commands run
        after close() run as ordinary processes."""
        self._closed = True
        self._stop_helper()

    def _stop_helper(self) -> None:
        helper, self._helper = self._helper, None
        if helper is None:
            return
        with contextlib.suppress(OSError):
            helper.stdin.close()
        for stop in (None, signal.SIGTERM, signal.SIGKILL):
            if stop is not None:
                with contextlib.suppress(OSError):
                    os.killpg(helper.pid, stop)  # its group: the helper and its build
            try:
                helper.wait(timeout=2)
                return
            except subprocess.TimeoutExpired:
                continue

    def __enter__(self) -> WarmStarter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _ordinary(command: list[str], cwd, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


if __name__ == "__main__":
    sys.exit(serve())
