"""Shared test helpers: tiny content trees built for real with Pelican.

Each build runs in this process through the build API (plugins/newsroom/api.py) with the
project's settings from inside the temporary folder, so messages show paths as staff see
them (content/berita/x.md); its stdout and stderr are what `python -m newsroom.build`
prints. A build given an environment (env=...) or asked for one (process=True) runs as
that command in a subprocess: there the process itself is what is tested.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import locale
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# Browser fixtures (static_server, chromium_page, ...) live in tests/browser.py.
pytest_plugins = ["browser"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def error_lines(self) -> list[str]:
        """The diagnostic lines (path:line:col: galat CODE: ...) the build printed."""
        return [line for line in self.stderr.splitlines() if ": galat " in line]

    def html(self, relative: str) -> BeautifulSoup:
        return parse(self.output / relative)

    def exists(self, relative: str) -> bool:
        return (self.output / relative).exists()


def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "lxml")


def make_site(folder: Path, files: dict[str, str | bytes | None] | None = None,
              base: str = "minimal") -> Path:
    """Copy fixtures/<base>/ into folder, then write (or, for None, delete) files."""
    shutil.copytree(FIXTURES / base, folder, dirs_exist_ok=True)
    for relative, text in (files or {}).items():
        target = folder / relative
        if text is None:
            target.unlink(missing_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return folder


# What an in-process test build leaves out unless the test asks for it: the web editor's
# 6.5 MB bundle and configuration (admin/), copied into every fresh output folder, which
# half of a small fixture's build time went to. Tests of the editor's files build with
# editor=True or give ADMIN themselves; a build in its own process is the whole product.
NO_EDITOR = {"ADMIN": {"enabled": False}}


def run_build(folder: Path, settings: str = "pelicanconf.py", extra: dict | None = None,
              content: str = "content", output: str = "output",
              env: dict | None = None, process: bool = False, editor: bool = False) -> Build:
    """Build folder/content with the project's settings into folder/output."""
    if env is None and not process:
        if not editor:
            extra = {**NO_EDITOR, **(extra or {})}
        return _build_in_process(folder, settings, extra, content, output)
    command = [sys.executable, "-m", "newsroom.build", content, "-s", str(ROOT / settings),
               "-o", output]
    for key, value in (extra or {}).items():
        command += ["-e", f"{key}={json.dumps(value)}"]
    environment = {**os.environ, "COLUMNS": "200",
                   "PYTHONPATH": str(ROOT / "plugins"), **(env or {})}
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env=environment, timeout=600)
    return Build(done.returncode, done.stdout, done.stderr, folder / output)


def _build_in_process(folder: Path, settings: str, extra: dict | None, content: str,
                      output: str) -> Build:
    from newsroom.api import build_site

    # Values as the command line's -e KEY=JSON gives them (tuples become lists...).
    overrides = {key: json.loads(json.dumps(value)) for key, value in (extra or {}).items()}
    result = build_site(folder, settings_file=str(ROOT / settings), overrides=overrides,
                        content=content, output=output)
    from common import codes

    # Every diagnostic of every build has the severity the registry gives its code
    # (test_diagnostics_severity.py checks the source; this checks what builds report).
    wrong = [str(d) for d in result.diagnostics if not codes.agrees(d.code, d.severity)]
    assert not wrong, f"severity or code not as registered in common/codes.py: {wrong}"
    return Build(0 if result.ok else 1, result.stdout, result.stderr, folder / output)


