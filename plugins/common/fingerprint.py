"""A fingerprint of everything, besides a file's own bytes, that shapes how it is read.

Pure functions, no Pelican import. The fingerprint names the content cache's folder,
so a change in any input starts an empty cache and every file is read again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from pathlib import Path


def canonical(value) -> str:
    """A text of value that is the same in every process for equal settings.

    Plain data is spelled out (dicts sorted by key); functions, classes and modules by
    their qualified name, since their code is fingerprinted as files; any other object
    by its type and its attributes when it has them, never by its memory address.
    """
    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return repr(value)
    if isinstance(value, os.PathLike):
        return repr(os.fspath(value))
    if isinstance(value, Mapping):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    if callable(value) or hasattr(value, "__module__") and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}>"
    kind = f"{type(value).__module__}.{type(value).__qualname__}"
    state = getattr(value, "__dict__", None)
    return f"<{kind} {canonical(state) if state else str(value)}>"


def files_under(paths: Iterable[Path]) -> list[Path]:
    """Every file under the given files or folders, sorted; bytecode caches left out."""
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(p for p in path.rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts
                         and p.suffix != ".pyc")
    return sorted(found)


def fingerprint(settings: Mapping, data_files: Iterable[Path], code_files: Iterable[Path],
                names: Iterable[str], versions: Mapping[str, str]) -> str:
    """Hex digest over settings, the bytes of data and code files, names (templates)
    and library versions. Paths count too: a file moved is a change."""
    digest = hashlib.sha256()

    def add(label: str, text: str | bytes) -> None:
        data = text.encode() if isinstance(text, str) else text
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("settings", canonical(dict(settings)))
    for path in data_files:
        add("data " + Path(path).as_posix(), Path(path).read_bytes())
    for path in code_files:
        add("code " + Path(path).as_posix(), Path(path).read_bytes())
    add("names", canonical(sorted(names)))
    add("versions", canonical(dict(versions)))
    return digest.hexdigest()
