"""The classic tweet CSV (the "Twitter US Airline Sentiment" layout) into the ``feedback`` table.

Columns ``tweet_id, airline_sentiment, ..., name, ..., text, tweet_coord, tweet_created, ...``: ids are read
as text (18 digits survive exactly), ``tweet_created`` (``2015-02-24 11:35:52 -0800``) is rewritten as ISO
8601 with its offset, and ``text`` is kept raw except that HTML entities (``&amp;``) are decoded — mentions,
emoji and embedded newlines stay. ``airline``, ``airline_sentiment`` and ``negativereason`` are kept as extra
columns. A column map (``--map author=screen_name``) overrides the default columns.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tweets.csv"
>>> _ = p.write_text("tweet_id,name,text,tweet_created\\n"
...                  "570306133677760513,cairdin,A &amp; B,2015-02-24 11:35:52 -0800\\n")
>>> read(p, {}).frame[["id", "author", "text", "created_at"]].values.tolist()
[['570306133677760513', 'cairdin', 'A & B', '2015-02-24T11:35:52-0800']]
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats._social import (
    detect_columns,
    norm_name,
    require_columns,
    safe_sniff,
    select_fields,
    unescape,
)
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_COLUMNS = {"id": ("tweet_id",), "author": ("name",), "text": ("text",), "created_at": ("tweet_created",)}
_EXTRAS = ("airline", "airline_sentiment", "negativereason")
_SPACED_OFFSET = r"^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) ?([+-]\d{2}:?\d{2})$"


def _iso(values: pd.Series) -> pd.Series:
    """``2015-02-24 11:35:52 -0800`` → ``2015-02-24T11:35:52-0800`` (fast ISO parsing); others unchanged."""
    return values.astype("string").str.strip().str.replace(_SPACED_OFFSET, r"\1T\2\3", regex=True)


def _unescape(values: pd.Series) -> pd.Series:
    """Decode HTML entities (the tweet API escaped ``&``, ``<`` and ``>``); nothing else changes."""
    return values.astype("string").map(unescape, na_action="ignore").astype("string")


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """A delimited header with ``tweet_id`` and ``text``."""
    delimiter = "\t" if sample.first_line.count("\t") > sample.first_line.count(",") else ","
    header = {norm_name(c) for c in next(csv.reader([sample.first_line], delimiter=delimiter))}
    return {"tweet_id", "text"} <= header


@register(
    "tweets",
    table="feedback",
    description="classic tweet CSV (tweet_id, name, text, tweet_created, ...)",
    sniff=_sniff,
    priority=60,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    _, frame = read_any_table(path)
    frame, blank = drop_blank_rows(frame)
    found = detect_columns(frame.columns, _COLUMNS, mapping)
    for field in ("id", "text"):
        require_columns(found, [field], path, frame.columns)
    frame = apply_map(frame, found, path)
    frame["text"] = _unescape(frame["text"])
    if "created_at" in frame:
        frame["created_at"] = _iso(frame["created_at"])
    frame = select_fields(frame, _EXTRAS, channel="social", doc_type="tweet")
    return Parsed("feedback", frame, blank_rows=blank)
