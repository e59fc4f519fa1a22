"""The column check every analysis starts with (private, shared by survey, text and say–do).

>>> import pandas as pd
>>> require_columns(pd.DataFrame({"a": [1]}), ["b"], "the survey")
Traceback (most recent call last):
...
voclab.exceptions.ParameterError: column 'b' is not in the survey — fix: the survey has: a
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from voclab.exceptions import ParameterError

__all__ = ["require_columns"]


def require_columns(data: pd.DataFrame, columns: Sequence[str], what: str = "the data") -> None:
    """:class:`ParameterError` when ``data`` is not a DataFrame (pandas, or Dask where a function takes one), or
    naming the first of ``columns`` it lacks."""
    if not isinstance(data, pd.DataFrame) and type(data).__module__.split(".")[0] != "dask":
        raise ParameterError(f"expected a pandas DataFrame for {what}, got {type(data).__name__}", hint="pass a table")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ParameterError(
            f"column {missing[0]!r} is not in {what}",
            hint=f"{what} has: {', '.join(map(str, data.columns))[:300]}",
        )
