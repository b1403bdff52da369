"""Pages whose inputs did not change are not rendered again (plugins/build_report/renders.py),
and what a build publishes is still what a cold build publishes.

Each build prints `Berkas halaman: N dirender, M tidak berubah`; the tests read it to know
what was rendered, and compare output trees with a cold build of the same content.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from markupsafe import Markup

from conftest import ROOT, make_site, run_build
from quality.builds import NO_SEARCH


from build_report import renders
from newsroom import publishing

SEBA = "berita/2023/03/pasar-seba-dibuka-kembali/index.html"
OTHER = "berita/2023/04/embung-menia-selesai/index.html"
OTHER_MD = ("Title: Embung Menia Selesai\nDate: 2023-04-10 08:00\nCategory: Pemerintahan\n"
            "Tags: air bersih\nAuthor: Sofyan\nSummary: Embung di Menia selesai.\n\n"
            "Embung di Desa Menia selesai dibangun.\n")
NOT_INDEXED = (".pf_meta", ".pf_filter", "pagefind-entry.json")


def build(folder: Path, extra: dict | None = None):
    """A build as `invoke build` runs it: into output.baru, put in place when it succeeds.

    Search off: these tests are about rendering pages (a preview build's index is tested
    below with search on, and test_search_incremental.py compares warm and cold indexes)."""
    done = run_build(folder, extra={**NO_SEARCH, **(extra or {})}, output="output.baru")
    if done.returncode == 0:
        publishing.put_in_place(folder / "output.baru", folder / "output")
    done.output = folder / "output"
    return done


def counts(build) -> tuple[int, int]:
    found = re.search(r"Berkas halaman: (\d+) dirender, (\d+) tidak berubah", build.stdout)
    assert found, build.stdout + build.stderr
    return int(found.group(1)), int(found.group(2))


def tree(folder: Path) -> dict[str, bytes]:
    # The marker is written by put_in_place (newsroom/destination.py), not by a build.
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.endswith(NOT_INDEXED)
            and p.name != ".situs-kabar-inovasi"}


def cold(tmp_path: Path, folder: Path, name: str = "dingin",
         extra: dict | None = NO_SEARCH) -> dict[str, bytes]:
    """A cold build of folder's content (fresh folder: no output, no caches), with the
    settings of build() unless told."""
    fresh = tmp_path / name
    shutil.copytree(folder / "content", fresh / "content")
    done = run_build(fresh, extra=extra)
    assert done.returncode == 0, done.stderr
    return tree(fresh / "output")


@pytest.fixture
def folder(tmp_path) -> Path:
    return make_site(tmp_path / "situs", {"content/berita/embung-menia.md": OTHER_MD})


def test_a_build_with_nothing_changed_renders_no_page_and_keeps_every_file(folder):
    first = build(folder)
    assert first.returncode == 0, first.stderr
    rendered, _ = counts(first)
    # Pages the theme renders (the editor's admin/index.html is copied by its plugin).
    inodes = {p: p.stat().st_ino for p in first.output.rglob("*.html") if "admin" not in p.parts}
    again = build(folder)
    assert again.returncode == 0, again.stderr
    assert counts(again) == (0, rendered)
    assert {p: p.stat().st_ino for p in again.output.rglob("*.html")
            if "admin" not in p.parts} == inodes


def test_an_edited_article_renders_only_the_pages_that_show_it(folder, tmp_path):
    assert build(folder).returncode == 0
    article = folder / "content" / "berita" / "embung-menia.md"
    article.write_text(OTHER_MD + "\nWarga menyambut embung itu dengan syukur.\n",
                       encoding="utf-8")
    seba_before = (folder / "output" / SEBA).stat().st_ino
    done = build(folder)
    assert done.returncode == 0, done.stderr
    rendered, kept = counts(done)
    assert 0 < rendered < kept
    assert "Warga menyambut embung" in (done.output / OTHER).read_text(encoding="utf-8")
    # Pasar Seba's page shows Embung Menia's title (its neighbour), not its text.
    assert (done.output / SEBA).stat().st_ino == seba_before
    assert tree(done.output) == cold(tmp_path, folder)


def test_a_title_shown_on_other_pages_renders_them_again(folder, tmp_path):
    assert build(folder).returncode == 0
    article = folder / "content" / "berita" / "embung-menia.md"
    article.write_text(OTHER_MD.replace("Embung Menia Selesai", "Embung Menia Diresmikan"),
                       encoding="utf-8")
    done = build(folder)
    assert done.returncode == 0, done.stderr
    assert "Embung Menia Diresmikan" in (done.output / "index.html").read_text(encoding="utf-8")
    assert tree(done.output) == cold(tmp_path, folder)


def test_a_page_changed_by_hand_in_output_is_rendered_again(folder):
    assert build(folder).returncode == 0
    page = folder / "output" / SEBA
    good = page.read_bytes()
    page.write_bytes(good.replace(b"Pasar Seba", b"Pasar Rusak"))
    done = build(folder)
    assert done.returncode == 0, done.stderr
    assert counts(done)[0] == 1
    assert page.read_bytes() == good


ONE_WRITER = {"PAGE_WRITING": {"workers": 1}}  # every write_file() call in this process


def writer_calls(monkeypatch) -> list[str]:
    """The output names Pelican's writer is asked to write (write_file's first argument)."""
    from pelican.writers import Writer

    asked: list[str] = []
    plain = Writer.write_file

    def counted(self, name, *args, **kwargs):
        asked.append(name)
        return plain(self, name, *args, **kwargs)

    monkeypatch.setattr(Writer, "write_file", counted)
    return asked


@pytest.mark.parametrize("pagination", [10, 1], ids=["lists-of-one-page", "paginated"])
def test_calls_whose_pages_did_not_change_never_reach_pelicans_writer(
        folder, tmp_path, monkeypatch, pagination):
    """Each write_file() call (a page, or every page of a paginated list) has a trace of
    its own: when what it was given and what its pages read are as they were, its pages
    are linked without Pelican's writer making their contexts and checking each page."""
    extra = {**ONE_WRITER, "DEFAULT_PAGINATION": pagination}
    first = build(folder, extra=extra)
    assert first.returncode == 0, first.stderr
    rendered, _ = counts(first)
    asked = writer_calls(monkeypatch)
    again = build(folder, extra=extra)
    assert again.returncode == 0, again.stderr
    assert counts(again) == (0, rendered)
    assert asked == []  # not one page of the site, paginated lists included

    article = folder / "content" / "berita" / "embung-menia.md"
    article.write_text(OTHER_MD + "\nWarga menyambut embung itu dengan syukur.\n",
                       encoding="utf-8")
    done = build(folder, extra=extra)
    assert done.returncode == 0, done.stderr
    assert OTHER in asked  # the edited article's page, and the pages that read it
    assert "arsip/2023/03/index.html" not in asked  # lists Pasar Seba only
    assert "topik/pasar/index.html" not in asked
    # Every call the writer was given had a page rendered: none whose pages were all
    # unchanged reached it.
    assert len(asked) <= counts(done)[0] < rendered / 2
    assert tree(done.output) == cold(tmp_path, folder, extra={**NO_SEARCH, **extra})


