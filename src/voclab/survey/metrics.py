"""Headline scores with honest uncertainty: NPS, CSAT (top-box), CES and mean scores, weighted or not.

Every function returns one row per group (``by``) with the estimate, its standard error and 95 % interval, and
three sample sizes: ``n`` (respondents with an answer), ``n_weighted`` (sum of weights) and ``n_effective``
(Kish 1965: ``(Σw)²/Σw²``, the size of a simple random sample with the same precision). With weights, standard
errors use the effective n (a design-effect approximation; Kish 1965). ``low_base`` marks groups below the
minimum base size (default 30), which reports show as "n<30".

* NPS (Reichheld 2003): promoters 9–10 minus detractors 0–6, on −100..100. Variance of a difference of two
  multinomial proportions: ``(p_P + p_D − (p_P − p_D)²) / n`` (e.g. Rocks 2016, "Confidence intervals for NPS").
  :func:`net_interval` is Rocks's adjusted Wald interval for any such net score on small bases (net sentiment
  of a theme two texts mention): it stays within −100..100.
* CSAT: top-box share (default 4–5 on 1–5) with a Wilson (1927) score interval (:func:`wilson`).
* CES and mean scores: weighted mean with the linearisation standard error.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"q1": [10, 9, 8, 7, 6, 3, 10, 9, 9, 0]})
>>> nps(data, "q1")[["nps", "promoters", "detractors", "n"]]
    nps  promoters  detractors   n
0  20.0        0.5         0.3  10
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from voclab._columns import require_columns
from voclab.config import MIN_BASE
from voclab.exceptions import ParameterError
from voclab.survey._checks import kish_n, numeric_column, weight_column

__all__ = [
    "MIN_BASE",
    "NPS_GROUPS",
    "ces",
    "csat",
    "mean_score",
    "net_interval",
    "net_share",
    "nps",
    "nps_bootstrap",
    "nps_group",
    "nps_points",
    "wilson",
]

_Z = float(stats.norm.ppf(0.975))


def _grouped(
    data: pd.DataFrame,
    column: str,
    weights: str | pd.Series | None,
    by: str | Sequence[str] | None,
    scale: tuple[float, float],
    summarise: Callable[[np.ndarray, np.ndarray, float], dict[str, float]],
    min_base: int,
) -> pd.DataFrame:
    """One row per group: ``summarise(answers, normalised weights, Kish n)`` plus the sizes and ``low_base``."""
    keys = [by] if isinstance(by, str) else list(by or [])
    require_columns(data, [column, *keys])
    frame = pd.DataFrame({"_x": numeric_column(data, column, scale), "_w": weight_column(data, weights)})
    for key in keys:
        frame[key] = data[key]
    frame = frame[frame["_x"].notna()]
    groups = frame.groupby(keys, observed=True, sort=True) if keys else [((), frame)]
    rows = []
    for key, part in groups:
        x, w = part["_x"].to_numpy(), part["_w"].to_numpy()
        n_eff = kish_n(w)
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        row.update(summarise(x, w / w.sum(), n_eff) if len(x) and w.sum() > 0 else {})
        row.update({"n": len(x), "n_weighted": float(w.sum()), "n_effective": n_eff, "low_base": len(x) < min_base})
        rows.append(row)
    return pd.DataFrame(rows)


def _with_ci(value: float, se: float) -> dict[str, float]:
    return {"se": se, "ci_low": value - _Z * se, "ci_high": value + _Z * se}


def net_share(positive: float, negative: float, n_effective: float) -> tuple[float, float]:
    """``100 × (positive − negative)`` for two shares of one sample, and its standard error from the multinomial
    variance of a difference of two proportions, ``(p + q − (p − q)²) / n``: NPS, net sentiment.

    >>> [round(v, 2) for v in net_share(0.5, 0.2, 100)]  # √((0.7 − 0.09) / 100) = 0.0781
    [30.0, 7.81]
    """
    value = 100 * (positive - negative)
    if not n_effective > 0:
        return value, np.nan
    return value, 100 * float(np.sqrt(max(positive + negative - (positive - negative) ** 2, 0.0) / n_effective))


def net_interval(positive: int, negative: int, n: int, z: float = _Z) -> tuple[float, float]:
    """Adjusted Wald interval (Rocks 2016, The American Statistician 70(4)) for ``100 × (positive − negative) / n``
    from counts: ¾ of a positive and ¾ of a negative are added and ``n`` grows by 3 before the multinomial standard
    error is taken; the bounds are clipped to −100..100 (on one or two texts the interval leans towards 0 and may
    not hold a ±100 estimate: such bases are below any reporting minimum). ``(nan, nan)`` when ``n`` is 0.

    >>> [round(v, 1) for v in net_interval(2, 0, 2)]  # p+ = 2.75/5, p− = 0.75/5: 40 ± 1.96 × 32.9, clipped
    [-24.4, 100.0]
    """
    if n == 0:
        return np.nan, np.nan
    centre, se = net_share((positive + 0.75) / (n + 3), (negative + 0.75) / (n + 3), n + 3)
    return max(-100.0, centre - z * se), min(100.0, centre + z * se)


def wilson(share: float, n: float, z: float = _Z) -> tuple[float, float]:
    """Wilson (1927) score interval for a proportion ``share`` observed on ``n`` (effective) cases; within 0..1.
    ``(nan, nan)`` when ``n`` is 0.

    >>> [round(v, 4) for v in wilson(0.5, 10)]
    [0.2366, 0.7634]
    """
    if n <= 0:
        return np.nan, np.nan
    centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def nps_points(values: np.ndarray) -> np.ndarray:
    """+100 for a promoter (9–10), 0 for a passive (7–8), −100 for a detractor (0–6): NPS is their mean."""
    return np.where(values >= 9, 100.0, np.where(values <= 6, -100.0, 0.0))


def nps(
    data: pd.DataFrame,
    column: str,
    weights: str | pd.Series | None = None,
    by: str | Sequence[str] | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Net Promoter Score per group. Columns: ``by``…, ``nps``, ``promoters``, ``passives``, ``detractors``
    (shares), ``se``, ``ci_low``, ``ci_high`` (NPS points), ``n``, ``n_weighted``, ``n_effective``, ``low_base``.
    Answers must be 0–10; missing answers are left out.

    ``data`` may be a Dask DataFrame (``weights`` then a column name): each partition sums its answers, weights,
    squared weights and weighted promoters and detractors per group, and only those sums come back — the same
    table as pandas gives (the sums are exact for unweighted answers)."""
    if not isinstance(data, pd.DataFrame) and hasattr(data, "map_partitions"):
        return _nps_dask(data, column, weights, by, min_base)

    def summarise(x: np.ndarray, share: np.ndarray, n_eff: float) -> dict[str, float]:
        return _nps_fields(share[x >= 9].sum(), share[x <= 6].sum(), n_eff)

    return _grouped(data, column, weights, by, (0, 10), summarise, min_base)


