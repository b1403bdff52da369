"""The JSON Schema of an innovation record, and its errors as messages staff can act on.

The schema file is the single source of truth for the format. At build time the values
of each vocabulary (`"x-kosakata": "tahapan"`) are added as `enum`, so the schema the
build checks with is the one the site publishes at /data/inovasi.schema.json.
Pure functions, no Pelican import.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import json
from pathlib import Path

from jsonschema import Draft202012Validator, validators

from common import diagnostics, vocab
from common.diagnostics import Problem

SCHEMA_FILE = Path(__file__).with_name("inovasi.schema.json")

# Vocabularies the schema names; each is content/<data_path>/<name>.yaml.
VOCABULARY_NAMES = (
    "perangkat_daerah", "tahapan", "inisiator", "jenis", "bentuk", "urusan", "tematik",
    "kecamatan", "status_keberlanjutan", "predikat", "indikator", "sdgs",
)


def base_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def with_vocabularies(schema: dict, vocabularies: dict[str, vocab.Vocabulary]) -> dict:
    """A copy of the schema whose vocabulary definitions list their allowed values."""
    result = copy.deepcopy(schema)
    for definition in result["$defs"].values():
        name = definition.get("x-kosakata")
        # A missing or empty vocabulary file is reported by vocab.load (DAT...); no enum
        # then, or every record would repeat that one mistake.
        if name in vocabularies and vocabularies[name].entries:
            definition["enum"] = vocabularies[name].slugs()
            labels = "; ".join(f"{e.slug}: {e.nama}" for e in vocabularies[name].entries)
            definition["description"] = f"Salah satu dari: {labels}"
    return result


def json_ready(value):
    """YAML data as JSON data: dates become ISO strings, everything else stays."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def field_name(path) -> str:
    """'lokasi.kecamatan' for ("lokasi", "kecamatan", 0): the field as staff write it."""
    return ".".join(str(part) for part in path if isinstance(part, str)) or "(berkas)"


def item_note(path) -> str:
    """' (butir ke-2)' when the path goes through a list."""
    numbers = [part + 1 for part in path if isinstance(part, int)]
    return "".join(f" (butir ke-{n})" for n in numbers)


_TYPE_WORDS = {
    "string": "teks",
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "true atau false",
    "array": "daftar (setiap butir diawali '- ')",
    "object": "pasangan 'kunci: nilai'",
}


def _whole_number(checker, instance) -> bool:
    """An integer as staff mean it: JSON Schema's own accepts 2024.0 and 1e308, which
    then show as '2024.0' or overflow a formatter; YAML keeps them apart, so do we."""
    return isinstance(instance, int) and not isinstance(instance, bool)


# The validator the build checks records with: the draft the schema names, with integers
# that are Python ints (what `angka`, the years and the vocabularies' slugs expect).
RecordValidator = validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number))

# Which error wins when one value breaks several rules: its type first.
_PRIORITY = {"type": 0, "enum": 1, "pattern": 2, "minLength": 2}


