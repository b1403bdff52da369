"""`invoke publish --siteurl URL`: build for the public address, check, then put in place.

The site is built with publishconf.py for that address into a fresh folder next to the
destination, checked as `invoke check` checks (content rules, then every internal link,
anchor, image and feed entry, resolved against the public address), and only then put in
place. Staging, the swap, crash recovery and the one-build-at-a-time lock are those of
every build (publishing.py). A failed publish removes its fresh folder and leaves the
previous site as it was. Optionally the checked folder is copied to a host with rsync.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from . import check, publishing


class PublishError(Exception):
    """A publish that cannot start; the message is for staff, in Bahasa Indonesia."""


def site_address(text: str) -> str:
    """The public address without its final '/', or PublishError when it is not one."""
    value = (text or "").strip()
    parts = urlsplit(value)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or " " in value or parts.username or parts.password):
        raise PublishError(
            "--siteurl harus alamat web yang diawali http:// atau https://, misalnya "
            "https://saburaijuakab.go.id/kabar-inovasi/ "
            f"(ditemukan: '{value}')")
    return value.rstrip("/")


def publish(root: Path, siteurl: str, dest: Path, rsync: str = "", say=print) -> int:
    """Build, check and put the site in place; 0 when it was published."""
    root = Path(root).resolve()
    try:
        address = site_address(siteurl)
    except PublishError as problem:
        say(f"galat: {problem}")
        return 1
    dest = Path(dest).resolve()
    shown = dest.relative_to(root).as_posix() + "/" if dest.is_relative_to(root) else str(dest)
    fresh = publishing.staging_of(dest)
    say(f"Menerbitkan untuk {address}/: membangun dan memeriksa situs...")
    try:
        with publishing.build_lock(root):
            for step in publishing.recover(dest):
                say(f"Pemulihan: {step}.")
            try:
                result = check.check_site(root, fresh, settings="publishconf.py",
                                          base_url=address + "/", env={"SITEURL": address})
            except BaseException:
                shutil.rmtree(fresh, ignore_errors=True)
                raise
            if not result.ok:
                shutil.rmtree(fresh, ignore_errors=True)
                say(check.report(result).replace("periksa lagi dengan: invoke check",
                                                 "terbitkan lagi"))
                say(f"Penerbitan dibatalkan: situs lama di {shown} tidak diubah.")
                return 1
            publishing.put_in_place(fresh, dest)
    except publishing.PublishError as problem:
        shutil.rmtree(fresh, ignore_errors=True)
        say(f"galat: {problem}")
        say(f"Penerbitan dibatalkan: situs lama di {shown} tidak diubah.")
        return 1
    say(f"Situs terbit di {shown} untuk {address}/ ({result.pages} halaman diperiksa). "
        "Salin seluruh isi folder itu ke server.")
    if rsync:
        return send(dest, rsync, say)
    return 0


def send(folder: Path, target: str, say=print) -> int:
    """Copy the published folder to an rsync target (user@host:/path/) over SSH."""
    program = shutil.which("rsync")
    if program is None:
        say("galat: program rsync tidak terpasang; pasang dulu (apt-get install rsync), "
            f"atau salin isi {folder} ke server dengan cara lain")
        return 1
    command = [program, "-rlt", "--delete", "--checksum", "-e", "ssh",
               f"{folder}/", target]
    say(f"Mengirim ke {target} dengan rsync...")
    done = subprocess.run(command)
    if done.returncode != 0:
        say(f"galat: rsync gagal (kode {done.returncode}); situs di {folder} sudah siap, "
            "kirim ulang setelah sambungan ke server diperiksa")
        return 1
    say(f"Terkirim ke {target}.")
    return 0
