"""Key-driver analysis: which attribute ratings move the outcome, and how that compares with what people say.

* :func:`relative_weights` — Johnson's (2000) relative weights: the drivers are replaced by their closest
  orthogonal counterparts (``Λ = R^½`` from the eigen-decomposition of their correlation matrix ``R``), the
  outcome is regressed on those, and each driver's weight is ``Σ_k Λ_jk² β_k²``. The weights are
  non-negative and sum to the R² of the ordinary least-squares fit; percentile bootstrap CIs (Tonidandel,
  LeBreton & Johnson 2009) resample respondents.
* :func:`shapley_r2` — the Shapley value (LMG; Lindeman, Merenda & Gold 1980; Grömping 2006) of R²: each
  driver's marginal R² gain averaged over every order of entry, computed exactly from the correlation matrix
  over all ``2^p`` subsets (up to 15 drivers).
* :func:`importance_performance` — importance–performance analysis (Martilla & James 1977): derived importance
  (relative-weight share) against mean performance, split at the means into four quadrants, with stated
  importance beside it and the drivers where stated and derived importance disagree marked.

Example
-------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> data = pd.DataFrame(rng.normal(size=(500, 3)), columns=["price", "ease", "support"])
>>> data["nps"] = 2 * data.ease + data.support + rng.normal(size=500)
>>> rw = relative_weights(data, "nps", ["price", "ease", "support"], n_boot=0)
>>> rw.sort_values("weight", ascending=False).driver.tolist()
['ease', 'support', 'price']
>>> bool(np.isclose(rw.weight.sum(), rw.attrs["r2"]))
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from math import factorial

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError
from voclab.survey._checks import numeric_column, weight_column

__all__ = ["MAX_SHAPLEY_DRIVERS", "importance_performance", "relative_weights", "shapley_r2"]

#: Exact Shapley decomposition visits 2^p subsets; beyond 15 drivers use relative weights.
MAX_SHAPLEY_DRIVERS = 15


def _complete(
    data: pd.DataFrame, outcome: str, drivers: Sequence[str], weights: str | pd.Series | None
) -> tuple[np.ndarray, np.ndarray]:
    """Listwise-complete ``[outcome, drivers…]`` as floats, and their weights."""
    drivers = list(drivers)
    if not drivers:
        raise ParameterError("no drivers given", hint="pass the rating columns that may drive the outcome")
    require_columns(data, [outcome, *drivers])
    if outcome in drivers or len(set(drivers)) != len(drivers):
        raise ParameterError("drivers must be distinct and not include the outcome", hint="check the column list")
    values = pd.DataFrame({c: numeric_column(data, c) for c in [outcome, *drivers]})
    w = weight_column(data, weights)
    keep = values.notna().all(axis=1).to_numpy()
    if keep.sum() < len(drivers) + 2:
        raise ParameterError(
            f"only {int(keep.sum())} complete answers for {len(drivers)} drivers",
            hint="use fewer drivers or more respondents",
        )
    x = values.to_numpy()[keep]
    constant = [c for c, sd in zip([outcome, *drivers], x.std(axis=0), strict=True) if sd == 0]
    if constant:
        raise ParameterError(f"column {constant[0]!r} has the same value for everyone", hint="leave it out")
    return x, w.to_numpy()[keep]


def _correlation(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.corrcoef(x, rowvar=False) if np.all(w == w[0]) else _weighted_corr(x, w)


def _weighted_corr(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    cov = np.cov(x, rowvar=False, aweights=w)
    sd = np.sqrt(np.diag(cov))
    return cov / np.outer(sd, sd)


def _raw_weights(corr: np.ndarray) -> np.ndarray:
    """Johnson's relative weights from the correlation matrix of ``[outcome, drivers…]``."""
    rxx, rxy = corr[1:, 1:], corr[1:, 0]
    values, vectors = np.linalg.eigh(rxx)
    if values.min() <= 1e-10:
        raise ParameterError(
            "the drivers are perfectly collinear (one is a combination of others)", hint="drop the redundant driver"
        )
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta = np.linalg.solve(lam, rxy)
    return (lam**2) @ (beta**2)


