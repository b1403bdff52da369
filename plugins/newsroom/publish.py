"""`invoke publish --siteurl URL`: build for the public address, check, then put in place.

The site is built with publishconf.py for that address into a fresh folder next to the
destination, checked as `invoke check` checks (content rules, then every internal link,
anchor, image and feed entry, resolved against the public address), and only then put in
place. Staging, the swap, crash recovery and the one-build-at-a-time lock are those of
every build (publishing.py). A failed publish removes its fresh folder and leaves the
previous site as it was. Optionally the checked folder is copied to a host with rsync.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from . import check, destination, publishing
from .destination import PublishError, Refusal


_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$"
                   r"|^\[[0-9a-f:.]+\]$")
# RFC 3986 path characters, without quotes, parentheses and '&' that ask for trouble in
# markup, feeds and scripts; '%' only as a complete escape.
_PATH = re.compile(r"^(?:[A-Za-z0-9._~+,;=:@/-]|%[0-9A-Fa-f]{2})*$")


def site_address(text: str, option: str = "--siteurl") -> str:
    """The public address without its final '/', or PublishError naming what is wrong
    (and the option or variable it came from): http or https, a host, a path of plain
    characters; no user, query or fragment."""
    value = text or ""

    def refuse(why: str = "") -> PublishError:
        shown = value.encode("unicode_escape").decode("ascii") if not value.isprintable() \
            else value
        return PublishError(
            f"{option} harus alamat web yang diawali http:// atau https://, misalnya "
            f"https://saburaijuakab.go.id/kabar-inovasi/{why} (ditemukan: '{shown}')")

    value = value.strip() if value.isprintable() else value
    if not value.isprintable() or any(mark in value for mark in " \"'<>\\`{}|^"):
        raise refuse("; tanpa spasi, tanda kutip, < >, atau karakter kendali")
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        raise refuse("; nomor port tidak sah") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise refuse()
    if parts.query or parts.fragment or "?" in value or "#" in value:
        raise refuse("; tanpa ?... atau #...")
    if parts.username is not None or parts.password is not None:
        raise refuse("; tanpa nama pengguna atau sandi")
    host = parts.hostname.lower()
    if not _HOST.match(host) and not _HOST.match(f"[{host}]"):
        raise refuse("; nama server tidak sah")
    path = parts.path
    if not _PATH.match(path) or any(part in (".", "..") for part in path.split("/")) \
            or "//" in path:
        raise refuse("; folder di alamat berisi karakter yang tidak dipakai")
    netloc = (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    return f"{parts.scheme.lower()}://{netloc}{path}".rstrip("/")


# The publish's own record, beside the site's pages: which commit is live. Its bytes depend
# only on the commit, so two publishes of the same commit are the same bytes; when it was
# published is the file's own time (the web server's Last-Modified), which the editor's
# page (plugins/admin/static/penyunting.js) shows with the commit.
RECORD = "terbit.json"


def record_text(commit: str | None, changed: bool = False) -> str:
    """terbit.json for a publish of commit (None: not known); changed when the folder
    held edits not in that commit."""
    data = {"commit": commit or None}
    if changed:
        data["berubah_setelah_commit"] = True
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def git_commit(root: Path) -> tuple[str | None, bool]:
    """(HEAD, whether tracked files differ from it) when root is the top of a Git work
    tree; (None, False) otherwise."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                                  text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != Path(root).resolve():
        return None, False
    head = git("rev-parse", "--verify", "-q", "HEAD")
    return head, bool(head and git("status", "--porcelain", "--untracked-files=no"))


