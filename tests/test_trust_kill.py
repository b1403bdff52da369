"""A killed build leaves nothing running, and a failed write names the file it was writing.

A build killed with SIGKILL (kill -9, the out-of-memory killer) runs no cleanup: its
workers and programs must end with it (common/children.py), release its output pipe
(so `invoke build` returns) and the content cache's lock (so the next build is warm).
A write that fails (full disk, `ulimit -f`) is reported at the output file, with the
cause in Indonesian, and output/ (the last good site) stays as it was.
"""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, make_site
from test_build_task import snapshot

from build_report.site import file_system_failure
from common import locks, outfiles

ENVIRONMENT = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "200"}
# Every build of a test has the same settings (the cache is keyed on them); two workers
# read ahead whatever the machine's core count, from 16 unread files on (the default, 64,
# would need a site four times as large to prove the same).
EXTRA = ["-e", 'CONTENT_CACHE={"workers": 2, "prefetch_min": 16}',
         "-e", 'ADMIN={"enabled": false}']
# Search is off where Pagefind is not what is tested (its run is most of a small build).
NO_SEARCH = ["-e", 'SEARCH={"enabled": false}']
LONG = ("Isi laporan *penting* dengan [tautan](https://contoh.go.id) dan **tebal**. " * 20
        + "\n\n") * 2000  # about 3 MB: its read keeps a worker busy for seconds


# -- processes ---------------------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()  # [state, ppid, ...]


def descendants(pid: int) -> set[int]:
    """Every living process below pid (found by their parent ids in /proc)."""
    parents: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            fields = _stat(int(name))
            if fields and fields[0] != "Z":
                parents.setdefault(int(fields[1]), []).append(int(name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pids) -> set[int]:
    """Those of pids that still run (a zombie has ended: it holds no file)."""
    return {p for p in pids if (fields := _stat(p)) is not None and fields[0] != "Z"}


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_for(condition, seconds: float, step: float = 0.005):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    return condition()


def start(script: str, **options) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT,
                            env=ENVIRONMENT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **options)


def kill_all(pids) -> None:
    for pid in alive(pids):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# -- the mechanism -----------------------------------------------------------------------
def test_a_program_started_tied_dies_when_its_parent_is_killed():
    parent = start("""
        import subprocess, sys, time
        from common import children
        program = subprocess.Popen(["sleep", "60"], preexec_fn=children.tied())
        print(program.pid, flush=True)
        time.sleep(60)
    """)
    program = int(parent.stdout.readline())
    try:
        assert alive([program])
        parent.kill()
        parent.wait()
        assert wait_for(lambda: not alive([program]), 5), "the program outlived its parent"
    finally:
        kill_all([program])


@pytest.mark.parametrize("how", ["multiprocessing", "concurrent.futures"])
def test_forked_workers_die_when_their_build_is_killed(how):
    pool = {"multiprocessing": "multiprocessing.get_context('fork').Pool(2)",
            "concurrent.futures": "concurrent.futures.ProcessPoolExecutor(2)"}[how]
    parent = start(f"""
        import concurrent.futures, multiprocessing, os, time
        from common import children
        def pid(_):
            time.sleep(0.05)
            return os.getpid()
        children.install()
        pool = {pool}
        pids = set()
        while len(pids) < 2:
            pids |= set(pool.map(pid, range(8)))
        for _ in range(2):  # both busy when the build is killed
            pool.submit(time.sleep, 60) if hasattr(pool, "submit") else \
                pool.apply_async(time.sleep, (60,))
        print(*pids, flush=True)
        time.sleep(60)
    """)
    workers = {int(p) for p in parent.stdout.readline().split()}
    try:
        assert len(alive(workers)) == 2
        parent.kill()
        parent.wait()
        assert wait_for(lambda: not alive(workers), 5), f"still running: {alive(workers)}"
    finally:
        kill_all(workers)


def test_a_sigterm_that_reaches_a_child_as_it_is_forked_ends_it():
    """The preview turns SIGTERM into KeyboardInterrupt and builds in a thread; a pool ends
    its idle workers with SIGTERM, one perhaps just forked. Delivered while Python's own
    after-fork work ran, the KeyboardInterrupt was lost there ("Exception ignored in
    _after_fork") and the worker waited for ever, with the build waiting for it: the live
    preview hung at 1,000 articles, and a loop of pools in such a process hung after 4-536
    pools. With children.install(), SIGTERM waits until the child has its default action.
    Here the child signals itself from inside the after-fork work."""
    parent = start("""
        import os, signal, time
        from common import children
        from newsroom import preview
        preview.stop_on_sigterm()
        os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.SIGTERM))
        children.install()
        pid = os.fork()
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        started = time.monotonic()
        while time.monotonic() - started < 10:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                print("ended by", signal.Signals(os.WTERMSIG(status)).name
                      if os.WIFSIGNALED(status) else os.WEXITSTATUS(status), flush=True)
                break
            time.sleep(0.05)
        else:
            print("still running", flush=True)
            os.kill(pid, signal.SIGKILL)
    """)
    try:
        assert parent.stdout.readline().strip() == "ended by SIGTERM"
    finally:
        parent.kill()
        parent.wait()


