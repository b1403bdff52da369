"""The content cache (plugins/content_cache): warm builds skip reading unchanged Markdown,
yet every content mistake is reported on every build until it is fixed.

Each case builds the same temporary site more than once with the real Pelican, as staff
would, changing files in between; the cache lives in that site's .cache/konten/.
"""

from __future__ import annotations

import io
import pickle
import re
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import NO_EDITOR, ROOT, make_site
from quality.builds import run_build_without_search as run_build  # reading, not search

from common.fingerprint import canonical, fingerprint
from content_cache import templates


HEADER_LINE = ("Situs tidak dibangun: {n} kesalahan ditemukan di isi situs. "
               "Perbaiki semuanya, lalu bangun ulang.")
GOOD = ("Title: Kabar Desa Mehona\nDate: 2023-04-05 10:00\nCategory: Kesehatan\n"
        "Slug: kabar-desa\n\nPosyandu Desa Mehona buka setiap Senin.\n")
GOOD_URL = "berita/2023/04/kabar-desa/index.html"
SEBA_URL = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"
NO_TITLE = ("content/berita/x.md:1:1: galat BRT001: baris 'Title' tidak ada; setiap berita "
            "perlu judul (contoh: 'Title: Bupati Resmikan Pasar Seba')")


@pytest.fixture
def folder(tmp_path) -> Path:
    return make_site(tmp_path / "site")


def write(folder: Path, relative: str, text: str | bytes | None) -> None:
    make_site(folder, {relative: text})


def failed(build) -> list[str]:
    """The diagnostic lines of a build that stopped cleanly (before writing anything)."""
    assert build.returncode == 1, build.stderr
    assert "Traceback" not in build.stdout + build.stderr
    assert "Selesai:" not in build.stdout
    lines = build.error_lines
    assert HEADER_LINE.format(n=len(lines)) in build.stderr.splitlines()
    return lines


def passed(build):
    assert build.returncode == 0, build.stderr
    return build


def cache_folders(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / ".cache" / "konten").glob("*") if p.is_dir())


def paragraphs(build, relative: str) -> list[str]:
    main = build.html(relative).find("main")
    return [p.get_text(strip=True) for p in main.select(".isi p")]


def test_broken_article_fails_every_build_until_fixed(folder):
    write(folder, "content/berita/x.md", "Date: 2023-03-03 10:00\nCategory: Pemerintahan\n\n"
          "Isi.\n")
    assert failed(run_build(folder)) == [NO_TITLE]
    assert failed(run_build(folder)) == [NO_TITLE]  # nothing changed: reported again
    assert not any((f / "COMPLETE").exists() for f in cache_folders(folder))

    write(folder, "content/berita/x.md", "Title: Kabar Baru\n" + "Date: 2023-03-03 10:00\n"
          "Category: Pemerintahan\nSlug: kabar-baru\n\nIsi.\n")
    fixed = passed(run_build(folder))
    assert fixed.html("berita/2023/03/kabar-baru/index.html").find("h1").get_text(
        strip=True) == "Kabar Baru"


def test_category_list_change_rechecks_cached_articles(folder):
    passed(run_build(folder))
    write(folder, "content/data/kategori.yaml",
          "- nama: Kesehatan\n  slug: kesehatan\n"
          "- nama: Pertanian dan Perikanan\n  slug: pertanian-perikanan\n")
    expected = ("content/berita/pasar-seba.md:3:11: galat BRT006: 'Category' harus salah satu "
                "dari Kesehatan, Pertanian dan Perikanan (ditemukan: 'Pemerintahan'); daftar "
                "kategori ada di content/data/kategori.yaml")
    assert failed(run_build(folder)) == [expected]
    assert failed(run_build(folder)) == [expected]


def test_mistake_elsewhere_leaves_no_trusted_cache(folder):
    passed(run_build(folder))
    [first] = cache_folders(folder)
    assert (first / "COMPLETE").exists()
    write(folder, "content/berita/x.md", "Date: 2023-03-03 10:00\nCategory: Pemerintahan\n\n"
          "Isi.\n")
    failed(run_build(folder))
    assert not (first / "COMPLETE").exists()


