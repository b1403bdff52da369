"""Vocabulary data files that staff edit: a YAML list of entries with `slug` and `nama`.

Example (content/data/kategori.yaml):

    - nama: Pemerintahan
      slug: pemerintahan
      keterangan: Kegiatan pemerintah daerah.

Mistakes in such a file are diagnostics (codes DAT...), never tracebacks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import diagnostics, sourcetext, yamlmarks

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


@dataclass(frozen=True)
class Entry:
    """One value of a vocabulary: its slug (stored in records) and its label (shown)."""

    slug: str
    nama: str
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass
class Vocabulary:
    """An ordered vocabulary, looked up by slug or by label."""

    path: str
    entries: list[Entry]

    def by_slug(self, slug: str) -> Entry | None:
        return next((e for e in self.entries if e.slug == slug), None)

    def by_name(self, name: str) -> Entry | None:
        folded = name.strip().casefold()
        return next((e for e in self.entries if e.nama.casefold() == folded), None)

    def slugs(self) -> list[str]:
        return [e.slug for e in self.entries]

    def names(self) -> list[str]:
        return [e.nama for e in self.entries]


# Kinds of value a vocabulary's own fields may be required to hold (`fields=` of load),
# with the words a message uses for each.
FIELD_KINDS = {
    "bool": "nilai ya/tidak (true atau false)",
    "text": "teks",
    "text_list": "daftar teks, misalnya [SK tim, surat tugas]",
}


def load(path: Path, *, slug_key: str = "slug", name_key: str = "nama",
         fields: dict[str, str] | None = None) -> Vocabulary:
    """Read a vocabulary file; record a diagnostic for each mistake and skip that entry.

    `fields` names further keys an entry may carry, each with the kind its value must be
    when given (FIELD_KINDS): content/data/indikator.yaml's `wajib`, `bukti`, `sumber` and
    `terverifikasi`. A key left out is no mistake (an indicator without `wajib: true` is
    not mandatory); a value of another kind is DAT008 at its line.
    """
    with diagnostics.working_on(path):  # whatever goes wrong is this file's
        return _load(path, slug_key, name_key, fields or {})


def field_problem(kind: str, value) -> bool:
    """Whether `value` is not of the field kind `kind` (FIELD_KINDS)."""
    if kind == "bool":
        return not isinstance(value, bool)
    if kind == "text":
        return not isinstance(value, str) or not value.strip()
    if kind == "text_list":
        return not isinstance(value, list) or not value or not all(
            isinstance(item, str) and item.strip() for item in value)
    raise ValueError(f"unknown field kind {kind!r}")


def _load(path: Path, slug_key: str, name_key: str, fields: dict[str, str]) -> Vocabulary:
    shown = diagnostics.display_path(path)
    entries: list[Entry] = []
    try:
        text = yamlmarks.decode(Path(path).read_bytes())
        data, marks = yamlmarks.load(text)
    except FileNotFoundError:
        diagnostics.record(
            path, 0, 0, "DAT001", "berkas daftar tidak ditemukan; berkas ini wajib ada"
        )
        return Vocabulary(shown, entries)
    except yamlmarks.YamlProblem as problem:
        diagnostics.record(path, problem.line, problem.column, "DAT002", problem.message)
        return Vocabulary(shown, entries)
    except IsADirectoryError:
        diagnostics.record(
            path, 0, 0, "DAT001", "di sini ada folder, padahal yang diperlukan berkas daftar "
            "(.yaml); pindahkan isi folder ini dan buat berkas daftarnya")
        return Vocabulary(shown, entries)
    except OSError as error:
        diagnostics.record(
            path, 0, 0, "DAT001", sourcetext.unreadable_message(error))
        return Vocabulary(shown, entries)

    if not isinstance(data, list):
        line, column = marks.of(())
        diagnostics.record(
            path, line, column, "DAT003",
            f"isi berkas harus berupa daftar (setiap butir diawali '- {name_key}: ...') "
            f"(ditemukan: {_kind(data)})",
        )
        return Vocabulary(shown, entries)

    seen: dict[str, int] = {}
    for index, item in enumerate(data):
        line, column = marks.of((index,))
        if not isinstance(item, dict):
            diagnostics.record(
                path, line, column, "DAT004",
                f"butir ke-{index + 1} harus berisi '{slug_key}' dan '{name_key}' "
                f"(ditemukan: {_kind(item)})",
            )
            continue
        problems = False
        for key in (slug_key, name_key):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                kline, kcol = marks.of((index, key))
                diagnostics.record(
                    path, kline, kcol, "DAT005",
                    f"'{key}' pada butir ke-{index + 1} wajib diisi dengan teks "
                    f"(ditemukan: {_kind(value)})",
                )
                problems = True
        if problems:
            continue
        slug = item[slug_key].strip()
        if not SLUG.match(slug):
            sline, scol = marks.of((index, slug_key))
            diagnostics.record(
                path, sline, scol, "DAT006",
                f"'{slug_key}' hanya boleh memuat huruf kecil a-z, angka, '-' atau '_' "
                f"(ditemukan: {diagnostics.quote(slug)})",
            )
            continue
        if slug in seen:
            sline, scol = marks.of((index, slug_key))
            diagnostics.record(
                path, sline, scol, "DAT007",
                f"'{slug_key}' {diagnostics.quote(slug)} sudah dipakai butir di baris {seen[slug]}",
            )
            continue
        seen[slug] = line
        for key, kind in fields.items():  # reported, entry kept: records still name it
            if key in item and field_problem(kind, item[key]):
                kline, kcol = marks.of((index, key))
                found = _kind(item[key])
                diagnostics.record(
                    path, kline, kcol, "DAT008",
                    f"'{key}' pada butir '{slug}' harus berupa {FIELD_KINDS[kind]} "
                    f"(ditemukan: {found})",
                )
        extra = {k: v for k, v in item.items() if k not in (slug_key, name_key)}
        entries.append(Entry(slug, item[name_key].strip(), extra))
    return Vocabulary(shown, entries)


def _kind(value) -> str:
    """How a found value is described in a message."""
    if value is None:
        return "kosong"
    if isinstance(value, bool):
        return f"nilai ya/tidak {diagnostics.quote(value)}"
    if isinstance(value, dict):
        return "pasangan kunci: nilai"
    if isinstance(value, list):
        return "daftar"
    if isinstance(value, (int, float)):
        return f"angka {value}"
    return f"teks {diagnostics.quote(value)}"


describe = _kind
