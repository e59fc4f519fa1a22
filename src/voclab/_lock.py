"""One voclab run at a time per output folder: a lock file (the maintained ``filelock`` library, OS locks).

``voclab ingest`` (and everything that ingests first: ``report``, ``gaps``, notebooks) takes the lock of the
processed folder; ``voclab report`` also takes the lock of its run folder. A second run waits for the first
(up to ``timeout`` seconds, saying so once) and then gives up with a :class:`~voclab.exceptions.BusyError`
(exit code 2). The OS drops the lock when a process dies, so a killed run never leaves a stale lock. The lock is
re-entrant within one process (an ingest inside a report run does not wait for itself).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with folder_lock(folder):
...     with folder_lock(folder):  # re-entrant
...         (folder / ".voclab.lock").exists()
True
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from voclab.exceptions import BusyError

__all__ = ["LOCK_FILE", "LOCK_TIMEOUT", "folder_lock"]

LOCK_FILE = ".voclab.lock"
#: Seconds a run waits for another one on the same folder before giving up.
LOCK_TIMEOUT = 600.0


@contextlib.contextmanager
def folder_lock(
    folder: str | Path, *, timeout: float = LOCK_TIMEOUT, progress: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the lock of ``folder`` (created if missing) for the block; see the module docstring."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(folder.resolve() / LOCK_FILE, is_singleton=True)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if progress:
            progress(f"waiting for another voclab run on {folder} (up to {timeout:.0f} s)")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise BusyError(
                f"another voclab run holds this project ({folder / LOCK_FILE}) and did not finish in {timeout:.0f} s",
                hint="let it finish, then run again (a killed run releases the lock by itself)",
            ) from None
    try:
        yield
    finally:
        lock.release()
