"""The text pipeline at scale: the Dask engine on a 2-worker local cluster, against the pandas engine, same run.

Builds N unique texts (the shared airline tweets, each with an opener, a closer and a reference tag, as in
``bench_text.py``) with demo-like metadata (``created_at`` over 24 months, ``channel``, ``segment``) as Parquet
partitioned by month, 100,000 rows per file, under ``$TMPDIR/voclab_scale``. Then, for each size:

* dask: ``voclab.text.analyze_parquet`` (per-text results written as Parquet, a partition at a time) and the
  aggregates reports use — net sentiment per month × channel with its interval, theme counts per month × segment —
  computed where the rows are, on a ``LocalCluster`` of 2 single-threaded workers;
* on the first size only (run last, so that memory the pandas engine leaves in this process is not counted in
  the larger sizes), the pandas engine on the same data: ``analyze(jobs=1)`` and ``analyze()`` on every
  core, then the same aggregates in pandas, which must equal Dask's. The three take turns ``--repeat`` times
  (default 2) and the ratios compare each one's best run, as ``timeit`` does: on a shared 2-core machine a
  noisy spell otherwise decides the ratio. Peak memory is the first turn's: from the second turn on, the fork
  server the pandas engine started in the first (idle, ~0.5 GB) is part of the process tree.

Prints texts/s and the peak resident memory of the whole process tree (this process, the cluster's scheduler
and workers, or the pandas engine's workers; sampled every 0.2 s), and the ratios the issue targets: Dask on 2
workers ≥ 1.6× ``jobs=1`` and ≥ 0.9× the pandas engine on every core; peak RSS < 4 GB at 10 M texts and flat.
Run: ``python benchmarks/bench_scale.py [N ...] [--repeat R]`` (default 1000000 3000000 10000000; about 20
minutes on 2 cores). Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _rss import PeakRSS  # benchmarks/_rss.py (scripts run with benchmarks/ on the path)

from voclab.config import Compute
from voclab.engine import dask_client
from voclab.text import analyze, analyze_parquet, net_sentiment, starter_codebook, theme_counts

TWEETS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "twitter_airline_sentiment_tweets.csv"
OPENERS = ["", "Honestly,", "Update:", "FYI", "So", "Well", "Again:", "Hey", "Ugh.", "Wow,", "PS", "Today:"]
CLOSERS = ["", "!", "...", "Thanks.", "smh", "#travel", "lol", "Seriously?", ":(", ":)", "again.", "please help"]
CHANNELS = ["x", "review", "ticket", "forum"]
SEGMENTS = ["Consumer", "SMB", "Mid-market", "Enterprise"]
FILE_ROWS = 100_000
BY_SENTIMENT, BY_THEMES = ["month", "channel"], ["month", "segment"]


def build(n: int, folder: Path) -> Path:
    """N unique texts with metadata as Parquet, one folder per month, FILE_ROWS rows per file."""
    target = folder / f"texts_{n}"
    if target.is_dir():
        return target
    building = folder / f"building_{n}"  # renamed when complete: an interrupted build is never reused
    shutil.rmtree(building, ignore_errors=True)
    tweets = pd.read_csv(TWEETS, usecols=["text"]).text.fillna("").to_numpy(dtype=object)
    rng = np.random.default_rng(0)
    for start in range(0, n, FILE_ROWS):
        i = np.arange(start, min(start + FILE_ROWS, n))
        text = [f"{OPENERS[k % 12]} {tweets[k % len(tweets)]} {CLOSERS[(k // 12) % 12]} ref{k:x}".strip() for k in i]
        created = pd.Timestamp("2024-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 730, len(i)), unit="D")
        part = pd.DataFrame(
            {
                "id": [f"t{k}" for k in i],
                "created_at": created,
                "month": created.strftime("%Y-%m"),
                "channel": np.asarray(CHANNELS, dtype=object)[rng.integers(0, 4, len(i))],
                "segment": np.asarray(SEGMENTS, dtype=object)[rng.integers(0, 4, len(i))],
                "text": text,
            }
        )
        for month, rows in part.groupby("month"):
            out = building / month
            out.mkdir(parents=True, exist_ok=True)
            rows.to_parquet(out / f"part-{start:09d}.parquet", index=False)
    building.rename(target)
    return target


def aggregates(scored, themes: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return net_sentiment(scored, by=BY_SENTIMENT), theme_counts(scored, themes, BY_THEMES)


Run = tuple[float, float, tuple[pd.DataFrame, pd.DataFrame]]  # seconds, peak RSS (MB), the aggregates


def run_dask(source: Path, work: Path, themes: list[str]) -> Run:
    shutil.rmtree(work, ignore_errors=True)
    with PeakRSS() as rss, dask_client(Compute(engine="dask", workers=2, memory_limit="1.5GB")):
        start = time.perf_counter()
        scored = analyze_parquet(source, work, handles=True)
        result = aggregates(scored, themes)
        seconds = time.perf_counter() - start
    return seconds, rss.peak, result


def run_pandas(
    source: Path, jobs: int | None, themes: list[str]
) -> tuple[float, float, tuple[pd.DataFrame, pd.DataFrame]]:
    with PeakRSS() as rss:
        start = time.perf_counter()
        frame = pd.read_parquet(source)
        scored = analyze(frame, handles=True, jobs=jobs, progress=False)
        result = aggregates(scored, themes)
        seconds = time.perf_counter() - start
    return seconds, rss.peak, result


def main(sizes: list[int], repeat: int) -> None:
    if not TWEETS.is_file():
        print(f"skipped: {TWEETS} is absent")
        return
    folder = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "voclab_scale"
    themes = starter_codebook().themes
    print(f"{'run':<28}{'texts':>12}{'seconds':>10}{'texts/s':>10}{'peak RSS MB':>13}")
    # the larger sizes first, on Dask alone: memory the pandas turns leave in this process is not counted in theirs
    for number, n in [(number, n) for number, n in enumerate(sizes) if number] + [(0, sizes[0])]:
        source = build(n, folder)
        rates: dict[str, list[float]] = {}
        for _ in range(1 if number else repeat):  # the engines take turns, so a noisy spell hits each alike
            seconds, peak, dask_result = run_dask(source, folder / f"scored_{n}", themes)
            rates.setdefault("dask, 2 workers", []).append(n / seconds)
            print(f"{'dask, 2 workers':<28}{n:>12,}{seconds:>10.1f}{n / seconds:>10,.0f}{peak:>13,.0f}", flush=True)
            if number:
                break
            for jobs, name in [(1, "pandas, jobs=1"), (None, f"pandas, every core ({os.cpu_count()})")]:
                seconds, peak, pandas_result = run_pandas(source, jobs, themes)
                rates.setdefault(name, []).append(n / seconds)
                print(f"{name:<28}{n:>12,}{seconds:>10.1f}{n / seconds:>10,.0f}{peak:>13,.0f}", flush=True)
            same = all(
                d.reset_index(drop=True).equals(p.reset_index(drop=True).astype(d.dtypes.to_dict()))
                for d, p in zip(dask_result, pandas_result, strict=True)
            )
            print(f"aggregates identical: {same}")
        if not number:
            dask_rate, one, every = (max(r) for r in rates.values())
            print(
                f"best of {repeat} each: dask / jobs=1: {dask_rate / one:.2f}x; "
                f"dask / every core: {dask_rate / every:.2f}x"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000_000, 3_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=2, help="runs of each engine on the first size (best kept)")
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.repeat)
