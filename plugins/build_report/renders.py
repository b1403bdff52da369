"""Skip rendering a page whose template would see exactly what it saw last time.

A warm build used to render every page again: 70 % of its time at 1,000 articles, for one
changed sentence. A page is a deterministic function of what its templates read, so a page
is rendered again only when something it read changed. What it read is recorded while it
renders (a "trace", as build systems such as Shake and Salsa keep one per result):

- names: every top-level name the templates resolved (`article`, `articles_page`,
  `SITENAME`, `picture`...), through the Jinja Context class set on the environment. The
  value of each is fingerprinted structurally: lists and dicts element by element, other
  objects by their attributes (or, for an object with a `trace_inputs()` method, by what
  it says it is made from: its maker's code is in the build's fingerprint), and a
  content object (an article, a page, a static file) only by its source path, its
  identity;
- contents: every content object the templates looked into (`environment.getattr` and
  `getitem` are the only way a template reads an attribute; Jinja's own filters go
  through them too), or that was given to one of our filters (which read attributes in
  Python). Their whole state counts: their attributes and their finished HTML (with the
  links to other files resolved);
- calls: every call of a template global that is not plain Jinja (`picture`, `thumbnail`,
  `og_image` read the image cache and register the derivatives a page needs). Their
  arguments and result are recorded; checking the trace calls them again, so the
  derivatives are registered as a render would, and the page is rendered again when a
  result differs;
- diagnostics: the warnings a render recorded, given again when the render is skipped.

Before a page is rendered, its trace from the previous build is checked against the
current context. When every fingerprint is equal, the render would take the same path
through the templates, read the same values and write the same bytes, so the file of the
previous site is linked instead (common/outfiles.py). Everything else that shapes a page
is in one fingerprint of the build: the settings, the bytes of every template, the
plugins' code and the library versions; when it changes, every page is rendered.

A trace is trusted only for the file it was recorded for: the file's inode, size and
modification time are kept with it, so a page changed by hand, or a site a failed swap
left behind, is rendered again. Traces are saved when a build finishes (see
CheckedPelican.build); a failed or killed build leaves the last saved ones, which still
describe the site it did not replace. Values that cannot be fingerprinted (an open file,
a generator) make a page that reads them be rendered every time.

Feeds are traced too (CheckedWriter.write_feed): Pelican's writer makes a feed from its
items without a template, so a feed's trace is its items' whole states, its arguments and
the context's name and address of the site; an unchanged feed is linked like a page.

Pelican has no hook between choosing a page's template and rendering it: the writer is
given the template and calls its render() with the page's context, which names the output
file. So CheckedWriter (site.py) hands the writer a _TracedTemplate that checks the trace
first. Nothing of Pelican's is changed: its writer, generators and signals run as they do.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import logging
import os
import pickle
import sys
from pathlib import Path

import jinja2
from jinja2 import filters as jinja_filters
from jinja2 import tests as jinja_tests
from jinja2.defaults import DEFAULT_NAMESPACE
from jinja2.runtime import Context, new_context
from markupsafe import Markup
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper
from pelican.utils import SafeDatetime, get_relative_path, path_to_url

from common import build as build_state
from common import diagnostics, outfiles
from common import cachekeys

logger = logging.getLogger(__name__)

FOLDER = Path(".cache") / "halaman"
FORMAT = 2  # of the saved traces; a new format starts with none
_MISSING = ("missing",)

# Pelican's Writer.write_file(name, template, context, relative_urls, paginated,
# template_name, override_output, url, **kwargs): its own parameters, not given to the
# template; every other keyword argument is a name of the page's context.
WRITER_PARAMETERS = ("relative_urls", "paginated", "template_name", "override_output", "url")
# Names Pelican's writer sets in each page's context from the call's arguments.
_WRITER_NAMES = frozenset({"output_file"})
_RELATIVE_NAMES = frozenset({"SITEURL", "localsiteurl"})
_PAGE_NAMES = ("_paginator", "_page", "_previous_page", "_next_page")


# What Pelican's write_feed reads of the context besides its items and the settings.
FEED_CONTEXT = ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")


class Untraceable(Exception):
    """A value with no stable fingerprint: the page reading it is always rendered."""


# -- what one render reads -----------------------------------------------------------------
class Trace:
    __slots__ = ("names", "contents", "calls", "untraceable", "found")

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.contents: dict[int, Content] = {}  # by id(): keys are made once, at the end
        self.calls: list[tuple] = []
        self.untraceable = False
        self.found: list = []


_trace: contextvars.ContextVar[Trace | None] = contextvars.ContextVar("trace", default=None)


# Values that hold no content object: a filter given one reads nothing more.
_LEAVES = (str, bytes, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, Path,
           URLWrapper, Context, jinja2.Environment)


def _touch_deep(value) -> None:
    """Touch every content object a Python filter may read from its argument: the ones
    it was given, and those they (or the containers and objects given) refer to."""
    trace = _trace.get()
    if trace is None:
        return
    seen: set[int] = set()
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, _LEAVES) or id(item) in seen or depth > 4:
            continue
        seen.add(id(item))
        if isinstance(item, Content):
            trace.contents[id(item)] = item
            if depth > 0:
                continue  # its own state covers what it holds; its neighbours are touched
            children = [v for v in vars(item).values() if not _is_site_state(item, v)]
        elif isinstance(item, dict):
            if "THEME" in item and "PLUGINS" in item:
                continue  # the settings or the whole context: in the build's fingerprint
            children = list(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            children = list(item)
        elif hasattr(item, "__dict__"):
            children = list(vars(item).values())
        else:
            continue
        stack.extend((child, depth + 1) for child in children)


class TracingContext(Context):
    """Jinja's Context, recording each top-level name a template resolves."""

    def resolve_or_missing(self, key):
        trace = _trace.get()
        if trace is not None:
            trace.names.add(key)
        return super().resolve_or_missing(key)


