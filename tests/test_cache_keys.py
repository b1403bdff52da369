"""One home for cache keys (plugins/common/cachekeys.py): each cache is keyed on the
libraries requirements.txt names that its code uses, on the code of the Pelican plugins
only (never tool code such as the preview server or the Blogger importer), and on the
settings of its scope.

Library versions are given as data (cachekeys.Installed), so a test can say "nh3 was
upgraded" without installing anything.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, make_site, project_settings, run_build

SETTINGS = project_settings()  # reading pelicanconf.py puts plugins/ on sys.path

from common import cachekeys  # noqa: E402
# Tool code under plugins/, and a file the editor's plugin copies as it is.
TOOL_FILES = ("newsroom/preview.py", "newsroom/warmstart.py", "newsroom/editor_proxy.py",
              "blogger/importer.py", "blogger/cli.py", "admin/static/penyunting.css")


def upgraded(name: str, version: str = "999.0") -> cachekeys.Installed:
    """What is installed here, with one distribution at another version."""
    real = cachekeys.installed()
    assert name in real.versions, f"{name} is not installed"
    return dataclasses.replace(real, versions={**real.versions, name: version})


def keys(settings: dict, found: cachekeys.Installed | None = None) -> dict[str, str]:
    return {"read": cachekeys.read_key(settings, [], found),
            "render": cachekeys.render_key(settings, 1, found),
            "images": cachekeys.libraries_key(settings, ["images.derive"], found),
            "audio": cachekeys.libraries_key(settings, ["audio.transcode"], found),
            "cover": cachekeys.libraries_key(settings, ["audio.cover"], found)}


# -- library versions --------------------------------------------------------------------------
@pytest.mark.parametrize("library, changed", [
    ("nh3", {"read", "render"}),            # the sanitiser of every article and summary
    ("jsonschema", {"read", "render"}),     # the checks of every innovation record
    ("markdown", {"read", "render"}),
    ("pyyaml", {"read", "render"}),
    ("jinja2", {"read", "render"}),         # pulled in by Pelican, named by no file of ours
    ("pillow", {"read", "render", "images", "cover"}),
    ("imageio-ffmpeg", {"read", "render", "audio"}),   # the FFmpeg binary's wheel
    ("mutagen", {"read", "render", "audio"}),
    ("invoke", set()),                      # tasks.py only
    ("markdownify", set()),                 # the Blogger importer only
    ("defusedxml", set()),                  # the Blogger importer only
])
def test_a_library_upgrade_changes_the_keys_of_what_it_shapes_and_no_other(library, changed):
    before = keys(SETTINGS, cachekeys.installed())
    after = keys(SETTINGS, upgraded(library))
    assert {scope for scope in before if before[scope] != after[scope]} == changed


def test_the_libraries_are_those_requirements_txt_names_with_what_they_require():
    code = cachekeys.code_of(cachekeys.plugin_roots(SETTINGS), [ROOT / "plugins"])
    versions = cachekeys.library_versions(SETTINGS, code, cachekeys.installed())
    named = set(cachekeys.requirement_names(ROOT / "requirements.txt"))
    # Every library the plugins import is there, found, not listed by hand.
    assert {"pelican", "markdown", "nh3", "jsonschema", "pyyaml", "pillow",
            "babel"} <= set(versions)
    # ... with what they require: jinja2 (Pelican), referencing (jsonschema).
    assert {"jinja2", "markupsafe", "referencing"} <= set(versions) - named
    # Tools' libraries are not: the preview's server, the importer's, the tasks'.
    assert not {"invoke", "markdownify", "defusedxml", "pytest"} & set(versions)


def test_requirement_names_follow_includes_and_skip_options(tmp_path):
    (tmp_path / "requirements.txt").write_text(
        "# Runtime\nPyYAML==6.0.3\nnh3==0.3.7  # the sanitiser\n--index-url https://x.invalid/\n"
        "Pillow[avif]>=13 ; python_version >= '3.11'\n\n", encoding="utf-8")
    (tmp_path / "requirements-test.txt").write_text(
        "-r requirements.txt\npytest==9.2.0\n-r requirements-test.txt\n", encoding="utf-8")
    assert cachekeys.requirement_names(tmp_path / "requirements-test.txt") == [
        "nh3", "pillow", "pytest", "pyyaml"]


def test_closure_follows_requirements_but_not_extras_or_what_is_not_installed():
    found = cachekeys.Installed(
        versions={"jsonschema": "4.26.0", "referencing": "0.37.0", "attrs": "26.1.0"},
        requires={"jsonschema": ("attrs>=22.2.0", "referencing>=0.28.4",
                                 "idna; extra == 'format'", "rfc3987-syntax>=1.1.0"),
                  "referencing": ("attrs>=22.2.0",)},
        modules={})
    assert cachekeys.closure(["JSONSchema"], found) == {
        "attrs": "26.1.0", "jsonschema": "4.26.0", "referencing": "0.37.0"}


def test_the_scan_of_installed_libraries_is_kept_until_a_distribution_changes(
        tmp_path, monkeypatch):
    """Each build asks what is installed; a build writing in its own folder ("" on
    sys.path while it runs there) must not make the next one scan site-packages again
    (a quarter of a small build), but a distribution installed or upgraded must."""
    folder = tmp_path / "situs"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    first = cachekeys.installed()
    (folder / "output").mkdir()  # what a build does in its folder
    (folder / "output" / "index.html").write_text("<p>", encoding="utf-8")
    assert cachekeys.installed() is first
    assert "contoh-pustaka" not in first.versions

    def install(version: str) -> None:
        for old in folder.glob("*.dist-info"):
            shutil.rmtree(old)
        meta = folder / f"contoh_pustaka-{version}.dist-info"
        meta.mkdir()
        (meta / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: contoh-pustaka\nVersion: {version}\n",
            encoding="utf-8")

    install("1.0")
    assert cachekeys.installed().versions["contoh-pustaka"] == "1.0"
    install("2.0")
    assert cachekeys.installed().versions["contoh-pustaka"] == "2.0"


def test_a_new_process_takes_the_scan_from_the_projects_cache(tmp_path, monkeypatch):
    """The first process to scan keeps the answer on disk for its stamp; a later one (its
    memory empty) reads it instead of scanning."""
    monkeypatch.setattr(cachekeys, "SCAN_STORE", tmp_path / "pustaka")
    cachekeys._scan.cache_clear()
    try:
        scanned = cachekeys.installed()
        [stored] = (tmp_path / "pustaka").glob("*.json")
        data = json.loads(stored.read_text(encoding="utf-8"))
        assert data["versions"] == dict(scanned.versions)
        data["versions"]["pelican"] = "0.0-dari-disk"  # to see where the next answer comes from
        stored.write_text(json.dumps(data), encoding="utf-8")
        cachekeys._scan.cache_clear()  # as a new process
        found = cachekeys.installed()
        assert found.versions["pelican"] == "0.0-dari-disk"
        assert found.modules == scanned.modules and found.requires == scanned.requires
    finally:
        cachekeys._scan.cache_clear()


def test_the_scan_says_what_importlib_metadata_says():
    """The scan reads each distribution's metadata once; what it finds is what the
    library's own calls give (the first distribution of a name on sys.path wins)."""
    from importlib import metadata

    versions, requires = {}, {}
    for dist in metadata.distributions():
        name = cachekeys.normalized(dist.metadata["Name"] or "")
        if name and name not in versions:
            versions[name] = dist.version
            requires[name] = tuple(dist.requires or ())
    modules = {top: tuple(cachekeys.normalized(d) for d in dists)
               for top, dists in metadata.packages_distributions().items()}
    found = cachekeys.installed()
    assert found.versions == versions
    assert found.requires == requires
    assert found.modules == modules
    assert {"nh3", "pelican", "pillow"} <= set(found.versions)
    assert found.modules["PIL"] == ("pillow",) and found.modules["yaml"] == ("pyyaml",)


