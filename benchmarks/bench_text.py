"""Open-text pipeline throughput: voclab.text.analyze vs the naive VADER + regex loop, same run, same texts.

Builds ``N`` (default 1,000,000) *unique* texts from ``../shared/data/twitter_airline_sentiment_tweets.csv``: each
tweet gets a deterministic opener, closer and a reference tag, so no two texts are identical (no text-level cache
can help). Then times, in this order:

(a) naive: ``df.text.apply(SentimentIntensityAnalyzer().polarity_scores)`` plus a per-text Python loop over the
    starter codebook's regexes (include and exclude);
(b) voclab: ``voclab.text.analyze`` — clean + redact + sentiment (the default, voclab-cx: VADER adapted to
    customer text) + codebook, strictly more work — on every core;
(c) check: ``voclab.text.sentiment(method="vader")`` on the same raw texts must equal (a)'s scores on every text.

Prints both rates, the ratio and the peak RSS of the whole process tree during (b) (this process and its
workers).
Run: ``python benchmarks/bench_text.py [N]``. Exits 0 with a message when the shared data is absent.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _rss import PeakRSS  # benchmarks/_rss.py (scripts run with benchmarks/ on the path)
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.text import analyze, sentiment, starter_codebook

TWEETS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "twitter_airline_sentiment_tweets.csv"
OPENERS = ["", "Honestly,", "Update:", "FYI", "So", "Well", "Again:", "Hey", "Ugh.", "Wow,", "PS", "Today:"]
CLOSERS = ["", "!", "...", "Thanks.", "smh", "#travel", "lol", "Seriously?", ":(", ":)", "again.", "please help"]


def build_texts(n: int) -> pd.Series:
    tweets = pd.read_csv(TWEETS, usecols=["text"]).text.fillna("").tolist()
    texts = [
        f"{OPENERS[i % 12]} {tweets[i % len(tweets)]} {CLOSERS[(i // 12) % 12]} ref{i:x}".strip() for i in range(n)
    ]
    assert len(set(texts)) == n, "texts must be unique"
    return pd.Series(texts, name="text")


def naive(texts: pd.Series) -> tuple[pd.Series, list[dict[str, bool]]]:
    scores = texts.apply(SentimentIntensityAnalyzer().polarity_scores)
    book = [
        (row.theme, re.compile(row.pattern), re.compile(row.exclude_pattern) if row.exclude_pattern else None)
        for row in starter_codebook().table.itertuples()
    ]
    themes = []
    for text in texts:
        themes.append({t: bool(inc.search(text)) and not (exc and exc.search(text)) for t, inc, exc in book})
    return scores, themes


def main(n: int) -> None:
    if not TWEETS.is_file():
        print(f"skipped: {TWEETS} is absent")
        return
    texts = build_texts(n)
    print(f"{n:,} unique texts built from {TWEETS.name}")

    start = time.perf_counter()
    reference, _ = naive(texts)
    naive_s = time.perf_counter() - start
    print(f"(a) naive VADER + regex loop: {naive_s:7.1f} s  {n / naive_s:10,.0f} texts/s")

    start = time.perf_counter()
    with PeakRSS() as rss:
        out = analyze(texts.to_frame(), progress=True)
    ours_s = time.perf_counter() - start
    print(
        f"(b) voclab analyze (clean + redact + voclab-cx sentiment + codebook, all cores): {ours_s:7.1f} s  "
        f"{n / ours_s:10,.0f} texts/s"
    )
    print(
        f"    ratio {naive_s / ours_s:.1f}x; coverage {out.attrs['coverage']:.1%}; "
        f"{out.attrs['texts_redacted']:,} texts had personal data redacted"
    )

    ours = sentiment(texts, method="vader")
    expected = pd.DataFrame(reference.tolist())
    same = np.all(
        ours[["neg", "neu", "pos", "compound"]].to_numpy() == expected[["neg", "neu", "pos", "compound"]].to_numpy(),
        axis=1,
    )
    print(f"(c) sentiment identical to the reference on {same.sum():,} of {n:,} texts")
    print(f"peak RSS of the process tree during (b): {rss.peak:,.0f} MB")
    if not same.all():
        sys.exit("sentiment differs from the reference")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
