"""The live preview's resident builder: one object, in the `make serve` process, that builds
the site on every save through the in-process build API (newsroom/api.py).

Before (issue 12), every save forked a helper with the libraries loaded
(newsroom/warmstart.py) and ran a whole `python -m newsroom.build` in the fork: the
plugins imported again, the settings read, the caches unpickled, the old site deleted
while the tab waited. A build is now a value (issue 22: its state lives on its own
common.build.Build, and what a build changes in the process is put back when it ends), so
the preview process builds itself, one build at a time, and keeps between builds what can
be kept with proof that the site is the one a cold build writes:

- the imported plugins and libraries (the fork did this for libraries only);
- the clean reads of its builds (`kept`, content_cache/kept.py): the HTML and metadata
  each unchanged file gave its content object, so a save reads again only the files
  saved, and unpickles no reader cache (content_cache/spared.py); the content objects
  themselves are made by Pelican for every build;
- nothing of a build's own state: every build makes its content objects, its context and
  its traces' checks again, exactly as a cold build of the same files would. What makes
  a rebuild fast is, besides the kept reads, what the build already keeps on disk: the
  read cache (content_cache/), the render traces (build_report/renders.py: a page whose
  inputs did not change is linked from the previous site) and the output writer's links
  (common/outfiles.py). Each of those proves its own equality with a cold build
  (tests/test_incremental*.py, tests/test_kept_reads.py), and
  tests/test_resident_preview.py drives this builder through the same random edits,
  each step compared byte for byte with a cold build.

What the preview waits for is the build and the swap; the replaced site
(`output.lama`) is moved into .cache/pratinjau-hapus/ while the build lock is held (so
no other build's recovery meets it half deleted) and emptied afterwards in a thread,
while nobody waits (at 1,000 articles that was 0.5-0.9 s of each save: 2,300
folders), and the heap is collected and frozen
(settle_heap). The next build waits for that thread before it starts.

The replaced site's folders are kept, emptied of every file, as the frame of the next
staging folder (`Frame`): a site of clean addresses is one folder per page, and making
them again took a fifth of a save (2,344 folders at 1,000 articles; making a folder is
one of the dearest things a file system does). The next build writes into them as into
new ones; after it, the frame's folders the new site left empty are removed (deepest
first) before the swap, so the site put in place has exactly the folders a cold build
makes (tests/test_resident_preview.py compares folders as well as files). The frame holds
no file, so nothing of an older site can reach the new one; a build whose page meets one
of the frame's folders where it writes a file (FS001, an address that was a folder and is
now a file) is built again without a frame.

Code cannot be updated in place: Python keeps a module it has imported. So before each
build the builder compares the Python files under the plugin folders (the project's
plugins/, the site's own plugins/, the PLUGIN_PATHS it was given) with what they were
when the previous build started; when one changed, was added or was removed, the
builder does not build with the old code and says so (`BuildOutcome.restart`): the
preview starts itself again (newsroom/preview.py run()), and the new process builds with
the new code. Settings files and templates are read afresh by every build (Pelican reads
them per build; compiled templates are keyed on their source), so they need no restart.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path

from . import check, first_pages, publishing


@dataclass
class BuildOutcome:
    """One build: did it succeed, the messages for staff, how long it took; restart when
    the code of a plugin changed and only a new process can build with it."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    restart: bool = False
    # A page shown first (first_pages.py) that is not the file put in place (written
    # again after it was shown): every tab loads the site again.
    shown_first_changed: bool = False


def problems_of(reported: list | None, log: str, root: Path) -> list[str]:
    """The diagnostics of a failed build; the end of its log when it has none (a crash)."""
    found = check.merge(reported or [], check.missing_targets(root))
    if any(check.is_error(d) for d in found):
        return [str(d) for d in found]
    tail = [line.rstrip() for line in log.strip().splitlines()[-25:]]
    return ["Situs gagal dibangun karena galat di dalam program (bukan di isi situs). "
            "Kirim catatan ini kepada pengelola situs:", *tail]


