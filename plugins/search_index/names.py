"""Names the site knows (content/data/nama.yaml): found on pages, kept whole in search.

Pagefind stems every word with the Indonesian stemmer, which also cuts local names:
"Menia" becomes "ia", "Mehara" meets "berharap", "Seba" meets "sebagai". The build marks
each indexed page with the known names it contains (a hidden Pagefind filter, "nama"),
and /cari/ adds that filter when a query holds a known name, so such a search returns
only pages that contain the name itself while ordinary words still stem.

The file is a mapping of groups (kecamatan, tempat, lembaga...) to lists of names; the
groups only help staff keep the list in order. No Pelican import here.
"""

from __future__ import annotations

import html
import re
from dataclasses import fields, is_dataclass
from pathlib import Path

from common import diagnostics, yamlmarks

TAG = re.compile(r"<[^>]+>")
# Fields of content objects that are addresses or keys, not text a reader sees.
NOT_TEXT = frozenset({"slug", "id", "url", "source_path", "data", "articles", "extra"})


def load_names(path: Path) -> list[str]:
    """The names in the file, in its order, each once; mistakes become diagnostics (NAM...)."""
    try:
        text = yamlmarks.decode(Path(path).read_bytes())
        data, marks = yamlmarks.load(text)
    except FileNotFoundError:
        return []  # no vocabulary: every word is stemmed, as before
    except yamlmarks.YamlProblem as problem:
        diagnostics.record(path, problem.line, problem.column, "NAM001", problem.message)
        return []
    if data is None:
        return []
    if not isinstance(data, dict):
        line, column = marks.of(())
        diagnostics.record(path, line, column, "NAM002",
                           "isi berkas harus berupa kelompok berisi daftar nama, misalnya "
                           f"'tempat: [Menia, Seba]' (ditemukan: {_kind(data)})")
        return []
    names: list[str] = []
    seen: set[str] = set()
    for group, items in data.items():
        if not isinstance(items, list):
            line, column = marks.of((group,))
            diagnostics.record(path, line, column, "NAM002",
                               f"'{group}' harus berupa daftar nama, misalnya "
                               f"'{group}: [Menia, Seba]' (ditemukan: {_kind(items)})")
            continue
        for index, item in enumerate(items):
            line, column = marks.of((group, index))
            if not isinstance(item, str) or not item.strip():
                diagnostics.record(path, line, column, "NAM003",
                                   f"setiap nama di '{group}' harus berupa teks yang tidak "
                                   f"kosong (ditemukan: {diagnostics.quote(item)})")
                continue
            name = " ".join(item.split())
            if not re.search(r"\w", name):
                diagnostics.record(path, line, column, "NAM003",
                                   f"nama di '{group}' harus memuat huruf atau angka "
                                   f"(ditemukan: {diagnostics.quote(item)})")
                continue
            if name.casefold() in seen:
                continue  # a name may stand in two groups (a place and an office)
            seen.add(name.casefold())
            names.append(name)
    return names


def _kind(value) -> str:
    return {dict: "kelompok", list: "daftar", str: "teks", type(None): "kosong"}.get(
        type(value), type(value).__name__)


WORD = re.compile(r"\w+(?:-\w+)*")


class NameFinder:
    """Finds known names in text, as whole words with the vocabulary's own capitals.

    Names inside longer names count too: a page that says "Sabu Timur" contains "Sabu".
    """

    def __init__(self, names) -> None:
        self.names = tuple(names)
        self._by_words = {tuple(WORD.findall(name)): name for name in self.names}
        self._starts: dict[str, int] = {}  # first word -> most words of a name it starts
        for words in self._by_words:
            if words:
                self._starts[words[0]] = max(self._starts.get(words[0], 0), len(words))

    def find(self, text: str) -> list[str]:
        """Names in text (HTML or plain), each once, in the vocabulary's order."""
        if not self._starts or not text:
            return []
        words = WORD.findall(html.unescape(TAG.sub(" ", text)))
        found: set[str] = set()
        for at, word in enumerate(words):
            longest = self._starts.get(word)
            if longest is None:
                continue
            for size in range(1, longest + 1):
                name = self._by_words.get(tuple(words[at:at + size]))
                if name is not None:
                    found.add(name)
        return [name for name in self.names if name in found]


def text_of(value, depth: int = 0) -> list[str]:
    """The reader-visible text held by a value: strings, lists, dicts and dataclasses.

    Objects of other kinds (Pelican articles linked from a profile) are left out, so a
    page is marked only with names its own text holds.
    """
    if depth > 6 or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, item in value.items() if key not in NOT_TEXT
                for t in text_of(item, depth + 1)]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in text_of(item, depth + 1)]
    if is_dataclass(value) and not isinstance(value, type):
        return [t for f in fields(value) if f.name not in NOT_TEXT
                for t in text_of(getattr(value, f.name), depth + 1)]
    return []
