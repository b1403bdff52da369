"""What every cache's key is made of, computed in one place, by scope.

Scopes and the caches that use them:
- read_key: the content cache's folder (.cache/konten/<key>/), and so Pelican's reader
  cache, the innovation records read and the compiled templates kept in it.
- render_key: the page traces (.cache/halaman/, build_report/renders.py).
- libraries_key: the libraries that shape a derivative (.cache/images/: Pillow;
  .cache/audio/: imageio-ffmpeg's FFmpeg, mutagen), beside each plugin's own settings
  and pipeline version.

The parts, none of them a hand-kept list:
- Code: the Python modules the build imports, found by following imports from the
  plugins in PLUGINS, PELICAN_CLASS and the functions named in the settings (filters),
  with the data files of their packages (inovasi.schema.json). A `static/` folder of a
  package is copied into the output as it is and is an input of no cached step (the
  editor's CSS). Tool code no plugin imports (the preview server, the Blogger importer)
  is in no key, so editing it keeps every cache.
- Libraries: the installed versions of the distributions requirements.txt names (its
  `-r` includes followed) that this code imports, or that a setting names by module
  (Markdown extensions), with every distribution they require, transitively.
- Settings: every setting but those naming where things are cached or written.
- Theme: the names of the templates (read: `Template:` headers are checked against them)
  or their bytes (render).

Pure functions over files and installed metadata, no Pelican import; the metadata
lookups are parameters, so tests give fake versions.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
import re
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from common.fingerprint import canonical, files_under, fingerprint

# Settings that name where things are cached or written, not what is read or shown.
READ_NOT_INPUTS = ("CACHE_PATH", "LOAD_CONTENT_CACHE", "PREVIEW_BUILD")
# PREVIEW_BUILD: only whether the search index is made again.
RENDER_NOT_INPUTS = ("CACHE_PATH", "LOAD_CONTENT_CACHE", "CACHE_CONTENT", "OUTPUT_PATH",
                     "PREVIEW_BUILD")
REQUIREMENTS = "requirements.txt"  # beside the folder of the plugins (PLUGIN_PATHS)
COPIED_AS_IS = "static"  # a package's files published unchanged: no input of a cached step


@dataclass(frozen=True)
class Installed:
    """What is installed: each distribution's version and requirements (Requires-Dist),
    by normalized name, and the distributions each top-level module comes from."""

    versions: Mapping[str, str]
    requires: Mapping[str, tuple[str, ...]]
    modules: Mapping[str, tuple[str, ...]]


def installed() -> Installed:
    """The distributions importlib.metadata finds on sys.path.

    Scanned once per process while no folder on sys.path that holds distributions
    changes: installing, upgrading or removing one adds or removes a *.dist-info (or
    *.egg-info) entry and changes its folder, and the next call scans again."""
    return _scan(tuple(_distribution_stamp(entry) for entry in sys.path))


_METADATA_SUFFIXES = (".dist-info", ".egg-info")


def _distribution_stamp(entry: str) -> tuple:
    """What of a sys.path entry importlib.metadata reads: the names of its distributions'
    metadata, and the folder's time when it has any. A folder with none (the project's
    own folder, "" while a build runs in it) is stamped by that absence alone, so a
    build's writes there do not throw away the scan."""
    try:
        with os.scandir(entry or ".") as listing:
            names = tuple(sorted(e.name for e in listing
                                 if e.name.endswith(_METADATA_SUFFIXES)))
        if not names:
            return (entry, ())
        folder = os.path.abspath(entry or ".")
        return (folder, names, os.stat(folder).st_mtime_ns)
    except OSError:  # a zip file or a missing folder
        try:
            return (entry, (), os.stat(entry or ".").st_mtime_ns)
        except OSError:
            return (entry, (), None)


