"""Library entry points: :func:`load` one file into a unified table, :func:`load_survey` into a :class:`Survey`.

What they return are ordinary DataFrames: ``attrs["voclab"]`` holds only plain values (kind, table, counts, the
renamed columns and the path of the quarantine file), so ``pd.concat``, ``merge``, ``join``, ``groupby`` and
``to_parquet`` behave as on any frame. The bad rows are in a CSV file, read back with
:func:`voclab.quarantine_of`.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from voclab import schema
from voclab._labels import label_of
from voclab.exceptions import FormatError, ParameterError, VoclabError
from voclab.ingest import registry
from voclab.ingest.limits import Limits, check_limits
from voclab.ingest.quarantine import quarantine_of, write_quarantine
from voclab.ingest.validate import Validated, validate

__all__ = ["Survey", "default_quarantine_dir", "load", "load_survey", "mappable_fields", "parse", "source_name"]


def source_name(path: str | Path) -> str:
    """A source's default name: the file stem, lower-case, non-word characters as ``_``."""
    return re.sub(r"\W+", "_", Path(path).stem.lower()).strip("_") or "source"


def mappable_fields(reader: registry.Reader) -> list[str]:
    """The fields a column map may name for ``reader``: its table's unified fields (``source`` is set by voclab),
    the natural keys, and the fields the reader adds (e.g. ``quantity`` for transactions)."""
    fields = [c for c in schema.TABLES[reader.table] if c != "source"]
    return [*fields, *(k for k in (*schema.NATURAL_KEYS, *reader.fields) if k not in fields)]


def _check_mapping(reader: registry.Reader, mapping: Mapping[str, str], path: Path) -> None:
    allowed = mappable_fields(reader)
    unknown = [f for f in mapping if f not in allowed]
    if unknown:
        raise ParameterError(
            f"--map {unknown[0]}=…: {unknown[0]!r} is not a field of {reader.kind} ({reader.table})",
            hint=f"map onto one of: {', '.join(allowed)}",
        )
    if any(not str(col).strip() for col in mapping.values()):
        raise ParameterError(f"an empty column name in the column map for {path}", hint="write FIELD=COLUMN")


def parse(
    path: str | Path,
    kind: str = "auto",
    mapping: Mapping[str, str] | None = None,
    source: str | None = None,
    *,
    date_format: str | None = None,
    settled_format: str | None = None,
    limits: Limits | None = None,
) -> tuple[registry.Reader, Validated]:
    """Read and validate one file; nothing is written. Returns the reader used and the validated parts.
    ``date_format`` / ``settled_format``: as :func:`voclab.ingest.validate.validate`.

    Any failure is a :class:`VoclabError`; an unexpected exception inside a reader is reported as a
    :class:`FormatError` naming the file, never as a traceback.
    """
    path = Path(path)
    if not path.is_file():
        raise FormatError("no such file", path=path, hint="check the path")
    check_limits(path, limits)
    reader = registry.sniff(path) if kind == "auto" else registry.get(kind)
    mapping = dict(mapping or {})
    _check_mapping(reader, mapping, path)
    try:
        parsed = reader.read(path, mapping)
        return reader, validate(
            parsed, source or source_name(path), date_format=date_format, settled_format=settled_format, path=path
        )
    except VoclabError:
        raise
    except RecursionError:
        raise FormatError(
            f"cannot read as {reader.kind}: nested too deeply to parse",
            path=path,
            hint="this is not an export voclab knows; check where the file came from",
        ) from None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, OverflowError) as exc:
        raise FormatError(
            f"cannot read as {reader.kind}: {type(exc).__name__}: {' '.join(str(exc).split())[:160]}",
            path=path,
            hint=f"check that this is a {reader.description} file, or pass another --kind",
        ) from exc


def default_quarantine_dir() -> Path:
    """Where :func:`load` writes quarantine files when not told: ``<temp>/voclab-quarantine``.
    (``voclab ingest`` writes them to the project's ``data/quarantine`` instead.)"""
    return Path(tempfile.gettempdir()) / "voclab-quarantine"


def _quarantine_file(path: Path, options: list[object], folder: Path) -> Path:
    """One quarantine file per input file version and reading options (same load → same file)."""
    stat = path.stat()
    key = json.dumps([str(path.resolve()), stat.st_size, stat.st_mtime_ns, *options], default=str)
    return folder / f"{source_name(path)}-{hashlib.sha256(key.encode()).hexdigest()[:12]}.csv"


