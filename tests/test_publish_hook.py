"""`invoke install-hook`: a bare repository on the server checks and publishes each push.

Tested for real with git in temporary folders: a copy of this project (its code, the
minimal fixture's content) committed in a clone, a bare repository with the hooks, and
pushes: a good one (the web root gets that commit's site), a broken one (the pusher sees
the Indonesian diagnostic lines, the push is refused, the web root is byte for byte as it
was), and a push while a publish runs (the later commit is live, every page from it).
The hooks build with this checkout's .venv (--venv) so nothing is installed; the work
folder gets node_modules (the editor's bundle) as a link, as `make install` would make it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "plugins"))
from newsroom import hook

SITEURL = "https://contoh.go.id/kabar/"
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "Makefile", "requirements.txt",
                 "requirements-test.txt", "package.json", "package-lock.json", ".gitignore")
ARTICLE = "content/berita/pasar-seba.md"
PAGE = "berita/2023/03/pasar-seba/index.html"  # its Slug, written by the fixture below
GIT_USER = ["-c", "user.name=Redaksi", "-c", "user.email=redaksi@contoh.go.id"]


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *GIT_USER, *args], capture_output=True,
                          text=True, check=check, timeout=300)


def invoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), *args],
                          capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def title_of(page: Path) -> str:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").h1.get_text(strip=True)


def commit_title(clone: Path, title: str, message: str) -> str:
    article = clone / ARTICLE
    lines = article.read_text(encoding="utf-8").splitlines(keepends=True)
    article.write_text("".join(f"Title: {title}\n" if line.startswith("Title:") else line
                               for line in lines), encoding="utf-8")
    git(clone, "commit", "-qam", message)
    return git(clone, "rev-parse", "HEAD").stdout.strip()


def serve(tmp_path: Path, editor: bool = False) -> tuple[Path, Path, Path]:
    """(clone, bare repository, web root), the hooks installed, nothing pushed yet."""
    clone = tmp_path / "redaksi"
    clone.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, clone / name)
    # The hooks are what is tested, not search: Pagefind off in every check and publish;
    # the editor's bundle too, but for the test that opens the published editor page.
    with open(clone / "pelicanconf.py", "a", encoding="utf-8") as settings:
        settings.write('\nSEARCH = {**SEARCH, "enabled": False}\n')
        if not editor:
            settings.write('ADMIN = {**ADMIN, "enabled": False}\n')
    for folder in ("plugins", "theme"):
        shutil.copytree(ROOT / folder, clone / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(FIXTURES / "minimal" / "content", clone / "content")
    article = clone / ARTICLE  # one address whatever its title becomes
    article.write_text(article.read_text("utf-8").replace("Author:", "Slug: pasar-seba\nAuthor:"),
                       "utf-8")
    git(clone, "init", "-q", "-b", "main")
    git(clone, "add", "-A")
    git(clone, "commit", "-qm", "Situs awal")
    bare = tmp_path / "srv" / "situs.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    work = hook.default_work(bare)
    work.mkdir()
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    webroot = tmp_path / "www" / "kabar"
    # What `invoke install-hook` calls, in this process (its command line: the test of
    # install below).
    said: list[str] = []
    assert hook.install(bare, webroot, SITEURL, venv=ROOT / ".venv", say=said.append) == 0, said
    git(clone, "remote", "add", "server", str(bare))
    return clone, bare, webroot


@pytest.fixture
def server(tmp_path):
    """(clone, bare repository, web root), the hooks installed, nothing pushed yet."""
    return serve(tmp_path)


@pytest.fixture
def editor_server(tmp_path):
    """server, its site with the web editor (/admin/)."""
    return serve(tmp_path, editor=True)


def push(clone: Path) -> subprocess.CompletedProcess:
    return git(clone, "push", "server", "main", check=False)


@pytest.mark.slow  # real pushes, each a check and a publish (3-9 s)
def test_good_pushes_publish_their_commit_and_a_broken_one_is_refused(server):
    """One server through a day's pushes: the first commit, an edit, then a mistake."""
    clone, bare, webroot = server
    pushed = push(clone)
    head = git(clone, "rev-parse", "HEAD").stdout.strip()
    assert pushed.returncode == 0, pushed.stderr
    assert f"remote: Menerbitkan commit {head} ke {webroot}..." in pushed.stderr
    assert title_of(webroot / PAGE) == "Pasar Seba Dibuka Kembali"
    assert json.loads((webroot / "terbit.json").read_text("utf-8")) == {"commit": head}
    # The work folder beside the repository keeps the build's caches for the next push.
    assert (bare.parent / "situs-kerja" / ".cache").is_dir()
    assert not (bare.parent / "situs-kerja" / "output").exists()

    second = commit_title(clone, "Pasar Seba Dibuka Lagi", "Judul diperbarui")
    pushed = push(clone)
    assert pushed.returncode == 0, pushed.stderr
    assert title_of(webroot / PAGE) == "Pasar Seba Dibuka Lagi"
    assert json.loads((webroot / "terbit.json").read_text("utf-8")) == {"commit": second}

    # A broken push is refused with its messages, and the site stays byte for byte.
    before = snapshot(webroot)
    article = clone / ARTICLE
    article.write_text(article.read_text("utf-8").replace("Category: Pemerintahan",
                                                          "Category: Politik"), "utf-8")
    git(clone, "commit", "-qam", "Kategori salah")
    broken = git(clone, "rev-parse", "HEAD").stdout.strip()

    pushed = push(clone)

    assert pushed.returncode == 1
    lines = [line.removeprefix("remote: ").rstrip() for line in pushed.stderr.splitlines()]
    assert (f"{ARTICLE}:3:11: galat BRT006: 'Category' harus salah satu dari Pemerintahan, "
            "Kesehatan, Pertanian dan Perikanan (ditemukan: 'Politik'); daftar kategori ada "
            "di content/data/kategori.yaml") in lines
    assert (f"Dorongan ditolak: isi commit {broken} belum benar (lihat pesan di atas);"
            in lines)
    assert "(pre-receive hook declined)" in pushed.stderr
    assert snapshot(webroot) == before
    # The repository keeps the last good commit: it and the live site agree.
    assert git(bare, "rev-parse", "main").stdout.strip() == second


