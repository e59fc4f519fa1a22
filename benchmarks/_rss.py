"""Peak resident memory of a whole process tree, for the benchmarks (not part of the package).

``resource.getrusage(RUSAGE_CHILDREN)`` only sees children that were waited for, and the worker pools start
their workers from a fork server or a Dask nanny (grandchildren): a thread samples this process and every
descendant instead.

>>> with PeakRSS() as rss:
...     pass
>>> rss.peak > 0
True
"""

from __future__ import annotations

import contextlib
import threading
import time

import psutil


class PeakRSS:
    """Peak resident memory (MB) of this process and all its descendants, sampled every 0.2 s in a thread."""

    def __init__(self) -> None:
        self.peak, self._stop = 0.0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _sample(self) -> None:
        me, total = psutil.Process(), 0
        for process in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a process that just ended
                total += process.memory_info().rss
        self.peak = max(self.peak, total / 2**20)

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.2)

    def __enter__(self) -> PeakRSS:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
