"""Qualtrics CSV/TSV exports into the ``responses`` table and its question catalogue.

Two layouts, both detected:

* the current export: three header rows — column ids (``Q1``, ``Q3_2``, ``ResponseId``), question text, and
  ``{"ImportId":"QID1"}`` JSON — then one row per response;
* the legacy export: two header rows (``V1,V2,…,Q1,Q2`` ids, then labels such as ``ResponseID``), often with
  a byte-order mark. TSV exports (UTF-16) read the same way.

``respondent_id`` comes from ``ResponseId`` (``ResponseID``), ``customer_id`` from ``ExternalReference``
(``ExternalDataReference``) unless the column map names another column (``--map customer_id=CustomerID``),
``submitted_at`` from ``RecordedDate`` (else ``EndDate``); Qualtrics writes these in the account's time zone
without an offset, and they are taken as UTC. Numeric-value and choice-text exports both work: answers
become numbers where that is unambiguous (see :mod:`._survey`). An NPS question (a column with a companion
``<id>_NPS_GROUP``) must be 0–10; other values are quarantined. Personal metadata (IP address, recipient
names and e-mail, location) is left out of the processed table — the raw file still has it.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "wave.csv"
>>> _ = p.write_text('ResponseId,RecordedDate,Q1\\nResponse ID,Recorded Date,How likely...?\\n'
...                  '"{""ImportId"":""_recordId""}","{""ImportId"":""recordedDate""}","{""ImportId"":""QID1""}"\\n'
...                  'R_1,2025-01-02 10:00:00,9\\n')
>>> parsed = read(p, {})
>>> parsed.frame[["respondent_id", "submitted_at", "Q1"]].values.tolist()
[['R_1', '2025-01-02 10:00:00', '9']]
>>> parsed.questions[["question_id", "type", "import_id"]].values.tolist()
[['Q1', 'numeric', 'QID1']]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError, SchemaError
from voclab.ingest._files import drop_blank_rows, free_names, read_delimited, read_text
from voclab.ingest.formats._social import safe_sniff
from voclab.ingest.formats._survey import (
    blanks_to_missing,
    catalogue,
    code_answers,
    is_number_column,
    is_padding,
    looks_open_ended,
)
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register
from voclab.schema import RESPONSES_FIXED

__all__ = ["read"]

_FIELDS = {
    "respondent_id": ("ResponseId", "ResponseID", "_recordId"),
    "customer_id": ("ExternalReference", "ExternalDataReference"),
    "submitted_at": ("RecordedDate", "EndDate"),
}
_PERSONAL = {
    "IPAddress",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "LocationLatitude",
    "LocationLongitude",
    "LocationAccuracy",
    "Name",
    "EmailAddress",
}
_META = {
    "StartDate",
    "EndDate",
    "Status",
    "Progress",
    "Duration (in seconds)",
    "Finished",
    "RecordedDate",
    "DistributionChannel",
    "UserLanguage",
    "ResponseSet",
    "Q_RecaptchaScore",
    "Q_RelevantIDDuplicate",
}
_DATES = {"StartDate", "EndDate", "RecordedDate"}
_NPS_GROUPS = {"1": "Detractor", "2": "Passive", "3": "Promoter"}
_LEGACY_ID = re.compile(r"^V\d+$")
_SUB_QUESTION = re.compile(r"^(.+?)_(\d+|NPS_GROUP)$")
_HINT = "export from Qualtrics as CSV (Data & Analysis → Export & Import → Export data → CSV)"


def _records(text: str, count: int) -> list[list[str]]:
    sep = "\t" if text.split("\n", 1)[0].count("\t") > text.split("\n", 1)[0].count(",") else ","
    rows = []
    for row in csv.reader(io.StringIO(text[:200_000]), delimiter=sep):
        rows.append(row)
        if len(rows) == count:
            break
    return rows


def _import_id(cell: str) -> str | None:
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    return value.get("ImportId") if isinstance(value, dict) else None


def _header_rows(rows: list[list[str]]) -> int:
    """3 for the current layout (ImportId JSON in row 3), 2 for the legacy one, 0 when neither."""
    if len(rows) >= 3 and rows[2] and _import_id(rows[2][0]) is not None:
        return 3
    if len(rows) >= 2 and rows[0] and _LEGACY_ID.match(rows[0][0]) and "ResponseID" in rows[1]:
        return 2
    return 0


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """Three header rows with ``{"ImportId": …}`` cells, or the legacy ``V1,V2,…`` + ``ResponseID`` header."""
    if sample.suffix not in {".csv", ".tsv", ".txt"}:
        return False
    text = sample.head.decode("utf-16") if sample.head[:2] in (b"\xff\xfe", b"\xfe\xff") else sample.text
    return _header_rows(_records(text, 3)) > 0


def _column_ids(headers: list[list[str]], columns: list[str], legacy: bool) -> list[str]:
    """Column ids (``columns``: row 1, made unique); the legacy ``V1..V10`` take their label (``ResponseID``)."""
    ids = []
    for number, column in enumerate(columns):
        label = headers[1][number] if number < len(headers[1]) else ""
        ids.append(label if legacy and _LEGACY_ID.match(column) and label else column)
    return ids


def _question_type(column: str, import_id: str | None, values: pd.Series) -> str:
    if column in _DATES:
        return "date"
    if column in _META:
        return "meta"
    if column.endswith("_TEXT") or (import_id or "").endswith("_TEXT"):
        return "text"
    if import_id is not None and not import_id.startswith("QID"):
        return "embedded"
    if is_number_column(values):
        return "numeric"
    return "text" if import_id is None and looks_open_ended(values) else "choice"


@register(
    "qualtrics",
    table="responses",
    description="Qualtrics CSV/TSV export (3 header rows, or the legacy 2)",
    sniff=_sniff,
    priority=80,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    text = read_text(path)
    header_rows = _header_rows(_records(text, 3))
    if not header_rows:
        raise FormatError(
            'not a Qualtrics export: row 3 should hold {"ImportId": ...} cells (legacy: row 1 V1,V2,...)',
            path=path,
            line=3,
            column=1,
            hint=_HINT + ", or use --kind table for a plain CSV",
        )
    headers, frame = read_delimited(path, text=text, header_rows=header_rows)
    frame, blank = drop_blank_rows(frame)
    ids = _column_ids(headers, list(frame.columns[: len(headers[0])]), legacy=header_rows == 2)
    frame.columns = [*ids, *frame.columns[len(ids) :]]
    fields = _fixed_fields(ids, mapping, path)
    import_ids = dict(zip(ids, (_import_id(c) for c in headers[2]), strict=False)) if header_rows == 3 else {}
    texts = dict(zip(ids, headers[1], strict=False))

    out = pd.DataFrame({field: frame[column] for field, column in fields.items()})
    asked = [c for c in ids if c not in fields.values() and c not in _PERSONAL and not is_padding(c, frame)]
    stored, renamed = free_names(asked, set(RESPONSES_FIXED) | PRIVATE)
    questions, numeric, ranges = [], [], {}
    for column, question_id in zip(asked, stored, strict=True):
        kind = _question_type(column, import_ids.get(column), frame[column])
        values, labels = frame[column], None
        if kind == "choice":
            values, labels = code_answers(values)
            if labels is None and column.endswith("_NPS_GROUP"):
                labels = _NPS_GROUPS
            if labels is not None:
                numeric.append(question_id)
        elif kind in ("numeric", "meta") and is_number_column(values):
            numeric.append(question_id)
            if column.endswith("_NPS_GROUP"):
                kind, labels = "choice", _NPS_GROUPS
        if f"{column}_NPS_GROUP" in ids:
            ranges[question_id] = (0.0, 10.0)
        out[question_id] = values
        parent = _SUB_QUESTION.match(column)
        questions.append(
            {
                "question_id": question_id,
                "text": texts.get(column) if texts.get(column) != column else None,
                "type": kind,
                "import_id": import_ids.get(column),
                "parent": parent.group(1) if parent and kind not in ("meta", "date", "embedded") else None,
                "value_labels": labels,
            }
        )
    for private in ("_record", "_reason", "_raw"):
        if private in frame:
            out[private] = frame[private]
    return Parsed(
        "responses",
        blanks_to_missing(out),
        questions=catalogue(questions),
        blank_rows=blank,
        ranges=ranges,
        numeric=tuple(numeric),
        renamed=renamed,
    )


def _fixed_fields(ids: list[str], mapping: Mapping[str, str], path: Path) -> dict[str, str]:
    """``respondent_id`` / ``customer_id`` / ``submitted_at`` → the export column that holds it."""
    unknown = [c for c in mapping.values() if c not in ids]
    if unknown:
        raise SchemaError(
            f"column {unknown[0]!r} named in the column map is not in the export",
            path=path,
            line=1,
            hint=f"the export has: {', '.join(ids)[:300]}",
        )
    fields = {}
    for field, names in _FIELDS.items():
        column = mapping.get(field) or next((n for n in names if n in ids), None)
        if column is not None:
            fields[field] = column
    if "respondent_id" not in fields:
        raise SchemaError(
            "no ResponseId column",
            path=path,
            line=1,
            hint="export with the ResponseId column, or --map respondent_id=COLUMN",
        )
    return fields
