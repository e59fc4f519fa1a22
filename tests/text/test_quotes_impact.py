"""Quotes (redacted, on-tone, varied, traced) and theme impact on NPS (by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from voclab.text import aspect_sentiment, quotes, sentiment, theme_impact


def test_quotes_are_redacted_on_tone_distinct_and_traced():
    data = pd.DataFrame(
        {
            "id": [f"t{i}" for i in range(6)],
            "channel": ["ticket"] * 6,
            "text": [
                "The courier left my parcel in the rain, email me at jo@example.com",
                "The courier left my parcel in the rain, email me at jo@example.com!",
                "Delivery took three weeks and nobody told us why",
                "Lovely driver, parcel arrived early",
                "ok",
                "Tracking said delivered but the parcel never came",
            ],
            "label": ["negative", "negative", "negative", "positive", "neutral", "negative"],
        }
    )
    picked = quotes(data, n=5, sentiment="label")
    assert picked.columns.tolist() == ["id", "channel", "quote", "label", "typicality"]
    assert (picked.label == "negative").all()
    assert not picked.quote.str.contains("@").any()
    assert len({q.rstrip("!") for q in picked.quote}) == len(picked)  # no near-duplicates
    assert set(picked.id) <= {"t0", "t1", "t2", "t5"} and len(picked) == 3


def test_theme_impact_by_hand_and_bootstrap_interval():
    rng = np.random.default_rng(4)
    score = rng.integers(0, 11, 500)
    theme = (rng.random(500) < 0.3).astype(int)
    score = np.where(theme == 1, np.minimum(score, 6), score)  # the theme's people are all detractors
    data = pd.DataFrame({"q": score, "price": theme, "none": 0})

    def nps(s):
        return 100 * ((s >= 9).mean() - (s <= 6).mean())

    result = theme_impact(data, "q", ["price", "none"], n_boot=500).set_index("theme")
    assert_allclose(result.loc["price", "nps_all"], nps(score))
    assert_allclose(result.loc["price", "nps_without"], nps(score[theme == 0]))
    assert_allclose(result.loc["price", "impact"], round(nps(score) - nps(score[theme == 0]), 2))
    assert result.loc["price", "ci_low"] < result.loc["price", "impact"] < result.loc["price", "ci_high"] < 0
    assert result.loc["none", "impact"] == 0 and np.isnan(result.loc["none", "ci_low"])
    assert result.index[0] == "price"


def test_impact_of_the_respondents_negative_about_a_theme_by_hand():
    data = pd.DataFrame({"nps": [10, 9, 2, 3, 8, 0], "Billing": [1, 1, 1, 1, 0, 0]}, index=[10, 11, 12, 13, 14, 15])
    aspects = pd.DataFrame(
        {"row": [10, 11, 12, 13], "theme": "Billing", "label": ["positive", "neutral", "negative", "negative"]}
    )
    row = theme_impact(data, "nps", ["Billing"], n_boot=0, aspects=aspects).iloc[0]
    nps_all = 100 * (2 - 3) / 6  # promoters 10, 9; detractors 2, 3, 0
    assert (row.mentions, row.mentions_negative, row.mentions_positive) == (4, 2, 1)
    assert_allclose(row.impact_negative, round(nps_all - 100 * (2 - 1) / 4, 2))  # without the two negative
    assert_allclose(row.impact_positive, round(nps_all - 100 * (1 - 3) / 5, 2))  # without the one positive
    assert_allclose(row.impact, round(nps_all - 100 * (0 - 1) / 2, 2))


def test_quotes_follow_what_a_text_said_about_the_theme():
    texts = pd.Series(
        [
            "The agent was lovely, kind and so helpful, wonderful service, thank you! Billing charged me twice though.",
            "Billing was quick and easy, great job sorting my invoice.",
            "Billing is a mess, I was overcharged again and nobody replies.",
        ]
    )
    data = pd.DataFrame({"id": ["a", "b", "c"], "text": texts, "label": sentiment(texts).label})
    aspects = aspect_sentiment(texts)
    assert data.label[0] == "positive"  # the whole ticket reads positive
    picked = quotes(data, n=3, tone="negative", aspects=aspects, theme="Billing")
    assert set(picked.id) == {"a", "c"} and (picked.label == "negative").all()
    assert quotes(data, n=3, tone="negative", sentiment="label").id.tolist() == ["c"]  # whole-text tone misses "a"
