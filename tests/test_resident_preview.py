"""The live preview's resident builder (plugins/newsroom/resident.py) writes what a cold
build writes, byte for byte, after every kind of save staff make.

One ResidentBuilder builds a small synthetic site (bench/synth.py) again and again in this
process, as `make serve` does on every save. Each step saves edits of the kinds issue 23
names (body, title, summary, tags, category, a date that moves an article to another
month, a new article, a deleted article, a record's field, a record's stage, a
vocabulary entry; and a template), every kind at least once, in a seeded order; after
each step the resident build and a cold build of the same content (a new process, a new
folder: no output, no cache) must hold the same files with the same bytes. The preview's
settings are used for both (PREVIEW_BUILD); search is off, so the index the preview keeps
is not compared. A broken save leaves the served site as it was, and the fix builds like
a cold build; a change to a plugin's code is never built with the old code.

RESIDENT_STEPS and RESIDENT_SEED (environment) run longer or other sequences.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import test_incremental as incremental
from conftest import ROOT

from newsroom import first_pages
from newsroom.resident import ResidentBuilder
from newsroom.warmstart import WarmStarter
from synth import write_site

SEED = int(os.environ.get("RESIDENT_SEED", "23"))
EXTRA_STEPS = int(os.environ.get("RESIDENT_STEPS", "0"))  # beyond one round of every kind
ARTICLES = 12
MARKER = ".situs-kabar-inovasi"  # written by put_in_place, not by a build


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MARKER}


def folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def differences(resident: dict[str, bytes], cold: dict[str, bytes]) -> str:
    only_resident = sorted(set(resident) - set(cold))
    only_cold = sorted(set(cold) - set(resident))
    changed = sorted(k for k in set(resident) & set(cold) if resident[k] != cold[k])
    if not (only_resident or only_cold or changed):
        return ""
    return (f"only in the resident build: {only_resident[:20]}\n"
            f"only in the cold build: {only_cold[:20]}\n"
            f"different bytes: {changed[:20]} ({len(changed)} files)")


class Site(incremental.Site):
    """The synthetic site under edit, with the edits of the warm-equals-cold property test
    (tests/test_incremental.py) under the names of issue 23's edit kinds; each edit returns
    what it did (for the message)."""

    KINDS = ("body", "title", "summary", "tags", "category", "month", "new", "delete",
             "record", "stage", "vocabulary", "opd", "template")

    def __init__(self, folder: Path, rng: random.Random) -> None:
        # Not the property test's own set-up: no test plugin here (plugin code changes are
        # test_the_preview_starts_itself_again_when_plugin_code_changes's).
        self.folder, self.rng = folder, rng
        self.content = folder / "content"
        self.theme = folder / "theme"
        self.added = 0
        write_site(self.content, ARTICLES, 4)
        shutil.copytree(ROOT / "theme", self.theme)
        # Pages written by two processes from 8 on (build_report/parallel.py).
        self.settings = {"SEARCH": {"enabled": False}, "THEME": str(self.theme),
                         "PAGE_WRITING": {"workers": 2, "min_pages": 8}}

    body = incremental.Site.edit_body
    title = incremental.Site.retitle
    tags = incremental.Site.retag
    category = incremental.Site.move_category
    month = incremental.Site.move_month
    new = incremental.Site.add_article
    delete = incremental.Site.delete_article
    record = incremental.Site.edit_record
    stage = incremental.Site.restage

    def opd(self) -> str:
        """An OPD renamed (an innovation vocabulary): the records naming it are read
        again, the others kept (plugins/innovations/generator.py _cached_record)."""
        path = self.content / "data" / "perangkat_daerah.yaml"
        text = path.read_text(encoding="utf-8")
        name = self.pick(re.findall(r"^  nama: (.*)$", text, re.M))
        path.write_text(text.replace(f"  nama: {name}\n",
                                     f"  nama: {name} {self.rng.randrange(1000)}\n", 1),
                        encoding="utf-8")
        return f"OPD {name} renamed"

    def summary(self) -> str:
        path = self.pick(self.articles())
        self.header(path, "Summary", f"Ringkasan baru nomor {self.rng.randrange(1000)}.")
        return f"summary of {path.name}"

    def plan(self) -> list[list[str]]:
        """Steps of two or three edits: every kind once (shuffled), then EXTRA_STEPS random
        steps of one or two. (Two or three a step: each step is a resident build and a cold
        one; the suite's time is the builds'.)"""
        kinds = list(self.KINDS)
        self.rng.shuffle(kinds)
        steps = []
        while kinds:
            take = self.rng.randrange(2, 4)
            steps.append(kinds[:take])
            kinds = kinds[take:]
        steps += [self.rng.sample(self.KINDS, self.rng.randrange(1, 3))
                  for _ in range(EXTRA_STEPS)]
        return steps


def builder_for(site: Site) -> ResidentBuilder:
    return ResidentBuilder(site.folder, site.folder / "output", ROOT / "pelicanconf.py",
                           overrides=site.settings)


class Resident:
    """The preview's builder on the site, as `make serve` holds it: when someone changes
    plugin code meanwhile (this tree is shared while tests run), the preview would start
    again; so does this, with a new builder (test_changed_plugin_code_... covers that)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.builder = builder_for(site)
        self.viewing = None  # the open tabs' pages (URL paths), asked for first
        self.shown: dict[str, bytes] = {}  # what the last build showed first, as told

    def __call__(self):
        self.shown = {}
        outcome = self._build()
        if outcome.restart:
            self.builder.close()
            self.builder = builder_for(self.site)
            outcome = self._build()
        return outcome

    def _build(self):
        if self.viewing is not None:
            viewed = list(self.viewing)
            self.builder.viewing = lambda: viewed
            self.builder.on_first_pages = lambda shown: self.shown.update(
                {url: Path(path).read_bytes() for url, path in shown.items()})
        return self.builder()

    @property
    def last(self):
        return self.builder.last

    def close(self) -> None:
        self.builder.close()


