"""Referenced tests and intervals for proportions, shared by the say–do analyses.

* :func:`wilson` — Wilson (1927) score interval for one proportion;
* :func:`two_proportions` — difference of two independent proportions with Newcombe's (1998a) hybrid score
  interval (method 10, from the two Wilson intervals), tested with Fisher's exact test when any expected count is
  below 5, else the pooled two-proportion z-test (Pearson's chi-square);
* :func:`paired_proportions` — difference of two proportions on the same people with Newcombe's (1998b) hybrid
  score interval for paired data (method 10) and McNemar's exact test; never a zero-width interval;
* :func:`rate_ratio` — risk ratio with the Katz log interval and Fisher's exact test;
* :func:`mantel_haenszel` — risk ratio across strata (Mantel–Haenszel 1959) with the Greenland–Robins (1985)
  interval and the Cochran–Mantel–Haenszel test;
* :func:`bh` — Benjamini–Hochberg (1995) q-values.

Example
-------
>>> c = two_proportions(0, 6, 11, 45)  # a small cell: the interval agrees with the test
>>> round(c.ci_low, 3), round(c.ci_high, 3), round(c.p_value, 3), c.ci_low < 0 < c.ci_high
(-0.387, 0.159, 0.319, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from voclab.exceptions import ParameterError
from voclab.survey import metrics

__all__ = [
    "Comparison",
    "bh",
    "binary",
    "mantel_haenszel",
    "paired_proportions",
    "rate_ratio",
    "two_proportions",
    "wilson",
]

Z95 = float(stats.norm.ppf(0.975))
_WORDS = {"yes": 1.0, "no": 0.0, "true": 1.0, "false": 0.0, "y": 1.0, "n": 0.0}
NAN = math.nan


def binary(data: pd.DataFrame, column: str) -> pd.Series:
    """A 0/1 column as floats (missing stays missing); ``Yes``/``No`` and ``True``/``False`` are read as 1/0."""
    raw = data[column]
    values = pd.to_numeric(raw.astype("string").str.strip().str.lower().replace(_WORDS), errors="coerce")
    bad = (raw.notna() & values.isna()) | (values.notna() & ~values.isin([0, 1]))
    if bad.any():
        raise ParameterError(
            f"column {column!r} must be 0/1 (or missing), found {raw[bad].iloc[0]!r}",
            hint="recode it, e.g. (data[col] == 'Cancelled').astype(int)",
        )
    return values.astype("float64")


@dataclass(frozen=True)
class Comparison:
    """``estimate`` (a difference or a ratio) with its 95 % interval and two-sided p-value."""

    estimate: float
    ci_low: float
    ci_high: float
    p_value: float


_MISSING = Comparison(NAN, NAN, NAN, NAN)


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval for the proportion ``x/n`` (``(nan, nan)`` when ``n`` is 0)."""
    return metrics.wilson(x / n, n, z) if n else (NAN, NAN)


def _two_by_two_p(x1: int, n1: int, x2: int, n2: int) -> float:
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]], dtype=float)
    expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
    if (expected < 5).any():
        return float(stats.fisher_exact(table.astype(int)).pvalue)
    pooled = (x1 + x2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return float(2 * stats.norm.sf(abs(x1 / n1 - x2 / n2) / se0)) if se0 > 0 else 1.0


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Difference ``x1/n1 − x2/n2`` (see the module docstring); missing when either group is empty."""
    if n1 == 0 or n2 == 0:
        return _MISSING
    p1, p2 = x1 / n1, x2 / n2
    (l1, u1), (l2, u2) = wilson(x1, n1), wilson(x2, n2)
    diff = p1 - p2
    low = diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Comparison(diff, low, high, _two_by_two_p(x1, n1, x2, n2))


def paired_proportions(a: np.ndarray, b: np.ndarray) -> Comparison:
    """Difference ``mean(a) − mean(b)`` of two binary measures on the same people (see the module docstring)."""
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    if n == 0:
        return _MISSING
    both, only_a, only_b = int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum())
    neither = n - both - only_a - only_b
    p1, p2 = (both + only_a) / n, (both + only_b) / n
    (l1, u1), (l2, u2) = wilson(both + only_a, n), wilson(both + only_b, n)
    margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    cross = both * neither - only_a * only_b
    cross = max(cross - n / 2, 0.0) if cross > 0 else cross  # Newcombe's continuity adjustment of phi
    phi = cross / math.sqrt(margins) if margins > 0 else 0.0
    diff = p1 - p2
    low = diff - math.sqrt(max((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2, 0.0))
    high = diff + math.sqrt(max((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2, 0.0))
    p_value = stats.binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return Comparison(diff, max(low, -1.0), min(high, 1.0), float(p_value))


def rate_ratio(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Risk ratio ``(x1/n1) / (x2/n2)`` with the Katz log interval and Fisher's exact test (Agresti 2013, §3.1.4)."""
    if n1 == 0 or n2 == 0:
        return _MISSING
    p_value = float(stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue)
    if x1 == 0 or x2 == 0:
        return Comparison(NAN if x2 == 0 else 0.0, NAN, NAN, p_value)
    ratio = (x1 / n1) / (x2 / n2)
    se = math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    return Comparison(ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se), p_value)


def mantel_haenszel(strata: Sequence[tuple[int, int, int, int]]) -> Comparison:
    """Risk ratio of exposed vs unexposed adjusted for strata: each stratum is ``(x1, n1, x2, n2)`` (events and
    size of the exposed, then of the unexposed). Mantel–Haenszel estimate, Greenland–Robins (1985) variance of
    its log, Cochran–Mantel–Haenszel chi-square test (1 df). Strata with an empty group carry no information."""
    rows = [(x1, n1, x2, n2) for x1, n1, x2, n2 in strata if n1 > 0 and n2 > 0]
    if not rows:
        return _MISSING
    num = sum(x1 * n2 / (n1 + n2) for x1, n1, x2, n2 in rows)
    den = sum(x2 * n1 / (n1 + n2) for x1, n1, x2, n2 in rows)
    var_num = sum((n1 * n2 * (x1 + x2) - x1 * x2 * (n1 + n2)) / (n1 + n2) ** 2 for x1, n1, x2, n2 in rows)
    expected = sum(n1 * (x1 + x2) / (n1 + n2) for x1, n1, x2, n2 in rows)
    variance = sum(
        n1 * n2 * (x1 + x2) * (n1 + n2 - x1 - x2) / ((n1 + n2) ** 2 * (n1 + n2 - 1))
        for x1, n1, x2, n2 in rows
        if n1 + n2 > 1
    )
    observed = sum(x1 for x1, *_ in rows)
    p_value = float(stats.chi2.sf((observed - expected) ** 2 / variance, 1)) if variance > 0 else 1.0
    if num == 0 or den == 0:
        return Comparison(0.0 if num == 0 and den > 0 else NAN, NAN, NAN, p_value)
    ratio = num / den
    se = math.sqrt(var_num / (num * den))
    return Comparison(ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se), p_value)


def bh(p_values: pd.Series) -> pd.Series:
    """Benjamini–Hochberg (1995) q-values of the non-missing ``p_values`` (missing stay missing)."""
    p = pd.to_numeric(p_values, errors="coerce")
    q = pd.Series(NAN, index=p.index)
    if p.notna().any():
        q[p.notna()] = stats.false_discovery_control(p[p.notna()].clip(0, 1).to_numpy(), method="bh")
    return q
