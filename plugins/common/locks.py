"""One lock file per shared folder, so two builds never write the same place at once.

An flock is released by the system when its process ends, so a build that was killed
leaves nothing to clean by hand. The holder's process id is written in the file, for
the message the second build gives. Pure standard library.

An flock belongs to the open file, which a forked child shares: a worker that outlived
its build would keep the lock held (the next build then went without its cache). So a
lock's file is closed in every child this process forks (os.register_at_fork): closing
a shared file in the child leaves the parent's lock as it is. Python opens files
non-inheritable, so programs started with exec never get it.
"""

from __future__ import annotations

import errno
import fcntl
import os
import weakref
from pathlib import Path
from typing import IO

_held: weakref.WeakSet = weakref.WeakSet()  # this process's open lock files (see above)


def try_lock(path: Path) -> tuple[IO[str] | None, str | None]:
    """Take the lock without waiting: (open handle, None), or (None, the holder's pid).

    Keep the handle open as long as the lock is needed; closing it releases the lock.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno not in (errno.EAGAIN, errno.EACCES):
            handle.close()
            raise
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        return None, holder
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    _held.add(handle)
    return handle, None


def _close_in_child() -> None:
    """In a forked child: close the lock files it shares with its parent (see above)."""
    for handle in list(_held):
        try:
            handle.close()
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)
