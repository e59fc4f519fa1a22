"""Run a C-backed reader in a child process, so that a crash on a malformed file is one clear error.

pyreadstat (ReadStat, C) can crash with a segmentation fault on crafted or corrupt ``.sav`` files; in the
importing process that ends the whole run (exit 139). :func:`run_isolated` runs the read in a spawned child
process (never forked: the parent may run threads) and turns a dead child into a :class:`FormatError`.

>>> run_isolated(divmod, 7, 2, path="x.sav", what="SPSS reader")
(3, 1)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TypeVar

from voclab.exceptions import FormatError

__all__ = ["run_isolated"]

T = TypeVar("T")


def run_isolated(func: Callable[..., T], *args: object, path: str | Path, what: str) -> T:
    """``func(*args)`` in a spawned child process; its exceptions are re-raised here, a crash of the child
    (segfault, abort, killed) becomes ``FormatError("<path>: the <what> crashed on this file …")``."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(func, *args).result()
        except BrokenProcessPool:
            raise FormatError(
                f"the {what} crashed on this file (the file is corrupt or crafted)",
                path=path,
                hint="export it again from the source application; voclab skipped it and kept running",
            ) from None
