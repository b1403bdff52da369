"""Publishing never deletes what it did not make (issue 21, class 1), and --siteurl is a
plain web address (class 7).

A site replaces a folder only when that folder is absent, empty, or a site this project
made (its marker, plugins/newsroom/destination.py); never the project, a folder inside it
other than output/, a parent of it, or a file; what a host put beside the site is kept.
The same holds for `invoke build` into output/, `invoke clean`, the recovery of leftover
staging folders, and rsync's `--delete` on a target. Every refusal is a diagnostic line
naming the folder, and the files are still there byte for byte afterwards.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Config, Context, Exit

from conftest import ROOT, make_site

import tasks
from newsroom import destination, publish, publishing

SITEURL = "https://contoh.go.id/kabar-inovasi/"
MARKER = ".situs-kabar-inovasi"
HEAD = ("Situs Kabar & Inovasi Sabu Raijua, dibuat oleh invoke build atau invoke publish.\n"
        "Penerbitan berikutnya hanya mengganti nama-nama di bawah ini; berkas lain di folder "
        "ini dibiarkan.\n\n")
TRB002 = ("galat TRB002: folder ini berisi berkas yang tidak dibuat oleh situs ini "
          "(ditemukan: {}); situs tidak dipasang agar berkas itu tidak hilang. Pilih folder "
          "kosong atau folder baru, atau pindahkan isinya dulu")
TRB003_INSIDE = ("galat TRB003: tujuan ini folder di dalam proyek; di dalam proyek situs "
                 "hanya dipasang di output/. Hapus --dest, atau pakai folder di luar proyek")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and link under folder (itself included) with a digest of its bytes."""
    folder = Path(folder)
    if folder.is_file():
        return {".": hashlib.sha256(folder.read_bytes()).hexdigest()}
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest()
                                               if p.is_file() and not p.is_symlink()
                                               else "dir" if p.is_dir() and not p.is_symlink()
                                               else f"-> {os.readlink(p)}")
            for p in sorted(folder.rglob("*"))}


def run_publish(site: Path, dest: Path | None = None, rsync: str = "",
                siteurl: str = SITEURL) -> tuple[int, list[str]]:
    said: list[str] = []
    code = publish.publish(site, siteurl, dest if dest is not None else site / "output",
                           rsync, say=said.append)
    return code, "\n".join(said).splitlines()


def staff_folder(folder: Path) -> Path:
    """A folder of someone's own work, with a nested file and a link."""
    (folder / "laporan").mkdir(parents=True)
    (folder / "catatan.txt").write_text("jangan hilang\n", encoding="utf-8")
    (folder / "laporan" / "2025.odt").write_bytes(b"PK\x03\x04 laporan")
    (folder / "pintasan").symlink_to("catatan.txt")
    return folder


@pytest.fixture
def project(tmp_path) -> Path:
    return make_site(tmp_path / "situs")


# ---- --dest: never the project, inside it (but output/), a parent of it, or a file ----

def test_publish_into_content_is_refused_and_the_drafts_stay(project):
    draft = project / "content/berita/draf-belum-disimpan.md"
    draft.write_text("Title: Draf\nStatus: draft\n\nBelum selesai.\n", encoding="utf-8")
    before = snapshot(project / "content")
    code, said = run_publish(project, project / "content")
    assert code == 1
    assert said == [f"content: {TRB003_INSIDE}"]
    assert snapshot(project / "content") == before
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("written", ["content/", "./output/../content", "content/berita",
                                     "output/berita", "theme-saya", ".cache"])
def test_every_spelling_of_a_folder_inside_the_project_is_refused(project, written,
                                                                  monkeypatch):
    monkeypatch.chdir(project)
    before = snapshot(project)
    code, said = run_publish(project, Path(written))
    shown = os.path.normpath(written)
    assert (code, said) == (1, [f"{shown}: {TRB003_INSIDE}"])
    assert snapshot(project) == before