def test_linked_calls_leave_the_context_as_pelicans_writer_leaves_it(folder, monkeypatch):
    """With relative addresses Pelican's writer sets the shared context's localsiteurl to
    each page's way back to the root, and contents make their links from it afterwards
    (feeds, data files): a build whose calls were all linked leaves the same value."""
    from build_report import site

    left: list = []
    plain = site.CheckedWriter.write_pending

    def write_pending(self):
        jobs = list(self.pending or ())
        plain(self)
        if jobs:
            left.append((jobs[-1].name, jobs[-1].context.get("localsiteurl")))

    monkeypatch.setattr(site.CheckedWriter, "write_pending", write_pending)
    assert build(folder, extra=ONE_WRITER).returncode == 0
    cold_left, left[:] = list(left), []
    asked = writer_calls(monkeypatch)
    assert build(folder, extra=ONE_WRITER).returncode == 0
    assert asked == []
    assert any(value and value.startswith("..") for _, value in cold_left)
    assert left == cold_left


def test_a_changed_template_renders_every_page(folder):
    theme = folder / "tema"
    shutil.copytree(ROOT / "theme", theme)
    first = build(folder, extra={"THEME": str(theme)})
    rendered, _ = counts(first)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text("<!-- versi 2 -->\n" + footer.read_text(encoding="utf-8"),
                      encoding="utf-8")
    done = build(folder, extra={"THEME": str(theme)})
    assert done.returncode == 0, done.stderr
    assert counts(done) == (rendered, 0)
    assert "<!-- versi 2 -->" in (done.output / SEBA).read_text(encoding="utf-8")


