"""Banner tables: chi-square vs scipy, significance letters vs a hand-computed table, multi and grid questions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from scipy import stats

from voclab import ParameterError
from voclab.survey import column_letters, crosstab


def _answers(yes: dict[str, int], base: int = 100) -> pd.DataFrame:
    rows = [(seg, "yes" if i < k else "no") for seg, k in yes.items() for i in range(base)]
    return pd.DataFrame(rows, columns=["seg", "q"])


def test_letters_match_a_hand_computed_table():
    # A 60 %, B 40 %, C 55 % yes, n = 100 each; Bonferroni over 3 pairs: each test at 0.05 / 3 = 0.0167.
    # A vs B: z = 0.20 / √(.50·.50·.02) = 2.83, p = .005 → A beats B (and B beats A on "no").
    # C vs B: z = 0.15 / √(.475·.525·.02) = 2.12, p = .034 → not significant after correction.
    # A vs C: z = 0.05 / √(.575·.425·.02) = 0.72 → not significant.
    table = crosstab(_answers({"A": 60, "B": 40, "C": 55}), "q", "seg")
    expected = pd.DataFrame({"A": ["B", ""], "B": ["", "A"], "C": ["", ""]}, index=["yes", "no"])
    pd.testing.assert_frame_equal(table.letters.loc[["yes", "no"]], expected, check_names=False)
    assert "Bonferroni" in table.method and "3 column pair" in table.method
    assert table.formatted().loc["yes"].tolist() == ["60% B", "40%", "55%"]


def test_chi_square_equals_scipy():
    rng = np.random.default_rng(3)
    data = pd.DataFrame({"q": rng.choice(["a", "b", "c"], 300), "seg": rng.choice(["x", "y", "z", "w"], 300)})
    table = crosstab(data, "q", "seg")
    chi2, p, dof, _ = stats.chi2_contingency(pd.crosstab(data.q, data.seg).to_numpy(), correction=False)
    assert_allclose([table.chi2, table.p_value], [chi2, p])
    assert table.dof == dof
    assert_allclose(table.percent.sum(), 1.0)
    assert table.base.tolist() == data.seg.value_counts().sort_index().tolist()


def test_weights_missing_answers_and_value_labels():
    data = pd.DataFrame(
        {"q": [1, 1, 2, 2, 99, 1], "seg": ["a", "a", "a", "b", "b", "b"], "w": [1.0, 2.0, 1.0, 1.0, 5.0, 3.0]}
    )
    table = crosstab(data, "q", "seg", weights="w", missing=[99], labels={1: "Yes", 2: "No"})
    assert table.counts.loc["Yes"].tolist() == [3.0, 3.0]
    assert_allclose(table.percent.loc["Yes"], [0.75, 0.75])
    assert table.base.tolist() == [3, 2]
    assert_allclose(table.effective_base, [16 / 6, 16 / 10])


def test_select_all_and_grid_questions():
    data = pd.DataFrame(
        {"o1": [1, 0, 1, 1], "o2": [1, 1, 0, np.nan], "r1": [5, 4, 3, 1], "r2": [2, 2, 4, 4], "seg": list("aabb")}
    )
    multi = crosstab(data, ["o1", "o2"], "seg", min_base=1)
    assert multi.kind == "multi" and np.isnan(multi.chi2)
    assert_allclose(multi.percent.loc["o1"], [0.5, 1.0])
    assert_allclose(multi.percent.loc["o2"], [1.0, 0.0])
    grid = crosstab(data, ["r1", "r2"], "seg", grid=True, min_base=1)
    assert_allclose(grid.percent.loc["r1"], [4.5, 2.0])
    assert grid.formatted().loc["r2"].tolist() == ["2.0", "4.0"]
    with pytest.raises(ParameterError, match="0/1"):
        crosstab(data, ["r1", "r2"], "seg")


def test_column_letters_go_past_z():
    assert column_letters(28)[-3:] == ["Z", "AA", "AB"]


def test_low_base_columns_show_the_marker_and_take_no_part_in_tests():
    data = _answers({"A": 60, "B": 40}).iloc[:180].copy()  # B has 80 answers
    data.loc[data.index[-70:], "seg"] = "C"  # C: 70, B: 10
    table = crosstab(data, "q", "seg", min_base=30)
    shown = table.formatted()
    assert shown["B (B)"].tolist() == ["n<30", "n<30", "10"]
    assert "B" not in "".join(table.letters.to_numpy().ravel())
    assert "1 column pair" in table.method
