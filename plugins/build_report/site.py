"""A Pelican that stops a broken build with a return, and a writer that never crashes it.

Pelican.run() reads, signals all_generators_finalized, then writes; a mistake found while
reading could only stop it by raising from a signal handler (SystemExit), which also ends
a watch loop that runs builds in-process. CheckedPelican (PELICAN_CLASS in pelicanconf.py)
runs the same steps in build(), which returns whether the site was written:

- before writing, when the content has mistakes, it prints them all and returns False;
- while writing, CheckedWriter writes each file under common.diagnostics.working_on()
  its source, and turns what goes wrong into a diagnostic of that file (a template
  error at its template line, a file system failure such as a full disk or a name too
  long), then goes on with the next file, so every problem is listed at once;
- an exception from our own code becomes an internal error naming the file being
  worked on; its traceback goes to .cache/galat-internal.log for developers.

run() keeps Pelican's contract for `pelican` on the command line: it raises SystemExit(1)
after build() returns False, outside any signal handler.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import sys
import time
import traceback
from pathlib import Path, PurePosixPath

from jinja2 import TemplateError, TemplateSyntaxError
from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.utils import clean_output_dir, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from common import build as build_state
from common import diagnostics, inventory, outfiles

from . import documents, feedtext, net, parallel, renders, stray
from .static import WrittenStaticGenerator

logger = logging.getLogger(__name__)

INTERNAL_LOG = Path(".cache") / "galat-internal.log"
# Sent once everything is written (after `finalized`, whose handlers write too), with
# pages={absolute path: (content, (inode, size, mtime_ns) right after writing)} of every
# file the writer made for an article or a page: the news plugin finds a file the build
# wrote in a staff page's place. A named blinker signal, so no plugin imports another.
SITE_WRITTEN = signals.signal("kabar_site_written")


class CheckedPelican(Pelican):
    """Pelican whose build returns instead of raising, with every problem reported."""

    def __init__(self, settings):
        # The build's state (common/build.py): the one the in-process API started, or,
        # under Pelican's own command line, a new one until the next build.
        self.build_state = build_state.for_pelican()
        self.net = net.install(Path(settings["PATH"]))
        self.finished = False
        with guarded("pelicanconf.py"):
            super().__init__(settings)

    def run(self) -> None:  # Pelican's CLI entry point
        if not self.build():
            raise SystemExit(1)

    def build(self) -> bool:
        """Read, check and write the site; False (nothing more written) on any mistake."""
        start = time.monotonic()
        taken = None
        with guarded(None):
            taken = self._take_inventory()
        if not taken:
            return report()  # nothing under content/ has been read
        generators = None
        with guarded("pelicanconf.py"):
            generators = self._make_generators()
        if generators is None:
            return report()
        # Mistakes found so far (settings, vocabularies) are listed with the rest.

        for generator in generators:
            with guarded(getattr(generator, "path", None)):
                _quick_period_archives(generator)
                if hasattr(generator, "generate_context"):
                    generator.generate_context()
                if hasattr(generator, "check_disabled_readers"):
                    generator.check_disabled_readers()
        with guarded(None):
            signals.all_generators_finalized.send(generators)
        with guarded(None):
            self._report_stray_files(generators)
        if diagnostics.has_errors():
            return report()

        writer = None
        with guarded(None):
            for generator in generators:
                if hasattr(generator, "refresh_metadata_intersite_links"):
                    generator.refresh_metadata_intersite_links()
                _quick_membership(generator)
            writer = self._get_writer()
        deferring = hasattr(writer, "defer")
        for generator in writer.output_order(generators) if deferring else generators:
            if hasattr(generator, "generate_output") and not diagnostics.has_errors():
                # Its pages are written once it has given them all, on two cores
                # (parallel.py), before the next generator writes: what each generator
                # writes lands in the order it always did.
                if deferring:
                    writer.defer(type(generator).__name__)
                with guarded(None):
                    generator.generate_output(writer)
                if deferring:
                    with guarded(None):
                        writer.write_pending()
        if not diagnostics.has_errors():
            with guarded(None):
                signals.finalized.send(self)
        if not diagnostics.has_errors() and writer is not None:
            with guarded(None):  # every plugin has written: who took a page's place?
                SITE_WRITTEN.send(self, pages=writer.content_files)
        if diagnostics.has_errors():
            return report()
        report()  # warnings only, if any
        self.finished = True
        traces = getattr(writer, "traces", None)
        if traces is not None:
            traces.save()
        _summary(generators, time.monotonic() - start, traces)
        return True

    def _take_inventory(self) -> bool:
        """content/ walked before any reader or plugin opens a file (common/inventory.py):
        False when it holds a link out of it, a link loop or what is not a plain file.

        Then the build stops here, before any generator is made: every reader (Pelican's
        walk, the read-ahead workers, the images, audio and innovation plugins) follows
        links, so none may run. The documents are judged from the list too, so this one
        report names every file of content/ that cannot be published.
        """
        root = Path(self.path)
        taken = inventory.take(root)
        if not taken.refused:
            return True
        shown = diagnostics.display_path(root)
        for refusal in taken.refused:
            diagnostics.record(f"{shown}/{refusal.path}", 0, 0, refusal.code, refusal.message)
        folders = [PurePosixPath(f.strip("/")) for f in self.settings.get("STATIC_PATHS") or ()]
        for relative in taken.files:
            if any(f in (PurePosixPath(""), PurePosixPath(".")) or f == relative
                   or f in relative.parents for f in folders):
                verdict = documents.judge(root / relative, relative)
                if verdict.code:
                    diagnostics.record(f"{shown}/{relative}", 0, 0, verdict.code,
                                       verdict.message)
        return False

    def _report_stray_files(self, generators) -> None:
        """Files under content/ that no reader and no plugin claims (stray.py)."""
        claims: dict[str, set[str]] = {}
        for generator in generators:
            readers = getattr(generator, "readers", None)
            extensions = {f".{e}" for e in getattr(readers, "extensions", ())}
            for key in ("ARTICLE_PATHS", "PAGE_PATHS"):
                for folder in self.settings.get(key) or ():
                    claims.setdefault(folder, set()).update(extensions)
        for folder in self.settings.get("STATIC_PATHS") or ():
            claims.setdefault(folder, set()).add("*")
        for folder, extensions in generators[0].context.get("content_claims", {}).items():
            claims.setdefault(folder, set()).update(extensions)
        static = self.settings.get("STATIC_PATHS") or ()
        for found in stray.stray_files(Path(self.path), claims) + \
                stray.photos_published_raw(Path(self.path), static):
            diagnostics.record(Path(self.path) / found.path, 0, 0, found.code, found.message)

    def _get_generator_classes(self) -> list:
        # Theme files and documents go through the build's one writer (static.py).
        return [WrittenStaticGenerator if cls is StaticGenerator else cls
                for cls in super()._get_generator_classes()]

    def _make_generators(self) -> list:
        context = self.settings.copy()
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.settings["SITEURL"]
        generators = [cls(context=context, settings=self.settings, path=self.path,
                          theme=self.theme, output_path=self.output_path)
                      for cls in self._get_generator_classes()]
        if self.delete_outputdir and os.path.commonpath(
                [os.path.realpath(self.output_path)]) != os.path.commonpath(
                [os.path.realpath(self.output_path), os.path.realpath(self.path)]):
            clean_output_dir(self.output_path, self.output_retention)
        return generators


class _Members(list):
    """A list of articles whose `in` is a set lookup (by identity, as Content compares).

    Pelican's generate_tags, generate_categories and generate_authors write each page with
    `[a for a in self.dates if a in articles]`: a list scan per article, per tag. At 10,000
    articles that is about 4 s of every build (9 s under a profiler), repeated for every
    warm build. The lists are the same lists, with the same order and items.
    """

    _ids: frozenset | None = None
    _size = -1  # the length _ids was made for

    def __contains__(self, item) -> bool:
        if self._ids is None or self._size != len(self):
            self._ids, self._size = frozenset(map(id, self)), len(self)
        return id(item) in self._ids


# A page's trace spells it as the list it is, without the chain of type tests (20,000
# write_file() calls at 10,000 articles are given one of these).
renders.spell_as_list(_Members)


def one_walk(generator) -> None:
    """Walk the content folders once per generator and build (generator_init).

    Pelican's get_files walks a generator's folders on every call, matching each name
    against IGNORE_FILES: the read-ahead (content_cache/prefetch.py), generate_context and
    check_disabled_readers each call it, three walks of 10,000 files a save at 10,000
    articles. Here the first call of a (paths, exclude) pair walks with every extension
    allowed, and each call gets the files of its extensions from that list: Pelican's
    _include_path keeps a file when no IGNORE_FILES pattern matches its name and its
    extension is among those asked, so the files of any extensions are those of all
    extensions whose extension is among them. Kept on the generator, which lives for one
    build; all its calls see the folders as the first one saw them."""
    plain = getattr(generator, "get_files", None)
    readers = getattr(generator, "readers", None)
    if plain is None or getattr(plain, "_one_walk", False):
        return
    walked: dict[tuple, set] = {}

    def get_files(paths, exclude=None, extensions=None):
        if extensions is None:
            if readers is None:
                return plain(paths, exclude=exclude, extensions=extensions)
            extensions = tuple(readers.extensions)  # as _include_path takes them
        try:
            key = (tuple([paths] if isinstance(paths, str) else paths), tuple(exclude or ()))
            hash(key)
        except TypeError:
            return plain(paths, exclude=exclude, extensions=extensions)
        every = walked.get(key)
        if every is None:
            every = walked[key] = plain(paths, exclude=exclude, extensions=False)
        if extensions is False:
            return set(every)
        return {path for path in every
                if os.path.splitext(os.path.basename(path))[1][1:] in extensions}

    get_files._one_walk = True
    generator.get_files = get_files


def _quick_period_archives(generator) -> None:
    """Pelican's period archives without its list scan (same lists, same order).

    ArticlesGenerator._build_period_archives lists each year's, month's and day's
    articles with `[a for a in articles if a in dates]`: a scan of the period's list for
    every article, for every period, inside generate_context (about 1.5 s of every build
    at 10,000 articles). Here Pelican's method runs with no articles to filter, and each
    archive's list is then made with a set lookup (by identity, as Content compares).
    """
    build = getattr(generator, "_build_period_archives", None)
    if build is None or getattr(build, "_quick", False):
        return

    def quick(sorted_articles, articles, settings):
        archives = build(sorted_articles, [], settings)
        # Where each article stands in `articles` (every place, should one be there
        # twice): an archive's list is its dates' articles in that order, found without
        # a scan of all of them per period (130 scans of 10,000 at 10,000 articles).
        places: dict[int, list[int]] = {}
        for place, article in enumerate(articles):
            places.setdefault(id(article), []).append(place)
        for periods in archives.values():
            for archive in periods:
                found = sorted({place for key in set(map(id, archive["dates"]))
                                for place in places.get(key, ())})
                archive["articles"] = [articles[place] for place in found]
        return archives

    quick._quick = True
    generator._build_period_archives = quick


def _quick_membership(generator) -> None:
    """Give Pelican's tag, category and author lists a set lookup (_Members)."""
    tags = getattr(generator, "tags", None)
    if isinstance(tags, dict):
        for tag, articles in tags.items():
            tags[tag] = _Members(articles)
    for name in ("categories", "authors"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list) and all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
            setattr(generator, name, [(key, _Members(items)) for key, items in pairs])
            if generator.context.get(name) is pairs:
                generator.context[name] = getattr(generator, name)