def test_warm_build_shows_the_edit_and_serves_unchanged_articles_from_the_cache(folder):
    write(folder, "content/berita/kabar-desa.md", GOOD)
    cold = passed(run_build(folder))
    assert paragraphs(cold, SEBA_URL)[-1].startswith("Pasar Seba di Kecamatan Sabu Barat")
    [cache] = cache_folders(folder)
    assert (cache / "COMPLETE").exists()

    # Prove that the next build does not read pasar-seba.md again: change what the cache
    # holds for it (the file itself stays as it is); only an answer from the cache shows it.
    readers = cache / "ArticlesGenerator-Readers"
    with readers.open("rb") as stream:
        entries = pickle.load(stream)
    [seba] = [key for key in entries if key.endswith("pasar-seba.md")]
    stamp, (_content, metadata) = entries[seba]
    entries[seba] = (stamp, ("<p>Jawaban dari cache.</p>", metadata))
    with readers.open("wb") as stream:
        pickle.dump(entries, stream)

    write(folder, "content/berita/kabar-desa.md", GOOD.replace("setiap Senin", "setiap Selasa"))
    warm = passed(run_build(folder))
    assert paragraphs(warm, GOOD_URL)[-1] == "Posyandu Desa Mehona buka setiap Selasa."
    assert paragraphs(warm, SEBA_URL)[-1] == "Jawaban dari cache."
    assert cache_folders(folder) == [cache]

    # A change to the file itself is read again, cache or not.
    seba_file = folder / "content/berita/pasar-seba.md"
    seba_file.write_text(seba_file.read_text(encoding="utf-8") + "\nPedagang senang.\n",
                         encoding="utf-8")
    again = passed(run_build(folder))
    assert paragraphs(again, SEBA_URL)[-2:] == [
        "Pasar Seba di Kecamatan Sabu Barat kembali dibuka pada hari Jumat.",
        "Pedagang senang."]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 220)).save(out, "JPEG", quality=80)
    return out.getvalue()


def test_image_of_a_cached_article_is_published_and_its_loss_reported(folder):
    write(folder, "content/images/pasar.jpg", photo())
    write(folder, "content/berita/foto.md",
          "Title: Foto Pasar\nDate: 2023-03-04 09:30\nCategory: Pemerintahan\nSlug: foto\n"
          "Cover: images/pasar.jpg\nCover_Alt: Pasar ramai\n\nIsi.\n\n"
          "![Lapak ikan]({static}/images/pasar.jpg)\n")
    passed(run_build(folder))
    warm = passed(run_build(folder))  # foto.md comes from the cache
    picture = warm.html("berita/2023/03/foto/index.html").find("main").find("picture")
    assert picture is not None and picture.find("img")["alt"] in ("Pasar ramai", "Lapak ikan")
    assert list(warm.output.glob("images/pasar-960.*.webp"))
    assert not warm.exists("images/pasar.jpg")

    write(folder, "content/images/pasar.jpg", None)
    shown = ("'images/pasar.jpg' tidak ditemukan; simpan berkasnya sebagai "
             "content/images/pasar.jpg atau perbaiki nama berkasnya")
    expected = [
        f"content/berita/foto.md:5:8: galat IMG001: 'Cover': gambar {shown}",
        f"content/berita/foto.md:10:1: galat IMG001: gambar di isi: gambar {shown}",
    ]
    assert failed(run_build(folder)) == expected
    assert failed(run_build(folder)) == expected


# -- the fingerprint, a pure function ----------------------------------------------------
def jinja_filter(value):
    return value


@pytest.mark.parametrize("value, text", [
    ({"b": 1, "a": [2, (3,)]}, "{'a': [2, [3]], 'b': 1}"),
    ({"x": jinja_filter}, "{'x': <test_content_cache.jinja_filter>}"),
    ({"s": {"b", "a"}}, "{'s': {'a', 'b'}}"),
])
def test_canonical_spells_settings_without_addresses(value, text):
    assert canonical(value) == text


