"""Banner tables: a question down the side, segments across, column percentages and significance letters.

Each column (segment) gets a letter A, B, C…; a cell carries the letters of the columns whose proportion it
exceeds significantly — the column-proportion z-test of market-research tables (pooled two-proportion z-test on
the columns' effective bases), with a Bonferroni correction for the number of column pairs (stated in
``method``). A Pearson chi-square test of independence covers the whole table (on counts rescaled to the
effective base when weighted: a first-order design-effect correction, Rao & Scott 1981).

Single-choice questions give one row per answer; select-all questions (a list of 0/1 columns) one row per
option, each a share of the column base, with no chi-square (options are not exclusive); grid questions (a
list of rating columns with ``grid=True``) one row per item with its mean.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"q": ["yes"] * 30 + ["no"] * 10 + ["yes"] * 10 + ["no"] * 30,
...                      "seg": ["A"] * 40 + ["B"] * 40})
>>> table = crosstab(data, "q", "seg")
>>> table.formatted().loc[["yes", "base"]].to_numpy().tolist()
[['75% B', '25%'], ['40', '40']]
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from voclab._columns import require_columns
from voclab._labels import label_of
from voclab.exceptions import ParameterError
from voclab.survey._checks import kish_n, numeric_column, weight_column
from voclab.survey.metrics import MIN_BASE
from voclab.survey.suppress import low_base_marker

__all__ = ["DEFAULT_MISSING", "Crosstab", "column_letters", "crosstab"]

#: Answers treated as missing by default (left out of bases and percentages).
DEFAULT_MISSING: tuple[str, ...] = ("Don't know", "Don’t know", "Prefer not to say", "Not applicable", "N/A")


@dataclass
class Crosstab:
    """A banner table. ``counts`` (weighted), ``percent`` (column %, or means for grids), ``base`` (unweighted n
    per column), ``effective_base``, ``letters`` (significance letters per cell), ``chi2``/``p_value``/``dof``
    (NaN where not applicable) and ``method`` (tests and corrections used)."""

    counts: pd.DataFrame
    percent: pd.DataFrame
    base: pd.Series
    effective_base: pd.Series
    letters: pd.DataFrame
    chi2: float
    p_value: float
    dof: int
    method: str
    kind: str = "single"
    min_base: int = MIN_BASE
    labels: dict[str, str] = field(default_factory=dict)

    def formatted(self, decimals: int = 0) -> pd.DataFrame:
        """Cells as text: ``"45% BC"`` (or ``"3.9 B"`` for grid means), then a ``base`` row; a column whose
        base is below ``min_base`` shows ``"n<30"`` in every cell (it takes part in no letter test)."""
        if self.kind == "grid":
            cells = self.percent.map(lambda v: f"{v:.{decimals + 1}f}" if pd.notna(v) else "")
        else:
            cells = self.percent.map(lambda v: f"{100 * v:.{decimals}f}%" if pd.notna(v) else "")
        low = (self.base < self.min_base).to_numpy()
        out = (cells + " " + self.letters).map(str.strip)
        out.loc[:, low] = low_base_marker(self.min_base)
        out.loc["base"] = self.base.astype(str).to_numpy()
        out.columns = [f"{c} ({self.labels.get(str(c), c)})" if self.labels else c for c in out.columns]
        return out


def column_letters(n: int) -> list[str]:
    """A, B, …, Z, AA, AB, … for ``n`` columns."""
    letters = list(string.ascii_uppercase)
    while len(letters) < n:
        letters += [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase][: n - len(letters)]
    return letters[:n]


def _letters(share: pd.DataFrame, bases: pd.Series, alpha: float, tested: pd.Series) -> pd.DataFrame:
    """Column-proportion z-tests for every row and pair of ``tested`` columns, Bonferroni-corrected over the
    pairs (letters name all columns; untested ones get none and give none)."""
    names = dict(zip(share.columns, column_letters(len(share.columns)), strict=True))
    columns = [c for c in share.columns if tested[c]]
    pairs = len(columns) * (len(columns) - 1) / 2
    cutoff = alpha / pairs if pairs else alpha
    out = pd.DataFrame("", index=share.index, columns=share.columns)
    for row in share.index:
        for a in columns:
            for b in columns:
                n1, n2 = bases[a], bases[b]
                p1, p2 = share.at[row, a], share.at[row, b]
                if a == b or n1 < 2 or n2 < 2 or pd.isna(p1) or pd.isna(p2) or p1 <= p2:
                    continue
                pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
                se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
                if se > 0 and 2 * stats.norm.sf((p1 - p2) / se) < cutoff:
                    out.at[row, a] += names[b]
    return out


def crosstab(
    data: pd.DataFrame,
    row: str | Sequence[str],
    col: str,
    weights: str | pd.Series | None = None,
    missing: Sequence[object] = DEFAULT_MISSING,
    labels: Mapping[object, str] | None = None,
    grid: bool = False,
    alpha: float = 0.05,
    min_base: int = MIN_BASE,
) -> Crosstab:
    """Banner table of ``row`` (a question, or a list of 0/1 select-all columns, or rating columns with
    ``grid=True``) by ``col`` (segments). ``labels`` maps answer codes to texts (e.g. SPSS value labels).
    Columns with fewer than ``min_base`` respondents are not tested and show "n<30" when formatted."""
    rows = [row] if isinstance(row, str) else list(row)
    require_columns(data, [*rows, col])
    w = weight_column(data, weights)
    frame = data[[*rows, col]].copy()
    frame["_w"] = w
    frame = frame[frame[col].notna()]
    segments = sorted(frame[col].unique(), key=str)
    if len(segments) < 1:
        raise ParameterError(f"column {col!r} has no values", hint="choose a segment column with answers")
    letters_of = dict(zip(segments, column_letters(len(segments)), strict=True))
    if isinstance(row, str):
        table = _single(frame, row, col, segments, missing, labels, alpha, min_base)
    else:
        table = _multi(frame, rows, col, segments, alpha, grid, min_base)
    table.labels = {str(k): v for k, v in letters_of.items()}
    return table


def _bases(frame: pd.DataFrame, col: str, segments: list) -> tuple[pd.Series, pd.Series]:
    groups = frame.groupby(col, observed=True)["_w"]
    base = groups.size().reindex(segments, fill_value=0)
    effective = groups.agg(kish_n).reindex(segments, fill_value=0.0)
    return base, effective


def _single(frame, row, col, segments, missing, labels, alpha, min_base) -> Crosstab:
    frame = frame[frame[row].notna() & ~frame[row].isin(list(missing))]
    counts = frame.pivot_table(index=row, columns=col, values="_w", aggfunc="sum", fill_value=0.0, observed=True)
    counts = counts.reindex(columns=segments, fill_value=0.0)
    if labels:
        counts.index = [label_of(labels, v) for v in counts.index]
    base, effective = _bases(frame, col, segments)
    share = counts / counts.sum(axis=0).replace(0, np.nan)
    chi2, p_value, dof = np.nan, np.nan, 0
    scaled = share.fillna(0) * effective
    keep = scaled.loc[scaled.sum(axis=1) > 0, scaled.sum(axis=0) > 0]
    if keep.shape[0] > 1 and keep.shape[1] > 1:
        chi2, p_value, dof, _ = stats.chi2_contingency(keep.to_numpy(), correction=False)
    return Crosstab(
        counts=counts,
        percent=share,
        base=base,
        effective_base=effective,
        letters=_letters(share, effective, alpha, base >= min_base),
        chi2=float(chi2),
        p_value=float(p_value),
        dof=int(dof),
        method=_method(alpha, int((base >= min_base).sum()), chi_square=True),
        min_base=min_base,
    )


def _multi(frame, rows, col, segments, alpha, grid, min_base) -> Crosstab:
    values = pd.DataFrame({r: numeric_column(frame, r) for r in rows}, index=frame.index)
    if not grid and not values.isin([0, 1]).where(values.notna(), True).all().all():
        raise ParameterError("select-all columns must hold 0/1", hint="pass grid=True for rating questions")
    answered = values.notna().any(axis=1)
    frame, values = frame[answered], values[answered]
    base, effective = _bases(frame, col, segments)
    weighted = values.mul(frame["_w"], axis=0)
    sums = weighted.groupby(frame[col], observed=True).sum().T.reindex(columns=segments, fill_value=0.0)
    totals = values.notna().mul(frame["_w"], axis=0).groupby(frame[col], observed=True).sum().T
    share = sums / totals.reindex(columns=segments).replace(0, np.nan)
    tested = base >= min_base
    letters = pd.DataFrame("", index=share.index, columns=segments)
    if not grid:
        letters = _letters(share, effective, alpha, tested)
    return Crosstab(
        counts=sums,
        percent=share,
        base=base,
        effective_base=effective,
        letters=letters,
        chi2=np.nan,
        p_value=np.nan,
        dof=0,
        method="grid: weighted means per item (no tests)" if grid else _method(alpha, int(tested.sum()), False),
        kind="grid" if grid else "multi",
        min_base=min_base,
    )


def _method(alpha: float, columns: int, chi_square: bool) -> str:
    pairs = columns * (columns - 1) // 2
    text = (
        f"column-proportion z-tests (pooled, effective bases) at {alpha:.0%}, Bonferroni-corrected for {pairs} "
        f"column pair(s) (each test at {alpha / max(pairs, 1):.4f})"
    )
    return text + ("; Pearson chi-square test of independence" if chi_square else "; options are not exclusive")