def test_the_project_root_and_its_parents_are_refused(project):
    before = snapshot(project.parent)
    for dest, what in ((project, "tujuan ini folder proyek itu sendiri; situs tidak pernah "
                                 "dipasang di sana. Pakai folder di luar proyek, misalnya "
                                 "--dest /var/www/kabar-inovasi"),
                       (project.parent, f"tujuan ini folder yang berisi proyek ({project}); "
                                        "situs tidak pernah dipasang di sana. Pakai folder "
                                        "tersendiri di luar proyek, misalnya --dest "
                                        "/var/www/kabar-inovasi"),
                       (Path("/"), f"tujuan ini folder yang berisi proyek ({project}); situs "
                                   "tidak pernah dipasang di sana. Pakai folder tersendiri "
                                   "di luar proyek, misalnya --dest /var/www/kabar-inovasi")):
        code, said = run_publish(project, dest)
        shown = "." if dest == project else str(dest)
        assert (code, said) == (1, [f"{shown}: galat TRB003: {what}"])
    assert snapshot(project.parent) == before


def test_a_link_to_the_project_or_into_it_is_followed_and_refused(project, tmp_path):
    (tmp_path / "ke-proyek").symlink_to(project)
    (tmp_path / "ke-konten").symlink_to(project / "content")
    (tmp_path / "www").mkdir()
    (tmp_path / "www/situs").symlink_to("../situs/content/berita")
    before = snapshot(tmp_path)
    assert run_publish(project, tmp_path / "ke-proyek")[1][0].startswith(
        ".: galat TRB003: tujuan ini folder proyek itu sendiri;")
    assert run_publish(project, tmp_path / "ke-konten")[1] == [f"content: {TRB003_INSIDE}"]
    assert run_publish(project, tmp_path / "www/situs")[1] == [
        f"content/berita: {TRB003_INSIDE}"]
    assert run_publish(project, tmp_path / "ke-proyek/../situs/output/../content")[1] == [
        f"content: {TRB003_INSIDE}"]
    assert snapshot(tmp_path) == before


def test_a_file_as_dest_is_refused_and_kept(project, tmp_path):
    target = tmp_path / "laporan.pdf"
    target.write_bytes(b"%PDF-1.7 laporan tahunan")
    code, said = run_publish(project, target)
    assert code == 1
    assert said == [f"{target}: galat TRB001: tujuan ini sebuah berkas, bukan folder; situs "
                    "hanya dipasang di folder kosong, folder yang belum ada, atau folder situs "
                    "ini yang lama. Pilih folder lain dengan --dest"]
    assert target.read_bytes() == b"%PDF-1.7 laporan tahunan"
    assert not (tmp_path / "laporan.pdf.baru").exists()


def test_a_folder_of_unrelated_files_is_refused_and_kept(project, tmp_path):
    folder = staff_folder(tmp_path / "dokumen-kantor")
    before = snapshot(folder)
    code, said = run_publish(project, folder)
    assert code == 1
    assert said == [f"{folder}: " + TRB002.format("catatan.txt, laporan/, pintasan")]
    assert snapshot(folder) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dokumen-kantor", "situs"]


def test_a_hidden_file_alone_makes_a_folder_not_empty(project, tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / ".htpasswd").write_text("redaksi:$apr1$x\n", encoding="utf-8")
    code, said = run_publish(project, folder)
    assert (code, said) == (1, [f"{folder}: " + TRB002.format(".htpasswd")])
    assert (folder / ".htpasswd").read_text(encoding="utf-8") == "redaksi:$apr1$x\n"


# ---- the marker, and what a host put beside a published site ----------------------------