def instrument(env: jinja2.Environment) -> None:
    """Make an environment record what its templates read (idempotent)."""
    if getattr(env, "_traced", False):
        return
    env._traced = True
    if not issubclass(env.context_class, TracingContext):
        env.context_class = type("Traced" + env.context_class.__name__,
                                 (TracingContext, env.context_class), {})
    plain_getattr, plain_getitem = env.getattr, env.getitem

    def getattr_traced(obj, attribute):
        if isinstance(obj, Content):  # inline, not a call: this runs for every attribute
            trace = _trace.get()
            if trace is not None:
                trace.contents[id(obj)] = obj
        return plain_getattr(obj, attribute)

    def getitem_traced(obj, argument):
        if isinstance(obj, Content):
            trace = _trace.get()
            if trace is not None:
                trace.contents[id(obj)] = obj
        return plain_getitem(obj, argument)

    env.getattr, env.getitem = getattr_traced, getitem_traced
    for table, builtin in ((env.filters, jinja_filters.FILTERS), (env.tests, jinja_tests.TESTS)):
        for name, function in list(table.items()):
            if builtin.get(name) is not function:
                table[name] = _reading_arguments(function)
    for name, value in list(env.globals.items()):
        if callable(value) and DEFAULT_NAMESPACE.get(name) is not value:
            env.globals[name] = _recorded_call(name, value)


def _reading_arguments(function):
    """A filter or test of ours: what it is given counts as read (it may read attributes)."""
    def wrapper(*args, **kwargs):
        skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
        for argument in (*args[skip:], *kwargs.values()):
            _touch_deep(argument)
        return function(*args, **kwargs)

    _copy_marks(function, wrapper)
    return wrapper


class _recorded_call:  # noqa: N801 - used as a function, named like one
    """A global of ours, which may read state no context holds (the image cache)."""

    def __init__(self, name: str, function) -> None:
        self.name, self.function = name, function
        self.jinja_pass_arg = getattr(function, "jinja_pass_arg", None)

    def __call__(self, *args, **kwargs):
        result = self.function(*args, **kwargs)
        trace = _trace.get()
        if trace is not None:
            given = args[1:] if self.jinja_pass_arg is not None else args
            try:
                trace.calls.append((self.name, _plain(given), _plain(kwargs),
                                    fingerprint(result)))
            except Untraceable:
                trace.untraceable = True
        return result

    def fingerprint_key(self) -> str:
        return f"global {self.name}"


def _copy_marks(function, wrapper) -> None:
    for mark in ("jinja_pass_arg", "__name__", "__qualname__", "__module__", "__doc__"):
        if hasattr(function, mark):
            setattr(wrapper, mark, getattr(function, mark))


