"""Join what customers *say* (survey answers, feedback) to what they *do* (behaviour), one row per customer.

Example
-------
>>> import pandas as pd
>>> behaviour = pd.DataFrame({"customer_id": ["A", "A", "B"], "event": ["churned", "orders", "churned"],
...                           "value": [1.0, 3.0, 0.0], "ts": pd.NaT, "detail": None})
>>> outcomes(behaviour, ["churned", "orders"]).to_dict("index")
{'A': {'churned': 1.0, 'orders': 3.0}, 'B': {'churned': 0.0, 'orders': nan}}
>>> profile = pd.DataFrame({"customer_id": ["A"], "event": ["Segment"], "value": [None], "detail": ["SMB"]})
>>> attributes(profile, ["Segment"]).to_dict("index")
{'A': {'Segment': 'SMB'}}
>>> responses = pd.DataFrame({"customer_id": ["A", "B", "C"], "nps": [9, 3, 10]})
>>> link(responses, behaviour, ["churned"])[["customer_id", "nps", "churned"]].values.tolist()
[['A', 9, 1.0], ['B', 3, 0.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError

__all__ = ["attributes", "link", "outcomes"]


def outcomes(
    behaviour: pd.DataFrame, events: Sequence[str], how: str = "last", customer: str = "customer_id"
) -> pd.DataFrame:
    """Behaviour (long: ``customer_id, event, value, ts``) → one row per customer, one column per event.

    ``how`` says how several values of one event combine: ``last`` (by ``ts``, then file order), ``sum``,
    ``max`` or ``count``. Customers without an event get a missing value, not 0: absence of a record is not
    evidence of absence of behaviour.
    """
    require_columns(behaviour, [customer, "event", "value"], "behaviour")
    if how not in {"last", "sum", "max", "count"}:
        raise ParameterError(f"unknown how={how!r}", hint="use last, sum, max or count")
    rows = behaviour[behaviour["event"].astype("string").isin(list(events))]
    unknown = sorted(set(events) - set(rows["event"].astype("string").unique()))
    if unknown:
        known = sorted(behaviour["event"].astype("string").dropna().unique())
        raise ParameterError(f"no behaviour event {unknown[0]!r}", hint=f"events: {', '.join(known)[:300]}")
    if how == "last" and "ts" in rows:
        rows = rows.sort_values("ts", kind="stable", na_position="first")
    grouped = rows.groupby([customer, rows["event"].astype("string")], observed=True)["value"]
    agg = {"last": "last", "sum": "sum", "max": "max", "count": "count"}[how]
    wide = grouped.agg(agg).unstack("event")
    wide.columns.name = None
    return wide.reindex(columns=list(events)).astype("float64")


def attributes(behaviour: pd.DataFrame, names: Sequence[str], customer: str = "customer_id") -> pd.DataFrame:
    """Customer attributes held as text in behaviour's ``detail`` (segment, region, plan — a wide customer
    file melted on ingest) → one row per customer, one column per attribute (the last value given)."""
    require_columns(behaviour, [customer, "event", "detail"], "behaviour")
    rows = behaviour[behaviour["event"].astype("string").isin(list(names)) & behaviour["detail"].notna()]
    wide = rows.groupby([customer, rows["event"].astype("string")], observed=True)["detail"].last().unstack("event")
    wide.columns.name = None
    return wide.reindex(columns=list(names))


def link(
    says: pd.DataFrame,
    behaviour: pd.DataFrame,
    events: Sequence[str],
    how: str = "last",
    customer: str = "customer_id",
    keep_unmatched: bool = False,
) -> pd.DataFrame:
    """``says`` (one row per response or customer) with behaviour outcomes joined on ``customer``.

    Rows whose customer has no behaviour are dropped unless ``keep_unmatched`` (then outcomes are missing).
    The result keeps ``says``' columns and adds one column per event.
    """
    require_columns(says, [customer], "the survey/feedback data")
    wide = outcomes(behaviour, events, how, customer)
    joined = says.merge(wide, left_on=customer, right_index=True, how="left", validate="many_to_one")
    if not keep_unmatched:
        joined = joined[joined[list(events)].notna().any(axis=1)]
    return joined.reset_index(drop=True)
