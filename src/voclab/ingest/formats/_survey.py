"""Shared by the survey readers (Qualtrics, SurveyMonkey, SPSS): answer coding and the question catalogue.

Survey exports carry answers either as numbers or as the text of the chosen option. Responses are stored as
numbers wherever that is unambiguous, with the option texts kept as ``value_labels`` in the question catalogue
(so ``Survey.label(question, code)`` recovers them), the same way for every format:

* a column whose every answer is a number (``7``, ``7.0``) is ``numeric``;
* a column whose answers are ``10 - Extremely likely``-style is numeric too, the texts become labels;
* a column whose answers all belong to one well-known ordered scale (satisfaction, agreement, quality,
  likelihood, effort) is coded 1..k in scale order, with the scale as labels;
* anything else stays text (``choice``, or ``text`` for open answers).

Example
-------
>>> codes, labels = code_answers(pd.Series(["Satisfied", "Very dissatisfied", ""]))
>>> codes.tolist(), labels["1"]
(['4', '1', ''], 'Very dissatisfied')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

import pandas as pd

from voclab.ingest.registry import PRIVATE

__all__ = [
    "KNOWN_SCALES",
    "blanks_to_missing",
    "catalogue",
    "code_answers",
    "is_number_column",
    "is_padding",
    "iso_dates",
    "looks_open_ended",
]

#: Ordered answer scales recognised in choice-text exports, lowest first (compared case-insensitively).
KNOWN_SCALES: tuple[tuple[str, ...], ...] = (
    ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"),
    ("Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"),
    ("Poor", "Fair", "Good", "Excellent"),
    ("Poor", "Fair", "Good", "Very good", "Excellent"),
    ("Very unlikely", "Unlikely", "Neither likely nor unlikely", "Likely", "Very likely"),
    ("Very difficult", "Difficult", "Neither easy nor difficult", "Easy", "Very easy"),
    ("No", "Yes"),
    ("Detractor", "Passive", "Promoter"),
)

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_LABELLED_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*[-–:]\s*(\S.*)$")


def is_number_column(values: pd.Series) -> bool:
    """True when every non-empty value is a plain number (and there is at least one)."""
    given = _given(values)
    return not given.empty and bool(given.str.fullmatch(_NUMBER.pattern).all())


def code_answers(values: pd.Series) -> tuple[pd.Series, dict[str, str] | None]:
    """Code choice-text answers as numbers (as strings) when a rule above applies: ``(values, labels)``.

    Returns the values unchanged and ``None`` when no rule applies.
    """
    given = _given(values)
    if given.empty or is_number_column(values):
        return values, None
    labelled = given.str.extract(_LABELLED_NUMBER)
    numeric = given.str.fullmatch(_NUMBER.pattern)
    if bool((labelled[0].notna() | numeric).all()):
        codes = values.astype("string").str.strip().str.extract(_LABELLED_NUMBER)[0]
        codes = codes.fillna(values.astype("string").str.strip())
        found = labelled.dropna().drop_duplicates(0)
        return codes, {_code(c): text for c, text in zip(found[0], found[1], strict=True)}
    observed = {v.casefold() for v in given.unique()}
    for scale in sorted(KNOWN_SCALES, key=len):
        positions = {label.casefold(): str(i) for i, label in enumerate(scale, start=1)}
        if observed <= positions.keys():
            coded = values.astype("string").str.strip().str.casefold().map(positions)
            return coded.fillna("").astype("string"), {str(i): label for i, label in enumerate(scale, start=1)}
    return values, None


def looks_open_ended(values: pd.Series) -> bool:
    """True for free-text answers where the export does not say (a legacy Qualtrics export has no ImportId
    row): not numbers, no known scale, mostly distinct answers of several words or characters.

    >>> looks_open_ended(pd.Series(["Hello World!"])), looks_open_ended(pd.Series(["Red", "Blue", "Red", "Red"]))
    (True, False)
    """
    given = _given(values)
    if given.empty or is_number_column(values) or code_answers(values)[1] is not None:
        return False
    return bool(given.nunique() >= 0.5 * len(given) and given.str.len().mean() >= 8)


def iso_dates(values: pd.Series, formats: Sequence[str]) -> pd.Series:
    """Rewrite dates written in one of ``formats`` as ISO 8601 text; other values are left as they are
    (validation then quarantines what cannot be parsed)."""
    text = values.astype("string").str.strip()
    out = text.copy()
    pending = text.notna() & (text != "")
    for fmt in formats:
        parsed = pd.to_datetime(text[pending], format=fmt, errors="coerce")
        hit = parsed.notna()
        out.loc[hit[hit].index] = parsed[hit].dt.strftime("%Y-%m-%dT%H:%M:%S")
        pending &= ~text.index.isin(hit[hit].index)
    return out


def catalogue(rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    """The question catalogue from one dict per question (``question_id``, ``text``, ``type``, optional
    ``import_id``, ``parent``, ``value_labels`` as a dict)."""
    records = []
    for row in rows:
        labels = row.get("value_labels")
        records.append(
            {
                "question_id": row["question_id"],
                "text": row.get("text"),
                "type": row["type"],
                "import_id": row.get("import_id"),
                "parent": row.get("parent"),
                "value_labels": json.dumps(labels, ensure_ascii=False, sort_keys=True) if labels else None,
            }
        )
    columns = ["question_id", "text", "type", "import_id", "parent", "value_labels"]
    return pd.DataFrame.from_records(records, columns=columns)


def blanks_to_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Empty or blank answer cells → missing (an unanswered question is not an empty string)."""
    answers = [c for c in frame.columns if c not in PRIVATE]
    text = frame[answers].astype("string")
    blank = text.apply(lambda col: col.str.strip() == "").fillna(False)
    out = frame.copy()
    out[answers] = text.mask(blank)
    return out


def is_padding(column: str, frame: pd.DataFrame) -> bool:
    """A column with no header (a trailing delimiter) and no values."""
    return column.startswith("column_") and not _given(frame[column]).size


def _given(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text[text.notna() & (text != "")]


def _code(value: str) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else str(number)
