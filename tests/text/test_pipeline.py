"""The per-text pipeline: parallel equals single-process, sentiment equals the reference, the demo's planted
personal data is gone and its planted themes are found."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from voclab.text import analyze, net_sentiment, sentiment, starter_codebook
from voclab.text.redact import PLACEHOLDERS

TEXTS = pd.Series(
    [
        "Billing charged me TWICE!!! mail me at jo@example.com 😡",
        "Love the new dark mode :) https://t.co/xyz",
        "El servicio es muy malo y no funciona",
        "",
        None,
        "Delivery was not bad, but the courier was rude",
        "<b>bold</b> &amp; brave",
    ]
    * 40
)


def test_parallel_chunks_equal_one_process():
    feedback = pd.DataFrame({"id": [str(i) for i in range(len(TEXTS))], "text": TEXTS})
    one = analyze(feedback, jobs=1)
    many = analyze(feedback, jobs=2, chunk_size=17)
    pd.testing.assert_frame_equal(one, many)
    assert one.attrs["implementation"]["reference"].startswith("vaderSentiment")


def test_vader_scores_equal_the_reference_and_other_languages_are_not_scored():
    out = analyze(pd.DataFrame({"text": TEXTS}), jobs=1, method="vader")
    reference = SentimentIntensityAnalyzer()
    english = out[out.english]
    expected = pd.DataFrame([reference.polarity_scores(t) for t in english.text], index=english.index)
    for column in ["compound", "pos", "neu", "neg"]:
        np.testing.assert_array_equal(english[column].to_numpy(), expected[column].to_numpy())
    spanish = out[out.language == "es"]
    assert len(spanish) == 40 and spanish.compound.isna().all() and spanish.label.isna().all()
    assert out.loc[0, "text"] == "Billing charged me TWICE!!! mail me at [EMAIL] 😡"
    assert bool(out.loc[0, "Billing"]) and bool(out.loc[1, "Feature requests"])


def test_sentiment_fast_path_and_net_sentiment():
    scores = sentiment(TEXTS, jobs=2, chunk_size=50)
    pd.testing.assert_frame_equal(scores, sentiment(TEXTS, jobs=1))
    net = net_sentiment(scores).iloc[0]
    scored = scores.label.dropna()
    pos, neg = (scored == "positive").mean(), (scored == "negative").mean()
    np.testing.assert_allclose(net.net, 100 * (pos - neg))
    np.testing.assert_allclose(net.se, 100 * np.sqrt((pos + neg - (pos - neg) ** 2) / len(scored)))


def test_blank_texts_have_no_sentiment_and_are_counted_apart():
    texts = pd.Series(["Love it", "", "   ", None, "\t\n", "Awful service"])
    scores = sentiment(texts)
    assert scores.label.isna().tolist() == [False, True, True, True, True, False]
    assert scores.compound.isna().sum() == 4
    net = net_sentiment(scores.assign(text=texts)).iloc[0]
    assert (net.n, net.n_blank, net.n_unscored) == (2, 4, 0)
    np.testing.assert_allclose(net.net, 0.0)  # one positive, one negative: the blanks do not dilute it
    analyzed = analyze(pd.DataFrame({"id": list("abcdef"), "text": texts}))
    assert analyzed.language.tolist() == ["en", "blank", "blank", "blank", "blank", "en"]
    assert net_sentiment(analyzed).iloc[0][["n", "n_blank"]].tolist() == [2, 4]


def test_demo_personal_data_is_gone_and_planted_themes_are_found(demo):
    tables, truth = demo
    feedback = tables.feedback
    out = analyze(feedback, handles=True, codebook=starter_codebook("software"))  # the demo company sells software
    planted = {p["id"] for p in truth["planted_values"]["pii"]} & set(feedback.id)
    assert planted, "the demo plants personal data in feedback"
    leaks = out.text.str.contains(
        r"[\w.]+@example\.(?:com|org|net)|\d{4} \d{4} \d{4} \d{4}|@\w+_\w+\d|555[ )-]+01|7946 0", regex=True
    )
    assert not leaks.any(), out.text[leaks].head().tolist()
    placeholder = "|".join(map(re.escape, PLACEHOLDERS.values()))
    assert out[out.id.isin(planted)].text.str.contains(placeholder).all()
    for theme, ours in [("billing_errors", "Billing"), ("account_access", "Account access"), ("sync_bug", "Sync")]:
        planted_hits = feedback.text.fillna("").str.contains(truth["themes"][theme]["pattern"], case=False, regex=True)
        recall = out.loc[planted_hits.to_numpy(), ours].mean()
        assert recall > 0.95, (theme, recall)


def test_titles_are_redacted_and_authors_never_shown():
    from voclab.text import analyze

    feedback = pd.DataFrame(
        {
            "text": ["Broken again", "Fine"],
            "title": ["Call me on +44 20 7946 0958", None],
            "author": ["Jane Doe", None],
        }
    )
    out = analyze(feedback, progress=False)
    assert out["title"].tolist()[0] == "Call me on [PHONE]" and pd.isna(out["title"].tolist()[1])
    assert out["author"].tolist()[0] == "[NAME]" and pd.isna(out["author"].tolist()[1])