def cold_build(site: Site, folder: Path):
    """The same content built cold: a new process, a new folder, no output, no cache,
    the preview's settings, pages written by one process."""
    shutil.copytree(site.content, folder / "content")
    # One writer: the resident builds' two must write what one does.
    settings = {**site.settings, "PREVIEW_BUILD": True, "PAGE_WRITING": {"workers": 1}}
    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output",
               "-e", *(f"{key}={json.dumps(value)}"
                       for key, value in sorted(settings.items()))]
    return COLD.run(command, folder, {**os.environ, "PYTHONPATH": str(ROOT / "plugins")})


# Cold builds are forks of a helper with the libraries loaded (newsroom/warmstart.py): a
# process of their own that imports the plugins afresh, about a second less per build.
COLD = WarmStarter()


@pytest.fixture(scope="module", autouse=True)
def close_cold_starter():
    yield
    COLD.close()


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "situs", random.Random(SEED))


@pytest.mark.slow
def test_resident_builds_equal_cold_builds_after_every_kind_of_save(site, tmp_path):
    builder = Resident(site)
    first = builder()
    assert first.ok, first.problems
    history: list[str] = []
    kinds_done: set[str] = set()
    linked = forked = shown_first = kept_reads = 0
    output = site.folder / "output"
    with ThreadPoolExecutor(max_workers=1) as cold_runner:
        for number, kinds in enumerate(site.plan()):
            # Tabs open on the home page and on pages picked at random (their own seed,
            # so the edits stay the same): the build writes those first and says so
            # (newsroom/first_pages.py); what it said must be what it then put in place.
            # An innovation's profile among them: its generator then writes first
            # (build_report/site.py CheckedWriter.output_order).
            pages = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
            pick = random.Random(SEED * 1000 + number)
            picked = pick.sample(pages, min(6, len(pages))) + [pick.choice(
                [name for name in pages if name.startswith("inovasi/")])]
            builder.viewing = [first_pages.page_url(name) for name in ["index.html", *picked]]
            history.append(f"step {number}: " + "; ".join(getattr(site, k)() for k in kinds))
            kinds_done.update(kinds)
            folder = tmp_path / f"dingin-{number}"
            cold = cold_runner.submit(cold_build, site, folder)
            outcome = builder()
            done = cold.result()
            assert done.returncode == 0, "\n".join(history) + "\n" + done.stdout + done.stderr
            assert outcome.ok, "\n".join(history + outcome.problems)
            problem = differences(tree(output), tree(folder / "output"))
            assert not problem, "\n".join(history) + "\n" + problem
            for url, shown in builder.shown.items():
                assert (output / first_pages.page_name(url)).read_bytes() == shown, \
                    (history, url)
            shown_first += len(builder.shown)
            # The same folders too: the folders of the site a save replaced are reused
            # (newsroom/resident.py Frame), and those the new site does not use must go.
            assert folders(site.folder / "output") == folders(folder / "output"), history
            linked += len(builder.last.files_that_were("linked"))
            kept_reads += builder.builder.kept.used
            forked += sum(done for _, done, kept in builder.last.page_writing if kept)
            shutil.rmtree(folder)
    builder.close()
    assert kinds_done == set(Site.KINDS)
    # Not a trivial pass: the resident builds kept pages they could trust, and a fork of
    # the builder wrote some of the pages (build_report/parallel.py).
    assert linked > 0
    assert forked > 0
    assert shown_first > 0  # pages were shown before their builds ended
    assert kept_reads > 0  # unchanged files were not read again (content_cache/kept.py)


