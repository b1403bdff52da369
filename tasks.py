"""Project tasks (invoke). The Makefile only bootstraps .venv and calls these."""

from __future__ import annotations

import functools
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
PYTHON = sys.executable
# Tool code (builds, previews, publishing) lives in plugins/newsroom.
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


def pelican_command(settings: str, content: str | None, output: Path, extra: str = "") -> str:
    # newsroom.build is Pelican's command line under the site's net (plugins/build_report):
    # every problem is a diagnostic, the exit is 1 when the site was not built.
    parts = [PYTHON, "-m", "newsroom.build"]
    if content:
        parts.append(str(content))
    parts += ["-s", settings, "-o", str(output)]
    # extra is shell words (-e KEY=JSON ...); every part is quoted for the shell.
    return shlex.join(parts + shlex.split(extra))


def build_into(c, output: Path, settings: str = "pelicanconf.py",
               content: str | None = None, extra: str = "", starter=None):
    """Build into a staging folder and move it into place only when the build succeeds.

    A failed build leaves the previous output untouched: never a half-written site. One
    build at a time (a lock), and a build interrupted before, even between the renames,
    is recovered first (plugins/newsroom/publishing.py). With a starter
    (newsroom.warmstart.WarmStarter) the build is a fork of a helper that has the
    libraries loaded, and its output is returned, not shown.
    """
    from newsroom import destination, publishing

    output = Path(output).resolve()
    staging = publishing.staging_of(output)
    environment = {"PYTHONPATH": str(ROOT / "plugins")}
    project = Path(c.cwd or ".").resolve()
    made = False  # whether the staging folder is this build's (not another's, locked out)
    shown = (output.relative_to(project).as_posix() + "/" if output.is_relative_to(project)
             else str(output))
    try:
        with publishing.build_lock(Path(c.cwd or ".")):
            # Nothing this project did not make is replaced (newsroom/destination.py).
            destination.refuse_contents(destination.inspect(output), shown)
            steps, staging = publishing.prepare(output, project)
            made = True
            for step in steps:
                print(f"Pemulihan: {step}.", file=sys.stderr)
            command = pelican_command(settings, content, staging, extra)
            if starter is None:
                result = c.run(command, warn=True, pty=False, env=environment)
                code = result.exited
            else:
                result = starter.run(shlex.split(command), c.cwd or ".",
                                     {**os.environ, **environment})
                code = result.returncode
            if code != 0:
                shutil.rmtree(staging, ignore_errors=True)
                print("Situs lama di output/ tidak diubah.", file=sys.stderr)
                sys.exit(code or 1)
            publishing.put_in_place(staging, output, shown)
            return result  # its stdout says how many pages were rendered
    except publishing.Refusal as refusal:
        if made:
            shutil.rmtree(staging, ignore_errors=True)
        print(refusal, file=sys.stderr)
        print(f"Situs tidak dipasang; {shown} tidak diubah.", file=sys.stderr)
        sys.exit(1)
    except publishing.PublishError as error:
        if made:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"Situs tidak dipasang: {error}.", file=sys.stderr)
        sys.exit(1)


@task(help={"publish": "absolute URLs from publishconf.py"})
def build(c, publish=False):
    """Build the site into output/."""
    if publish and os.environ.get("SITEURL") is not None:  # publishconf.py reads it
        newsroom()
        from newsroom.publish import PublishError, site_address

        try:
            site_address(os.environ["SITEURL"], "SITEURL")
        except PublishError as problem:
            print(f"galat: {problem}", file=sys.stderr)
            sys.exit(1)
    with c.cd(str(ROOT)):
        build_into(c, OUTPUT, "publishconf.py" if publish else "pelicanconf.py")
    print(f"Situs dibangun di {OUTPUT.relative_to(ROOT)}/")


@task
def clean(c):
    """Remove output/ (the image cache survives); only what the site put there."""
    from invoke import Exit

    newsroom()
    from newsroom import publishing

    try:
        publishing.remove_site(OUTPUT, "output/")
    except publishing.Refusal as refusal:
        print(refusal, file=sys.stderr)
        raise Exit(code=1) from None


