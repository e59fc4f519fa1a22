"""Scores and tracking against independent references: hand formulas, scipy and statsmodels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from voclab import ParameterError
from voclab.survey import ces, csat, difference_test, mean_score, nps, nps_bootstrap, nps_group, tracking, withhold
from voclab.survey.metrics import net_interval, wilson

RNG = np.random.default_rng(7)
SCORES = pd.DataFrame({"q": RNG.integers(0, 11, 400), "seg": RNG.choice(["a", "b"], 400)})


def test_nps_and_its_standard_error_by_hand():
    x = SCORES.q
    p, d, n = (x >= 9).mean(), (x <= 6).mean(), len(x)
    result = nps(SCORES, "q").iloc[0]
    assert_allclose(result.nps, 100 * (p - d))
    assert_allclose(result.se, 100 * np.sqrt((p + d - (p - d) ** 2) / n))
    assert_allclose([result.ci_low, result.ci_high], 100 * (p - d) + np.array([-1, 1]) * 1.959964 * result.se)
    assert (result.n, result.n_effective, bool(result.low_base)) == (400, 400.0, False)


def test_nps_interval_agrees_with_a_scipy_bootstrap_of_the_same_data():
    score = np.where(SCORES.q >= 9, 100.0, np.where(SCORES.q <= 6, -100.0, 0.0))
    boot = stats.bootstrap((score,), np.mean, n_resamples=4000, method="percentile", random_state=1)
    result = nps(SCORES, "q").iloc[0]
    assert_allclose(
        [result.ci_low, result.ci_high], [boot.confidence_interval.low, boot.confidence_interval.high], atol=1.5
    )
    ours = nps_bootstrap(SCORES, "q", n_boot=4000, seed=3).iloc[0]
    assert_allclose(
        [ours.ci_low, ours.ci_high], [boot.confidence_interval.low, boot.confidence_interval.high], atol=1.5
    )


def test_weighted_nps_equals_replicated_data_and_reports_kish_n():
    data = pd.DataFrame({"q": [10, 9, 5, 7, 0], "w": [3, 1, 2, 1, 1]})
    replicated = pd.DataFrame({"q": np.repeat(data.q, data.w)})
    weighted, plain = nps(data, "q", weights="w").iloc[0], nps(replicated, "q").iloc[0]
    assert_allclose(weighted.nps, plain.nps)
    assert_allclose(weighted.n_effective, 8**2 / (9 + 1 + 4 + 1 + 1))
    assert (weighted.n, weighted.n_weighted) == (5, 8.0)


def test_groups_and_low_base():
    result = nps(SCORES, "q", by="seg", min_base=250)
    assert result.seg.tolist() == ["a", "b"]
    for _, row in result.iterrows():
        part = SCORES[SCORES.seg == row.seg].q
        assert_allclose(row.nps, 100 * ((part >= 9).mean() - (part <= 6).mean()))
        assert row.low_base == (len(part) < 250)


def test_csat_wilson_interval_matches_statsmodels():
    data = pd.DataFrame({"s": RNG.integers(1, 6, 137)})
    top = int(data.s.isin([4, 5]).sum())
    result = csat(data, "s").iloc[0]
    assert_allclose(result.csat, top / 137)
    assert_allclose([result.ci_low, result.ci_high], proportion_confint(top, 137, method="wilson"))
    top3 = csat(data, "s", top=(3, 4, 5)).iloc[0]
    assert_allclose(top3.csat, data.s.ge(3).mean())


def test_net_interval_is_rocks_adjusted_wald_by_hand():
    # 12 positive, 3 negative of 20: add 3/4 of each and 3 to n (Rocks 2016), then the multinomial Wald interval
    p, q, n = 12.75 / 23, 3.75 / 23, 23
    half = 1.959964 * np.sqrt((p + q - (p - q) ** 2) / n)
    assert_allclose(net_interval(12, 3, 20), 100 * np.array([p - q - half, p - q + half]), rtol=1e-6)


@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60))
def test_net_interval_stays_within_the_scale_and_holds_the_estimate(positive, negative, neutral):
    n = positive + negative + neutral
    low, high = net_interval(positive, negative, n)
    if n == 0:
        assert np.isnan(low) and np.isnan(high)
        return
    assert -100 <= low <= high <= 100
    if n >= 5:  # on one or two texts the adjusted interval leans towards 0, away from a ±100 estimate
        assert low - 1e-9 <= 100 * (positive - negative) / n <= high + 1e-9


def test_wilson_matches_statsmodels():
    for x, n in [(0, 5), (3, 10), (10, 10), (37, 400)]:
        assert_allclose(wilson(x / n, n), proportion_confint(x, n, method="wilson"))


def test_mean_score_and_ces_match_scipy():
    data = pd.DataFrame({"e": RNG.integers(1, 8, 90).astype(float)})
    data.loc[[3, 5], "e"] = np.nan
    values = data.e.dropna()
    result = mean_score(data, "e").iloc[0]
    assert_allclose([result["mean"], result.se], [values.mean(), stats.sem(values)])
    assert_allclose(ces(data, "e").iloc[0].ces, values.mean())
    assert result.n == 88


def test_bad_answers_are_clear_errors():
    with pytest.raises(ParameterError, match="outside 0–10"):
        nps(pd.DataFrame({"q": [3, 11]}), "q")
    with pytest.raises(ParameterError, match="not numbers"):
        nps(pd.DataFrame({"q": ["9", "nine"]}), "q")
    with pytest.raises(ParameterError, match="'nope' is not in the data"):
        nps(SCORES, "nope")
    with pytest.raises(ParameterError, match="non-negative"):
        nps(SCORES, "q", weights=pd.Series(-1.0, index=SCORES.index))


def test_difference_test_is_a_two_sample_z_test():
    z, p = difference_test(20.0, 4.0, 32.0, 3.0)
    assert_allclose(z, 12 / 5)
    assert_allclose(p, 2 * stats.norm.sf(2.4))


def test_tracking_tests_each_change_and_compares_with_targets():
    data = pd.DataFrame(
        {
            "q": [10] * 60 + [3] * 40 + [10] * 62 + [3] * 38 + [10] * 85 + [3] * 15,
            "wave": np.repeat(["Q1", "Q2", "Q3"], 100),
        }
    )
    trend = tracking(data, "q", "wave", targets={"Q3": 75})
    scores = nps(data, "q", by="wave")
    assert_allclose(trend.value, scores.nps)
    z, p = difference_test(scores.nps[1], scores.se[1], scores.nps[2], scores.se[2])
    assert_allclose([trend.z[2], trend.p_value[2]], [z, p])
    assert trend.significant.tolist() == [False, False, True]
    assert "within noise" in trend.sentence[1]
    assert (
        trend.sentence[2]
        == "NPS rose 46 points vs Q2 (24 → 70), significant at 95 %; 5 points below the Q3 target of 75."
    )
    assert_allclose(trend.vs_target[2], -5.0)


def test_tracking_csat_in_points_and_low_base_waves_are_not_tested():
    data = pd.DataFrame({"s": [5] * 40 + [1] * 10 + [5] * 5, "wave": ["w1"] * 50 + ["w2"] * 5})
    trend = tracking(data, "s", "wave", metric="csat")
    assert_allclose(trend.value[0], 80.0)
    assert bool(trend.low_base[1]) and np.isnan(trend.p_value[1])
    assert trend.sentence[1] == "CSAT in w2 not shown: only 5 answers (n<30)."
    low = trend.iloc[1]
    assert low[["value", "ci_low", "ci_high", "change", "vs_target", "z"]].isna().all()  # nothing derived from it
    assert tracking(data, "s", "wave", metric="csat", min_base=5).sentence[1].startswith("CSAT rose")
    with pytest.raises(ParameterError, match="unknown metric"):
        tracking(data, "s", "wave", metric="median")


def test_withhold_blanks_every_estimate_of_a_small_group_and_keeps_its_sizes():
    table = pd.DataFrame(
        {"unit": ["a", "b"], "nps": [12.0, 100.0], "ci_low": [1.0, 100.0], "diff": [3, -2], "n": [40, 3], "ok": [1, 1]}
    )
    shown = withhold(table, min_base=30)
    assert shown.loc[0, ["nps", "ci_low", "diff", "ok"]].tolist() == [12.0, 1.0, 3.0, 1.0]
    assert shown.loc[1, ["nps", "ci_low", "diff", "ok"]].isna().all() and shown.loc[1, "n"] == 3
    assert table.loc[1, "nps"] == 100.0  # a copy


def test_tracking_carries_benchmarks_for_the_goal_lines():
    data = pd.DataFrame({"q": [10] * 60 + [3] * 40 + [10] * 80 + [3] * 20, "wave": ["Q1"] * 100 + ["Q2"] * 100})
    trend = tracking(data, "q", "wave", benchmarks={"Q1": 30, "Q2": 31})
    assert trend.benchmark.tolist() == [30.0, 31.0] and trend.target.isna().all()


def test_nps_group_splits_the_scale_and_its_counts_give_the_nps():
    groups = nps_group(SCORES.q)
    expected = np.select([SCORES.q <= 6, SCORES.q <= 8], ["Detractor", "Passive"], "Promoter")
    assert (groups.astype(str).to_numpy() == expected).all() and groups.cat.ordered
    shares = groups.value_counts(normalize=True)
    assert_allclose(100 * (shares["Promoter"] - shares["Detractor"]), nps(SCORES, "q").nps.item())
    assert nps_group(pd.Series([11, -1, None, "x"])).isna().all()  # off the scale: missing, never a group


def _units(sizes: dict[tuple[str, str], int]) -> pd.DataFrame:
    """Answers per (unit, period): a third promoters, a third passives, a third detractors, shifted per unit."""
    rows = []
    for (unit, period), n in sizes.items():
        shift = {"a": 0, "b": 1, "c": 2}[unit]
        rows += [{"unit": unit, "period": period, "q": [10, 8, 3][(i + shift) % 3] if i % 4 else 9} for i in range(n)]
    return pd.DataFrame(rows)


def test_tracking_withholds_a_second_unit_when_one_is_below_the_base():
    data = _units(
        {("a", "Q1"): 60, ("b", "Q1"): 50, ("c", "Q1"): 40, ("a", "Q2"): 60, ("b", "Q2"): 12, ("c", "Q2"): 45}
    )
    plain = tracking(data, "q", "period", by="unit").set_index(["unit", "period"])
    guarded = tracking(data, "q", "period", by="unit", complementary=True).set_index(["unit", "period"])
    assert plain.loc[("c", "Q2"), "value"] == nps(data[(data.unit == "c") & (data.period == "Q2")], "q").nps.item()
    assert guarded.loc[("b", "Q2"), "low_base"] and not guarded.loc[("b", "Q2"), "complementary"]
    assert guarded.loc[("c", "Q2"), "complementary"] and np.isnan(guarded.loc[("c", "Q2"), "value"])  # smallest other
    assert np.isnan(guarded.loc[("c", "Q2"), "change"])  # nor the change that would give it back with Q1's value
    assert "withheld (n=45)" in guarded.loc[("c", "Q2"), "sentence"]
    assert not any(char.isdigit() for char in guarded.loc[("c", "Q2"), "sentence"].split("n=45")[1])
    assert_allclose(guarded.loc[("a", "Q2"), "value"], plain.loc[("a", "Q2"), "value"])  # the others stay
    assert not guarded.xs("Q1", level="period")["complementary"].any()  # every unit above the base in Q1


def test_a_period_after_a_hidden_one_is_not_compared_with_it():
    data = _units({("a", "Q1"): 10, ("a", "Q2"): 60})
    row = tracking(data, "q", "period").iloc[1]
    assert np.isnan(row.change) and "nan" not in row.sentence and "Q1" not in row.sentence