def traced_pages(tmp_path: Path, monkeypatch, calls: list):
    """A tiny site of one template, rendered as CheckedWriter renders (in this process)."""
    import jinja2

    from common import diagnostics

    monkeypatch.chdir(tmp_path)
    (tmp_path / "tema" / "templates").mkdir(parents=True, exist_ok=True)

    def photo(name):  # a global of ours: it registers what the page needs
        calls.append(name)
        diagnostics.warn("content/berita/a.md", 3, 1, "UJI001", f"foto {name} kecil")
        return Markup(f"<img src='{name}'>")

    env = jinja2.Environment(loader=jinja2.DictLoader(
        {"page.html": "<h1>{{ title }}</h1>{{ photo('seba.jpg') }}"}))
    env.globals["photo"] = photo
    settings = {"THEME": str(tmp_path / "tema"), "PLUGIN_PATHS": []}
    output = tmp_path / "keluaran"
    output.mkdir(exist_ok=True)

    def render(title: str) -> str:
        traces = renders.Traces(settings, str(output), None)
        page = renders._TracedTemplate(env.get_template("page.html"), traces)
        text = page.render({"output_file": "a.html", "title": title})
        if text:
            (output / "a.html").write_text(text, encoding="utf-8")
            traces.written(str(output / "a.html"))
        traces.save()
        return text

    return render


def test_a_page_not_rendered_again_reports_its_warnings_and_calls_its_globals_again(
        tmp_path, monkeypatch):
    """What a render did besides its text (a warning, a photo it registered) is done
    again when the render is skipped."""
    from common import diagnostics

    calls: list[str] = []
    render = traced_pages(tmp_path, monkeypatch, calls)
    diagnostics.current.clear()
    assert render("Pasar Seba") == "<h1>Pasar Seba</h1><img src='seba.jpg'>"
    first = diagnostics.current.sorted()
    assert [d.code for d in first] == ["UJI001"]
    diagnostics.current.clear()
    assert render("Pasar Seba") == ""  # not rendered: the file is kept
    assert diagnostics.current.sorted() == first
    assert calls == ["seba.jpg", "seba.jpg"]
    assert render("Pasar Seba Baru") == "<h1>Pasar Seba Baru</h1><img src='seba.jpg'>"
    diagnostics.current.clear()


def test_broken_saved_traces_only_cost_a_full_render(folder):
    first = build(folder)
    rendered, _ = counts(first)
    [saved] = (folder / ".cache" / "halaman").glob("*.pickle")
    saved.write_bytes(b"bukan pickle")
    done = build(folder)
    assert done.returncode == 0, done.stderr
    assert counts(done) == (rendered, 0)


