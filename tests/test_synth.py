"""bench/synth.py: deterministic synthetic content that builds with the project's settings."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_build

import synth

ARTICLES = 30


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def header_and_body(path: Path) -> tuple[dict[str, str], str]:
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    return fields, body


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sintetis") / "content"
    counts = synth.write_site(folder, ARTICLES)
    return folder, counts


def test_same_arguments_give_identical_trees(written, tmp_path):
    folder, _counts = written
    again = tmp_path / "content"
    synth.write_site(again, ARTICLES)
    assert tree_digest(again) == tree_digest(folder)
    synth.write_site(again, ARTICLES)  # a rerun over its own folder too
    assert tree_digest(again) == tree_digest(folder)


def test_counts_and_files(written):
    folder, counts = written
    articles = sorted((folder / "berita").glob("*/*.md"))
    assert counts["berita"] == len(articles) == ARTICLES
    assert (folder / "halaman/tentang.md").exists()
    assert tree_digest(folder / "data") == tree_digest(ROOT / "content" / "data")


def test_articles_look_like_news(written):
    folder, _counts = written
    categories = {name for name, _slug in synth.read_categories(ROOT / "content" / "data")}
    titles, authors, years = set(), set(), set()
    for path in sorted((folder / "berita").glob("*/*.md")):
        fields, body = header_and_body(path)
        assert synth.MIN_WORDS <= synth.count_words(body) <= synth.MAX_WORDS, path.name
        assert fields["Category"] in categories
        assert 2 <= len(fields["Tags"].split(", ")) <= 4
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", fields["Date"])
        assert path.parent.name == fields["Date"][:4]
        assert fields["Summary"]
        titles.add(fields["Title"])
        authors.add(fields["Author"])
        years.add(fields["Date"][:4])
    assert len(titles) == ARTICLES
    assert len(authors) >= 5 and len(years) >= 5


def test_titles_stay_unique_at_scale(tmp_path):
    counts = synth.write_site(tmp_path / "besar", 3000)
    slugs = [p.stem for p in (tmp_path / "besar" / "berita").glob("*/*.md")]
    assert len(slugs) == len(set(slugs)) == counts["berita"] == 3000


def test_refuses_to_clear_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "penting.md").write_text("jangan dihapus", encoding="utf-8")
    with pytest.raises(SystemExit):
        synth.write_site(tmp_path, 3)
    assert (tmp_path / "penting.md").exists()


def test_synthetic_site_builds_with_project_settings(written):
    folder, _counts = written
    build = run_build(folder.parent, content="content")
    assert build.returncode == 0, build.stderr
    assert len(list(build.output.glob("berita/*/*/*/index.html"))) == ARTICLES


def test_innovations_are_linked_from_about_one_article_in_ten(tmp_path):
    folder = tmp_path / "content"
    counts = synth.write_site(folder, 60, innovations=4)
    ids = {p.stem for p in (folder / "inovasi").glob("*.yaml")}
    assert counts["inovasi"] == len(ids) == 4
    linked = [header_and_body(p)[0].get("Inovasi")
              for p in sorted((folder / "berita").glob("*/*.md"))]
    linked = [value for value in linked if value]
    assert counts["berita_dengan_inovasi"] == len(linked) >= 1
    assert all(set(value.split(", ")) <= ids for value in linked)
    build = run_build(tmp_path, content="content")
    assert build.returncode == 0, build.stderr
