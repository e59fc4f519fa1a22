"""Library entry points: :func:`load` one file into a unified table, :func:`load_survey` into a :class:`Survey`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError, VoclabError
from voclab.ingest import registry
from voclab.ingest.validate import Validated, validate

__all__ = ["Survey", "load", "load_survey", "parse", "source_name"]


def source_name(path: str | Path) -> str:
    """A source's default name: the file stem, lower-case, non-word characters as ``_``."""
    return re.sub(r"\W+", "_", Path(path).stem.lower()).strip("_") or "source"


def parse(
    path: str | Path,
    kind: str = "auto",
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
) -> tuple[registry.Reader, Validated]:
    """Read and validate one file; nothing is written. Returns the reader used and the validated parts.

    Any failure is a :class:`VoclabError`; an unexpected exception inside a reader is reported as a
    :class:`FormatError` naming the file, never as a traceback.
    """
    path = Path(path)
    if not path.is_file():
        raise FormatError("no such file", path=path, hint="check the path")
    reader = registry.sniff(path) if kind == "auto" else registry.get(kind)
    try:
        parsed = reader.read(path, dict(mapping or {}))
        return reader, validate(parsed, source or source_name(path))
    except VoclabError:
        raise
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError) as exc:
        raise FormatError(
            f"cannot read as {reader.kind}: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}",
            path=path,
            hint=f"check that this is a {reader.description} file, or pass another --kind",
        ) from exc


def load(path: str | Path, kind: str = "auto", **mapping: str) -> pd.DataFrame:
    """Load one file as a unified table (feedback, responses or behaviour, by format).

    Bad rows are left out; they and the counts are in ``frame.attrs["voclab"]``
    (``quarantine`` DataFrame, ``rows_read``, ``kept``, ``quarantined``, ``duplicates``, ``blank_rows``).

    >>> import voclab  # doctest: +SKIP
    >>> tweets = voclab.load("../shared/data/twitter_airline_sentiment_tweets.csv")  # doctest: +SKIP
    >>> reviews = voclab.load("reviews.csv", text="review_body", rating="stars")  # doctest: +SKIP
    """
    reader, result = parse(path, kind, mapping)
    frame = result.kept
    frame.attrs["voclab"] = {
        "kind": reader.kind,
        "table": result.table,
        "rows_read": result.rows_read,
        "kept": len(result.kept),
        "quarantined": len(result.quarantine),
        "duplicates": result.duplicates,
        "blank_rows": result.blank_rows,
        "quarantine": result.quarantine,
    }
    if result.questions is not None:
        frame.attrs["voclab"]["questions"] = result.questions
    return frame


@dataclass
class Survey:
    """A survey: ``responses`` (one row per respondent) and its ``questions`` catalogue.

    ``label(question_id, code)`` turns a stored code into its value label, when the export had labels.
    """

    responses: pd.DataFrame
    questions: pd.DataFrame
    quarantine: pd.DataFrame
    source: str

    def label(self, question_id: str, code: object) -> object:
        """The value label of ``code`` for ``question_id`` (``code`` itself when unlabelled)."""
        import json

        row = self.questions.loc[self.questions["question_id"] == question_id, "value_labels"]
        if row.empty or pd.isna(row.iloc[0]):
            return code
        labels = json.loads(row.iloc[0])
        key = str(int(code)) if isinstance(code, float) and float(code).is_integer() else str(code)
        return labels.get(key, code)


def load_survey(path: str | Path, kind: str = "auto") -> Survey:
    """Load a survey export (Qualtrics, SurveyMonkey, SPSS) with its question catalogue.

    >>> survey = load_survey("wave1.sav")  # doctest: +SKIP
    >>> survey.questions[["question_id", "text"]]  # doctest: +SKIP
    """
    reader, result = parse(path, kind)
    if result.table != "responses":
        raise FormatError(
            f"this is a {reader.kind} file ({result.table}), not a survey export",
            path=path,
            hint="use voclab.load() for it, or pass kind='qualtrics' / 'surveymonkey' / 'spss'",
        )
    questions = result.questions if result.questions is not None else pd.DataFrame()
    return Survey(result.kept, questions, result.quarantine, source_name(path))
