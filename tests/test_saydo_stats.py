"""The say–do statistics against independent references: statsmodels, scipy and computations by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable, mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint, proportions_ztest

from voclab.saydo._stats import bh, mantel_haenszel, paired_proportions, two_proportions, wilson


@settings(max_examples=80, deadline=None)
@given(x=st.integers(0, 80), extra=st.integers(0, 80))
def test_wilson_matches_statsmodels(x, extra):
    n = x + extra
    if n == 0:
        return
    assert_allclose(wilson(x, n), proportion_confint(x, n, method="wilson"), atol=1e-12)


@settings(max_examples=80, deadline=None)
@given(x1=st.integers(0, 60), extra1=st.integers(1, 60), x2=st.integers(0, 60), extra2=st.integers(1, 60))
def test_two_proportions_newcombe_interval_and_the_right_test(x1, extra1, x2, extra2):
    n1, n2 = x1 + extra1, x2 + extra2
    result = two_proportions(x1, n1, x2, n2)
    assert_allclose(result.estimate, x1 / n1 - x2 / n2)
    low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff")
    assert_allclose([result.ci_low, result.ci_high], [low, high], atol=1e-9)
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / table.sum()
    if (expected < 5).any():
        assert_allclose(result.p_value, stats.fisher_exact(table).pvalue)
    else:
        assert_allclose(result.p_value, proportions_ztest([x1, x2], [n1, n2])[1], rtol=1e-9)
    assert result.ci_low <= result.estimate <= result.ci_high


def test_a_small_cell_interval_agrees_with_its_test():
    result = two_proportions(0, 6, 11, 45)  # Wald gave −0.37 to −0.12 with p = 0.17
    assert result.ci_low < 0 < result.ci_high and result.p_value > 0.05
    assert_allclose(result.p_value, stats.fisher_exact([[0, 6], [11, 34]]).pvalue)


def _newcombe_paired_by_hand(e: int, f: int, g: int, h: int) -> tuple[float, float]:
    """Newcombe (1998b) method 10, written out from the paper's formulas for the 2×2 (e f / g h)."""
    n = e + f + g + h
    z = 1.959963984540054

    def score(x: int) -> tuple[float, float]:
        p = x / n
        a, b = 2 * n * p + z * z, z * math.sqrt(z * z + 4 * n * p * (1 - p))
        return (a - b) / (2 * (n + z * z)), (a + b) / (2 * (n + z * z))

    (l2, u2), (l3, u3) = score(e + f), score(e + g)
    p2, p3 = (e + f) / n, (e + g) / n
    c = e * h - f * g
    c = max(c - n / 2, 0) if c > 0 else c
    phi = c / math.sqrt((e + f) * (g + h) * (e + g) * (f + h))
    d = p2 - p3
    delta = math.sqrt((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u3 - p3) + (u3 - p3) ** 2)
    eps = math.sqrt((u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p3 - l3) + (p3 - l3) ** 2)
    return d - delta, d + eps


def test_paired_interval_is_newcombes_method_10_and_the_test_mcnemar_exact():
    said = np.array([1] * 30 + [1] * 12 + [0] * 3 + [0] * 55, dtype=bool)
    did = np.array([1] * 30 + [0] * 12 + [1] * 3 + [0] * 55, dtype=bool)
    result = paired_proportions(said, did)
    assert_allclose(result.estimate, (12 - 3) / 100)
    assert_allclose([result.ci_low, result.ci_high], _newcombe_paired_by_hand(30, 12, 3, 55))
    assert_allclose(result.p_value, mcnemar([[30, 12], [3, 55]], exact=True).pvalue)


def test_a_paired_interval_never_has_zero_width():
    agree = np.array([True] * 40 + [False] * 10)
    result = paired_proportions(agree, agree)  # every pair concordant: estimate 0, interval still wide
    assert result.estimate == 0 and result.ci_high - result.ci_low > 0.05


def test_mantel_haenszel_risk_ratio_by_hand_and_the_cmh_test_against_statsmodels():
    strata = [(20, 100, 10, 100), (5, 50, 8, 150), (12, 40, 30, 200)]  # (events, n) exposed, then unexposed
    result = mantel_haenszel(strata)
    num = sum(x1 * n2 / (n1 + n2) for x1, n1, x2, n2 in strata)
    den = sum(x2 * n1 / (n1 + n2) for x1, n1, x2, n2 in strata)
    assert_allclose(result.estimate, num / den)
    tables = [np.array([[x1, n1 - x1], [x2, n2 - x2]]) for x1, n1, x2, n2 in strata]
    assert_allclose(result.p_value, StratifiedTable(tables).test_null_odds(correction=False).pvalue)
    # Greenland–Robins variance of log RR, written out
    var = sum((n1 * n2 * (x1 + x2) - x1 * x2 * (n1 + n2)) / (n1 + n2) ** 2 for x1, n1, x2, n2 in strata)
    se = math.sqrt(var / (num * den))
    assert_allclose(
        [result.ci_low, result.ci_high],
        [num / den * math.exp(-1.959963984540054 * se), num / den * math.exp(1.959963984540054 * se)],
    )


def test_one_stratum_mantel_haenszel_is_the_plain_risk_ratio():
    result = mantel_haenszel([(40, 140, 90, 860)])
    assert_allclose(result.estimate, (40 / 140) / (90 / 860))


def test_benjamini_hochberg_matches_statsmodels_and_keeps_missing():
    p = pd.Series([0.001, 0.04, np.nan, 0.03, 0.5, 0.0001])
    q = bh(p)
    expected = multipletests(p.dropna(), method="fdr_bh")[1]
    assert_allclose(q.dropna(), expected) and np.isnan(q[2])
