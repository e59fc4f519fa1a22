"""Minimum base size and disclosure control for tables that leave the library.

Primary suppression hides every cell whose base is below ``min_base`` (default 30). Complementary suppression
then hides more cells so that no hidden value can be worked out from the row and column totals: with totals
published, a hidden cell is recoverable exactly when it is not on a cycle of hidden cells (rows and columns as
the two sides of a bipartite graph, hidden cells as its edges — a cell off every cycle is a bridge, and a cut
across it gives its value). Each unprotected cell is put on a cycle by hiding the cheapest rectangle through it
(Cox 1980's "at least two per line" rule, strengthened to the cycle condition).

Example
-------
>>> import pandas as pd
>>> counts = pd.DataFrame({"A": [120, 12, 80], "B": [90, 45, 70]}, index=["yes", "no", "maybe"])
>>> suppress(counts, min_base=30)
          A     B
yes     120    90
no     n<30  n<30
maybe  n<30  n<30
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from voclab.config import MIN_BASE
from voclab.exceptions import ParameterError

__all__ = ["SIZE_COLUMNS", "low_base_marker", "suppress", "suppression_mask", "withhold", "withhold_parts"]

#: Columns that describe a group's size: kept when its estimates are withheld.
SIZE_COLUMNS = ("n", "n_rest", "n_weighted", "n_effective", "n_blank", "n_unscored")


def low_base_marker(min_base: int) -> str:
    """What a suppressed cell shows: ``n<30``."""
    return f"n<{min_base}"


def withhold(table: pd.DataFrame, *, min_base: int | None = None) -> pd.DataFrame:
    """A copy of a tidy result table whose rows below the minimum base show no estimate: every numeric column
    except the sizes (:data:`SIZE_COLUMNS`) becomes missing — value, shares, interval, change, test — where
    ``low_base`` is true (or, with ``min_base``, where ``n < min_base``). The one rule every shown number follows.

    >>> import pandas as pd
    >>> scores = pd.DataFrame({"wave": ["Q1", "Q2"], "nps": [20.0, 100.0], "ci_low": [4.0, 100.0], "n": [80, 3]})
    >>> withhold(scores, min_base=30)
      wave   nps  ci_low   n
    0   Q1  20.0     4.0  80
    1   Q2   NaN     NaN   3
    """
    if min_base is not None:
        low = table["n"].to_numpy() < min_base
    elif "low_base" in table:
        low = table["low_base"].fillna(False).to_numpy(bool)
    else:
        raise ParameterError("the table has no low_base column", hint="pass min_base=")
    out = table.copy()
    estimates = [
        c
        for c in out.columns
        if c not in SIZE_COLUMNS and pd.api.types.is_numeric_dtype(out[c]) and not pd.api.types.is_bool_dtype(out[c])
    ]
    for column in estimates:
        out[column] = out[column].astype("float64").where(~low)
    return out


def withhold_parts(parts: pd.DataFrame, *, total_shown: bool = True, within: str | None = None) -> pd.DataFrame:
    """:func:`withhold` on rows that are the parts of a total shown beside them (units and the whole company):
    when exactly one part is below the minimum base, the total and the other parts' values and sizes would give
    it back (a weighted mean is a sum of the parts), so the smallest other part is withheld too — complementary
    suppression, one line of Cox's rule. Rows withheld only to protect another get ``complementary = True``.
    ``within`` applies the rule separately to each value of that column (each period of a table of units ×
    periods).

    >>> import pandas as pd
    >>> units = pd.DataFrame({"unit": ["A", "B", "C"], "value": [20.0, 50.0, 10.0], "n": [80, 12, 40],
    ...                       "low_base": [False, True, False]})
    >>> withhold_parts(units)[["unit", "value", "low_base", "complementary"]]
      unit  value  low_base  complementary
    0    A   20.0     False          False
    1    B    NaN      True          False
    2    C    NaN      True           True
    """
    out = parts.copy()
    out["complementary"] = False
    groups = out.groupby(within, sort=False).groups.values() if within else [out.index]
    for rows in groups:
        low = out.loc[rows, "low_base"].fillna(False).astype(bool)
        if total_shown and low.sum() == 1 and (~low).sum() >= 1:
            extra = out.loc[low.index[~low], "n"].idxmin()
            out.loc[extra, ["low_base", "complementary"]] = True
    return withhold(out)


def _connected(edges: set[tuple[int, int]], start: tuple[str, int], goal: tuple[str, int]) -> bool:
    graph: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for r, c in edges:
        graph[("r", r)].append(("c", c))
        graph[("c", c)].append(("r", r))
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for nxt in graph[node]:
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def _unprotected(hidden: set[tuple[int, int]]) -> tuple[int, int] | None:
    """A hidden cell that lies on no cycle of hidden cells (so totals would reveal it), if any."""
    for cell in sorted(hidden):
        if not _connected(hidden - {cell}, ("r", cell[0]), ("c", cell[1])):
            return cell
    return None


def suppression_mask(counts: pd.DataFrame, min_base: int = MIN_BASE) -> pd.DataFrame:
    """Which cells to hide: primary (base < ``min_base``) plus complementary cells, as a boolean frame."""
    if min_base < 1:
        raise ParameterError(f"min_base={min_base} must be at least 1", hint="the usual minimum is 30")
    values = counts.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if np.isnan(values).any():
        raise ParameterError("counts must be numbers", hint="pass the table of unweighted bases per cell")
    rows, cols = values.shape
    hidden = {(int(r), int(c)) for r, c in zip(*np.nonzero(values < min_base), strict=True)}
    if hidden and (rows == 1 or cols == 1):
        line = [(r, c) for r in range(rows) for c in range(cols)]
        if len(hidden) == 1 and len(line) > 1:  # one total: a second hidden cell protects the first
            hidden.add(min((cell for cell in line if cell not in hidden), key=lambda rc: values[rc]))
    else:
        while (cell := _unprotected(hidden)) is not None:
            r, c = cell
            options = [
                ((r2, c2), sum(values[x] for x in ((r, c2), (r2, c), (r2, c2)) if x not in hidden))
                for r2 in range(rows)
                for c2 in range(cols)
                if r2 != r and c2 != c
            ]
            if not options:
                break
            (r2, c2), _ = min(options, key=lambda item: (item[1], item[0]))
            hidden |= {(r, c2), (r2, c), (r2, c2)}
    mask = np.zeros_like(values, dtype=bool)
    for r, c in hidden:
        mask[r, c] = True
    return pd.DataFrame(mask, index=counts.index, columns=counts.columns)


def suppress(
    table: pd.DataFrame, counts: pd.DataFrame | None = None, min_base: int = MIN_BASE, marker: str | None = None
) -> pd.DataFrame:
    """``table`` with suppressed cells replaced by ``marker`` (default ``"n<30"``); ``counts`` are the
    unweighted bases per cell (default: ``table`` itself). ``result.attrs["suppressed"]`` lists the hidden cells
    as ``(row, column)`` pairs (plain values, so the result concatenates like any frame);
    :func:`suppression_mask` gives the same as a boolean frame."""
    counts = table if counts is None else counts
    if counts.shape != table.shape:
        raise ParameterError(
            f"counts {counts.shape} and table {table.shape} differ in shape", hint="pass one base per cell"
        )
    mask = suppression_mask(counts, min_base)
    out = table.astype(object).mask(mask.to_numpy(), marker or low_base_marker(min_base))
    out.attrs["suppressed"] = [(r, c) for r, c in mask.stack().loc[lambda hidden: hidden].index]
    return out