@pytest.mark.slow
def test_a_broken_save_keeps_the_site_and_its_fix_builds_like_a_cold_build(site, tmp_path):
    builder = Resident(site)
    assert builder().ok
    before = tree(site.folder / "output")
    article = site.articles()[0]
    good = site.field(article, "Date")
    site.header(article, "Date", "kemarin sore")
    broken = builder()
    relative = article.relative_to(site.folder).as_posix()
    line = next(number for number, text in
                enumerate(article.read_text("utf-8").splitlines(), 1) if text.startswith("Date:"))
    assert not broken.ok and not broken.restart
    assert broken.problems == [
        f"{relative}:{line}:7: galat BRT004: 'Date' harus berformat TTTT-BB-HH JJ:MM dalam WITA, "
        "misalnya 2023-03-03 10:00 (ditemukan: 'kemarin sore')"]
    assert tree(site.folder / "output") == before
    assert not (site.folder / "output.baru").exists()
    site.header(article, "Date", good)
    site.title()
    fixed = builder()
    assert fixed.ok, fixed.problems
    done = cold_build(site, tmp_path / "dingin")
    assert done.returncode == 0, done.stdout + done.stderr
    problem = differences(tree(site.folder / "output"), tree(tmp_path / "dingin" / "output"))
    assert not problem, problem
    builder.close()
    assert not (site.folder / "output.lama").exists()


def test_a_mistake_is_reported_on_every_save_until_it_is_fixed(site):
    """A read that reported a mistake is not kept by any cache: the file is read, and its
    mistake reported, on every save, whatever else was saved."""
    builder = builder_for(site)
    assert builder().ok
    broken, other = site.articles()[:2]
    site.header(broken, "Date", "kemarin sore")
    first = builder()
    assert not first.ok
    mistake = [p for p in first.problems if "BRT004" in p]
    assert mistake, first.problems
    with other.open("a", encoding="utf-8") as file:
        file.write("\nKalimat lain.\n")
    second = builder()
    assert not second.ok
    assert [p for p in second.problems if "BRT004" in p] == mistake
    builder.close()


