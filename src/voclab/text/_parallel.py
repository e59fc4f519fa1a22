"""Chunked, parallel map over a Series with a progress bar; results identical to the single-process path.

Chunks are submitted lazily (at most two per worker in flight), so memory stays bounded by a few chunks
whatever the input size, and results are put back in input order. Worker processes come from a fork server
(:func:`worker_context`): a clean single-threaded process that imported voclab once, never a fork of the caller,
which may run threads (a Jupyter kernel, a Dask client, a progress bar); each worker loads its lexicons on its
first chunk. Where there is no fork server, workers are spawned.

>>> import pandas as pd
>>> map_chunks(lambda s: s.str.len().to_frame("n"), pd.Series(["a", "bb"]), jobs=1).n.tolist()
[1, 2]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

import pandas as pd
from tqdm import tqdm

__all__ = ["PARALLEL_FROM", "default_jobs", "map_chunks", "worker_context"]

#: Inputs at least this long take the parallel path by default (below it, starting workers costs more).
PARALLEL_FROM = 20_000


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_context() -> multiprocessing.context.BaseContext:
    """The fork server where the platform has one (it imports voclab's text pipeline once, so a worker starts in
    milliseconds), else spawn. Never a bare fork: forking a process that runs threads can copy a held lock."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["voclab.text.pipeline"])
    return context


def map_chunks(
    func: Callable[[pd.Series | pd.DataFrame], pd.DataFrame],
    series: pd.Series | pd.DataFrame,
    jobs: int | None = None,
    chunk_size: int = 25_000,
    progress: bool | None = None,
    desc: str = "texts",
) -> pd.DataFrame:
    """``func`` applied to consecutive chunks (rows) of ``series`` (a Series or a DataFrame), results concatenated
    in order.

    ``jobs=None`` uses every core for inputs of :data:`PARALLEL_FROM` rows or more and one process below;
    ``func`` must be a module-level function when ``jobs > 1``. ``progress=None`` shows a bar (on stderr) for
    inputs of :data:`PARALLEL_FROM` rows or more."""
    jobs = (default_jobs() if len(series) >= PARALLEL_FROM else 1) if jobs is None else max(1, jobs)
    chunks = [series.iloc[i : i + chunk_size] for i in range(0, len(series), chunk_size)] or [series]
    show = len(series) >= PARALLEL_FROM if progress is None else progress
    bar = tqdm(total=len(series), desc=desc, unit=" texts", disable=not show, leave=False)
    results: list[pd.DataFrame] = []
    try:
        if jobs == 1 or len(chunks) == 1:
            for chunk in chunks:
                results.append(func(chunk))
                bar.update(len(chunk))
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context()) as pool:
                todo = iter(chunks)
                pending: deque[Future[pd.DataFrame]] = deque(pool.submit(func, c) for c in islice(todo, 2 * jobs))
                while pending:
                    done = pending.popleft().result()
                    results.append(done)
                    bar.update(len(done))
                    pending.extend(pool.submit(func, c) for c in islice(todo, 1))
    finally:
        bar.close()
    return pd.concat(results) if len(results) > 1 else results[0]
