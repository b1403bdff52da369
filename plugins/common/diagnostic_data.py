"""Diagnostics as data: the forms a list of Diagnostics is written in, and read back from.

- text: the lines staff read, `path:line:col: galat CODE: message` (Diagnostic.__str__);
- json: JSON Lines, one object per diagnostic (path, line, column, severity, code, title,
  message), for tools; a build process writes its diagnostics in this form to the file
  its caller names (`python -m newsroom.build --diagnostics FILE`), and the preview reads
  that file (`invoke check` and `invoke publish` build in their own process and get the
  diagnostics as objects, newsroom/api.py): nobody parses a build's printed text;
- github: workflow commands (`::error file=...,line=...,col=...,title=CODE::message`) that
  GitHub and Forgejo Actions show as annotations on the commit.

Pure functions; no Pelican import.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import codes
from .diagnostics import ERROR, WARNING, Diagnostic

FORMATS = ("text", "json", "github")


def as_dict(found: Diagnostic) -> dict:
    """A diagnostic as the JSON object tools read (keys in English, values as shown)."""
    return {"path": found.path, "line": found.line, "column": found.column,
            "severity": found.severity, "code": found.code, "title": codes.title(found.code),
            "message": found.message}


def from_dict(data: dict) -> Diagnostic:
    """The Diagnostic of an object written by as_dict()."""
    severity = data.get("severity", ERROR)
    return Diagnostic(str(data["path"]), int(data.get("line") or 0),
                      int(data.get("column") or 0), str(data.get("code", "")),
                      str(data.get("message", "")),
                      WARNING if severity == WARNING else ERROR)


def json_line(found: Diagnostic) -> str:
    """One line of JSON Lines: non-ASCII kept as it is, no newline inside."""
    return json.dumps(as_dict(found), ensure_ascii=False)


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (file, title): ':' and ',' escaped too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_line(found: Diagnostic) -> str:
    """`::error file=...,line=...,col=...,title=CODE::message` (::warning for a warning);
    line and col only where the diagnostic has them."""
    command = "error" if found.severity == ERROR else "warning"
    properties = [f"file={escape_property(found.path)}"]
    if found.line:
        properties.append(f"line={found.line}")
        if found.column:
            properties.append(f"col={found.column}")
    properties.append(f"title={escape_property(found.code)}")
    return f"::{command} {','.join(properties)}::{escape_data(found.message)}"


def render(diagnostics: list[Diagnostic], form: str) -> list[str]:
    """One line per diagnostic in the form asked (text, json or github)."""
    if form == "json":
        return [json_line(d) for d in diagnostics]
    if form == "github":
        return [github_line(d) for d in diagnostics]
    if form == "text":
        return [str(d) for d in diagnostics]
    raise ValueError(f"unknown format {form!r}; one of {', '.join(FORMATS)}")


def write_file(path: str | os.PathLike, diagnostics: list[Diagnostic]) -> None:
    """Write the diagnostics as JSON Lines, whole or not at all (by rename)."""
    path = Path(path)
    partial = path.with_name(path.name + ".sebagian")
    text = "".join(line + "\n" for line in render(sorted(diagnostics), "json"))
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def read_file(path: str | os.PathLike) -> list[Diagnostic] | None:
    """The diagnostics a build wrote, or None when it wrote none (it did not get that far:
    a crash, a killed process)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    return [from_dict(json.loads(line)) for line in text.splitlines() if line.strip()]
