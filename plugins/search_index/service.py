"""Pagefind's indexing service, run as a process this module owns.

Pagefind's Python package drives `pagefind --service` (its public service mode: requests
and answers as base64 JSON, each followed by a comma). Its PagefindService cannot be
used as it is, and cannot be fixed from outside without reaching into its private
attributes (`_backend`, `_poll_task`), which this project does not do:

- its WriteFiles answers "written" while Pagefind's runtime still has writes queued, and
  its close() then terminates the process, losing them; even a process left to exit by
  itself can leave a file empty (so the bundle is asked for with GetFiles, and written
  by indexing.py);
- its GetFiles answer is read through a 2 MiB stream buffer, too small for a bundle;
- when the process dies, a request waits for its answer forever.

So this client, in one place, launches the same binary (found by the package's public
get_executable()), sends the package's own request types (pagefind.service.types), and
ends the service by closing its input, which lets Pagefind finish every write and exit.
Every answer is raced against the process's exit. No Pelican import.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from pathlib import Path

from pagefind.service import get_executable

# The largest answer read: GetFiles carries a whole bundle in base64 (a few MB for the
# sample site, tens of MB at 10,000 articles); the stream buffers no more than this.
READ_LIMIT = 2**30
EXIT_TIMEOUT_SECONDS = 120


class ServiceError(RuntimeError):
    """Pagefind could not run, died, or refused a request; the message says which."""


class PagefindProcess:
    """One `pagefind --service` process: start(), request(...), finish()."""

    def __init__(self, executable: Path | None = None) -> None:
        self.executable = executable
        self.process: asyncio.subprocess.Process | None = None
        self._next_id = 0

    async def start(self) -> "PagefindProcess":
        binary = self.executable or get_executable()
        if binary is None:
            raise ServiceError("program Pagefind tidak ditemukan (paket pagefind-bin)")
        try:
            self.process = await asyncio.create_subprocess_exec(
                str(binary), "--service", cwd=os.getcwd(),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL, limit=READ_LIMIT)
        except OSError as error:
            raise ServiceError(f"Pagefind tidak dapat dijalankan: {error}") from None
        return self

    async def request(self, payload: dict) -> dict:
        """Send one request and return its answer's payload."""
        process = self._running()
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        try:
            process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            await process.stdin.drain()
        except (ConnectionError, RuntimeError):
            raise ServiceError(await self._died()) from None
        while True:
            answer = await self._read_answer()
            if answer is None:
                continue
            if answer.get("message_id") not in (None, self._next_id):
                continue  # an answer to an earlier request that timed out; not ours
            body = answer.get("payload") or {}
            if body.get("type") == "Error":
                raise ServiceError(f"Pagefind menolak permintaan: {body.get('message')}")
            return body

    async def finish(self) -> None:
        """Close the service's input and wait until it has written everything and exited."""
        process = self._running()
        if process.stdin is not None and not process.stdin.is_closing():
            process.stdin.close()
        try:
            code = await asyncio.wait_for(process.wait(), timeout=EXIT_TIMEOUT_SECONDS)
        except asyncio.TimeoutError:
            await self.kill()
            raise ServiceError("Pagefind tidak selesai menulis indeks dalam "
                               f"{EXIT_TIMEOUT_SECONDS} detik") from None
        if code != 0:
            raise ServiceError(f"Pagefind berhenti dengan kode keluar {code}")

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def _read_answer(self) -> dict | None:
        process = self._running()
        reading = asyncio.ensure_future(process.stdout.readuntil(b","))
        exiting = asyncio.ensure_future(process.wait())
        await asyncio.wait({reading, exiting}, return_when=asyncio.FIRST_COMPLETED)
        if not reading.done():
            reading.cancel()
            raise ServiceError(await self._died())
        exiting.cancel()
        try:
            raw = reading.result()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            raise ServiceError(await self._died()) from None
        try:
            return json.loads(base64.b64decode(raw[:-1]))
        except (ValueError, TypeError):
            return None  # not an answer (a line Pagefind printed): read on

    async def _died(self) -> str:
        process = self._running()
        try:
            code = await asyncio.wait_for(process.wait(), timeout=5)
        except asyncio.TimeoutError:
            code = None
        return f"Pagefind berhenti sebelum selesai (kode keluar {code})"

    def _running(self) -> asyncio.subprocess.Process:
        if self.process is None:
            raise ServiceError("Pagefind belum dijalankan")
        return self.process