_UNCHECKED = object()
_ABSENT = object()


class CheckedWriter(Writer):
    """Pelican's writer, one file at a time under the net: a failure is that file's.

    Files are put in place by the build's one writer (outfiles.site_writer): written to a
    temporary name and renamed, only when their bytes changed, and hard-linked from the
    previous site when it holds them. Pelican's Writer has no public hook for how a file is opened, so _open_w, the
    method its write_file and write_feed open every output file through, is overridden
    here (and only here); its bookkeeping of files written twice is kept as it is.
    """

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        self.site = outfiles.site_writer(output_path)  # the build's one writer
        self.previous = self.site.previous
        self.content_files: dict[str, tuple] = {}  # see SITE_WRITTEN
        self.pending: list | None = None  # write_file() calls kept (defer)
        self.maker: str | None = None  # the generator giving them
        self._written_first: dict[int, object] = {}  # by id(job): localsiteurl it left
        self._first_wanted: frozenset[str] = frozenset()  # Build.first_pages, when told
        # Pages whose inputs did not change are linked, not rendered (renders.py); only
        # with the content cache on, which also means no other build shares the caches.
        self.traces = None
        self._contents_known = False
        self._checked: dict[int, list | None] = {}  # write_pending's checks, by id(job)
        self._root: str | None = None  # the output folder as sanitised_join spells it
        if settings and settings.get("CACHE_CONTENT"):
            self.traces = renders.Traces(settings, output_path, self.previous)

    def _open_w(self, filename, encoding, override=False):
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously '
                    "overwritten)")
            return open(os.devnull, "w", encoding=encoding)  # the first one is kept
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already written to it '
                "previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _OutputFile(filename, encoding, self.site, self.traces)

    def defer(self, maker: str | None = None) -> None:
        """From now on keep each page's write_file() as a job, until write_pending();
        `maker`: the generator giving them (its class's name)."""
        self.pending = []
        self.maker = maker
        build = build_state.running()
        self._first_wanted = build.pages_first() if self.traces is not None else frozenset()

    def output_order(self, generators: list) -> list:
        """The order generators write in: Pelican's; in a preview build asked for pages
        first (Build.first_pages), the generators that gave those pages in the previous
        build go first, so that a tab on an innovation's profile does not wait for every
        article's page (_write_first). A generator writes its own files; what one writes
        never depends on what another wrote (a file two write is a mistake either way,
        news/unique.py), and the static files stay last, as Pelican has them."""
        wanted = build_state.running().pages_first()
        if not wanted or self.traces is None:
            return generators
        makers = self.traces.makers_of(wanted)
        front = [g for g in generators if type(g).__name__ in makers and
                 not isinstance(g, StaticGenerator)]
        return front + [g for g in generators if g not in front]

    def write_pending(self) -> None:
        """Do the kept jobs, on two cores when that pays (parallel.py). Each job's trace
        is checked first (renders.py, job_unchanged): jobs whose pages are the previous
        site's are linked, and only the jobs left to render are worth a second process."""
        jobs, self.pending = self.pending, None
        if not jobs:
            return
        if self.traces is not None and self.maker is not None:
            self.traces.new_makers.update(dict.fromkeys((job.name for job in jobs),
                                                        self.maker))
        first, self._written_first = self._written_first, {}
        if first:  # pages written as they were given (_write_first)
            last = jobs[-1]
            jobs = [job for job in jobs if id(job) not in first]
        try:
            if jobs:
                self._write_jobs(jobs)
        finally:
            if first and id(last) in first and first[id(last)] is not _ABSENT:
                last.context["localsiteurl"] = first[id(last)]  # as the last job left it

    def _write_jobs(self, jobs: list) -> None:
        traces = self.traces
        to_render = None
        if traces is not None:
            if not self._contents_known:
                self._contents_known = True
                self._know_contents()
            if traces.old_jobs:
                self._checked = {id(job): traces.job_unchanged(job) for job in jobs}
                to_render = sum(1 for pages in self._checked.values() if pages is None)
        try:
            parallel.run(self, jobs, self.settings, to_render)
        finally:
            self._checked = {}

    def _write_first(self, job) -> None:
        """Write now, as Pelican's generator gives it, a job of a page someone is looking
        at (Build.first_pages: the preview's open tabs), then tell where it is
        (Build.on_first_pages): the preview serves the page to its tab before the rest of
        the site is written and swapped in.

        A page's bytes follow from the build's context alone, final by now (Pelican writes
        once every generator's context and every all_generators_finalized handler is
        done), so a page written first is the page written in its turn. What the job
        leaves in the shared context (`localsiteurl`, with relative URLs) is put back at
        once, and set again when its list is done if it was the last job (write_pending),
        so every later step sees what it sees in job order. Left to its turn: a job whose
        pages are the previous site's (linked, nothing new to show), a job that overrides
        a file (which write wins depends on the order; a file written twice otherwise is
        a mistake in any order)."""
        wanted, traces = self._first_wanted, self.traces
        told = build_state.running().on_first_pages
        if told is None or traces is None or job.template is None or \
                diagnostics.has_errors():
            return
        names = {job.name}
        old = traces.old_jobs.get(job.name)
        if old is not None:
            names.update(old[3])
        if names.isdisjoint(wanted):
            return
        parameters, _ = renders._writer_arguments(job.args, job.kwargs)
        if parameters.get("override_output") or (
                traces.old_jobs and traces.job_unchanged(job) is not None):
            return
        context = job.context
        before = context.get("localsiteurl", _ABSENT)
        known = set(self._written_files)
        self._write_now(job.name, job.template, context, *job.args, **job.kwargs)
        self._written_first[id(job)] = context.get("localsiteurl", _ABSENT)
        if before is _ABSENT:
            context.pop("localsiteurl", None)
        else:
            context["localsiteurl"] = before
        written = {os.path.relpath(path, self.output_path).replace(os.sep, "/"): path
                   for path in sorted(self._written_files - known)}
        if written and not diagnostics.has_errors():
            told(written)

    def _output_file(self, name: str) -> str:
        """sanitised_join(output_path, name), as Pelican's writer names its files; for a
        plain relative name (the traces' names are the writer's own), without its two
        abspath() calls."""
        if name and not name.startswith(("/", "..")) and os.sep == "/" and \
                os.path.normpath(name) == name:
            root = self._root
            if root is None:
                root = self._root = sanitised_join(self.output_path, ".")
            if not root.endswith("/"):
                return root + "/" + name
        return sanitised_join(self.output_path, name)

    def _link_job(self, job, pages: list[str]) -> None:
        """The pages of an unchanged job, put in place as Pelican's writer would have
        put them had it rendered them (renders.py skips each render; the file is the
        previous site's): noted as written, and announced with content_written."""
        source = _source_of(job.kwargs)
        with guarded(source, output=os.path.join(self.output_path, job.name),
                     template=job.template):
            paths = [self._output_file(page) for page in pages]
            if any(path in self._written_files or path in self._overridden_files
                   for path in paths):  # another job wrote there: as Pelican would,
                # the writer decides, and reports, as always
                self._write_now(job.name, job.template, job.context, *job.args,
                                **job.kwargs)
                return
            site, traces = self.site, self.traces
            context = job.signal_context()
            first_linked = False
            for index, (page, path) in enumerate(zip(pages, paths)):
                if index:  # a list's further pages: their folders, as the writer makes
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                if site.previous is not None:
                    linked = site.link_unchanged(path, page) == "linked"
                    first_linked = first_linked or (linked and not index)
                else:  # a build in place: the page is already there
                    site.manifest.note(path, "same")
                self._written_files.add(path)
                signals.content_written.send(path, context=context)
            traces.job_kept(job.name, pages)
            if parallel.Job.relative_urls(job):
                # What Pelican's writer leaves in the shared context after the last page
                # (contents read it for their links when their HTML is made later).
                job.context["localsiteurl"] = renders.relative_root(pages[-1])
            content = job.kwargs.get("article") or job.kwargs.get("page")
            if source is not None and content is not None:
                # A link is the file the trace's stamp was checked on, just now.
                stamp = traces.old[pages[0]][5] if first_linked else None
                if stamp is None:
                    done = os.stat(paths[0])
                    stamp = (done.st_ino, done.st_size, done.st_mtime_ns)
                self.content_files[os.path.abspath(paths[0])] = (content, stamp)

    def _know_contents(self) -> None:
        """Before the first pages are checked: the fingerprint of every content the
        previous traces name, half in this process and half in a fork. The build and the
        fork that write pages each computed all of them before, as each met them (the
        fork's lists name every article): 3 s of processor time at 10,000 articles, the
        dearest part of checking the traces. Every content is final by now: Pelican
        writes once every generator's context and every all_generators_finalized handler
        is done, and no value a template reads changes while pages are written."""
        items = self.traces.needed_contents()
        digests = parallel.two_halves(self.traces.values.of_content, items, self.settings)
        if digests is not None:
            self.traces.know_contents(items, digests)

    def write_file(self, name, template, context, *args, **kwargs):
        if self.pending is not None:
            job = parallel.Job(name, template, context, args, kwargs)
            self.pending.append(job)
            if self._first_wanted:
                self._write_first(job)
            return None
        return self._write_now(name, template, context, *args, **kwargs)

    def write_job(self, job) -> None:
        """One kept write_file() call. When its trace says its pages are the previous
        site's (renders.py, job_unchanged), they are linked without Pelican's writer."""
        traces = self.traces
        if traces is not None and traces.old_jobs:
            pages = self._checked.get(id(job), _UNCHECKED)
            if pages is _UNCHECKED:
                pages = traces.job_unchanged(job)
            if pages is not None:
                self._link_job(job, pages)
                return
        self._write_now(job.name, job.template, job.context, *job.args, **job.kwargs)

    def _write_now(self, name, template, context, *args, **kwargs):
        source = _source_of(kwargs)
        with guarded(source, output=os.path.join(self.output_path, name), template=template):
            given = template
            traces = self.traces
            if traces is not None and template is not None:
                given = renders._TracedTemplate(template, traces)
                traces.job_begin()
            written = super().write_file(name, given, context, *args, **kwargs)
            if given is not template:
                traces.job_end(name, template, context, args, kwargs)
            content = kwargs.get("article") or kwargs.get("page")
            if source is not None and content is not None:
                done = os.stat(os.path.join(self.output_path, name))
                self.content_files[os.path.abspath(os.path.join(self.output_path, name))] = (
                    content, (done.st_ino, done.st_size, done.st_mtime_ns))
            return written

    def write_feed(self, elements, context, path=None, url=None, feed_type="atom",
                   override_output=False, feed_title=None):
        # A character XML cannot hold is the article's mistake, not the feed's (feedtext).
        blamed = feedtext.unwritable(elements[:self.settings.get("FEED_MAX_ITEMS")])
        for item in blamed:
            diagnostics.record(item.source or "pelicanconf.py", item.line, item.column,
                               "BRT015", feedtext.message(item.char, path))
        if blamed:
            return None
        # A feed whose items and arguments are those of the previous build is that
        # build's file, linked (renders.py keeps its trace). Not when a plugin listens
        # for feed_written: it is given the feed object, which is then made.
        traces, name, digest = self.traces, None, None
        if path and traces is not None and not signals.feed_written.receivers:
            name = os.path.normpath(path).replace(os.sep, "/")
            digest = traces.feed_digest(
                elements[:self.settings.get("FEED_MAX_ITEMS")], context,
                (path, url, feed_type, bool(override_output), feed_title))
            if traces.feed_unchanged(name, digest):
                complete = sanitised_join(self.output_path, path)
                traces.skipped.add(os.path.normpath(complete))
                with guarded(None, output=complete):
                    os.makedirs(os.path.dirname(complete), exist_ok=True)
                    with self._open_w(complete, "utf-8", override_output):
                        pass  # closed unwritten: the previous site's file is linked
                return None
            traces.feed_made(name, digest)
        feed = None  # a failure guarded() records (a file past `ulimit -f`) makes none
        with guarded(None, output=os.path.join(self.output_path, path or "")):
            with diagnostics.log().recording() as found:
                feed = super().write_feed(elements, context, path, url, feed_type,
                                          override_output, feed_title)
        if name is not None:
            traces.feed_found(name, found)
        return feed

    def _add_item_to_the_feed(self, feed, item):
        # Pelican's writer adds each article to a feed here (no public hook per item):
        # what making its content logs or raises is that article's.
        with guarded(getattr(item, "source_path", None)):
            return super()._add_item_to_the_feed(feed, item)


