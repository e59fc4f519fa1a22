"""Helpers shared by the social, forum, ticket and review readers (private).

JSON documents or NDJSON lines (a malformed line becomes a quarantined row, not a crash), ids as exact
strings, epoch seconds to ISO UTC, tag lists, column detection by alias, and the record-to-frame step.

Example
-------
>>> as_id(570306133677760513), as_id(12.0), as_id(None)
('570306133677760513', '12', None)
>>> epoch_to_iso("1714557600")
'2024-05-01T10:00:00+00:00'
>>> join_tags(["billing", {"name": "api"}]), split_tags("<billing><api>"), split_tags("|billing|api|")
('billing;api', 'billing;api', 'billing;api')
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from voclab import schema
from voclab.exceptions import FormatError, SchemaError
from voclab.ingest._files import load_json, read_text
from voclab.ingest.registry import PRIVATE, Sample

__all__ = [
    "FEEDBACK_ALIASES",
    "FIELDS",
    "Doc",
    "WrongShape",
    "as_dict",
    "as_id",
    "as_text",
    "cell_text",
    "check_rating_map",
    "detect_columns",
    "detect_feedback_columns",
    "epoch_to_iso",
    "feedback_frame",
    "is_flag_column",
    "join_tags",
    "json_documents",
    "json_keys",
    "malformed_row",
    "norm_name",
    "parse_documents",
    "records_frame",
    "require_columns",
    "safe_sniff",
    "select_fields",
    "split_tags",
    "starts_like_json",
    "unescape",
]

#: The feedback columns a reader fills (``source`` is set by validation).
FIELDS = [c for c in schema.FEEDBACK if c != "source"]

_KEY = re.compile(r'"([^"\\\n]{1,64})"\s*:')
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass(frozen=True)
class Doc:
    """One JSON document: the whole file (``line`` is None) or one NDJSON line (``error`` when it is bad)."""

    line: int | None
    value: Any = None
    error: str | None = None
    raw: str = ""


def json_documents(path: Path) -> tuple[list[Doc], int]:
    """Read a JSON file, or NDJSON (one document per line); return the documents and the blank lines.

    NDJSON is recognised when the first non-empty line is a complete JSON value and more lines follow. A
    malformed NDJSON line is returned as a :class:`Doc` with ``error`` set (the caller quarantines it); a
    malformed whole-file JSON is a :class:`FormatError` with line and column.
    """
    text = read_text(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled:
        raise FormatError("the file holds no JSON", path=path, hint="export it again; nothing to ingest")
    if len(filled) > 1 and _parses(lines[filled[0]]):
        return [_line_doc(i + 1, lines[i]) for i in filled], len(lines) - len(filled)
    return [Doc(None, load_json(path, text))], 0


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _line_doc(number: int, line: str) -> Doc:
    try:
        return Doc(number, json.loads(line))
    except json.JSONDecodeError as exc:
        error = f"malformed JSON at line {number}, column {exc.colno}: {exc.msg}"
        return Doc(number, None, error, line.strip()[:200])


class WrongShape(ValueError):
    """Raised by a row builder for a JSON value of the wrong shape (see :func:`parse_documents`)."""


RowsOf = Callable[[Any, int], list[dict[str, Any]]]


def parse_documents(path: Path, rows_of: RowsOf, what: str, hint: str) -> tuple[list[dict[str, Any]], int]:
    """Rows from every JSON document of ``path`` (see :func:`json_documents`), and the blank lines.

    ``rows_of(value, first)`` turns one document into rows numbered (``_record``) from ``first``; NDJSON rows
    take their line number instead. A malformed NDJSON line, or a line for which ``rows_of`` raises
    :class:`WrongShape`, becomes a quarantined row; a whole-file document of the wrong shape is a
    :class:`FormatError` saying it is not ``what``, with ``hint``.
    """
    docs, blank = json_documents(path)
    rows: list[dict[str, Any]] = []
    for doc in docs:
        if doc.error:
            rows.append(malformed_row(doc.line or 0, doc.error, doc.raw))
            continue
        try:
            found = rows_of(doc.value, len(rows) + 1)
        except WrongShape as exc:
            if doc.line is None:
                raise FormatError(f"not {what}: {exc}", path=path, hint=hint) from None
            rows.append(malformed_row(doc.line, f"line {doc.line} is not {what}: {exc}", doc.value))
            continue
        if doc.line is not None:
            for row in found:
                row["_record"] = doc.line
        rows.extend(found)
    return rows, blank


def malformed_row(record: int, reason: str, raw: object = "") -> dict[str, Any]:
    """A row that validation quarantines with ``reason`` (keeps counts reconciled); ``raw`` is truncated."""
    text = raw if isinstance(raw, str) else json.dumps(raw, default=str, ensure_ascii=False)
    return {"id": "", "_record": record, "_reason": reason, "_raw": text[:200]}


def records_frame(records: list[Mapping[str, Any]], columns: list[str] | None = None) -> pd.DataFrame:
    """Dicts → a frame of raw values (object dtype: JSON ints stay exact ints, missing is ``None``)."""
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    if frame.empty and columns is None:
        frame = pd.DataFrame(columns=["_record"], dtype=object)
    frame = frame.where(frame.notna(), None)
    if "_record" in frame:
        frame["_record"] = pd.array(frame["_record"], dtype="Int64")
    return frame


def feedback_frame(rows: Iterable[Mapping[str, Any]], extras: Iterable[str] = ()) -> pd.DataFrame:
    """Rows (dicts keyed by feedback field, extras, ``_record``/``_reason``/``_raw``) → a reader's frame.

    Every feedback column is present (empty when no row has it) and values stay raw (see
    :func:`records_frame`); extras become text (see :func:`select_fields`); ``_reason``/``_raw`` appear
    only when some row has them.
    """
    rows = list(rows)
    extras = list(extras)
    private = [c for c in ("_reason", "_raw") if any(c in row for row in rows)]
    return select_fields(records_frame(rows, [*FIELDS, *extras, "_record", *private]), extras)


def select_fields(frame: pd.DataFrame, extras: Iterable[str] | None = None, **constants: str) -> pd.DataFrame:
    """Feedback columns first, then ``extras`` (every other column when None) as text, then ``_*`` columns.

    Extra columns are text, as a CSV's are, so that sources sharing an extra column (``score``, ``status``)
    stack into one table; only flags (all ``True``/``False``) stay boolean. ``constants`` (e.g.
    ``channel="social"``) fill fields the file does not have.
    """
    frame = frame.copy()
    for field, value in constants.items():
        if field not in frame:
            frame[field] = value
    private = [c for c in frame.columns if c in PRIVATE]
    fields = [c for c in FIELDS if c in frame]
    others = [c for c in frame.columns if c not in fields and c not in private]
    kept = others if extras is None else [c for c in extras if c in others]
    for column in kept:
        frame[column] = _extra_column(frame[column])
    return frame[[*fields, *kept, *private]]


def _extra_column(values: pd.Series) -> pd.Series:
    present = values.dropna()
    if len(present) and present.map(type).eq(bool).all():
        return values.astype("boolean")
    return _cells_text(values)


def _cells_text(values: pd.Series) -> pd.Series:
    """:func:`cell_text` of every value (a column already all text is taken as it is, not value by value)."""
    if pd.api.types.is_string_dtype(values.dtype):
        return values.astype("string")
    return values.map(cell_text, na_action="ignore").astype("string")


def cell_text(value: object) -> str | None:
    """A raw value as text: exact ints, ``4.0`` → ``4``, ``true``/``false``, lists and objects as JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return as_id(value)
    return as_text(value) if isinstance(value, dict | list) else str(value)


