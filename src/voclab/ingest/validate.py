"""Validation and quarantine, the same for every format.

:func:`validate` coerces a reader's raw frame to the unified schema and splits it into

* ``kept`` — rows that passed;
* ``quarantine`` — bad rows with their raw values, a ``reason`` and their ``_record`` number: missing id,
  unparseable date, a number that is not a number or is out of range, a duplicate id with different content;
* ``duplicates`` — how many exact duplicates (same id, same content) were dropped.

so that ``rows_read == kept + quarantined + duplicates`` always holds.

Example
-------
>>> import pandas as pd
>>> raw = pd.DataFrame({"id": ["1", "", "3"], "text": ["ok", "no id", "x"],
...                     "created_at": ["2024-01-01", "2024-01-02", "yesterday"], "_record": [1, 2, 3]})
>>> result = validate(Parsed("feedback", raw), source="demo")
>>> (len(result.kept), result.quarantine["reason"].tolist())
(1, ['missing id', 'unparseable created_at: yesterday'])
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from voclab import schema
from voclab.ingest.registry import Parsed

__all__ = ["Validated", "validate"]

_REQUIRED = {"feedback": ("id",), "responses": ("respondent_id",), "behaviour": ("customer_id", "event")}
_KEY = {"feedback": "id", "responses": "respondent_id", "behaviour": None}
_NUMERIC = {"feedback": ("rating", "reply_count"), "responses": (), "behaviour": ("value",)}


@dataclass
class Validated:
    """Result of :func:`validate`; ``kept`` has the unified dtypes and no ``_record`` column."""

    table: str
    kept: pd.DataFrame
    quarantine: pd.DataFrame
    duplicates: int
    blank_rows: int
    questions: pd.DataFrame | None = None

    @property
    def rows_read(self) -> int:
        return len(self.kept) + len(self.quarantine) + self.duplicates


def validate(parsed: Parsed, source: str) -> Validated:
    """Coerce ``parsed.frame`` to its table's schema and quarantine bad rows (see module docstring)."""
    table = parsed.table
    raw = parsed.frame.copy()
    if "_record" not in raw:
        raw["_record"] = range(1, len(raw) + 1)
    raw["source"] = source
    typed = schema.coerce(raw.drop(columns=[c for c in raw.columns if c.startswith("_")]), table)
    reasons = pd.Series(pd.NA, index=raw.index, dtype="string")

    def flag(mask: pd.Series, reason: str | pd.Series) -> None:
        mask = mask.fillna(False).astype(bool) & reasons.isna()
        if mask.any():
            reasons.loc[mask] = reason[mask] if isinstance(reason, pd.Series) else reason

    if "_reason" in raw:
        flag(raw["_reason"].notna(), raw["_reason"].astype("string"))
    for col in parsed.required or _REQUIRED[table]:
        values = typed[col].astype("string").str.strip() if col in typed else pd.Series(pd.NA, index=raw.index)
        flag(values.isna() | (values == ""), f"missing {col.replace('_', ' ')}")

    spec = {**schema.TABLES[table]}
    for col, dtype in spec.items():
        if col not in raw or col == "source":
            continue
        raw_text = raw[col].astype("string").str.strip()
        given = raw_text.notna() & (raw_text != "")
        if dtype.startswith("datetime"):
            flag(given & typed[col].isna(), "unparseable " + col + ": " + raw_text.fillna(""))
        elif col in _NUMERIC[table] or dtype in ("Float64", "Int64"):
            flag(given & typed[col].isna(), "not a number in " + col + ": " + raw_text.fillna(""))
    for col in parsed.numeric:
        raw_text = raw[col].astype("string").str.strip()
        numbers = pd.to_numeric(raw_text.replace("", pd.NA), errors="coerce").astype("Float64")
        flag(raw_text.notna() & (raw_text != "") & numbers.isna(), f"not a number in {col}: " + raw_text.fillna(""))
        typed[col] = numbers
    for col, (low, high) in parsed.ranges.items():
        if col not in raw:
            continue
        numbers = pd.to_numeric(typed[col], errors="coerce")
        raw_text = raw[col].astype("string").str.strip().fillna("")
        flag((raw_text != "") & numbers.isna(), f"not a number in {col}: " + raw_text)
        flag((numbers < low) | (numbers > high), f"{col} out of range {low:g}–{high:g}: " + raw_text)

    key = _KEY[table]
    content = [c for c in typed.columns if c != "source"]
    ok = reasons.isna()
    # only rows sharing a key can be duplicates: compare full content on that (usually small) subset
    suspects = ok & typed[key].duplicated(keep=False) if key is not None else ok
    candidate = typed.loc[suspects, content]
    exact = candidate.duplicated(keep="first")
    duplicates = int(exact.sum())
    if key is not None:
        unique = candidate.loc[~exact]
        clash = unique[key].duplicated(keep=False)
        flag(clash.reindex(raw.index, fill_value=False), f"duplicate {key.replace('_', ' ')} with different content")
    ok = reasons.isna() & ~raw.index.isin(candidate.index[exact])

    kept = typed.loc[ok].reset_index(drop=True)
    quarantine = raw.loc[reasons.notna()].drop(columns="_reason", errors="ignore")
    quarantine.insert(0, "reason", reasons[reasons.notna()])
    return Validated(
        table=table,
        kept=kept,
        quarantine=quarantine.reset_index(drop=True),
        duplicates=duplicates,
        blank_rows=parsed.blank_rows,
        questions=_questions(parsed.questions, source),
    )


def _questions(questions: pd.DataFrame | None, source: str) -> pd.DataFrame | None:
    if questions is None:
        return None
    questions = questions.copy()
    questions["source"] = source
    return schema.coerce(questions, "questions")