def test_changed_plugin_code_is_never_built_with_the_old_code(tmp_path):
    """Python keeps the modules it imported: the builder asks for a new process."""
    from conftest import make_site

    folder = make_site(tmp_path / "site")
    plugin = folder / "plugins" / "uji_kode"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text("def register():\n    pass\n", encoding="utf-8")
    builder = ResidentBuilder(folder, folder / "output")
    assert builder().ok
    before = tree(folder / "output")
    (plugin / "__init__.py").write_text("def register():\n    return None\n", encoding="utf-8")
    outcome = builder()
    assert outcome.restart and not outcome.ok
    assert outcome.problems == [
        "Kode program situs berubah (plugins/uji_kode/__init__.py); pratinjau dimulai ulang "
        "agar memakai kode yang baru."]
    assert tree(folder / "output") == before
    assert builder().restart, "never built with the old code, however often asked"
    # Content and templates are read by every build: no restart for them.
    article = folder / "content" / "berita" / "pasar-seba.md"
    article.write_text(article.read_text("utf-8") + "\nKalimat baru.\n", "utf-8")
    again = ResidentBuilder(folder, folder / "output")
    assert again().ok
    article.write_text(article.read_text("utf-8") + "\nKalimat lain.\n", "utf-8")
    next_save = again()
    assert next_save.ok and not next_save.restart
    builder.close()
    again.close()
    assert "Kalimat lain." in (folder / "output" / "berita/2023/03/pasar-seba-dibuka-kembali"
                               / "index.html").read_text("utf-8")


def built_here(objects, kind, folder) -> list:
    """The content objects of this test's site: other tests in the same process (a test
    worker runs many files) may hold content objects of their own sites."""
    return [o for o in objects if isinstance(o, kind)
            and str(getattr(o, "source_path", "")).startswith(str(folder))]


def test_no_content_object_outlives_its_build(tmp_path):
    """A resident process builds hundreds of times: nothing may keep a build's articles
    (Pelican's memoized get_content/get_summary held every one, with its HTML)."""
    import gc

    from pelican.contents import Content

    from conftest import make_site

    folder = make_site(tmp_path / "site")
    builder = ResidentBuilder(folder, folder / "output")
    for _ in range(2):
        assert builder().ok
        builder.close()  # its tidying thread done
        gc.collect()
        assert built_here(gc.get_objects(), Content, folder) == []


def test_the_replaced_site_is_tidied_once_the_tab_has_its_page(tmp_path, monkeypatch):
    """The replaced site is emptied (and the heap settled) in a thread: not while the
    reloading tab is sent its page, but soon after it, so a quick second save does not
    wait for it; with no page asked for, only after TIDY_AFTER."""
    from conftest import make_site
    from newsroom import resident

    monkeypatch.setattr(resident, "TIDY_AFTER", 120.0)
    monkeypatch.setattr(resident, "AFTER_PAGE", 0.05)
    folder = make_site(tmp_path / "site")
    builder = ResidentBuilder(folder, folder / "output")
    assert builder().ok and builder().ok  # the second sets the first's site aside
    tidying = builder._removing
    trash = resident.trash_of(folder)
    tidying.join(0.5)
    assert tidying.is_alive(), "tidied before the tab had its page"
    assert any(p.is_file() for p in trash.rglob("*"))
    builder.page_served()
    tidying.join(10)
    assert not tidying.is_alive()
    assert [p for p in trash.rglob("*") if p.is_file()] == []  # kept as folders: the frame
    assert builder().ok
    builder.close()


def test_a_build_that_showed_every_tab_its_page_tidies_at_once(tmp_path, monkeypatch):
    """No tab reloads after a build that showed each open tab its page first: the tidying
    starts when the build ends, not after TIDY_AFTER. A tab whose page was not shown
    reloads after the swap, and the tidying waits for it again."""
    from conftest import make_site
    from newsroom import resident

    monkeypatch.setattr(resident, "TIDY_AFTER", 120.0)
    folder = make_site(tmp_path / "site")
    builder = ResidentBuilder(folder, folder / "output")
    assert builder().ok
    source, page = next((Path(source), Path(page)) for page, source in
                        builder.last.recorded_sources.items() if source.endswith(".md"))
    url = first_pages.page_url(page.relative_to(folder / "output.baru").as_posix())
    told: list[dict] = []
    builder.viewing = lambda: [url]
    builder.on_first_pages = told.append
    source.write_text(source.read_text(encoding="utf-8") + "\nKalimat baru.\n", "utf-8")
    assert builder().ok  # sets the first build's site aside, shows the article first
    assert [list(shown) for shown in told] == [[url]]
    builder._removing.join(10)
    assert not builder._removing.is_alive(), "the tidying waited though no tab reloads"
    assert [p for p in resident.trash_of(folder).rglob("*") if p.is_file()] == []

    builder.viewing = lambda: [url, "/tidak-ada/"]  # a page this build does not write
    source.write_text(source.read_text(encoding="utf-8") + "\nKalimat lain.\n", "utf-8")
    assert builder().ok
    builder._removing.join(0.5)
    assert builder._removing.is_alive(), "tidied while a tab reloads"
    builder.close()


