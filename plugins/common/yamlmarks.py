"""YAML loading that remembers where every value stands, for messages staff can act on.

`load(text)` returns the data (plain dicts, lists and scalars, as PyYAML's safe loader
builds them) and a `Marks` table from a path of keys and indexes, such as
("lokasi", "kecamatan", 0), to the 1-based line and column of that value and of its key.
YAML syntax mistakes raise `YamlProblem` with the line, column and a message in
Bahasa Indonesia; duplicate keys are reported too, since YAML would silently keep the last.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

Path = tuple  # a tuple of str keys and int indexes


@dataclass
class YamlProblem(Exception):
    """A mistake in the YAML text itself, at a 1-based line and column."""

    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclass
class Marks:
    """Where each value (and each mapping key) stands in the text."""

    values: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)

    def of(self, path: Path) -> tuple[int, int]:
        """Line and column of the value at path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key_of(self, path: Path) -> tuple[int, int]:
        """Line and column of the key that holds path; of the value when it has no key."""
        path = tuple(path)
        if path in self.keys:
            return self.keys[path]
        return self.of(path)


_PROBLEM_WORDS = {
    "could not find expected ':'": "tanda ':' yang diharapkan tidak ditemukan",
    "mapping values are not allowed here": "nilai 'kunci: nilai' tidak boleh di sini "
    "(periksa indentasi, atau beri tanda kutip pada teks yang memuat ': ')",
    "found character '\\t' that cannot start any token": "karakter tab tidak boleh dipakai "
    "untuk indentasi; gunakan spasi",
    "found undefined alias": "alias tidak dikenal",
    "did not find expected key": "kunci yang diharapkan tidak ditemukan (periksa indentasi)",
    "did not find expected '-' indicator": "tanda '-' yang diharapkan tidak ditemukan "
    "(periksa indentasi daftar)",
    "found unexpected end of stream": "berkas berakhir sebelum teks selesai "
    "(ada tanda kutip yang belum ditutup?)",
    "found unknown escape character": "karakter escape tidak dikenal di dalam teks berkutip",
    "expected <block end>, but found": "struktur tidak sesuai indentasi",
    "found a tab character": "karakter tab tidak boleh dipakai untuk indentasi; gunakan spasi",
    "but found another document": "berkas memuat lebih dari satu dokumen YAML ('---')",
    "expected ',' or ']'": "daftar dalam kurung siku '[' belum ditutup dengan ']' "
    "atau kurang tanda koma di antara isinya",
    "expected ',' or '}'": "pasangan dalam kurung kurawal '{' belum ditutup dengan '}' "
    "atau kurang tanda koma di antara isinya",
}


def _translate(problem: str) -> str:
    for english, indonesian in _PROBLEM_WORDS.items():
        if english in problem:
            return indonesian
    return f"YAML tidak sah ({problem})"


# libyaml parses many times faster (1,000 records: seconds); its error texts differ, so
# a text it rejects is parsed again by the pure-Python loader, whose messages we translate.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load(text: str):
    """Parse one YAML document; return (data, Marks). Raise YamlProblem on bad syntax."""
    if _FAST_LOADER is not None:
        try:
            return _parse(_FAST_LOADER, text)
        except (yaml.YAMLError, YamlProblem):
            pass
    return _parse(yaml.SafeLoader, text)


def _parse(loader_class, text: str):
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        marks = Marks()
        if node is None:
            return None, marks
        data = _build(loader, node, (), marks)
        return data, marks
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        column = mark.column + 1 if mark else 1
        raise YamlProblem(line, column, _translate(str(error.problem or error))) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, 1, _translate(str(error))) from None
    finally:
        loader.dispose()


def _position(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(loader, node, path: Path, marks: Marks):
    marks.values[path] = _position(node)
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                line, column = _position(key_node)
                raise YamlProblem(line, column, "kunci harus berupa teks sederhana")
            key = loader.construct_object(key_node, deep=True)
            key = key if isinstance(key, str) else str(key)
            if key in result:
                line, column = _position(key_node)
                raise YamlProblem(line, column, f"kunci '{key}' ditulis dua kali")
            marks.keys[path + (key,)] = _position(key_node)
            result[key] = _build(loader, value_node, path + (key,), marks)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(loader, item, path + (index,), marks)
            for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        # A value shaped like a date that is no date (2023-02-30) fails in construction.
        line, column = _position(node)
        raise YamlProblem(line, column, "tanggal tidak ada di kalender; periksa bulan dan "
                          f"harinya (ditemukan: '{node.value}')") from None


def decode(raw: bytes) -> str:
    """Decode UTF-8 text (a leading BOM is allowed); raise YamlProblem when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlProblem(
            line,
            column,
            "berkas bukan teks UTF-8; simpan ulang dengan pengodean UTF-8 "
            f"(byte tidak sah: 0x{raw[error.start]:02x})",
        ) from None
