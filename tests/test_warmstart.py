"""Builds forked from a helper with the libraries loaded (plugins/newsroom/warmstart.py)
behave as builds in a new process: same files, same exit status and messages, the site's
own code read afresh each time, nothing carried from one build to the next."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import make_site

from newsroom import check
from newsroom.warmstart import WarmStarter

PROBE = """import json, os, sys
import sitemod
json.dumps = lambda *a, **k: "diganti"  # a build that changes a library module
print(json.loads('{"a": 1}')["a"], sitemod.VALUE, os.getcwd(), os.environ.get("UJI"),
      sys.argv[1:], sys.stdin.read() == "")
sys.stderr.write("catatan\\n")
sys.exit(int(sys.argv[1]))
"""


@pytest.fixture
def starter():
    with WarmStarter(check.build_environment()) as started:
        yield started


def test_a_forked_command_gets_its_folder_environment_arguments_and_own_code(
        starter, tmp_path):
    (tmp_path / "probe.py").write_text(PROBE, encoding="utf-8")
    (tmp_path / "sitemod.py").write_text("VALUE = 'satu'\n", encoding="utf-8")
    env = {**check.build_environment(), "UJI": "ya"}
    first = starter.run([sys.executable, str(tmp_path / "probe.py"), "0"], tmp_path, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split() == ["1", "satu", str(tmp_path), "ya", "['0']", "True"]
    assert first.stderr == "catatan\n"

    # The site's code is read again: an edit counts at the next command. The library
    # module the first command changed is whole again.
    (tmp_path / "sitemod.py").write_text("VALUE = 'dua'\n", encoding="utf-8")
    second = starter.run([sys.executable, str(tmp_path / "probe.py"), "3"], tmp_path,
                         {**env, "UJI": "lagi"})
    assert second.returncode == 3
    assert second.stdout.split()[:4] == ["1", "dua", str(tmp_path), "lagi"]


def test_a_crash_gives_a_traceback_and_status_1_as_python_does(starter, tmp_path):
    (tmp_path / "rusak.py").write_text("raise RuntimeError('rusak')\n", encoding="utf-8")
    done = starter.run([sys.executable, str(tmp_path / "rusak.py")], tmp_path,
                       check.build_environment())
    plain = subprocess.run([sys.executable, str(tmp_path / "rusak.py")], cwd=tmp_path,
                           capture_output=True, text=True)
    assert (done.returncode, plain.returncode) == (1, 1)
    assert done.stderr.splitlines()[-1] == plain.stderr.splitlines()[-1] == \
        "RuntimeError: rusak"


@pytest.mark.slow
def test_a_site_built_by_a_fork_equals_one_built_by_a_new_process(starter, tmp_path):
    folder = make_site(tmp_path / "site")
    env = check.build_environment()
    forked = [starter.run(check.build_command(folder / name), folder, env)
              for name in ("hangat-1", "hangat-2")]
    fresh = subprocess.run(check.build_command(folder / "baru"), cwd=folder, env=env,
                           capture_output=True, text=True)
    assert [d.returncode for d in forked] == [0, 0] and fresh.returncode == 0, fresh.stderr
    seconds = re.compile(r"\d+\.\d+ detik")
    assert seconds.sub("", forked[1].stdout) == seconds.sub("", fresh.stdout)  # the report
    assert tree(folder / "hangat-2") == tree(folder / "baru")
    assert len(tree(folder / "baru")) > 20


def tree(folder: Path) -> dict[str, bytes]:
    # Pagefind writes its filter and metadata indexes in an order of its own.
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "pagefind" not in p.parts}


def test_a_helper_that_died_is_started_again(starter, tmp_path):
    (tmp_path / "ok.py").write_text("print('jalan')\n", encoding="utf-8")
    env = check.build_environment()
    assert starter.run([sys.executable, str(tmp_path / "ok.py")], tmp_path, env).stdout \
        == "jalan\n"
    os.kill(starter._helper.pid, signal.SIGKILL)
    starter._helper.wait()
    again = starter.run([sys.executable, str(tmp_path / "ok.py")], tmp_path, env)
    assert (again.returncode, again.stdout) == (0, "jalan\n")


@pytest.mark.slow
def test_closing_stops_a_build_that_is_still_running(tmp_path):
    (tmp_path / "lama.py").write_text(
        "import os, pathlib, time\npathlib.Path('mulai').write_text(str(os.getpid()))\n"
        "time.sleep(120)\npathlib.Path('selesai').touch()\n", encoding="utf-8")
    starter = WarmStarter(check.build_environment())
    results = []
    running = threading.Thread(target=lambda: results.append(starter.run(
        [sys.executable, str(tmp_path / "lama.py")], tmp_path, check.build_environment())))
    running.start()
    deadline = time.monotonic() + 60
    while not (tmp_path / "mulai").exists() or not (tmp_path / "mulai").read_text():
        assert time.monotonic() < deadline, "the command never started"
        time.sleep(0.01)
    build = int((tmp_path / "mulai").read_text())
    helper = starter._helper
    started = time.monotonic()
    starter.close()
    running.join(30)
    assert not running.is_alive() and time.monotonic() - started < 15
    assert helper.poll() is not None
    assert results and results[0].returncode != 0
    # The build's own process is gone (not merely waiting out its sleep), so it can
    # never write 'selesai': polled, not a fixed sleep.
    while Path(f"/proc/{build}").exists() and "State:\tZ" not in _status(build):
        assert time.monotonic() - started < 15, "the build's process outlived close()"
        time.sleep(0.01)
    assert not (tmp_path / "selesai").exists()


def _status(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return ""


def test_the_helper_learns_the_libraries_builds_load(tmp_path):
    """The second command finds a library the first one imported already loaded."""
    (tmp_path / "pakai.py").write_text(
        "import sys\nprint('xml.dom.minidom' in sys.modules)\nimport xml.dom.minidom\n",
        encoding="utf-8")
    env = check.build_environment()
    with WarmStarter(env) as starter:
        runs = [starter.run([sys.executable, str(tmp_path / "pakai.py")], tmp_path, env)
                for _ in range(2)]
    assert [r.stdout for r in runs] == ["False\n", "True\n"], json.dumps(
        [r.stderr for r in runs])


def test_the_sites_own_package_is_imported_afresh_by_each_command(starter, tmp_path):
    """newsroom is the helper's own package too; a command starts without it, as a new
    interpreter does, and imports the files on disk."""
    (tmp_path / "paket.py").write_text(
        "import sys\nprint('newsroom' in sys.modules, 'newsroom.warmstart' in sys.modules,"
        " 'jinja2' in sys.modules)\n", encoding="utf-8")
    done = starter.run([sys.executable, str(tmp_path / "paket.py")], tmp_path,
                       check.build_environment())
    assert done.stdout.split() == ["False", "False", "True"], done.stderr
