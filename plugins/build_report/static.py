"""Theme files and documents put in the output through the build's one writer.

Pelican's StaticGenerator copies every file of THEME_STATIC_PATHS and every document of
STATIC_PATHS with shutil.copyfile on every build: into a staging folder that is a full
copy each time, and, in a build in place, by opening the existing file for writing
(which would change a previous site that shares it by a hard link). Pelican has no hook
for how a static file is copied, so CheckedPelican swaps in this subclass (site.py) and
only generate_output changes: the same files go to the same places, through
common.outfiles.site_writer (linked from the previous site when unchanged, written by
rename otherwise, noted in the build's manifest). Documents are never hard-linked to
content/ (an editor may save a file in place): STATIC_CREATE_LINKS is not followed, and
STATIC_CHECK_IF_MODIFIED is not needed (an unchanged file is never copied).
"""

from __future__ import annotations

import fnmatch
import os

from pelican.generators import StaticGenerator

from common import diagnostics, outfiles

from . import net


class WrittenStaticGenerator(StaticGenerator):
    """StaticGenerator whose files go through the build's one writer."""

    def generate_output(self, writer):
        del writer  # Pelican's page writer; files here are not rendered
        site = outfiles.site_writer(self.output_path)
        theme_dir = os.path.join(self.output_path, self.settings["THEME_STATIC_DIR"])
        ignores = self.settings.get("IGNORE_FILES") or []
        for path in self.settings["THEME_STATIC_PATHS"]:
            for source, target in theme_files(os.path.join(self.theme, path), theme_dir,
                                              ignores):
                _place(site, source, target)
        for static in self.context["staticfiles"]:
            _place(site, os.path.join(self.path, static.source_path),
                   os.path.join(self.output_path, static.save_as))


def _place(site: outfiles.SiteWriter, source: str, target: str) -> None:
    """One file; a failure is its FS001, as for Pelican's own copy (net.copy_failure),
    and the next file is copied."""
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        site.place(source, target)
    except OSError as error:
        path, message = net.copy_failure(source, target, error)
        diagnostics.record(path, 0, 0, "FS001", message)


def theme_files(source: str, destination: str, ignores: list[str]) -> list[tuple[str, str]]:
    """(file, target) pairs as pelican.utils.copy() places a THEME_STATIC_PATHS entry under
    THEME_STATIC_DIR: a file by its name, a folder's contents (links followed), skipping
    names matching IGNORE_FILES."""
    def ignored(name: str) -> bool:
        return any(fnmatch.fnmatch(name, pattern) for pattern in ignores)

    if ignored(os.path.basename(source)):
        return []
    if os.path.isfile(source):
        return [(source, os.path.join(destination, os.path.basename(source)))]
    found = []
    for folder, subfolders, names in os.walk(source, followlinks=True):
        subfolders[:] = sorted(s for s in subfolders if not ignored(s))
        relative = os.path.relpath(folder, source)
        for name in sorted(n for n in names if not ignored(n)):
            found.append((os.path.join(folder, name),
                          os.path.normpath(os.path.join(destination, relative, name))))
    return found