def test_the_heap_is_never_settled_while_a_build_runs(tmp_path):
    """gc.freeze() during a build would keep that build's objects from the collector."""
    import gc
    import threading
    import time

    from pelican.contents import Content

    from conftest import make_site
    from newsroom import api, resident

    folder = make_site(tmp_path / "site")
    builder = ResidentBuilder(folder, folder / "output")
    assert builder().ok
    builder.close()
    resident.settle_heap()
    between = gc.get_freeze_count()  # what stays alive between builds
    building = threading.Thread(target=builder)
    building.start()
    # A page written: the build has made its content objects. (Not the folder: the last
    # site's folders are moved into the staging folder before the build starts, as the
    # next build's frame, so berita/ is there before any content object.)
    writing = folder / "output.baru" / "berita"
    while building.is_alive() and next(writing.rglob("index.html"), None) is None:
        time.sleep(0.001)
    assert api._one_at_a_time.locked()
    resident.settle_heap()  # waits for the build to end
    frozen = gc.get_freeze_count()
    building.join()
    builder.close()
    assert builder.last.ok
    gc.collect()
    assert built_here(gc.get_objects(), Content, folder) == []
    # Measured: +49 after settling between builds, +1,460 when frozen during this build
    assert frozen < between + 500, f"a running build's objects were frozen ({between} -> {frozen})"


@pytest.mark.slow
def test_the_preview_starts_itself_again_when_plugin_code_changes(tmp_path):
    """`invoke serve` as staff run it: a saved .py under plugins/ makes the same process
    (the same pid, the same port) start again, build with the new code, and tell open tabs
    a newer build version than any they have, so they reload."""
    import signal
    import socket
    import threading
    import time
    import urllib.request

    from conftest import make_site

    folder = make_site(tmp_path / "site")
    (folder / "plugins").mkdir()
    code = folder / "plugins" / "catatan.py"
    code.write_text("CATATAN = 1\n", encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "-r", str(ROOT), "serve", "--folder", str(folder),
         "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip("\n") for line in process.stdout),
                     daemon=True).start()

    def wait_for(text: str, count: int = 1) -> None:
        deadline = time.monotonic() + 120
        while sum(text in line for line in lines) < count:
            assert time.monotonic() < deadline and process.poll() is None, "\n".join(lines)
            time.sleep(0.1)

    def version() -> int:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/__pratinjau/peristiwa",
                                    timeout=10) as events:
            return json.loads(events.readline().decode().removeprefix("data: "))["versi"]

    try:
        wait_for("Selesai dalam")
        assert version() == 1
        code.write_text("CATATAN = 2\n", encoding="utf-8")
        wait_for("Kode program situs berubah (plugins/catatan.py); pratinjau dimulai ulang "
                 "agar memakai kode yang baru.")
        wait_for("Selesai dalam", 2)
        wait_for("Pratinjau siap di", 2)
        assert process.poll() is None
        assert version() == 2  # after the tabs' version 1: they reload
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_what_the_preview_says_during_a_build_reaches_the_terminal(tmp_path):
    """A resident build captures sys.stdout for its report while the preview's other
    threads go on: their lines must still reach the terminal, not the build's report."""
    import contextlib
    import io
    import threading
    import time

    from conftest import make_site
    from newsroom import preview

    terminal = io.StringIO()
    with contextlib.redirect_stdout(terminal):
        say = preview.to_terminal()
    folder = make_site(tmp_path / "site")
    builder = ResidentBuilder(folder, folder / "output")
    building = threading.Thread(target=builder)
    building.start()
    said = 0
    while building.is_alive():  # say things while the build holds sys.stdout
        say(f"baris {said}")
        said += 1
        time.sleep(0.001)  # a line a millisecond; without a pause this loop starves the build
    building.join()
    builder.close()
    assert builder.last is not None and builder.last.ok
    assert said >= 10, "the preview said next to nothing while the build ran"
    assert terminal.getvalue().splitlines() == [f"baris {n}" for n in range(said)]
    assert "baris" not in builder.last.stdout