def _plain(value):
    """Arguments kept with a trace: plain data only."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return str(value) if isinstance(value, Markup) else value
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    raise Untraceable(type(value).__name__)


# -- fingerprints of values ------------------------------------------------------------------
def content_key(content: Content) -> tuple:
    return (type(content).__name__, str(getattr(content, "source_path", None) or id(content)))


class Fingerprints:
    """Fingerprints of this build's values, each computed once (memo by identity).

    Objects are kept alive by the memo, so an id is never reused within one build. The
    values a build hands its templates are not changed while pages are written.
    """

    def __init__(self, shared: Fingerprints | None = None) -> None:
        self.memo: dict[int, tuple[object, bytes]] = {}
        self._active: set[int] = set()
        self._fresh: list[int] = []  # ids memoized since the last sweep()
        self.shared = shared  # a content's own fingerprints: the build's (of_content)

    def sweep(self) -> None:
        """Forget the values only the memo still holds: a page's own paginator pages, the
        attribute dicts made for fingerprints. Nothing can ask for them again (an object
        no one holds is gone), and keeping them would hold every page's objects until the
        build ends: about 100 MB at 5,000 articles."""
        memo, fresh = self.memo, self._fresh
        self._fresh = []
        for key in fresh:
            held = memo.get(key)
            # 2: the memo's reference and getrefcount's own argument (CPython).
            if held is not None and sys.getrefcount(held[0]) <= 2:
                del memo[key]

    def of(self, value) -> bytes:
        """A spelling of value: plain values spelled out, anything bigger hashed once."""
        kind = type(value)
        if kind is str:
            data = value.encode()
            return b"s%d:" % len(data) + data
        if value is None or kind is bool or kind is int or kind is float:
            return f"{kind.__name__[0]}{value!r};".encode()
        key = id(value)
        held = self.memo.get(key)
        if held is not None and held[0] is value:
            return held[1]
        shared = self.shared
        if shared is not None and kind not in _BY_TYPE and \
                getattr(value, "__dict__", None) is not None and \
                not isinstance(value, Content):
            # An object with state of its own, within a content: an innovation the news
            # links to, a vocabulary entry. Many contents hold the same one, so it is
            # spelled once per build (the build's memo keeps that object, not its parts).
            return shared.of_shared(value)
        if isinstance(value, str):  # Markup and other str subclasses, kept as a digest:
            # an article's HTML is Markup, and the memo would hold a copy of each
            spelled = b"h" + _digest(b"M" + value.encode())
        elif isinstance(value, Content):
            data = repr(content_key(value)).encode()
            spelled = b"C%d:" % len(data) + data
        else:
            active = self._active
            if key in active:
                raise Untraceable(f"cycle through {kind.__name__}")
            active.add(key)
            try:
                # The usual kinds by their exact type (a table lookup), any other through
                # the chain of _spell; both spell a value the same way.
                spell = _BY_TYPE.get(kind)
                spelled = b"h" + _digest(spell(self, value) if spell is not None
                                         else self._spell(value))
            finally:
                active.discard(key)
        self.memo[key] = (value, spelled)
        self._fresh.append(key)
        return spelled

    def _list(self, value) -> bytes:
        of = self.of
        return b"L" + b"".join([of(v) for v in value])

    def _dict(self, value) -> bytes:
        if "THEME" in value and "PLUGINS" in value:
            return self._spell(value)
        of = self.of
        return b"D" + b"".join([of(k) + of(v) for k, v in value.items()])

    def _time(self, value) -> bytes:
        return f"T{value.isoformat()}|{getattr(value, 'tzinfo', None)}".encode()

    def _url(self, value) -> bytes:
        return f"U{type(value).__name__}:{value.name}:{value.slug}".encode()

    def _spell(self, value) -> bytes:
        if isinstance(value, dict) and "THEME" in value and "PLUGINS" in value:
            if "generated_content" in value:
                raise Untraceable("the whole context")  # nothing renders it: never skip
            return b"settings"  # the settings: in the build's fingerprint
        if isinstance(value, URLWrapper):
            spelled = self._url(value)
            _BY_TYPE.setdefault(type(value), Fingerprints._url)
            return spelled
        if isinstance(value, bytes):
            return b"b" + value
        if isinstance(value, (list, tuple)):
            return b"L" + b"".join(self.of(v) for v in value)
        if isinstance(value, dict):
            return b"D" + b"".join(self.of(k) + self.of(v) for k, v in value.items())
        if isinstance(value, (set, frozenset)):
            return b"S" + b"".join(sorted(self.of(v) for v in value))
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            return self._time(value)
        if isinstance(value, dt.tzinfo):
            return f"Z{value}".encode()
        if isinstance(value, Path):
            return b"P" + str(value).encode()
        if isinstance(value, _recorded_call):
            return value.fingerprint_key().encode()
        if isinstance(value, type) or callable(value) and hasattr(value, "__qualname__") \
                and not hasattr(value, "__self__"):
            return f"F{getattr(value, '__module__', '?')}.{value.__qualname__}".encode()
        if hasattr(value, "__self__") and callable(value):  # a bound method
            return b"B" + value.__qualname__.encode() + self.of(value.__self__)
        inputs = getattr(type(value), "trace_inputs", None)
        if callable(inputs):
            # A derived object that names what it is made from (innovations' readiness):
            # fingerprinted by those, as its maker's code is by the build's fingerprint.
            kind = f"{type(value).__module__}.{type(value).__qualname__}"
            return b"I" + kind.encode() + self.of(value.trace_inputs())
        state = getattr(value, "__dict__", None)
        if state is None and hasattr(type(value), "__slots__"):
            state = {name: getattr(value, name, None) for name in type(value).__slots__}
        if state is None or isinstance(value, (Context, jinja2.Environment)) or \
                hasattr(value, "__next__") or hasattr(value, "read"):
            raise Untraceable(type(value).__name__)
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        return b"O" + kind.encode() + self.of(state)

    def of_shared(self, value) -> bytes:
        """of(value), spelled with a memo of its own and kept here by value only."""
        key = id(value)
        held = self.memo.get(key)
        if held is not None and held[0] is value:
            return held[1]
        spelled = Fingerprints().of(value)
        self.memo[key] = (value, spelled)
        self._fresh.append(key)
        return spelled

    def of_content(self, content: Content) -> bytes:
        """The whole state of a content object: its attributes and its finished HTML."""
        key = ("content", id(content))
        held = self.memo.get(key)  # type: ignore[arg-type]
        if held is not None and held[0] is content:
            return held[1]
        settings = getattr(content, "settings", None)
        state = {k: v for k, v in vars(content).items()
                 if v is not settings and not _is_context(v)}
        # Spelled with a memo of its own: what a content holds (its metadata, its tag list)
        # is asked for once per build, and keeping each in the build's memo held about 48
        # objects per article until the build ended.
        own = Fingerprints(shared=self)
        parts = [own.of(content_key(content)), own.of(state),
                 own.of(getattr(content, "content", None))]
        digest = _digest(b"".join(parts))
        self.memo[key] = (content, digest)  # type: ignore[index]
        return digest


# Exact types spelled without the chain of isinstance() tests in Fingerprints._spell (which
# adds each URLWrapper class it meets). Only types whose spelling the chain gives the same
# way: not dict subclasses (the settings), not objects that could be callables or files.
_BY_TYPE = {
    list: Fingerprints._list,
    tuple: Fingerprints._list,
    dict: Fingerprints._dict,
    dt.datetime: Fingerprints._time,
    dt.date: Fingerprints._time,
    dt.time: Fingerprints._time,
    SafeDatetime: Fingerprints._time,
}


def spell_as_list(kind: type) -> None:
    """Spell a list subclass with no state of its own by the table, as _spell would."""
    if not issubclass(kind, list) or kind.__dict__.get("__iter__"):
        raise TypeError(f"{kind.__name__} is not a plain list")
    _BY_TYPE[kind] = Fingerprints._list


def _is_site_state(content: Content, value) -> bool:
    """The site's context and settings a content object holds: not its own state."""
    return value is getattr(content, "settings", None) or _is_context(value)


