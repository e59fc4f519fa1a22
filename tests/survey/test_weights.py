"""Raking against margins, a hand-solved 2×2 case and Kish's design effect."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from voclab import ParameterError
from voclab.survey import rake, rake_report, sample_mix

RNG = np.random.default_rng(11)
PEOPLE = pd.DataFrame(
    {
        "sex": RNG.choice(["f", "m"], 600, p=[0.7, 0.3]),
        "age": RNG.choice(["18-34", "35-54", "55+"], 600, p=[0.5, 0.3, 0.2]),
        "region": RNG.choice(["N", "S", "E", "W"], 600),
    }
)
TARGETS = {
    "sex": {"f": 0.51, "m": 0.49},
    "age": {"18-34": 0.3, "35-54": 0.35, "55+": 0.35},
    "region": {"N": 0.1, "S": 0.4, "E": 0.3, "W": 0.2},
}


def test_raked_margins_equal_the_targets():
    weights = rake(PEOPLE, TARGETS)
    for variable, shares in TARGETS.items():
        margin = weights.groupby(PEOPLE[variable]).sum() / weights.sum()
        assert_allclose(margin[list(shares)], list(shares.values()), atol=1e-6)
    assert_allclose(weights.mean(), 1.0)
    assert weights.attrs["rake"]["converged"]


def test_two_by_two_matches_the_closed_form_solution():
    # IPF keeps the odds ratio (30·40)/(10·20) = 6; with all margins ½ the fitted share x of (f, young)
    # solves x² / (½ − x)² = 6.
    data = pd.DataFrame(
        {"sex": ["f"] * 40 + ["m"] * 60, "age": ["young"] * 30 + ["old"] * 10 + ["young"] * 20 + ["old"] * 40}
    )
    weights = rake(data, {"sex": {"f": 0.5, "m": 0.5}, "age": {"young": 0.5, "old": 0.5}})
    x = 0.5 * np.sqrt(6) / (1 + np.sqrt(6))
    cell = {("f", "young"): (x, 30), ("m", "old"): (x, 40), ("f", "old"): (0.5 - x, 10), ("m", "young"): (0.5 - x, 20)}
    for (sex, age), (share, count) in cell.items():
        picked = weights[(data.sex == sex) & (data.age == age)]
        assert_allclose(picked, share * 100 / count, rtol=1e-8)


def test_design_effect_efficiency_and_cap():
    report = rake_report(PEOPLE, TARGETS, cap=3.0)
    assert report.converged and report.capped > 0
    w = report.weights.to_numpy()
    assert_allclose(report.design_effect, len(w) * (w**2).sum() / w.sum() ** 2)
    assert_allclose(report.efficiency, 1 / report.design_effect)
    assert w.max() <= 3.0 + 1e-6 < rake_report(PEOPLE, TARGETS).weights.max()
    assert "design effect" in report.summary()


def test_clear_errors_for_impossible_targets():
    with pytest.raises(ParameterError, match="'X' of 'sex' has no respondents"):
        rake(PEOPLE, {"sex": {"f": 0.4, "m": 0.4, "X": 0.2}})
    with pytest.raises(ParameterError, match="sum to 0.9000"):
        rake(PEOPLE, {"sex": {"f": 0.4, "m": 0.5}})
    with pytest.raises(ParameterError, match="which has no target"):
        rake(PEOPLE, {"region": {"N": 0.5, "S": 0.5}})
    with pytest.raises(ParameterError, match="did NOT converge"):
        rake(PEOPLE, TARGETS, cap=1.05)


def test_targets_as_a_table_or_from_the_config_equal_the_mapping(tmp_path):
    from voclab.config import load

    table = pd.DataFrame(
        [(v, c, s) for v, shares in TARGETS.items() for c, s in shares.items()],
        columns=["variable", "category", "share"],
    )
    assert_allclose(rake(PEOPLE, table), rake(PEOPLE, TARGETS))
    (tmp_path / "voclab.toml").write_text("[weighting.sex]\nf = 0.51\nm = 0.49\n")
    assert_allclose(rake(PEOPLE, load(tmp_path / "voclab.toml").weighting), rake(PEOPLE, {"sex": TARGETS["sex"]}))


def test_sample_mix_shares_by_hand():
    weights = rake(PEOPLE, {"sex": {"f": 0.5, "m": 0.5}})
    mix = sample_mix(PEOPLE.assign(weight=weights), "sex", population=pd.Series(["f", "m", "m", "m"]))
    by_value = mix.set_index("value")
    assert_allclose(by_value.respondents, (PEOPLE.sex.value_counts() / 600)[by_value.index])
    assert_allclose(by_value.weighted, [0.5, 0.5])
    assert by_value.index.tolist() == ["m", "f"]  # largest population share first
    assert_allclose(by_value.population, [0.75, 0.25])
    assert "population" not in sample_mix(PEOPLE.assign(weight=1.0), "sex")