@pytest.mark.parametrize("change", ["settings", "data", "code", "names", "versions"])
def test_fingerprint_changes_with_every_input(tmp_path, change):
    data, code = tmp_path / "kategori.yaml", tmp_path / "plugin.py"
    data.write_text("- nama: A\n  slug: a\n")
    code.write_text("X = 1\n")
    inputs = {"settings": {"MARKDOWN": {"output_format": "html5"}}, "data": [data],
              "code": [code], "names": ["article.html"], "versions": {"markdown": "3.11"}}
    before = fingerprint(**{("data_files" if k == "data" else "code_files" if k == "code"
                             else k): v for k, v in inputs.items()})
    if change == "settings":
        inputs["settings"] = {"MARKDOWN": {"output_format": "xhtml"}}
    elif change == "data":
        data.write_text("- nama: B\n  slug: b\n")
    elif change == "code":
        code.write_text("X = 2\n")
    elif change == "names":
        inputs["names"] = ["article.html", "khusus.html"]
    else:
        inputs["versions"] = {"markdown": "3.12"}
    after = fingerprint(**{("data_files" if k == "data" else "code_files" if k == "code"
                            else k): v for k, v in inputs.items()})
    assert after != before


# -- reading ahead on every core (prefetch.py) -------------------------------------------
PARALLEL = {"CONTENT_CACHE": {"workers": 2, "prefetch_min": 1}}
ONE_BY_ONE = {"CONTENT_CACHE": {"workers": 1}}


def news(number: int) -> str:
    return (f"Title: Kabar Desa Nomor {number}\nDate: 2023-0{1 + number % 9}-0{1 + number % 8} "
            f"10:00\nCategory: Pemerintahan\nTags: desa\n\nIsi kabar nomor {number}.\n")


def verbose_build(folder: Path, extra: dict):
    """run_build, with Pelican's --verbose: the read-ahead says what it read."""
    import json
    import os
    import subprocess

    command = [sys.executable, "-m", "newsroom.build", "content", "-s",
               str(ROOT / "pelicanconf.py"), "-o", "output", "--verbose"]
    for key, value in {"SEARCH": {"enabled": False}, **NO_EDITOR, **extra}.items():  # as run_build
        command += ["-e", f"{key}={json.dumps(value)}"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "300",
                               "PYTHONPATH": str(ROOT / "plugins")})


def test_files_read_ahead_on_two_cores_give_the_site_one_process_gives(tmp_path):
    files = {f"content/berita/kabar-{n}.md": news(n) for n in range(8)}
    parallel = make_site(tmp_path / "paralel", files)
    alone = make_site(tmp_path / "sendiri", files)
    done = verbose_build(parallel, PARALLEL)
    assert done.returncode == 0, done.stderr
    assert re.search(r"9 berkas dibaca lebih dulu secara paralel",
                     " ".join((done.stdout + done.stderr).split()))
    assert passed(run_build(alone, extra=ONE_BY_ONE))
    assert tree(parallel / "output") == tree(alone / "output")


