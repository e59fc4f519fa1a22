"""Survey weighting by raking (iterative proportional fitting) to population margins.

Raking (Deming & Stephan 1940) adjusts weights one variable at a time so that the weighted share of each category
matches its population target, cycling until every margin matches. Extreme weights can be capped
(``cap`` × mean weight) and the raking repeated, the usual trim-and-rerake loop (Battaglia et al. 2009). The
report gives the iterations, the largest remaining margin error, Kish's design effect ``n·Σw²/(Σw)²`` and the
weighting efficiency (its inverse).

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"sex": ["f", "f", "f", "m"], "age": ["young", "old", "old", "young"]})
>>> w = rake(data, {"sex": {"f": 0.5, "m": 0.5}})
>>> w.round(3).tolist()
[0.667, 0.667, 0.667, 2.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError
from voclab.survey._checks import weight_column

__all__ = ["RakeResult", "rake", "rake_report", "sample_mix", "targets_from_table"]


@dataclass(frozen=True)
class RakeResult:
    """Raked ``weights`` (mean 1, aligned to the data) and how the raking went."""

    weights: pd.Series
    iterations: int
    converged: bool
    max_margin_error: float
    design_effect: float
    efficiency: float
    capped: int

    def summary(self) -> str:
        state = "converged" if self.converged else "did NOT converge"
        return (
            f"raking {state} in {self.iterations} iterations (largest margin error {self.max_margin_error:.1e}); "
            f"design effect {self.design_effect:.2f}, efficiency {self.efficiency:.0%}, {self.capped} weights capped"
        )


Targets = Mapping[str, Mapping[object, float]] | pd.DataFrame


def targets_from_table(table: pd.DataFrame) -> dict[str, dict[object, float]]:
    """Population margins given as a table with columns ``variable``, ``category``, ``share``."""
    require_columns(table, ["variable", "category", "share"])
    return {
        str(variable): dict(zip(group["category"], group["share"].astype(float), strict=True))
        for variable, group in table.groupby("variable", sort=False)
    }


def _check_targets(data: pd.DataFrame, targets: Targets) -> dict[str, pd.Series]:
    if isinstance(targets, pd.DataFrame):
        targets = targets_from_table(targets)
    if not targets:
        raise ParameterError("no raking targets given", hint="pass {variable: {category: share}}")
    require_columns(data, list(targets))
    checked = {}
    for variable, shares in targets.items():
        target = pd.Series(dict(shares), dtype="float64")
        if (target < 0).any() or target.sum() <= 0:
            raise ParameterError(
                f"targets for {variable!r} must be non-negative shares", hint="e.g. {'f': .5, 'm': .5}"
            )
        if abs(target.sum() - 1) > 1e-6:
            raise ParameterError(
                f"targets for {variable!r} sum to {target.sum():.4f}, not 1", hint="give shares that add up to 1"
            )
        present = set(data[variable].dropna().unique())
        empty = [c for c in target.index if target[c] > 0 and c not in present]
        if empty:
            raise ParameterError(
                f"target category {empty[0]!r} of {variable!r} has no respondents",
                hint="merge it with a neighbouring category, or drop it from the targets",
            )
        unknown = sorted(map(str, present - set(target.index)))
        if unknown or data[variable].isna().any():
            raise ParameterError(
                f"{variable!r} has respondents in {unknown[0] if unknown else 'missing'!r}, which has no target",
                hint="give every category a target share (0 allowed), or impute/drop missing values first",
            )
        checked[variable] = target
    return checked


def rake_report(
    data: pd.DataFrame,
    targets: Targets,
    weights: str | pd.Series | None = None,
    cap: float | None = None,
    max_iter: int = 200,
    tol: float = 1e-10,
) -> RakeResult:
    """Rake and report; see the module docstring. ``weights`` are base (design) weights to start from."""
    checked = _check_targets(data, targets)
    if cap is not None and cap <= 1:
        raise ParameterError(f"cap={cap} must be above 1 (a multiple of the mean weight)", hint="e.g. cap=5")
    w = weight_column(data, weights).to_numpy().copy()
    w = w / w.mean()
    codes = {v: pd.Categorical(data[v], categories=t.index).codes for v, t in checked.items()}
    goals = {v: t.to_numpy() for v, t in checked.items()}
    iterations, error, capped = 0, np.inf, 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 — the count is reported
        for variable, code in codes.items():
            current = np.bincount(code, weights=w, minlength=len(goals[variable])) / w.sum()
            factor = np.divide(goals[variable], current, out=np.zeros_like(current), where=current > 0)
            w = w * factor[code]
        if cap is not None:
            over = w > cap * w.mean()
            capped = int(over.sum())
            w = np.where(over, cap * w.mean(), w)
        error = max(
            np.abs(np.bincount(code, weights=w, minlength=len(goals[v])) / w.sum() - goals[v]).max()
            for v, code in codes.items()
        )
        if error < tol:
            break
    w = w / w.mean()
    deff = len(w) * (w**2).sum() / w.sum() ** 2
    return RakeResult(
        weights=pd.Series(w, index=data.index, name="weight"),
        iterations=iterations,
        converged=bool(error < tol),
        max_margin_error=float(error),
        design_effect=float(deff),
        efficiency=float(1 / deff),
        capped=capped,
    )


def rake(
    data: pd.DataFrame,
    targets: Targets,
    weights: str | pd.Series | None = None,
    cap: float | None = None,
    max_iter: int = 200,
    tol: float = 1e-10,
) -> pd.Series:
    """Raked weights (mean 1) aligned to ``data``; ``targets`` maps variable → {category: population share}
    (as in ``[weighting.<variable>]`` of ``voclab.toml``), or is a table (``variable``, ``category``, ``share``).

    The raking report (the numbers of :class:`RakeResult` and its summary) is in ``weights.attrs["rake"]``;
    a run that does not converge is an error (conflicting targets, or a cap too tight to meet them).
    """
    result = rake_report(data, targets, weights, cap, max_iter, tol)
    if not result.converged:
        raise ParameterError(result.summary(), hint="check that the targets are consistent, or loosen the cap")
    out = result.weights.copy()
    out.attrs["rake"] = {k: v for k, v in vars(result).items() if k != "weights"} | {"summary": result.summary()}
    return out


def sample_mix(
    data: pd.DataFrame, column: str, *, weights: str = "weight", population: pd.Series | None = None
) -> pd.DataFrame:
    """How the sample is spread over ``column``'s values: the share of ``respondents``, their ``weighted``
    share and — given the population's values (e.g. the customer file's segment of every customer) — the
    ``population`` share, one row per value (``value`` column), largest population share first. A weighting
    that works brings ``weighted`` close to ``population``.

    >>> data = pd.DataFrame({"seg": ["a", "a", "a", "b"], "weight": [2 / 3, 2 / 3, 2 / 3, 2.0]})
    >>> sample_mix(data, "seg", population=pd.Series(["a", "b"])).round(2).to_dict("list")
    {'value': ['a', 'b'], 'population': [0.5, 0.5], 'respondents': [0.75, 0.25], 'weighted': [0.5, 0.5]}
    """
    require_columns(data, [column])
    w = weight_column(data, weights)
    values = data[column].astype("string")
    mix = pd.DataFrame({"respondents": values.value_counts(normalize=True)})
    mix["weighted"] = w.groupby(values).sum() / w[values.notna()].sum()
    if population is not None:
        mix = (
            population.astype("string")
            .value_counts(normalize=True)
            .rename("population")
            .to_frame()
            .join(mix, how="outer")
        )
        mix = mix.sort_values("population", ascending=False)
    return mix.rename_axis("value").reset_index()
