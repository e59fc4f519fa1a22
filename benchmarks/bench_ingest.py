"""Ingest throughput: voclab's path vs a naive read_csv + per-row validation loop, same run, same data.

Writes ``ROWS`` feedback rows (default 1,000,000; a few per thousand are bad: missing id, bad date, rating out of
range, duplicates) to a temporary CSV, then times

(a) naive: ``pandas.read_csv`` then a Python loop over rows checking id, date and rating, building kept rows;
(b) voclab: ``voclab.ingest.store.ingest`` (parse, validate, quarantine, Parquet + manifest written).

and prints rows/s for both and the ratio. Run: ``python benchmarks/bench_ingest.py [ROWS]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

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


def ours(path: Path, out: Path) -> int:
    summary = ingest([SourceSpec(path, "reviews" if _has_reviews() else "table")], out, out.parent / "quarantine")
    return int(summary["kept"].sum())


def _has_reviews() -> bool:
    from voclab.ingest.registry import kinds

    return "reviews" in kinds()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feedback.csv"
        make_csv(path, rows)
        t0 = time.perf_counter()
        naive_kept = naive(path)
        t1 = time.perf_counter()
        ours_kept = ours(path, Path(tmp) / "processed")
        t2 = time.perf_counter()
    naive_rate, ours_rate = rows / (t1 - t0), rows / (t2 - t1)
    print(f"rows: {rows:,}")
    print(f"naive  read_csv + per-row loop     {t1 - t0:6.2f} s {naive_rate:>10,.0f} rows/s  kept {naive_kept:,}")
    print(f"voclab ingest (+quarantine, files) {t2 - t1:6.2f} s {ours_rate:>10,.0f} rows/s  kept {ours_kept:,}")
    print(f"ratio voclab / naive: {ours_rate / naive_rate:.2f}x")


if __name__ == "__main__":
    main()