def tree(root: Path) -> dict[str, bytes]:
    """Every file's bytes; Pagefind writes its filter and meta indexes in its own order."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith((".pf_meta", ".pf_filter",
                                                    "pagefind-entry.json"))}


def test_a_mistake_in_a_file_read_ahead_is_reported_as_in_any_build(tmp_path):
    files = {f"content/berita/kabar-{n}.md": news(n) for n in range(6)}
    files["content/berita/x.md"] = "Date: 2023-03-03 10:00\nCategory: Pemerintahan\n\nIsi.\n"
    parallel = make_site(tmp_path / "paralel", files)
    alone = make_site(tmp_path / "sendiri", files)
    assert failed(run_build(parallel, extra=PARALLEL)) == [NO_TITLE]
    assert failed(run_build(alone, extra=ONE_BY_ONE)) == [NO_TITLE]
    assert failed(run_build(parallel, extra=PARALLEL)) == [NO_TITLE]  # and again


# -- compiled templates (plugins/content_cache/templates.py) -----------------------------
def test_templates_compiled_by_an_earlier_build_are_loaded_and_an_edit_compiles_again(
        tmp_path):
    import shutil

    folder = make_site(tmp_path / "site")
    shutil.copytree(ROOT / "theme", folder / "theme")
    theme = {"THEME": str(folder / "theme")}
    passed(run_build(folder, extra=theme))
    compiled = list((folder / ".cache" / "konten").glob("*/templat/*/*.jinja"))
    assert len(compiled) >= 10, "the build left no compiled templates"

    # Prove the next build loads them: change what the compiled footer says (its source
    # stays as it is); only a template loaded from the cache shows it.
    footer = (ROOT / "theme/templates/partials/footer.html").read_text(encoding="utf-8")
    assert "radio publik lokal" in footer
    _rewrite_compiled(folder, "partials/footer.html", "radio publik lokal",
                      "Dimuat dari cache")
    write(folder, "content/berita/kabar-desa.md", GOOD)  # the home page lists it: rendered
    templates._compiled.clear()  # as in a new process: from disk, not this one's memory
    again = passed(run_build(folder, extra=theme))
    assert "Dimuat dari cache" in (again.output / "index.html").read_text(encoding="utf-8")

    # Staff edit the template: its source no longer matches, it is compiled again.
    partial = folder / "theme/templates/partials/footer.html"
    partial.write_text(footer.replace("radio publik lokal", "radio milik warga"),
                       encoding="utf-8")
    edited = passed(run_build(folder, extra=theme))
    html = (edited.output / "index.html").read_text(encoding="utf-8")
    assert "radio milik warga" in html and "Dimuat dari cache" not in html


def test_a_second_site_built_in_the_same_process_takes_the_compiled_templates_from_memory(
        tmp_path):
    first = make_site(tmp_path / "satu")
    passed(run_build(first))
    footer = ROOT / "theme/templates/partials/footer.html"
    [kept] = [key for key in templates._compiled
              if key[1] == templates.KeptCode(str(tmp_path), "%s", "", "").get_cache_key(
                  "partials/footer.html", str(footer))]
    assert kept[3] == "", "the footer calls no filter on literals: shared by any site"
    # Only code taken from this process's memory shows the changed constant.
    templates._compiled[kept] = _replaced(templates._compiled[kept], "radio publik lokal",
                                          "Dari memori proses")
    try:
        second = passed(run_build(make_site(tmp_path / "dua")))
        assert "Dari memori proses" in (second.output / "index.html").read_text(encoding="utf-8")
    finally:
        templates._compiled.pop(kept, None)
    third = passed(run_build(make_site(tmp_path / "tiga")))
    assert "Dari memori proses" not in (third.output / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("mistake, message", [
    ("{% if %}", "templat tema tidak dapat dibaca: Expected an expression, got 'end of "
                 "statement block'"),
    ("{{ judul|tidak_ada }}", "templat tema tidak dapat dibaca: No filter named "
                              "'tidak_ada'."),
])
def test_a_template_mistake_is_named_at_its_line_on_every_build(tmp_path, mistake, message):
    """A template that does not compile stops the build at its file and line, also when
    the other templates come compiled from the cache (the second build)."""
    import shutil

    folder = make_site(tmp_path / "site")
    shutil.copytree(ROOT / "theme", folder / "theme")
    theme = {"THEME": str(folder / "theme")}
    passed(run_build(folder, extra=theme))
    footer = folder / "theme/templates/partials/footer.html"
    footer.write_text(footer.read_text(encoding="utf-8").replace(
        "</footer>", f"\n{mistake}\n</footer>"), encoding="utf-8")
    line = footer.read_text(encoding="utf-8").splitlines().index(mistake) + 1
    for _ in range(2):
        build = run_build(folder, extra=theme)
        assert build.returncode == 1
        assert [e for e in build.error_lines if "TPL001" in e] == [
            f"theme/templates/partials/footer.html:{line}: galat TPL001: {message}"], \
            build.stderr


def test_a_template_whose_compiling_calls_a_filter_is_shared_only_within_its_settings(tmp_path):
    import jinja2

    env = jinja2.Environment()
    env.filters["label"] = lambda text: text.upper()
    assert templates.calls_on_literals(env, '{{ "pertanian"|label }}')
    assert templates.calls_on_literals(env, "{% if 3 is odd %}x{% endif %}")
    assert templates.calls_on_literals(env, "{% if %}")  # does not parse: unsure is yes
    assert not templates.calls_on_literals(env, "{{ kategori|label }} {{ 'x' ~ y|upper }}")
    assert not templates.calls_on_literals(env, "<p>{{ judul }}</p>")

    def kept_as(scope: str, source: str) -> set[tuple]:
        """The memory keys a build in fingerprint folder `scope` leaves for source."""
        before = set(templates._compiled)
        env.loader = jinja2.DictLoader({"t.html": source})
        disk = tmp_path / scope.strip("/").replace("/", "_")  # inside the folder, as in a build
        disk.mkdir(exist_ok=True)
        env.bytecode_cache = templates.KeptCode(str(disk), "%s.jinja", "lingkungan", scope)
        env.cache = None  # as a new build's environment
        env.get_template("t.html")
        return {key[3] for key in set(templates._compiled) - before}

    try:
        folding = '{{ "pertanian"|label }}'
        assert kept_as("/situs-a/.cache/konten/aaa", folding) == {"/situs-a/.cache/konten/aaa"}
        # Another site compiles it again (its label may differ) and keeps its own.
        assert kept_as("/situs-b/.cache/konten/bbb", folding) == {"/situs-b/.cache/konten/bbb"}
        assert env.get_template("t.html").render() == "PERTANIAN"
        # Code that only calls filters when a page renders is one entry for every site.
        assert kept_as("/situs-a/.cache/konten/aaa", "{{ x|label }}") == {""}
        assert kept_as("/situs-b/.cache/konten/bbb", "{{ x|label }}") == set()
    finally:
        for key in [k for k in templates._compiled if k[0] == "lingkungan"]:
            del templates._compiled[key]


def _replaced(code, old: str, new: str):
    """code with every string constant (in nested code too) old → new."""
    consts = tuple(_replaced(c, old, new) if hasattr(c, "co_consts") else
                   c.replace(old, new) if isinstance(c, str) else c for c in code.co_consts)
    return code.replace(co_consts=consts)


def _rewrite_compiled(folder: Path, name: str, old: str, new: str) -> None:
    """Change a string constant in the compiled code Jinja keeps for template `name`."""

    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    [directory] = (folder / ".cache" / "konten").glob("*/templat/*")
    cache = FileSystemBytecodeCache(str(directory), "%s.jinja")
    source = (folder / "theme/templates" / name).read_text(encoding="utf-8")
    bucket = Bucket(None, cache.get_cache_key(name, str(folder / "theme/templates" / name)),
                    cache.get_source_checksum(source))
    found = [p for p in directory.iterdir() if p.name == f"{bucket.key}.jinja"]
    assert found, f"no compiled {name} in {directory}"
    with found[0].open("rb") as stream:
        bucket.load_bytecode(stream)
    assert bucket.code is not None

    bucket.code = _replaced(bucket.code, old, new)
    with found[0].open("wb") as stream:
        bucket.write_bytecode(stream)


def test_compiling_options_of_the_theme_get_a_compiled_cache_of_their_own(tmp_path):
    import jinja2

    from content_cache.templates import use_compiled_cache

    loader = jinja2.DictLoader({"t.html": "{% if true %}\n  ya\n{% endif %}\n"})
    plain = jinja2.Environment(loader=loader)
    use_compiled_cache(plain, tmp_path)
    trimmed = jinja2.Environment(loader=loader, trim_blocks=True, lstrip_blocks=True)
    use_compiled_cache(trimmed, tmp_path)
    assert plain.get_template("t.html").render() == "\n  ya\n"
    assert trimmed.get_template("t.html").render() == "  ya\n"
    assert len(list((tmp_path / "templat").iterdir())) == 2


def _answer_from_cache(folder: Path, source_end: str, html: str) -> None:
    """Change what the reader cache holds for one article (the file stays as it is): only
    a build that takes the article from the cache shows `html`."""
    [cache] = cache_folders(folder)
    readers = cache / "ArticlesGenerator-Readers"
    with readers.open("rb") as stream:
        entries = pickle.load(stream)
    [key] = [key for key in entries if key.endswith(source_end)]
    stamp, (_content, metadata) = entries[key]
    entries[key] = (stamp, (html, metadata))
    with readers.open("wb") as stream:
        pickle.dump(entries, stream)


def test_an_opd_renamed_reads_no_article_again_and_shows_on_its_profiles(tmp_path):
    """Articles are checked against the categories only: editing another vocabulary (an
    OPD's name) keeps the reader cache, and the records read again show the new name."""
    folder = make_site(tmp_path / "site", base="innovation_base")
    cold = passed(run_build(folder))
    profile = "inovasi/posyandu-keliling/index.html"
    assert "Dinas Kesehatan" in cold.html(profile).find("main").get_text(" ")
    _answer_from_cache(folder, "posyandu-dibuka.md", "<p>Jawaban dari cache.</p>")
    [cache] = cache_folders(folder)
    vocabulary = folder / "content/data/perangkat_daerah.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "nama: Dinas Kesehatan\n", "nama: Dinas Kesehatan dan Keluarga Berencana\n"),
        encoding="utf-8")
    warm = passed(run_build(folder))
    assert "Dinas Kesehatan dan Keluarga Berencana" in \
        warm.html(profile).find("main").get_text(" ")
    assert cache_folders(folder) == [cache]
    pages = {p.parent.name: p.read_text(encoding="utf-8")
             for p in (folder / "output/berita").rglob("index.html")}
    assert "Jawaban dari cache." in pages["posyandu-keliling-dibuka"]