def _is_context(value) -> bool:
    return isinstance(value, dict) and "generated_content" in value and "SITEURL" in value


def _digest(data: str | bytes) -> bytes:
    return hashlib.blake2b(data.encode() if isinstance(data, str) else data,
                           digest_size=16).digest()


def fingerprint(value) -> bytes:
    return Fingerprints().of(value)


# -- the traces of a site -----------------------------------------------------------------
class Traces:
    """The traces of the pages of one site: loaded when a build starts, saved when it ends."""

    def __init__(self, settings: dict, output_path: str, previous: Path | None) -> None:
        self.output_path = Path(output_path)
        self.previous = previous if previous is not None else self.output_path
        self._previous_root = os.fspath(self.previous) + os.sep  # stamps: no Path per page
        final = self.output_path.resolve()  # the site a staging folder becomes
        if final.name.endswith(outfiles.STAGING_SUFFIX):
            final = final.with_name(final.name[: -len(outfiles.STAGING_SUFFIX)])
        self.file = Path.cwd() / FOLDER / (_digest(str(final)).hex() + ".pickle")
        self.build = build_fingerprint(settings)
        self.paginated_templates = settings.get("PAGINATED_TEMPLATES") or {}
        self.old: dict[str, tuple] = {}
        self.new: dict[str, tuple] = {}
        # One trace per write_file() call ("job": a page, or every page of a paginated
        # list), by its first output name: (digest of the call's inputs and of what its
        # pages read, names, content keys, its pages' names). See job_unchanged().
        self.old_jobs: dict[str, tuple] = {}
        self.new_jobs: dict[str, tuple] = {}
        # Which generator gave each job (its class's name): the preview writes first the
        # generator of a page a tab shows (site.py CheckedWriter.output_order).
        self.old_makers: dict[str, str] = {}
        self.new_makers: dict[str, str] = {}
        self._job_pages: list | None = None  # the pages of the job being written
        self._names_spelled: dict[tuple, bytes] = {}  # see _job_digest
        self.values = Fingerprints()
        self.skipped: set[str] = set()
        self._shared: dict[tuple, tuple] = {}
        self.counts = {"dilewati": 0, "dirender": 0, "tak-terlacak": 0}
        self._load()

    def _load(self) -> None:
        try:
            with self.file.open("rb") as file:
                saved = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError,
                ImportError, IndexError, TypeError):
            return
        if isinstance(saved, dict) and saved.get("format") == FORMAT and \
                saved.get("build") == self.build:
            self.old = saved.get("pages", {})
            self.old_jobs = saved.get("jobs", {})
            self.old_makers = saved.get("makers", {})

    def save(self) -> None:
        """Keep this build's traces (only when it finished: CheckedPelican.build)."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            with temporary.open("wb") as file:
                # Only pages put in place: a render whose file was never written (one
                # Pelican wrote twice keeps the first) has no stamp to trust.
                pages = {name: trace for name, trace in self.new.items()
                         if isinstance(trace, tuple) and trace[5] is not None}
                jobs = {name: job for name, job in self.new_jobs.items()
                        if all(page in pages for page in job[3])}
                makers = {name: maker for name, maker in self.new_makers.items()
                          if name in jobs}
                pickle.dump({"format": FORMAT, "build": self.build, "pages": pages,
                             "jobs": jobs, "makers": makers}, file,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except OSError as error:
            logger.info("Jejak halaman tidak disimpan (%s); build berikut merender semua", error)
            with contextlib.suppress(OSError):
                temporary.unlink()

    # -- one page ----------------------------------------------------------------------
    def unchanged(self, name: str, template, localcontext: dict) -> bool:
        """Whether the page `name` would be rendered as the previous site holds it."""
        old = self.old.get(name)
        if old is None:
            return False
        digest, names, keys, calls, found, stamp = old
        if stamp is None or _stamp(self._previous_root + name) != stamp:
            return False
        try:
            if self._digest(template, localcontext, names, keys) != digest:
                return False
            if not _same_calls(template, calls, lambda: localcontext):
                return False
        except Untraceable:
            return False
        except Exception:  # noqa: BLE001 - a failing check renders the page, which reports it
            return False
        diagnostics.log().extend(found)
        self.new[name] = old
        if self._job_pages is not None:
            self._job_pages.append(name)
        return True

    def makers_of(self, pages) -> set[str]:
        """The generators (class names) that gave the previous build's jobs of pages."""
        pages = set(pages)
        return {self.old_makers[name] for name, job in self.old_jobs.items()
                if name in self.old_makers and not pages.isdisjoint(job[3])}

    def needed_contents(self) -> list[Content]:
        """The contents the previous traces looked into that this build has: those whose
        fingerprints the checks of its pages will ask for."""
        held = contents()
        keys = {key for trace in self.old.values() for key in trace[2]}
        return [held.registry[key] for key in sorted(keys & held.registry.keys())
                if key not in held.clashes]

    def know_contents(self, items: list[Content], digests: list) -> None:
        """Fingerprints of contents computed elsewhere (parallel.two_halves)."""
        memo = self.values.memo
        for content, digest in zip(items, digests):
            if isinstance(digest, bytes):
                memo[("content", id(content))] = (content, digest)  # type: ignore[index]

    # -- feeds --------------------------------------------------------------------------
    # A feed is made by Pelican's writer from its items and the settings, with no template
    # (feedgenerator); CheckedWriter.write_feed keeps a trace of one per feed file: the
    # build's fingerprint, the feed's own arguments, the site's name and address as the
    # context gives them, and every item's whole state.
    def feed_digest(self, elements, context: dict, details: tuple) -> bytes | None:
        values = self.values
        try:
            parts = [self.build.encode(), b"feed"]
            parts += [values.of(detail) for detail in details]
            parts += [name.encode() + values.of(context.get(name)) for name in FEED_CONTEXT]
            parts += [values.of_content(item) if isinstance(item, Content) else values.of(item)
                      for item in elements]
        except Exception:  # noqa: BLE001 - Untraceable and the like: the feed is made
            return None
        return _digest(b"\0".join(parts))

    def feed_unchanged(self, name: str, digest: bytes | None) -> bool:
        """Whether the feed file `name` would be made as the previous site holds it."""
        old = self.old.get(name)
        if digest is None or old is None or old[0] != digest or old[5] is None or \
                _stamp(self._previous_root + name) != old[5]:
            return False
        diagnostics.log().extend(old[4])
        self.new[name] = old
        return True

    def feed_made(self, name: str, digest: bytes | None) -> None:
        """Before the feed is written: its trace, completed by written()."""
        if digest is not None:
            self.new[name] = [digest, (), (), (), (), None]

    def feed_found(self, name: str, found: list) -> None:
        """The diagnostics making the feed recorded, given again when it is not made."""
        held = self.new.get(name)
        if isinstance(held, tuple) and found:
            self.new[name] = (*held[:4], tuple(found), held[5])

    def render(self, name: str, template, localcontext: dict) -> str:
        trace = Trace()
        token = _trace.set(trace)
        try:
            with diagnostics.log().recording() as found:
                output = template.render(localcontext)
        finally:
            _trace.reset(token)
        trace.found = list(found)
        self._keep(name, template, localcontext, trace)
        return output

    def _keep(self, name: str, template, localcontext: dict, trace: Trace) -> None:
        pages = self._job_pages
        if pages is not None:
            pages.append(None)  # a page with no trace: the job gets none either
        if trace.untraceable:
            self.counts["tak-terlacak"] += 1
            return
        # Shared, not copied per page: most pages resolve the same names, and a content's
        # key is one tuple (19,395 traces at 10,000 articles; memory).
        names = tuple(sorted(trace.names))
        names = self._shared.setdefault(names, names)
        key_of = contents().key_of
        keys = tuple(sorted({key_of.get(id(c)) or content_key(c)
                             for c in trace.contents.values()}))
        try:
            digest = self._digest(template, localcontext, names, keys)
        except Untraceable:
            self.counts["tak-terlacak"] += 1
            return
        if pages is not None:
            pages[-1] = name
        # Calls too: most pages call the same globals with the same arguments (the site's
        # default social image, the same thumbnails on neighbouring list pages).
        shared = self._shared
        calls = tuple(shared.setdefault(call, call) for call in trace.calls)
        self.new[name] = [digest, names, keys, shared.setdefault(calls, calls),
                          tuple(trace.found), None]

    def written(self, path: str) -> None:
        """After the writer put a rendered page in place: its stamp completes the trace."""
        name = os.path.relpath(path, self.output_path).replace(os.sep, "/")
        held = self.new.get(name)
        if isinstance(held, list):
            held[5] = _stamp(path)
            self.new[name] = tuple(held)

    # -- one write_file() call --------------------------------------------------------
    # A page's trace is checked inside Pelican's writer, once the writer has made the
    # page's context: for every page, a copy of the whole context, the paginator's pages,
    # the file's folder, and then the link of the unchanged file. At 1,000 articles that
    # was most of a preview save (2,081 pages, 0.5 s on two cores) for one changed page.
    #
    # So each write_file() call (CheckedWriter keeps them as jobs, parallel.py) has a
    # trace of its own: what the call was given (its output name, template and arguments:
    # these decide its pages, their names and their paginators, the way Pelican's writer
    # makes them) and the union of what its pages read (the names of the context and of
    # the template globals that are not the call's own, and the contents). When all of it
    # is as it was, the call's pages are the previous site's: CheckedWriter links them
    # without calling the writer. The check of one call is a few fingerprints already
    # known (the context's values are the same objects for every page; contents are
    # fingerprinted before the first page, site.py _know_contents), its pages' recorded
    # calls of template globals made again (as a page's check does), and a stat per
    # page. Anything else leaves the call to the writer, whose pages are checked one by
    # one as before.
    def job_begin(self) -> None:
        self._job_pages = []

    def job_end(self, name: str, template, context: dict, args: tuple, kwargs: dict) -> None:
        """After write_file() wrote every page of a call: the call's trace."""
        pages, self._job_pages = self._job_pages, None
        if not pages or None in pages or len(set(pages)) != len(pages):
            return
        try:
            parameters, given = _writer_arguments(args, kwargs)
            if _job_untraceable(parameters):
                return
            held = [self.new[page] for page in pages]
            names = tuple(sorted({n for trace in held for n in trace[1]}))
            names = self._shared.setdefault(names, names)  # one tuple for most calls
            keys = tuple(sorted({k for trace in held for k in trace[2]}))
            digest = self._job_digest(template, context, parameters, given, names, keys,
                                      name)
        except Exception:  # noqa: BLE001 - Untraceable and the like: no trace, as a page
            return
        self.new_jobs[name] = (digest, names, keys, tuple(pages))

    def job_unchanged(self, job) -> list[str] | None:
        """The pages of a write_file() call whose inputs are all as they were, the
        previous site holding each page as it was written; None otherwise."""
        old = self.old_jobs.get(job.name)
        if old is None or job.template is None:
            return None
        digest, names, keys, pages = old
        traces = [self.old.get(page) for page in pages]
        if any(trace is None or trace[5] is None for trace in traces):
            return None
        try:
            instrument(job.template.environment)  # as a render would: its globals recorded
            parameters, given = _writer_arguments(job.args, job.kwargs)
            if _job_untraceable(parameters) or self._job_digest(
                    job.template, job.context, parameters, given, names, keys,
                    job.name) != digest:
                return None
            if len(pages) > 1 or _paginated(parameters, given, self.paginated_templates):
                page_context = None  # its pages' own names are not at hand here
            else:
                def page_context():
                    return _page_context(job, parameters, given)
            for trace in traces:
                if not _same_calls(job.template, trace[3], page_context):
                    return None
        except Exception:  # noqa: BLE001 - the writer makes the pages, which reports it
            return None
        for page, trace in zip(pages, traces):
            if _stamp(self._previous_root + page) != trace[5]:
                return None
        return list(pages)

    def job_kept(self, name: str, pages: list[str]) -> None:
        """A call whose pages were linked: its traces and its pages' stay as they were,
        and what the pages' renders recorded is given again."""
        log = diagnostics.log()
        for page in pages:
            trace = self.old[page]
            log.extend(trace[4])
            self.new[page] = trace
        self.new_jobs[name] = self.old_jobs[name]
        self.counts["dilewati"] += len(pages)

    def _job_digest(self, template, context: dict, parameters: dict, given: dict, names,
                    keys, name: str) -> bytes:
        env = template.environment
        values = self.values
        values.sweep()
        parts = [self.build.encode(), b"job", template.name.encode(), values.of(name)]
        for key in sorted(parameters):
            parts.append(key.encode() + values.of(parameters[key]))
        for key in sorted(given):
            parts.append(b"=" + key.encode() + values.of(given[key]))
        derived = _derived_names(parameters, given, self.paginated_templates)
        # What the names read from the context and the globals spell: the same for most
        # calls of a build (one article page's names are another's), so made once.
        shared_key = (names, tuple(given), derived, id(context), id(env),
                      None if "localsiteurl" in derived else context.get("localsiteurl"))
        spelled = self._names_spelled.get(shared_key)
        if spelled is None:
            spelled = []
            for read in names:
                if read in given or read in derived:
                    continue  # the call's own, above, or made by the writer from them
                value = context[read] if read in context else env.globals.get(read, _MISSING)
                spelled.append(read.encode() + values.of(value))
            spelled = self._names_spelled[shared_key] = b"\0".join(spelled)
        parts.append(spelled)
        parts += self._contents_spelled(keys)
        return _digest(b"\0".join(parts))

    def _contents_spelled(self, keys) -> list[bytes]:
        """The whole state of each content named (Untraceable when one is not in this
        build, or two contents have its key)."""
        held, of_content = contents(), self.values.of_content
        spelled = []
        for key in keys:
            content = held.registry.get(key)
            if content is None or key in held.clashes:
                raise Untraceable(f"no content {key}")
            spelled.append(of_content(content))
        return spelled

    def _digest(self, template, localcontext: dict, names, keys) -> bytes:
        env = template.environment
        values = self.values
        values.sweep()  # what the previous page alone held
        parts = [self.build.encode(), template.name.encode()]
        for name in names:
            if name in localcontext:
                value = localcontext[name]
            else:
                value = env.globals.get(name, _MISSING)
            parts.append(name.encode() + values.of(value))
        parts += self._contents_spelled(keys)
        return _digest(b"\0".join(parts))