def _describe(
    reader: registry.Reader, result: Validated, path: Path, options: list[object], quarantine_dir: str | Path | None
) -> pd.DataFrame:
    """``result.kept`` with the plain-valued description (kind, table, counts, quarantine file) in its ``attrs``;
    the quarantine (if any) is written to a file first."""
    frame = result.kept
    target = None
    if len(result.quarantine):
        folder = Path(quarantine_dir) if quarantine_dir is not None else default_quarantine_dir()
        target = _quarantine_file(path, [reader.kind, *options], folder)
        write_quarantine(result.quarantine, target)
    frame.attrs["voclab"] = {
        "kind": reader.kind,
        "table": result.table,
        "path": str(path),
        **result.counts(),
        "quarantine_path": str(target) if target is not None else None,
    }
    return frame


def load(
    path: str | Path,
    kind: str = "auto",
    *,
    date_format: str | None = None,
    quarantine_dir: str | Path | None = None,
    limits: Limits | None = None,
    **mapping: str,
) -> pd.DataFrame:
    """Load one file as a unified table (feedback, responses or behaviour, by format).

        ``mapping`` names the file column of a unified field (``text="review_body"``); ``date_format`` (e.g.
        ``"%d/%m/%Y"``) settles dates a column does not settle by itself; ``limits`` (:class:`voclab.ingest.Limits`)
    bounds what the file may cost before it is opened. Bad rows are left out and written to a
        CSV in ``quarantine_dir`` (default: :func:`default_quarantine_dir`), read back with
        :func:`voclab.quarantine_of`. ``frame.attrs["voclab"]`` holds ``kind``, ``table``, ``path``, ``rows_read``,
        ``kept``, ``quarantined``, ``duplicates``, ``blank_rows``, ``skipped_rows``, ``renamed`` (the file's columns
        stored under another name, because voclab uses theirs) and ``quarantine_path``;
        ``rows_read == kept + quarantined + duplicates + blank_rows + skipped_rows``.

        >>> import voclab  # doctest: +SKIP
        >>> tweets = voclab.load("../shared/data/twitter_airline_sentiment_tweets.csv")  # doctest: +SKIP
        >>> reviews = voclab.load("reviews.csv", text="review_body", rating="stars")  # doctest: +SKIP
        >>> voclab.quarantine_of(reviews)  # doctest: +SKIP
    """
    path = Path(path)
    reader, result = parse(path, kind, mapping, date_format=date_format, limits=limits)
    return _describe(reader, result, path, [sorted(mapping.items()), date_format], quarantine_dir)


@dataclass
class Survey:
    """A survey: ``responses`` (one row per respondent) and its ``questions`` catalogue.

    ``label(question_id, code)`` turns a stored code into its value label, when the export had labels.
    ``counts`` are those of :func:`load` (also in ``responses.attrs["voclab"]``).
    """

    responses: pd.DataFrame
    questions: pd.DataFrame
    source: str
    counts: dict[str, object] = field(default_factory=dict)

    @property
    def quarantine(self) -> pd.DataFrame:
        """The bad responses left out, each with its ``reason``."""
        return quarantine_of(self.responses)

    def label(self, question_id: str, code: object) -> object:
        """The value label of ``code`` for ``question_id`` (``code`` itself when unlabelled)."""
        row = self.questions.loc[self.questions["question_id"] == question_id, "value_labels"]
        if row.empty or pd.isna(row.iloc[0]):
            return code
        return label_of(json.loads(row.iloc[0]), code)


def load_survey(
    path: str | Path,
    kind: str = "auto",
    *,
    date_format: str | None = None,
    quarantine_dir: str | Path | None = None,
    limits: Limits | None = None,
    **mapping: str,
) -> Survey:
    """Load a survey export (Qualtrics, SurveyMonkey, SPSS, a plain survey table) with its question catalogue.

    >>> survey = load_survey("wave1.sav")  # doctest: +SKIP
    >>> survey.questions[["question_id", "text"]]  # doctest: +SKIP
    >>> survey.counts["rows_read"], survey.quarantine  # doctest: +SKIP
    """
    path = Path(path)
    reader, result = parse(path, kind, mapping, date_format=date_format, limits=limits)
    if result.table != "responses":
        raise FormatError(
            f"this is a {reader.kind} file ({result.table}), not a survey export",
            path=path,
            hint="use voclab.load() for it, or pass kind='qualtrics' / 'surveymonkey' / 'spss'",
        )
    responses = _describe(reader, result, path, [sorted(mapping.items()), date_format], quarantine_dir)
    questions = result.questions if result.questions is not None else schema.empty("questions")
    counts = {k: v for k, v in responses.attrs["voclab"].items() if k not in ("kind", "table", "path")}
    return Survey(responses, questions, source_name(path), counts)
