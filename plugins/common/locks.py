"""One lock file per shared folder, so two builds never write the same place at once.

An flock is released by the system when its process ends, so a build that was killed
leaves nothing to clean by hand. The holder's process id is written in the file, for
the message the second build gives. Pure standard library.
"""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from typing import IO


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
    return handle, None
