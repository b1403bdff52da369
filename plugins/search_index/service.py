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
import re
from pathlib import Path
from typing import NamedTuple

from pagefind.service import get_executable

from common import children, outfiles

# Answers are read and decoded this much at a time: a GetFiles answer carries a whole
# bundle in base64 (tens of MB at 10,000 articles), never held whole (AnswerDecoder).
CHUNK = 1 << 20
CONTENT = re.compile(rb'"content"\s*:\s*"([A-Za-z0-9+/=]*)"')
CONTENT_START = re.compile(rb'"content"\s*:\s*"([A-Za-z0-9+/=]*)')  # may not have ended
NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=]+")
EXIT_TIMEOUT_SECONDS = 120


class ServiceError(RuntimeError):
    """Pagefind could not run, died, or refused a request; the message says which."""


class PagefindProcess:
    """One `pagefind --service` process: start(), request(...), finish()."""

    def __init__(self, executable: Path | None = None) -> None:
        self.executable = executable
        self.process: asyncio.subprocess.Process | None = None
        self._next_id = 0
        self._leftover = b""  # read past the end of the last answer

    async def start(self) -> "PagefindProcess":
        binary = self.executable or get_executable()
        if binary is None:
            raise ServiceError("program Pagefind tidak ditemukan (paket pagefind-bin)")
        try:
            self.process = await asyncio.create_subprocess_exec(
                str(binary), "--service", cwd=os.getcwd(),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL, limit=CHUNK,
                preexec_fn=children.tied())  # killed with the build (common/children.py)
        except OSError as error:
            raise ServiceError(f"Pagefind tidak dapat dijalankan: {error}") from None
        return self

    async def request(self, payload: dict, spool: Path | None = None) -> dict:
        """Send one request and return its answer's payload. With spool (a folder to
        create), each file content of the answer is written there as it arrives and
        given as a Spooled path (a GetFiles answer: the whole bundle)."""
        process = self._running()
        self._next_id += 1
        message = {"message_id": self._next_id, "payload": payload}
        try:
            process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            await process.stdin.drain()
        except (ConnectionError, RuntimeError):
            raise ServiceError(await self._died()) from None
        while True:
            answer = await self._read_answer(spool)
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

    async def _read_answer(self, spool: Path | None = None) -> dict | None:
        """The next answer, decoded as it arrives (AnswerDecoder)."""
        process = self._running()
        decoder = AnswerDecoder(spool)
        while True:
            reading = asyncio.ensure_future(process.stdout.read(CHUNK))
            exiting = asyncio.ensure_future(process.wait())
            await asyncio.wait({reading, exiting}, return_when=asyncio.FIRST_COMPLETED)
            if not reading.done():
                reading.cancel()
                raise ServiceError(await self._died())
            exiting.cancel()
            try:
                chunk = self._leftover + reading.result()
            except ConnectionError:
                raise ServiceError(await self._died()) from None
            if not chunk:  # its output closed: it ended
                raise ServiceError(await self._died())
            end = chunk.find(b",")
            if end < 0:
                self._leftover = b""
                decoder.feed(chunk)
                continue
            self._leftover = chunk[end + 1:]
            decoder.feed(chunk[:end])
            return decoder.answer()

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


class Spooled(NamedTuple):
    """A file of an answer, already decoded into a file of the spool folder."""

    path: Path


class AnswerDecoder:
    """One answer of the service: base64 of a JSON message, decoded in pieces.

    A GetFiles answer carries the whole bundle, each file again in base64: tens of MB at
    10,000 articles. Decoding it at once held the answer four times over (the base64
    read, a copy, the JSON bytes and the parsed strings), about 300 MB at the build's
    peak. Here the outer base64 is decoded chunk by chunk as it is read. With a spool
    folder, each file's content is decoded into a file there as soon as it is whole and
    left out of the JSON (a Spooled path stands for it), so the answer is never held;
    without one, each content stays a memoryview of its base64, decoded when written.
    """

    def __init__(self, spool: Path | None = None) -> None:
        self.decoded = bytearray()
        self._rest = b""  # base64 is decoded four characters at a time
        self.spool = spool
        self._scan = 0  # where the next file content may start in decoded
        self._spooled: list[Spooled] = []
        self._broken = False

    def feed(self, data: bytes) -> None:
        data = self._rest + NOT_BASE64.sub(b"", data)  # as b64decode would skip them
        usable = len(data) - len(data) % 4
        self._rest = data[usable:]
        if not usable or self._broken:
            return
        try:
            self.decoded += base64.b64decode(data[:usable], validate=True)
        except ValueError:
            self._broken = True  # not base64: answer() returns None
            return
        if self.spool is not None:
            self._spool_whole_contents()

    def _spool_whole_contents(self) -> None:
        text = self.decoded
        while True:
            match = CONTENT_START.search(text, self._scan)
            if match is None:
                # A content's start may lie across the end: look again from near it.
                self._scan = max(self._scan, len(text) - 64)
                return
            end = match.end(1)
            if end >= len(text):  # its end has not arrived
                self._scan = match.start()
                return
            if text[end] != ord('"'):
                self._broken = True
                return
            number = len(self._spooled)
            path = self.spool / str(number)
            try:
                with memoryview(text) as view, view[match.start(1):end] as part:
                    data = base64.b64decode(part, validate=True)
            except ValueError:
                self._broken = True
                return
            # A failed write (full disk, `ulimit -f`) is the build's: it names the file.
            with outfiles.writing(path):
                if number == 0:
                    self.spool.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
            self._spooled.append(Spooled(path))
            placeholder = b'"content":{"berkas":%d}' % number
            text[match.start():end + 1] = placeholder
            self._scan = match.start() + len(placeholder)

    def answer(self) -> dict | None:
        if self._rest.strip() or self._broken:
            return None
        text = self.decoded
        contents: list = list(self._spooled)
        if self.spool is not None:
            source = bytes(text)
        else:
            def placeholder(match) -> bytes:
                contents.append(memoryview(text)[match.start(1):match.end(1)])
                return b'"content":{"berkas":%d}' % (len(contents) - 1)

            source = CONTENT.sub(placeholder, text)
        try:
            skeleton = json.loads(source)
        except (ValueError, TypeError):
            return None  # not an answer (a line Pagefind printed): read on
        if contents:
            _put_contents(skeleton, contents)
        return skeleton if isinstance(skeleton, dict) else None


def _put_contents(value, contents: list[memoryview]) -> None:
    """Replace each {"berkas": n} left by AnswerDecoder with the n-th content."""
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in list(items):
        if isinstance(item, dict) and set(item) == {"berkas"}:
            value[key] = contents[item["berkas"]]
        else:
            _put_contents(item, contents)
