"""App and product reviews (a rating, a text, a date) into the ``feedback`` table.

CSV, TSV, Excel, Parquet, JSON (a list of reviews, or an object holding one under ``reviews``/``data``/
``items``/``results``) and NDJSON. Columns are found by their usual names across platforms and languages
(:data:`ALIASES`) — Google Play (``reviewId``, ``userName``, ``content``, ``score``, ``at``), the App Store
(``title``, ``review``, ``rating``, ``date``), Amazon (``review_body``, ``star_rating``, ``review_headline``;
``reviewText``, ``overall``, ``unixReviewTime``; ``verified_reviews``), Steam (``recommendationid``,
``review``, ``voted_up``, ``timestamp_created``) and plain ``id, rating, text, date`` — when their values fit
(a rating is numbers, a text is not); a column map overrides any of them (``--map text=body --map
rating=stars``). A true/false column such as Steam's ``voted_up`` is the ``recommended`` flag, never a rating.
A reviews file must have a text column: without one it is an error naming the columns it has (never a table
of empty texts). Ratings outside 1–5 are quarantined; epoch dates become ISO; every other column (app,
product, version, ...) is kept as an extra column.

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
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats._social import (
    FEEDBACK_ALIASES,
    WrongShape,
    as_id,
    as_text,
    check_rating_map,
    detect_feedback_columns,
    epoch_to_iso,
    feedback_frame,
    norm_name,
    parse_documents,
    records_frame,
    require_columns,
    safe_sniff,
    select_fields,
    starts_like_json,
)
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register

__all__ = ["ALIASES", "read"]

#: Unified field → column names it is found under (see :data:`._social.FEEDBACK_ALIASES`).
ALIASES = FEEDBACK_ALIASES
_LISTS = ("reviews", "data", "items", "results", "records")
_LIST_START = re.compile(r'^\[\s*\{|"(?:' + "|".join(_LISTS) + r')"\s*:\s*\[\s*\{')
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
        frame.attrs["ids_are_records"] = True  # a file read in blocks moves them to the file's numbering
    if "rating" not in frame:
        frame["rating"] = None  # the 1–5 range check needs the column
    return frame


def _first_record_keys(sample: Sample) -> list[str]:
    """The keys of the first review-like object in the head: the first line of NDJSON, the first item of a
    list (top level or under ``reviews``/``data``/...), or a lone object (keys nested deeper do not count)."""
    text = sample.text.lstrip()
    decoder = json.JSONDecoder()
    try:
        value, _ = decoder.raw_decode(text.split("\n", 1)[0])
    except ValueError:
        start = _LIST_START.search(text)
        if start is None:
            return []
        value, _ = decoder.raw_decode(text, start.end() - 1)
    if isinstance(value, dict):
        inner = next((value[k] for k in _LISTS if isinstance(value.get(k), list) and value[k]), None)
        value = inner[0] if inner is not None else value
    if isinstance(value, list):
        value = value[0] if value else {}
    return list(value) if isinstance(value, dict) else []


def _header(sample: Sample) -> set[str]:
    """The column names (or the first record's JSON keys) a sniffer can see, in snake case."""
    if starts_like_json(sample):
        names: list[str] = _first_record_keys(sample)
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
    """A table or JSON with a text-like column and a rating-like or recommend-like one."""
    header = _header(sample)
    scored = set(ALIASES["rating"]) | set(ALIASES["recommended"])
    return bool(header & scored) and bool(header & set(ALIASES["text"]))


@register(
    "reviews",
    table="feedback",
    description="reviews export (text + rating or recommend flag + date; CSV/TSV/Excel/JSON/NDJSON)",
    sniff=_sniff,
    priority=45,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    frame, blank = _load(path)
    columns = [c for c in frame.columns if c not in PRIVATE]
    if frame.empty and not columns:
        return Parsed("feedback", feedback_frame([]), blank_rows=blank)  # an empty JSON list
    check_rating_map(frame, mapping, path)
    found = detect_feedback_columns(frame, mapping)
    require_columns(found, ["text"], path, columns)
    frame = _normalise(apply_map(frame, found, path))
    frame = select_fields(frame, None, channel="review", doc_type="review")
    return Parsed("feedback", frame, blank_rows=blank, ranges={"rating": (1, 5)})
