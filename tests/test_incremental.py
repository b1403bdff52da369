"""Warm builds publish exactly what a cold build would: byte for byte, after any edits.

A seeded random sequence of edits is applied to a small synthetic site (bench/synth.py):
articles edited, retitled, retagged, moved to another month or category, added and
deleted; innovation records edited, renamed, moved to another stage and deleted; a
vocabulary, a template, a setting and a plugin's code changed (a small plugin of the test
site's own, whose filter every page shows); a content mistake made and fixed. After
each step the site is built the way `invoke build` does (tasks.build_into: staging
folder, previous output and content cache kept) and, beside it, cold (fresh folder, no
output, no cache), and the two output trees must hold the same files with the same
bytes. A failed build must leave the previous output as it was.

INCREMENTAL_STEPS, INCREMENTAL_SEED and INCREMENTAL_ARTICLES (environment) run longer or
other sequences on larger sites (bench/run.py runs one at 300 articles):
`INCREMENTAL_STEPS=40 INCREMENTAL_SEED=7 .venv/bin/python -m pytest tests/test_incremental.py`.
"""

from __future__ import annotations

import difflib
import json
import os
import random
import re
import shlex
import shutil
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from invoke import Config, Context

from conftest import ROOT, keep_locale, project_settings

import tasks
from newsroom.warmstart import WarmStarter
from synth import write_site

STEPS = int(os.environ.get("INCREMENTAL_STEPS", "4"))
SEED = int(os.environ.get("INCREMENTAL_SEED", "12"))
ARTICLES = int(os.environ.get("INCREMENTAL_ARTICLES", "14"))
# Pagefind writes its filter and metadata indexes in an order of its own.
NOT_DETERMINISTIC = (".pf_meta", ".pf_filter", "pagefind-entry.json")
TAGS = ["posyandu", "embung", "tenun ikat", "nelayan", "lontar", "dana desa", "rspd"]
STAGES = ["inisiatif", "uji_coba", "penerapan"]
# A plugin of the test site's own: its filter's code is an input of every page.
TEST_PLUGIN = """from pelican import signals

VERSI = "{version}"


def versi(value):
    return f"{{value}} versi {{VERSI}}"


def add(generator):
    generator.env.filters["versi_uji"] = versi


def register():
    signals.generator_init.connect(add)
"""


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder (relative name -> bytes), Pagefind's unordered indexes and
    the marker put_in_place writes (newsroom/destination.py, not a build's) aside."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(NOT_DETERMINISTIC)
            and p.name != ".situs-kabar-inovasi"}


def differences(warm: dict[str, bytes], cold: dict[str, bytes]) -> str:
    """A readable account of how two trees differ ('' when they are equal)."""
    only_warm = sorted(set(warm) - set(cold))
    only_cold = sorted(set(cold) - set(warm))
    changed = sorted(k for k in set(warm) & set(cold) if warm[k] != cold[k])
    if not (only_warm or only_cold or changed):
        return ""
    lines = [f"only in the warm build: {only_warm[:20]}",
             f"only in the cold build: {only_cold[:20]}",
             f"different bytes: {changed[:20]} ({len(changed)} files)"]
    if changed:
        first = changed[0]
        diff = difflib.unified_diff(cold[first].decode("utf-8", "replace").splitlines(),
                                    warm[first].decode("utf-8", "replace").splitlines(),
                                    f"cold/{first}", f"warm/{first}", lineterm="", n=1)
        lines += list(diff)[:40]
    return "\n".join(lines)