@task(help={"port": "port on localhost (default 8000)",
            "folder": "site folder holding content/ (default: this repository)",
            "host": "address to listen on (default localhost)"})
def serve(c, port=8000, folder="", host="localhost"):
    """Live preview: build, serve output/ at http://localhost:PORT, rebuild and reload on
    every change to content, theme, plugins or settings, until Ctrl+C."""
    from invoke import Exit

    newsroom()
    from newsroom import preview

    root = Path(folder).resolve() if folder else ROOT
    status = preview.run(root, root / "output", int(port), host, say=preview.to_terminal())
    if status:
        raise Exit(code=status)


@task(help={"articles": "number of news articles", "innovations": "number of innovation records",
            "out": "folder to write the content tree into"})
def synth(c, articles=1000, innovations=0, out="bench/synth"):
    """Write a deterministic synthetic content tree for scale tests (never committed)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from synth import write_site

    counts = write_site(Path(out), int(articles), int(innovations))
    print(f"Konten sintetis ditulis ke {out}: {counts}")


@task(help={"k": "only tests matching this expression", "x": "stop at first failure",
            "fast": "leave out the tests marked browser or slow (make test-fast)"})
def test(c, k="", x=False, fast=False):
    """Check the code with ruff, then run the test suite (--fast: no browser or slow tests)."""
    # Every core (pytest-xdist): a test file stays on one worker, so its module's built
    # site is built once; sites shared across files are built once per run (tests/conftest.py).
    # (A worker more than the cores, to fill the tests' waits, measured no better: four
    # pairs of runs side by side, 3 against 2 workers: -1 %, -8 %, -3 % and +18 %.)
    # The 30 slowest at the end: the suite's own speed is watched like the site's.
    args = [PYTHON, "-m", "pytest", "-q", "-n", "auto", "--dist", "loadfile", "--durations=30"]
    if k:
        args += ["-k", f'"{k}"']
    if x:
        args.append("-x")
    if fast:
        args += ["-m", '"not browser and not slow"']
    with c.cd(str(ROOT)):
        c.run(f"{PYTHON} -m ruff check .", pty=False)  # a failure stops the run here
        # The project's modules compiled once, before the workers and the ~100 build
        # processes the tests start each import them: on a fresh clone the suite took
        # 185-188 s of pytest time (five runs) and 166.7 s after this 0.4 s step; a run
        # in a clone that already had them, 165-172 s.
        c.run(f"{PYTHON} -m compileall -q plugins tests", pty=False)
        c.run(" ".join(args), pty=False, env={**memory_temp(), **COMPILED_KEPT})


@task
def test_times(c):
    """Keep each test's seconds from the last `invoke test` in tests/durations.json (commit
    it): a fresh clone's run hands its files to the workers longest first."""
    cached = ROOT / ".pytest_cache" / "v" / "kabar-inovasi" / "detik-per-uji"
    if not cached.is_file():
        sys.exit("Belum ada waktu uji: jalankan `invoke test` lebih dulu")
    import json

    times = json.loads(cached.read_text(encoding="utf-8"))
    kept = {test: round(seconds, 1) for test, seconds in sorted(times.items())
            if seconds >= 0.05 and (ROOT / test.split("::")[0]).is_file()}
    (ROOT / "tests" / "durations.json").write_text(
        json.dumps(kept, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"tests/durations.json: {len(kept)} uji")


# Python keeps what it compiles (__pycache__, ignored by Git) during the test run, even
# where the environment says not to (PYTHONDONTWRITEBYTECODE, set on some CI machines):
# otherwise each of the suite's ~100 build processes compiles every plugin module from
# source again (a third of a small forked build), and each worker rewrites every test
# module's asserts (seconds per run).
COMPILED_KEPT = {"PYTHONDONTWRITEBYTECODE": ""}


def memory_temp(needed: int = 4 * 2**30) -> dict[str, str]:
    """TMPDIR for the tests: the machine's memory-backed /dev/shm when it has room. The
    tests write their fixture sites (about 1 GB a run, pytest keeps the last run's) as many
    small files, and on a virtual disk waiting on those writes took 10-20 % of the run."""
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= needed:
            return {"TMPDIR": str(shm)}
    except OSError:
        pass
    return {}


@task(help={"sizes": "article counts, comma-separated (default 1000,5000,10000)",
            "runs": "runs per size, for medians (default 3)",
            "runs_large": "runs at 10,000 articles and more (default 3)",
            "search": "also bench/search_bench.py at 10,000 articles",
            "images": "also bench/images_bench.py",
            "lighthouse": "also Lighthouse (mobile) on the sample site"})
def bench(c, sizes="1000,5000,10000", runs=3, runs_large=3, search=True, images=True,
          lighthouse=True):
    """Benchmark against plain Pelican; figures into bench/RESULTS.md (work in bench/work/)."""
    args = [PYTHON, "bench/run.py", "--sizes", sizes, "--runs", str(runs),
            "--runs-large", str(runs_large)]
    args += [flag for wanted, flag in ((search, "--no-search"), (images, "--no-images"),
                                       (lighthouse, "--no-lighthouse")) if not wanted]
    with c.cd(str(ROOT)):
        c.run(" ".join(args), pty=False)


# --- Newsroom workflow (issue 11): thin wrappers over plugins/newsroom/ ---------------

def newsroom():
    """The newsroom tool package (plugins/newsroom/), importable as `newsroom`."""
    if str(ROOT / "plugins") not in sys.path:
        sys.path.insert(0, str(ROOT / "plugins"))
    import newsroom as package

    return package


@task(help={"title": "the article's title, in quotes",
            "folder": "site folder holding content/ (default: this repository)"})
def new_article(c, title, folder=""):
    """Start a news article: content/berita/<year>/<slug>.md with every header line."""
    import datetime as dt

    from invoke import Exit

    newsroom()
    from newsroom import scaffold

    root = Path(folder).resolve() if folder else ROOT
    try:
        path = scaffold.new_article(root, title, scaffold.first_category(root),
                                    dt.datetime.now(dt.timezone.utc))
    except scaffold.ScaffoldError as problem:
        raise Exit(f"galat: {problem}", code=1) from None
    print(f"Berita baru ditulis: {path.relative_to(root).as_posix()}")


@task(help={"name": "the innovation's name, in quotes",
            "folder": "site folder holding content/ (default: this repository)"})
def new_innovation(c, name, folder=""):
    """Start an innovation record: content/inovasi/<slug>.yaml with every required field."""
    import datetime as dt

    from invoke import Exit

    newsroom()
    from newsroom import scaffold

    root = Path(folder).resolve() if folder else ROOT
    try:
        path = scaffold.new_innovation(root, name, dt.datetime.now(scaffold.WITA).date())
    except scaffold.ScaffoldError as problem:
        raise Exit(f"galat: {problem}", code=1) from None
    print(f"Data inovasi baru ditulis: {path.relative_to(root).as_posix()}")


@task(help={"folder": "site folder holding content/ (default: this repository)",
            "format": "text (for people), json (JSON Lines, one object per diagnostic) or "
                      "github (workflow-command annotations for GitHub/Forgejo Actions)"})
def check(c, folder="", format="text"):  # noqa: A002  the option is --format
    """Check every content rule, then every internal link, anchor and image (output/ untouched)."""
    import tempfile

    from invoke import Exit

    newsroom()
    from common.diagnostic_data import FORMATS
    from newsroom.check import check_site, report

    if format not in FORMATS:
        raise Exit(f"galat: --format harus salah satu dari {', '.join(FORMATS)} "
                   f"(ditemukan: {format!r})", code=2)
    root = Path(folder).resolve() if folder else ROOT
    with tempfile.TemporaryDirectory(prefix="periksa-") as temporary:
        result = check_site(root, Path(temporary) / "situs")
    if format == "text":
        print(report(result), file=sys.stdout if result.ok else sys.stderr)
    else:  # data on stdout, one line per diagnostic; a crash's log for people on stderr
        lines = report(result, format)
        if lines:
            print(lines)
        if not result.ok and not result.diagnostics:
            print(report(result), file=sys.stderr)
    if not result.ok:
        raise Exit(code=1)


@task(help={"export": "the Blogger export file (Atom XML from 'Back up content')",
            "images": "download the images posts show (--no-images: keep their addresses)",
            "pages": "also import Blogger's static pages into content/halaman/",
            "force": "overwrite imported files staff have edited since",
            "content": "content folder to import into (default: the site's content/)",
            "domain": "a custom domain the old blog answered on (besides BLOGGER['domains'])"})
def import_blogger(c, export, images=True, pages=False, force=False, content="", domain=""):
    """Import a Blogger export into content/berita/ (invoke import-blogger EXPORT.xml)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from blogger.cli import main

    code = main(export, ROOT / "pelicanconf.py", Path(content) if content else None,
                images=images, pages=pages, force=force,
                domains=tuple(d for d in domain.split(",") if d))
    if code:
        sys.exit(code)


# --- Web editor (issue 13): the CMS's local proxy beside the live preview ------------------

EDITOR_PROXY_PORT = 8081  # ADMIN["local_proxy"] in plugins/admin/wiring.py points here


@task(help={"port": "port of the preview on localhost (default 8000)"})
def editor(c, port=8000):
    """Web editor at http://localhost:PORT/admin/ with its local proxy and the live preview.

    The proxy (plugins/newsroom/editor_proxy.py, 127.0.0.1 only) writes what the editor saves
    into the folders of the editor's configuration, and nothing else; the live preview
    (invoke serve) rebuilds and shows it, until Ctrl+C."""
    from invoke import Exit

    from newsroom import editor_proxy, editor_rules

    try:
        proxy = editor_proxy.make_server(ROOT, editor_proxy.project_areas(),
                                         editor_rules.preview_origins(int(port)),
                                         port=EDITOR_PROXY_PORT)
    except OSError as error:
        raise Exit(f"galat: penyimpan lokal penyunting tidak dapat dibuka di 127.0.0.1:"
                   f"{EDITOR_PROXY_PORT} ({error.strerror or error}); tutup program lain yang "
                   "memakai port itu (misalnya `make editor` yang masih berjalan)", code=1) from None
    editor_proxy.start(proxy)
    print(f"Penyunting web: http://localhost:{port}/admin/ (Ctrl+C untuk berhenti)", flush=True)
    try:
        serve(c, port=port)
    finally:
        proxy.shutdown()
        proxy.server_close()


@task(help={"siteurl": "the public address, with its sub-path (https://contoh.go.id/kabar-inovasi/)",
            "dest": "folder to put the checked site in (default output/)",
            "rsync": "also copy it over SSH to this rsync target (user@host:/var/www/situs/)",
            "folder": "site folder holding content/ (default: this repository)",
            "commit": "the commit published, for terbit.json (default: Git HEAD of the folder)"})
def publish(c, siteurl, dest="", rsync="", folder="", commit=""):
    """Build with publishconf.py for SITEURL into a fresh folder, check it, then put it in place."""
    from invoke import Exit

    newsroom()
    from newsroom.publish import publish as publish_site

    root = Path(folder).resolve() if folder else ROOT
    status = publish_site(root, siteurl, Path(dest) if dest else root / "output", rsync,
                          say=functools.partial(print, flush=True), commit=commit)
    if status:
        raise Exit(code=status)


@task(help={"repo": "the bare Git repository on the server (situs.git)",
            "dest": "the web root the site is published into (/var/www/kabar-inovasi)",
            "siteurl": "the public address, with its sub-path",
            "work": "work folder for the builds (default: <repo name>-kerja beside the repo)",
            "venv": "a ready virtualenv to build with (default: make install in the work folder)"})
def install_hook(c, repo, dest, siteurl, work="", venv=""):
    """Hooks in a bare repository: a push to main is checked, refused when it fails, then
    published into DEST (plugins/newsroom/hook.py)."""
    from invoke import Exit

    newsroom()
    from newsroom import hook

    status = hook.install(Path(repo), Path(dest), siteurl, Path(work) if work else None,
                          Path(venv) if venv else None)
    if status:
        raise Exit(code=status)
