"""Ingest throughput: voclab's path vs a naive read_csv + per-row validation loop, same run, same data.

Writes ``ROWS`` feedback rows (default 1,000,000; a few per thousand are bad: missing id, bad date, rating out of
range, duplicates) to a temporary CSV, then times

(a) naive: ``pandas.read_csv`` then a Python loop over rows checking id, date and rating, building kept rows;
(b) voclab: ``voclab.ingest.store.ingest`` (parse, validate, quarantine, Parquet + manifest written);
(c) voclab in blocks: the same file read a block at a time into Parquet partitioned by month
    (``[compute] blocks_from_mb``, :mod:`voclab.ingest.blocks`) — the same counts as (b).

and prints rows/s and the peak RSS of the process for each, and the ratio (b) / (a).
Run: ``python benchmarks/bench_ingest.py [ROWS]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from _rss import PeakRSS  # benchmarks/_rss.py (scripts run with benchmarks/ on the path)

from voclab.config import Compute
from voclab.ingest.store import SourceSpec, ingest

WORDS = ["late", "flight", "great", "crew", "lost", "bag", "refund", "app", "crash", "friendly", "slow", "support"]


def make_csv(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    ids = np.arange(1, rows + 1).astype(str).astype(object)
    start = np.datetime64("2024-01-01T00:00:00")
    stamps = (start + rng.integers(0, 365 * 24 * 3600, rows).astype("timedelta64[s]")).astype(str).astype(object)
    ratings = rng.integers(1, 6, rows).astype(str).astype(object)
    texts = [" ".join(rng.choice(WORDS, 8)) + f" #{i}" for i in range(rows)]
    bad = rng.choice(rows, rows // 200, replace=False)
    for k, i in enumerate(bad):
        if k % 4 == 0:
            ids[i] = ""
        elif k % 4 == 1:
            stamps[i] = "not a date"
        elif k % 4 == 2:
            ratings[i] = "9"
        else:
            ids[i] = ids[i - 1]  # duplicate id with different content
    frame = pd.DataFrame({"id": ids, "created_at": stamps, "rating": ratings, "text": texts})
    frame.to_csv(path, index=False)


def naive(path: Path) -> int:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    kept, seen = [], set()
    for row in frame.itertuples(index=False):
        if not row.id or row.id in seen:
            continue
        try:
            created = datetime.fromisoformat(row.created_at)
            rating = float(row.rating)
        except ValueError:
            continue
        if not 1 <= rating <= 5:
            continue
        seen.add(row.id)
        kept.append((row.id, created, rating, row.text))
    return len(kept)


def ours(path: Path, out: Path, compute: Compute | None = None) -> pd.DataFrame:
    spec = SourceSpec(path, "reviews" if _has_reviews() else "table")
    return ingest([spec], out, out.parent / "quarantine", compute=compute)


def _has_reviews() -> bool:
    from voclab.ingest.registry import kinds

    return "reviews" in kinds()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feedback.csv"
        make_csv(path, rows)
        size = path.stat().st_size / 2**20
        runs = {}
        for name, run in [
            ("naive  read_csv + per-row loop", lambda: naive(path)),
            ("voclab ingest (+quarantine, files)", lambda: ours(path, Path(tmp) / "whole" / "processed")),
            (
                "voclab ingest in blocks",
                lambda: ours(path, Path(tmp) / "blocks" / "processed", Compute(blocks_from_mb=1)),
            ),
        ]:
            with PeakRSS() as rss:
                start = time.perf_counter()
                result = run()
                runs[name] = (time.perf_counter() - start, rss.peak, result)
    print(f"rows: {rows:,} ({size:,.0f} MB)")
    for name, (seconds, peak, result) in runs.items():
        kept = result if isinstance(result, int) else int(result["kept"].sum())
        print(f"{name:<36}{seconds:7.2f} s {rows / seconds:>10,.0f} rows/s  peak RSS {peak:7,.0f} MB  kept {kept:,}")
    (naive_s, _, _), (ours_s, _, whole), (_, _, blocks) = runs.values()
    counts = ["rows_read", "kept", "quarantined", "duplicates", "blank_rows"]
    print(
        f"ratio voclab / naive: {naive_s / ours_s:.2f}x; "
        f"blocks give the same counts: {whole[counts].equals(blocks[counts])}"
    )


if __name__ == "__main__":
    main()