def test_a_forked_child_does_not_keep_the_lock_of_its_parent(tmp_path):
    """The flock belongs to the open file a fork shares: the child closes its copy as it
    starts (before any code of its own runs), so the lock is free as soon as the parent
    lets it go, while the child still runs."""
    parent = start(f"""
        import os, sys, time
        from common import locks
        handle, _ = locks.try_lock({str(tmp_path / "kunci")!r})
        pid = os.fork()
        if pid == 0:
            print("anak", flush=True)  # the child runs: its fork hooks have run
            time.sleep(60)
            os._exit(0)
        sys.stdin.readline()
        print(pid, flush=True)
        sys.stdin.readline()
        handle.close()
        print("dilepas", flush=True)
        time.sleep(60)
    """, stdin=subprocess.PIPE)
    assert parent.stdout.readline() == "anak\n"
    parent.stdin.write("\n")
    parent.stdin.flush()
    child = int(parent.stdout.readline())
    try:
        handle, holder = locks.try_lock(tmp_path / "kunci")
        assert handle is None and holder == str(parent.pid)  # the parent holds it
        parent.stdin.write("\n")
        parent.stdin.flush()
        assert parent.stdout.readline() == "dilepas\n"
        assert alive([child])
        handle, holder = locks.try_lock(tmp_path / "kunci")
        assert handle is not None, f"the lock is still held by {holder}"
        handle.close()
    finally:
        parent.kill()
        parent.wait()
        kill_all([child])


# -- a real build, killed ----------------------------------------------------------------
def news_site(folder: Path, count: int = 40) -> Path:
    make_site(folder)
    for number in range(count):
        (folder / f"content/berita/tambahan-{number}.md").write_text(
            f"Title: Berita Tambahan {number}\nDate: 2024-01-{1 + number % 28:02d} 10:00\n"
            "Category: Pemerintahan\nAuthor: Sofyan\nTags: pasar\n\n"
            + ("Isi berita *penting* hari ini. " * 40 + "\n\n") * 5, encoding="utf-8")
    return folder


INVOKE_BUILD = """
import sys
sys.path.insert(0, {root!r})
import tasks
from invoke import Config, Context
c = Context(Config(overrides={{"run": {{"in_stream": False}}}}))
with c.cd({folder!r}):
    tasks.build_into(c, {output!r}, settings={settings!r}, content="content",
                     extra={extra!r})
"""


def invoke_script(folder: Path, verbose: bool = False) -> str:
    """`invoke build`'s own path (tasks.build_into), as a script for a process of its own."""
    extra = " ".join(f"'{part}'" if part != "-e" else part for part in EXTRA + NO_SEARCH)
    return INVOKE_BUILD.format(root=str(ROOT), folder=str(folder),
                               output=str(folder / "output"),
                               settings=str(ROOT / "pelicanconf.py"),
                               extra=extra + (" -v" if verbose else ""))


def invoke_build(folder: Path, verbose: bool = False) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", invoke_script(folder, verbose)],
                            cwd=folder, env=ENVIRONMENT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def build_here(folder: Path, verbose: bool = False) -> tuple[int, str, str]:
    """invoke_build's build (tasks.build_into, the same settings and environment) run from
    this process: (exit status, stdout, stderr). For a build whose launcher is not what is
    tested; the build itself is `python -m newsroom.build` all the same."""
    import tasks
    from invoke import Config, Context

    extra = " ".join(f"'{part}'" if part != "-e" else part for part in EXTRA + NO_SEARCH)
    context = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in ENVIRONMENT.items():
            patch.setenv(name, value)
        with context.cd(str(folder)):
            try:
                result = tasks.build_into(context, folder / "output",
                                          settings=str(ROOT / "pelicanconf.py"),
                                          content="content",
                                          extra=extra + (" -v" if verbose else ""))
            except SystemExit as stopped:
                return stopped.code or 1, "", ""
    return 0, result.stdout, result.stderr


def the_build(launcher: int) -> int | None:
    """The `python -m newsroom.build` process below the launcher, once it has children."""
    for pid in descendants(launcher):
        if "newsroom.build" in command_line(pid) and descendants(pid):
            return pid
    return None


