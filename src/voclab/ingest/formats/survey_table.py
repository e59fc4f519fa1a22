"""A plain survey table — one row per respondent, one header row — into the ``responses`` table and question
catalogue: Google Forms and Microsoft Forms CSV/Excel downloads, a survey tool's "simple" export, a research
agency's data file saved as CSV, Excel or Parquet.

Columns named like a respondent id (``Response ID``, ``respondent_id``, ``Submission ID``…), a customer id
(``customer_id``, ``Customer ID``, ``account_id``…) and a completion time (``Timestamp``, ``Submitted at``,
``End date``…) fill those fields (or the map's ``respondent_id=COLUMN``; without a respondent id, the row
number is used). Every other column is a question. A short header that is already an identifier (``Q1``,
``nps``) is its id; a header that is the question's wording gets ``Q1``, ``Q2``… in column order, the wording
going to the catalogue's ``text``; e-mail, name, phone, IP address and location columns are left out of the
processed table. Answers are coded as in the other survey readers (:mod:`._survey`):
numbers stay numbers, ``10 - Extremely likely`` and known scales become codes with labels, open answers are
``text``. Dates are read as written (ISO 8601, or day-first / month-first when unambiguous), taken as UTC.

The sniffer takes a CSV/TSV/Excel file whose header has a respondent-id column, or at least two headers
that are questions (ending in ``?``); a file without either needs ``kind = "survey"`` in voclab.toml.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "form.csv"
>>> _ = p.write_text("Timestamp,Customer ID,How likely are you to recommend us?,Anything else?\\n"
...                  "2025-03-01 10:00:00,C1,9,Great support\\n2025-03-02 11:30:00,C2,4,\\n")
>>> parsed = read(p, {})
>>> parsed.frame[["respondent_id", "customer_id", "submitted_at", "Q1", "Q2"]].values.tolist()
[['1', 'C1', '2025-03-01 10:00:00', '9', 'Great support'], ['2', 'C2', '2025-03-02 11:30:00', '4', <NA>]]
>>> parsed.questions[["question_id", "type", "text"]].values.tolist()
[['Q1', 'numeric', 'How likely are you to recommend us?'], ['Q2', 'text', 'Anything else?']]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import SchemaError
from voclab.ingest._files import drop_blank_rows, free_names
from voclab.ingest.formats._social import detect_columns, norm_name, safe_sniff
from voclab.ingest.formats._survey import (
    blanks_to_missing,
    catalogue,
    code_answers,
    is_number_column,
    is_padding,
    looks_open_ended,
)
from voclab.ingest.formats.table import read_any_table
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register
from voclab.schema import RESPONSES_FIXED

__all__ = ["read"]

_RESPONDENT = ("respondent_id", "response_id", "responseid", "resp_id", "respid", "submission_id", "entry_id")
_FIELDS = {
    "respondent_id": (*_RESPONDENT, "id", "caseid", "case_id", "serial"),
    "customer_id": ("customer_id", "customerid", "client_id", "account_id", "external_reference", "user_id"),
    "submitted_at": (
        *("submitted_at", "timestamp", "submission_date", "submitted", "completion_time", "end_date"),
        *("recorded_date", "completed_at", "date", "created_at"),
    ),
}
#: Personal metadata forms tools add (who answered, from where): left out of the processed table.
_PERSONAL = frozenset(
    {"email", "email_address", "e_mail", "ip_address", "first_name", "last_name", "name", "full_name", "phone"}
    | {"phone_number", "location_latitude", "location_longitude", "latitude", "longitude"}
)
#: A header that is already a question id: short, letters, digits and ``_``.
_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,23}$")


def _header(sample: Sample) -> list[str]:
    if sample.suffix in {".xlsx", ".xlsm"}:
        return [str(c) for c in pd.read_excel(sample.path, header=None, nrows=1, dtype=str).iloc[0].tolist()]
    if sample.suffix not in {".csv", ".tsv", ".txt"}:
        return []
    return next(csv.reader([sample.first_line], delimiter="\t" if sample.suffix == ".tsv" else ","), [])


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """A respondent-id column, or two or more headers that are questions."""
    header = _header(sample)
    return bool({norm_name(c) for c in header} & set(_RESPONDENT)) or sum(c.strip().endswith("?") for c in header) >= 2


@register(
    "survey",
    table="responses",
    description="plain survey table, one row per respondent (Google/Microsoft Forms, CSV/Excel/Parquet)",
    sniff=_sniff,
    priority=50,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    headers, frame = read_any_table(path)
    frame, blank = drop_blank_rows(frame)
    columns = [c for c in frame.columns if c not in PRIVATE]
    found = detect_columns(columns, _FIELDS, mapping)
    absent = [c for c in found.values() if c not in frame.columns]
    if absent:
        raise SchemaError(
            f"column {absent[0]!r} named in the column map is not in the file",
            path=path,
            line=1,
            hint=f"the file has: {', '.join(columns)[:300]}",
        )
    out = pd.DataFrame(index=frame.index)
    given_id = "respondent_id" in found
    out["respondent_id"] = frame[found["respondent_id"]] if given_id else frame["_record"].astype("string")
    for field in ("customer_id", "submitted_at"):
        if field in found:
            out[field] = frame[found[field]]
    wording = dict(zip(frame.columns, headers[0], strict=False))
    asked = [
        c
        for c in columns
        if c not in found.values() and not is_padding(c, frame) and norm_name(wording.get(c, c)) not in _PERSONAL
    ]
    ids, renamed = free_names(_question_ids(asked, wording), set(RESPONSES_FIXED) | PRIVATE)
    questions, numeric = [], []
    for column, question_id in zip(asked, ids, strict=True):
        values, labels = code_answers(frame[column])
        answered = values.astype("string").str.strip().ne("").any()
        number = labels is not None or is_number_column(values) or not answered
        kind = "choice" if labels else ("numeric" if number else ("text" if looks_open_ended(values) else "choice"))
        if number and answered:
            numeric.append(question_id)
        out[question_id] = values
        text = wording.get(column, column).strip()
        questions.append({"question_id": question_id, "text": text, "type": kind, "value_labels": labels})
    for private in ("_record", "_reason", "_raw"):
        if private in frame:
            out[private] = frame[private]
    return Parsed(
        "responses",
        blanks_to_missing(out.astype({c: "string" for c in out.columns if c not in PRIVATE})),
        questions=catalogue(questions),
        blank_rows=blank,
        numeric=tuple(numeric),
        renamed=renamed,
    )


def _question_ids(columns: list[str], wording: Mapping[str, str]) -> list[str]:
    """Each question's id: its header when that is already an identifier (``Q1``, ``nps``), else ``Q<n>`` by
    position (never one a header already uses)."""
    own = {c for c in columns if _IDENTIFIER.match(wording.get(c, c).strip())}
    taken = {wording.get(c, c).strip() for c in own}
    ids, number = [], 0
    for column in columns:
        if column in own:
            ids.append(wording.get(column, column).strip())
            continue
        number += 1
        while f"Q{number}" in taken:
            number += 1
        ids.append(f"Q{number}")
    return ids
