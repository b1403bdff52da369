"""Every process a build starts ends with the build, even when the build is killed (SIGKILL).

A build killed with `kill -9` (or by the out-of-memory killer) runs no cleanup: a worker
busy with a long read, an image or a recording went on alone, holding the build's
stdout/stderr pipe (so `invoke build`, waiting for the pipe's end, never returned) and the
content cache's lock (so the next build read everything again). On Linux the kernel can
end a child when its parent dies: prctl(PR_SET_PDEATHSIG, SIGKILL), set in the child.

- Forked children (multiprocessing and concurrent.futures pools, any os.fork()): the
  build calls `install()` once; from then on every fork of the process sets it in the
  child (os.register_at_fork), before the child runs anything else. There SIGTERM also
  gets its default action back (worker_start says why).
- Programs started with subprocess (Pagefind, FFmpeg): `preexec_fn=tied()`, which sets it
  in the child between fork and exec (it survives exec).

In both, a child whose parent died before the request was made ends at once. The
request names the thread that forked: a child started from a thread lives only as
long as that thread, so start long-lived children from the thread that waits for them
(every call site does). Elsewhere than Linux these are no-ops. Pure standard library.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import os
import signal

PR_SET_PDEATHSIG = 1  # linux/prctl.h
_libc = None  # loaded in the parent (loading a library in a fork's child is unsafe)
_parent = {"pid": None}  # the pid of the process about to fork (a fork hook's note)
_installed = {"done": False}


def _prctl():
    global _libc
    if _libc is None:
        try:
            _libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        except OSError:
            _libc = False
    return getattr(_libc, "prctl", None) if _libc else None


def die_with_parent(parent: int | None) -> None:
    """In a new child: be killed when the parent dies; exit now if it already has."""
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the parent died before the request: nobody waits for this child


def tied():
    """A preexec_fn for subprocess: the program is killed when this process dies."""
    _prctl()  # load libc here, not in the child
    return functools.partial(die_with_parent, os.getpid())


def install() -> None:
    """From now on, every child this process forks dies with it (once per process)."""
    if _installed["done"]:
        return
    _installed["done"] = True
    _prctl()
    os.register_at_fork(before=_note_parent, after_in_parent=_unblock_sigterm,
                        after_in_child=_forked)


# SIGTERM is blocked in the forking thread from just before the fork until the child has
# its default action back: a SIGTERM sent to a child that was just made (a pool ending a
# worker it had just started) waits, and then ends it. Delivered while the child still had
# the parent's handler (the preview's raises KeyboardInterrupt), it was lost inside
# Python's own after-fork work and the worker then waited for ever (worker_start).
def _note_parent() -> None:
    _parent["pid"] = os.getpid()
    with contextlib.suppress(AttributeError, OSError, ValueError):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})


def _unblock_sigterm() -> None:
    with contextlib.suppress(AttributeError, OSError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})


def _forked() -> None:
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _unblock_sigterm()
    die_with_parent(_parent["pid"])


def worker_start() -> None:
    """In a pool's worker (its initializer) or a fork that works for the build: SIGTERM
    ends it, whatever the build's process made of SIGTERM.

    The live preview turns SIGTERM into KeyboardInterrupt (newsroom/preview.py), and a
    forked worker inherits that handler: multiprocessing's Pool ends its idle workers with
    SIGTERM when it closes, and a worker waiting for the task queue's lock then raised in
    the middle of the pool's own shutdown and was left waiting for ever, with the build
    waiting for it (seen in the preview at 1,000 articles after a vocabulary edit; within
    seconds in a loop of pools started from a thread). The default action ends the
    process in the kernel, at any point.
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(AttributeError, OSError, ValueError):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