class Checker:
    """Checks one record's data against the schema, with vocabularies for hints."""

    def __init__(self, schema: dict, vocabularies: dict[str, vocab.Vocabulary],
                 data_folder: str):
        self.schema = schema
        self.validator = RecordValidator(schema)
        self.vocabularies = vocabularies
        self.data_folder = data_folder.rstrip("/")

    def check(self, data: dict, marks) -> list[Problem]:
        problems: list[Problem] = []
        seen_paths: set[tuple] = set()
        errors = sorted(self.validator.iter_errors(json_ready(data)),
                        key=lambda e: (_PRIORITY.get(e.validator, 3), list(map(str, e.path))))
        for error in errors:
            path = tuple(error.absolute_path)
            if error.validator == "required":
                problems.extend(self._missing(error, path, marks))
                continue
            if error.validator == "additionalProperties":
                problems.extend(self._unknown(error, path, marks))
                continue
            if path in seen_paths:
                continue
            seen_paths.add(path)
            problem = self._value_problem(error, path, marks)
            if problem is not None:
                problems.append(problem)
        return problems

    def _missing(self, error, path, marks) -> list[Problem]:
        line, column = marks.of(path)
        result = []
        for name in error.validator_value:
            if name in error.instance:
                continue
            if name == "alt" and path and path[0] == "media":
                result.append(Problem(line, column, "INV016",
                                      f"foto di 'media'{item_note(path)} perlu 'alt': teks "
                                      "alternatif yang menjelaskan isi foto bagi pembaca "
                                      "yang tidak melihatnya (ditemukan: tidak ada)"))
                continue
            where = f" di '{field_name(path)}'{item_note(path)}" if path else ""
            result.append(Problem(line, column, "INV007",
                                  f"kolom wajib '{name}' belum ada{where}"))
        return result

    def _unknown(self, error, path, marks) -> list[Problem]:
        known = list(_properties(error.schema))
        result = []
        for key in error.instance:
            if key in known:
                continue
            line, column = marks.key_of(path + (key,))
            guess = difflib.get_close_matches(key, known, n=1)
            hint = f"; mungkin maksudnya '{guess[0]}'?" if guess else ""
            where = f" di '{field_name(path)}'{item_note(path)}" if path else ""
            result.append(Problem(line, column, "INV006",
                                  f"kolom '{key}'{where} tidak dikenal{hint} "
                                  f"(yang dikenal: {', '.join(known)})"))
        return result

    def _value_problem(self, error, path, marks) -> Problem | None:
        line, column = marks.of(path)
        name = f"'{field_name(path)}'{item_note(path)}"
        found = vocab.describe(error.instance)
        kind = error.validator
        if kind == "type":
            types = error.validator_value if isinstance(error.validator_value, list) \
                else [error.validator_value]
            expected = " atau ".join(_TYPE_WORDS.get(t, t) for t in types)
            if "format" in error.schema and error.schema.get("format") == "date":
                expected = "tanggal TTTT-BB-HH"
            return Problem(line, column, "INV008",
                           f"{name} harus berupa {expected} (ditemukan: {found})")
        if kind in ("minLength",) or (kind == "pattern" and error.validator_value == "\\S"):
            if path and path[-1] == "alt":
                return Problem(line, column, "INV016",
                               f"'alt' foto di 'media'{item_note(path)} tidak boleh kosong; "
                               "jelaskan isi foto dengan kalimat singkat (ditemukan: kosong)")
            return Problem(line, column, "INV009",
                           f"{name} tidak boleh kosong (ditemukan: kosong)")
        if kind == "pattern" and error.schema.get("format") == "date":
            return Problem(line, column, "INV010",
                           f"{name} harus tanggal berformat TTTT-BB-HH, misalnya 2025-03-03 "
                           f"(ditemukan: {diagnostics.quote(error.instance)})")
        if kind == "pattern":
            return Problem(line, column, "INV011",
                           f"{name} {_pattern_words(error.validator_value)} "
                           f"(ditemukan: {diagnostics.quote(error.instance)})")
        if kind == "enum":
            return Problem(line, column, "INV012", self._enum_message(name, error))
        if kind in ("minimum", "maximum"):
            low, high = error.schema.get("minimum"), error.schema.get("maximum")
            expected = (f"antara {low} dan {high}" if low is not None and high is not None
                        else f"paling kecil {low}" if low is not None else f"paling besar {high}")
            return Problem(line, column, "INV017",
                           f"{name} harus {expected} "
                           f"(ditemukan: {_shown_number(error.instance)})")
        if kind == "uniqueItems":
            duplicates = _duplicates(error.instance)
            return Problem(line, column, "INV018",
                           f"{name} memuat nilai yang sama lebih dari sekali "
                           f"(ditemukan: {', '.join(map(diagnostics.quote, duplicates))})")
        if kind == "minItems":
            return Problem(line, column, "INV019",
                           f"{name} harus memuat sedikitnya {error.validator_value} butir "
                           "(ditemukan: daftar kosong)")
        return Problem(line, column, "INV099", f"{name} tidak sesuai skema ({error.message})")

    def _enum_message(self, name: str, error) -> str:
        vocabulary_name = error.schema.get("x-kosakata", "")
        allowed = list(error.validator_value)
        source = f"{self.data_folder}/{vocabulary_name}.yaml"
        value = error.instance
        hint = ""
        vocabulary = self.vocabularies.get(vocabulary_name)
        if isinstance(value, str):
            entry = vocabulary.by_name(value) if vocabulary else None
            guess = [entry.slug] if entry else difflib.get_close_matches(value, allowed, n=1)
            if guess:
                hint = f"; mungkin maksudnya '{guess[0]}'?"
        if len(allowed) <= 8 or not vocabulary_name:
            expected = f"harus salah satu dari {', '.join(allowed)}"
        else:
            expected = f"harus salah satu slug di {source}"
        return f"{name} {expected}{hint} (ditemukan: {diagnostics.quote(value)})"


def _shown_number(value) -> str:
    """A found number as written, cut in the middle when it is longer than a line."""
    text = str(value)
    return text if len(text) <= 30 else f"{text[:12]}...{text[-12:]} ({len(text)} digit)"


def _properties(schema: dict) -> dict:
    return schema.get("properties", {})


def _duplicates(items: list) -> list:
    seen, result = [], []
    for item in items:
        if item in seen and item not in result:
            result.append(item)
        seen.append(item)
    return result


def _pattern_words(pattern: str) -> str:
    if pattern.startswith("^https?"):
        return "harus alamat web lengkap yang diawali http:// atau https://"
    if pattern.startswith("^dokumen/"):
        return ("harus jalur berkas di folder dokumen/ tanpa spasi dan tanpa '..', "
                "misalnya dokumen/sk-tim-inovasi.pdf")
    if pattern.startswith("^images/inovasi/"):
        return ("harus jalur foto di folder images/inovasi/ berakhiran .jpg, .jpeg, .png "
                "atau .webp, misalnya images/inovasi/posyandu.jpg")
    if "@" in pattern:
        return "harus alamat surel, misalnya humas@saburaijuakab.go.id"
    if "[0-9 ()-]" in pattern:
        return "harus nomor telepon (angka, spasi, tanda +, - atau kurung)"
    return f"tidak sesuai pola {pattern}"
