"""Sentiment against people: VADER, voclab-cx and a model trained on the labels, on the shared airline tweets.

For VADER and voclab-cx, on the same 14,640 tweets (through ``voclab.text.analyze``, handles redacted as in the
README): accuracy, macro-F1 and the confusion matrix against ``airline_sentiment``, and each airline's net
sentiment (share positive − share negative) next to the human labels' net. Then ``voclab.text.fit_sentiment``:
5-fold cross-validated macro-F1 of the trained model and of voclab-cx on the same folds, and its learning curve.
Run: ``python benchmarks/bench_sentiment_quality.py`` (about two minutes). Exits 0 with a message when the shared
data is absent. Targets (issue 12): voclab-cx macro-F1 ≥ 0.62 with every airline's net of the same sign as the
people's; the trained model ≥ 0.75.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

from voclab.text import analyze, fit_sentiment, net_sentiment

TWEETS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "twitter_airline_sentiment_tweets.csv"
LABELS = ["negative", "neutral", "positive"]


def main() -> None:
    if not TWEETS.is_file():
        print(f"skipped: {TWEETS} is absent")
        return
    tweets = pd.read_csv(TWEETS, usecols=["airline", "airline_sentiment", "text"])
    people = tweets.assign(label=tweets["airline_sentiment"])
    nets = {"people": net_sentiment(people, by="airline").set_index("airline")["net"]}
    for method in ("vader", "voclab-cx"):
        scored = analyze(tweets, handles=True, method=method)
        predicted = scored["label"].astype(str).where(scored["label"].notna(), "neutral")
        truth = tweets["airline_sentiment"]
        print(
            f"{method}: accuracy {accuracy_score(truth, predicted):.3f}, "
            f"macro-F1 {f1_score(truth, predicted, average='macro'):.3f} on {len(tweets):,} tweets"
        )
        matrix = pd.DataFrame(confusion_matrix(truth, predicted, labels=LABELS), index=LABELS, columns=LABELS)
        print(matrix.rename_axis(index="people", columns=method).to_string(), "\n")
        nets[method] = net_sentiment(scored, by="airline").set_index("airline")["net"]
    table = pd.DataFrame(nets).round(0)
    table["same sign (voclab-cx)"] = (table["voclab-cx"] * table["people"]) > 0
    print("net sentiment per airline (−100..100):")
    print(table.to_string())
    start = time.perf_counter()
    model = fit_sentiment(tweets["text"], tweets["airline_sentiment"], folds=5)
    print(f"\nfit_sentiment, 5-fold cross-validation ({time.perf_counter() - start:.0f} s with the learning curve):")
    print(model.report.round(3).to_string())
    print(model.learning_curve.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
