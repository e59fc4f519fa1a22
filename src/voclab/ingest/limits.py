"""Input limits: a small file may not cost a huge amount of memory or time (zip bombs and their cousins).

Checked before a reader opens the file, from what the file says about itself, never by reading it whole:

* ``max_file_mb`` — the file's size on disk (a sparse 2 GB file is refused before one byte is read);
* ``max_uncompressed_mb`` — the summed uncompressed size of the members of a zip container (``.xlsx``,
  ``.xlsm``, ``.zip``), from its directory;
* ``max_cells`` — rows × columns of a Parquet file, and ``max_uncompressed_mb`` for its row groups, from its
  footer;
* ``max_columns`` — columns in the header line of a delimited text file;
* ``max_line_kb`` — the longest line of a text file (read in 1 MB blocks).

Exceeding one is a :class:`~voclab.exceptions.FormatError` naming the limit, the value found, and the
``[limits]`` key in ``voclab.toml`` that raises it.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "wide.csv"
>>> _ = p.write_text(",".join(f"c{i}" for i in range(50)) + "\\n")
>>> check_limits(p, Limits(max_columns=20))
Traceback (most recent call last):
voclab.exceptions.FormatError: ...wide.csv: 50 columns in the header, over the limit of 20 — fix: ...
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from voclab.config import Limits
from voclab.exceptions import FormatError

__all__ = ["Limits", "check_limits"]

_MB = 1 << 20
_ZIPS = {".xlsx", ".xlsm", ".zip"}
_TEXT = {".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".xml"}
_BLOCK = 1 << 20


def _refuse(path: Path, found: str, limit: str, key: str) -> FormatError:
    return FormatError(
        f"{found}, over the limit of {limit}",
        path=path,
        hint=f"if the file is genuine, raise {key} under [limits] in voclab.toml",
    )


def check_limits(path: str | Path, limits: Limits | None = None) -> None:
    """Raise :class:`FormatError` if ``path`` exceeds one of ``limits`` (see the module docstring)."""
    path, limits = Path(path), limits or Limits()
    size = path.stat().st_size
    if size > limits.max_file_mb * _MB:
        raise _refuse(path, f"{size / _MB:,.0f} MB on disk", f"{limits.max_file_mb:,.0f} MB", "max_file_mb")
    suffix = path.suffix.lower()
    if suffix in _ZIPS and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > limits.max_uncompressed_mb * _MB:
            found = f"{unpacked / _MB:,.0f} MB once unpacked"
            raise _refuse(path, found, f"{limits.max_uncompressed_mb:,.0f} MB", "max_uncompressed_mb")
    elif suffix == ".parquet":
        _check_parquet(path, limits)
    elif suffix in _TEXT:
        _check_lines(path, limits)


def _check_parquet(path: Path, limits: Limits) -> None:
    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # not Parquet: the reader says so in its own words
        return
    cells = meta.num_rows * meta.num_columns
    if cells > limits.max_cells:
        found = f"{meta.num_rows:,} rows × {meta.num_columns:,} columns"
        raise _refuse(path, found, f"{limits.max_cells:,} cells", "max_cells")
    unpacked = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if unpacked > limits.max_uncompressed_mb * _MB:
        found = f"{unpacked / _MB:,.0f} MB once unpacked"
        raise _refuse(path, found, f"{limits.max_uncompressed_mb:,.0f} MB", "max_uncompressed_mb")


def _check_lines(path: Path, limits: Limits) -> None:
    """Header width and the longest line, in one pass over 1 MB blocks (bounded memory)."""
    max_line = int(limits.max_line_kb * 1024)
    header: bytes | None = b""  # the first line while it is being read; None once checked
    carry, lines_before = 0, 0  # length of the unfinished line at the end of the previous block
    with open(path, "rb") as fh:
        while block := fh.read(_BLOCK):
            lines = block.split(b"\n")
            if header is not None:
                header += lines[0][: max_line + 1]
                if len(lines) > 1:
                    _check_header(path, header, limits)
                    header = None
            ends = [carry + len(lines[0]), *map(len, lines[1:])]
            if max(ends) > max_line:
                line = lines_before + next(i for i, n in enumerate(ends) if n > max_line) + 1
                found = f"line {line:,} is longer than {limits.max_line_kb:,.0f} KB"
                raise _refuse(path, found, f"{limits.max_line_kb:,.0f} KB", "max_line_kb")
            carry = ends[-1]
            lines_before += len(lines) - 1
    if header:
        _check_header(path, header, limits)


def _check_header(path: Path, line: bytes, limits: Limits) -> None:
    if path.suffix.lower() not in {".csv", ".tsv", ".txt"}:
        return
    columns = 1 + max(line.count(sep) for sep in (b",", b"\t", b";", b"|"))
    if columns > limits.max_columns:
        raise _refuse(path, f"{columns:,} columns in the header", f"{limits.max_columns:,}", "max_columns")