def as_dict(value: object) -> dict[str, Any]:
    """A JSON object, or ``{}`` for ``null`` and anything that is not an object."""
    return value if isinstance(value, dict) else {}


def as_id(value: object) -> str | None:
    """An id as an exact string: JSON ints keep every digit, integral floats lose the ``.0``."""
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    return text or None


def as_text(value: object) -> str | None:
    """A text field: strings as they are, other JSON values as compact JSON, ``None`` stays missing."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def unescape(value: object) -> object:
    """Decode HTML entities in a string (tweets and Reddit texts arrive with ``&amp;``, ``&gt;``)."""
    return html.unescape(value) if isinstance(value, str) else value


def epoch_to_iso(value: object) -> object:
    """Epoch seconds (int, float or numeric string; milliseconds when above 1e11) → ISO UTC string.

    Numbers below 1e8 (before 1973: more likely ``20240501`` or a count) and anything else are returned
    unchanged, so ISO strings pass through and garbage reaches validation raw (where it is quarantined as
    an unparseable date).
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        if not _NUMBER.fullmatch(value.strip()):
            return value
        number: float = float(value)
    elif isinstance(value, int | float):
        number = float(value)
    else:
        return value
    if abs(number) < 1e8:
        return value  # 8 digits or fewer: a YYYYMMDD date or a count, not an epoch
    if abs(number) >= 1e11:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return str(value)