def _nps_fields(promoters: float, detractors: float, n_effective: float) -> dict[str, float]:
    value, se = net_share(promoters, detractors, n_effective)
    return {
        "nps": value,
        "promoters": promoters,
        "passives": 1 - promoters - detractors,
        "detractors": detractors,
        **_with_ci(value, se),
    }


def _nps_dask(data, column: str, weights: str | None, by: str | Sequence[str] | None, min_base: int) -> pd.DataFrame:
    """:func:`nps` from per-group sums computed where the rows are (Kish n = (Σw)² / Σw²)."""
    import dask.dataframe as dd

    keys = [by] if isinstance(by, str) else list(by or [])
    if weights is not None and not isinstance(weights, str):
        raise ParameterError("weights for a Dask DataFrame must be a column name", hint="weights='weight'")
    require_columns(data, [column, *keys, *([weights] if weights else [])])
    x = dd.to_numeric(data[column], errors="coerce").astype("float64")
    w = dd.to_numeric(data[weights], errors="coerce").astype("float64") if weights else (~x.isna()).astype("float64")
    answered = ~x.isna()
    w = w.where(answered, 0.0)
    parts = data[keys].assign(
        n=answered.astype("int64"),
        w=w,
        w2=w**2,
        wp=w.where(x >= 9, 0.0),
        wd=w.where(x <= 6, 0.0),
        bad=(~data[column].isna() & x.isna()).astype("int64"),
        outside=(answered & ((x < 0) | (x > 10))).astype("int64"),
        bad_weight=(answered & (w.isna() | (w < 0))).astype("int64"),
    )
    if keys:
        sums = parts.groupby(keys, observed=True, sort=True).sum().compute().sort_index().reset_index()
    else:
        sums = parts.sum().compute().to_frame().T
    for name, problem in (("bad", "are not numbers"), ("outside", "are outside 0–10"), ("bad_weight", None)):
        if sums[name].sum():
            raise ParameterError(
                f"column {weights!r}: weights must be non-negative numbers, none missing"
                if problem is None
                else f"column {column!r} has {int(sums[name].sum())} value(s) that {problem}",
                hint="fix or drop them; ingest quarantines out-of-range NPS answers",
            )
    rows = []
    for row in sums[sums["n"] > 0].to_dict("records"):
        total, n_eff = row["w"], (row["w"] ** 2 / row["w2"] if row["w2"] > 0 else 0.0)
        out = {k: row[k] for k in keys}
        out.update(_nps_fields(row["wp"] / total, row["wd"] / total, n_eff) if total > 0 else {})
        out.update(
            {"n": int(row["n"]), "n_weighted": float(total), "n_effective": n_eff, "low_base": row["n"] < min_base}
        )
        rows.append(out)
    return pd.DataFrame(rows)


