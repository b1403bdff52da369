"""YAML loading that remembers where every value stands, for messages staff can act on.

`load(text)` returns the data (plain dicts, lists and scalars, as PyYAML's safe loader
builds them) and a `Marks` table from a path of keys and indexes, such as
("lokasi", "kecamatan", 0), to the 1-based line and column of that value and of its key.
YAML syntax mistakes raise `YamlProblem` with the line, column and a message in
Bahasa Indonesia; duplicate keys are reported too, since YAML would silently keep the last.

Work is bounded by `Limits` (callers take them from their plugin's settings): nesting
depth is checked on the parser's events before anything is built (libyaml's composer
recurses in C and crashes the interpreter on a deep enough text), and aliases and
values are counted while building, so a "billion laughs" file stops at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import sourcetext, textlines
from .diagnostics import Problem, ProblemError

Path = tuple  # a tuple of str keys and int indexes


class YamlProblem(ProblemError):
    """A mistake in the YAML text itself, at a 1-based line and column: a ProblemError
    that also says whether the bytes are no text at all (`text`, sourcetext's finding) and
    whether a second loader could place it better (not `final`)."""

    def __init__(self, line: int, column: int, message: str, final: bool = False,
                 text: bool = False) -> None:
        super().__init__(Problem(line, column, "", message))
        self.final = final  # no second loader would do better
        self.text = text  # the bytes are no text (sourcetext)


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


@dataclass(frozen=True)
class Limits:
    """How much one YAML file may ask of a build; generous for real records."""

    max_bytes: int = 1_048_576   # size of the file (callers check it before reading)
    max_depth: int = 40          # collections inside collections
    max_alias_values: int = 10_000  # values copied by '*anchor' aliases, nested ones too
    max_nodes: int = 200_000     # values in the built data, aliases expanded


LIMITS = Limits()


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
# U+2028 and U+2029: line breaks to PyYAML, invisible to editors (U+0085 is a C1 control,
# already refused by sourcetext).
_LINE_SEPARATOR = re.compile("[\u2028\u2029]")


def load(text: str, limits: Limits = LIMITS):
    """Parse one YAML document; return (data, Marks). Raise YamlProblem on bad syntax
    and on a text beyond `limits`."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise YamlProblem(1, 1, too_large_message(size, limits.max_bytes))
    invisible = sourcetext.first_invisible(text)
    if invisible is not None:  # PyYAML refuses the whole text, without a useful place
        raise YamlProblem(invisible.line, invisible.column, invisible.message, final=True,
                          text=True)
    separator = _LINE_SEPARATOR.search(text)
    if separator is not None:  # PyYAML breaks lines there, editors do not: every later
        line, column = textlines.position(text, separator.start())  # line would be off
        point = textlines.code_point(separator.group())
        raise YamlProblem(line, column, f"pemisah baris Unicode ({point}) di sini: penyunting "
                          "teks tidak menampilkannya, tetapi pembaca YAML memotong baris di "
                          "situ; hapus karakter itu (sering terbawa saat menyalin dari "
                          "aplikasi lain)", final=True, text=True)
    if _depth_bound(text) > limits.max_depth:
        _check_depth(text, limits.max_depth)
    if _FAST_LOADER is not None:
        try:
            return _parse(_FAST_LOADER, text, limits)
        except yaml.YAMLError:
            pass
        except YamlProblem as problem:
            if problem.final:
                raise
    return _parse(yaml.SafeLoader, text, limits)


def too_large_message(size: int, max_bytes: int) -> str:
    """The message for a file over `max_bytes` (callers say it before reading the file)."""
    return (f"berkas terlalu besar: paling banyak {_kilobytes(max_bytes)} KB; pecah isinya "
            f"atau pindahkan lampiran ke berkas lain (ditemukan: {_kilobytes(size)} KB)")


def _kilobytes(size: int) -> str:
    return f"{(size + 1023) // 1024:,}".replace(",", ".")


# The leading run of indentation and block indicators of a line: block nesting never goes
# deeper than the longest such run; flow nesting never deeper than its brackets.
_BLOCK_LEAD = re.compile(r"^[ ?:-]*", re.MULTILINE)


def _depth_bound(text: str) -> int:
    """A cheap upper bound of the nesting depth; most records are far below any limit."""
    block = max((len(m) for m in _BLOCK_LEAD.findall(text)), default=0) + 1
    return block + text.count("[") + text.count("{")


def _check_depth(text: str, max_depth: int) -> None:
    """Walk the parser's events (libyaml's parser keeps a stack, it does not recurse)."""
    loader = (_FAST_LOADER or yaml.SafeLoader)(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    mark = event.start_mark
                    raise YamlProblem(
                        mark.line + 1, mark.column + 1,
                        f"susunan bertingkat terlalu dalam: paling banyak {max_depth} "
                        "tingkat daftar atau pasangan di dalam yang lain (ditemukan: lebih "
                        f"dari {max_depth} tingkat)", final=True)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax mistake: the loaders below report it at its place
    finally:
        loader.dispose()


def _parse(loader_class, text: str, limits: Limits = LIMITS):
    try:
        loader = loader_class(text)  # PyYAML's reader checks every character here
    except yaml.YAMLError as error:
        raise YamlProblem(1, 1, _translate(str(error)), final=True) from None
    try:
        node = loader.get_single_node()
        marks = Marks()
        if node is None:
            return None, marks
        data = _build(loader, node, (), marks, _Budget(limits, marks))
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


class _Budget:
    """Counts what building the data costs: values made, and those copied by aliases."""

    def __init__(self, limits: Limits, marks: Marks) -> None:
        self.limits = limits
        self.marks = marks
        self.nodes = 0
        self.copies = 0
        self.seen: set[int] = set()

    def spend(self, node, path: Path) -> None:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            line, column = self._where(node, path)
            raise YamlProblem(line, column, "berkas memuat terlalu banyak nilai: paling banyak "
                              f"{_number(self.limits.max_nodes)} nilai, termasuk salinan "
                              "setiap alias '*...' (ditemukan: lebih banyak)", final=True)
        # The composer hands out the same node for every alias of an anchor.
        if id(node) in self.seen:
            self.copies += 1
            if self.copies > self.limits.max_alias_values:
                line, column = self._where(node, path)
                limit = _number(self.limits.max_alias_values)
                raise YamlProblem(
                    line, column,
                    f"alias YAML ('*nama') menyalin terlalu banyak nilai: paling banyak "
                    f"{limit} nilai salinan; tulis nilainya langsung tanpa '&' dan '*' "
                    f"(ditemukan: lebih dari {limit})", final=True)
        else:
            self.seen.add(id(node))

    def _where(self, node, path: Path) -> tuple[int, int]:
        """The top-level field being built (an alias's own place is not kept by YAML)."""
        if path and (path[0],) in self.marks.keys:
            return self.marks.keys[(path[0],)]
        return _position(node)


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _build(loader, node, path: Path, marks: Marks, budget: _Budget):
    budget.spend(node, path)
    marks.values[path] = _position(node)
    if len(path) > budget.limits.max_depth:  # an alias of an anchor inside itself
        line, column = budget._where(node, path)
        raise YamlProblem(line, column, "alias YAML ('*nama') menunjuk dirinya sendiri atau "
                          f"bertingkat lebih dari {budget.limits.max_depth} tingkat "
                          "(ditemukan: susunan tanpa ujung)", final=True)
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
            result[key] = _build(loader, value_node, path + (key,), marks, budget)
        return result
    if isinstance(node, SequenceNode):
        return [
            _build(loader, item, path + (index,), marks, budget)
            for index, item in enumerate(node.value)
        ]
    try:
        return loader.construct_object(node, deep=True)
    except ValueError:
        line, column = _position(node)
        if node.tag.endswith((":int", ":float")):
            # Python refuses to read an integer of more than 4,300 digits.
            raise YamlProblem(line, column, "angka terlalu panjang untuk dibaca: paling "
                              "banyak 4.300 digit; tulis nilai yang sebenarnya (ditemukan: "
                              f"{_number(len(node.value))} digit)") from None
        # A value shaped like a date that is no date (2023-02-30) fails in construction.
        raise YamlProblem(line, column, "tanggal tidak ada di kalender; periksa bulan dan "
                          f"harinya (ditemukan: '{node.value}')") from None


def decode(raw: bytes) -> str:
    """Decode UTF-8 text (a leading BOM is allowed); raise YamlProblem when it is not UTF-8
    or holds a character no writer can hold (common.sourcetext, the same check for every
    text staff write)."""
    try:
        return sourcetext.read_checked(raw)
    except ProblemError as problem:
        raise YamlProblem(problem.line, problem.column, problem.message, final=True,
                          text=True) from None
