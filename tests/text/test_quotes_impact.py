"""Quotes (redacted, on-tone, varied, traced) and theme impact on NPS (by hand)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from voclab.text import quotes, theme_impact


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