# -- code: the plugins', not the tools' -------------------------------------------------------
def copied_project(folder: Path) -> Path:
    """The project's code in a folder of its own (node_modules: a link, it is large)."""
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, folder / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pelicanconf.py", "requirements.txt"):
        shutil.copy2(ROOT / name, folder / name)
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def settings_of(project: Path) -> dict:
    return {**SETTINGS, "PLUGIN_PATHS": [str(project / "plugins")],
            "THEME": str(project / "theme")}


def touch(path: Path) -> None:
    """A change of bytes that changes no behaviour."""
    path.write_bytes(path.read_bytes() + b"\n# edited\n" if path.suffix == ".py"
                     else path.read_bytes() + b"\n")


def test_editing_tool_code_changes_no_key(tmp_path):
    project = copied_project(tmp_path / "proyek")
    before = keys(settings_of(project))
    for relative in TOOL_FILES:
        touch(project / "plugins" / relative)
    assert keys(settings_of(project)) == before


@pytest.mark.parametrize("relative, changed", [
    ("news/reading.py", {"read", "render"}),
    ("common/sanitize.py", {"read", "render"}),
    ("innovations/inovasi.schema.json", {"read", "render"}),   # data a plugin reads
    ("newsroom/scaffold.py", {"read", "render"}),  # its placeholders find untouched scaffolds
    ("blogger/redirects.py", {"read", "render"}),  # the build writes the redirects
])
def test_editing_plugin_code_changes_the_keys_of_what_it_shapes(tmp_path, relative, changed):
    project = copied_project(tmp_path / "proyek")
    before = keys(settings_of(project))
    touch(project / "plugins" / relative)
    after = keys(settings_of(project))
    assert {scope for scope in before if before[scope] != after[scope]} == changed