class Site:
    """The synthetic site under edit: its content, its theme copy and extra settings."""

    def __init__(self, folder: Path, rng: random.Random) -> None:
        self.folder = folder
        self.content = folder / "content"
        self.theme = folder / "theme"
        self.rng = rng
        with keep_locale():
            plugins = project_settings()["PLUGINS"]
        self.plugins = folder / "plugin_uji"
        (self.plugins / "versi_uji").mkdir(parents=True, exist_ok=True)
        (self.plugins / "versi_uji" / "__init__.py").write_text(
            TEST_PLUGIN.format(version=0), encoding="utf-8")
        footer = self.theme / "templates" / "partials" / "footer.html"
        footer.write_text(footer.read_text(encoding="utf-8").replace(
            "</footer>", '<p>{{ "plugin"|versi_uji }}</p>\n</footer>'), encoding="utf-8")
        # The pages of every generator with 8 or more written by the build and a fork
        # of it (build_report/parallel.py): the property covers the two-process writer.
        self.settings: dict = {"SEARCH": {"enabled": False}, "THEME": str(self.theme),
                               "PLUGIN_PATHS": [str(ROOT / "plugins"), str(self.plugins)],
                               "PLUGINS": [*plugins, "versi_uji"],
                               "PAGE_WRITING": {"workers": 2, "min_pages": 8}}
        self.added = 0
        self.kept = 0  # pages warm builds did not render again

    # -- helpers -------------------------------------------------------------------
    def articles(self) -> list[Path]:
        return sorted((self.content / "berita").rglob("*.md"))

    def records(self) -> list[Path]:
        return sorted((self.content / "inovasi").glob("*.yaml"))

    def categories(self) -> list[str]:
        text = (self.content / "data" / "kategori.yaml").read_text(encoding="utf-8")
        return re.findall(r"^- nama: (.+)$", text, re.M)

    def header(self, path: Path, field: str, value: str) -> None:
        """Set one header line of an article (added before the blank line when absent)."""
        text = path.read_text(encoding="utf-8")
        head, body = text.split("\n\n", 1)
        lines = [line for line in head.splitlines() if not line.startswith(f"{field}:")]
        lines.append(f"{field}: {value}")
        path.write_text("\n".join(lines) + "\n\n" + body, encoding="utf-8")

    def field(self, path: Path, field: str) -> str:
        match = re.search(rf"^{field}: (.*)$", path.read_text(encoding="utf-8"), re.M)
        return match.group(1) if match else ""

    def referenced(self, record: Path) -> bool:
        return any(record.stem in self.field(a, "Inovasi") for a in self.articles())

    def pick(self, items: list[Path]) -> Path:
        return self.rng.choice(items)

    # -- edits: each returns what it did, for the failure message -------------------
    def edit_body(self) -> str:
        article = self.pick(self.articles())
        with article.open("a", encoding="utf-8") as file:
            file.write(f"\nKalimat tambahan nomor {self.rng.randrange(1000)} untuk uji.\n")
        return f"body of {article.name}"

    def retitle(self) -> str:
        article = self.pick(self.articles())
        self.header(article, "Title", f"Judul Baru {self.rng.randrange(1000)} di Seba")
        return f"title of {article.name}"

    def retag(self) -> str:
        article = self.pick(self.articles())
        self.header(article, "Tags", ", ".join(self.rng.sample(TAGS, self.rng.randrange(1, 4))))
        return f"tags of {article.name}"

    def move_month(self) -> str:
        article = self.pick(self.articles())
        date = self.field(article, "Date")
        month = self.rng.choice([m for m in range(1, 13) if m != int(date[5:7])])
        self.header(article, "Date", f"{date[:5]}{month:02d}-10 {date[11:]}")
        return f"month of {article.name} -> {month}"

    def move_category(self) -> str:
        article = self.pick(self.articles())
        now = self.field(article, "Category")
        self.header(article, "Category",
                    self.rng.choice([c for c in self.categories() if c != now]))
        return f"category of {article.name}"

    def add_article(self) -> str:
        self.added += 1
        year = self.rng.choice([2019, 2021, 2024])
        month = self.rng.randrange(1, 13)
        slug = f"berita-tambahan-{self.added}"
        path = self.content / "berita" / str(year) / f"{slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f"Title: Berita Tambahan {self.added} dari Menia\n"
            f"Date: {year}-{month:02d}-0{self.rng.randrange(1, 10)} 08:00\n"
            f"Category: {self.rng.choice(self.categories())}\n"
            f"Tags: {', '.join(self.rng.sample(TAGS, 2))}\nAuthor: Maria Lado\n"
            f"Summary: Ringkasan berita tambahan {self.added}.\nSlug: {slug}\n\n"
            "Warga Desa Seba berkumpul di balai desa untuk membahas air bersih.\n",
            encoding="utf-8")
        return f"added {path.name}"

    def delete_article(self) -> str:
        articles = self.articles()
        if len(articles) <= 4:
            return self.add_article()
        article = self.pick(articles)
        article.unlink()
        return f"deleted {article.name}"

    def edit_record(self) -> str:
        record = self.pick(self.records())
        text = record.read_text(encoding="utf-8")
        record.write_text(re.sub(r"^nama: .*$", f"nama: Inovasi Ubahan {self.rng.randrange(999)}",
                                 text, count=1, flags=re.M), encoding="utf-8")
        return f"name of {record.name}"

    def restage(self) -> str:
        record = self.pick(self.records())
        text = record.read_text(encoding="utf-8")
        now = re.search(r"^tahapan: (.*)$", text, re.M).group(1)
        # "penerapan" asks for waktu_penerapan and hasil (INV013, INV014): a record
        # without them moves to another stage (a record with a mistake is another test's).
        complete = all(re.search(rf"^{key}:", text, re.M) for key in ("waktu_penerapan", "hasil"))
        stage = self.rng.choice([s for s in STAGES if s != now and (s != "penerapan" or complete)])
        record.write_text(text.replace(f"tahapan: {now}", f"tahapan: {stage}", 1),
                          encoding="utf-8")
        return f"stage of {record.name} -> {stage}"

    def rename_record(self) -> str:
        free = [r for r in self.records() if not self.referenced(r)]
        if not free:
            return self.edit_record()
        record = self.pick(free)
        target = record.with_name(f"inovasi-ganti-{self.rng.randrange(1000):03d}.yaml")
        if target.exists():
            return self.edit_record()
        record.rename(target)
        return f"renamed {record.name} -> {target.name}"

    def delete_record(self) -> str:
        free = [r for r in self.records() if not self.referenced(r)]
        if len(self.records()) <= 1 or not free:
            return self.edit_record()
        record = self.pick(free)
        record.unlink()
        return f"deleted {record.name}"

    def vocabulary(self) -> str:
        path = self.content / "data" / "kategori.yaml"
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        described = [i for i, line in enumerate(lines) if line.startswith("  keterangan:")]
        index = self.rng.choice(described)
        lines[index] = f"  keterangan: Keterangan kategori versi {self.rng.randrange(1000)}."
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return "vocabulary data/kategori.yaml"

    def template(self) -> str:
        footer = self.theme / "templates" / "partials" / "footer.html"
        text = footer.read_text(encoding="utf-8")
        mark = f"<!-- versi templat {self.rng.randrange(1000)} -->"
        text = re.sub(r"^<!-- versi templat \d+ -->\n", "", text)
        footer.write_text(mark + "\n" + text, encoding="utf-8")
        return "template partials/footer.html"

    def setting(self) -> str:
        now = self.settings.get("DEFAULT_PAGINATION", 10)
        self.settings["DEFAULT_PAGINATION"] = 4 if now == 10 else 10
        return f"setting DEFAULT_PAGINATION -> {self.settings['DEFAULT_PAGINATION']}"

    def plugin_code(self) -> str:
        version = self.rng.randrange(1, 1000)
        (self.plugins / "versi_uji" / "__init__.py").write_text(
            TEST_PLUGIN.format(version=version), encoding="utf-8")
        return f"plugin versi_uji -> {version}"

    EDITS = ("edit_body", "retitle", "retag", "move_month", "move_category", "add_article",
             "delete_article", "edit_record", "restage", "rename_record", "delete_record",
             "vocabulary", "template", "setting", "plugin_code")

    def extra(self, cold: bool = False) -> list[str]:
        """The settings as -e options; for the cold build beside a warm one, pages written
        by one process: warm builds with two writers must equal a cold build with one."""
        settings = {**self.settings, **(ONE_WRITER if cold else {})}
        return ["-e", *(f"{k}={json.dumps(v)}" for k, v in sorted(settings.items()))]


