"""Compiled templates kept between builds (Jinja's own bytecode cache).

Pelican compiles every template again in each build: 54 templates, about 0.4 s, which is
a third of a small site's build and of each live-preview save. Jinja's
FileSystemBytecodeCache keeps the compiled code on disk, keyed on the template's name
and checked against a hash of its source and Jinja's and Python's versions; it writes
each file under a temporary name and renames it, so two builds at once cannot read a
half-written one.

What that key leaves out:
- How the environment compiles: its options and extensions (JINJA_ENVIRONMENT). The
  folder's name is a fingerprint of those, so a changed option compiles into a folder
  of its own.
- What a filter returns. Jinja computes a filter called on a literal while compiling
  (`{{ "x"|label }}` becomes the text label("x") returned), so compiled code depends on
  the filters' code and on what they read. The folders therefore live inside the
  content cache's fingerprint folder (wiring.py), named by the settings, the
  vocabularies under content/data, the plugins' code and the library versions: a change
  to any of them starts with no compiled templates. A filter that reads anything else
  must not be called on a literal in a template (none is).
Filters called on variables, tests, globals and attribute access are looked up when a
page renders, so the render traces (build_report/renders.py) see them as they do on
freshly compiled templates.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from common.fingerprint import canonical

# How an environment turns a template's source into code (jinja2.Environment.__init__).
COMPILING = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "optimized", "autoescape",
             "is_async")
FOLDER = "templat"  # inside the content cache's fingerprint folder (CACHE_PATH)
KEEP = 4


def environment_key(env: jinja2.Environment) -> str:
    options = {name: _spelled(getattr(env, name, None)) for name in COMPILING}
    options["extensions"] = sorted(f"{type(e).__module__}.{type(e).__qualname__}"
                                   for e in env.extensions.values())
    options["finalize"] = _spelled(env.finalize)
    options["jinja2"] = jinja2.__version__
    return hashlib.sha256(canonical(options).encode()).hexdigest()[:16]


def _spelled(value) -> str:
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', value)}"
    return repr(value)


def use_compiled_cache(env: jinja2.Environment, base: Path) -> None:
    """Give env a bytecode cache in base/FOLDER/<fingerprint of how env compiles>."""
    folder = base / FOLDER / environment_key(env)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # no cache: templates are compiled as before
    env.bytecode_cache = KeptCode(str(folder), "%s.jinja")
    _prune(folder.parent, keep=folder)


class KeptCode(FileSystemBytecodeCache):
    """Jinja's bytecode cache, whose failed write is no failure of the build: a template
    not kept (full disk, `ulimit -f`) is compiled again by the next build. Jinja removes
    the half-written temporary file itself; what the site writes reports such a disk."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _prune(parent: Path, keep: Path, count: int = KEEP) -> None:
    with contextlib.suppress(OSError):
        folders = sorted((p for p in parent.iterdir() if p.is_dir()),
                         key=lambda p: (p != keep, -p.stat().st_mtime))
        for old in folders[count:]:
            shutil.rmtree(old, ignore_errors=True)