def test_the_code_found_is_kept_until_a_file_under_the_plugins_changes(tmp_path, monkeypatch):
    project = copied_project(tmp_path / "proyek")
    settings = settings_of(project)
    monkeypatch.setattr(cachekeys, "SETTLED", 0)  # vouch for files at once: no wait here
    before = keys(settings)
    assert cachekeys.tree_stamp([project / "plugins"]) is not None  # so the memory is used
    assert keys(settings) == before
    touch(project / "plugins/news/reading.py")
    assert keys(settings)["read"] != before["read"]
    # A new module that a plugin now imports is followed, and becomes part of the keys.
    (project / "plugins/news/tambahan.py").write_text("NILAI = 1\n", encoding="utf-8")
    edited = keys(settings)
    reading = project / "plugins/news/reading.py"
    reading.write_text(reading.read_text("utf-8") + "from news import tambahan\n", "utf-8")
    assert keys(settings)["read"] != edited["read"]
    (project / "plugins/news/tambahan.py").write_text("NILAI = 22\n", encoding="utf-8")
    assert keys(settings)["read"] != edited["read"]


def test_a_stamp_never_vouches_for_a_fresh_change_or_a_link(tmp_path, monkeypatch):
    folder = tmp_path / "plugins"
    (folder / "paket").mkdir(parents=True)
    module = folder / "paket" / "modul.py"
    module.write_text("A = 1\n", encoding="utf-8")
    # Just written: a second write in the same tick of the file system's clock could leave
    # size and times as they are, so no stamp; setting the time back changes the ctime.
    assert cachekeys.tree_stamp([folder]) is None
    os.utime(module, (1_600_000_000, 1_600_000_000))
    assert cachekeys.tree_stamp([folder]) is None
    monkeypatch.setattr(cachekeys, "SETTLED", 0)
    settled = cachekeys.tree_stamp([folder])
    assert settled is not None
    module.write_text("A = 2\n", encoding="utf-8")  # same size
    assert cachekeys.tree_stamp([folder]) != settled
    (folder / "lain.py").symlink_to(module)  # its target may change without it
    assert cachekeys.tree_stamp([folder]) is None


def test_imports_are_found_in_functions_and_relative_forms():
    source = ("from __future__ import annotations\nimport os, json as j\n"
              "from . import cover, feeds\nfrom .model import (Recording,\n    Use)\n"
              "from .. import common\nfrom .transcode import Job, \\\n    probe\n"
              "def f():\n    import mutagen\n    from PIL import Image\n")
    found = cachekeys.imports_of(source, "audio.wiring", package=False)
    assert {"os", "json", "audio.cover", "audio.feeds", "audio.model", "mutagen", "PIL",
            "PIL.Image", "common"} <= found
    assert {"audio.model.Use", "audio.transcode.probe"} <= found  # names, looked for as modules


# -- a build: editing tool code renders no page ----------------------------------------------
def rendered(build) -> tuple[int, int]:
    found = re.search(r"Berkas halaman: (\d+) dirender, (\d+) tidak berubah", build.stdout)
    assert found, build.stdout + build.stderr
    return int(found.group(1)), int(found.group(2))


def test_editing_the_preview_or_the_importer_re_renders_no_page(tmp_path):
    project = copied_project(tmp_path / "proyek")
    folder = make_site(tmp_path / "situs")

    def build():
        done = run_build(folder, settings=str(project / "pelicanconf.py"),
                         env={"PYTHONPATH": str(project / "plugins")})
        assert done.returncode == 0, done.stderr
        return done

    first = build()
    pages, _ = rendered(first)
    assert pages > 0
    read_caches = sorted(p.name for p in (folder / ".cache" / "konten").iterdir())
    for relative in TOOL_FILES:
        touch(project / "plugins" / relative)
    again = build()
    assert rendered(again) == (0, pages)
    assert sorted(p.name for p in (folder / ".cache" / "konten").iterdir()) == read_caches
    # The same check can fail: a plugin's code edited renders every page again.
    touch(project / "plugins" / "news" / "reading.py")
    assert rendered(build()) == (pages, 0)