def test_a_publish_marks_its_site_and_a_second_publish_keeps_what_a_host_added(project,
                                                                               tmp_path):
    www = tmp_path / "www/kabar-inovasi"
    code, said = run_publish(project, www)
    assert code == 0, said
    marker = (www / MARKER).read_text(encoding="utf-8")
    assert marker.startswith(HEAD)
    listed = marker[len(HEAD):].splitlines()
    assert listed == sorted(destination.names_of(www) - {MARKER})
    assert {"index.html", "404.html", "berita/", "theme/"} <= set(listed)

    (www / ".htaccess").write_text("ErrorDocument 404 /kabar-inovasi/404.html\n", "utf-8")
    (www / ".well-known").mkdir()
    (www / ".well-known/security.txt").write_text("Contact: mailto:a@b\n", "utf-8")
    (www / "google1234.html").write_text("google-site-verification\n", "utf-8")
    kept = snapshot(www / ".well-known")
    code, said = run_publish(project, www)
    assert code == 0, said
    assert (www / ".htaccess").read_text("utf-8") == "ErrorDocument 404 /kabar-inovasi/404.html\n"
    assert (www / "google1234.html").read_text("utf-8") == "google-site-verification\n"
    assert snapshot(www / ".well-known") == kept
    assert (www / MARKER).read_text(encoding="utf-8") == marker  # deterministic, only the site's
    assert sorted(p.name for p in www.parent.iterdir()) == ["kabar-inovasi"]


def test_a_host_file_named_like_a_new_page_stops_the_publish(project, tmp_path):
    www = tmp_path / "www"
    assert run_publish(project, www)[0] == 0
    (www / "berita.txt").write_text("x", "utf-8")
    marker = (www / MARKER).read_text("utf-8")
    (www / MARKER).write_text(marker.replace("tentang/\n", ""), "utf-8")  # an older site
    shutil.rmtree(www / "tentang")
    (www / "tentang").mkdir()
    (www / "tentang/foto-kantor.jpg").write_bytes(b"\xff\xd8 foto")
    before = snapshot(www)
    code, said = run_publish(project, www)
    assert code == 1
    assert said[-2:] == [
        f"{www}: galat TRB004: folder ini berisi berkas yang tidak dibuat oleh situs ini "
        "dengan nama yang juga dipakai situs baru (tentang/); pindahkan atau ganti nama "
        "berkas itu dulu, lalu jalankan lagi",
        f"Penerbitan dibatalkan: situs lama di {www} tidak diubah."]
    assert snapshot(www) == before
    assert not (tmp_path / "www.baru").exists() and not (tmp_path / "www.lama").exists()


# ---- put_in_place and recover, in-process -------------------------------------------------

