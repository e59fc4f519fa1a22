"""Topic discovery and keyness: deterministic topics, log-odds against a hand computation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from voclab import ParameterError
from voclab.text import discover_themes, emerging_terms, keyness, suggest_codebook
from voclab.text.keyness import log_odds_dirichlet

RNG = np.random.default_rng(2)
VOCAB = {
    "delivery": ["delivery", "late", "courier", "parcel", "arrived", "tracking"],
    "billing": ["invoice", "charged", "billing", "refund", "twice", "payment"],
    "login": ["password", "login", "locked", "reset", "code", "account"],
}


def _corpus(n: int = 300) -> tuple[pd.Series, list[str]]:
    texts, truth = [], []
    for i in range(n):
        topic = list(VOCAB)[i % 3]
        words = RNG.choice(VOCAB[topic], size=5).tolist() + RNG.choice(["the", "my", "was", "again"], 2).tolist()
        texts.append(" ".join(words))
        truth.append(topic)
    return pd.Series(texts), truth


def test_discovery_recovers_planted_topics_deterministically():
    texts, truth = _corpus()
    tone = pd.Series(["negative" if topic == "billing" else "positive" for topic in truth])
    topics, assigned = discover_themes(texts, seed=1, labels=tone)
    assert topics.attrs["k"] == 3
    assert sorted(topics.net.round(6)) == [-100.0, 100.0, 100.0]
    _, assigned_again = discover_themes(texts, seed=1)
    pd.testing.assert_series_equal(assigned, assigned_again)
    # each discovered topic is (almost) one planted topic
    purity = pd.crosstab(assigned, pd.Series(truth)).max(axis=1).sum() / len(texts)
    assert purity > 0.95
    assert topics["size"].sum() == len(texts)
    assert topics.attrs["unassigned"] == 0.0
    book = suggest_codebook(topics)
    assert book.columns.tolist() == ["theme", "parent", "include", "exclude", "description"]
    assert all(";" in include for include in book.include)


def test_praise_and_chatter_form_no_catch_all_topic():
    """Texts that share only feelings and small talk ("great", "thanks", "just got") have no clear topic; before,
    they made one topic that held most of the texts."""
    rng = np.random.default_rng(5)
    chatter = ["thanks so much", "great job guys", "love it", "awesome thanks", "just got it today", "worst ever"]
    texts = [" ".join(rng.choice(VOCAB[t], 4)) + " " + rng.choice(chatter) for t in VOCAB for _ in range(40)]
    texts += [f"{rng.choice(chatter)} {rng.choice(chatter)}" for _ in range(200)]
    topics, assigned = discover_themes(pd.Series(texts), seed=0)
    assert topics.share.max() <= 0.40
    assert (assigned[-200:] == -1).all() and topics.attrs["unassigned"] >= 200 / len(texts)
    assert not {"thanks", "great", "love", "just"} & {t for terms in topics.top_terms for t in terms}


@pytest.mark.shared_data
def test_no_topic_holds_more_than_40_percent_of_the_airline_tweets(shared_data):
    tweets = pd.read_csv(shared_data / "twitter_airline_sentiment_tweets.csv")["text"]
    topics, _ = discover_themes(tweets, seed=0)
    assert topics.share.max() <= 0.40, topics[["label", "share"]]  # was one topic of 56 %
    labels = " ".join(topics.label)
    assert "service" in labels and "thank" not in labels


def test_discovery_needs_texts():
    with pytest.raises(ParameterError, match="non-empty texts"):
        discover_themes(pd.Series(["a", ""]))


def test_log_odds_matches_the_formula_by_hand():
    a, b, prior = np.array([10, 0, 5]), np.array([2, 8, 5]), np.array([1.0, 1.0, 2.0])
    n_a, n_b, a0 = 15, 15, 4.0
    by_hand = np.log((10 + 1) / (n_a + a0 - 10 - 1)) - np.log((2 + 1) / (n_b + a0 - 2 - 1))
    delta, se = log_odds_dirichlet(a, b, prior)
    assert_allclose(delta[0], by_hand)
    assert_allclose(se[0], np.sqrt(1 / 11 + 1 / 3))
    assert_allclose(delta[2], 0.0, atol=1e-12)


def test_keyness_ranks_the_distinguishing_words():
    texts, truth = _corpus()
    result = keyness(texts, pd.Series(truth) == "billing", min_count=5)
    top = result.head(6).term.tolist()
    assert set(top) <= set(VOCAB["billing"]) | {f"{a} {b}" for a in VOCAB["billing"] for b in VOCAB["billing"]}
    assert (result.set_index("term").loc[VOCAB["login"], "typical_of"] == "rest").all()
    with pytest.raises(ParameterError, match="both groups"):
        keyness(texts, pd.Series([True] * len(texts)))


def test_emerging_terms_compare_the_latest_period_with_the_ones_before():
    old = ["fine service"] * 30
    new = ["sync broken again"] * 10 + ["fine service"] * 10
    dates = pd.Series(
        pd.to_datetime(["2025-01-15"] * 10 + ["2025-02-15"] * 10 + ["2025-03-15"] * 10 + ["2025-04-15"] * 20, utc=True)
    )
    index = range(100, 150)  # not a fresh RangeIndex: positions must be what counts
    result = emerging_terms(pd.Series(old + new, index=index), dates.set_axis(index), "M", min_count=3)
    assert result.term.iloc[0] in {"sync", "broken", "sync broken", "broken again"}
    assert result.attrs["recent"] == ["2025-04"] and result.attrs["baseline"] == ["2025-01", "2025-02", "2025-03"]
