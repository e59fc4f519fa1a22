"""Small, referenced tests for proportions shared by the say–do analyses.

Example
-------
>>> round(two_proportions(30, 100, 15, 100).p_value, 4)
0.0111
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from voclab.exceptions import ParameterError

__all__ = ["Comparison", "binary", "paired_proportions", "rate_ratio", "two_proportions"]

Z95 = stats.norm.ppf(0.975)
_WORDS = {"yes": 1.0, "no": 0.0, "true": 1.0, "false": 0.0, "y": 1.0, "n": 0.0}


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


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Difference ``x1/n1 − x2/n2``: Wald interval, pooled two-proportion z-test (Agresti 2013, §3.1.2 / §3.2).

    Missing (NaN) results when either group is empty.
    """
    if n1 == 0 or n2 == 0:
        return Comparison(math.nan, math.nan, math.nan, math.nan)
    p1, p2 = x1 / n1, x2 / n2
    se = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    pooled = (x1 + x2) / (n1 + n2)
    se0 = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    p_value = 2 * stats.norm.sf(abs(p1 - p2) / se0) if se0 > 0 else 1.0
    return Comparison(p1 - p2, p1 - p2 - Z95 * se, p1 - p2 + Z95 * se, float(p_value))


def paired_proportions(a: np.ndarray, b: np.ndarray) -> Comparison:
    """Difference ``mean(a) − mean(b)`` of two binary measures on the same people.

    Wald interval for paired proportions and McNemar's exact test (binomial test on the discordant pairs;
    McNemar 1947, Agresti 2013 §11.1).
    """
    a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
    n = len(a)
    if n == 0:
        return Comparison(math.nan, math.nan, math.nan, math.nan)
    only_a, only_b = int((a & ~b).sum()), int((~a & b).sum())
    diff = (only_a - only_b) / n
    se = math.sqrt(max((only_a + only_b) / n - diff**2, 0.0) / n)
    p_value = stats.binomtest(only_a, only_a + only_b, 0.5).pvalue if only_a + only_b else 1.0
    return Comparison(diff, diff - Z95 * se, diff + Z95 * se, float(p_value))


def rate_ratio(x1: int, n1: int, x2: int, n2: int) -> Comparison:
    """Risk ratio ``(x1/n1) / (x2/n2)`` with the Katz log interval and Fisher's exact test (Agresti 2013, §3.1.4)."""
    if n1 == 0 or n2 == 0 or x2 == 0 or x1 == 0:
        ratio = math.nan if n1 == 0 or n2 == 0 or x2 == 0 else 0.0
        p_value = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue if n1 and n2 else math.nan
        return Comparison(ratio, math.nan, math.nan, float(p_value))
    ratio = (x1 / n1) / (x2 / n2)
    se = math.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    p_value = stats.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue
    return Comparison(ratio, ratio * math.exp(-Z95 * se), ratio * math.exp(Z95 * se), float(p_value))