@pytest.mark.slow
def test_a_killed_build_leaves_nothing_running_and_the_next_build_is_warm(tmp_path):
    folder = news_site(tmp_path / "situs")
    code, _, err = build_here(folder)
    assert code == 0, err
    good = snapshot(folder / "output")
    # 30 articles changed (more than CONTENT_CACHE["prefetch_min"]: read ahead by a
    # pool), and one that keeps a worker busy when the kill comes.
    for number in range(30):
        path = folder / f"content/berita/tambahan-{number}.md"
        path.write_text(path.read_text(encoding="utf-8") + "\nDiperbarui.\n", encoding="utf-8")
    (folder / "content/berita/laporan.md").write_text(
        "Title: Laporan\nDate: 2024-02-01 10:00\nCategory: Pemerintahan\n\n" + LONG,
        encoding="utf-8")

    launcher = invoke_build(folder)
    finished = {}
    reader = threading.Thread(target=lambda: finished.update(
        zip(("out", "err"), launcher.communicate())), daemon=True)
    reader.start()
    try:
        build = wait_for(lambda: the_build(launcher.pid), 120)
        assert build, "no build with workers was seen: " + str(finished)
        # both workers forked and reading (the long article keeps one busy for seconds)
        below = wait_for(lambda: alive(descendants(build)) if len(
            alive(descendants(build))) >= 2 else set(), 10)
        assert below, "the build has no workers to leave behind"
        os.kill(build, signal.SIGKILL)
        killed = time.monotonic()
        # invoke waits for the end of the build's output pipe: it comes with the build.
        reader.join(timeout=10)
        assert not reader.is_alive(), f"invoke build did not return; running: {alive(below)}"
        assert time.monotonic() - killed < 5
        assert wait_for(lambda: not alive(below), 5), f"left running: {alive(below)}"
    finally:
        kill_all(descendants(launcher.pid))
        launcher.kill()
    assert launcher.returncode != 0
    assert "Situs lama di output/ tidak diubah." in finished["err"]
    assert snapshot(folder / "output") == good

    # The next build starts at once (no lock held), and reads only what changed since
    # the last good build: the killed build's cache is not trusted, the snapshot is.
    (folder / "content/berita/laporan.md").unlink()
    code, out, err = build_here(folder, verbose=True)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "Cache isi: dipulihkan dari build terakhir yang berhasil" in said
    assert "Cache isi: 30 berkas dibaca lebih dulu secara paralel" in said
    assert "tanpa cache" not in said and "pembangunan lain" not in said
    assert not (folder / "output.baru").exists()
    page = folder / "output/berita/2024/01/berita-tambahan-0/index.html"
    assert "Diperbarui." in page.read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_build_killed_while_pagefind_indexes_leaves_no_pagefind(tmp_path):
    folder = news_site(tmp_path / "situs", 100)  # Pagefind runs long enough to be seen
    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output", *EXTRA]
    build = subprocess.Popen(command, cwd=folder, env=ENVIRONMENT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    finished = {}
    reader = threading.Thread(target=lambda: finished.update(
        zip(("out", "err"), build.communicate())), daemon=True)
    reader.start()
    try:
        pagefind = wait_for(lambda: {p for p in descendants(build.pid)
                                     if "pagefind" in command_line(p)}, 120, 0.002)
        assert pagefind, "Pagefind was not seen running: " + str(finished)
        below = descendants(build.pid)
        build.kill()
        reader.join(timeout=10)
        assert not reader.is_alive(), f"the build's pipe stayed open; running: {alive(below)}"
        assert wait_for(lambda: not alive(below), 5), f"left running: {alive(below)}"
    finally:
        kill_all(descendants(build.pid))
        os.killpg(build.pid, signal.SIGKILL) if build.poll() is None else None


# -- failed writes -----------------------------------------------------------------------
TOO_LARGE = ("berkas keluaran tidak dapat ditulis: berkas melebihi batas ukuran berkas "
             "(batas sistem berkas atau `ulimit -f` di server); naikkan batas itu atau "
             "perkecil berkasnya")


def limited_build(folder: Path, limit: int, *extra: str) -> subprocess.CompletedProcess:
    """A build whose files may not grow past `limit` bytes (`ulimit -f`). SIGXFSZ is
    left at its default here: the build itself must make the write fail, not die."""
    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output", *extra]
    return subprocess.run(command, cwd=folder, env=ENVIRONMENT, capture_output=True,
                          text=True, timeout=300, preexec_fn=limit_file_size)


def error_lines(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stderr.splitlines() if ": galat " in line]


def test_pages_and_feeds_past_the_size_limit_are_named_and_the_site_is_kept(tmp_path):
    folder = make_site(tmp_path / "situs")
    previous = folder / "output"
    # The previous site, built without a limit, through invoke build's path.
    code, _, err = build_here(folder)
    assert code == 0, err
    good = snapshot(previous)
    (folder / "content/berita/laporan.md").write_text(
        "Title: Laporan Panjang\nDate: 2024-02-01 10:00\nCategory: Pemerintahan\n\n"
        + ("Isi laporan anggaran yang panjang sekali. " * 20 + "\n\n") * 400,
        encoding="utf-8")

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    # invoke build, with a size limit on every file it and its build write
    done = subprocess.run([sys.executable, "-c", invoke_script(folder)], cwd=folder,
                          env=ENVIRONMENT,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=limit_file_size)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert error_lines(done) == [
        f"output.baru/berita/2024/02/laporan-panjang/index.html: galat FS001: {TOO_LARGE} "
        "(isinya dari content/berita/laporan.md)",
        f"output.baru/feeds/berita.atom.xml: galat FS001: {TOO_LARGE}",
        f"output.baru/feeds/kategori/pemerintahan.atom.xml: galat FS001: {TOO_LARGE}",
    ]
    assert "Situs lama di output/ tidak diubah." in done.stderr
    assert snapshot(previous) == good
    assert not (folder / "output.baru").exists()


@pytest.mark.parametrize("writer, files, limit, extra, expected", [
    ("static", {"content/dokumen/laporan-tahunan.pdf":
                b"%PDF-1.4\n%" + b"x" * 1_500_000 + b"\n%%EOF\n"}, 1_000_000, (),
     f"output/dokumen/laporan-tahunan.pdf: galat FS001: {TOO_LARGE} "
     "(salinan dari content/dokumen/laporan-tahunan.pdf)"),
    ("admin", {}, 1_000_000, tuple(NO_SEARCH),  # Pagefind's files are not what is tested
     f"output/admin/decap-cms.js: galat FS001: {TOO_LARGE}"),
    ("search", {}, 50_000, ("-e", 'ADMIN={"enabled": false}'),
     f"output/pagefind: galat FS001: {TOO_LARGE}"),
])
def test_each_writer_names_the_file_past_the_size_limit(tmp_path, writer, files, limit,
                                                        extra, expected):
    folder = make_site(tmp_path / "situs", files)
    done = limited_build(folder, limit, *extra)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert error_lines(done) == [expected]


@pytest.mark.parametrize("number, reason", [
    (errno.ENOSPC, "disk penuh; kosongkan ruang disk lalu bangun ulang"),
    (errno.EDQUOT, "kuota disk habis; kosongkan ruang disk lalu bangun ulang"),
    (errno.EFBIG, TOO_LARGE.split(": ", 1)[1]),
    (errno.EROFS, "folder tujuan hanya dapat dibaca (read-only); pilih folder lain"),
])
def test_a_failure_only_writes_have_is_the_write_of_the_file_it_names(number, reason):
    error = OSError(number, os.strerror(number), "/situs/output/sitemap.xml")
    assert file_system_failure(error) == (
        "/situs/output/sitemap.xml", f"berkas keluaran tidak dapat ditulis: {reason}")


def test_a_copy_failure_names_the_copy_and_a_read_failure_the_file_read():
    copy = OSError(errno.ENOSPC, "No space left on device", "/situs/.cache/images/a/b.jpg",
                   None, "/situs/output/images/b.jpg")  # as shutil's sendfile names them
    assert file_system_failure(copy)[0] == "/situs/output/images/b.jpg"
    read = OSError(errno.ENOENT, "No such file or directory", "/situs/.cache/audio/x.opus")
    assert file_system_failure(read) == ("/situs/.cache/audio/x.opus",
                                         "berkas tidak dapat dibaca: No such file or directory")
    # in the page writer's hands, a failure with no file named is that page's
    bare = OSError(errno.ENOSPC, "No space left on device")
    assert file_system_failure(bare, "/situs/output/index.html", "content/halaman/x.md") == (
        "/situs/output/index.html", "berkas keluaran tidak dapat ditulis: disk penuh; "
        "kosongkan ruang disk lalu bangun ulang (isinya dari content/halaman/x.md)")


def test_a_full_disk_names_the_file_being_written_not_a_temporary_name(tmp_path):
    target = tmp_path / "sitemap.xml"
    with pytest.raises(OSError) as raised:
        with outfiles.writing(target):
            with open("/dev/full", "wb") as full:  # every write: ENOSPC, naming no file
                full.write(b"<urlset/>")
    assert raised.value.errno == errno.ENOSPC
    assert outfiles.written_path(raised.value) == str(target)
    # put_file's own temporary name never reaches the message
    (tmp_path / "berita").write_text("bukan folder", encoding="utf-8")
    with pytest.raises(OSError) as raised:
        outfiles.put_file(tmp_path / "berita" / "index.html", b"<p>isi</p>")
    assert outfiles.written_path(raised.value) == str(tmp_path / "berita" / "index.html")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tulis-")]