class _OutputFile(io.StringIO):
    """What Pelican writes a page or feed into; put in place whole when closed."""

    def __init__(self, path: str, encoding: str, site: outfiles.SiteWriter, traces=None) -> None:
        super().__init__()
        self.path, self.text_encoding, self.site = path, encoding, site
        self.traces = traces

    def __exit__(self, kind, error, tb):
        try:
            if kind is None:
                traces = self.traces
                if traces is not None and os.path.normpath(self.path) in traces.skipped:
                    # Not rendered: the previous site holds this page (renders.py).
                    if self.site.previous is not None:
                        self.site.link_previous(self.path)
                    else:  # a build in place: the page is already there
                        self.site.manifest.note(self.path, "same")
                else:
                    self.site.put(self.path, self.getvalue().encode(self.text_encoding))
                    if traces is not None:
                        traces.written(self.path)
        finally:
            self.close()
        return False


def writer_class(pelican):
    """get_writer signal: the checked writer."""
    return CheckedWriter


def publish_documents_only(generator) -> None:
    """static_generator_finalized: Pelican's list of files it copies as they are (the
    documents of STATIC_PATHS, and files linked with {static} or {attach}) keeps only
    documents (documents.py); each other file is a diagnostic and is not copied."""
    root = Path(generator.path)
    kept = []
    for static in generator.staticfiles:
        relative = PurePosixPath(Path(static.relative_source_path).as_posix())
        verdict = documents.judge(root / relative, relative)
        if verdict.publish:
            kept.append(static)
        elif verdict.code:
            diagnostics.record(f"{diagnostics.display_path(root)}/{relative}", 0, 0,
                               verdict.code, verdict.message)
    generator.staticfiles[:] = kept  # the list the context holds as "staticfiles" too
    if generator.context.get("staticfiles") is not generator.staticfiles:
        generator.context["staticfiles"] = generator.staticfiles


