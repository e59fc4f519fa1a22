"""What customers do: ``behaviour/customers.csv`` (wide, one row per customer) and ``behaviour/events.csv``
(long: orders, monthly usage, renewals, churn).

Usage fades in the months before a customer leaves. A few event rows are bad on purpose: timestamps no
parser can read, and rows loaded twice.

Example
-------
>>> from voclab.demo.company import build
>>> from voclab.demo._rng import stream
>>> company = build(stream(9, "company"), 200)
>>> text, counts = customers_csv(company, set())
>>> text.splitlines()[0]
'customer_id,Segment,Region,plan,tenure_months,monthly_spend,signup_date,churned,churn_date,renewed,responded_to_survey'
>>> counts.rows_read == 200
True
"""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, day, qualtrics, to_datetime
from voclab.demo._io import csv_text
from voclab.demo._rng import choice, stream
from voclab.demo.company import Company
from voclab.demo.records import FileCounts

__all__ = ["CUSTOMERS_FILE", "EVENTS_FILE", "customers_csv", "events_csv"]

CUSTOMERS_FILE = "behaviour/customers.csv"
EVENTS_FILE = "behaviour/events.csv"
_COLUMNS = (
    "customer_id",
    "Segment",
    "Region",
    "plan",
    "tenure_months",
    "monthly_spend",
    "signup_date",
    "churned",
    "churn_date",
    "renewed",
    "responded_to_survey",
)
_ORDERS_PER_YEAR = (6.0, 10.0, 14.0, 2.0)
_ORDER_SIZE = (60.0, 320.0, 1400.0, 25.0)
_MONTH_ENDS = tuple(int((to_datetime(0).replace(month=m + 1) - to_datetime(0)).total_seconds()) for m in range(1, 12))
_MONTH_ENDS = (*_MONTH_ENDS, 365 * DAY)
_CHURN_REASONS = ("price", "switched to a competitor", "closed the business", "not using it enough", "other")


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def customers_csv(company: Company, respondents: set[int]) -> tuple[str, FileCounts]:
    """One row per customer; ``respondents`` are the customer indexes that answered any survey wave."""
    rows: list[list[object]] = [list(_COLUMNS)]
    for i in range(company.n):
        signup = to_datetime(int(company.anniversary[i])) - timedelta(days=round(30.44 * company.tenure[i]))
        churned = bool(company.churned[i])
        rows.append(
            [
                int(company.ids[i]),
                company.segment_name(i),
                spec.REGIONS[int(company.region[i])],
                company.plan[i],
                int(company.tenure[i]),
                f"{company.spend[i]:.2f}",
                signup.strftime("%Y-%m-%d"),
                _yes(churned),
                day(int(company.anniversary[i])) if churned else "",
                _yes(not churned),
                _yes(i in respondents),
            ]
        )
    return csv_text(rows), FileCounts(company.n)  # a wide file is counted in records: one per customer


def _event_rows(rng: np.random.Generator, company: Company, i: int) -> list[tuple[int, list[object]]]:
    cid = int(company.ids[i])
    seg = int(company.segment[i])
    leave = int(company.anniversary[i]) if company.churned[i] else 365 * DAY
    rows: list[tuple[int, list[object]]] = []
    orders = rng.poisson(_ORDERS_PER_YEAR[seg] * leave / (365 * DAY) * np.exp(0.2 * company.engagement[i]))
    for k, t in enumerate(np.sort(rng.integers(0, leave, size=orders))):
        amount = _ORDER_SIZE[seg] * rng.lognormal(0.0, 0.45)
        rows.append((int(t), [cid, "order", f"{amount:.2f}", qualtrics(int(t)), f"ORD-{cid}-{k + 1:03d}"]))
    base = 14 + 5 * company.engagement[i]
    for month_end in _MONTH_ENDS:
        start = month_end - 28 * DAY
        if start >= leave:
            break
        fade = 0.55 if company.churned[i] and leave - month_end < 90 * DAY else 1.0
        days = int(np.clip(round(base * fade + 3 * rng.standard_normal()), 0, 30))
        t = min(month_end - 1, leave - 1)
        rows.append((t, [cid, "usage", str(days), qualtrics(t), "active days"]))
    anniversary = int(company.anniversary[i])
    if company.churned[i]:
        reason = "billing problems" if company.billing[i] and rng.random() < 0.5 else choice(rng, _CHURN_REASONS)
        rows.append((anniversary, [cid, "churn", "1", qualtrics(anniversary), reason]))
    else:
        rows.append(
            (anniversary, [cid, "renewal", f"{company.spend[i] * 12:.2f}", qualtrics(anniversary), company.plan[i]])
        )
    return rows


def events_csv(seed: int, company: Company) -> tuple[str, FileCounts]:
    """Every event of the year in time order, plus unparseable timestamps and rows loaded twice."""
    rng = stream(seed, "events")
    events: list[tuple[int, int, list[object]]] = []
    for i in range(company.n):
        events.extend((t, i, row) for t, row in _event_rows(rng, company, i))
    events.sort(key=lambda item: (item[0], item[1], str(item[2][1])))
    rows = [row for _, _, row in events]
    bad_ts = ("2025-13-45 10:00:00", "not recorded", "31/31/2025 25:61")
    bad = [[int(company.ids[int(rng.integers(company.n))]), "usage", "3", ts, "active days"] for ts in bad_ts]
    twice = [list(rows[k]) for k in sorted(rng.choice(len(rows), size=4, replace=False))]
    for row in bad + twice:
        rows.insert(int(rng.integers(0, len(rows) + 1)), row)
    counts = FileCounts(len(rows), {"unparseable ts": len(bad)}, duplicates=len(twice))
    return csv_text([("customer_id", "event", "value", "ts", "detail"), *rows]), counts
