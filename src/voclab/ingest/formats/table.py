"""Generic tables: CSV, TSV, Excel and Parquet with a column map onto the ``feedback`` table.

The map says which source column holds each unified field, e.g. ``{"text": "review_body", "id": "review_id"}``
(from ``voclab.toml`` or ``--map text=review_body`` on the command line). Without a map, fields are found by the
usual names (``text``, ``review``, ``comment``, ``verified_reviews``, ``rating``, ``stars``, ``date``, ... — see
:data:`voclab.ingest.formats._social.FEEDBACK_ALIASES`) when the column's values fit. Every other column is
kept as an extra column with its natural dtype; a file column named like a field filled from another column is
kept as ``<name>_``.

Encodings: UTF-8 with or without BOM, and cp1252, are detected; quoted fields may hold newlines; blank rows are
dropped and counted.

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "reviews.csv"
>>> _ = p.write_text("review_id,body\\n1,Great\\n\\n2,Slow\\n")
>>> parsed = read(p, {"id": "review_id", "text": "body"})
>>> parsed.frame[["id", "text"]].values.tolist(), parsed.blank_rows
([['1', 'Great'], ['2', 'Slow']], 1)
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError, SchemaError
from voclab.ingest._files import column_names, drop_blank_rows, free_names, read_delimited
from voclab.ingest.formats._social import check_rating_map, detect_feedback_columns, require_columns
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register

__all__ = ["apply_map", "read", "read_any_table"]

_EXCEL = {".xlsx", ".xlsm", ".xls"}


def read_any_table(path: Path, header_rows: int = 1) -> tuple[list[list[str]], pd.DataFrame]:
    """Read CSV/TSV/Excel/Parquet into strings: ``(header records, data frame with _record)``."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        try:
            frame = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several unrelated types
            raise FormatError(f"not a readable Parquet file ({type(exc).__name__})", path=path) from None
        headers = [list(map(str, frame.columns))]
        frame = frame.astype("string").fillna("")
        frame.columns, renamed = column_names(headers[0])
    elif suffix in _EXCEL:
        try:
            grid = pd.read_excel(path, header=None, dtype=str, keep_default_na=False)
        except Exception as exc:  # openpyxl raises several unrelated types
            raise FormatError(
                f"not a readable Excel workbook ({type(exc).__name__})", path=path, hint="save it as .xlsx"
            ) from None
        if len(grid) < header_rows:
            raise FormatError(f"expected {header_rows} header row(s)", path=path, line=len(grid) + 1)
        headers = grid.iloc[:header_rows].astype(str).values.tolist()
        frame = grid.iloc[header_rows:].reset_index(drop=True)
        frame.columns, renamed = column_names(headers[0])
        frame = frame.fillna("")
    else:
        return read_delimited(path, header_rows=header_rows)
    frame["_record"] = range(1, len(frame) + 1)
    frame.attrs["renamed"] = renamed
    return headers, frame


def apply_map(frame: pd.DataFrame, mapping: Mapping[str, str], path: Path) -> pd.DataFrame:
    """Rename source columns to unified field names (``mapping``: field → column).

    A mapped column that is absent, or one column mapped to two fields, is a :class:`SchemaError`. A file column
    that already has the name of a field filled from another column is kept as ``<name>_`` (recorded in
    ``attrs["renamed"]``), never dropped.
    """
    have = ", ".join(c for c in frame.columns if c not in PRIVATE)[:300]
    missing = [col for col in mapping.values() if col not in frame.columns]
    if missing:
        raise SchemaError(
            f"column {missing[0]!r} named in the column map is not in the file",
            path=path,
            line=1,
            hint=f"the file has: {have}",
        )
    sources = list(mapping.values())
    twice = next((col for col in sources if sources.count(col) > 1), None)
    if twice is not None:
        fields = [f for f, col in mapping.items() if col == twice]
        raise SchemaError(
            f"column {twice!r} is mapped to two fields ({', '.join(fields)})",
            path=path,
            line=1,
            hint="map each column to one field",
        )
    clashing = {field for field, col in mapping.items() if col != field and field in frame.columns} - set(sources)
    names, renamed = free_names(list(frame.columns), clashing)
    out = frame.set_axis(names, axis=1).rename(columns={col: field for field, col in mapping.items()})
    out.attrs["renamed"] = {**frame.attrs.get("renamed", {}), **renamed}
    return out


def _sniff(sample: Sample) -> bool:
    return sample.suffix in {".csv", ".tsv", ".txt", ".parquet", *_EXCEL}


@register(
    "table",
    table="feedback",
    description="generic CSV/TSV/Excel/Parquet mapped onto feedback with --map FIELD=COLUMN",
    sniff=_sniff,
    priority=0,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    _, frame = read_any_table(path)
    frame, blank = drop_blank_rows(frame)
    columns = [c for c in frame.columns if c not in PRIVATE]
    check_rating_map(frame, mapping, path)
    found = detect_feedback_columns(frame, mapping)
    require_columns(found, ["text", "rating", "recommended"], path, columns)
    frame = apply_map(frame, found, path)
    if "id" not in frame:
        frame["id"] = frame["_record"].astype(str)  # no id column: the record number identifies the row
        frame.attrs["ids_are_records"] = True  # a file read in blocks moves them to the file's numbering
    return Parsed("feedback", frame, blank_rows=blank)
