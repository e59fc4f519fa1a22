"""App and product reviews (a rating, a text, a date) into the ``feedback`` table.

CSV, TSV, Excel, Parquet, JSON (a list of reviews, or an object holding one under ``reviews``/``data``/
``items``/``results``) and NDJSON. Columns are found by their usual names — Google Play (``reviewId``,
``userName``, ``content``, ``score``, ``at``), the App Store (``title``, ``review``, ``rating``, ``date``),
Amazon (``review_body``, ``star_rating``, ``review_headline``; ``reviewText``, ``overall``,
``unixReviewTime``) and plain ``id, rating, text, date`` — and a column map overrides any of them
(``--map text=body --map rating=stars``). Ratings outside 1–5 are quarantined; epoch-second dates become
ISO; every other column (app, product, version, ...) is kept as an extra column.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "play.csv"
>>> _ = p.write_text("reviewId,userName,content,score,at\\nr1,Ana,Crashes on login,1,2024-05-01 10:00:00\\n")
>>> read(p, {}).frame[["id", "author", "text", "rating", "created_at"]].values.tolist()
[['r1', 'Ana', 'Crashes on login', '1', '2024-05-01 10:00:00']]
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats._social import (
    WrongShape,
    as_id,
    as_text,
    detect_columns,
    epoch_to_iso,
    feedback_frame,
    json_keys,
    norm_name,
    parse_documents,
    records_frame,
    require_columns,
    safe_sniff,
    select_fields,
    starts_like_json,
)
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["ALIASES", "read"]

#: Unified field → column names it is found under (compared in snake case: ``reviewText`` = ``review_text``).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "review_id"),
    "rating": ("rating", "score", "stars", "star_rating", "overall", "review_rating"),
    "text": ("text", "review", "content", "body", "review_body", "review_text", "comment"),
    "created_at": ("date", "created_at", "at", "review_date", "timestamp", "unix_review_time", "review_time"),
    "title": ("title", "summary", "review_title", "review_headline", "headline"),
    "author": ("author", "user_name", "user", "username", "reviewer_name", "reviewer"),
    "customer_id": ("customer_id", "reviewer_id", "user_id"),
}
_LISTS = ("reviews", "data", "items", "results", "records")
_JSON_SUFFIXES = {".json", ".ndjson", ".jsonl"}
_EXCEL = {".xlsx", ".xlsm", ".xls"}
_HINT = "expected a JSON list of review objects (or NDJSON, one review per line)"


def _records(value: Any, first: int) -> list[dict[str, Any]]:
    """Review objects in one JSON document, numbered from ``first``; nested values become JSON text."""
    if isinstance(value, dict):
        found = next((value[key] for key in _LISTS if isinstance(value.get(key), list)), None)
        value = found if found is not None else [value]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise WrongShape("expected review objects")
    return [
        {
            **{k: v if not isinstance(v, dict | list) else as_text(v) for k, v in item.items()},
            "_record": number,
        }
        for number, item in enumerate(value, start=first)
    ]


def _read_json(path: Path) -> tuple[pd.DataFrame, int]:
    rows, blank = parse_documents(path, _records, "a reviews file", _HINT)
    # quarantined lines must not bring an ``id`` column of their own (it would shadow ``reviewId``)
    rows = [{k: v for k, v in row.items() if k != "id"} if "_reason" in row else row for row in rows]
    return records_frame(rows), blank


def _is_json(path: Path) -> bool:
    if path.suffix.lower() in _JSON_SUFFIXES:
        return True
    with open(path, "rb") as fh:
        head = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def _load(path: Path) -> tuple[pd.DataFrame, int]:
    if _is_json(path):
        frame, blank = _read_json(path)
    else:
        _, frame = read_any_table(path)
        blank = 0
    frame, dropped = drop_blank_rows(frame)
    return frame, blank + dropped


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    """Ids as exact strings, epoch dates as ISO."""
    for column in ("id", "customer_id"):
        if column in frame:
            frame[column] = frame[column].map(as_id).astype(object)
    if "created_at" in frame:
        frame["created_at"] = frame["created_at"].map(epoch_to_iso).astype(object)
    if "id" not in frame:
        frame["id"] = frame["_record"].astype("string")  # no id column: the record number identifies it
    if "rating" not in frame:
        frame["rating"] = None  # the 1–5 range check needs the column
    return frame


def _header(sample: Sample) -> set[str]:
    """The column names (or JSON keys) a sniffer can see, in snake case."""
    if starts_like_json(sample):
        names: list[str] = list(json_keys(sample))
    elif sample.suffix in _EXCEL:
        names = [str(c) for c in pd.read_excel(sample.path, nrows=0).columns]
    elif sample.suffix == ".parquet":
        names = pq.read_schema(sample.path).names
    else:
        line = sample.first_line
        names = next(csv.reader([line], delimiter="\t" if line.count("\t") > line.count(",") else ","))
    return {norm_name(n) for n in names}


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """A table or JSON with a rating-like and a text-like column."""
    header = _header(sample)
    return bool(header & set(ALIASES["rating"])) and bool(header & set(ALIASES["text"]))


@register(
    "reviews",
    table="feedback",
    description="reviews export (rating + text + date; CSV/TSV/Excel/JSON/NDJSON)",
    sniff=_sniff,
    priority=45,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    frame, blank = _load(path)
    columns = [c for c in frame.columns if not c.startswith("_")]
    if frame.empty and not columns:
        return Parsed("feedback", feedback_frame([]), blank_rows=blank)  # an empty JSON list
    found = detect_columns(columns, ALIASES, mapping)
    require_columns(found, ["text", "rating"], path, columns)
    frame = _normalise(apply_map(frame, found, path))
    frame = select_fields(frame, None, channel="review", doc_type="review")
    return Parsed("feedback", frame, blank_rows=blank, ranges={"rating": (1, 5)})