def _same_calls(template, calls, localcontext_of) -> bool:
    """Whether the template globals a render called (a trace's calls) give the results
    they gave, called again now (they may read state no context holds: the image cache).
    A global that takes the template's context gets one made from localcontext_of(), the
    page's context as the writer makes it; None: such a call cannot be checked."""
    context = None
    for call_name, args, kwargs, result in calls:
        function = template.environment.globals.get(call_name)
        if not isinstance(function, _recorded_call):
            return False
        given = args
        if function.jinja_pass_arg is not None:
            if localcontext_of is None:
                return False
            context = context or new_context(template.environment, template.name, {},
                                             localcontext_of(), globals=template.globals)
            given = (context, *args)
        if fingerprint(function.function(*given, **dict(kwargs))) != result:
            return False
    return True


def _writer_arguments(args: tuple, kwargs: dict) -> tuple[dict, dict]:
    """A write_file() call's arguments after the context: Pelican's own parameters, and
    the names it adds to each page's context."""
    parameters = dict(zip(WRITER_PARAMETERS, args))
    given = {}
    for key, value in kwargs.items():
        if key in WRITER_PARAMETERS:
            parameters[key] = value
        else:
            given[key] = value
    return parameters, given


def _job_untraceable(parameters: dict) -> bool:
    """Calls whose pages depend on more than their arguments and what they read: output
    written over on purpose (override_output: which write wins is decided by the order of
    all calls)."""
    return bool(parameters.get("override_output"))


