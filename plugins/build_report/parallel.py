"""Pages written on two cores: the writer's jobs, shared between the build and one fork.

Pelican writes a site one page after the other: each generator's generate_output() calls
the writer's write_file() once per page (or per paginated list), which renders the
template and writes the file. Rendering (or, in a warm build, checking a page's render
trace, renders.py) is most of a build's writing, and it used one core of two. Pelican has
no hook for how pages are scheduled, so CheckedWriter (site.py) keeps each write_file()
call of a generator's generate_output() as a `Job`, and `run()` does them once that
generator has given them all, before the next generator writes (so what generators write
lands in the order it always did; a file another generator wrote at a page's address is
still found written over, news/unique.py):

- the build's process does the jobs from the first on; a forked child (it has the whole
  build already: context, templates, caches) does them from the last back, and the two
  meet where they meet (a counter in shared memory, under a lock). So the child's part
  is always the tail of the list, and what a build sees afterwards is in job order;
- the child writes its files into the same output folder, through the same writer
  (outfiles.py: written aside and renamed), and sends back, pickled, what its jobs left
  in the build's state: the diagnostics, how each file was put (the manifest), the render
  traces, the files Pelican's writer knows it wrote, the content each page was written
  for, each plugin's own state (`fork_mark`/`fork_delta`/`fork_merge` on a plugin's build
  slot: the photo plan, whose templates may ask for a derivative), and what it printed;
- the build merges that, then sends Pelican's `content_written` for each of the child's
  files, in job order: the signal's handlers (the file list, the search index's feeder,
  whose thread the child does not have) run in the build's process only. They are given
  the job's context and keyword arguments (a paginated list's per-page names are not in
  it; no handler reads them).

A child that fails in any way (killed, crashed, a result that does not unpickle, no
progress for HANG seconds) costs time, not correctness: the build does the child's part
again itself, from where the two met. Its files are put by rename, so a half-finished
child leaves no half-written file, and the pages done again are written again.

Only when it cannot change the site: a job list with an output name twice keeps
Pelican's own order of "already written" (sequential), as does one whose jobs differ in
relative_urls, a small list (fewer than `min_pages` jobs: the fork costs more than it
saves), or fewer than `min_renders` jobs left to render: the writer checks every job's
trace first (site.py write_pending), and a job whose pages are linked unchanged costs a
tenth of a millisecond, less than its share of a fork. One core too. Pelican sets the shared context's `localsiteurl` before each render
(with relative URLs, every job sets it); the build's context gets the value the last job
left, as after a sequential run. Every job's folder is made first, in job order, either
way (make_folders). tests/test_parallel_writing.py builds sites
both ways and compares every byte, the diagnostics and the file lists; the warm-equals-
cold property tests run with the fork too.

two_halves() is the same idea for work that is not a page: a list of items, the first
half done by the build and the second by a fork, whose results come back pickled. Before
the first pages are checked, the fingerprints of the contents their traces name are made
that way (site.py CheckedWriter._know_contents), so neither page writer makes them again.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import io
import logging
import mmap
import multiprocessing
import os
import pickle
import select
import signal
import struct
import sys
import time

from pelican import signals

from common import build as build_state
from common import diagnostics
from common.settings import plugin_settings

logger = logging.getLogger(__name__)

DEFAULTS = {
    "workers": (None, "processes that write pages (the build and forks of it); None: one per "
                "core this process may use, at most 2; 1: the build alone"),
    "min_pages": (64, "fewer write jobs than this are done by the build alone"),
    "min_renders": (12, "when the jobs' traces were checked first: fewer pages left to "
                    "render than this are written by the build alone (a render is 3-5 ms, "
                    "a fork about 20)"),
}
HANG = 120.0  # seconds without progress before the child is given up
_SLOTS = struct.Struct("qq")  # next job from the front, end of the jobs left (shared)


class Job:
    """One write_file() call, kept until every generator has given its pages."""

    __slots__ = ("name", "template", "context", "args", "kwargs")

    def __init__(self, name, template, context, args, kwargs) -> None:
        self.name, self.template, self.context = name, template, context
        self.args, self.kwargs = args, kwargs

    def relative_urls(self):
        """Pelican's write_file(name, template, context, relative_urls=False, ...)."""
        return self.args[0] if self.args else self.kwargs.get("relative_urls", False)

    def signal_context(self) -> dict:
        """What content_written's handlers are given for this job's files."""
        return collections.ChainMap(self.kwargs, self.context)


def options(settings: dict) -> dict:
    return plugin_settings(settings, "PAGE_WRITING", DEFAULTS)