def join_tags(values: object) -> str | None:
    """A list of tags (strings, or objects with ``name``) → ``;``-joined; a string stays as it is."""
    if values is None or isinstance(values, str):
        return values or None
    if not isinstance(values, list):
        return as_text(values)
    names = [v.get("name") if isinstance(v, dict) else v for v in values]
    return ";".join(str(n) for n in names if n not in (None, "")) or None


def split_tags(value: str | None) -> str | None:
    """Stack Exchange tags, ``<a><b>`` (older dumps) or ``|a|b|`` (newer) → ``a;b``."""
    if not value:
        return None
    parts = re.split(r"[<>|]+", value)
    return ";".join(p for p in parts if p) or None


def norm_name(name: str) -> str:
    """Column name → snake case without accents, for alias matching (``reviewText`` → ``review_text``,
    ``Comentário`` → ``comentario``)."""
    name = unicodedata.normalize("NFKD", str(name).strip())
    name = "".join(c for c in name if not unicodedata.combining(c))
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def detect_columns(
    columns: Iterable[str], aliases: Mapping[str, tuple[str, ...]], mapping: Mapping[str, str]
) -> dict[str, str]:
    """Unified field → source column: the user's ``mapping`` first, then the first column with an alias."""
    found = dict(mapping)
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(norm_name(column), column)
    for field, names in aliases.items():
        if field in found:
            continue
        for alias in names:
            column = by_norm.get(alias)
            if column is not None and column not in found.values():
                found[field] = column
                break
    return found


#: Unified feedback field → the column names it is found under across platforms and languages, most specific
#: first (compared by :func:`norm_name`). A column is taken only when its values fit the field (see
#: :func:`detect_feedback_columns`).
FEEDBACK_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "review_id", "recommendationid", "recommendation_id", "comment_id", "feedback_id", "response_id"),
    "rating": (
        *("rating", "score", "stars", "star_rating", "overall", "review_rating", "review_score", "star", "ratings"),
        *("rate", "bewertung", "sterne", "puntuacion", "valoracion", "estrellas", "valutazione", "nota"),
    ),
    "recommended": (
        *("recommended", "voted_up", "is_recommended", "recommend", "would_recommend", "recommends"),
        *("thumbs_up", "recommendation", "recommandation", "empfehlung", "recomendado"),
    ),
    "text": (
        *("text", "review", "review_text", "reviews", "verified_reviews", "review_body", "review_content"),
        *("content", "body", "comment", "comments", "message", "feedback_text", "feedback", "verbatim"),
        *("customer_feedback", "description", "opinion", "remarks", "response", "answer", "tweet", "post"),
        *("texto", "comentario", "comentarios", "resena", "avis", "commentaire", "commentaires"),
        *("kommentar", "rezension", "bewertungstext", "testo", "commento", "recensione", "opmerking", "recensie"),
    ),
    "created_at": (
        *("date", "created_at", "at", "review_date", "timestamp", "timestamp_created", "unix_review_time"),
        *("review_time", "date_created", "created", "created_date", "posted_at", "published_at", "datum", "fecha"),
    ),
    "title": ("title", "summary", "review_title", "review_headline", "headline", "subject", "titre", "titel"),
    "author": ("author", "user_name", "user", "username", "reviewer_name", "reviewer", "author_name"),
    "customer_id": ("customer_id", "reviewer_id", "user_id", "author_id", "author_steamid", "client_id"),
    "order_id": ("order_id", "order_number", "order_no", "invoice_no", "invoice_id", "invoice_number"),
    "account_id": ("account_id", "account_number", "account_no"),
}

_FLAG_WORDS = frozenset({"true", "false", "yes", "no", "1", "0", "1.0", "0.0"})
_NUMBER_TEXT = r"[+-]?(\d+(\.\d*)?|\.\d+)"


def _given(values: pd.Series) -> pd.Series:
    text = _cells_text(values).str.strip()
    return text[text.notna() & (text != "")]


def is_flag_column(values: pd.Series) -> bool:
    """True when every non-blank value is true/false, yes/no or 1/0 (and there is one): a flag, not a rating."""
    given = _given(values).str.lower()
    return bool(len(given)) and bool(given.isin(_FLAG_WORDS).all()) and not given.isin({"1", "0"}).all()


def _fits(field: str, values: pd.Series) -> bool:
    """Whether a column found by name holds what ``field`` needs."""
    given = _given(values)
    if given.empty:
        return field not in ("text", "rating", "recommended")
    numbers = given.str.fullmatch(_NUMBER_TEXT)
    if field == "rating":
        return bool(numbers.mean() >= 0.5) and not is_flag_column(values)
    if field == "recommended":
        return bool(given.str.lower().isin(_FLAG_WORDS).all())
    if field == "text":
        return bool((numbers | given.str.lower().isin(_FLAG_WORDS)).mean() < 0.5)
    if field == "id":  # a product id repeated on every review of the product is not the review's id
        return bool(given.nunique() >= 0.9 * len(given))
    return True


