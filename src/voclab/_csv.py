"""CSV files a spreadsheet opens safely: no cell is run as a formula (CSV/formula injection, OWASP).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel, LibreOffice
and Google Sheets (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). :func:`neutralise` prefixes such cells with ``'``
(shown as text by spreadsheets); a cell that already starts with ``'`` followed by one of them gets one more, so
:func:`restore` gives back exactly what was written. Numbers stay numbers (``-3`` in a numeric column is data).

>>> frame = pd.DataFrame({"text": ["=HYPERLINK(\\"http://x\\")", "-- fine?", "'=1", "ok"], "n": [-1, 2, 3, 4]})
>>> neutralise(frame)["text"].tolist()
['\\'=HYPERLINK("http://x")', "'-- fine?", "''=1", 'ok']
>>> restore(neutralise(frame)).equals(frame)
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from voclab._atomic import atomic_path

__all__ = ["FORMULA_START", "neutralise", "restore", "write_csv"]

#: First characters that make a spreadsheet cell a formula.
FORMULA_START = "=+-@\t\r"
_RISKY = re.compile(f"^'*[{re.escape(FORMULA_START)}]")


_ESCAPED = re.compile(f"^'+[{re.escape(FORMULA_START)}]")


def _rewrite(frame: pd.DataFrame, pattern: re.Pattern[str], change: Callable[[pd.Series], pd.Series]) -> pd.DataFrame:
    """A copy of ``frame`` with ``change`` applied to the text cells matching ``pattern``; dtypes kept (a
    categorical column becomes text, since its categories change)."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        text = values.astype("string")
        hit = text.str.contains(pattern, na=False)
        if hit.any():
            dtype = "string" if isinstance(values.dtype, pd.CategoricalDtype) else values.dtype
            out[column] = values.astype(object).where(~hit, change(text[hit]).astype(object)).astype(dtype)
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells can never be run as formulas (prefixed with ``'``)."""
    return _rewrite(frame, _RISKY, lambda text: "'" + text)


def restore(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`neutralise` (for reading back a file it wrote)."""
    return _rewrite(frame, _ESCAPED, lambda text: text.str.slice(1))


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """``frame`` as CSV at ``path``, cells :func:`neutralise`-d, written atomically (temp file + rename)."""
    with atomic_path(Path(path)) as tmp:
        neutralise(frame).to_csv(tmp, index=False)
