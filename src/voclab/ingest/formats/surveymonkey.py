"""SurveyMonkey exports (CSV or XLSX, "expanded" layout) into the ``responses`` table and question catalogue.

Two header rows: row 1 holds ``Respondent ID, Collector ID, Start Date, End Date, IP Address, Email Address,
First Name, Last Name, Custom Data 1`` and then each question's text *above its first column only*; row 2
holds ``Response`` / ``Open-Ended Response`` under single questions and the row item or option under each
column of a matrix or select-all question. Questions get ids in order — ``Q1``, ``Q2``, and ``Q3_1``,
``Q3_2`` … for the columns of a matrix (``parent`` ``Q3``) — with the full text in the catalogue.

``respondent_id`` = ``Respondent ID``, ``submitted_at`` = ``End Date`` (US ``11/25/2025 10:15:32 AM`` dates,
taken as UTC), ``customer_id`` = ``Custom Data 1`` unless the map names another column
(``--map customer_id="Email Address"``). Select-all columns become 1/0 (0 when the respondent answered
another option of the question). Choice answers from a known scale become codes with labels (see
:mod:`._survey`). IP address, e-mail and names are left out of the processed table.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "csat.csv"
>>> _ = p.write_text("Respondent ID,Collector ID,End Date,How satisfied were you?,Rate the agent,\\n"
...                  ",,,Response,Knowledge,Speed\\n"
...                  "11811111111,4321,11/25/2025 10:15:32 AM,Very satisfied,Good,Poor\\n")
>>> parsed = read(p, {})
>>> parsed.frame[["respondent_id", "submitted_at", "Q1", "Q2_1", "Q2_2"]].values.tolist()
[['11811111111', '2025-11-25T10:15:32', '5', '3', '1']]
>>> parsed.questions[["question_id", "parent", "text"]].values.tolist()[1]
['Q2_1', 'Q2', 'Rate the agent - Knowledge']
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError, SchemaError
from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats._social import norm_name, safe_sniff
from voclab.ingest.formats._survey import blanks_to_missing, catalogue, code_answers, is_padding, iso_dates
from voclab.ingest.formats.table import read_any_table
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register

__all__ = ["read"]

_META = {
    "respondent_id": "respondent_id",
    "collector_id": "collector_id",
    "start_date": "start_date",
    "end_date": "submitted_at",
    "ip_address": None,
    "email_address": None,
    "first_name": None,
    "last_name": None,
    "custom_data_1": "customer_id",
    "custom_data": "customer_id",
}
_SINGLE = {"response", "open_ended_response", ""}
_DATE_FORMATS = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S")
_HINT = "export from SurveyMonkey as 'All individual responses', CSV or XLSX, with expanded columns"


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """``Respondent ID`` and ``Collector ID`` in the first row (CSV, or the first sheet of an XLSX)."""
    if sample.suffix in {".xlsx", ".xlsm"}:
        first = pd.read_excel(sample.path, header=None, nrows=1, dtype=str).iloc[0].tolist()
    else:
        first = next(csv.reader([sample.first_line]))
    names = {norm_name(str(c)) for c in first}
    return {"respondent_id", "collector_id"} <= names


@register(
    "surveymonkey",
    table="responses",
    description="SurveyMonkey export, CSV or XLSX (2 header rows)",
    sniff=_sniff,
    priority=80,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    headers, frame = read_any_table(path, header_rows=2)
    if "respondent_id" not in {norm_name(c) for c in headers[0]}:
        raise FormatError("not a SurveyMonkey export: no 'Respondent ID' in row 1", path=path, line=1, hint=_HINT)
    frame, blank = drop_blank_rows(frame)
    columns = list(frame.columns[: len(headers[0])])
    subs = [*headers[1], *[""] * (len(columns) - len(headers[1]))]
    out = pd.DataFrame(index=frame.index)
    questions: list[dict[str, object]] = []
    numeric: list[str] = []
    for group in _question_groups(headers[0], subs):
        first = columns[group.start]
        if norm_name(first) in _META and group.id is None:
            target = _META[norm_name(first)]
            if target is not None:
                out[target] = frame[first]
            continue
        _add_question(out, questions, numeric, group, frame, columns, subs[group.start : group.stop])
    _apply_map(out, frame, mapping, path)
    if "respondent_id" not in out:
        raise SchemaError("no 'Respondent ID' column", path=path, line=1, hint=_HINT)
    for column in ("submitted_at", "start_date"):
        if column in out:
            out[column] = iso_dates(out[column], _DATE_FORMATS)
    for private in ("_record", "_reason", "_raw"):
        if private in frame:
            out[private] = frame[private]
    return Parsed(
        "responses", blanks_to_missing(out), questions=catalogue(questions), blank_rows=blank, numeric=tuple(numeric)
    )


class _Group:
    """One question: its id, text, and the span of columns it covers."""

    def __init__(self, start: int, text: str, question_id: str | None) -> None:
        self.start, self.stop, self.text, self.id = start, start + 1, text, question_id


def _question_groups(row1: list[str], row2: list[str]) -> list[_Group]:
    """Split the columns into meta columns (``id`` None) and questions (``Q1``, ``Q2``, …)."""
    groups: list[_Group] = []
    number = 0
    for index, text in enumerate(row1):
        text = text.strip()
        if text and norm_name(text) in _META and not row2[index].strip():
            groups.append(_Group(index, text, None))
        elif text or not groups or groups[-1].id is None:
            number += 1
            groups.append(_Group(index, text, f"Q{number}"))
        else:
            groups[-1].stop = index + 1
    return groups


def _add_question(
    out: pd.DataFrame,
    questions: list[dict[str, object]],
    numeric: list[str],
    group: _Group,
    frame: pd.DataFrame,
    columns: list[str],
    subs: list[str],
) -> None:
    """Add the columns of one question to ``out`` and its rows to the catalogue."""
    span = range(group.start, group.stop)
    single = len(span) == 1 and norm_name(subs[0]) in _SINGLE
    if len(span) == 1 and is_padding(columns[group.start], frame):
        return
    answered = frame[[columns[i] for i in span]].apply(lambda col: col.astype("string").str.strip() != "").any(axis=1)
    for offset, index in enumerate(span):
        sub = subs[offset].strip()
        question_id = group.id if single else f"{group.id}_{offset + 1}"
        values = frame[columns[index]]
        free = norm_name(sub) == "open_ended_response" or norm_name(sub).startswith("other")
        kind, labels = ("text", None) if free else ("choice", None)
        text = group.text if single else f"{group.text} - {sub}".strip(" -")
        if kind == "choice":
            given = values.astype("string").str.strip()
            if sub and not single and given[given != ""].eq(sub).all() and (given != "").any():
                values, kind = (given != "").astype(int).astype("string").where(answered, ""), "multi"
                numeric.append(question_id)
            else:
                values, labels = code_answers(values)
                if labels is not None or given[given != ""].str.fullmatch(r"[+-]?\d+(\.\d+)?").all():
                    numeric.append(question_id)
                    kind = "choice" if labels else "numeric"
        out[question_id] = values
        questions.append(
            {
                "question_id": question_id,
                "text": text,
                "type": kind,
                "parent": None if single else group.id,
                "value_labels": labels,
            }
        )


def _apply_map(out: pd.DataFrame, frame: pd.DataFrame, mapping: Mapping[str, str], path: Path) -> None:
    for field, column in mapping.items():
        if column not in frame.columns:
            raise SchemaError(
                f"column {column!r} named in the column map is not in the export",
                path=path,
                line=1,
                hint=f"the export has: {', '.join(c for c in frame.columns if c not in PRIVATE)[:300]}",
            )
        out[field] = frame[column]