def _free_text_column(frame: pd.DataFrame, taken: Iterable[str]) -> str | None:
    """The column that reads most like free text (several words, mostly distinct), when no name says so."""
    from voclab.ingest.types import is_identifier

    best, best_length = None, 0.0
    for column in frame.columns:
        if column in PRIVATE or column in taken or is_identifier(str(column)):
            continue
        given = _given(frame[column])
        if len(given) == 0 or not _fits("text", frame[column]):
            continue
        words = given.str.count(r"\s+") + 1
        if words.mean() >= 4 and given.nunique() >= 0.5 * len(given) and given.str.len().mean() > best_length:
            best, best_length = column, float(given.str.len().mean())
    return best


def detect_feedback_columns(
    frame: pd.DataFrame, mapping: Mapping[str, str], aliases: Mapping[str, tuple[str, ...]] = FEEDBACK_ALIASES
) -> dict[str, str]:
    """Unified feedback field → file column: the user's ``mapping`` first, then the first column named by an alias
    whose values fit the field (a rating is mostly numbers and not a true/false flag, a text is mostly not
    numbers, a ``recommended`` flag is true/false, yes/no or 1/0); a true/false column under a rating name is
    taken as ``recommended``; with no text column by name, the column that reads most like free text.

    >>> frame = pd.DataFrame({"rating": ["5", "1"], "feedback": ["1", "0"], "verified_reviews": ["Love it", "Bad"],
    ...                       "voted_up": ["True", "False"]})
    >>> detect_feedback_columns(frame, {})
    {'rating': 'rating', 'recommended': 'voted_up', 'text': 'verified_reviews'}
    """
    columns = [c for c in frame.columns if c not in PRIVATE]
    found = dict(mapping)
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(norm_name(column), column)
    for field, names in aliases.items():
        if field in found:
            continue
        for column in (by_norm.get(alias) for alias in names):
            if column is not None and column not in found.values() and _fits(field, frame[column]):
                found[field] = column
                break
    if "recommended" not in found:
        flags = [by_norm[a] for a in aliases.get("rating", ()) if a in by_norm and is_flag_column(frame[by_norm[a]])]
        if flags and flags[0] not in found.values():
            found["recommended"] = flags[0]
    if "text" not in found and (column := _free_text_column(frame[columns], found.values())) is not None:
        found["text"] = column
    return found


def check_rating_map(frame: pd.DataFrame, mapping: Mapping[str, str], path: Path) -> None:
    """A true/false column mapped as ``rating`` is a :class:`SchemaError` pointing to ``recommended``."""
    column = mapping.get("rating")
    if column is not None and column in frame and is_flag_column(frame[column]):
        raise SchemaError(
            f"column {column!r} holds true/false values, not a rating",
            path=path,
            line=1,
            hint=f"map it as a recommend flag: --map recommended={column}",
        )


def require_columns(
    found: Mapping[str, str],
    needed: Iterable[str],
    path: Path,
    columns: Iterable[str],
) -> None:
    """:class:`SchemaError` when none of the ``needed`` fields was found (``needed`` are alternatives)."""
    needed = list(needed)
    if any(field in found for field in needed):
        return
    have = ", ".join(c for c in columns if c not in PRIVATE)[:300]
    raise SchemaError(
        f"no {' or '.join(needed)} column found",
        path=path,
        line=1,
        hint=f"map one with --map {needed[0]}=COLUMN (the file has: {have})",
    )


# -- sniffing --------------------------------------------------------------------------------------------


def safe_sniff(sniff: Callable[[Sample], bool]) -> Callable[[Sample], bool]:
    """Wrap a sniffer so that odd bytes make it say *no* instead of raising."""

    def guarded(sample: Sample) -> bool:
        try:
            return bool(sniff(sample))
        except Exception:  # a sniffer must never fail the load; the reader reports real errors
            return False

    guarded.__doc__ = sniff.__doc__
    return guarded


def starts_like_json(sample: Sample) -> str:
    """``{`` or ``[`` when the head starts like a JSON document, else ``""``."""
    head = sample.text.lstrip()
    return head[:1] if head[:1] in ("{", "[") else ""


def json_keys(sample: Sample) -> set[str]:
    """Every ``"key":`` in the head (cheap, works on a head cut mid-document)."""
    return set(_KEY.findall(sample.text))