def relative_weights(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    weights: str | pd.Series | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Johnson's relative weights of ``drivers`` for ``outcome`` (listwise-complete respondents).

    Columns: ``driver``, ``weight`` (raw weight; they sum to R²), ``share`` (weight / R²), ``ci_low``,
    ``ci_high`` (bootstrap percentile interval of the raw weight; NaN when ``n_boot=0``), ``rank``.
    ``result.attrs`` holds ``r2`` and ``n``.
    """
    x, w = _complete(data, outcome, drivers, weights)
    raw = _raw_weights(_correlation(x, w))
    r2 = float(raw.sum())
    low = high = np.full(len(raw), np.nan)
    if n_boot:
        rng = np.random.default_rng(seed)
        boots = []
        for _ in range(n_boot):
            pick = rng.integers(0, len(x), len(x))
            try:
                boots.append(_raw_weights(_correlation(x[pick], w[pick])))
            except (ParameterError, FloatingPointError):  # a degenerate resample: skip it
                continue
        tail = 100 * (1 - confidence) / 2
        low, high = np.percentile(np.array(boots), [tail, 100 - tail], axis=0)
    out = pd.DataFrame({"driver": list(drivers), "weight": raw, "share": raw / r2, "ci_low": low, "ci_high": high})
    out["rank"] = out["weight"].rank(ascending=False, method="min").astype(int)
    out.attrs.update({"r2": r2, "n": len(x), "method": "Johnson (2000) relative weights"})
    return out


def _subset_r2(corr: np.ndarray, subset: tuple[int, ...]) -> float:
    if not subset:
        return 0.0
    idx = [i + 1 for i in subset]
    rxy = corr[idx, 0]
    return float(rxy @ np.linalg.solve(corr[np.ix_(idx, idx)], rxy))


def shapley_r2(
    data: pd.DataFrame, outcome: str, drivers: Sequence[str], weights: str | pd.Series | None = None
) -> pd.DataFrame:
    """Exact Shapley (LMG) decomposition of the OLS R² over ``drivers`` (at most 15).

    Columns: ``driver``, ``shapley`` (R² share in R² units; they sum to R²), ``share`` (of R²), ``rank``.
    """
    if len(drivers) > MAX_SHAPLEY_DRIVERS:
        raise ParameterError(
            f"{len(drivers)} drivers; the exact Shapley decomposition allows {MAX_SHAPLEY_DRIVERS}",
            hint="use relative_weights, which scales to any number of drivers",
        )
    x, w = _complete(data, outcome, drivers, weights)
    corr = _correlation(x, w)
    p = len(drivers)
    masks = np.arange(2**p)
    members = (masks[:, None] >> np.arange(p)) & 1  # subset membership, one row per subset
    r2 = np.array([_subset_r2(corr, tuple(np.flatnonzero(row))) for row in members])
    size = members.sum(axis=1)
    order_weight = np.array([factorial(k) * factorial(p - k - 1) / factorial(p) for k in range(p)])
    value = np.zeros(p)
    for j in range(p):
        without = masks[members[:, j] == 0]
        value[j] = (order_weight[size[without]] * (r2[without | (1 << j)] - r2[without])).sum()
    total = r2[-1]
    out = pd.DataFrame({"driver": list(drivers), "shapley": value, "share": value / total})
    out["rank"] = out["shapley"].rank(ascending=False, method="min").astype(int)
    out.attrs.update({"r2": total, "n": len(x), "method": "Shapley value / LMG decomposition of R²"})
    return out


def importance_performance(
    data: pd.DataFrame,
    outcome: str,
    drivers: Sequence[str],
    stated: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    weights: str | pd.Series | None = None,
    n_boot: int = 0,
    stated_rank: bool = False,
) -> pd.DataFrame:
    """Importance–performance grid (Martilla & James 1977) with stated vs derived importance.

    ``drivers`` are performance ratings; ``stated`` maps each driver to its stated-importance column (e.g.
    ``{"Q3_1": "Q4_1"}``), a rating (higher = more important) or, with ``stated_rank=True``, a rank (1 = most
    important; the ``stated`` column then holds the mean rank). Columns: ``driver``, ``label``, ``performance``
    (weighted mean rating), ``derived`` (relative-weight share), ``stated`` (mean stated importance, if given),
    ``quadrant`` ("Concentrate here", "Keep up the good work", "Low priority", "Possible overkill"; split at the means),
    ``disagreement`` ("stated, not derived" when people call it important but it does not move the outcome;
    "hidden driver" when it moves the outcome but people do not call it important — split at the medians).
    """
    rw = relative_weights(data, outcome, drivers, weights=weights, n_boot=n_boot)
    w = weight_column(data, weights)

    def mean(column: str) -> float:
        values = numeric_column(data, column)
        ok = values.notna()
        return float(np.average(values[ok], weights=w[ok]))

    out = pd.DataFrame({"driver": list(drivers)})
    out["label"] = [dict(labels or {}).get(d, d) for d in drivers]
    out["performance"] = [mean(d) for d in drivers]
    out["derived"] = rw["share"].to_numpy()
    high_imp = out["derived"] >= out["derived"].mean()
    high_perf = out["performance"] >= out["performance"].mean()
    out["quadrant"] = np.select(
        [high_imp & ~high_perf, high_imp & high_perf, ~high_imp & ~high_perf],
        ["Concentrate here", "Keep up the good work", "Low priority"],
        "Possible overkill",
    )
    out["disagreement"] = ""
    if stated:
        require_columns(data, [stated[d] for d in drivers if d in stated])
        out["stated"] = [mean(stated[d]) if d in stated else np.nan for d in drivers]
        stated_high = (
            (out["stated"] < out["stated"].median()) if stated_rank else (out["stated"] > out["stated"].median())
        )
        derived_high = out["derived"] > out["derived"].median()
        out.loc[stated_high & ~derived_high, "disagreement"] = "stated, not derived"
        out.loc[~stated_high & derived_high & out["stated"].notna(), "disagreement"] = "hidden driver"
    out.attrs.update(rw.attrs)
    return out