def code_stamps(folders) -> dict[str, tuple[int, int]]:
    """Every Python file under the folders: path -> (modification time, size)."""
    stamps: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for base, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__" and not d.startswith(".")]
            for name in files:
                if name.endswith(".py"):
                    path = os.path.join(base, name)
                    try:
                        found = os.stat(path)
                    except OSError:
                        continue
                    stamps[path] = (found.st_mtime_ns, found.st_size)
    return stamps


def changed_code(before: dict, now: dict) -> list[str]:
    """The files added, removed or changed between two code_stamps() (sorted)."""
    return sorted(path for path in set(before) | set(now) if before.get(path) != now.get(path))


TIDY_AFTER = 1.5  # seconds after a build: the reloading tab has had its page (_tidy_later)
AFTER_PAGE = 0.3  # seconds after the first page served since the build: its own files


def trash_of(root: Path) -> Path:
    """Where replaced sites wait for deletion (never published, kept out of output/)."""
    return Path(root) / ".cache" / "pratinjau-hapus"


@contextlib.contextmanager
def young_collections_only():
    """While a save builds: the collector's young passes only, no full one.

    A build makes its content objects, contexts and traces anew, and the collector's full
    pass starts whenever the objects that survived its young passes have grown by a
    quarter: seven full passes over every object of the build per save at 10,000
    articles, 1.4 s of a 9 s save (gc.callbacks), none at 1,000. What a build leaves is
    collected once after it, when the heap is settled (settle_heap); the young passes
    still collect a build's short-lived cycles as it goes."""
    first, second, third = gc.get_threshold()
    gc.set_threshold(first, second, 1_000_000)
    try:
        yield
    finally:
        gc.set_threshold(first, second, third)


def settle_heap() -> None:
    """Between builds: collect what the last build left, then move every object still
    alive (modules, libraries, this builder) out of the collector's sight (gc.freeze).
    A build allocates hundreds of thousands of objects and the collector's full passes
    would otherwise walk the whole process each time; a build forked from the warm helper
    (newsroom/warmstart.py) had the same freeze. No object of a build outlives it
    (tests/test_resident_preview.py), so what is frozen is what every build shares; it is
    unfrozen and collected again after the next build, so nothing frozen is kept for good.
    Never while a build runs in this process (another builder's, a test's): its objects
    would be frozen with the rest and outlive it (api.between_builds holds builds off)."""
    from . import api

    with api.between_builds():
        gc.unfreeze()
        gc.collect()
        gc.freeze()


class Frame:
    """The folders of a replaced site, emptied of every file, for the next staging folder."""

    def __init__(self, folder: Path, folders: list[str]) -> None:
        self.folder = folder
        self.folders = folders  # relative, each after the folders inside it
        self.moved: frozenset[str] = frozenset()  # the folders move_into() put in staging

    @classmethod
    def of(cls, site: Path) -> "Frame | None":
        """Delete every file and link under site, keeping its folders; None when one could
        not be deleted (the caller deletes the whole site then)."""
        folders: list[str] = []

        def empty(path: str, relative: str) -> None:
            with os.scandir(path) as entries:
                for entry in entries:
                    inside = f"{relative}/{entry.name}" if relative else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        empty(entry.path, inside)
                        folders.append(inside)
                    else:
                        os.unlink(entry.path)

        try:
            empty(str(site), "")
        except (OSError, RecursionError):
            return None
        return cls(site, folders)

    def move_into(self, staging: Path) -> None:
        """Move the frame's top folders into a new staging folder (which holds only the
        marker). What cannot be moved stays behind and is deleted with the trash."""
        tops = set()
        for name in os.listdir(self.folder):
            with contextlib.suppress(OSError):
                os.rename(self.folder / name, staging / name)
                tops.add(name)
        with contextlib.suppress(OSError):
            self.folder.rmdir()
        self.moved = frozenset({".", *(relative for relative in self.folders
                                       if relative.split("/", 1)[0] in tops)})

    def prune(self, staging: Path, files=()) -> None:
        """Remove the frame's folders the build left empty, deepest first. `files`: paths
        the build put in staging (its manifest); their folders are not empty, so are not
        asked (a failed rmdir is a system call per folder: 2,343 at 1,000 articles)."""
        used = folders_of(staging, files)
        for relative in self.folders:
            if relative in used:
                continue
            with contextlib.suppress(OSError):  # not empty: the new site uses it
                os.rmdir(staging / relative)


