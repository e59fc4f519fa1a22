"""Behaviour: what customers do (orders, renewals, churn, usage), long or wide, into the ``behaviour`` table.

*Long* files have one row per event: a customer id, an event name, a value and usually a timestamp
(``customer_id,event,value,ts,detail``). *Wide* files have one row per customer and one column per attribute,
like the IBM telco churn file (``customerID,gender,...,TotalCharges,Churn``); they are melted to one row per
(customer, attribute), decided per column from all its values: numbers become ``value``; ``Yes``/``No`` and
``True``/``False`` become 1/0; dates (``signup_date``) become ``ts`` of an event named after the column; other
text goes to ``detail``. Natural keys (``account_id``, ``order_id``) are kept as columns on every row.

A wide file is counted in records (customers): an exact duplicate record is dropped and counted; a record with
a value that is not a number in a numeric column, or a customer id repeated with other content, is quarantined
whole; a blank cell is a missing value. A wide file in which customer ids repeat on many records is not one
row per customer: that is an error pointing to ``--kind transactions``.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "churn.csv"
>>> _ = p.write_text("customerID,tenure,Contract,Churn,signup\\nA1,3,Month-to-month,Yes,2024-05-01\\n")
>>> read(p, {}).frame[["customer_id", "event", "value", "ts", "detail"]].values.tolist()
[['A1', 'tenure', '3', <NA>, <NA>], ['A1', 'Contract', <NA>, <NA>, 'Month-to-month'], \
['A1', 'Churn', '1', <NA>, <NA>], ['A1', 'signup', <NA>, '2024-05-01', <NA>]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import SchemaError
from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register
from voclab.ingest.types import is_identifier
from voclab.schema import NATURAL_KEYS

__all__ = ["read"]

_ALIASES = {
    "customer_id": ("customer_id", "customerid", "customer", "client_id", "user_id", "account_id"),
    "event": ("event", "metric", "event_type", "type"),
    "value": ("value", "amount", "quantity", "count"),
    "ts": ("ts", "timestamp", "date", "time", "event_time", "created_at"),
    "detail": ("detail", "details", "note"),
}
_YES = {"yes": "1", "true": "1", "y": "1", "no": "0", "false": "0", "n": "0"}
_MISSING = {"na", "n/a", "#n/a", "null", "none", "nan", "-", "?"}
#: Share of a wide file's records whose customer id repeats above which it is not one row per customer.
_REPEATS = 0.2


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def _detect(columns: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    """Unified field → source column, from the map first, then from common names."""
    found = dict(mapping)
    by_norm = {_norm(c): c for c in columns}
    for field, aliases in _ALIASES.items():
        if field in found:
            continue
        for alias in aliases:
            if alias in by_norm and by_norm[alias] not in found.values():
                found[field] = by_norm[alias]
                break
    return found


def _sniff(sample: Sample) -> bool:
    if sample.suffix not in {".csv", ".tsv", ".xlsx", ".parquet"} or sample.suffix == ".parquet":
        return False
    header = [_norm(c) for c in re.split(r"[,\t]", sample.first_line)]
    has_customer = any(h in _ALIASES["customer_id"] for h in header)
    texty = {"text", "comment", "review", "body", "review_text", "description", "content", "message"}
    return has_customer and not texty.intersection(header)


@register(
    "behaviour",
    table="behaviour",
    description="customer behaviour (orders, renewals, churn, usage), long or wide",
    sniff=_sniff,
    priority=30,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    _, frame = read_any_table(path)
    frame, blank = drop_blank_rows(frame)
    columns = [c for c in frame.columns if c not in PRIVATE]
    found = _detect(columns, mapping)
    if "customer_id" not in found:
        raise SchemaError(
            "no customer id column found",
            path=path,
            line=1,
            hint=f"name it customer_id, or pass --map customer_id=COLUMN (the file has: {', '.join(columns)[:300]})",
        )
    frame = apply_map(frame, found, path)
    if "event" in found and "value" in found:
        return Parsed("behaviour", frame, blank_rows=blank)
    data = frame.drop(columns=[c for c in frame.columns if c in PRIVATE])
    exact = data.astype("string").fillna("").duplicated(keep="first")
    frame = frame.loc[~exact]
    _check_one_row_per_customer(frame, path)
    return Parsed(
        "behaviour",
        _melt(frame, found),
        blank_rows=blank,
        required=("customer_id", "event"),
        record_level=True,
        duplicates=int(exact.sum()),
        records=len(frame),
    )


def _check_one_row_per_customer(frame: pd.DataFrame, path: Path) -> None:
    ids = frame["customer_id"].astype("string").str.strip()
    repeated = ids[ids.notna() & (ids != "")].duplicated(keep=False)
    if len(ids) >= 20 and repeated.mean() > _REPEATS:
        raise SchemaError(
            f"customer ids repeat on {repeated.mean():.0%} of the records: this is not one row per customer",
            path=path,
            line=1,
            hint="for an order or invoice-line log pass --kind transactions; for events add event and value columns",
        )


def _melt(frame: pd.DataFrame, found: Mapping[str, str]) -> pd.DataFrame:
    """Wide → long, one row per (record, attribute); every row of a bad record carries its ``_reason``.

    Rows the file reader already rejected (a malformed line, with ``_reason``) stay one row each."""
    keys = [c for c in ("customer_id", "ts", *NATURAL_KEYS) if c in frame] + ["_record"]
    private = [c for c in frame.columns if c in PRIVATE and c not in keys]
    rejected = frame["_reason"].notna() if "_reason" in frame else pd.Series(False, index=frame.index)
    records = frame.loc[~rejected]
    attributes = [c for c in records.columns if c not in keys and c not in PRIVATE]
    reasons = pd.Series(pd.NA, index=records.index, dtype="string")
    reasons = reasons.mask(_clashing_ids(records), "duplicate customer id with different content")
    parts = [frame.loc[rejected, keys + private]]
    for column in attributes:
        raw = records[column].astype("string").str.strip()
        value, when, detail, bad = _attribute(raw)
        reasons = reasons.mask(reasons.isna() & bad, "not a number in " + column + ": " + raw)
        parts.append(records[keys].assign(event=column, value=value, _when=when, detail=detail))
    long = pd.concat(parts)
    long["_reason"] = long["_reason"].fillna(reasons.reindex(long.index)) if "_reason" in long else reasons
    long["ts"] = long.pop("_when").fillna(long["ts"]) if "ts" in long else long.pop("_when")
    return long.sort_index(kind="stable").reset_index(drop=True)


def _clashing_ids(frame: pd.DataFrame) -> pd.Series:
    """Records whose customer id appears on another record (exact duplicates are already gone)."""
    ids = frame["customer_id"].astype("string").str.strip()
    return ids.notna() & (ids != "") & ids.duplicated(keep=False)


def _attribute(raw: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """One wide column → ``(value, ts, detail, bad)``, its kind decided from all its values."""
    missing = raw.isna() | (raw == "") | raw.str.lower().isin(_MISSING)
    filled = raw[~missing]
    none = pd.Series(pd.NA, index=raw.index, dtype="string")
    as_bool = raw.str.lower().map(_YES)
    numeric = pd.to_numeric(filled, errors="coerce")
    if len(filled) and as_bool[~missing].notna().all():
        return as_bool.where(~missing), none, none, pd.Series(False, index=raw.index)
    if len(filled) and numeric.notna().mean() >= 0.95 and not is_identifier(raw.name):
        bad = ~missing & pd.to_numeric(raw, errors="coerce").isna()
        return raw.where(~missing & ~bad), none, none, bad
    if len(filled) and _all_dates(filled):
        return none, raw.where(~missing), none, pd.Series(False, index=raw.index)
    return none, none, raw.where(~missing), pd.Series(False, index=raw.index)


def _all_dates(values: pd.Series) -> bool:
    return bool(values.str.match(r"\d{4}-\d{2}-\d{2}").all()) and bool(
        pd.to_datetime(values, errors="coerce", format="ISO8601", utc=True).notna().all()
    )
