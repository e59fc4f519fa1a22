"""Keyness: the words and phrases that set one group of texts apart from another.

Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' words",
eq. 16–22). For term w with counts y_a, y_b in the two groups (totals n_a, n_b) and prior counts α_w (total α_0):

    δ_w = log((y_a + α_w) / (n_a + α_0 − y_a − α_w)) − log((y_b + α_w) / (n_b + α_0 − y_b − α_w))
    σ²(δ_w) ≈ 1 / (y_a + α_w) + 1 / (y_b + α_w),        z_w = δ_w / σ(δ_w)

The prior is the pooled corpus itself, scaled to ``prior_size`` tokens (default: the corpus size), so rare
terms are shrunk towards zero instead of topping the list. z > 1.96 marks a term typical of the target group,
z < −1.96 one typical of the rest.

Example
-------
>>> import pandas as pd
>>> texts = pd.Series(["refund refund late"] * 5 + ["great app love it"] * 5 + ["late again"] * 5)
>>> group = pd.Series([True] * 5 + [False] * 10)
>>> keyness(texts, group, min_count=3).iloc[0]["term"]
'refund'
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import CountVectorizer

from voclab.exceptions import ParameterError
from voclab.text.clean import as_text

__all__ = ["emerging_terms", "keyness", "log_odds_dirichlet"]

_TOKENS = r"(?u)(?<![@#\w])[a-zA-Z][a-zA-Z']+\b"


def log_odds_dirichlet(counts_a: np.ndarray, counts_b: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """δ and its standard error per term (the formulas in the module docstring)."""
    a, b, alpha = (np.asarray(x, dtype=float) for x in (counts_a, counts_b, prior))
    n_a, n_b, alpha0 = a.sum(), b.sum(), alpha.sum()
    delta = np.log((a + alpha) / (n_a + alpha0 - a - alpha)) - np.log((b + alpha) / (n_b + alpha0 - b - alpha))
    se = np.sqrt(1 / (a + alpha) + 1 / (b + alpha))
    return delta, se


def keyness(
    texts: pd.Series,
    group: pd.Series,
    min_count: int = 5,
    ngrams: tuple[int, int] = (1, 2),
    prior_size: float | None = None,
    stop_words: str | None = "english",
) -> pd.DataFrame:
    """Terms ranked by how typical they are of the texts where ``group`` (one flag per text, by position) is
    true versus the rest.

    Columns: ``term``, ``count_target``, ``count_rest``, ``per_1000_target``, ``per_1000_rest``,
    ``log_odds`` (δ), ``se``, ``z``, ``typical_of`` ("target", "rest" or "" when |z| < 1.96). Sorted by z."""
    text = as_text(texts)
    mask = np.asarray(pd.Series(np.asarray(group)).astype("boolean").fillna(False), dtype=bool)  # by position
    if len(mask) != len(text):
        raise ParameterError("group and texts differ in length", hint="pass one flag per text")
    if mask.all() or not mask.any():
        raise ParameterError("both groups need texts", hint="the group flag must be true for some, false for others")
    vectorizer = CountVectorizer(ngram_range=ngrams, stop_words=stop_words, token_pattern=_TOKENS, lowercase=True)
    try:
        matrix = vectorizer.fit_transform(text.tolist())
    except ValueError:
        raise ParameterError("no words in the texts", hint="pass texts with words in them") from None
    a = np.asarray(matrix[mask].sum(axis=0)).ravel()
    b = np.asarray(matrix[~mask].sum(axis=0)).ravel()
    pooled = a + b
    prior = pooled * ((prior_size or pooled.sum()) / pooled.sum())
    delta, se = log_odds_dirichlet(a, b, prior)
    keep = pooled >= min_count
    out = pd.DataFrame(
        {
            "term": vectorizer.get_feature_names_out(),
            "count_target": a,
            "count_rest": b,
            "per_1000_target": 1000 * a / max(a.sum(), 1),
            "per_1000_rest": 1000 * b / max(b.sum(), 1),
            "log_odds": delta,
            "se": se,
            "z": delta / se,
        }
    )[keep]
    out["typical_of"] = np.select([out.z >= 1.96, out.z <= -1.96], ["target", "rest"], "")
    out = out.sort_values(["z", "term"], ascending=[False, True]).reset_index(drop=True)
    out.attrs["method"] = "weighted log-odds, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
    return out


def emerging_terms(
    texts: pd.Series, dates: pd.Series, period: str = "M", recent: int = 1, baseline: int = 3, **options
) -> pd.DataFrame:
    """Keyness of the latest ``recent`` periods against the ``baseline`` periods before them (texts outside
    both windows are left out). ``result.attrs`` names the two windows."""
    periods = pd.to_datetime(dates, utc=True).dt.tz_localize(None).dt.to_period(period)
    ordered = sorted(periods.dropna().unique())
    if len(ordered) < recent + 1:
        raise ParameterError(
            f"{len(ordered)} period(s) of data; need more than {recent}", hint="use a shorter period, e.g. 'W'"
        )
    latest, before = ordered[-recent:], ordered[-recent - baseline : -recent]
    window = periods.isin([*latest, *before]).to_numpy()
    result = keyness(as_text(texts)[window], pd.Series(periods[window].isin(latest).to_numpy()), **options)
    result.attrs.update({"recent": [str(p) for p in latest], "baseline": [str(p) for p in before]})
    return result
