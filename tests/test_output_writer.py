"""Every file a build puts in the output goes through one writer with a manifest
(common/outfiles.py SiteWriter, Build.manifest, BuildResult.files): a build with nothing
changed writes no file; every file of its staging folder is a hard link of the previous
site's, pages and feeds, photos, audio, the editor's bundle, theme files, documents, open
data, the sitemap, Blogger redirects and the search bundle alike. The previous site is
never written through.

The sample site (content/ of the repository, with a document and an old Blogger address
added) is built the way `invoke build` builds (a staging folder put in place by
newsroom/publishing.py), in this process through the build API.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, sample_project

from common import outfiles
from newsroom import publishing
from newsroom.api import build_site

# Pagefind writes its filter and metadata indexes in an order of its own: their bytes
# (and the names of the filter files) differ from run to run (as in test_incremental.py).
NOT_DETERMINISTIC = (".pf_meta", ".pf_filter", "pagefind-entry.json")
PHOTO = "content/images/berita/nelayan-sabu-timur.jpg"
# One file of each kind the build puts in the output.
KINDS = {
    "page": "index.html",
    "feed": "feeds/berita.atom.xml",
    "podcast feed": "feeds/podcast.xml",
    "photo derivative": "images/berita/nelayan-sabu-timur",
    "audio derivative": "audio/2025/",
    "podcast cover": "audio/sampul-podcast.jpg",
    "editor bundle": "admin/decap-cms.js",
    "editor config": "admin/config.yml",
    "theme file": "theme/css/",
    "document": "dokumen/laporan.pdf",
    "open data": "data/inovasi.json",
    "sitemap": "sitemap.xml",
    "Blogger redirect": "2023/03/lama.html",
    "search bundle": "pagefind/pagefind.js",
}


def staged_build(folder: Path):
    """One build as `invoke build` makes it: into output.baru, then put in place."""
    output = folder / "output"
    publishing.prepare(output, folder)
    result = build_site(folder, settings_file=str(ROOT / "pelicanconf.py"), content="content",
                        output="output.baru")
    assert result.ok, result.stderr
    return result


def put_in_place(folder: Path) -> None:
    publishing.put_in_place(folder / "output.baru", folder / "output")


def snapshot(site: Path) -> dict[str, tuple[int, int, str, int]]:
    """relative path -> (inode, mtime_ns, sha256, size) of every file of a site."""
    found = {}
    for base, _, names in os.walk(site):
        for name in names:
            path = Path(base) / name
            info = path.lstat()
            found[path.relative_to(site).as_posix()] = (
                info.st_ino, info.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest(),
                info.st_size)
    return found


def relative_files(result) -> dict[str, str]:
    """The manifest, relative to the build's output folder."""
    return {path.relative_to(result.output).as_posix(): how
            for path, how in result.files.items()}


