"""Input checks and weighted basics shared by the survey statistics (private).

Example
-------
>>> import pandas as pd
>>> round(kish_n(pd.Series([1.0, 1.0, 2.0, 4.0])), 4)
2.9091
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError

__all__ = ["kish_n", "numeric_column", "weight_column"]


def numeric_column(data: pd.DataFrame, column: str, scale: tuple[float, float] | None = None) -> pd.Series:
    """``data[column]`` as floats; text that is not a number, or a value outside ``scale``, is an error."""
    raw = data[column]
    values = pd.to_numeric(raw, errors="coerce").astype("float64")
    bad = raw.notna() & values.isna()
    if bad.any():
        raise ParameterError(
            f"column {column!r} has {int(bad.sum())} value(s) that are not numbers, e.g. {raw[bad].iloc[0]!r}",
            hint="code the answers as numbers (ingest does this for known scales) or drop those rows",
        )
    if scale is not None:
        low, high = scale
        outside = values.notna() & ((values < low) | (values > high))
        if outside.any():
            raise ParameterError(
                f"column {column!r} has {int(outside.sum())} value(s) outside {low:g}–{high:g}, "
                f"e.g. {values[outside].iloc[0]:g}",
                hint="fix or drop them; ingest quarantines out-of-range NPS answers",
            )
    return values


def weight_column(data: pd.DataFrame, weights: str | pd.Series | None) -> pd.Series:
    """Weights aligned to ``data`` (1 for everyone when ``None``); negative or all-zero weights are errors."""
    if weights is None:
        return pd.Series(1.0, index=data.index)
    if isinstance(weights, str):
        require_columns(data, [weights])
        values = pd.to_numeric(data[weights], errors="coerce")
    else:
        values = pd.to_numeric(pd.Series(weights), errors="coerce")
        if len(values) != len(data):
            raise ParameterError(f"{len(values)} weights for {len(data)} rows", hint="align the weights to the data")
        values.index = data.index
    values = values.astype("float64")
    if values.isna().any() or (values < 0).any():
        raise ParameterError("weights must be non-negative numbers, none missing", hint="check the weight column")
    if values.sum() <= 0:
        raise ParameterError("all weights are zero", hint="check the weight column")
    return values


def kish_n(weights: pd.Series | np.ndarray) -> float:
    """Kish's (1965) effective sample size ``(Σw)² / Σw²``."""
    w = np.asarray(weights, dtype=float)
    total = (w**2).sum()
    return float(w.sum() ** 2 / total) if total > 0 else 0.0