ONE_WRITER = {"PAGE_WRITING": {"workers": 1}}


# Builds are forks of helpers with the libraries loaded (newsroom/warmstart.py, tested in
# test_warmstart.py): about a second less per build. One for warm builds, one for the
# cold builds that run beside them.
STARTERS = {"hangat": WarmStarter(), "dingin": WarmStarter()}
COLD = ThreadPoolExecutor(max_workers=1)


@pytest.fixture(scope="module", autouse=True)
def close_starters():
    yield
    for starter in STARTERS.values():
        starter.close()


def warm_build(site: Site) -> bool:
    """`invoke build` as staff run it, on the site's folder; True when it succeeded.

    Pages it did not render again (renders.py) are counted in site.kept."""
    context = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    with context.cd(str(site.folder)):
        try:
            result = tasks.build_into(context, site.folder / "output",
                                      settings=str(ROOT / "pelicanconf.py"),
                                      content="content", extra=shlex.join(site.extra()),
                                      starter=STARTERS["hangat"])
        except SystemExit as stopped:
            assert stopped.code == 1
            return False
    found = re.search(r"(\d+) tidak berubah", result.stdout)
    site.kept += int(found.group(1)) if found else 0
    return True


def start_cold_build(site: Site, folder: Path) -> Future:
    """A cold build of the same content (fresh folder, no output, no cache), started;
    its result is a CompletedProcess."""
    shutil.copytree(site.content, folder / "content")
    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output", *site.extra(cold=True)]
    return COLD.submit(STARTERS["dingin"].run, command, folder,
                       {**os.environ, "PYTHONPATH": str(ROOT / "plugins")})


