"""Generic tables: CSV, TSV, Excel and Parquet with a column map onto the ``feedback`` table.

The map says which source column holds each unified field, e.g. ``{"text": "review_body", "id": "review_id"}``
(from ``voclab.toml`` or ``--map text=review_body`` on the command line). Columns already named like a unified
field need no map entry. Unmapped columns are kept as extra columns.

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

from voclab import schema
from voclab.exceptions import FormatError, SchemaError
from voclab.ingest._files import drop_blank_rows, read_delimited
from voclab.ingest.registry import Parsed, Sample, register

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
        frame.columns = headers[0]
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
        frame.columns = [str(c) if str(c).strip() else f"column_{i + 1}" for i, c in enumerate(headers[0])]
        frame = frame.fillna("")
    else:
        return read_delimited(path, header_rows=header_rows)
    frame["_record"] = range(1, len(frame) + 1)
    return headers, frame


def apply_map(frame: pd.DataFrame, mapping: Mapping[str, str], path: Path) -> pd.DataFrame:
    """Rename source columns to unified field names; a mapped column that is absent is a SchemaError."""
    missing = [col for col in mapping.values() if col not in frame.columns]
    if missing:
        raise SchemaError(
            f"column {missing[0]!r} named in the column map is not in the file",
            path=path,
            line=1,
            hint=f"the file has: {', '.join(c for c in frame.columns if c != '_record')[:300]}",
        )
    renamed = frame.rename(columns={src: field for field, src in mapping.items()})
    return renamed.loc[:, ~renamed.columns.duplicated()]


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
    frame = apply_map(frame, mapping, path)
    if "id" not in frame:
        frame["id"] = frame["_record"].astype(str)  # no id column: the record number identifies the row
    if "text" not in frame and "rating" not in frame:
        fields = ", ".join(c for c in schema.FEEDBACK if c != "source")
        raise SchemaError(
            "no text or rating column found",
            path=path,
            line=1,
            hint=f"map one with --map text=COLUMN (unified fields: {fields})",
        )
    return Parsed("feedback", frame, blank_rows=blank)
