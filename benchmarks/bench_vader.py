"""VADER throughput: reference ``vaderSentiment`` 3.3.2 vs ``voclab.text._vader.FastVader``, same run, same tweets.

Scores every tweet in ``../shared/data/twitter_airline_sentiment_tweets.csv`` (column ``text``, ~14.6k rows) with

(a) reference: ``SentimentIntensityAnalyzer().polarity_scores`` (best of ``REPEATS`` passes);
(b) FastVader, cold: a brand-new instance, one pass (its token cache starts empty);
(c) FastVader, warm: best of ``REPEATS`` further passes on that instance;

checks that all results are identical, and prints texts/s for each and the ratios.
Run: ``python benchmarks/bench_vader.py [REPEATS]``. Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.text._vader import FastVader

TWEETS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "twitter_airline_sentiment_tweets.csv"


def load_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh)]


def one_pass(score: Callable[[str], dict], texts: list[str]) -> tuple[float, list[dict]]:
    start = time.perf_counter()
    out = [score(t) for t in texts]
    return time.perf_counter() - start, out


def best_of(score: Callable[[str], dict], texts: list[str], repeats: int) -> tuple[float, list[dict]]:
    runs = [one_pass(score, texts) for _ in range(repeats)]
    return min(r[0] for r in runs), runs[-1][1]


def main(argv: list[str]) -> int:
    repeats = int(argv[1]) if len(argv) > 1 else 3
    if not TWEETS.is_file():
        print(f"shared data not found ({TWEETS}); nothing to benchmark")
        return 0
    texts = load_texts(TWEETS)
    n = len(texts)

    ref_s, ref_out = best_of(SentimentIntensityAnalyzer().polarity_scores, texts, repeats)
    fast = FastVader()
    cold_s, cold_out = one_pass(fast.polarity_scores, texts)
    warm_s, warm_out = best_of(fast.polarity_scores, texts, repeats)
    if cold_out != ref_out or warm_out != ref_out:
        print("ERROR: FastVader results differ from the reference")
        return 1

    print(f"texts: {n:,} (results identical)")
    print(f"reference vaderSentiment : {n / ref_s:>10,.0f} texts/s  ({ref_s:.3f} s)")
    print(f"FastVader, cold (1 pass) : {n / cold_s:>10,.0f} texts/s  ({cold_s:.3f} s)  x{ref_s / cold_s:.2f}")
    print(f"FastVader, warm (best)   : {n / warm_s:>10,.0f} texts/s  ({warm_s:.3f} s)  x{ref_s / warm_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