class guarded:  # noqa: N801 - a context manager used like a function
    """Run a step of the build; what it raises becomes a diagnostic, not a traceback."""

    def __init__(self, source, output: str | None = None, template=None) -> None:
        self.source = source
        self.output = output
        self.template = template
        self._scope = None

    def __enter__(self):
        self._scope = diagnostics.working_on(self.source) if self.source else None
        if self._scope:
            self._scope.__enter__()
        return self

    def __exit__(self, kind, error, tb) -> bool:
        try:
            if error is None or not isinstance(error, Exception):
                return False
            record_failure(error, tb, self.source or diagnostics.current_file(),
                           self.output, self.template)
            return True
        finally:
            if self._scope:
                self._scope.__exit__(None, None, None)


def record_failure(error: Exception, tb, source, output: str | None, template) -> None:
    """The diagnostic for an exception raised while building `source` (or `output`)."""
    where = source or "pelicanconf.py"
    target = f" (menulis {diagnostics.display_path(output)})" if output else ""
    if isinstance(error, TemplateSyntaxError):
        diagnostics.record(error.filename or where, error.lineno or 0, 0, "TPL001",
                           f"templat tema tidak dapat dibaca: {error.message}")
        return
    if isinstance(error, TemplateError):
        file, line = _template_frame(tb)
        diagnostics.record(file or where, line, 0, "TPL002",
                           f"templat tema gagal menulis halaman{target}: "
                           f"{type(error).__name__}: {error}")
        return
    if isinstance(error, OSError):
        path, message = file_system_failure(error, output, source)
        diagnostics.record(path or where, 0, 0, "FS001", message)
        return
    if type(error).__name__ == "UnserializableContentError":
        diagnostics.record(where, 0, 0, "BRT015",
                           "teks berisi karakter kendali yang tidak boleh ada di umpan "
                           f"berita{target}; hapus karakter tak terlihat itu")
        return
    log = write_internal_log(error, tb, where)
    template_file, template_line = _template_frame(tb)
    if template_file:
        target += f" di {diagnostics.display_path(template_file)} baris {template_line}"
    diagnostics.record(where, 0, 0, "INT001",
                       f"kesalahan internal saat memproses berkas ini{target}: "
                       f"{type(error).__name__}: {diagnostics.quote(error)}. Ini bukan "
                       f"kesalahan Anda: laporkan ke pengembang situs dengan berkas {log}")


