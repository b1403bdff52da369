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

The same compiled code is also kept in this process (`_compiled`), so a second build in
one process (the resident preview, the tests, a check before a publish) neither compiles
nor reads it from disk, even for another site. Its key is the environment's fingerprint,
the template's name, file and source hash and, for a template that calls a filter or test
on literals only (which Jinja computes while compiling), the fingerprint folder too: such
code is shared only with builds of the same settings, vocabularies and plugin code; any
other template's code depends on nothing but its source and the environment. Code read
from disk is kept for its fingerprint folder only, unless this process compiled that
source itself: deciding needs a parse, which a build that finds every template on disk
(a new process, a warm preview save) then never pays. A template is parsed once when
compiled; the same tree answers the question. The kept code is a cache across builds,
not a build's state: whatever a build reads from it is what compiling would give.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections import OrderedDict
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache, nodes
from jinja2.bccache import Bucket

from common.fingerprint import canonical

# How an environment turns a template's source into code (jinja2.Environment.__init__).
COMPILING = ("block_start_string", "block_end_string", "variable_start_string",
             "variable_end_string", "comment_start_string", "comment_end_string",
             "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
             "newline_sequence", "keep_trailing_newline", "optimized", "autoescape",
             "is_async")
FOLDER = "templat"  # inside the content cache's fingerprint folder (CACHE_PATH)
KEEP = 4
KEPT_IN_PROCESS = 1024  # compiled templates (about 20 KB each) kept by one process

# (environment fingerprint, template key, source hash, "" or the fingerprint folder) →
# code; most recently used last.
_compiled: OrderedDict[tuple[str, str, str, str], object] = OrderedDict()
# (environment fingerprint, fingerprint folder, source hash) → does compiling call a
# filter or test? Known for what this process compiled.
_folds: dict[tuple[str, str, str], bool] = {}


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
    env.bytecode_cache = KeptCode(str(folder), "%s.jinja", environment_key(env), str(base))
    _prune(folder.parent, keep=folder)


class KeptCode(FileSystemBytecodeCache):
    """Jinja's bytecode cache, first in this process's memory, then on disk. A failed
    write is no failure of the build: a template not kept (full disk, `ulimit -f`) is
    compiled again by the next build. Jinja removes the half-written temporary file
    itself; what the site writes reports such a disk."""

    def __init__(self, directory: str, pattern: str, environment: str, scope: str) -> None:
        super().__init__(directory, pattern)
        self.environment = environment
        self.scope = scope  # the fingerprint folder: what a filter's result may depend on

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = self.get_cache_key(name, filename)
        checksum = self.get_source_checksum(source)
        bucket = Bucket(environment, key, checksum)
        # In memory, under either key (see _keep_compiled): no parse needed to look.
        plain = (self.environment, key, checksum, "")
        for kept in (plain, (*plain[:3], self.scope)):
            code = _compiled.get(kept)
            if code is not None:
                _compiled.move_to_end(kept)
                bucket.code = code
                return bucket
        self.load_bytecode(bucket)
        if bucket.code is None:
            self._compile(environment, bucket, name, filename, source)
        if bucket.code is not None:
            self._keep_compiled(plain, bucket.code)
        return bucket

    def _compile(self, environment, bucket: Bucket, name, filename, source) -> None:
        """Compile source into bucket and onto disk from one parse, which also tells
        whether compiling computes a filter or test. A source that does not parse is left
        to Jinja, which compiles it and reports the mistake as ever."""
        try:
            tree = environment.parse(source, name, filename)
            folds = _calls_in(environment, tree)
            code = environment.compile(tree, name, filename)
        except Exception:  # noqa: BLE001 (Jinja's own compile, right after, reports it
            return         # with the template's source in the traceback)
        _folds[(self.environment, self.scope, bucket.checksum)] = folds
        bucket.code = code
        self.set_bucket(bucket)  # Jinja writes only code it compiled itself

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def _keep_compiled(self, plain: tuple, code) -> None:
        """Keep code in memory: for any site when compiling computed no filter or test
        (the code calls each one when a page renders), else only for builds of this
        fingerprint folder. Code read from disk whose compiling this process has not
        seen is kept for this folder only: its disk folder is inside it."""
        folds = _folds.get((self.environment, self.scope, plain[2]), True)
        _keep(plain if not folds else (*plain[:3], self.scope), code)


def _keep(key: tuple, code) -> None:
    _compiled[key] = code
    _compiled.move_to_end(key)
    while len(_compiled) > KEPT_IN_PROCESS:
        _compiled.popitem(last=False)


def calls_on_literals(env: jinja2.Environment, source: str) -> bool:
    """Whether compiling source may call a filter or test (on literals: Jinja computes
    those while compiling). Unsure, such as a source that does not parse, is yes."""
    try:
        tree = env.parse(source)
    except Exception:  # noqa: BLE001 (Jinja reports it when it compiles; here: unsure)
        return True
    return _calls_in(env, tree)


def _calls_in(env: jinja2.Environment, tree: nodes.Template) -> bool:
    for node in tree.find_all((nodes.Filter, nodes.Test)):
        for autoescape in (False, True):
            context = nodes.EvalContext(env)
            context.autoescape = autoescape
            try:
                node.as_const(context)
            except nodes.Impossible:
                continue
            except Exception:  # noqa: BLE001 (a filter that fails on literals: unsure)
                return True
            return True
    return False


def _prune(parent: Path, keep: Path, count: int = KEEP) -> None:
    with contextlib.suppress(OSError):
        folders = sorted((p for p in parent.iterdir() if p.is_dir()),
                         key=lambda p: (p != keep, -p.stat().st_mtime))
        for old in folders[count:]:
            shutil.rmtree(old, ignore_errors=True)
