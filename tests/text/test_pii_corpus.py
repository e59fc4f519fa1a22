"""Redaction measured on the labelled corpus: every planted value of every kind caught, nothing else touched."""

from __future__ import annotations

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from voclab.text import pii_corpus
from voclab.text.redact import redact, redact_text


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recall_and_precision_on_the_labelled_corpus(seed):
    corpus = pii_corpus.build(seed=seed)
    assert len(corpus) >= 300 and {k for s in corpus for k, _ in s.values} >= {"ADDRESS", "NAME", "IBAN", "IP"}
    table = pii_corpus.score(corpus).set_index("kind")
    assert table.loc["all", "planted"] >= 290
    assert_allclose(table["recall"], 1.0)
    assert_allclose(table.loc["all", "precision"], 1.0)


def test_score_counts_misses_and_false_alarms_by_hand():
    corpus = [
        pii_corpus.Labelled("mail jo@example.com", (("EMAIL", "jo@example.com"),)),
        pii_corpus.Labelled("call +44 20 7946 0958", (("PHONE", "+44 20 7946 0958"),)),
        pii_corpus.Labelled("order 12", ()),
    ]
    fake = lambda texts: pd.Series(["mail [EMAIL]", "call +44 20 7946 0958", "order [PHONE]"])  # noqa: E731
    table = pii_corpus.score(corpus, redactor=fake).set_index("kind")
    assert table.loc["EMAIL", "recall"] == 1.0 and table.loc["PHONE", "recall"] == 0.0
    assert table.loc["all", "placeholders"] == 2 and table.loc["all", "precision"] == 0.5


def test_the_vectorised_and_the_single_text_path_agree_on_the_corpus():
    texts = [s.text for s in pii_corpus.build(seed=3)]
    assert redact(pd.Series(texts)).tolist() == [redact_text(t) for t in texts]