def fake_site(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in pages.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


LEGACY = {"index.html": "lama", "404.html": "x", "sitemap.xml": "x", "robots.txt": "x",
          "theme/css/situs.css": "x", "berita/lama/index.html": "lama"}


def test_an_output_from_before_the_marker_is_taken_once_and_marked(tmp_path):
    output = fake_site(tmp_path / "output", {**LEGACY, ".htaccess": "Options -Indexes\n"})
    staging = fake_site(tmp_path / "output.baru", {"index.html": "baru", "404.html": "y",
                                                   "sitemap.xml": "y", "robots.txt": "y",
                                                   "theme/css/situs.css": "y"})
    publishing.put_in_place(staging, output)
    assert (output / "index.html").read_text("utf-8") == "baru"
    assert not (output / "berita").exists()  # the old site's own page went with it
    assert (output / ".htaccess").read_text("utf-8") == "Options -Indexes\n"
    assert (output / MARKER).read_text("utf-8") == HEAD + (
        "404.html\nindex.html\nrobots.txt\nsitemap.xml\ntheme/\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


@pytest.mark.parametrize("inside", [{"catatan.txt": "x"}, {"index.html": "beranda kantor"},
                                    {"index.html": "x", "404.html": "x", "sitemap.xml": "x"},
                                    {MARKER: "bukan penanda\n", "index.html": "x"}])
def test_put_in_place_refuses_a_folder_it_did_not_make(tmp_path, inside):
    dest = fake_site(tmp_path / "tujuan", inside)
    staging = fake_site(tmp_path / "tujuan.baru", {"index.html": "baru"})
    before, staged = snapshot(dest), snapshot(staging)
    with pytest.raises(publishing.Refusal) as refused:
        publishing.put_in_place(staging, dest, "tujuan/")
    assert str(refused.value) == "tujuan/: " + TRB002.format(
        ", ".join(sorted(inside)))
    assert snapshot(dest) == before and snapshot(staging) == staged


def test_recover_keeps_a_folder_that_only_shares_the_staging_name(tmp_path):
    dest = tmp_path / "www"
    for leftover in ("www.baru", "www.lama"):
        folder = staff_folder(tmp_path / leftover)
        before = snapshot(folder)
        with pytest.raises(publishing.Refusal) as refused:
            publishing.prepare(dest)
        assert str(refused.value) == (
            f"{folder}: galat TRB005: folder ini memakai nama yang disiapkan untuk pemasangan "
            "situs, tetapi tidak dibuat oleh situs ini; pindahkan atau ganti namanya, lalu "
            "jalankan lagi")
        assert snapshot(folder) == before
        assert not dest.exists()
        folder.rename(tmp_path / f"simpan-{leftover}")


def test_recover_removes_its_own_marked_leftovers_outside_the_project(tmp_path):
    dest = fake_site(tmp_path / "www", {})
    publishing.put_in_place(fake_site(tmp_path / "www.baru", {"index.html": "a"}), dest)
    steps, staging = publishing.prepare(dest)  # a publish that will be killed
    (staging / "index.html").write_text("setengah", encoding="utf-8")
    (tmp_path / "www").rename(tmp_path / "www.lama")  # killed between the renames
    steps, staging = publishing.prepare(dest)
    assert steps == ["sisa pembangunan yang terhenti dihapus (www.baru)",
                     "situs terakhir yang baik dipulihkan dari www.lama"]
    assert (dest / "index.html").read_text("utf-8") == "a"
    assert sorted(p.name for p in staging.iterdir()) == [MARKER]


# ---- invoke build and invoke clean on output/ ---------------------------------------------

def context() -> Context:
    return Context(Config(overrides={"run": {"in_stream": False}}))


def test_build_refuses_an_output_folder_of_staff_files(project, capfd):
    staff_folder(project / "output")
    before = snapshot(project / "output")
    c = context()
    with c.cd(str(project)), pytest.raises(SystemExit) as stopped:
        tasks.build_into(c, project / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content")
    assert stopped.value.code == 1
    assert capfd.readouterr().err.splitlines() == [
        "output/: " + TRB002.format("catatan.txt, laporan/, pintasan"),
        "Situs tidak dipasang; output/ tidak diubah."]
    assert snapshot(project / "output") == before
    assert not (project / "output.baru").exists()


def test_build_through_a_linked_output_refuses_the_linked_folder(project, tmp_path, capfd):
    elsewhere = staff_folder(tmp_path / "berkas-redaksi")
    (project / "output").symlink_to(elsewhere)
    before = snapshot(elsewhere)
    c = context()
    with c.cd(str(project)), pytest.raises(SystemExit):
        tasks.build_into(c, project / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content")
    assert capfd.readouterr().err.splitlines()[0] == (
        f"{elsewhere}: " + TRB002.format("catatan.txt, laporan/, pintasan"))
    assert snapshot(elsewhere) == before


def test_clean_removes_only_what_the_site_made(tmp_path, monkeypatch, capfd):
    output = tmp_path / "output"
    monkeypatch.setattr(tasks, "OUTPUT", output)
    staff_folder(output)
    before = snapshot(output)
    with pytest.raises(Exit):
        tasks.clean(context())
    assert capfd.readouterr().err.strip() == (
        "output/: " + TRB002.format("catatan.txt, laporan/, pintasan"))
    assert snapshot(output) == before
    shutil.rmtree(output)
    output.mkdir()
    publishing.put_in_place(fake_site(tmp_path / "output.baru", {"index.html": "a"}), output)
    (output / ".htaccess").write_text("x", "utf-8")
    tasks.clean(context())
    assert sorted(p.name for p in output.iterdir()) == [".htaccess"]


# ---- rsync: the target is a folder, and --delete spares what the site did not send -------

@pytest.mark.parametrize("target, why", [
    ("redaksi@contoh.go.id:/", "folder tujuan adalah akar server atau folder rumah pengguna, "
                               "yang isinya akan terhapus"),
    ("redaksi@contoh.go.id:~", "folder tujuan adalah akar server atau folder rumah pengguna, "
                               "yang isinya akan terhapus"),
    ("redaksi@contoh.go.id:~/", "folder tujuan adalah akar server atau folder rumah pengguna, "
                                "yang isinya akan terhapus"),
    ("redaksi@contoh.go.id:", "folder tujuan kosong atau berisi spasi, tanda kutip, atau "
                              "karakter lain yang tidak dipakai di sini"),
    ("redaksi@contoh.go.id:/var/www/../situs", "folder tujuan tidak boleh berisi '.' atau '..'"),
    ("contoh.go.id:/var/www/a b", "folder tujuan kosong atau berisi spasi, tanda kutip, atau "
                                  "karakter lain yang tidak dipakai di sini"),
    ("contoh.go.id:/var/www/$(reboot)", "folder tujuan kosong atau berisi spasi, tanda kutip, "
                                        "atau karakter lain yang tidak dipakai di sini"),
    ("-oProxyCommand=x:/var/www/", "tujuan rsync tidak boleh diawali '-'"),
    ("-e", "tujuan rsync tidak boleh diawali '-'"),
    ("contoh.go.id::situs/", "layanan rsync (::, rsync://) tidak dipakai; kirim lewat SSH"),
    ("r@x;id:/var/www/", "nama server 'r@x;id' tidak sah"),
    ("contoh.go.id:~root/www", "folder rumah pengguna lain ('~nama') tidak dipakai"),
    ("", "tujuan rsync kosong"),
])
def test_an_rsync_target_that_could_name_the_wrong_folder_is_refused_before_building(
        project, target, why):
    code, said = run_publish(project, rsync=target) if target else (1, [
        str(pytest.raises(publishing.Refusal, destination.rsync_target, "").value)])
    assert code == 1
    assert said == [f"--rsync: galat TRB006: {why}; tulis folder situs di server lengkap, "
                    "misalnya redaksi@saburaijuakab.go.id:/var/www/kabar-inovasi/ "
                    f"(ditemukan: {target!r})"]
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("target", ["redaksi@contoh.go.id:/var/www/kabar-inovasi/",
                                    "contoh.go.id:~/situs", "u_1@10.0.0.2:/srv/kabar"])
def test_an_rsync_target_of_a_folder_on_a_host_is_accepted(target):
    assert str(destination.rsync_target(target)) == target


needs_rsync = pytest.mark.skipif(shutil.which("rsync") is None, reason="rsync not installed")


@pytest.fixture
def sent_site(tmp_path) -> Path:
    """A published folder (marked), as publish leaves it before rsync runs."""
    folder = tmp_path / "output"
    publishing.put_in_place(fake_site(tmp_path / "output.baru", {
        "index.html": "beranda", "berita/a/index.html": "a", "theme/situs.css": "css"}),
        folder)
    return folder


@needs_rsync
def test_rsync_refuses_a_target_folder_it_did_not_make(sent_site, tmp_path):
    server = staff_folder(tmp_path / "server/var/www")
    before = snapshot(server)
    said: list[str] = []
    assert publish.send(sent_site, f"{server}/", say=said.append) == 1
    assert said == [f"{server}/: " + TRB002.format("catatan.txt, laporan/, pintasan"),
                    f"Tidak ada yang dikirim; situs di {sent_site} sudah siap."]
    assert snapshot(server) == before


@needs_rsync
def test_rsync_refuses_a_file_as_target(sent_site, tmp_path):
    target = tmp_path / "index.php"
    target.write_text("<?php // portal", "utf-8")
    said: list[str] = []
    assert publish.send(sent_site, str(target), say=said.append) == 1
    assert said[0].startswith(f"{target}: galat TRB001: tujuan ini sebuah berkas, bukan folder")
    assert target.read_text("utf-8") == "<?php // portal"


@needs_rsync
def test_rsync_sends_to_a_new_folder_then_spares_what_the_host_added(sent_site, tmp_path):
    server = tmp_path / "server/www"
    server.parent.mkdir()
    said: list[str] = []
    assert publish.send(sent_site, str(server), say=said.append) == 0, said
    assert snapshot(server) == snapshot(sent_site)
    (server / ".htaccess").write_text("DirectoryIndex index.html\n", "utf-8")
    (server / "statistik").mkdir()
    (server / "statistik/awstats.txt").write_text("kunjungan", "utf-8")
    (server / "berita/b").mkdir()
    (server / "berita/b/index.html").write_text("berita yang sudah dihapus", "utf-8")
    shutil.rmtree(sent_site / "theme")  # the new site has no theme/ any more
    said.clear()
    assert publish.send(sent_site, str(server), say=said.append) == 0, said
    assert said[-2:] == [f"Dibiarkan di {server} (bukan buatan situs ini): .htaccess, "
                         "statistik/.", f"Terkirim ke {server}."]
    assert (server / ".htaccess").read_text("utf-8") == "DirectoryIndex index.html\n"
    assert (server / "statistik/awstats.txt").read_text("utf-8") == "kunjungan"
    assert not (server / "theme").exists()  # the site's own, listed in its marker
    assert not (server / "berita/b").exists()  # inside the site's own folder
    assert (server / MARKER).read_bytes() == (sent_site / MARKER).read_bytes()


@needs_rsync
def test_a_local_rsync_folder_inside_the_project_is_refused_before_building(project):
    code, said = run_publish(project, rsync=str(project / "content"))
    assert (code, said) == (1, [f"content: {TRB003_INSIDE}"])


# ---- --siteurl ----------------------------------------------------------------------------

BASE = ("galat: --siteurl harus alamat web yang diawali http:// atau https://, misalnya "
        "https://saburaijuakab.go.id/kabar-inovasi/")
CHARACTERS = "; tanpa spasi, tanda kutip, < >, atau karakter kendali"


@pytest.mark.parametrize("siteurl, why, shown", [
    ('https://contoh.go.id/"><script>alert(1)</script>', CHARACTERS, None),
    ("https://contoh.go.id/kabar'inovasi/", CHARACTERS, None),
    ("https://contoh.go.id/<kabar>/", CHARACTERS, None),
    ("https://contoh.go.id/ kabar/", CHARACTERS, None),
    ("https://contoh.go.id/\nSet-Cookie: x", CHARACTERS,
     "https://contoh.go.id/\\nSet-Cookie: x"),
    ("https://contoh.go.id/\x1b[31m", CHARACTERS, "https://contoh.go.id/\\x1b[31m"),
    ("https://contoh.go.id/kabar?x=1", "; tanpa ?... atau #...", None),
    ("https://contoh.go.id/kabar#atas", "; tanpa ?... atau #...", None),
    ("https://redaksi:rahasia@contoh.go.id/", "; tanpa nama pengguna atau sandi", None),
    ("https://contoh.go.id:80a/", "; nomor port tidak sah", None),
    ("https://contoh_go.id/", "; nama server tidak sah", None),
    ("https://contoh.go.id/a/../b/", "; folder di alamat berisi karakter yang tidak dipakai",
     None),
    ("https://contoh.go.id/50%/", "; folder di alamat berisi karakter yang tidak dipakai",
     None),
    ("javascript://contoh.go.id/%0aalert(1)", "", None),
    ("//contoh.go.id/", "", None),
    ("", "", None),
])
def test_a_siteurl_that_is_not_a_plain_web_address_is_refused(project, siteurl, why, shown):
    code, said = run_publish(project, siteurl=siteurl)
    assert code == 1
    assert said == [f"{BASE}{why} (ditemukan: '{shown or siteurl.strip()}')"]
    assert sorted(p.name for p in project.iterdir()) == ["content"]


@pytest.mark.parametrize("siteurl, address", [
    ("https://contoh.go.id/kabar-inovasi/", "https://contoh.go.id/kabar-inovasi"),
    ("https://contoh.go.id/kabar-inovasi", "https://contoh.go.id/kabar-inovasi"),
    (" HTTPS://Contoh.GO.id/Kabar/ ", "https://contoh.go.id/Kabar"),
    ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
    ("http://[::1]:8080/situs/", "http://[::1]:8080/situs"),
    ("https://contoh.go.id/kabar%20inovasi/", "https://contoh.go.id/kabar%20inovasi"),
])
def test_a_siteurl_is_normalised(siteurl, address):
    assert publish.site_address(siteurl) == address


def test_the_command_line_refuses_publishing_into_content(project):
    before = snapshot(project / "content")
    done = subprocess.run([sys.executable, "-m", "invoke", "-r", str(ROOT), "publish",
                           "--siteurl", SITEURL, "--folder", str(project),
                           "--dest", str(project / "content")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [f"content: {TRB003_INSIDE}"]
    assert "Traceback" not in done.stderr
    assert snapshot(project / "content") == before


def test_build_for_publishing_refuses_a_siteurl_variable_with_markup(tmp_path, monkeypatch,
                                                                     capfd):
    monkeypatch.setenv("SITEURL", 'https://contoh.go.id/"><script>')
    monkeypatch.setattr(tasks, "OUTPUT", tmp_path / "output")
    with pytest.raises(SystemExit) as stopped:
        tasks.build(context(), publish=True)
    assert stopped.value.code == 1
    assert capfd.readouterr().err.splitlines() == [
        "galat: SITEURL harus alamat web yang diawali http:// atau https://, misalnya "
        f"https://saburaijuakab.go.id/kabar-inovasi/{CHARACTERS} "
        "(ditemukan: 'https://contoh.go.id/\"><script>')"]
    assert not (tmp_path / "output").exists()


def test_a_build_keeps_a_file_the_host_needs_beside_the_site(project):
    c = context()
    # What is tested is what is kept beside the site: Pagefind and the editor stay off.
    site_only = """-e 'SEARCH={"enabled": false}' -e 'ADMIN={"enabled": false}'"""
    with c.cd(str(project)):
        tasks.build_into(c, project / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content", extra=site_only)
        (project / "output/CNAME").write_text("kabar.saburaijuakab.go.id\n", "utf-8")
        (project / "output/berita/catatan.txt").write_text("di folder situs", "utf-8")
        tasks.build_into(c, project / "output", settings=str(ROOT / "pelicanconf.py"),
                         content="content", extra=site_only)
    assert (project / "output/CNAME").read_text("utf-8") == "kabar.saburaijuakab.go.id\n"
    assert not (project / "output/berita/catatan.txt").exists()  # inside the site's own folder
    assert "CNAME" not in (project / "output" / MARKER).read_text("utf-8")


def test_a_site_that_writes_the_marker_name_itself_is_not_put_in_place(tmp_path):
    dest = fake_site(tmp_path / "www", {"index.html": "lama"})
    with pytest.raises(publishing.Refusal):
        publishing.put_in_place(fake_site(tmp_path / "www.baru", {"index.html": "a"}), dest)
    shutil.rmtree(tmp_path / "www.baru")
    dest = fake_site(tmp_path / "kosong", {})
    staging = fake_site(tmp_path / "kosong.baru", {f"{MARKER}/index.html": "halaman"})
    with pytest.raises(publishing.PublishError) as stopped:
        publishing.put_in_place(staging, dest)
    assert str(stopped.value) == (
        f"situs baru memuat {MARKER} sendiri (misalnya dari baris Slug sebuah halaman); nama "
        "itu dipakai penanda situs, ganti alamatnya")
    assert sorted(p.name for p in dest.iterdir()) == []


def test_a_publish_build_keeps_the_staging_marker_while_it_empties_the_folder(project,
                                                                              tmp_path):
    """publishconf.py empties its output folder first (DELETE_OUTPUT_DIRECTORY): the marker
    stays, so the leftover of a publish killed half-way is known as this project's."""
    from newsroom import check

    _, staging = publishing.prepare(tmp_path / "www")
    (staging / "sisa.html").write_text("dari build yang terhenti", "utf-8")
    done = check.check_site(project, staging, settings="publishconf.py",
                            siteurl="https://contoh.go.id")
    assert done.ok, check.report(done)
    assert not (staging / "sisa.html").exists()
    assert (staging / MARKER).read_text("utf-8") == HEAD
    assert publishing.prepare(tmp_path / "www")[0] == [
        "sisa pembangunan yang terhenti dihapus (www.baru)"]
