"""Key drivers: relative weights vs OLS R² and an independent SVD implementation; Shapley vs exhaustive OLS."""

from __future__ import annotations

from itertools import permutations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from numpy.testing import assert_allclose

from voclab import ParameterError
from voclab.survey import importance_performance, relative_weights, shapley_r2

RNG = np.random.default_rng(5)
N = 400
BASE = RNG.normal(size=(N, 4))
DATA = pd.DataFrame(
    BASE @ np.array([[1, 0.5, 0.3, 0], [0, 1, 0.4, 0.2], [0, 0, 1, 0.3], [0, 0, 0, 1]]), columns=list("abcd")
)
DATA["y"] = 0.8 * DATA.a + 0.3 * DATA.b + 0.1 * DATA.d + RNG.normal(size=N)
DRIVERS = list("abcd")


def _r2(columns: list[str]) -> float:
    if not columns:
        return 0.0
    return sm.OLS(DATA.y, sm.add_constant(DATA[columns])).fit().rsquared


def _relative_weights_by_svd(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Johnson (2000) via the singular value decomposition of the standardised drivers."""
    n = len(x)
    xs = (x - x.mean(0)) / x.std(0, ddof=1)
    ys = (y - y.mean()) / y.std(ddof=1)
    u, s, vt = np.linalg.svd(xs, full_matrices=False)
    z = u @ vt * np.sqrt(n - 1)  # the orthogonal variables closest to the drivers
    lam = vt.T @ np.diag(s) @ vt / np.sqrt(n - 1)  # correlations of the drivers with z
    beta = z.T @ ys / (n - 1)
    return (lam**2) @ (beta**2)


def test_relative_weights_sum_to_ols_r2_and_match_an_svd_implementation():
    rw = relative_weights(DATA, "y", DRIVERS, n_boot=200)
    assert_allclose(rw.weight.sum(), _r2(DRIVERS), rtol=1e-10)
    assert_allclose(rw.weight, _relative_weights_by_svd(DATA[DRIVERS].to_numpy(), DATA.y.to_numpy()), rtol=1e-8)
    assert_allclose(rw.share.sum(), 1.0)
    assert rw.loc[rw["rank"] == 1, "driver"].item() == "a"
    assert ((rw.ci_low <= rw.weight) & (rw.weight <= rw.ci_high)).all()
    assert rw.attrs["n"] == N


def test_shapley_equals_the_exhaustive_average_over_orderings():
    drivers = ["a", "b", "c"]
    orders = list(permutations(drivers))
    exhaustive = {
        d: np.mean([_r2(list(o[: o.index(d) + 1])) - _r2(list(o[: o.index(d)])) for o in orders]) for d in drivers
    }
    result = shapley_r2(DATA, "y", drivers)
    assert_allclose(result.shapley, [exhaustive[d] for d in drivers], rtol=1e-10)
    assert_allclose(result.shapley.sum(), _r2(drivers), rtol=1e-10)


def test_weighted_drivers_equal_replicated_data():
    w = pd.Series(RNG.integers(1, 4, N), index=DATA.index)
    replicated = DATA.loc[DATA.index.repeat(w)]
    assert_allclose(
        relative_weights(DATA, "y", DRIVERS, weights=w, n_boot=0).weight,
        relative_weights(replicated, "y", DRIVERS, n_boot=0).weight,
        rtol=1e-6,
    )


def test_errors_for_collinear_constant_and_too_many_drivers():
    data = DATA.assign(e=DATA.a + DATA.b, k=1.0)
    with pytest.raises(ParameterError, match="collinear"):
        relative_weights(data, "y", ["a", "b", "e"], n_boot=0)
    with pytest.raises(ParameterError, match="same value"):
        relative_weights(data, "y", ["a", "k"], n_boot=0)
    wide = pd.DataFrame(RNG.normal(size=(100, 17)), columns=[f"x{i}" for i in range(17)])
    with pytest.raises(ParameterError, match="allows 15"):
        shapley_r2(wide, "x0", [f"x{i}" for i in range(1, 17)])


def test_importance_performance_finds_the_planted_drivers_in_the_demo(demo):
    tables, truth = demo
    survey = tables.source("relationship_survey")
    drivers = [f"Q3_{i}" for i in range(1, 8)]
    grid = importance_performance(survey, "Q1", drivers, stated={d: d.replace("Q3", "Q4") for d in drivers})
    flagged = dict(zip(grid.driver, grid.disagreement, strict=True))
    assert flagged[truth["effects"]["c_important_but_irrelevant_driver"]["rating_column"]] == "stated, not derived"
    assert flagged[truth["effects"]["d_hidden_driver"]["rating_column"]] == "hidden driver"
    assert set(grid.quadrant) <= {"Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"}


def test_stated_importance_given_as_ranks():
    ranks = {"a": 4, "b": 3, "c": 2, "d": 1}  # everyone ranks d first and a last: the reverse of what drives y
    data = DATA.assign(**{f"rank_{k}": v for k, v in ranks.items()})
    grid = importance_performance(data, "y", DRIVERS, stated={d: f"rank_{d}" for d in DRIVERS}, stated_rank=True)
    flagged = dict(zip(grid.driver, grid.disagreement, strict=True))
    assert flagged["a"] == "hidden driver" and flagged["d"] == "stated, not derived"
