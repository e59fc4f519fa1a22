"""Open-ended and closed questions together: attach theme codes to respondents by respondent id.

Theme codes come from the text module (``voclab.text.code_themes``) or from any coding tool, as a long
table (one row per id and theme) or a wide one (one 0/1 column per theme). The result has one 0/1 column per
theme, named ``theme: <name>``, so crosstabs and driver analyses can use themes like any other question.
Respondents who left no comment get missing values (they neither mention nor avoid a theme) unless
``absent=0``.

Example
-------
>>> import pandas as pd
>>> responses = pd.DataFrame({"respondent_id": ["r1", "r2", "r3"], "q1": [9, 3, 7]})
>>> codes = pd.DataFrame({"id": ["r1", "r2", "r2"], "theme": ["price", "price", "support"]})
>>> attach_themes(responses, codes).iloc[:, 2:]
   theme: price  theme: support
0             1               0
1             1               1
2          <NA>            <NA>
"""

from __future__ import annotations

import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError

__all__ = ["THEME_PREFIX", "attach_themes"]

THEME_PREFIX = "theme: "


def attach_themes(
    responses: pd.DataFrame,
    codes: pd.DataFrame,
    id_column: str = "respondent_id",
    code_id: str = "id",
    theme: str | None = "theme",
    coded_ids: pd.Series | None = None,
    absent: int | None = None,
) -> pd.DataFrame:
    """``responses`` plus one ``theme: <name>`` column per theme (nullable Int8: 1 mentioned, 0 not).

    ``codes`` is long (columns ``code_id`` and ``theme``) or wide (``theme=None``: every column other than
    ``code_id`` is a 0/1 theme). ``coded_ids`` lists every respondent whose comment was coded, including
    those that matched no theme (default: the ids in ``codes``); the others get ``absent`` (default missing).
    """
    require_columns(responses, [id_column])
    require_columns(codes, [code_id] + ([theme] if theme else []))
    ids = codes[code_id].astype("string")
    if theme:
        wide = pd.crosstab(ids, codes[theme].astype("string")).clip(upper=1)
    else:
        wide = codes.drop(columns=[code_id]).set_axis(ids, axis=0)
        if not wide.isin([0, 1, True, False]).all().all():
            raise ParameterError("wide theme codes must be 0/1", hint="or pass a long table with theme='theme'")
        wide = wide.astype(int).groupby(level=0).max()
    coded = pd.Index(ids.unique() if coded_ids is None else pd.Series(coded_ids).astype("string").unique())
    wide = wide.reindex(coded.union(wide.index), fill_value=0)
    wide.columns = [f"{THEME_PREFIX}{c}" for c in wide.columns]
    clash = [c for c in wide.columns if c in responses.columns]
    if clash:
        raise ParameterError(f"column {clash[0]!r} is already in the responses", hint="drop the old theme columns")
    joined = wide.reindex(responses[id_column].astype("string")).astype("Int8")
    if absent is not None:
        joined = joined.fillna(absent)
    joined.index = responses.index
    return pd.concat([responses, joined], axis=1)