#: The three NPS groups, in scale order.
NPS_GROUPS = ("Detractor", "Passive", "Promoter")


def nps_group(scores: pd.Series) -> pd.Series:
    """Each 0–10 answer's NPS group (Reichheld 2003): Detractor 0–6, Passive 7–8, Promoter 9–10, as an ordered
    categorical; missing or out-of-scale answers stay missing.

    >>> nps_group(pd.Series([10, 7, 3, None, 11])).tolist()
    ['Promoter', 'Passive', 'Detractor', nan, nan]
    """
    x = pd.to_numeric(scores, errors="coerce")
    groups = pd.cut(x.where(x.between(0, 10)), [-0.5, 6.5, 8.5, 10.5], labels=list(NPS_GROUPS))
    return groups.cat.as_ordered().rename(scores.name)


def csat(
    data: pd.DataFrame,
    column: str,
    top: Sequence[float] = (4, 5),
    scale: tuple[float, float] = (1, 5),
    weights: str | pd.Series | None = None,
    by: str | Sequence[str] | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Top-box satisfaction share (``top`` codes, default 4–5 on 1–5) with a Wilson score interval on the
    effective n. Columns: ``by``…, ``csat`` (share), ``se``, ``ci_low``, ``ci_high``, sizes, ``low_base``."""
    top_codes = np.asarray(list(top), dtype=float)

    def summarise(x: np.ndarray, share: np.ndarray, n_eff: float) -> dict[str, float]:
        p = share[np.isin(x, top_codes)].sum()
        low, high = wilson(p, n_eff)
        return {"csat": p, "se": np.sqrt(p * (1 - p) / n_eff), "ci_low": low, "ci_high": high}

    return _grouped(data, column, weights, by, scale, summarise, min_base)


def mean_score(
    data: pd.DataFrame,
    column: str,
    scale: tuple[float, float] = (-np.inf, np.inf),
    weights: str | pd.Series | None = None,
    by: str | Sequence[str] | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Weighted mean with its linearisation standard error ``sqrt(Σ s²(x−x̄)² · n/(n−1))`` (s = normalised
    weights; the usual ``s/√n`` without weights). Columns: ``by``…, ``mean``, ``se``, ``ci_low``, ``ci_high``,
    sizes, ``low_base``."""

    def summarise(x: np.ndarray, share: np.ndarray, n_eff: float) -> dict[str, float]:
        mean = float((share * x).sum())
        n = len(x)
        se = float(np.sqrt((share**2 * (x - mean) ** 2).sum() * n / (n - 1))) if n > 1 else np.nan
        return {"mean": mean, **_with_ci(mean, se)}

    return _grouped(data, column, weights, by, scale, summarise, min_base)


def ces(
    data: pd.DataFrame,
    column: str,
    scale: tuple[float, float] = (1, 7),
    weights: str | pd.Series | None = None,
    by: str | Sequence[str] | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Customer Effort Score: the mean on its scale (default 1–7, CES 2.0), as :func:`mean_score`."""
    return mean_score(data, column, scale, weights, by, min_base).rename(columns={"mean": "ces"})


def nps_bootstrap(
    data: pd.DataFrame, column: str, n_boot: int = 2000, seed: int = 0, weights: str | pd.Series | None = None
) -> pd.DataFrame:
    """Percentile bootstrap interval for NPS (Efron & Tibshirani 1993), resampling respondents with their
    weights. Columns: ``nps``, ``ci_low``, ``ci_high``, ``n_boot``."""
    if n_boot < 10:
        raise ParameterError(f"n_boot={n_boot} is too small", hint="use at least a few hundred resamples")
    require_columns(data, [column])
    x = numeric_column(data, column, (0, 10))
    w = weight_column(data, weights)[x.notna()].to_numpy()
    x = x.dropna().to_numpy()
    score = nps_points(x)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(x), size=(n_boot, len(x)))
    boots = (score[picks] * w[picks]).sum(axis=1) / w[picks].sum(axis=1)
    low, high = np.percentile(boots, [2.5, 97.5])
    return pd.DataFrame({"nps": [(score * w).sum() / w.sum()], "ci_low": [low], "ci_high": [high], "n_boot": [n_boot]})
