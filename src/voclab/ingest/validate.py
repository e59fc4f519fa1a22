"""Validation and quarantine, the same for every format.

:func:`validate` coerces a reader's raw frame to the unified schema and splits it into

* ``kept`` — rows that passed;
* ``quarantine`` — bad rows with their raw values, a ``reason`` and their ``_record`` number: missing id,
  unparseable date, a number that is not a number or is out of range, a duplicate id with different content;
* ``duplicates`` — how many exact duplicates were dropped: rows with the same id and the same content or, in a
  table without an id (behaviour), rows identical in every column as read;

so that ``rows_read == kept + quarantined + duplicates + blank_rows + skipped_rows`` always holds (``rows_read``
is counted by the reader, not derived from the others). Most sources are counted in rows; a wide behaviour file
(one row per customer, melted to one row per attribute) is counted in the file's records.

A file column whose name voclab uses itself (``source``, which validation sets) is kept as ``source_`` and
reported in ``renamed``; columns that are not unified fields get their natural dtype (see
:func:`voclab.ingest.types.natural_types`).

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from voclab import schema
from voclab.exceptions import VoclabError
from voclab.ingest._files import free_names
from voclab.ingest.dates import settle_dates
from voclab.ingest.registry import PRIVATE, Parsed
from voclab.ingest.types import natural_types

__all__ = ["ACCOUNTED", "Validated", "reconciles", "validate"]

#: The counts that add up to ``rows_read``.
ACCOUNTED = ("kept", "quarantined", "duplicates", "blank_rows", "skipped_rows")

_REQUIRED = {"feedback": ("id",), "responses": ("respondent_id",), "behaviour": ("customer_id", "event")}
_KEY = {"feedback": "id", "responses": "respondent_id", "behaviour": None}
_NUMERIC = {"feedback": ("rating", "reply_count"), "responses": (), "behaviour": ("value",)}


@dataclass
class Validated:
    """Result of :func:`validate`; ``kept`` has the unified dtypes and no ``_record`` column.

    Counts are in records of the file (rows, or a wide file's records): ``rows_read == kept_records +
    quarantined + duplicates + blank_rows + skipped_rows``.
    """

    table: str
    kept: pd.DataFrame
    quarantine: pd.DataFrame
    rows_read: int
    kept_records: int
    quarantined: int
    duplicates: int
    blank_rows: int
    skipped_rows: int = 0
    renamed: dict[str, str] = field(default_factory=dict)
    questions: pd.DataFrame | None = None
    #: The kept rows went to a partitioned dataset a block at a time (:mod:`voclab.ingest.blocks`): ``kept`` is
    #: empty and the counts are the whole file's.
    dataset: bool = False
    #: The layout the table's date column was read with (given or inferred; None when it held dates already).
    date_format: str | None = None
    #: The file had no id column: each row's ``id`` is its record number (:mod:`voclab.ingest.blocks` moves it to
    #: the file's numbering).
    ids_are_records: bool = False

    def counts(self) -> dict[str, object]:
        """The counts as plain values (what ``attrs`` and the ingest summary carry)."""
        return {
            "rows_read": self.rows_read,
            "kept": self.kept_records,
            "quarantined": self.quarantined,
            "duplicates": self.duplicates,
            "blank_rows": self.blank_rows,
            "skipped_rows": self.skipped_rows,
            "renamed": "; ".join(f"{old} → {new}" for old, new in self.renamed.items()),
        }


def validate(
    parsed: Parsed,
    source: str,
    *,
    date_format: str | None = None,
    settled_format: str | None = None,
    path: str | Path | None = None,
) -> Validated:
    """Coerce ``parsed.frame`` to its table's schema and quarantine bad rows (see module docstring).

    ``date_format`` (a ``strptime`` format such as ``%d/%m/%Y``) applies to every date column; by default each
    date column's format is inferred from all its values (:func:`voclab.ingest.dates.settle_dates`), or is the
    ``settled_format`` another block of the same file settled.
    """
    table = parsed.table
    raw, renamed = _free_source(parsed.frame.copy())
    numeric = [renamed.get(c, c) for c in parsed.numeric]
    ranges = {renamed.get(c, c): bounds for c, bounds in parsed.ranges.items()}
    questions = parsed.questions
    if renamed and questions is not None:
        questions = questions.assign(question_id=questions["question_id"].replace(renamed))
    renamed = {**parsed.frame.attrs.get("renamed", {}), **parsed.renamed, **renamed}
    if "_record" not in raw:
        raw["_record"] = range(1, len(raw) + 1)
    raw["source"] = source
    data = raw.drop(columns=[c for c in raw.columns if c in PRIVATE])
    settled = {
        col: settle_dates(data[col], date_format, settled_format=settled_format, column=col, path=path)
        for col, dtype in schema.TABLES[table].items()
        if dtype.startswith("datetime") and col in data
    }
    dates = {col: values for col, (values, _) in settled.items()}
    typed = schema.coerce(data.drop(columns=list(dates)), table)
    for col, values in dates.items():
        typed[col] = values
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

    for col, dtype in schema.TABLES[table].items():
        if col not in raw or col == "source":
            continue
        raw_text = raw[col].astype("string").str.strip()
        given = raw_text.notna() & (raw_text != "")
        if dtype.startswith("datetime"):
            flag(given & typed[col].isna(), "unparseable " + col + ": " + raw_text.fillna(""))
        elif col in _NUMERIC[table] or dtype in ("Float64", "Int64"):
            flag(given & typed[col].isna(), "not a number in " + col + ": " + raw_text.fillna(""))
        elif dtype == "boolean":
            flag(given & typed[col].isna(), "not true/false in " + col + ": " + raw_text.fillna(""))
    for col in numeric:
        raw_text = raw[col].astype("string").str.strip()
        numbers = pd.to_numeric(raw_text.replace("", pd.NA), errors="coerce").astype("Float64")
        flag(raw_text.notna() & (raw_text != "") & numbers.isna(), f"not a number in {col}: " + raw_text.fillna(""))
        typed[col] = numbers
    for col, (low, high) in ranges.items():
        if col not in raw:
            continue
        numbers = pd.to_numeric(typed[col], errors="coerce")
        raw_text = raw[col].astype("string").str.strip().fillna("")
        flag((raw_text != "") & numbers.isna(), f"not a number in {col}: " + raw_text)
        flag((numbers < low) | (numbers > high), f"{col} out of range {low:g}–{high:g}: " + raw_text)

    exact = _duplicates(raw, typed, reasons, None if parsed.record_level else _KEY[table], flag, parsed.record_level)
    counted = _records(raw, parsed.record_level)
    if parsed.record_level:  # a wide record is kept or quarantined whole
        spoilt = counted.isin(counted[reasons.notna()])
        flag(spoilt, "another value of this record is bad")
    ok = reasons.isna() & ~exact
    fixed = set(schema.TABLES[table]) | set(numeric)
    kept = natural_types(typed.loc[ok].reset_index(drop=True), skip=fixed)
    quarantine = raw.loc[reasons.notna()].drop(columns="_reason", errors="ignore")
    quarantine.insert(0, "reason", reasons[reasons.notna()])
    result = Validated(
        table=table,
        kept=kept,
        quarantine=quarantine.reset_index(drop=True),
        rows_read=parsed.rows_read,
        kept_records=counted[ok].nunique(),
        quarantined=counted[reasons.notna()].nunique(),
        duplicates=parsed.duplicates + int(counted[exact].nunique()),
        blank_rows=parsed.blank_rows,
        skipped_rows=parsed.skipped_rows,
        renamed=renamed,
        questions=_questions(questions, source),
        date_format=next((layout for _, layout in settled.values() if layout), None),
        ids_are_records=bool(parsed.frame.attrs.get("ids_are_records")),
    )
    _check_reconciled(result, path)
    return result


def _free_source(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """A file column named ``source`` (validation sets that field) → ``source_``."""
    names, renamed = free_names(list(frame.columns), {"source"})
    return frame.set_axis(names, axis=1), renamed


def _duplicates(
    raw: pd.DataFrame, typed: pd.DataFrame, reasons: pd.Series, key: str | None, flag, record_level: bool
) -> pd.Series:
    """Exact duplicates to drop (a mask), flagging ids that repeat with different content.

    Wide files (``record_level``) are de-duplicated by their reader, record by record, before melting."""
    ok = reasons.isna()
    if record_level:
        return pd.Series(False, index=raw.index)
    if key is None:  # no id: a duplicate is a row identical in every column as read
        content = raw.drop(columns=[c for c in raw.columns if c in PRIVATE]).astype("string").fillna("\x00")
        return ok & content.duplicated(keep="first")
    # only rows sharing a key can be duplicates: compare full content on that (usually small) subset
    content = [c for c in typed.columns if c != "source"]
    suspects = ok & typed[key].duplicated(keep=False)
    candidate = typed.loc[suspects, content]
    exact = candidate.duplicated(keep="first")
    unique = candidate.loc[~exact]
    clash = unique[key].duplicated(keep=False)
    flag(clash.reindex(raw.index, fill_value=False), f"duplicate {key.replace('_', ' ')} with different content")
    return pd.Series(raw.index.isin(candidate.index[exact]), index=raw.index)


def _records(raw: pd.DataFrame, record_level: bool) -> pd.Series:
    """What a count counts: each row, or (wide files) each record of the file."""
    if not record_level:
        return pd.Series(range(len(raw)), index=raw.index)
    numbers = raw["_record"].astype("Int64").astype("string")
    return numbers.fillna(pd.Series([f"row{i}" for i in range(len(raw))], index=raw.index))


def reconciles(counts: Mapping[str, object]) -> bool:
    """Whether ``rows_read`` equals the sum of :data:`ACCOUNTED` in a summary row or ``attrs["voclab"]``.

    >>> reconciles({"rows_read": 5, "kept": 3, "quarantined": 1, "duplicates": 0, "blank_rows": 1, "skipped_rows": 0})
    True
    """
    return counts["rows_read"] == sum(counts[key] for key in ACCOUNTED)  # type: ignore[misc]


def _check_reconciled(result: Validated, path: str | Path | None) -> None:
    counts = result.counts()
    if not reconciles(counts):
        raise VoclabError(
            f"counts do not reconcile: {result.rows_read} rows read but "
            f"{sum(counts[k] for k in ACCOUNTED)} accounted for ({' + '.join(ACCOUNTED)})",  # type: ignore[misc]
            path=path,
            hint="this is a voclab bug: please report it with the file",
        )


def _questions(questions: pd.DataFrame | None, source: str) -> pd.DataFrame | None:
    if questions is None:
        return None
    questions = questions.copy()
    questions["source"] = source
    return schema.coerce(questions, "questions")