def test_an_opd_removed_is_a_mistake_of_the_records_naming_it_warm_or_cold(tmp_path):
    """An innovation record read from the cache was checked against the vocabularies of
    its build: a record naming an OPD the vocabulary no longer has is reported, on every
    build, as a cold build reports it."""
    folder = make_site(tmp_path / "site", base="innovation_base")
    passed(run_build(folder))
    vocabulary = folder / "content/data/perangkat_daerah.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace(
        "- slug: dinas-kesehatan\n  nama: Dinas Kesehatan\n  singkatan: Dinkes\n", ""),
        encoding="utf-8")
    warm = failed(run_build(folder))
    assert any(line.startswith("content/inovasi/posyandu-keliling.yaml:6:")
               and "perangkat_daerah" in line for line in warm), warm
    cold_folder = make_site(tmp_path / "cold", base="innovation_base")
    (cold_folder / "content/data/perangkat_daerah.yaml").write_text(
        vocabulary.read_text(encoding="utf-8"), encoding="utf-8")
    assert failed(run_build(cold_folder)) == warm
    assert failed(run_build(folder)) == warm
    vocabulary.write_text(text, encoding="utf-8")
    passed(run_build(folder))


def _forks_of_saving(monkeypatch) -> list[int]:
    """The forks content_cache/saving.py makes (os.fork spied on, called as it is)."""
    import os

    made: list[int] = []
    fork = os.fork

    def spied():
        caller = sys._getframe(1).f_globals.get("__name__")
        pid = fork()
        if pid and caller == "content_cache.saving":
            made.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", spied)
    return made