def test_a_preview_build_keeps_the_search_index_and_writes_the_pages_of_a_full_build(
        folder, tmp_path):
    """PREVIEW_BUILD (make serve) links the previous Pagefind bundle into the staging
    folder instead of indexing; every page is the page a full build writes."""
    assert run_build(folder, output="output").returncode == 0
    bundle = {p.name: p.stat().st_ino for p in (folder / "output" / "pagefind").rglob("*")
              if p.is_file()}
    article = folder / "content" / "berita" / "embung-menia.md"
    article.write_text(OTHER_MD + "\nKalimat pratinjau.\n", encoding="utf-8")
    preview = run_build(folder, output="output.baru", extra={"PREVIEW_BUILD": True})
    assert preview.returncode == 0, preview.stderr
    assert {p.name: p.stat().st_ino for p in (folder / "output.baru" / "pagefind").rglob("*")
            if p.is_file()} == bundle
    pages = {k: v for k, v in tree(folder / "output.baru").items()
             if not k.startswith("pagefind/")}
    assert pages == {k: v for k, v in cold(tmp_path, folder, extra=None).items()
                     if not k.startswith("pagefind/")}
    assert counts(preview)[0] > 0  # PREVIEW_BUILD is not an input: no full render


# -- fingerprints of values -------------------------------------------------------------
@pytest.mark.parametrize("one, other", [
    ([1, 2], [2, 1]),
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}),  # iteration order is what a template sees
    ("<b>", Markup("<b>")),
    ("1", 1),
    (["ab", "c"], ["a", "bc"]),
    ((None,), ("None",)),
    (1.0, 1),
])
def test_values_a_template_can_tell_apart_have_different_fingerprints(one, other):
    assert renders.fingerprint(one) != renders.fingerprint(other)


def test_equal_values_have_equal_fingerprints_in_every_build():
    import datetime as dt
    import zoneinfo

    value = {"tanggal": dt.datetime(2023, 3, 3, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Makassar")),
             "tag": {"pasar", "sabu barat"}, "path": Path("content/berita")}
    assert renders.fingerprint(value) == renders.fingerprint(dict(value))


@pytest.mark.parametrize("value", [
    (n for n in range(3)),          # a generator: reading it would change it
    open(__file__, encoding="utf-8"),  # an open file
])
def test_values_without_a_stable_fingerprint_make_the_page_always_rendered(value):
    with pytest.raises(renders.Untraceable):
        renders.fingerprint(value)
    if hasattr(value, "close"):
        value.close()


def test_an_object_is_fingerprinted_by_what_it_holds():
    class Record:
        def __init__(self, nama):
            self.nama = nama

    assert renders.fingerprint(Record("Sapa Warga")) == renders.fingerprint(Record("Sapa Warga"))
    assert renders.fingerprint(Record("Sapa Warga")) != renders.fingerprint(Record("Sapa Desa"))


def test_an_object_many_contents_hold_counts_in_each_and_is_spelled_once_per_build():
    """An innovation the news links to is in the state of every article that holds it:
    its change changes each article's fingerprint; within one build it is spelled once."""
    from pelican.contents import Article

    class Record:
        def __init__(self, nama):
            self.nama = nama

    shared = Record("Sapa Warga")
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "PATH": "content"}

    def article(name):
        made = Article("<p>isi</p>", metadata={"title": name}, settings=settings,
                       source_path=f"content/berita/{name}.md")
        made.innovations = [shared]
        return made

    one, two = article("satu"), article("dua")
    build = renders.Fingerprints()
    before = [build.of_content(one), build.of_content(two)]
    assert len([v for v, _ in build.memo.values() if v is shared]) == 1
    shared.nama = "Sapa Desa"  # the next build's record
    after = renders.Fingerprints()
    assert [after.of_content(one), after.of_content(two)] != before
    assert after.of_content(one) != before[0] and after.of_content(two) != before[1]