def publish(root: Path, siteurl: str, dest: Path, rsync: str = "", say=print,
            commit: str = "") -> int:
    """Build, check and put the site in place; 0 when it was published.

    commit names what is published in terbit.json (default: the Git HEAD of root).

    Every destination is checked before anything is built (destination.py): --dest and a
    local --rsync folder are never the project, inside it (but output/), a parent of it
    or a file, and hold nothing this project did not make; an rsync target names a
    folder on its host, never its root or a home folder."""
    root = Path(root).resolve()
    try:
        address = site_address(siteurl)
        if commit and not re.fullmatch(r"[0-9a-f]{7,64}", commit):
            raise PublishError("--commit harus nama commit Git (7-64 huruf a-f dan angka), "
                               f"misalnya keluaran `git rev-parse HEAD` (ditemukan: {commit!r})")
        target = destination.rsync_target(rsync) if rsync else None
        dest = Path(dest).resolve()  # symbolic links followed: the folder really replaced
        shown = (dest.relative_to(root).as_posix() + "/" if dest.is_relative_to(root)
                 else str(dest))
        destination.refuse_place(dest, root)
        destination.refuse_contents(destination.inspect(dest), shown)
        if target is not None and not target.host:
            local = Path(target.path).resolve()
            destination.refuse_place(local, root)
            destination.refuse_contents(destination.inspect(local), target.path)
    except PublishError as problem:
        say(str(problem) if isinstance(problem, Refusal) else f"galat: {problem}")
        return 1
    fresh = None  # this publish's staging folder, once made
    say(f"Menerbitkan untuk {address}/: membangun dan memeriksa situs...")
    try:
        with publishing.build_lock(root):
            steps, fresh = publishing.prepare(dest, root)
            for step in steps:
                say(f"Pemulihan: {step}.")
            try:
                result = check.check_site(root, fresh, settings="publishconf.py",
                                          base_url=address + "/", siteurl=address)
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            if not result.ok:
                shutil.rmtree(fresh, ignore_errors=True)
                say(check.report(result).replace("periksa lagi dengan: invoke check",
                                                 "terbitkan lagi"))
                say(f"Penerbitan dibatalkan: situs lama di {shown} tidak diubah.")
                return 1
            # The build's own record (plugins/admin) names no commit; it may be a link
            # of the live site's file, so it is removed, never written through.
            (fresh / RECORD).unlink(missing_ok=True)
            (fresh / RECORD).write_text(
                record_text(*((commit, False) if commit else git_commit(root))),
                encoding="utf-8")
            publishing.put_in_place(fresh, dest, shown)
    except PublishError as problem:
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        say(str(problem) if isinstance(problem, Refusal) else f"galat: {problem}")
        say(f"Penerbitan dibatalkan: situs lama di {shown} tidak diubah.")
        return 1
    say(f"Situs terbit di {shown} untuk {address}/ ({result.pages} halaman diperiksa). "
        "Salin seluruh isi folder itu ke server.")
    if target is not None:
        return send(dest, target, say)
    return 0


def send(folder: Path, target: destination.Target | str, say=print) -> int:
    """Copy the published folder to an rsync target (user@host:/path/) over SSH.

    `--delete` runs only after the target was listed (`rsync --list-only`): absent, empty
    or a site this project sent (its marker); what else stands at its top level is
    protected from deletion by filter rules."""
    program = shutil.which("rsync")
    if program is None:
        say("galat: program rsync tidak terpasang; pasang dulu (apt-get install rsync), "
            f"atau salin isi {folder} ke server dengan cara lain")
        return 1
    try:
        target = destination.rsync_target(str(target))
        found = remote_state(program, target)
        destination.refuse_contents(found, str(target))
        new = destination.names_of(folder) - {destination.MARKER}
        carry, clashes = found.kept(new)
        destination.refuse_clashes(clashes, str(target))
    except PublishError as problem:
        say(str(problem) if isinstance(problem, Refusal) else f"galat: {problem}")
        say(f"Tidak ada yang dikirim; situs di {folder} sudah siap.")
        return 1
    command = [program, "-rlt", "--delete", "--checksum", "-e", "ssh",
               *destination.protect_rules(carry), f"{folder}/", target.folder]
    say(f"Mengirim ke {target} dengan rsync...")
    done = subprocess.run(command)
    if done.returncode != 0:
        say(f"galat: rsync gagal (kode {done.returncode}); situs di {folder} sudah siap, "
            "kirim ulang setelah sambungan ke server diperiksa")
        return 1
    if carry:
        say(f"Dibiarkan di {target} (bukan buatan situs ini): {destination.listing(carry)}.")
    say(f"Terkirim ke {target}.")
    return 0


def remote_state(program: str, target: destination.Target) -> destination.Found:
    """What stands at an rsync target, read with `rsync --list-only` (and its marker)."""
    listed = subprocess.run([program, "--list-only", "-e", "ssh", target.folder],
                            capture_output=True, text=True, errors="replace")
    if listed.returncode != 0:
        if "No such file or directory" in listed.stderr:
            return destination.Found("absent")
        if "Not a directory" in listed.stderr:
            return destination.Found("file")
        raise PublishError(
            f"isi {target} tidak dapat dibaca dengan rsync (kode {listed.returncode}: "
            f"{listed.stderr.strip().splitlines()[-1] if listed.stderr.strip() else '-'}); "
            "periksa sambungan SSH ke server, lalu kirim ulang")
    names = destination.parse_listing(listed.stdout)
    if names is None:
        return destination.Found("file")
    marker = None
    if destination.MARKER in names:
        with tempfile.TemporaryDirectory() as folder:
            fetched = subprocess.run([program, "-e", "ssh", target.folder + destination.MARKER,
                                      folder + "/"], capture_output=True)
            copy = Path(folder) / destination.MARKER
            if fetched.returncode == 0 and copy.is_file():
                marker = copy.read_text(encoding="utf-8", errors="replace")
    return destination.classify(names, marker)