def test_a_large_reader_cache_is_saved_by_a_fork_with_the_bytes_saved_in_place(
        folder, monkeypatch):
    """A fork of the build saves the reader cache while the build goes on: its file holds
    the bytes the build would have written itself, and the next build reads from it."""
    import shutil

    from content_cache import saving

    write(folder, "content/berita/kabar-desa.md", GOOD)
    forks = _forks_of_saving(monkeypatch)
    monkeypatch.setattr(saving, "MIN_ENTRIES", 10**9)  # in place
    passed(run_build(folder))
    [cache] = cache_folders(folder)
    in_place = (cache / "ArticlesGenerator-Readers").read_bytes()
    assert forks == []

    shutil.rmtree(folder / ".cache")
    shutil.rmtree(folder / "output")
    monkeypatch.setattr(saving, "MIN_ENTRIES", 1)  # this small site's cache, by a fork
    passed(run_build(folder))
    [cache] = cache_folders(folder)
    assert len(forks) == 2  # the articles' and the pages' reader caches
    assert (cache / "ArticlesGenerator-Readers").read_bytes() == in_place
    assert (cache / "COMPLETE").exists()

    _answer_from_cache(folder, "pasar-seba.md", "<p>Jawaban dari cache.</p>")
    warm = passed(run_build(folder))
    assert paragraphs(warm, SEBA_URL) == ["Jawaban dari cache."]


