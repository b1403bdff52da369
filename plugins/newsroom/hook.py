"""`invoke install-hook`: publish from a bare Git repository on the regency's own server.

Two hooks are written into BARE.git/hooks/, from one template with every path quoted for
the shell (shlex):

- pre-receive: a push to main is checked before Git accepts it. The pushed commit is
  checked out into the work folder and `invoke check` runs; a commit whose content fails
  is refused, so the pusher sees the Indonesian messages ("remote: ..."), a host that
  relays hook output (Forgejo/Gitea behind Decap's save) shows them as the save's error,
  and the repository never holds a commit the live site could not be built from.
- post-receive: once main moved, the newest main is published (`invoke publish --dest
  WEBROOT`: built for the address, checked again, swapped in atomically; a folder this
  site did not make is refused, newsroom/destination.py).

Both take one lock (flock on BARE.git/kabar-inovasi/kunci), so one check or publish runs
at a time. A push that arrives while a publish runs waits, and the publish after it takes
the newest main: two quick pushes end with the later one live, never a mix. The work
folder (default: beside the repository, `<name>-kerja/`) keeps .cache/ between pushes, so
a one-article save is a warm build. The project's own code from the pushed commit builds
the site, with `make install` in the work folder (or a ready virtualenv given by --venv).

Pure functions (the scripts' text) and a thin install step; no Pelican import.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from . import destination
from .destination import PublishError
from .publish import site_address

# What a pipeline and this hook run, in this order (tests/test_pipelines.py compares every
# pipeline file with it): the README's install, the check, the publish.
STEPS = (("make", "install"), ("invoke", "check"), ("invoke", "publish"))

SIGNATURE = "# Kabar & Inovasi Sabu Raijua: written by `invoke install-hook`"
STATE = "kabar-inovasi"  # folder inside the bare repository: lock, index, last publish
HOOKS = {"pre-receive": "check", "post-receive": "publish"}

TEMPLATE = r"""#!/bin/sh
{signature} (plugins/newsroom/hook.py).
# {mode}: see that module. Installing again replaces this file; edit the command, not this.
REPO={repo}
WORK={work}
DEST={dest}
SITEURL={siteurl}
VENV={venv}
BRANCH=refs/heads/{branch}
MODE={mode}
STATE="$REPO/{state}"

say() {{ printf '%s\n' "$*" >&2; }}
zero=0000000000000000000000000000000000000000

pushed=""
while read -r old new ref; do
  if [ "$ref" = "$BRANCH" ]; then pushed="$new"; fi
done
[ -n "$pushed" ] || exit 0
case "$pushed" in
  *[!0]*) ;;
  *) if [ "$MODE" = check ]; then
       say "galat: cabang ${{BRANCH#refs/heads/}} tidak dapat dihapus: situs terbit dari cabang itu"
       exit 1
     fi
     exit 0 ;;
esac

mkdir -p "$STATE" "$WORK" || exit 1
exec 9>"$STATE/kunci"
if ! flock -n 9; then
  say "Menunggu pemeriksaan atau penerbitan lain selesai..."
  flock 9
fi

commit="$pushed"
if [ "$MODE" = publish ]; then
  # The newest main, which may be a later push than this one's.
  commit=$(git --git-dir="$REPO" rev-parse --verify -q "$BRANCH^{{commit}}") || exit 0
  if [ "$commit" = "$(cat "$STATE/terbit" 2>/dev/null)" ]; then
    say "Commit $commit sudah terbit di $DEST."
    exit 0
  fi
fi

# The commit's files into the work folder; untracked ones (.cache/, .venv/, output) stay.
if ! GIT_INDEX_FILE="$STATE/indeks" git --git-dir="$REPO" --work-tree="$WORK" \
     read-tree --reset -u "$commit"; then
  say "galat: commit $commit tidak dapat disalin ke $WORK; periksa izin tulis folder itu"
  exit 1
fi
# The build is not a Git command of this repository.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_QUARANTINE_PATH \
  GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_PUSH_OPTION_COUNT
cd "$WORK" || exit 1

if [ -z "$VENV" ]; then
  {install} >&2 || {{ say "galat: make install gagal di $WORK; situs tidak diubah"; exit 1; }}
  VENV="$WORK/.venv"
fi
INVOKE="$VENV/bin/invoke"

