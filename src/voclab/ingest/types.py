"""Natural dtypes for the columns a file brings beyond the unified fields (extra columns).

Files arrive as text; an extra column is stored as what its values are, decided from all of them:

* blank or whitespace-only cells are missing, never ``""``;
* identifiers stay text — a column whose name says it is an id, key, code or number (``order_id``,
  ``customerID``, ``InvoiceNo``, ``StockCode``, ``zip``) or whose numbers have leading zeros (``007``), so
  that joins on them match exactly;
* ``true``/``false`` or ``yes``/``no`` (any case) → ``boolean``;
* numbers → ``Int64`` when all are whole, else ``Float64``;
* dates in one unambiguous format → ``datetime64[ns, UTC]``;
* anything else stays ``string``.

Example
-------
>>> frame = pd.DataFrame({"score": ["7", " ", "9"], "voted_up": ["True", "false", ""], "order_id": ["007", "8", "9"],
...                       "note": ["ok", "", "fine"]})
>>> natural_types(frame).dtypes.astype(str).tolist()
['Int64', 'boolean', 'string', 'string']
>>> natural_types(frame)["score"].tolist()
[7, <NA>, 9]
"""

from __future__ import annotations

import re
from collections.abc import Collection

import pandas as pd

__all__ = ["BOOLEAN_WORDS", "is_identifier", "natural_type", "natural_types"]

#: Cell texts read as booleans (compared lower-case).
BOOLEAN_WORDS: dict[str, bool] = {"true": True, "false": False, "yes": True, "no": False}

_ID_NAME = re.compile(
    r"(^|[_\W])(id|ids|key|code|number|no|nr|num|zip|postcode|postal_code|sku|ean|upc|isbn|phone|invoice|ref)$"
    r"|[a-z0-9](Id|ID|Key|Code|No|Nr|Number)$",
)
_NUMBER = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
_LEADING_ZERO = r"0\d+"


def is_identifier(name: str) -> bool:
    """True when a column's name says it holds identifiers (kept as text, never as numbers).

    >>> [is_identifier(n) for n in ("order_id", "customerID", "InvoiceNo", "StockCode", "Quantity", "video")]
    [True, True, True, True, False, False]
    """
    return bool(_ID_NAME.search(str(name).strip()) or _ID_NAME.search(str(name).strip().lower()))


def natural_type(values: pd.Series, name: str = "") -> pd.Series:
    """One column in its natural dtype (see the module docstring); typed columns are left as they are."""
    if not (pd.api.types.is_object_dtype(values.dtype) or pd.api.types.is_string_dtype(values.dtype)):
        return values
    present = values.dropna()
    if len(present) and not present.map(lambda v: isinstance(v, str)).all():
        return values  # JSON values of several types: leave them to the reader's own handling
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    given = text.dropna()
    if given.empty or is_identifier(name):
        return text
    lowered = given.str.lower()
    if lowered.isin(BOOLEAN_WORDS.keys()).all():
        return text.str.lower().map(BOOLEAN_WORDS).astype("boolean")
    if given.str.fullmatch(_NUMBER).all() and not given.str.lstrip("+-").str.fullmatch(_LEADING_ZERO).any():
        numbers = pd.to_numeric(text, errors="coerce")
        whole = bool((numbers.dropna() == numbers.dropna().round()).all()) and numbers.abs().max() < 2**53
        return numbers.round().astype("Int64") if whole else numbers.astype("Float64")
    dates = _dates(text, given)
    return dates if dates is not None else text


def _dates(text: pd.Series, given: pd.Series) -> pd.Series | None:
    """The column as UTC timestamps when every value is a date in one ISO 8601 form, else None."""
    if not given.str.match(r"\d{4}-\d{2}-\d{2}").all():
        return None
    parsed = pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601")
    if parsed[given.index].isna().any():
        return None
    return parsed.astype("datetime64[ns, UTC]")


def natural_types(frame: pd.DataFrame, *, skip: Collection[str] = ()) -> pd.DataFrame:
    """``frame`` with every column not in ``skip`` in its natural dtype."""
    out = frame.copy()
    for column in out.columns:
        if column not in skip:
            out[column] = natural_type(out[column], str(column))
    return out