def test_a_fork_that_fails_to_save_leaves_the_cache_untrusted(folder, monkeypatch):
    """The build goes on and succeeds; its cache folder gets no COMPLETE mark, so the next
    build reads every file again, and is right."""
    import os

    from pelican.cache import FileDataCacher

    from content_cache import saving

    passed(run_build(folder))
    [cache] = cache_folders(folder)
    forks = _forks_of_saving(monkeypatch)
    monkeypatch.setattr(saving, "MIN_ENTRIES", 1)
    build_process = os.getpid()
    save = FileDataCacher.save_cache

    def full_disk(self):
        if os.getpid() != build_process:
            raise OSError(28, "No space left on device")
        return save(self)

    monkeypatch.setattr(FileDataCacher, "save_cache", full_disk)
    write(folder, "content/berita/kabar-desa.md", GOOD)
    built = passed(run_build(folder))
    assert forks and not (cache / "COMPLETE").exists()
    assert built.html(GOOD_URL).find("h1").get_text(strip=True) == "Kabar Desa Mehona"
    assert not (cache / "ArticlesGenerator-Readers").exists()
    monkeypatch.setattr(FileDataCacher, "save_cache", save)
    # The next build starts from the last trusted snapshot, and is right.
    again = passed(run_build(folder))
    assert again.html(GOOD_URL).find("h1").get_text(strip=True) == "Kabar Desa Mehona"
    assert paragraphs(again, SEBA_URL)[-1].startswith("Pasar Seba di Kecamatan Sabu Barat")
    assert cache_folders(folder) == [cache] and (cache / "COMPLETE").exists()


def _record_from_cache(folder: Path, record_id: str, name: str) -> None:
    """Change the name the innovation cache holds for one record (the file stays as it
    is): only a build that takes the record from the cache shows `name`."""
    [cache] = cache_folders(folder)
    records = cache / "InnovationsGenerator-records"
    with records.open("rb") as stream:
        entries = pickle.load(stream)
    [key] = [key for key in entries if key[0] == record_id]
    named, digest, record = pickle.loads(entries[key])
    record.innovation.nama = name
    entries[key] = pickle.dumps((named, digest, record))
    with records.open("wb") as stream:
        pickle.dump(entries, stream)


def test_an_opd_renamed_reads_again_only_the_records_naming_it(tmp_path):
    """A record holds the vocabulary entries it names: renaming an OPD reads again the
    records of that OPD, and keeps every other record's read; the site is a cold build's."""
    folder = make_site(tmp_path / "site", base="innovation_base")
    passed(run_build(folder))
    _record_from_cache(folder, "aplikasi-antrean", "Antrean Dari Cache")  # OPD: rsud
    _record_from_cache(folder, "posyandu-keliling", "Posyandu Dari Cache")  # Dinkes
    vocabulary = folder / "content/data/perangkat_daerah.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "nama: Dinas Kesehatan\n", "nama: Dinas Kesehatan dan Keluarga Berencana\n"),
        encoding="utf-8")
    warm = passed(run_build(folder))
    posyandu = warm.html("inovasi/posyandu-keliling/index.html").find("main").get_text(" ")
    assert "Dinas Kesehatan dan Keluarga Berencana" in posyandu
    assert "Posyandu Dari Cache" not in posyandu  # read again: it names Dinkes
    antrean = warm.html("inovasi/aplikasi-antrean/index.html").find("h1").get_text(strip=True)
    assert antrean == "Antrean Dari Cache"  # kept: it names another OPD

    cold_folder = make_site(tmp_path / "cold", base="innovation_base")
    (cold_folder / "content/data/perangkat_daerah.yaml").write_text(
        vocabulary.read_text(encoding="utf-8"), encoding="utf-8")
    cold = passed(run_build(cold_folder))
    assert cold.html("inovasi/posyandu-keliling/index.html").find("main").get_text(" ") == \
        posyandu
