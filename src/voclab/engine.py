"""Where heavy work runs: pandas on this machine (the default for small data), or Dask — a local cluster started
for the run, or an existing one — when the data outgrows one DataFrame.

``[compute]`` in voclab.toml (:class:`voclab.config.Compute`) chooses: ``engine = "pandas" | "dask"``,
``scheduler = "local" | "tcp://host:8786"``, ``workers`` and ``memory_limit`` for a local cluster, and
``dask_from``: from that many texts on, the pandas engine hands the work to Dask by itself and says so in one
line. :func:`dask_client` starts (and stops) the local cluster, or connects to the given scheduler.

>>> choose_engine(1_000, Compute())
'pandas'
>>> choose_engine(5_000_000, Compute(), say=lambda line: None)
'dask'
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pandas as pd

from voclab.config import Compute
from voclab.exceptions import ParameterError

__all__ = ["LOCAL_WORKER_CONFIG", "Compute", "choose_engine", "dask_client", "map_partitions"]

_GUARD = (
    'in a Python script, put the work under `if __name__ == "__main__":` (each worker process imports the script '
    "again); else give each worker more memory or fewer workers in [compute]"
)

#: Dask settings for the workers of a local cluster. Text work is pure Python holding the GIL, so the worker's
#: event loop competes with it: the statistical profiler (a stack sample every 10 ms), the 20 ms tick and the
#: 0.5 s system monitor cost 10–20 % of the throughput (benchmarks/bench_scale.py: 1 M texts in 52 s with them,
#: 42 s without). The memory monitor, which keeps workers inside ``memory_limit``, is left as it is. Dask's
#: ``MALLOC_TRIM_THRESHOLD_`` is unset: it turns off glibc's adaptive mmap threshold, so every column of a
#: partition (over 128 KiB) was mapped and unmapped afresh (1 M texts: 40.7 s with it, 39.2 s without, in
#: interleaved runs); the partitions are small, so the memory it hands back is little. Each worker preloads this
#: module as it starts (:func:`dask_setup`).
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.preload": [__name__],
}


def dask_setup(worker: object) -> None:
    """What a worker of a local cluster runs as it starts (Dask's preload hook): the text pipeline imported, then
    ``gc.freeze()`` — the ~200,000 objects of the imports and the worker itself leave the garbage collector's
    view, so its full collections walk only a partition's objects (300,000 texts on 2 workers, three interleaved
    pairs of runs: 13.3 s instead of 14.8 s on average). A replaced worker runs it again."""
    import gc

    import voclab.text.pipeline  # noqa: F401 (imported before the freeze, so its objects are frozen too)

    gc.freeze()


def choose_engine(rows: int, compute: Compute, *, say: Callable[[str], None] = print) -> str:
    """``dask`` when ``compute`` asks for it or ``rows`` reaches ``compute.dask_from`` (then ``say`` tells why),
    else ``pandas``."""
    if compute.engine == "dask":
        return "dask"
    if rows >= compute.dask_from:
        say(f'{rows:,} texts: running on Dask ([compute] dask_from = {compute.dask_from:,}; engine = "pandas" below)')
        return "dask"
    return "pandas"


@contextmanager
def dask_client(compute: Compute) -> Iterator[object]:
    """A ``distributed.Client``: to ``compute.scheduler`` when it is an address, else to a ``LocalCluster`` of
    ``compute.workers`` single-threaded worker processes (default: every core) with ``compute.memory_limit``
    each (set up by :data:`LOCAL_WORKER_CONFIG`; no dashboard, and no claim on port 8787, so two runs or a
    notebook's own cluster do not collide), closed on exit. An existing cluster keeps its own settings.
    An unreachable scheduler is a :class:`~voclab.exceptions.ParameterError` naming it."""
    import dask
    from distributed import Client, LocalCluster

    from voclab.text._parallel import default_jobs

    if compute.scheduler != "local":
        try:
            client = Client(compute.scheduler, timeout="5s")
        except OSError as exc:
            raise ParameterError(
                f"cannot reach the Dask scheduler {compute.scheduler} ({exc})",
                hint='check [compute] scheduler in voclab.toml, or use scheduler = "local"',
            ) from None
        with client:
            yield client
        return
    if getattr(sys.modules.get("__main__"), "__name__", "") == "__mp_main__":  # a worker importing the script
        raise ParameterError("a local Dask cluster started while a worker process imported the script", hint=_GUARD)
    with dask.config.set(LOCAL_WORKER_CONFIG):  # the nannies hand this configuration to their workers
        try:
            cluster = LocalCluster(
                n_workers=compute.workers or default_jobs(),
                threads_per_worker=1,
                processes=True,
                memory_limit=compute.memory_limit,
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": ":0"},  # its health endpoint on a free port, not 8787
            )
        except RuntimeError as exc:
            raise ParameterError(f"the local Dask workers did not start ({exc})", hint=_GUARD) from None
    with cluster, Client(cluster) as client:
        yield client


def map_partitions(
    func: Callable[[pd.Series | pd.DataFrame], pd.DataFrame],
    data: pd.Series | pd.DataFrame,
    compute: Compute,
    *,
    chunk_size: int = 25_000,
    desc: str = "texts",
) -> pd.DataFrame:
    """``func`` (a module-level function, or a ``functools.partial`` of one) over consecutive chunks of ``data``
    on the engine :func:`choose_engine` picks for its length: the pandas engine's worker pool
    (:func:`voclab.text._parallel.map_chunks`) or Dask partitions on :func:`dask_client`'s cluster. The result
    is the same frame either way, in ``data``'s order.

    >>> from functools import partial
    >>> from voclab.text import code_themes, starter_codebook
    >>> texts = pd.Series(["I was billed twice", "Great app"])
    >>> map_partitions(partial(code_themes, codebook=starter_codebook()), texts, Compute()).Billing.tolist()
    [True, False]
    """
    from voclab.text._parallel import PARALLEL_FROM, map_chunks

    if choose_engine(len(data), compute) == "pandas":
        return map_chunks(func, data, chunk_size=chunk_size, desc=desc)
    from voclab.text.pipeline import map_dask

    with dask_client(compute):
        return map_dask(func, data, chunk_size=chunk_size, show=len(data) >= PARALLEL_FROM, desc=desc)