@functools.lru_cache(maxsize=1)  # the machine's libraries, not a build's: kept per process
def _scan(stamp: tuple) -> Installed:
    """What is installed for this stamp: kept on disk (SCAN_STORE) by the first process
    that scanned it, so each build process does not read some hundred distributions'
    metadata again (70 ms of every build command). Kept only when every stamped folder
    is older than SETTLED seconds: a change in the same tick of the file system's clock
    as the scan could leave the stamp as it was."""
    name = hashlib.sha256(repr((sys.version, sys.prefix, stamp)).encode()).hexdigest()[:24]
    stored = SCAN_STORE / f"{name}.json"
    try:
        data = json.loads(stored.read_text(encoding="utf-8"))
        return Installed(data["versions"], {k: tuple(v) for k, v in data["requires"].items()},
                         {k: tuple(v) for k, v in data["modules"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    found = _scan_now()
    settled = time.time_ns() - int(SETTLED * 1e9)
    if all(len(part) < 3 or (part[2] or 0) < settled for part in stamp):
        with contextlib.suppress(OSError):
            SCAN_STORE.mkdir(parents=True, exist_ok=True)
            aside = stored.with_name(f"{stored.name}.{os.getpid()}.baru")
            aside.write_text(json.dumps({"versions": found.versions, "requires": found.requires,
                                         "modules": found.modules}), encoding="utf-8")
            aside.replace(stored)
            kept = sorted(SCAN_STORE.glob("*.json"), key=lambda p: p.stat().st_mtime)
            for old in kept[:-SCANS_KEPT]:
                old.unlink(missing_ok=True)
    return found


# In the project's cache folder (beside plugins/); a few, for the Pythons and sys.paths
# (the tests', a build's) that use it.
SCAN_STORE = Path(__file__).resolve().parents[2] / ".cache" / "pustaka"
SCANS_KEPT = 8


def _scan_now() -> Installed:
    """What importlib.metadata says (versions, Requires-Dist, and what
    packages_distributions() maps), reading each distribution's metadata once: its
    .version, .requires and packages_distributions() would parse it again each (three
    quarters of this scan)."""
    versions, requires = {}, {}
    modules: dict[str, list[str]] = {}
    for dist in metadata.distributions():
        meta = dist.metadata
        name = normalized(meta["Name"] or "")
        if name and name not in versions:  # the first on sys.path is the one imported
            versions[name] = meta["Version"]
            requires[name] = tuple(meta.get_all("Requires-Dist") or dist.requires or ())
        for top in _top_level_names(dist):
            modules.setdefault(top, []).append(name)
    return Installed(versions, requires, {top: tuple(names) for top, names in modules.items()})


def _top_level_names(dist) -> Iterable[str]:
    """The top-level modules of a distribution as packages_distributions() finds them:
    top_level.txt, or the first part of each .py file it installed."""
    return ((dist.read_text("top_level.txt") or "").split()
            or {f.parts[0] if len(f.parts) > 1 else f.with_suffix("").name
                for f in dist.files or () if f.suffix == ".py"})


# -- requirements and library versions -------------------------------------------------------
def normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares it (PyYAML, pyyaml and py_yaml are one)."""
    return re.sub(r"[-_.]+", "-", name).lower()


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def requirement_names(path: Path, seen: frozenset[Path] = frozenset()) -> list[str]:
    """The distributions a requirements file names, following `-r FILE` includes."""
    path = Path(path).resolve()
    if path in seen or not path.is_file():
        return []
    names: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        include = re.match(r"^(?:-r|--requirement)[\s=]+(\S+)", line)
        if include:
            names += requirement_names(path.parent / include.group(1), seen | {path})
            continue
        if line.startswith("-"):
            continue  # other options (--index-url, -c, -e)
        found = _NAME.match(line)
        if found:
            names.append(normalized(found.group(1)))
    return sorted(set(names))


def _required(requirement: str) -> str | None:
    """The name in a Requires-Dist line, or None when only an extra asks for it."""
    if re.search(r"""\bextra\s*==""", requirement):
        return None
    found = _NAME.match(requirement)
    return normalized(found.group(1)) if found else None


def closure(names: Iterable[str], found: Installed) -> dict[str, str]:
    """Installed version of each named distribution and of all it requires, transitively.

    A distribution not installed (a requirement of another platform) is left out."""
    versions: dict[str, str] = {}
    waiting = [normalized(n) for n in names]
    while waiting:
        name = waiting.pop()
        if name in versions or name not in found.versions:
            continue
        versions[name] = found.versions[name]
        waiting += [n for n in map(_required, found.requires.get(name, ())) if n]
    return dict(sorted(versions.items()))


def libraries(imported: Iterable[str], requirements: Iterable[str],
              found: Installed) -> dict[str, str]:
    """Versions of the libraries that `imported` (top-level module names) comes from,
    among those requirements.txt names or pulls in, with everything they require
    (without a requirements file: among every installed distribution)."""
    requirements = list(requirements)
    allowed = closure(requirements, found) if requirements else found.versions
    used = {d for module in imported for d in found.modules.get(module, ())}
    versions = closure(sorted(used & set(allowed)), found)
    versions["python"] = platform.python_version()
    return dict(sorted(versions.items()))


# -- the code the build imports --------------------------------------------------------------
_IMPORT = re.compile(r"^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(.*)"
                     r"|import[ \t]+(.*))$", re.MULTILINE)


@functools.lru_cache(maxsize=2048)  # keyed on the source itself: a build asks for each module
def imports_of(source: str, module: str, package: bool) -> frozenset[str]:
    """Absolute names a module's source imports, also inside functions; `from a import b`
    gives a and a.b (b may be a module). A look-alike in a docstring only adds a name."""
    found: set[str] = set()
    for match in _IMPORT.finditer(source):
        dots, base, names, plain = match.groups()
        if plain is not None:
            found.update(part.split()[0] for part in _names(plain, source, match))
            continue
        if dots:
            parts = module.split(".") if package else module.split(".")[:-1]
            parts = parts[:len(parts) - (len(dots) - 1)] if len(dots) > 1 else parts
            base = ".".join([*parts, base] if base else parts)
        found.add(base)
        found.update(f"{base}.{part.split()[0]}" if base else part.split()[0]
                     for part in _names(names, source, match))
    return frozenset(name for name in found if name and re.fullmatch(r"[\w.]+", name))


def _names(text: str, source: str, match: re.Match) -> list[str]:
    start = match.start(3 if match.group(3) is not None else 4)
    if text.split("#", 1)[0].lstrip().startswith("(") and ")" not in text.split("#", 1)[0]:
        text = source[start:].split(")", 1)[0]  # (a,\n b)
    else:
        lines = source[start:].split("\n")
        text = lines[0]
        for line in lines[1:]:  # a, \<newline> b
            if not text.split("#", 1)[0].rstrip().endswith("\\"):
                break
            text += "\n" + line
    text = re.sub(r"#[^\n]*", "", text).replace("(", "").replace(")", "").replace("\\", "")
    return [part.strip() for part in text.split(",") if part.strip()]


def _module_file(name: str, search: list[Path]) -> tuple[Path, bool] | None:
    # os.path, not pathlib: a build asks this some 1,500 times (every name imported).
    relative = os.path.join(*name.split("."))
    for folder in search:
        base = os.path.join(folder, relative)
        if os.path.isfile(package := os.path.join(base, "__init__.py")):
            return Path(package), True
        if os.path.isfile(module := base + ".py"):
            return Path(module), False
    return None


@dataclass
class Code:
    files: list[Path]     # the modules and their packages' data files, sorted
    external: set[str]    # top-level names of modules imported from elsewhere


def code_of(roots: Iterable[str], search: Iterable[Path], parents: bool = True) -> Code:
    """Every module under `search` reachable by import from `roots`, with its packages
    (parents=False: without the packages of the roots themselves, whose __init__ runs
    but does not shape what a root module makes).

    Kept in this process while no file under `search` changes (tree_stamp): each build
    asks three times, and following the imports stats some 1,500 names."""
    search = [Path(p).resolve() for p in search]
    roots = list(roots)
    stamp = tree_stamp(search)
    key = (tuple(roots), tuple(search), parents)
    kept = _code_kept.get(key) if stamp is not None else None
    if kept is None or kept[0] != stamp:
        kept = (stamp, _code_of(roots, search, parents))
        if stamp is not None:
            _code_kept[key] = kept
    return Code(list(kept[1].files), set(kept[1].external))


_code_kept: dict[tuple, tuple[tuple, Code]] = {}
SETTLED = 2.0  # seconds: a file changed more recently may change again unseen (below)
STAMPED_FILES = 5000


def tree_stamp(folders: Iterable[Path]) -> tuple | None:
    """Every file under folders (but __pycache__) with its size, inode and change times;
    None when the stamp cannot vouch for the contents: a symbolic link (its target may
    change), more than STAMPED_FILES files, or a file changed within SETTLED seconds (a
    file system's clock ticks coarsely, so a second change in the same tick leaves the
    stamp as it was; git and make trust a stamp on the same condition)."""
    found = []
    recent = time.time_ns() - int(SETTLED * 1e9)
    waiting = [os.fspath(folder) for folder in folders]
    try:
        while waiting:
            with os.scandir(waiting.pop()) as listing:
                for entry in listing:
                    if entry.is_symlink() or len(found) > STAMPED_FILES:
                        return None
                    if entry.is_dir():
                        if entry.name != "__pycache__":
                            waiting.append(entry.path)
                        continue
                    stat = entry.stat()
                    if max(stat.st_mtime_ns, stat.st_ctime_ns) > recent:
                        return None
                    found.append((entry.path, stat.st_size, stat.st_ino, stat.st_mtime_ns,
                                  stat.st_ctime_ns))
    except OSError:
        return None
    return tuple(sorted(found))


def _code_of(roots: list[str], search: list[Path], parents: bool) -> Code:
    seen: set[str] = set()
    files: set[Path] = set()
    packages: set[Path] = set()
    external: set[str] = set()
    waiting = list(roots)
    while waiting:
        name = waiting.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        if parents or name not in roots:
            waiting += [".".join(parts[:i]) for i in range(1, len(parts))]  # parent packages
        found = _module_file(name, search)
        if found is None:
            if parts[0] not in external and _module_file(parts[0], search) is None:
                external.add(parts[0])
            continue
        path, package = found
        files.add(path)
        if package:
            packages.add(path.parent)
        waiting += imports_of(path.read_text(encoding="utf-8", errors="replace"), name, package)
    for folder in packages:
        files.update(p for p in files_under([folder]) if p.suffix != ".py"
                     and COPIED_AS_IS not in p.relative_to(folder).parts[:-1])
    return Code(sorted(files), external)


def plugin_roots(settings: Mapping) -> list[str]:
    """Modules a build loads by name: PLUGINS, PELICAN_CLASS and the functions (filters,
    tests, globals) settings hold."""
    roots = []
    for plugin in settings.get("PLUGINS") or ():
        roots.append(plugin if isinstance(plugin, str) else getattr(plugin, "__name__", ""))
    cls = settings.get("PELICAN_CLASS")
    if isinstance(cls, str):
        roots.append(cls.rsplit(".", 1)[0])
    roots += sorted(_named_modules(settings))
    return [r for r in roots if r]


def _named_modules(value, depth: int = 0) -> set[str]:
    """Modules of the functions and classes in settings, and dotted module names in their
    strings ("markdown.extensions.toc")."""
    if depth > 6:
        return set()
    if isinstance(value, str):
        return {value} if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", value) else set()
    if isinstance(value, Mapping):
        return set().union(*(_named_modules(v, depth + 1) | _named_modules(k, depth + 1)
                             for k, v in value.items())) if value else set()
    if isinstance(value, (list, tuple, set, frozenset)):
        return set().union(*(_named_modules(v, depth + 1) for v in value)) if value else set()
    module = getattr(value, "__module__", None) if callable(value) else None
    return {module} if isinstance(module, str) else set()


# -- the keys --------------------------------------------------------------------------------
def _search(settings: Mapping) -> list[Path]:
    return [Path(p) for p in settings.get("PLUGIN_PATHS") or ()]


def requirements_file(settings: Mapping) -> Path:
    """requirements.txt of the project whose plugins the build loads."""
    paths = _search(settings)
    return (paths[0].resolve().parent if paths else Path.cwd()) / REQUIREMENTS


def _build_code(settings: Mapping, roots: Iterable[str] | None = None) -> Code:
    if roots is None:
        return code_of(plugin_roots(settings), _search(settings))
    return code_of(roots, _search(settings), parents=False)


def library_versions(settings: Mapping, code: Code,
                     found: Installed | None = None) -> dict[str, str]:
    """The libraries `code` imports (or settings name) among those requirements.txt names."""
    named = {m.split(".")[0] for m in _named_modules(dict(settings))}
    return libraries(code.external | named, requirement_names(requirements_file(settings)),
                     found or installed())


def _templates(settings: Mapping) -> list[Path]:
    return [*map(Path, settings.get("THEME_TEMPLATES_OVERRIDES", [])),
            Path(settings["THEME"]) / "templates"]


def read_key(settings: Mapping, data_files: Iterable[Path],
             found: Installed | None = None) -> str:
    """Key of everything besides a file's own bytes that shapes how it is read."""
    code = _build_code(settings)
    names = [p.relative_to(folder).as_posix() for folder in _templates(settings)
             for p in files_under([folder])]
    shown = {k: v for k, v in settings.items() if k not in READ_NOT_INPUTS}
    return fingerprint(shown, data_files, code.files, names,
                       library_versions(settings, code, found))


def render_key(settings: Mapping, format_version: int,
               found: Installed | None = None) -> str:
    """Key of everything besides the context that shapes a page: settings, templates, code."""
    code = _build_code(settings)
    shown = {k: v for k, v in settings.items() if k not in RENDER_NOT_INPUTS}
    versions = {**library_versions(settings, code, found), "format": str(format_version)}
    return fingerprint(shown, files_under(_templates(settings)), code.files,
                       (), versions)


def libraries_key(settings: Mapping, modules: Iterable[str],
                  found: Installed | None = None) -> str:
    """Key of the library versions the code of `modules` imports (a derivative's maker)."""
    code = _build_code(settings, modules)
    versions = libraries(code.external, requirement_names(requirements_file(settings)),
                         found or installed())
    return hashlib.sha256(canonical(versions).encode()).hexdigest()[:16]