def folders_of(root: Path, files) -> set[str]:
    """The folders under root holding the files given (absolute paths), with every folder
    above them, as paths relative to root with '/'."""
    base = str(root) + os.sep
    found: set[str] = set()
    for path in files:
        if not path.startswith(base):
            continue
        folder = os.path.dirname(path[len(base):])
        while folder and folder not in found:
            found.add(folder.replace(os.sep, "/"))
            folder = os.path.dirname(folder)
    return found


class ResidentBuilder:
    """Builds the site in this process into a staging folder swapped into place when the
    build succeeds (the last good site keeps being served); see the module's docstring."""

    def __init__(self, root: Path, site: Path, settings_file: str | os.PathLike | None = None,
                 overrides: dict | None = None) -> None:
        from common import children

        self.root = Path(root).resolve()
        self.site = Path(site).resolve()
        self.settings_file = str(settings_file or check.PROJECT / "pelicanconf.py")
        # PREVIEW_BUILD: the search index of the last build is kept (pelicanconf.py).
        self.overrides = {"PREVIEW_BUILD": True, **(overrides or {})}
        self.plugin_folders = {check.PROJECT / "plugins", self.root / "plugins",
                               *(Path(p) for p in self.overrides.get("PLUGIN_PATHS", ()))}
        self._code: dict | None = None  # code_stamps() when the previous build started
        self._stale: list[str] = []  # plugin files changed under this process's feet
        self._removing: threading.Thread | None = None
        self._tidy_now = threading.Event()  # set: the next build waits for the tidying
        self._poke = threading.Event()  # set: the tidying thread looks at the time again
        self._served_at: float | None = None  # first page served since the last build
        self._set_asides = 0
        self._aside: Path | None = None  # the site replaced by the last build, set aside
        self._frame: Frame | None = None  # its folders, emptied, for the next build
        self.last = None  # the last build's newsroom.api.BuildResult
        from content_cache.kept import KeptReads

        self.kept = KeptReads()  # clean reads of its builds, for the next (kept.py)
        # The pages the preview's tabs show (URL paths), asked before each build, and who
        # is told, {URL path: file}, when the build has written them (first_pages.py).
        self.viewing: Callable[[], Collection[str]] | None = None
        self.on_first_pages: Callable[[dict[str, str]], None] | None = None
        self._shown: dict[str, tuple] = {}  # the pages this build showed first: their stamps
        # Workers and programs a build starts die with this process, as they die with a
        # build process (common/children.py); a file past `ulimit -f` is its own diagnostic.
        children.install()
        self.stale_code()  # what the code is now, with the preview's own modules imported
        settle_heap()
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        except ValueError:
            pass  # not the main thread (a test): the default stays

    def close(self) -> None:
        """Wait for the deletion of a replaced site (nothing else runs between builds),
        and give the frozen objects back to the collector."""
        self._wait_removal()
        gc.unfreeze()

    def stale_code(self) -> list[str]:
        """The plugin files changed since the previous build started (or, at the first,
        since this builder was made); none the first time it is asked."""
        folders = sorted(str(p) for p in self.plugin_folders if p.is_dir())
        now = code_stamps(folders)
        before, self._code = self._code, now
        return [] if before is None else changed_code(before, now)

    def __call__(self) -> BuildOutcome:
        started = time.monotonic()
        changed = self._stale = self._stale or self.stale_code()  # stays until a restart
        if changed:
            shown = ", ".join(os.path.relpath(p, self.root) if p.startswith(str(self.root))
                              else p for p in changed[:3])
            return BuildOutcome(False, [
                f"Kode program situs berubah ({shown}); pratinjau dimulai ulang agar "
                "memakai kode yang baru."], time.monotonic() - started, restart=True)
        self._wait_removal()
        staging = publishing.staging_of(self.site)
        made = False  # whether the staging folder is this build's (not another's)
        frame, self._frame = self._frame, None
        try:
            with publishing.build_lock(self.root):
                _, staging = publishing.prepare(self.site, self.root)
                made = True
                if frame is not None:
                    frame.move_into(staging)
                result = self.last = self._build(
                    staging, frame.moved if frame is not None else ())
                if frame is not None and not result.ok and \
                        any(d.code == "FS001" for d in result.diagnostics):
                    # Perhaps a frame folder where a file now goes: once more, no frame.
                    shutil.rmtree(staging, ignore_errors=True)
                    _, staging = publishing.prepare(self.site, self.root)
                    frame = None
                    result = self.last = self._build(staging)
                if result.ok:
                    self.kept.end()
                for extra in result.settings.get("PLUGIN_PATHS", ()):
                    self.plugin_folders.add((self.root / extra).resolve())
                if result.ok and frame is not None:
                    frame.prune(staging, result.recorded_files)
                if not result.ok or not (staging / "index.html").is_file():
                    shutil.rmtree(staging, ignore_errors=True)
                    return BuildOutcome(False, problems_of(result.diagnostics,
                                                           result.stdout + result.stderr,
                                                           self.root),
                                        time.monotonic() - started)
                publishing.put_in_place(staging, self.site, remove_previous=False)
                self._set_aside(publishing.previous_of(self.site))
                changed = self._shown_first_changed()
        except publishing.PublishError as problem:
            if made:
                shutil.rmtree(staging, ignore_errors=True)
            shown = str(problem) if isinstance(problem, publishing.Refusal) else \
                f"galat: {problem}"
            return BuildOutcome(False, [shown], time.monotonic() - started)
        seconds = time.monotonic() - started
        self._tidy_later(at_once=self._every_tab_shown(changed))
        return BuildOutcome(True, [], seconds, shown_first_changed=changed)

    def _every_tab_shown(self, changed: bool) -> bool:
        """Whether this build showed every open tab its page before it ended (first_pages):
        then no tab reloads after the swap, and the tidying need not wait for one."""
        if changed or not self._shown:
            return False
        wanted = self._pages_wanted()
        return bool(wanted) and wanted <= self._shown.keys()

    def _shown_first_changed(self) -> bool:
        """Whether a page shown first is not, in the site now in place, the very file
        that was shown: Pelican writes a page once, but a later call that overrides its
        file (override_output) writes it again. The swap renames the staging folder, so
        a file not written again keeps its inode, size and time."""
        for name, stamp in self._shown.items():
            try:
                now = os.stat(self.site / name)
            except OSError:
                return True
            if (now.st_ino, now.st_size, now.st_mtime_ns) != stamp:
                return True
        return False

    def _build(self, staging: Path, folders_present=()):
        from . import api

        asking = self.viewing is not None and self.on_first_pages is not None
        self._shown = {}
        with young_collections_only():
            return api.build_site(
                self.root, settings_file=self.settings_file, content="content",
                output=staging, overrides=self.overrides, folders_present=folders_present,
                kept_reads=self.kept,
                first_pages=self._pages_wanted,
                on_first_pages=(lambda written: self._first_pages_written(
                    written, staging)) if asking else None)

    def _pages_wanted(self) -> frozenset[str]:
        """The output names of the pages the tabs show now, when the preview asks for
        them (asked when pages are about to be written, not when the build starts: a
        tab opened just before the save has told the server by then)."""
        if self.viewing is None or self.on_first_pages is None:
            return frozenset()
        try:
            return frozenset(name for name in map(first_pages.page_name, self.viewing())
                             if name is not None)
        except Exception:  # noqa: BLE001 - a shortcut: nothing here may touch the build
            return frozenset()

    def _first_pages_written(self, written: dict[str, str], staging: Path) -> None:
        """The build wrote the jobs of the tabs' pages (build_report/site.py): those
        whose embedded files are all served already go to the preview now. Showing a
        page early is a shortcut: nothing that goes wrong here may touch the build."""
        try:
            wanted = self._pages_wanted()
            shown = {}
            for name, path in written.items():
                if name in wanted and name.endswith(".html") and \
                        first_pages.embeds_present(path, name, (self.site, staging)):
                    made = os.stat(path)
                    self._shown[name] = (made.st_ino, made.st_size, made.st_mtime_ns)
                    shown[first_pages.page_url(name)] = path
            if shown and self.on_first_pages is not None:
                self.on_first_pages(shown)
        except Exception:  # noqa: BLE001 - the tab reloads after the swap instead
            return

    def _set_aside(self, previous: Path) -> None:
        """Move the replaced site out of `<site>.lama` while the build lock is held, into
        .cache/pratinjau-hapus/ (a name no other build uses or recovers), or delete it now
        when it cannot be moved (another file system)."""
        if not previous.exists():
            return
        self._set_asides += 1
        trash_of(self.root).mkdir(parents=True, exist_ok=True)
        aside = trash_of(self.root) / f"{os.getpid()}-{self._set_asides}"
        try:
            previous.rename(aside)
            self._aside = aside
        except OSError:
            shutil.rmtree(previous, ignore_errors=True)

    def _tidy_later(self, at_once: bool = False) -> None:
        """Empty the site just set aside into the next build's frame, delete the other
        set-aside sites (a killed preview's too) and settle the heap, in a thread, while
        nobody waits; the next build waits for it.

        It starts AFTER_PAGE seconds after the preview's server sent the first page since
        the build (page_served(): the tab has reloaded, its style sheets and scripts come
        right after), TIDY_AFTER seconds after the build when no page was asked for, or at
        once when the next build asks. Not during the reload: the collector's pass over
        the build's objects (70-100 ms at 1,000 articles) holds the interpreter, and the
        server had the new page to send. Not later than needed either: a save that comes
        before the tidying has run waits for it (a quick second save, the bench's).

        At once when every open tab was shown its page before the build ended (no tab
        reloads now): at 10,000 articles the tidying takes about 0.9 s (0.36 s of files
        deleted, 0.5 s to free the last build's objects), and a save that came in the
        1.5 s of TIDY_AFTER, or just after a tab moved to another page, waited for it."""
        aside, self._aside = self._aside, None
        self._tidy_now.clear()
        self._poke.clear()
        self._served_at = None
        built_at = time.monotonic()

        def tidy() -> None:
            while not at_once and not self._tidy_now.is_set():
                served = self._served_at
                due = built_at + TIDY_AFTER if served is None else \
                    min(built_at + TIDY_AFTER, served + AFTER_PAGE)
                left = due - time.monotonic()
                if left <= 0:
                    break
                self._poke.wait(left)
                self._poke.clear()
            trash = trash_of(self.root)
            frame = Frame.of(aside) if aside is not None and aside.is_dir() else None
            with contextlib.suppress(OSError):
                for entry in trash.iterdir():
                    if frame is None or entry != frame.folder:
                        shutil.rmtree(entry, ignore_errors=True)
            self._frame = frame
            settle_heap()

        self._removing = threading.Thread(target=tidy, name="pratinjau-rapikan", daemon=True)
        self._removing.start()

    def page_served(self) -> None:
        """The preview's server sent a page (the reloading tab's): the tidying after the
        last build may start soon (_tidy_later). Called from the server's threads."""
        if self._served_at is None:
            self._served_at = time.monotonic()
            self._poke.set()

    def _wait_removal(self) -> None:
        if self._removing is not None:
            self._tidy_now.set()
            self._poke.set()
            self._removing.join()
            self._removing = None