def worker_count(setting) -> int:
    if setting is None:
        try:
            cores = len(os.sched_getaffinity(0))
        except AttributeError:  # not Linux
            cores = os.cpu_count() or 1
        return min(2, cores)
    return max(1, min(2, int(setting)))


def run(writer, jobs: list[Job], settings: dict, to_render: int | None = None) -> None:
    """Do the jobs, on two cores when that pays (see the module). `to_render`: how many
    of them the writer must render, when the caller knows (the others are linked, a
    tenth of a millisecond each: a fork costs more than it saves for them)."""
    chosen = options(settings)
    names = [job.name for job in jobs]
    relative = {bool(job.relative_urls()) for job in jobs}
    if to_render is None:
        small = len(jobs) < int(chosen["min_pages"])
    else:
        small = to_render < min(int(chosen["min_renders"]), int(chosen["min_pages"]))
    if worker_count(chosen["workers"]) < 2 or small or \
            len(set(names)) != len(names) or len(relative) > 1 or not hasattr(os, "fork"):
        make_folders(writer, jobs)
        for job in jobs:
            writer.write_job(job)
        runs().append(Run(len(jobs), 0, None))
        return
    Shared(writer, jobs).run()


class Run:
    """What one run() did: its jobs, how many the fork did, whether they were kept
    (None: no fork; False: the fork failed and the build did its part again)."""

    __slots__ = ("jobs", "forked", "kept")

    def __init__(self, jobs: int, forked: int, kept: bool | None) -> None:
        self.jobs, self.forked, self.kept = jobs, forked, kept

    def __repr__(self) -> str:
        return f"Run(jobs={self.jobs}, forked={self.forked}, kept={self.kept})"


def runs() -> list[Run]:
    """The runs of the build in this context, in order (held by the build)."""
    return build_state.running().slot("build_report.parallel", list)


def make_folders(writer, jobs: list[Job]) -> None:
    """Every job's folder, in job order, before two processes write at once.

    A directory lists its entries in the order the file system keeps them, which
    follows the order they were made in; Pagefind numbers the pages it indexes in the
    order it walks the site, so that order is in the search bundle's bytes. Made here,
    the pages' folders are made in the same order in every build of the same content,
    whichever process writes the page first, and whether one or two write. (A paginated list's further pages make
    their folders in their own job: they are not indexed.)"""
    root = os.path.abspath(writer.output_path)
    # The preview's frame: folders there already (a mkdir refused costs a system call
    # each, 1,219 a save at 1,000 articles).
    present = build_state.running().folders_present
    for job in jobs:
        if present and (os.path.dirname(str(job.name)) or ".") in present:
            continue
        folder = os.path.dirname(os.path.normpath(os.path.join(root, str(job.name))))
        if folder == root or folder.startswith(root + os.sep):
            # mkdir first: the folder's parent is there (made for an earlier job, or kept
            # from the replaced site by the preview), so one system call instead of
            # makedirs's three. A folder there already, or a file where it goes, is
            # left as it is: the job reports the file when it writes.
            try:
                os.mkdir(folder)
            except FileNotFoundError:
                with contextlib.suppress(OSError):
                    os.makedirs(folder, exist_ok=True)
            except OSError:
                pass


