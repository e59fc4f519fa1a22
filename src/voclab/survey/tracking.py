"""Tracking: a score per wave or period with its interval, the change from the previous period with a
significance test, the target for each period, and a plain-language sentence for each.

The change between two periods is tested as a difference of two independent estimates:
``z = (s₂ − s₁) / √(se₁² + se₂²)`` (for NPS, the two-sample test of Rocks 2016, with each NPS variance from
the multinomial formula in :func:`voclab.survey.nps`). Periods below the minimum base size keep their n but no
value, interval, change or target gap (their sentence says so), and are not tested.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"q": [10] * 60 + [3] * 40 + [10] * 80 + [3] * 20,
...                      "wave": ["Q1"] * 100 + ["Q2"] * 100})
>>> trend = tracking(data, "q", "wave", targets={"Q2": 50})
>>> print(trend.sentence.iloc[-1])
NPS rose 40 points vs Q1 (20 → 60), significant at 95 %; 10 points above the Q2 target of 50.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from voclab.exceptions import ParameterError
from voclab.survey.metrics import MIN_BASE, csat, mean_score, nps
from voclab.survey.suppress import withhold, withhold_parts

__all__ = ["METRICS", "calendar_quarters", "difference_test", "tracking"]

#: metric name → (function, value column, multiplier to report points, label in sentences)
METRICS = {
    "nps": (nps, "nps", 1.0, "NPS"),
    "csat": (csat, "csat", 100.0, "CSAT"),
    "mean": (mean_score, "mean", 1.0, "Mean score"),
}


def difference_test(value1: float, se1: float, value2: float, se2: float) -> tuple[float, float]:
    """z statistic and two-sided p-value for the change ``value2 − value1`` of two independent estimates."""
    se = float(np.hypot(se1, se2))
    if not se > 0:
        return np.nan, np.nan
    z = (value2 - value1) / se
    return float(z), float(2 * stats.norm.sf(abs(z)))


def _points(value: float, unit: str) -> str:
    amount = f"{abs(value):.0f}"
    return f"{amount} {unit.rstrip('s') if amount == '1' else unit}"


def _sentence(
    row: pd.Series, previous: pd.Series | None, label: str, confidence: float, unit: str, min_base: int
) -> str:
    now = f"{row['value']:.0f}"
    if row.get("complementary"):
        return (
            f"{label} in {row['period']} withheld (n={row['n']}): another group is below the minimum base, and this "
            "one's score with the total's would reveal it."
        )
    if row["low_base"]:
        return f"{label} in {row['period']} not shown: only {row['n']} answers (n<{min_base})."
    elif previous is None or previous["low_base"]:  # a withheld period is no baseline: its value would show
        text = f"{label} {now} in {row['period']} (n={row['n']})."
    else:
        change = row["value"] - previous["value"]
        moved = abs(change) >= 0.5
        direction = ("rose " if change > 0 else "fell ") + _points(change, unit) if moved else "held steady"
        verdict = (
            f"significant at {confidence:.0%}".replace("%", " %")
            if row["significant"]
            else f"change within noise (p = {row['p_value']:.2f})"
        )
        text = f"{label} {direction} vs {previous['period']} ({previous['value']:.0f} → {now}), {verdict};"
    if pd.notna(row.get("target")):
        gap = row["value"] - row["target"]
        where = "above" if gap >= 0.5 else "below" if gap <= -0.5 else "on"
        amount = f"{_points(gap, unit)} " if where != "on" else ""
        text = text.rstrip(";.") + f"; {amount}{where} the {row['period']} target of {row['target']:g}."
    return text if text.endswith(".") else text.rstrip(";") + "."


def calendar_quarters(when: pd.Series) -> pd.Series:
    """Dates (time-zone aware or not) → their calendar quarter as text, ``2025Q4``: the period of a survey
    without waves.

    >>> calendar_quarters(pd.Series(pd.to_datetime(["2025-11-25", "2025-02-01"], utc=True))).tolist()
    ['2025Q4', '2025Q1']
    """
    naive = when.dt.tz_localize(None) if when.dt.tz is not None else when
    return naive.dt.to_period("Q").astype("string")


def tracking(
    data: pd.DataFrame,
    column: str,
    period: str,
    metric: str = "nps",
    weights: str | pd.Series | None = None,
    targets: Mapping[str, float] | None = None,
    by: str | Sequence[str] | None = None,
    benchmarks: Mapping[str, float] | None = None,
    confidence: float = 0.95,
    min_base: int = MIN_BASE,
    complementary: bool = False,
) -> pd.DataFrame:
    """Score of ``column`` per ``period`` (sorted), with change tests and target comparison.

    ``metric`` is ``"nps"``, ``"csat"`` (top-2-box, reported in percentage points) or ``"mean"``;
    ``targets`` and ``benchmarks`` map period → value (``[targets.nps]`` / ``[benchmarks.nps]`` in
    ``voclab.toml``). Columns: ``by``…, ``period``, ``value``, ``se``, ``ci_low``, ``ci_high``, ``n``,
    ``n_effective``, ``low_base``, ``complementary``, ``target``, ``vs_target``, ``benchmark``, ``change``, ``z``,
    ``p_value``, ``significant``, ``sentence``. A period below the minimum base shows no value, and the next
    period's change is not computed from it.

    ``complementary`` (with ``by``: the groups are parts of a total shown beside them, such as units of the
    company): in each period where exactly one group is below the minimum base, the smallest other group is
    withheld too (:func:`~voclab.survey.suppress.withhold_parts`; its ``complementary`` is true).
    """
    if metric not in METRICS:
        raise ParameterError(f"unknown metric {metric!r}", hint=f"choose one of {', '.join(METRICS)}")
    if not 0 < confidence < 1:
        raise ParameterError(f"confidence={confidence} must be between 0 and 1", hint="e.g. 0.95")
    function, value_column, scale, label = METRICS[metric]
    keys = [by] if isinstance(by, str) else list(by or [])
    scores = function(data, column, weights=weights, by=[*keys, period], min_base=min_base)
    scores = withhold_parts(scores, within=period) if complementary and keys else scores.assign(complementary=False)
    scores = withhold(scores).rename(columns={value_column: "value", period: "period"})
    for name in ("value", "se", "ci_low", "ci_high"):
        scores[name] = scores[name] * scale
    if confidence != 0.95:
        z = stats.norm.ppf(0.5 + confidence / 2)
        scores["ci_low"], scores["ci_high"] = scores.value - z * scores.se, scores.value + z * scores.se
    targets = {str(k): float(v) for k, v in (targets or {}).items()}
    scores["target"] = scores["period"].astype(str).map(targets).astype("float64")
    scores["vs_target"] = scores["value"] - scores["target"]
    marks = {str(k): float(v) for k, v in (benchmarks or {}).items()}
    scores["benchmark"] = scores["period"].astype(str).map(marks).astype("float64")
    unit = "points"
    parts = []
    for _, group in scores.groupby(keys, sort=True) if keys else [((), scores)]:
        group = group.sort_values("period").reset_index(drop=True)
        group["change"] = group["value"].diff()
        tests = [(np.nan, np.nan)] + [
            difference_test(a.value, a.se, b.value, b.se) if not (a.low_base or b.low_base) else (np.nan, np.nan)
            for (_, a), (_, b) in zip(group.iloc[:-1].iterrows(), group.iloc[1:].iterrows(), strict=True)
        ]
        group["z"], group["p_value"] = zip(*tests, strict=True)
        group["significant"] = group["p_value"] < 1 - confidence
        group["sentence"] = [
            _sentence(row, group.iloc[i - 1] if i else None, label, confidence, unit, min_base)
            for i, row in group.iterrows()
        ]
        parts.append(group)
    columns = [
        *keys,
        "period",
        "value",
        "se",
        "ci_low",
        "ci_high",
        "n",
        "n_effective",
        "low_base",
        "complementary",
        "target",
        "vs_target",
        "benchmark",
        "change",
        "z",
        "p_value",
        "significant",
        "sentence",
    ]
    out = pd.concat(parts, ignore_index=True)[columns]
    out.attrs.update({"metric": metric, "label": label, "confidence": confidence, "min_base": min_base})
    return out
