"""One reader reads many files with the same two Markdown instances (news/reading.py,
CheckedMarkdownReader._markdown): what a file reads as must not depend on the files read
before it. Documents that leave state in a Markdown instance (reference links,
footnotes, abbreviations, headings' ids, raw HTML) are read in a row and each compared
with a read by a new reader; the sample site's own articles too."""

from __future__ import annotations

import copy

from conftest import ROOT, project_settings
from news.reading import CheckedMarkdownReader

HEADER = "Title: {title}\nDate: 2024-05-0{day} 10:00\nCategory: Pemerintahan\n"
LEAVES_STATE = {
    "a": HEADER + "Summary: Ringkasan *pertama* dengan [tautan][pasar].\n\n"
    "## Pasar Seba\n\nLihat [pasar] dan catatan[^1]. Kata HTML di sini.\n\n"
    "[pasar]: https://contoh.test/pasar \"Pasar\"\n[^1]: Catatan kaki pertama.\n"
    "*[HTML]: HyperText Markup Language\n\n<div markdown=\"1\">\n*di dalam* blok\n</div>\n",
    # Uses what "a" defined without defining it: a reader that kept "a"'s state would
    # link [pasar], number the footnote and mark HTML as an abbreviation.
    "b": HEADER + "\n## Pasar Seba\n\n## Pasar Seba\n\nLihat [pasar] dan catatan[^1]. "
    "Kata HTML di sini.\n\n<div markdown=\"1\">\n*lagi*\n</div>\n",
    "c": HEADER + "Summary: Tanpa tautan.\n\nParagraf[^2] biasa.\n\n[^2]: Kedua.\n",
}


def reader() -> CheckedMarkdownReader:
    settings = copy.deepcopy(project_settings())
    settings["PATH"] = str(ROOT / "content")
    return CheckedMarkdownReader(settings)


def plain(read: tuple) -> tuple:
    content, metadata = read
    return content, {key: str(value) for key, value in metadata.items()}


def test_a_file_reads_the_same_after_any_other(tmp_path):
    folder = tmp_path / "content" / "berita"
    folder.mkdir(parents=True)
    paths = []
    for day, (name, text) in enumerate(LEAVES_STATE.items(), 1):
        path = folder / f"{name}.md"
        path.write_text(text.format(title=f"Berita {name}", day=day), encoding="utf-8")
        paths.append(path)
    shared = reader()
    in_a_row = [plain(shared.read(str(p))) for p in [*paths, *reversed(paths)]]
    alone = [plain(reader().read(str(p))) for p in [*paths, *reversed(paths)]]
    assert in_a_row == alone
    # The documents do exercise what could leak: "a" has its link, footnote and
    # abbreviation, "b" none of them, and b's second heading gets an id of its own.
    a, b = alone[0][0], alone[1][0]
    assert 'href="https://contoh.test/pasar"' in a and "<abbr" in a and "footnote" in a
    assert "contoh.test" not in b and "<abbr" not in b and "footnote" not in b
    assert 'id="pasar-seba_1"' in b
    assert "<em>pertama</em>" in alone[0][1]["summary"]


def test_the_sample_articles_read_the_same_in_a_row():
    articles = sorted((ROOT / "content" / "berita").rglob("*.md"))
    assert len(articles) > 10
    shared = reader()
    for path in articles:
        assert plain(shared.read(str(path))) == plain(reader().read(str(path))), path