def _paginated(parameters: dict, given: dict, templates) -> dict:
    """The lists Pelican's writer paginates for a call (write_file's own rule), given the
    PAGINATED_TEMPLATES setting."""
    paginated = parameters.get("paginated")
    if paginated is None:
        paginated = {key: value for key, value in given.items() if key in ("articles", "dates")}
    if not paginated or parameters.get("template_name") not in templates:
        return {}
    return paginated


def _derived_names(parameters: dict, given: dict, templates) -> frozenset:
    """The names the writer puts in a page's context from the call's arguments (with
    relative addresses, SITEURL and localsiteurl are the page's way back to the root)."""
    relative = bool(parameters.get("relative_urls"))
    return _derived_for(relative, tuple(_paginated(parameters, given, templates)))


@functools.lru_cache(maxsize=64)
def _derived_for(relative: bool, paginated: tuple) -> frozenset:
    names = _WRITER_NAMES | _RELATIVE_NAMES if relative else _WRITER_NAMES
    return names | {key + suffix for key in paginated for suffix in _PAGE_NAMES}


def relative_root(name: str) -> str:
    """Pelican's writer's SITEURL for the page `name` with relative addresses: '..' once
    per folder the name is in (get_relative_path), made once per depth."""
    if name.startswith("/") or name.endswith("/") or "//" in name or os.sep != "/":
        return path_to_url(get_relative_path(name))
    depth = name.count("/")
    known = _ROOTS.get(depth)
    if known is None:
        known = _ROOTS[depth] = path_to_url(get_relative_path(name))
    return known