if [ "$MODE" = check ]; then
  say "Memeriksa commit $commit..."
  if ! "$INVOKE" -r "$WORK" {check} >&2; then
    say "Dorongan ditolak: isi commit $commit belum benar (lihat pesan di atas);"
    say "situs di $SITEURL tidak diubah. Perbaiki, lalu simpan atau dorong lagi."
    exit 1
  fi
  exit 0
fi

say "Menerbitkan commit $commit ke $DEST..."
if "$INVOKE" -r "$WORK" {publish} --siteurl "$SITEURL" --dest "$DEST" --commit "$commit" >&2
then
  printf '%s\n' "$commit" > "$STATE/terbit"
else
  say "Penerbitan commit $commit gagal (lihat pesan di atas); situs lama tetap tayang."
fi
exit 0
"""


def script(mode: str, repo: Path, work: Path, dest: Path, siteurl: str,
           venv: Path | None, branch: str = "main") -> str:
    """The text of the hook for mode ('check': pre-receive, 'publish': post-receive)."""
    install, check, publish = (" ".join(step) for step in STEPS)
    return TEMPLATE.format(
        signature=SIGNATURE, mode=mode, state=STATE, branch=branch,
        repo=shlex.quote(str(repo)), work=shlex.quote(str(work)),
        dest=shlex.quote(str(dest)), siteurl=shlex.quote(siteurl),
        venv=shlex.quote(str(venv) if venv else ""),
        install=install, check=check.removeprefix("invoke "),
        publish=publish.removeprefix("invoke "))


def default_work(repo: Path) -> Path:
    """The work folder beside BARE.git: <name>-kerja/."""
    repo = Path(repo)
    return repo.with_name(repo.name.removesuffix(".git") + "-kerja")


def _is_bare(repo: Path) -> bool:
    done = subprocess.run(["git", "--git-dir", str(repo), "rev-parse", "--is-bare-repository"],
                          capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip() == "true"


def _inside(path: Path, other: Path) -> bool:
    return path == other or path.is_relative_to(other) or other.is_relative_to(path)


def install(repo: Path, dest: Path, siteurl: str, work: Path | None = None,
            venv: Path | None = None, say=print) -> int:
    """Write the two hooks into repo; 0 when done. Nothing is written when the repository
    is not bare, a folder overlaps another, or a hook there was not written by us."""
    repo, dest = Path(repo).resolve(), Path(dest).resolve()
    work = Path(work).resolve() if work else default_work(repo)
    venv = Path(venv).resolve() if venv else None
    try:
        address = site_address(siteurl) + "/"
        if not _is_bare(repo):
            raise PublishError(f"--repo harus repositori Git bare di server, misalnya dibuat "
                               f"dengan `git init --bare situs.git` (ditemukan: '{repo}')")
        for name, folder in (("--repo", repo), ("folder kerja", work)):
            if _inside(dest, folder):
                raise PublishError(f"--dest dan {name} tidak boleh saling berisi; situs "
                                   f"dipasang di folder tersendiri, misalnya /var/www/"
                                   f"kabar-inovasi (ditemukan: '{dest}' dan '{folder}')")
        if _inside(work, repo):
            raise PublishError(f"folder kerja tidak boleh di dalam --repo atau berisinya "
                               f"(ditemukan: '{work}')")
        if venv is not None and not (venv / "bin" / "invoke").is_file():
            raise PublishError(f"--venv harus virtualenv yang berisi bin/invoke, misalnya "
                               f".venv proyek setelah `make install` (ditemukan: '{venv}')")
        destination.refuse_contents(destination.inspect(dest), str(dest))
        hooks = repo / "hooks"
        for name in HOOKS:
            path = hooks / name
            if path.exists() and SIGNATURE not in path.read_text("utf-8", errors="replace"):
                raise PublishError(f"{path} sudah ada dan tidak dibuat oleh invoke "
                                   "install-hook; gabungkan isinya sendiri atau pindahkan "
                                   "dulu, lalu jalankan lagi")
    except PublishError as problem:
        say(str(problem) if isinstance(problem, destination.Refusal) else f"galat: {problem}")
        return 1
    hooks.mkdir(exist_ok=True)
    for name, mode in HOOKS.items():
        path = hooks / name
        fresh = path.with_name(name + ".baru")
        fresh.write_text(script(mode, repo, work, dest, address, venv), encoding="utf-8")
        os.chmod(fresh, 0o755)
        fresh.replace(path)
    say(f"Kait terpasang di {hooks}: dorongan ke main diperiksa (pre-receive), lalu "
        f"diterbitkan ke {dest} untuk {address} (post-receive); folder kerja {work}.")
    return 0