def one_of(files, start: str) -> str:
    found = sorted(f for f in files if f.startswith(start))
    assert found, f"no file {start}* in the site"
    return found[0]


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Three builds of one project: a first, one with nothing changed, one after a photo
    was replaced; with what the site held after each, and the previous site as it was
    after the third build wrote its staging folder (before it was put in place)."""
    folder = sample_project(tmp_path_factory.mktemp("writer"), tmp_path_factory)
    (folder / "content/dokumen").mkdir(exist_ok=True)  # the sample has evidence there
    (folder / "content/dokumen/laporan.pdf").write_bytes(b"%PDF-1.4\n% laporan\n%%EOF\n")
    article = folder / "content/berita/2023/nelayan-sabu-timur-keluhkan-cuaca-buruk.md"
    text = article.read_text(encoding="utf-8")
    old_address = "\nArsip_Blogger: 5001\nAlamat_Blogger: /2023/03/lama.html\n"
    article.write_text(text.replace("\n", old_address, 1), encoding="utf-8")
    output = folder / "output"
    staged_build(folder)
    put_in_place(folder)
    first = snapshot(output)
    second_result = staged_build(folder)
    put_in_place(folder)
    second = snapshot(output)
    with Image.open(folder / PHOTO) as photo:
        changed = photo.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        data = io.BytesIO()
        changed.save(data, "JPEG", quality=90)
    (folder / PHOTO).write_bytes(data.getvalue())
    third_result = staged_build(folder)
    previous_after = snapshot(output)  # the previous site, while the new one is staged
    put_in_place(folder)
    third = snapshot(output)
    return {"first": first, "second": second, "third": third, "second_result": second_result,
            "third_result": third_result, "previous_after": previous_after}


def test_every_kind_of_file_is_linked_on_a_no_change_rebuild(builds):
    first, second = builds["first"], builds["second"]
    manifest = relative_files(builds["second_result"])
    for kind, start in KINDS.items():
        path = one_of(second, start)
        assert second[path][0] == first[path][0], f"{kind} {path}: a new inode"
        assert second[path][1] == first[path][1], f"{kind} {path}: a new mtime"
        assert manifest[path] == "linked", f"{kind} {path}: {manifest[path]}"


def test_a_staged_builds_sitemap_lists_every_page_of_its_site(builds):
    """The sitemap of a staging build lists its pages from the manifest (sitemap_xml):
    every clean address of the site, as a walk of the site finds them."""
    import re

    from sitemap_xml import sitemap

    result = builds["third_result"]
    output = result.output.parent / "output"  # put in place after the build
    listed = re.findall(r"<loc>([^<]*)</loc>",
                        (output / "sitemap.xml").read_text(encoding="utf-8"))
    walked = sitemap.listed_pages(output, result.settings["SITEMAP_XML"]["exclude"])
    base = (result.settings.get("SITEURL") or "").rstrip("/")
    assert len(walked) > 10
    assert sorted(listed) == sorted(f"{base}/{p.removesuffix('index.html')}" for p in walked)


def test_a_no_change_rebuild_writes_no_file(builds):
    first, second = builds["first"], builds["second"]
    result = builds["second_result"]
    new = sorted(path for path in second if second[path][0] != first.get(path, (None,))[0])
    # Only what Pagefind itself made differently: bytes no earlier file of that name holds.
    assert new and all(path.endswith(NOT_DETERMINISTIC) for path in new), new
    assert all(first.get(path, (0, 0, "", 0))[2] != second[path][2] for path in new), new
    written = sorted(p for p, how in relative_files(result).items() if how != "linked")
    assert written == new
    assert result.bytes_written == sum(second[path][3] for path in new)
    assert result.bytes_written < 4096  # was 8,066,607 bytes before the one writer


def test_the_manifest_lists_every_file_of_the_site(builds):
    for name in ("second", "third"):
        listed = set(relative_files(builds[f"{name}_result"]))
        walked = set(builds[name]) - {publishing.MARKER}  # the publishing step's own
        assert listed == walked


def test_a_changed_photo_has_new_derivatives_and_the_rest_stays_linked(builds):
    second, third = builds["second"], builds["third"]
    manifest = relative_files(builds["third_result"])
    old = {p for p in second if p.startswith("images/berita/nelayan-sabu-timur")}
    new = {p for p in third if p.startswith("images/berita/nelayan-sabu-timur")}
    assert old and new and not old & new  # a new tag in every derivative's name
    for path in new:
        assert third[path][0] not in {entry[0] for entry in second.values()}
        assert manifest[path] == "linked"  # hard links of the image cache's files
    other = one_of(third, "images/berita/embung-sabu-tengah")
    assert third[other][0] == second[other][0]
    assert third["admin/decap-cms.js"][0] == second["admin/decap-cms.js"][0]
    page = "berita/2023/07/nelayan-sabu-timur-keluhkan-cuaca-buruk/index.html"  # its cover
    assert third[page][2] != second[page][2] and manifest[page] == "written"


def test_the_previous_site_is_never_written_through(builds):
    """The third build wrote new bytes for pages whose file was a hard link of the
    previous site's: the previous site still holds every file byte for byte, with its
    inode and its modification time."""
    assert builds["previous_after"] == builds["second"]


def test_a_write_never_changes_a_file_another_name_links_to(tmp_path):
    previous = tmp_path / "output" / "a.html"
    previous.parent.mkdir()
    previous.write_bytes(b"lama")
    staged = tmp_path / "output.baru" / "a.html"
    staged.parent.mkdir()
    os.link(previous, staged)
    writer = outfiles.SiteWriter(tmp_path / "output.baru", outfiles.Manifest())
    assert writer.put(staged, b"baru") == "written"
    assert previous.read_bytes() == b"lama" and staged.read_bytes() == b"baru"
    source = tmp_path / "cache.jpg"
    source.write_bytes(b"foto")
    os.link(previous, staged.with_name("b.jpg"))
    (tmp_path / "output" / "b.jpg").write_bytes(b"lama")
    assert writer.place(source, staged.with_name("b.jpg")) == "written"
    assert previous.read_bytes() == b"lama"
    assert writer.manifest.files == {str(staged): "written",
                                     str(staged.with_name("b.jpg")): "written"}
    assert writer.manifest.bytes_written == 8


def test_place_links_the_previous_file_or_the_source_only_when_asked(tmp_path):
    (tmp_path / "output").mkdir()
    (tmp_path / "output.baru").mkdir()
    source = tmp_path / "bundle.js"
    source.write_bytes(b"x" * 100)
    writer = outfiles.SiteWriter(tmp_path / "output.baru", outfiles.Manifest())
    copied = tmp_path / "output.baru" / "bundle.js"
    assert writer.place(source, copied) == "written"
    assert not os.path.samefile(source, copied)  # a bundle's own file is never shared
    linked = tmp_path / "output.baru" / "derivative.jpg"
    assert writer.place(source, linked, link_source=True) == "linked"
    assert os.path.samefile(source, linked)
    previous = tmp_path / "output" / "same.js"
    previous.write_bytes(b"x" * 100)
    same = tmp_path / "output.baru" / "same.js"
    assert writer.place(source, same) == "linked" and os.path.samefile(previous, same)
    assert writer.manifest.bytes_written == 100


def test_a_previous_folder_is_linked_in_whole_with_every_file_noted(tmp_path):
    """The preview keeps the last search bundle: the previous site's folder is linked into
    the staging folder file by file (nested folders too), and the manifest says linked."""
    bundle = tmp_path / "output" / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind.js").write_bytes(b"js")
    (bundle / "fragment" / "id_1.pf_fragment").write_bytes(b"f1")
    (tmp_path / "output.baru").mkdir()
    writer = outfiles.SiteWriter(tmp_path / "output.baru", outfiles.Manifest())
    staged = tmp_path / "output.baru" / "pagefind"
    assert writer.link_previous_tree(staged)
    for name in ("pagefind.js", "fragment/id_1.pf_fragment"):
        assert os.path.samefile(bundle / name, staged / name)
    assert writer.manifest.files == {str(staged / "pagefind.js"): "linked",
                                     str(staged / "fragment" / "id_1.pf_fragment"): "linked"}
    assert writer.manifest.bytes_written == 0
    assert not writer.link_previous_tree(tmp_path / "output.baru" / "tidak-ada")
    assert not (tmp_path / "output.baru" / "tidak-ada").exists()


def test_place_copies_across_file_systems(tmp_path):
    # The tests' own temporary folders may be in memory (invoke test): then the disk is
    # the other file system.
    others = [p for p in (Path("/dev/shm"), Path("/var/tmp"), Path.home())
              if p.is_dir() and os.access(p, os.W_OK)
              and p.stat().st_dev != tmp_path.stat().st_dev]
    if not others:
        pytest.skip("no second file system")
    other = others[0]
    source = other / f"kabar-{os.getpid()}.jpg"
    source.write_bytes(b"foto")
    try:
        target = tmp_path / "foto.jpg"
        assert outfiles.place_file(source, target, None, link_source=True) == "written"
        assert target.read_bytes() == b"foto"
    finally:
        source.unlink()


def test_a_feed_is_made_again_only_when_one_of_its_items_changed(tmp_path, tmp_path_factory,
                                                                   monkeypatch):
    """Feeds keep a trace as pages do (build_report/renders.py): a rebuild with nothing
    changed makes no feed; an edited article makes the feeds that carry it (the
    warm-equals-cold property tests compare every feed with a cold build's)."""
    from pelican.writers import Writer

    made = []
    plain = Writer._create_new_feed

    def create(self, feed_type, feed_title, context):
        made.append(self.feed_url)
        return plain(self, feed_type, feed_title, context)

    monkeypatch.setattr(Writer, "_create_new_feed", create)
    folder = sample_project(tmp_path / "situs", tmp_path_factory)
    staged_build(folder)
    put_in_place(folder)
    assert len(made) > 2  # the site's feed and one per category
    made.clear()
    staged_build(folder)
    put_in_place(folder)
    assert made == []
    article = folder / "content/berita/2023/nelayan-sabu-timur-keluhkan-cuaca-buruk.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nParagraf baru.\n",
                       encoding="utf-8")
    staged_build(folder)
    put_in_place(folder)
    assert sorted(made) == ["http://localhost:8000/feeds/berita.atom.xml",
                            "http://localhost:8000/feeds/kategori/"
                            "pertanian-dan-perikanan.atom.xml"]