def assert_warm_equals_cold(site: Site, folder: Path) -> None:
    """The warm build succeeds and writes what a cold build (beside it) writes."""
    cold = start_cold_build(site, folder)
    assert warm_build(site)
    done = cold.result(timeout=600)
    assert done.returncode == 0, done.stderr
    problem = differences(tree(site.folder / "output"), tree(folder / "output"))
    assert not problem, problem


@pytest.fixture
def site(tmp_path) -> Site:
    folder = tmp_path / "situs"
    write_site(folder / "content", ARTICLES, max(4, ARTICLES // 10))
    shutil.copytree(ROOT / "theme", folder / "theme")
    return Site(folder, random.Random(SEED))


@pytest.mark.slow
def test_warm_builds_equal_cold_builds_after_random_edits(site, tmp_path):
    assert warm_build(site), "the first build of the synthetic site failed"
    history: list[str] = []
    for step in range(STEPS):
        done = [getattr(site, site.rng.choice(Site.EDITS))()
                for _ in range(site.rng.randrange(2, 5))]
        history.append(f"step {step}: {'; '.join(done)}")
        cold = start_cold_build(site, tmp_path / f"dingin-{step}")
        warm_ok = warm_build(site)
        done = cold.result(timeout=600)
        assert done.returncode == 0, "\n".join(history) + "\n" + done.stderr
        assert warm_ok, "\n".join(history)
        problem = differences(tree(site.folder / "output"),
                              tree(tmp_path / f"dingin-{step}" / "output"))
        assert not problem, "\n".join(history) + "\n" + problem
        shutil.rmtree(tmp_path / f"dingin-{step}")
    # Not a trivial pass: warm builds did leave pages they could trust unrendered.
    assert site.kept > 0, "\n".join(history)


@pytest.mark.slow
def test_failed_build_keeps_output_and_the_fix_builds_like_a_cold_build(site, tmp_path):
    """A mistake stops the build and leaves output/ as it was; once fixed, the warm
    build (after the failed one) equals a cold build, and the mistake is reported again
    on every build until it is fixed (the cache never hides it)."""
    assert warm_build(site)
    before = tree(site.folder / "output")
    site.edit_body()
    article = site.pick(site.articles())
    good_date = site.field(article, "Date")
    site.header(article, "Date", "kemarin sore")
    assert not warm_build(site)
    assert tree(site.folder / "output") == before
    assert not warm_build(site), "an unchanged mistake must stop the second build too"
    site.header(article, "Date", good_date)
    site.retitle()
    assert_warm_equals_cold(site, tmp_path / "dingin")


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_caches_that_give_a_cold_build(site, tmp_path):
    """Killed after its reads were saved: the content cache's working folder is untrusted,
    its snapshot of the last good build is whole, and the next build equals a cold one."""
    import signal
    import time

    assert warm_build(site)
    for _ in range(3):
        site.add_article()
    site.edit_body()
    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output.baru", *site.extra()]
    process = subprocess.Popen(command, cwd=site.folder, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if (site.folder / "output.baru" / "berita").is_dir():
            break
        time.sleep(0.02)
    assert process.poll() is None, "the build ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    caches = [p for p in (site.folder / ".cache" / "konten").iterdir() if p.is_dir()]
    [working] = [p for p in caches if "." not in p.name]
    assert not (working / "COMPLETE").exists()
    assert (working.with_name(working.name + ".terpercaya") / "COMPLETE").exists()

    assert_warm_equals_cold(site, tmp_path / "dingin")
