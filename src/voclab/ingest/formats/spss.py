"""SPSS ``.sav`` / ``.zsav`` files (read with pyreadstat) into the ``responses`` table and question catalogue.

Answers keep their codes (``1``, ``2``, …); each variable's label becomes the question ``text`` and its value
labels go to ``value_labels`` (``Survey.label("q1", 2)`` → ``"Agree"``), so codes and labels are both
available. ``respondent_id`` is the first of ``respondent_id, ResponseId, resp_id, id, caseid, serial``
present (or the map's ``respondent_id=COLUMN``; failing both, the case number); ``customer_id`` and
``submitted_at`` likewise from common names or the map. SPSS dates arrive as dates and are taken as UTC.

Example
-------
>>> import pathlib, tempfile, pandas as pd, pyreadstat
>>> p = pathlib.Path(tempfile.mkdtemp()) / "wave.sav"
>>> pyreadstat.write_sav(pd.DataFrame({"id": [1.0, 2.0], "q1": [1.0, 2.0]}), str(p),
...                      column_labels=["Respondent", "I would recommend us"],
...                      variable_value_labels={"q1": {1.0: "Disagree", 2.0: "Agree"}})
>>> parsed = read(p, {})
>>> parsed.frame[["respondent_id", "q1"]].values.tolist()
[['1', '1'], ['2', '2']]
>>> parsed.questions[["question_id", "text", "value_labels"]].values.tolist()
[['q1', 'I would recommend us', '{"1": "Disagree", "2": "Agree"}']]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pyreadstat

from voclab.exceptions import FormatError
from voclab.ingest._files import free_names
from voclab.ingest._isolated import run_isolated
from voclab.ingest.formats._social import detect_columns
from voclab.ingest.formats._survey import blanks_to_missing, catalogue
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register
from voclab.schema import RESPONSES_FIXED

__all__ = ["read"]

_FIELDS = {
    "respondent_id": ("respondent_id", "response_id", "resp_id", "respid", "id", "caseid", "case_id", "serial"),
    "customer_id": ("customer_id", "customerid", "external_reference", "external_data_reference", "client_id"),
    "submitted_at": ("submitted_at", "recorded_date", "end_date", "enddate", "date", "interview_date"),
}


def _sniff(sample: Sample) -> bool:
    """The SPSS magic bytes ``$FL2`` (``.sav``) or ``$FL3`` (``.zsav``)."""
    return sample.head[:4] in (b"$FL2", b"$FL3")


def _text(value: object) -> str:
    """A cell as text: integral numbers without ``.0``, dates as ISO 8601, missing as empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _labels(mapping: Mapping[object, str] | None) -> dict[str, str] | None:
    return {_text(code): label for code, label in mapping.items()} if mapping else None


def _read_sav(path: str) -> tuple[pd.DataFrame, object]:
    """The data and metadata of a .sav file (run in a child process: see :mod:`voclab.ingest._isolated`)."""
    return pyreadstat.read_sav(path, apply_value_formats=False, dates_as_pandas_datetime=True)


@register("spss", table="responses", description="SPSS .sav/.zsav file", sniff=_sniff, priority=90)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    try:
        data, meta = run_isolated(_read_sav, str(path), path=path, what="SPSS reader (pyreadstat)")
    except FormatError:
        raise
    except Exception as exc:  # pyreadstat raises its own ReadstatError and PyreadstatError
        raise FormatError(
            f"not a readable SPSS file ({' '.join(str(exc).split())[:120]})",
            path=path,
            hint="save it again from SPSS as .sav (File → Save As → SPSS Statistics)",
        ) from None
    found = detect_columns(data.columns, _FIELDS, mapping)
    missing = [c for c in mapping.values() if c not in data.columns]
    if missing:
        raise FormatError(
            f"variable {missing[0]!r} named in the column map is not in the file",
            path=path,
            hint=f"the file has: {', '.join(data.columns)[:300]}",
        )
    out = pd.DataFrame(index=data.index)
    out["respondent_id"] = data[found["respondent_id"]].map(_text) if "respondent_id" in found else data.index + 1
    for field in ("customer_id", "submitted_at"):
        if field in found:
            out[field] = data[found[field]].map(_text)
    labels = dict(zip(meta.column_names, meta.column_labels or [None] * len(meta.column_names), strict=True))
    variables = [c for c in data.columns if c not in found.values()]
    ids, renamed = free_names(variables, set(RESPONSES_FIXED) | PRIVATE)
    questions, numeric = [], []
    for column, question_id in zip(variables, ids, strict=True):
        is_number = pd.api.types.is_numeric_dtype(data[column])
        is_date = pd.api.types.is_datetime64_any_dtype(data[column])
        value_labels = _labels(meta.variable_value_labels.get(column))
        out[question_id] = data[column].map(_text)
        if is_number:
            numeric.append(question_id)
        questions.append(
            {
                "question_id": question_id,
                "text": labels.get(column),
                "type": "date" if is_date else ("choice" if value_labels else ("numeric" if is_number else "text")),
                "value_labels": value_labels,
            }
        )
    out = out.astype("string")
    out["_record"] = range(1, len(out) + 1)
    return Parsed(
        "responses",
        blanks_to_missing(out),
        questions=catalogue(questions),
        numeric=tuple(numeric),
        renamed=renamed,
    )
