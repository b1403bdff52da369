"""Index pages while the site is written, not after (no Pelican import).

Indexing after writing made every build wait for Pagefind: about a third of a warm build
at 5,000 articles, with one core idle while Python rendered and the other while Pagefind
indexed. An IndexFeeder starts `pagefind --service` (service.py) when writing starts and
gives it the written pages in batches of FILES_PER_CALL as the writer puts them in place
(Pelican's content_written signal). Pagefind reads and indexes a batch in its own process
while Python goes on with the next pages; at the end only the last batch and the bundles'
collection are waited for.

Batches are made in the order the pages are written, which is the same in every build of
the same content (cold or warm), so the bundle is too. The service's requests run one
after the other on an event loop in a thread of this class's own; the writer's thread only
puts batches in a queue. Any failure is kept and raised by finish(), where the caller
reports it; abort() ends the service when the build stops before finishing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from pathlib import Path

from .indexing import ALL_FOLDER, FILES_PER_CALL, _glob, spool_of
from .service import PagefindProcess


class IndexFeeder:
    """One or two Pagefind indexes, fed while the site is written."""

    def __init__(self, site: Path, first: list[str], everything: list[str] | None,
                 config: dict) -> None:
        self.site = Path(site).resolve()
        self.wanted = {"first": set(first), "everything": set(everything or ())}
        self.order = {"first": list(first), "everything": list(everything or ())}
        self.has_everything = everything is not None
        self.pending: dict[str, list[str]] = {"first": [], "everything": []}
        self.fed: dict[str, set[str]] = {"first": set(), "everything": set()}
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="pagefind",
                                       daemon=True)
        self.thread.start()
        self.service = PagefindProcess()
        self.ids: dict[str, str] = {}
        self.queue: asyncio.Queue | None = None
        try:
            self._call(self._start(config))
        except BaseException:
            self.abort()
            raise
        self.worker = asyncio.run_coroutine_threadsafe(self._work(), self.loop)

    # -- the writer's side ---------------------------------------------------------------
    def written(self, path: str) -> None:
        """A page is in place: into the batch of each index that wants it."""
        relative = Path(os.path.relpath(path, self.site)).as_posix()
        for index in ("first", "everything"):
            if relative in self.wanted[index] and relative not in self.fed[index]:
                self.fed[index].add(relative)
                self.pending[index].append(relative)
                if len(self.pending[index]) >= FILES_PER_CALL:
                    self._send(index)

    def finish(self, bundle: Path, write_files) -> None:
        """Send what is left, wait for Pagefind, write the bundle(s) under `bundle`."""
        try:
            for index in ("first", "everything"):
                # Pages of the plan the writer did not announce (none, normally).
                for relative in self.order[index]:
                    if relative not in self.fed[index] and (self.site / relative).is_file():
                        self.fed[index].add(relative)
                        self.pending[index].append(relative)
                self._send(index)
            self.loop.call_soon_threadsafe(self.queue.put_nowait, None)
            self.worker.result()
            self._call(self._collect(bundle, write_files))
        finally:
            self.abort()

    def abort(self) -> None:
        """End the service and the thread (after finish(), or when the build stopped)."""
        if not self.loop.is_running():
            return
        try:
            asyncio.run_coroutine_threadsafe(self.service.kill(), self.loop).result(30)
        except Exception:  # noqa: BLE001 - not started, or already gone
            pass
        # The worker still waiting for pages (a build that stopped before finishing) is
        # ended before the loop, so a process that builds again leaves no pending task.
        worker = getattr(self, "worker", None)
        if worker is not None and not worker.done():
            self.loop.call_soon_threadsafe(self.queue.put_nowait, None)
            with contextlib.suppress(Exception):
                worker.result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        if not self.thread.is_alive():
            self.loop.close()

    def _send(self, index: str) -> None:
        files, self.pending[index] = self.pending[index], []
        if files and index in self.ids:
            self.loop.call_soon_threadsafe(self.queue.put_nowait, (self.ids[index], files))

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    # -- the service's side (on the loop's thread) ------------------------------------------
    async def _start(self, config: dict) -> None:
        self.queue = asyncio.Queue()
        await self.service.start()
        for index in ("first", "everything") if self.has_everything else ("first",):
            created = await self.service.request({"type": "NewIndex", "config": config})
            self.ids[index] = created.get("index_id")

    async def _work(self) -> None:
        while True:
            batch = await self.queue.get()
            if batch is None:
                return
            index_id, files = batch
            await self.service.request({"type": "AddDir", "index_id": index_id,
                                        "path": str(self.site), "glob": _glob(files)})

    async def _collect(self, bundle: Path, write_files) -> None:
        folders = {"first": bundle, "everything": bundle / ALL_FOLDER}
        for index, index_id in self.ids.items():
            spool = spool_of(folders[index])
            try:
                answer = await self.service.request({"type": "GetFiles",
                                                     "index_id": index_id}, spool)
                write_files(folders[index], answer.get("files") or [])
            finally:
                shutil.rmtree(spool, ignore_errors=True)
        await self.service.finish()