def test_a_derived_object_is_fingerprinted_by_what_it_is_made_from():
    """An innovation's readiness rows follow from the innovation and the indicators by
    code (in the build's fingerprint): those are what its fingerprint holds."""
    from innovations.readiness import readiness

    class Entry:
        def __init__(self, slug):
            self.slug, self.extra = slug, {"wajib": True}

    class Record:
        def __init__(self, bukti):
            self.nama, self.bukti_dukung = "Sapa Warga", bukti

    indicators = [Entry("regulasi"), Entry("sdm")]
    evidence = [{"indikator": indicators[0], "dokumen": "perbup.pdf"}]
    made = readiness(Record(evidence), indicators)
    assert renders.fingerprint(made) == renders.fingerprint(
        readiness(Record([dict(e) for e in evidence]), indicators))
    assert renders.fingerprint(made) != renders.fingerprint(readiness(Record([]), indicators))
    assert renders.fingerprint(made) != renders.fingerprint(
        readiness(Record(evidence), indicators[:1]))


def test_pelicans_member_lists_are_spelled_as_the_lists_they_are():
    """The tag and category lists a page is given (site._Members, a list with a set for
    `in`) spell as plain lists of the same items, alone or inside a content's state."""
    from build_report.site import _Members

    items = ["satu", "dua"]
    members = _Members(items)
    assert "dua" in members  # its set is made, and is no part of what it spells
    assert renders.fingerprint(members) == renders.fingerprint(list(items))
    assert renders.fingerprint(_Members(items[::-1])) != renders.fingerprint(members)
    inside = renders.Fingerprints(shared=renders.Fingerprints())
    assert inside.of({"tags": members}) == renders.fingerprint({"tags": list(items)})
    with pytest.raises(TypeError):
        renders.spell_as_list(dict)


def test_a_cycle_of_plain_objects_is_not_followed_forever():
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(renders.Untraceable):
        renders.fingerprint(cycle)


def test_a_linked_call_whose_page_another_call_wrote_is_left_to_the_writer(
        folder, monkeypatch):
    """Two calls writing one file is Pelican's error to report (news/unique.py finds most
    before writing); a call whose trace would link that file is given to the writer."""
    from build_report import site

    assert build(folder, extra=ONE_WRITER).returncode == 0
    plain = site.CheckedWriter.write_pending

    def write_pending(self):  # as if an earlier call had written Pasar Seba's page
        if any(job.name == SEBA for job in self.pending or ()):
            self._written_files.add(self._output_file(SEBA))
        plain(self)

    monkeypatch.setattr(site.CheckedWriter, "write_pending", write_pending)
    asked = writer_calls(monkeypatch)
    done = build(folder, extra=ONE_WRITER)
    assert asked == [SEBA]
    assert done.returncode != 0
    said = done.stdout + done.stderr
    # Reported as a cold build reports it: Pelican's own error, naming the page.
    assert "FileOverwriteFailedError" in said and "RecursionError" not in said
    assert "pasar-seba-dibuka-kembali/index.html" in said


def test_a_linked_page_asks_its_photo_again_and_a_new_photo_renders_it(tmp_path, monkeypatch):
    """A call's trace makes its pages' template calls again (the cover's `picture`, given
    the page's context as a render gives it): the same photo links the page without the
    writer, a photo of another size gives the writer the page, and the site is a cold
    build's."""
    import io

    from PIL import Image

    def photo(width: int) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (width, width * 3 // 4), (30, 90, 220)).save(out, "JPEG")
        return out.getvalue()

    cover_md = (OTHER_MD.replace("Summary:", "Cover: images/berita/embung.jpg\n"
                                 "Cover_Alt: Embung berisi air\nSummary:"))
    folder = make_site(tmp_path / "situs", {"content/berita/embung-menia.md": cover_md,
                                            "content/images/berita/embung.jpg": photo(2000)})
    assert build(folder, extra=ONE_WRITER).returncode == 0
    assert "embung" in (folder / "output" / OTHER).read_text(encoding="utf-8")
    asked = writer_calls(monkeypatch)
    again = build(folder, extra=ONE_WRITER)
    assert again.returncode == 0, again.stderr
    assert asked == []
    (folder / "content" / "images" / "berita" / "embung.jpg").write_bytes(photo(700))
    done = build(folder, extra=ONE_WRITER)
    assert done.returncode == 0, done.stderr
    assert OTHER in asked
    assert tree(done.output) == cold(tmp_path, folder)