def file_system_failure(error: OSError, output: str | None = None,
                        source=None) -> tuple[str | None, str]:
    """Where a failure of the file system is reported, and what it means in the words staff
    and hosts use: a failed write at the file being written (the output file, never the
    settings), a failed read at the file being read; None: the step's own file."""
    # In the writer's hands (output), what fails is writing that file or its folders.
    written = outfiles.written_path(error) or output
    if written is None and error.filename is not None:
        return os.fspath(error.filename), f"berkas tidak dapat dibaca: {error.strerror or error}"
    reason = outfiles.failure_reason(error)
    origin = ""
    if written is not None and source:
        origin = f" (isinya dari {diagnostics.display_path(source)})"
    return written, f"berkas keluaran tidak dapat ditulis: {reason}{origin}"


def write_internal_log(error: Exception, tb, where: str) -> str:
    """Append the traceback for developers; returns the log's path as shown to staff."""
    try:
        INTERNAL_LOG.parent.mkdir(parents=True, exist_ok=True)
        with INTERNAL_LOG.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} {where}\n")
            log.write("".join(traceback.format_exception(type(error), error, tb)))
    except OSError:
        return "(log tidak dapat ditulis)"
    return INTERNAL_LOG.as_posix()


def report() -> bool:
    """Print the collected diagnostics once; False when any of them stops the build."""
    found = diagnostics.log().sorted()
    if not found:
        return True
    sys.stdout.flush()
    if diagnostics.has_errors():
        sys.stderr.write(diagnostics.format_report(found) + "\n")
        sys.stderr.flush()
        return False
    sys.stderr.write(diagnostics.format_warnings(found) + "\n")
    sys.stderr.flush()
    return True


def _source_of(kwargs: dict):
    for key in ("article", "page", "innovation"):
        item = kwargs.get(key)
        path = getattr(item, "source_path", None)
        if path:
            return path
    return None


def _template_frame(tb) -> tuple[str | None, int]:
    """The innermost template file and line of a traceback (Jinja rewrites its frames)."""
    found: tuple[str | None, int] = (None, 0)
    for frame, line in traceback.walk_tb(tb):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".j2")):
            found = (name, line)
    return found


def _summary(generators, seconds: float, traces=None) -> None:
    articles = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    pages = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    print(f"Selesai: {len(articles.articles) if articles else 0} berita, "
          f"{len(pages.pages) if pages else 0} halaman dalam {seconds:.2f} detik", flush=True)
    if traces is not None:
        counts = traces.counts
        print(f"Berkas halaman: {counts['dirender']} dirender, {counts['dilewati']} tidak "
              "berubah (tidak dirender ulang)", flush=True)