@pytest.mark.slow  # real pushes, each a check and a publish (3-9 s)
def test_two_quick_pushes_end_with_the_later_one_live(server):
    clone, bare, webroot = server
    # The first push (the project's first commit and this one) is published while the
    # second comes.
    first = commit_title(clone, "Judul Pertama", "Simpanan pertama")
    pushing = subprocess.Popen(["git", "-C", str(clone), "push", "server", "main"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The first push's check passed once main moved; its publish runs now.
        deadline = time.monotonic() + 120
        while git(bare, "rev-parse", "main", check=False).stdout.strip() != first:
            assert pushing.poll() is None, pushing.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        second = commit_title(clone, "Judul Kedua", "Simpanan kedua")
        later = push(clone)
    finally:
        _, earlier_said = pushing.communicate(timeout=300)
    assert pushing.returncode == 0, earlier_said
    assert later.returncode == 0, later.stderr
    # The later push waited for the publish that was running.
    assert "remote: Menunggu pemeriksaan atau penerbitan lain selesai..." in later.stderr
    assert json.loads((webroot / "terbit.json").read_text("utf-8")) == {"commit": second}
    # Every page of the live site is from the later commit: the article and the lists.
    assert title_of(webroot / PAGE) == "Judul Kedua"
    front = (webroot / "index.html").read_text("utf-8")
    assert "Judul Kedua" in front and "Judul Pertama" not in front
    assert not any(path.name.endswith((".baru", ".lama")) for path in webroot.parent.iterdir())


def test_the_hook_script_quotes_every_path_and_runs_the_pipeline_steps(tmp_path):
    odd = tmp_path / "it's a $(dir)"
    text = hook.script("publish", odd / "situs.git", odd / "kerja", odd / "www",
                       SITEURL, None)
    assert f"REPO={shlex.quote(str(odd / 'situs.git'))}\n" in text
    assert f"DEST={shlex.quote(str(odd / 'www'))}\n" in text
    # Run by sh, the assignments give back the paths as they are.
    shown = subprocess.run(["sh", "-c", text.split("BRANCH=")[0] + 'printf "%s\\n" "$REPO"'],
                           capture_output=True, text=True)
    assert shown.stdout == f"{odd / 'situs.git'}\n"
    order = [text.index(" ".join(step) if step[0] == "make" else f'-r "$WORK" {step[1]}')
             for step in hook.STEPS]
    assert order == sorted(order)


def test_install_refuses_a_repository_that_is_not_bare_and_a_foreign_hook(tmp_path):
    plain = tmp_path / "biasa"
    subprocess.run(["git", "init", "-q", str(plain)], check=True)
    done = invoke("install-hook", "--repo", str(plain), "--dest", str(tmp_path / "www"),
                  "--siteurl", SITEURL)
    assert done.returncode == 1
    assert done.stdout.strip() == (f"galat: --repo harus repositori Git bare di server, "
                                   f"misalnya dibuat dengan `git init --bare situs.git` "
                                   f"(ditemukan: '{plain}')")
    bare = tmp_path / "situs.git"
    subprocess.run(["git", "init", "-q", "--bare", str(bare)], check=True)
    (bare / "hooks" / "post-receive").write_text("#!/bin/sh\necho milik admin\n", "utf-8")
    done = invoke("install-hook", "--repo", str(bare), "--dest", str(tmp_path / "www"),
                  "--siteurl", SITEURL)
    assert done.returncode == 1
    assert done.stdout.strip() == (f"galat: {bare / 'hooks' / 'post-receive'} sudah ada dan "
                                   "tidak dibuat oleh invoke install-hook; gabungkan isinya "
                                   "sendiri atau pindahkan dulu, lalu jalankan lagi")
    assert (bare / "hooks" / "post-receive").read_text("utf-8") == "#!/bin/sh\necho milik admin\n"
    assert not (bare / "hooks" / "pre-receive").exists()
    # A bare repository with no hooks of its own gets both, and the command succeeds.
    fresh = tmp_path / "baru.git"
    subprocess.run(["git", "init", "-q", "--bare", str(fresh)], check=True)
    done = invoke("install-hook", "--repo", str(fresh), "--dest", str(tmp_path / "www"),
                  "--siteurl", SITEURL, "--venv", str(ROOT / ".venv"))
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("pre-receive", "post-receive"):
        assert os.access(fresh / "hooks" / name, os.X_OK), name


def test_the_publish_record_names_the_commit_of_a_git_folder(tmp_path):
    from newsroom.publish import git_commit, record_text

    assert git_commit(tmp_path) == (None, False)  # not a Git work tree
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.md").write_text("satu\n", "utf-8")
    git(tmp_path, "add", "a.md")
    git(tmp_path, "commit", "-qm", "satu")
    head = git(tmp_path, "rev-parse", "HEAD").stdout.strip()
    assert git_commit(tmp_path) == (head, False)
    assert git_commit(tmp_path / "sub") == (None, False)  # only the top of the work tree
    (tmp_path / "a.md").write_text("dua\n", "utf-8")
    assert git_commit(tmp_path) == (head, True)
    assert record_text(head) == f'{{"commit": "{head}"}}\n'
    assert record_text(head, True) == f'{{"berubah_setelah_commit": true, "commit": "{head}"}}\n'
    assert record_text(None) == '{"commit": null}\n'


@pytest.mark.slow  # real pushes, each a check and a publish (3-9 s)
def test_the_editor_page_shows_when_and_which_commit_is_live(editor_server, static_server,
                                                            chromium_page):
    clone, _, webroot = editor_server
    assert push(clone).returncode == 0
    head = git(clone, "rev-parse", "HEAD").stdout.strip()
    # Published at 2025-03-03 02:05 UTC, 10.05 WITA: the record file's own time.
    published = 1740967500
    os.utime(webroot / "terbit.json", (published, published))
    base = static_server(webroot, prefix="/kabar/")
    page = chromium_page
    page.goto(base + "admin/")
    status = page.locator("#status-terbit")
    expected = f"Situs terakhir terbit 3 Maret 2025, 10.05 WITA, dari commit {head[:7]}."
    status.filter(has_text="Situs terakhir terbit").wait_for()
    assert status.text_content() == expected
    assert status.get_attribute("data-commit") == head

    # A save in this browser after that publish: "belum terbit" until a newer one is live.
    page.evaluate("(at) => localStorage.setItem('penyunting-tersimpan', String(at))",
                  (published + 120) * 1000)
    page.reload()
    status.filter(has_text="Belum terbit").wait_for()
    assert status.text_content() == ("Belum terbit: simpanan Anda 3 Maret 2025, 10.07 WITA "
                                     "sedang diterbitkan (diperiksa lagi tiap 30 detik). "
                                     + expected)
    # The next publish (the record's time after the save) is live again.
    os.utime(webroot / "terbit.json", (published + 300, published + 300))
    page.reload()
    status.filter(has_text="Situs terakhir terbit 3 Maret 2025, 10.10 WITA").wait_for()
