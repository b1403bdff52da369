"""What an article's or page's headers may make the site publish. Pure, no Pelican import.

- `Template:` may name only a template meant for that kind of content (article*, page*);
- a body still holding the text of the `invoke new-article` scaffold is not published;
- names that differ only in case, spaces or Unicode form are one tag (or author), shown
  with one spelling across the site (the wiring of it, and of scheduled articles, is in
  wiring.py).
"""

from __future__ import annotations

from typing import Iterable

from common.diagnostics import Problem
from newsroom.scaffold import PLACEHOLDERS

# The templates each kind of content may name: its own and variants of it (article_foto).
TEMPLATE_KINDS = {"article": "berita", "page": "halaman"}


def content_templates(names: Iterable[str], kind: str) -> list[str]:
    """The theme's templates a `kind` ('article' or 'page') may use, sorted."""
    return sorted(n for n in names
                  if n == kind or n.startswith((f"{kind}_", f"{kind}-")))


def template_problem(value: str, line: int, column: int, allowed: list[str],
                     kind: str) -> Problem | None:
    """BRT013 when `Template:` names a template this kind of content may not use."""
    if value in allowed:
        return None
    what = TEMPLATE_KINDS[kind]
    return Problem(line, column, "BRT013",
                   f"'Template' untuk {what} harus salah satu dari {', '.join(allowed)} "
                   f"(ditemukan: '{value}'); hapus baris ini untuk memakai templat {what} "
                   "yang biasa")


def placeholder_problems(text: str, body_start_line: int) -> list[Problem]:
    """BRT030 at each body line still holding a placeholder of the article scaffold."""
    problems = []
    lines = text.splitlines()
    for number, line in enumerate(lines[body_start_line - 1:], start=body_start_line):
        for placeholder in PLACEHOLDERS:
            column = line.find(placeholder)
            if column >= 0:
                problems.append(Problem(
                    number, column + 1, "BRT030",
                    "teks contoh dari 'invoke new-article' belum diganti, jadi berita ini "
                    "tidak diterbitkan; ganti baris ini dengan isi berita "
                    f"(ditemukan: '{placeholder}')"))
                break
    return problems


# -- one spelling per tag ---------------------------------------------------------------

def shown_spellings(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """key -> the spelling shown for it, from (key, spelling) pairs in site order: the
    most used spelling, ties to the first written. The key is what makes two spellings one
    name (the address Pelican gives it: case, spaces and Unicode form aside)."""
    counts: dict[str, dict[str, int]] = {}
    first: dict[str, int] = {}
    for position, (key, name) in enumerate(names):
        spellings = counts.setdefault(key, {})
        spellings[name] = spellings.get(name, 0) + 1
        first.setdefault(name, position)
    return {key: min(spellings, key=lambda n: (-spellings[n], first[n]))
            for key, spellings in counts.items()}


def spelling_message(kind: str, written: str, shown: str, where: str) -> str:
    """The warning for a name written otherwise than it is shown."""
    return (f"{kind} '{written}' ditulis berbeda dengan '{shown}' di {where}; ditampilkan "
            f"sebagai '{shown}' (samakan penulisannya agar jelas)")
