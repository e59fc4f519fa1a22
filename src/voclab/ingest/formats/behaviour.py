"""Behaviour: what customers do (orders, renewals, churn, usage), long or wide, into the ``behaviour`` table.

*Long* files have one row per event: a customer id, an event name, a value and usually a timestamp
(``customer_id,event,value,ts,detail``). *Wide* files have one row per customer and one column per attribute,
like the IBM telco churn file (``customerID,gender,...,TotalCharges,Churn``); they are melted to one row per
(customer, attribute): numbers become ``value``, ``Yes``/``No`` become 1/0, other text goes to ``detail``.
In a wide file rows are counted per (customer, attribute); a blank cell in a numeric column (the telco file's
11 blank ``TotalCharges``) is quarantined as ``missing value for <column>``.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "churn.csv"
>>> _ = p.write_text("customerID,tenure,Contract,Churn\\nA1,3,Month-to-month,Yes\\n")
>>> read(p, {}).frame[["customer_id", "event", "value", "detail"]].values.tolist()
[['A1', 'tenure', '3', <NA>], ['A1', 'Contract', <NA>, 'Month-to-month'], ['A1', 'Churn', '1', <NA>]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import SchemaError
from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_ALIASES = {
    "customer_id": ("customer_id", "customerid", "customer", "client_id", "user_id", "account_id"),
    "event": ("event", "metric", "event_type", "type"),
    "value": ("value", "amount", "quantity", "count"),
    "ts": ("ts", "timestamp", "date", "time", "event_time", "created_at"),
    "detail": ("detail", "details", "note", "order_id"),
}
_YES = {"yes": "1", "true": "1", "y": "1", "no": "0", "false": "0", "n": "0"}


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
    columns = [c for c in frame.columns if c != "_record"]
    found = _detect(columns, mapping)
    if "customer_id" not in found:
        raise SchemaError(
            "no customer id column found",
            path=path,
            line=1,
            hint="name it customer_id, or pass --map customer_id=COLUMN",
        )
    frame = apply_map(frame, found, path)
    if "event" in found and "value" in found:
        return Parsed("behaviour", frame, blank_rows=blank)
    return Parsed("behaviour", _melt(frame, found), blank_rows=blank, required=("customer_id", "event"))


def _melt(frame: pd.DataFrame, found: Mapping[str, str]) -> pd.DataFrame:
    """Wide → long. Numeric-looking columns give ``value``; Yes/No give 1/0; the rest give ``detail``."""
    keys = ["customer_id", "_record"] + (["ts"] if "ts" in found else [])
    attributes = [c for c in frame.columns if c not in keys]
    parts = []
    for column in attributes:
        raw = frame[column].astype("string").str.strip()
        lowered = raw.str.lower()
        as_bool = lowered.map(_YES)
        filled = raw[raw != ""]
        numeric = pd.to_numeric(filled, errors="coerce")
        is_numeric = len(filled) > 0 and numeric.notna().mean() >= 0.95
        is_bool = len(filled) > 0 and as_bool[raw != ""].notna().all()
        part = frame[keys].copy()
        part["event"] = column
        if is_bool:
            part["value"], part["detail"] = as_bool, pd.NA
        elif is_numeric:
            part["value"], part["detail"] = raw, pd.NA
            part["_missing"] = raw == ""
        else:
            part["value"], part["detail"] = pd.NA, raw.mask(raw == "")
        parts.append(part)
    long = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*keys, "event", "value"])
    if "_missing" in long:
        missing = long.pop("_missing").fillna(False).astype(bool)
        long["_reason"] = ("missing value for " + long["event"]).where(missing)
    return long.sort_values("_record", kind="stable").reset_index(drop=True)