def test_an_address_that_was_a_folder_and_is_now_a_file_is_built(site):
    """The next build writes into the replaced site's folders (Frame): where a folder of
    the last site stands at the address of one of the new site's files, the build is made
    again without them, and the save shows."""
    builder = Resident(site)
    folder = site.content / "dokumen" / "laporan.pdf"
    folder.mkdir(parents=True)
    (folder / "lampiran.pdf").write_bytes(PDF)
    assert builder().ok
    assert builder().ok  # the first site is replaced: its folders frame the next build
    assert (site.folder / "output" / "dokumen" / "laporan.pdf" / "lampiran.pdf").is_file()
    shutil.rmtree(folder)
    folder.write_bytes(PDF + b"% laporan\n")
    outcome = builder()
    builder.close()
    assert outcome.ok, outcome.problems
    published = site.folder / "output" / "dokumen" / "laporan.pdf"
    assert published.read_bytes() == PDF + b"% laporan\n"


PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_the_folders_a_site_uses_are_those_above_its_files(tmp_path):
    """Frame.prune asks only the frame's folders no file of the new site is under."""
    from newsroom.resident import folders_of

    root = tmp_path / "output.baru"
    files = [str(root / "index.html"), str(root / "berita/2025/01/a/index.html"),
             str(root / "topik/air/halaman/2/index.html"), str(tmp_path / "lain/x.html")]
    assert folders_of(root, files) == {
        "berita", "berita/2025", "berita/2025/01", "berita/2025/01/a",
        "topik", "topik/air", "topik/air/halaman", "topik/air/halaman/2"}


def test_a_save_is_built_without_a_full_collection(tmp_path):
    """The collector's full passes walk every object of the build (1.4 s of a save at
    10,000 articles): a save's build makes young passes only, and the heap is collected
    once after it (settle_heap). The thresholds are put back."""
    import gc

    from conftest import make_site

    folder = make_site(tmp_path / "situs")
    builder = ResidentBuilder(folder, folder / "output", ROOT / "pelicanconf.py",
                              overrides={"SEARCH": {"enabled": False}})
    full = []

    def note(phase, info):
        if phase == "start" and info["generation"] == 2:
            full.append(info)

    before = gc.get_threshold()
    gc.set_threshold(50, 1, 1)  # a full pass at every other young one, unless held off
    gc.callbacks.append(note)
    try:
        outcome = builder()
    finally:
        gc.callbacks.remove(note)
        after = gc.get_threshold()
        gc.set_threshold(*before)
    assert outcome.ok, outcome.problems
    assert full == []
    assert after == (50, 1, 1)
    builder.close()


def test_the_frame_folders_are_not_made_again(tmp_path, monkeypatch):
    """Every page's folder is made before the pages are written (parallel.make_folders):
    a system call each, refused for the folders of the frame, which are there already.
    A save with a frame asks for none of them; a save without one makes them all."""
    import os as real_os

    from build_report import parallel
    from conftest import make_site

    folder = make_site(tmp_path / "situs")
    builder = ResidentBuilder(folder, folder / "output", ROOT / "pelicanconf.py",
                              overrides={"SEARCH": {"enabled": False}})
    made: list[str] = []

    class CountingOs:
        def __getattr__(self, name):
            return getattr(real_os, name)

        @staticmethod
        def mkdir(path, *args, **kwargs):
            made.append(str(path))
            return real_os.mkdir(path, *args, **kwargs)

    monkeypatch.setattr(parallel, "os", CountingOs())
    assert builder().ok  # no site to replace: no frame, every folder made
    first = len(made)
    assert first > 5
    assert builder().ok and builder().ok  # the second replaces the first: its frame
    assert builder._frame is not None or builder._removing is not None
    made.clear()
    pages = tree(folder / "output")
    outcome = builder()
    builder.close()
    assert outcome.ok, outcome.problems
    assert made == []
    assert tree(folder / "output") == pages