class Shared:
    """One run of the jobs by the build and a fork."""

    def __init__(self, writer, jobs: list[Job]) -> None:
        self.writer, self.jobs = writer, jobs
        self.memory = mmap.mmap(-1, _SLOTS.size)
        _SLOTS.pack_into(self.memory, 0, 0, len(jobs))
        self.lock = multiprocessing.get_context("fork").Lock()

    # -- taking jobs ---------------------------------------------------------------
    def _first(self) -> int | None:
        with self.lock:
            front, back = _SLOTS.unpack_from(self.memory, 0)
            if front >= back:
                return None
            _SLOTS.pack_into(self.memory, 0, front + 1, back)
            return front

    def _last(self) -> int | None:
        with self.lock:
            front, back = _SLOTS.unpack_from(self.memory, 0)
            if back <= front:
                return None
            _SLOTS.pack_into(self.memory, 0, front, back - 1)
            return back - 1

    def _meeting(self) -> int:
        with self.lock:
            return _SLOTS.unpack_from(self.memory, 0)[1]

    # -- the build's side ----------------------------------------------------------
    def run(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # the child must not print them again
            with contextlib.suppress(Exception):
                stream.flush()
        from common import children

        make_folders(self.writer, self.jobs)
        children.install()  # the child dies with the build, even a killed one
        reading, writing = os.pipe()
        try:
            pid = os.fork()
        except OSError as error:
            os.close(reading)
            os.close(writing)
            logger.info("Penulisan paralel tidak tersedia (%s); halaman ditulis satu per "
                        "satu", error)
            for job in self.jobs:
                self.writer.write_job(job)
            runs().append(Run(len(self.jobs), 0, None))
            return
        if pid == 0:  # the child: never returns
            os.close(reading)
            self._child(writing)
        os.close(writing)
        answered = False
        try:
            while (index := self._first()) is not None:
                self.writer.write_job(self.jobs[index])
            meeting = self._meeting()
            answer = self._answer(reading, pid)
            answered = True
        finally:
            os.close(reading)
            if not answered:  # the build stops (Ctrl+C, SIGTERM): so does its fork, now
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            _reap(pid)
        kept = answer is not None and self._merge(answer, meeting)
        if not kept:
            for job in self.jobs[meeting:]:
                self.writer.write_job(job)
        runs().append(Run(len(self.jobs), len(self.jobs) - meeting, kept))
        logger.info("Halaman: %d ditulis build, %d oleh proses kedua%s", meeting,
                    len(self.jobs) - meeting, "" if kept else " (gagal; ditulis ulang)")

    def _answer(self, reading: int, pid: int) -> dict | None:
        """The child's pickled answer; None when it failed or stopped making progress."""
        chunks: list[bytes] = []
        last_seen, last_change = None, time.monotonic()
        while True:
            ready, _, _ = select.select([reading], [], [], 1.0)
            if ready:
                data = os.read(reading, 1 << 20)
                if not data:
                    break
                chunks.append(data)
                last_change = time.monotonic()
                continue
            with self.lock:
                now = _SLOTS.unpack_from(self.memory, 0)[1]
            if now != last_seen:
                last_seen, last_change = now, time.monotonic()
            elif time.monotonic() - last_change > HANG:
                logger.warning("Proses penulis halaman kedua tidak maju; halamannya "
                               "ditulis ulang oleh build")
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                return None
        try:
            answer = pickle.loads(b"".join(chunks))
        except Exception:  # noqa: BLE001 - a broken answer: the build does the part again
            return None
        return answer if isinstance(answer, dict) and answer.get("done") else None

    def _merge(self, answer: dict, meeting: int) -> bool:
        """Put the child's part into the build; False (nothing merged) when it cannot be."""
        writer = self.writer
        done = answer["jobs"]
        if sorted(done) != list(range(meeting, len(self.jobs))):
            return False
        if answer["written_files"] & writer._written_files:
            return False  # a file both wrote: the build's own order decides (sequential)
        build = build_state.running()
        for _index, how in sorted(answer["manifest"], key=lambda item: item[0]):
            method, args = how
            getattr(build.manifest, method)(*args)
        writer._written_files |= answer["written_files"]
        writer._overridden_files |= answer["overridden_files"]
        for path, index, stamp in sorted(answer["content_files"], key=lambda item: item[1]):
            job = self.jobs[index]
            content = job.kwargs.get("article") or job.kwargs.get("page")
            writer.content_files[path] = (content, stamp)
        traces = writer.traces
        if traces is not None and answer["traces"] is not None:
            new, skipped, counts, jobs = answer["traces"]
            traces.new.update(new)
            traces.new_jobs.update(jobs)
            traces.skipped |= skipped
            for key, count in counts.items():
                traces.counts[key] = traces.counts.get(key, 0) + count
        diagnostics.log().extend(answer["diagnostics"])
        for name, delta in answer["slots"].items():
            held = build.state.get(name)
            if held is not None:
                held.fork_merge(delta)
        for stream, text in zip((sys.stdout, sys.stderr), answer["printed"]):
            if text:
                stream.write(text)
        if answer["localsiteurl"] is not None:
            last = self.jobs[-1].context
            last["localsiteurl"] = answer["localsiteurl"][0]
        for index, path in sorted(answer["events"], key=lambda item: item[0]):
            signals.content_written.send(path, context=self.jobs[index].signal_context())
        return True

    # -- the child's side ----------------------------------------------------------
    def _child(self, writing: int) -> None:
        from common import children

        code = 1
        try:
            children.worker_start()
            gc.freeze()  # what the build made stays out of the collector's walks (and pages)
            answer = self._work()
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                sent = os.write(writing, view)
                view = view[sent:]
            code = 0
        except BaseException:  # noqa: BLE001 - the build does this part again
            code = 1
        finally:
            os._exit(code)

    def _work(self) -> dict:
        writer = self.writer
        build = build_state.running()
        current = {"index": -1}
        events: list[tuple[int, str]] = []
        manifest_calls: list[tuple[int, tuple]] = []

        def written(path, **_context) -> None:  # in place of Pelican's signal
            events.append((current["index"], os.fspath(path)))

        signals.content_written.send = written  # this process only: it ends after the jobs
        manifest = build.manifest
        for method in ("note", "forget"):
            plain = getattr(manifest, method)

            def recorded(*args, _plain=plain, _method=method):
                manifest_calls.append((current["index"], (_method, args)))
                return _plain(*args)

            setattr(manifest, method, recorded)
        written_before = set(writer._written_files)
        overridden_before = set(writer._overridden_files)
        traces = writer.traces
        traces_before = (set(traces.new), set(traces.skipped), dict(traces.counts),
                         set(traces.new_jobs)) if traces is not None else None
        slots = {name: held for name, held in build.state.items()
                 if hasattr(held, "fork_mark") and hasattr(held, "fork_merge")}
        marks = {name: held.fork_mark() for name, held in slots.items()}
        printed = [len(s.getvalue()) if isinstance(s, io.StringIO) else None
                   for s in (sys.stdout, sys.stderr)]
        content_files: list[tuple[str, int, tuple]] = []

        class Noted(dict):  # the writer's content_files in this process: each new entry
            def __setitem__(self, path, value):  # noted with its job, not found by a
                content_files.append((path, current["index"], value[1]))  # set per job
                super().__setitem__(path, value)

        writer.content_files = Noted(writer.content_files)
        done: list[int] = []
        localsiteurl = None
        with diagnostics.log().recording() as found:
            while (index := self._last()) is not None:
                current["index"] = index
                job = self.jobs[index]
                writer.write_job(job)
                if index == len(self.jobs) - 1 and "localsiteurl" in job.context:
                    localsiteurl = (job.context["localsiteurl"],)
                done.append(index)
        traces_part = None
        if traces is not None:
            new_before, skipped_before, counts_before, jobs_before = traces_before
            traces_part = ({name: trace for name, trace in traces.new.items()
                            if name not in new_before},
                           traces.skipped - skipped_before,
                           {key: count - counts_before.get(key, 0)
                            for key, count in traces.counts.items()},
                           {name: trace for name, trace in traces.new_jobs.items()
                            if name not in jobs_before})
        return {
            "done": True,
            "jobs": done,
            "events": events,
            "manifest": manifest_calls,
            "written_files": writer._written_files - written_before,
            "overridden_files": writer._overridden_files - overridden_before,
            "content_files": content_files,
            "traces": traces_part,
            "diagnostics": list(found),
            "slots": {name: held.fork_delta(marks[name]) for name, held in slots.items()},
            "printed": [s.getvalue()[mark:] if mark is not None else ""
                        for s, mark in zip((sys.stdout, sys.stderr), printed)],
            "localsiteurl": localsiteurl,
        }


def two_halves(function, items: list, settings: dict) -> list | None:
    """[function(item) for item in items] on two cores: the build does the first half, a
    fork the second, whose results come back pickled (None for an item that raised, in
    either process). None when the build works alone (PAGE_WRITING's workers, too few
    items, no fork): the caller then computes what it needs when it needs it. A fork
    that fails costs time only: the build computes its half too."""
    chosen = options(settings)
    if worker_count(chosen["workers"]) < 2 or len(items) < int(chosen["min_pages"]) or \
            not hasattr(os, "fork"):
        return None
    from common import children

    def each(part: list) -> list:
        done = []
        for item in part:
            try:
                done.append(function(item))
            except Exception:  # noqa: BLE001 - asked again when needed, which reports it
                done.append(None)
        return done

    middle = len(items) // 2
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    children.install()
    reading, writing = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return each(items)
    if pid == 0:  # the child: never returns
        os.close(reading)
        code = 1
        try:
            children.worker_start()
            gc.freeze()
            data = memoryview(pickle.dumps(each(items[middle:]),
                                           protocol=pickle.HIGHEST_PROTOCOL))
            while data:
                data = data[os.write(writing, data):]
            code = 0
        finally:
            os._exit(code)
    os.close(writing)
    chunks: list[bytes] = []
    answered = False
    try:
        first = each(items[:middle])
        while True:
            ready, _, _ = select.select([reading], [], [], HANG)
            if not ready:
                break  # no progress: the build does the second half
            data = os.read(reading, 1 << 20)
            if not data:
                answered = True
                break
            chunks.append(data)
    finally:  # also when the build stops (Ctrl+C, SIGTERM): the fork stops now
        os.close(reading)
        if not answered:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        _reap(pid)
    try:
        second = pickle.loads(b"".join(chunks)) if answered else None
    except Exception:  # noqa: BLE001 - a broken answer: computed here
        second = None
    if not isinstance(second, list) or len(second) != len(items) - middle:
        second = each(items[middle:])
    return first + second


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, 0)
