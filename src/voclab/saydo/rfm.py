"""Customer outcomes from a transaction log: orders, spend, first and last order, recency, still active.

The "do" side of say–do for commerce: one row per customer from the events of ``voclab.load(…, kind=
"transactions")`` (or any behaviour table with a timestamp and a value), in the spirit of RFM analysis
(recency, frequency, monetary value; Hughes 1994). Cancellations count against spend but are not orders.

>>> import pandas as pd
>>> events = pd.DataFrame({"customer_id": ["a", "a", "b"], "order_id": ["1", "2", "3"],
...     "event": ["order_line"] * 3, "value": [10.0, 5.0, 7.5],
...     "ts": pd.to_datetime(["2024-01-01", "2024-03-01", "2023-06-01"], utc=True)})
>>> rfm(events, as_of="2024-03-31")[["customer_id", "orders", "spend", "recency_days", "active"]]
  customer_id  orders  spend  recency_days  active
0           a       2   15.0            30    True
1           b       1    7.5           304   False
"""

from __future__ import annotations

import pandas as pd

from voclab._columns import require_columns

__all__ = ["rfm"]

#: Events that are not orders (their value still counts in spend).
NOT_ORDERS = ("cancellation",)


def rfm(
    events: pd.DataFrame,
    *,
    customer: str = "customer_id",
    ts: str = "ts",
    value: str = "value",
    order: str = "order_id",
    as_of: str | pd.Timestamp | None = None,
    active_days: int = 90,
) -> pd.DataFrame:
    """One row per customer: ``customer_id``, ``orders`` (distinct ``order`` ids, or events when the table has
    none; cancellations excluded), ``spend`` (sum of ``value``), ``first_order``, ``last_order``,
    ``recency_days`` (``as_of`` − last order, whole days; ``as_of`` defaults to the latest event) and ``active``
    (``recency_days <= active_days``)."""
    require_columns(events, [customer, ts, value])
    data = events[events[customer].notna() & events[ts].notna()]
    stamps = pd.to_datetime(data[ts], utc=True)
    is_order = ~data["event"].isin(NOT_ORDERS) if "event" in data else pd.Series(True, index=data.index)
    orders = data[order].where(is_order) if order in data else data.index.to_series().where(is_order)
    frame = pd.DataFrame(
        {
            "customer_id": data[customer].astype("string"),
            "order": orders,
            "value": pd.to_numeric(data[value], errors="coerce"),
            "when": stamps.where(is_order),
        }
    )
    grouped = frame.groupby("customer_id", sort=True)
    out = pd.DataFrame(
        {
            "orders": grouped["order"].nunique(),
            "spend": grouped["value"].sum(min_count=1),
            "first_order": grouped["when"].min(),
            "last_order": grouped["when"].max(),
        }
    ).reset_index()
    end = stamps.max() if as_of is None else pd.Timestamp(as_of)
    end = end.tz_localize("UTC") if end.tzinfo is None else end
    out["recency_days"] = (end - out["last_order"]).dt.days.astype("Int64")
    out["active"] = (out["recency_days"] <= active_days).astype("boolean")
    return out