def shared_folder(tmp_path_factory, key: str, produce) -> Path:
    """The session registry of built sites: folder <key> made once per test run by
    produce(folder), shared by every test and every xdist worker that asks for the same key.

    Workers take turns under a file lock; the first makes the folder and marks it done, the
    others find it made. Whoever asks must not change it (copy it first)."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # every worker's basetemp sits in the run's own folder
    registry = base / "bersama"
    registry.mkdir(exist_ok=True)
    folder = registry / key
    with open(registry / f"{key}.kunci", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (registry / f"{key}.selesai").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            produce(folder)
            (registry / f"{key}.selesai").touch()
    return folder


def shared_build(tmp_path_factory, key: str, base: str = "minimal",
                 files: dict | None = None, extra: dict | None = None,
                 source: Path | None = None) -> Build:
    """fixtures/<base> with files (or a copy of source's content/) built once per run under
    key; the build must succeed. Read-only for the tests that share it."""

    def produce(folder: Path) -> None:
        if source is not None:
            shutil.copytree(source / "content", folder / "content")
        else:
            make_site(folder, files, base=base)
        build = run_build(folder, extra=extra, editor=source is not None)
        (folder / "build.json").write_text(json.dumps(
            {"returncode": build.returncode, "stdout": build.stdout, "stderr": build.stderr}),
            encoding="utf-8")

    folder = shared_folder(tmp_path_factory, key, produce)
    made = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    build = Build(made["returncode"], made["stdout"], made["stderr"], folder / "output")
    assert build.returncode == 0, build.stderr
    return build


def build_once(tmp_path_factory, base: str, extra: dict | None = None) -> Build:
    """fixtures/<base> built once per test run (shared: read only); the build must succeed."""
    key = base + ("-" + hashlib.sha256(json.dumps(extra, sort_keys=True).encode()).hexdigest()[:12]
                  if extra else "")
    return shared_build(tmp_path_factory, key, base=base, extra=extra)


@pytest.fixture(scope="session")
def split_search_build(tmp_path_factory) -> Build:
    """The search fixture with room for 2 news in the first index: the 2023 one is older."""
    return build_once(tmp_path_factory, "search", {"SEARCH": {"recent_news": 2}})


@pytest.fixture
def site(tmp_path):
    """A factory: site(files, base="minimal", **build options) -> Build."""

    def build(files=None, base="minimal", **options) -> Build:
        folder = make_site(tmp_path / "site", files, base)
        return run_build(folder, **options)

    return build


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Build:
    """The real sample site (content/ of the repository), built once per test run."""
    return shared_build(tmp_path_factory, "sample", source=ROOT)


def sample_project(folder: Path, tmp_path_factory) -> Path:
    """folder with a copy of the sample's content/ and, linked in, the derivative caches
    (photos, audio) of the shared sample build: a first build publishes the bytes a cold
    build renders without rendering them again (cache entries are written aside and
    renamed, never changed in place). For tests about what a build does with a real
    project, not about rendering photos or audio."""
    made = shared_build(tmp_path_factory, "sample", source=ROOT).output.parent
    shutil.copytree(ROOT / "content", folder / "content")
    for kind in ("images", "audio"):
        if (made / ".cache" / kind).is_dir():
            shutil.copytree(made / ".cache" / kind, folder / ".cache" / kind,
                            copy_function=os.link)
    return folder


# Rough seconds a test takes, by its marks, for a test no earlier run timed.
COST = {"browser": 1.5, "slow": 3.0}
TIMES = "kabar-inovasi/detik-per-uji"  # in .pytest_cache: each test's seconds when it last ran
# The same, as committed (`invoke test-times` writes it): the order of a fresh clone's run.
KEPT_TIMES = Path(__file__).resolve().parent / "durations.json"


@pytest.hookimpl(trylast=True)  # after tests/browser.py marked the browser tests
def pytest_collection_modifyitems(config, items):
    """Files in order of their time, longest first (each file's tests in their own order):
    pytest-xdist's --dist loadfile hands files out in this order, so the long ones start at
    once and the short ones fill the end, instead of one worker finishing a long file
    alone while the other waits. A file's time is the sum over the tests this run selected
    of each one's seconds the last time it ran here, or as tests/durations.json has them,
    or an estimate from its marks (tests under 0.05 s are not kept there)."""
    store = getattr(config, "cache", None)
    timed = {}
    with contextlib.suppress(OSError, ValueError):
        timed.update(json.loads(KEPT_TIMES.read_text(encoding="utf-8")))
    timed.update((store.get(TIMES, {}) if store is not None else {}) or {})
    cost: dict[str, float] = {}
    for item in items:
        path = item.nodeid.split("::")[0]
        seconds = timed.get(item.nodeid)
        if seconds is None:
            marks = {mark.name for mark in item.iter_markers()}
            seconds = max([0.05, *(COST[m] for m in marks if m in COST)])
        cost[path] = cost.get(path, 0.0) + seconds
    first = {path: index for index, path in enumerate(
        sorted(cost, key=lambda path: -cost[path]))}
    items.sort(key=lambda item: first[item.nodeid.split("::")[0]])


class RunTimes:
    """Each test's seconds in this run (setup, call and teardown), kept in .pytest_cache
    for the order of the next run. Runs where the reports arrive: the main process (with
    xdist, the workers' reports come to it)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self, session) -> None:
        cache = getattr(session.config, "cache", None)
        if self.seconds and cache is not None:
            cache.set(TIMES, {**(cache.get(TIMES, {}) or {}),
                              **{test: round(s, 3) for test, s in self.seconds.items()}})


def pytest_configure(config):
    if not hasattr(config, "workerinput"):  # not in an xdist worker
        config.pluginmanager.register(RunTimes(), "kabar-inovasi-test-times")


@contextlib.contextmanager
def keep_locale():
    """Pelican sets the process's locale from LOCALE ("C") when it reads settings; in the
    test process that would make every later subprocess's text decode as ASCII."""
    saved = locale.setlocale(locale.LC_ALL)
    try:
        yield
    finally:
        locale.setlocale(locale.LC_ALL, saved)


def project_settings(name: str = "pelicanconf.py") -> dict:
    """The project's settings as Pelican reads them, without touching this process's locale."""
    from pelican.settings import read_settings

    with keep_locale():
        return read_settings(str(ROOT / name))
