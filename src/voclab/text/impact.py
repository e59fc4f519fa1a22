"""Theme impact on NPS: how many points a theme's respondents move the score, not only how often it is named.

Impact of theme t = NPS(all respondents) − NPS(respondents who did not mention t): what the score would be
if that theme's respondents were not there (the measure popularised by Thematic). A negative impact means the
theme drags the score down. The interval is a percentile bootstrap over respondents (Efron & Tibshirani 1993),
recomputing both NPS values in every resample.

With ``aspects`` (how each respondent felt about each theme they mentioned, from the sentences about it:
:func:`voclab.text.aspect_sentiment`), each theme also gets the impact of the respondents who were *negative*
about it and of those who were *positive*: "Billing" named in passing is not "Billing" complained about.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"nps": [10, 10, 9, 2, 3, 8], "price": [0, 0, 0, 1, 1, 0]})
>>> theme_impact(data, "nps", ["price"], n_boot=0)[["theme", "mentions", "nps_all", "nps_without", "impact"]]
   theme  mentions    nps_all  nps_without  impact
0  price         2  16.666667         75.0  -58.33
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError
from voclab.survey._checks import numeric_column
from voclab.survey.metrics import nps_points

__all__ = ["theme_impact"]


def _nps(score: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """NPS of the rows in ``keep`` (one boolean row per resample); ``score`` holds :func:`nps_points`."""
    counted = keep.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (keep * score).sum(axis=-1) / counted


def theme_impact(
    data: pd.DataFrame,
    score: str,
    themes: Sequence[str],
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
    *,
    aspects: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Impact of each 0/1 theme column on the NPS of ``score`` (0–10), most negative first.

    Columns: ``theme``, ``mentions``, ``share``, ``nps_all``, ``nps_mentioned``, ``nps_without``, ``impact``
    (points, rounded to 2 decimals), ``ci_low``, ``ci_high`` (bootstrap; NaN when ``n_boot=0``). With
    ``aspects`` (``row`` = a row label of ``data``, ``theme``, ``label``), also ``mentions_negative``,
    ``impact_negative``, ``mentions_positive``, ``impact_positive``: the same impact for the respondents whose
    sentences about the theme were negative (positive)."""
    require_columns(data, [score, *themes])
    values = numeric_column(data, score, (0, 10))
    answered = values.notna().to_numpy()
    if answered.sum() < 2:
        raise ParameterError(f"column {score!r} has fewer than 2 answers", hint="pass the 0–10 recommend score")
    points = nps_points(values.to_numpy())[answered]
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(points), size=(n_boot, len(points))) if n_boot else None
    tail = 100 * (1 - confidence) / 2
    rows = []
    everyone = np.ones(len(points), dtype=bool)
    for theme in themes:
        flag = pd.to_numeric(data[theme], errors="coerce").fillna(0).to_numpy()[answered] > 0
        row = {
            "theme": theme,
            "mentions": int(flag.sum()),
            "share": float(flag.mean()),
            "nps_all": float(_nps(points, everyone)),
            "nps_mentioned": float(_nps(points, flag)) if flag.any() else np.nan,
            "nps_without": float(_nps(points, ~flag)) if (~flag).any() else np.nan,
        }
        row["impact"] = round(row["nps_all"] - row["nps_without"], 2)
        if aspects is not None:
            row.update(_toned(aspects, theme, data.index[answered], points, row["nps_all"]))
        row["ci_low"] = row["ci_high"] = np.nan
        if picks is not None and flag.any() and (~flag).any():
            boot_score, boot_flag = points[picks], flag[picks]
            diffs = _nps(boot_score, np.ones_like(boot_flag)) - _nps(boot_score, ~boot_flag)
            row["ci_low"], row["ci_high"] = np.nanpercentile(diffs, [tail, 100 - tail])
        rows.append(row)
    return pd.DataFrame(rows).sort_values("impact", kind="stable").reset_index(drop=True)


def _toned(aspects: pd.DataFrame, theme: str, rows: pd.Index, points: np.ndarray, nps_all: float) -> dict[str, float]:
    """Mentions and impact of the respondents negative, and positive, about ``theme``."""
    about = aspects[aspects["theme"] == theme]
    out: dict[str, float] = {}
    for tone in ("negative", "positive"):
        flag = rows.isin(about.loc[about["label"] == tone, "row"])
        out[f"mentions_{tone}"] = int(flag.sum())
        out[f"impact_{tone}"] = round(nps_all - float(_nps(points, ~flag)), 2) if (~flag).any() else np.nan
    return out