_ROOTS: dict[int, str] = {}


def _page_context(job, parameters: dict, given: dict) -> dict:
    """The context Pelican's writer gives the one page of a call that is not paginated."""
    localcontext = dict(job.context)
    localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
    if parameters.get("relative_urls"):
        localcontext["SITEURL"] = localcontext["localsiteurl"] = relative_root(job.name)
    localcontext["output_file"] = job.name
    localcontext.update(given)
    return localcontext


def _stamp(path: str | os.PathLike):
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def build_fingerprint(settings: dict) -> str:
    """Everything besides the context that shapes a page: settings, templates, the
    plugins' code and the libraries it uses (common/cachekeys.py, the render scope)."""
    return cachekeys.render_key(settings, FORMAT)


class Contents:
    """Every content object of one build, by its identity (content_object_init signal);
    held by the build (common/build.py), so the next build starts with none."""

    def __init__(self) -> None:
        self.registry: dict[tuple, Content] = {}
        self.key_of: dict[int, tuple] = {}  # id(content) -> its key, one tuple per content
        self.clashes: set[tuple] = set()


def contents() -> Contents:
    """The running build's content registry."""
    return build_state.running().slot("build_report.contents", Contents)


def remember_content(content) -> None:
    held = contents()
    key = content_key(content)
    if key in held.registry and held.registry[key] is not content:
        held.clashes.add(key)
    held.registry[key] = content
    held.key_of[id(content)] = key


class _TracedTemplate:
    """What the writer is given instead of a template: checks the trace before rendering."""

    def __init__(self, template, traces: Traces) -> None:
        self.template, self.traces = template, traces
        self.name = template.name
        self.environment = template.environment

    def render(self, localcontext: dict) -> str:
        name = str(localcontext.get("output_file", ""))
        traces = self.traces
        instrument(self.environment)
        if name and traces.unchanged(name, self.template, localcontext):
            traces.counts["dilewati"] += 1
            traces.skipped.add(os.path.normpath(os.path.join(traces.output_path, name)))
            return ""
        traces.counts["dirender"] += 1
        return traces.render(name, self.template, localcontext)

    def __getattr__(self, attribute):
        return getattr(self.template, attribute)
