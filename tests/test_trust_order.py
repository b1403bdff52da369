"""Plugins do not depend on their place in PLUGINS: the sample site built with the list
reversed is the same site, byte for byte (Pagefind's own hash-map-ordered files aside)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from conftest import project_settings, run_build

# Pagefind writes its filter and metadata indexes, and the entry file naming them, in
# hash-map order: their names and bytes change between any two runs.
UNSTABLE = (".pf_meta", ".pf_filter", "pagefind-entry.json")


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(UNSTABLE)}


def test_plugins_in_reverse_order_build_the_same_site(sample_build, tmp_path):
    plugins = list(project_settings()["PLUGINS"])
    assert len(plugins) >= 6
    # A copy of the shared sample site (read only for every test), its caches included.
    folder = tmp_path / "sampel"
    for part in ("content", ".cache"):
        shutil.copytree(sample_build.output.parent / part, folder / part, symlinks=True)
    reversed_build = run_build(folder, output="output-terbalik",
                               extra={"PLUGINS": plugins[::-1]}, editor=True)
    assert reversed_build.returncode == 0, reversed_build.stderr
    expected, found = tree(sample_build.output), tree(reversed_build.output)
    assert sorted(found) == sorted(expected)
    differing = [path for path in expected if found[path] != expected[path]]
    assert differing == []
