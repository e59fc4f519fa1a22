"""Large text files in blocks: CSV/TSV and NDJSON cut at record boundaries and read a block at a time by the
same reader and validation as a small file, so memory stays bounded by a block whatever the file's size.

:func:`split` streams the file once (bytes, a line at a time) and writes each block of :data:`BLOCK_ROWS`
records to a UTF-8 file of its own — the header record first for a delimited file. A record ends at a line
end outside double quotes (an even count of ``"`` so far: RFC 4180 doubles a quote inside a quoted field), so a
quoted field may hold newlines; a stray quote only makes a block longer, and an unbalanced one is reported by
the reader like in a small file. :func:`parse_blocks` then runs :func:`voclab.ingest.parse` on each block and
moves what it reports back to the file's own numbering: the ``_record`` of a quarantined row, and the line of
an error or of a malformed row.

Exact duplicates across blocks are dropped and counted like within one (same id, same content); an id seen in
an earlier block with other content is quarantined, and :attr:`Repeats.clashed` names it so that the caller
takes the copy an earlier block kept back out (validation quarantines every copy of such an id). Ids and
contents are remembered as 64-bit hashes (16 bytes a row).

Example
-------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "big.csv").write_text('id,text\\n1,"two\\nlines"\\n2,b\\n3,c\\n')
>>> blocks = list(split(folder / "big.csv", folder / "blocks", rows=2))
>>> [(b.first_line, b.path.read_text().splitlines()) for b in blocks]
[(2, ['id,text', '1,"two', 'lines"', '2,b']), (5, ['id,text', '3,c'])]
"""

from __future__ import annotations

import codecs
import json
import re
import tempfile
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from voclab import exceptions
from voclab.exceptions import FormatError, VoclabError
from voclab.ingest.dates import DateFormatError
from voclab.ingest.validate import Validated

__all__ = ["BLOCK_ROWS", "CLASH", "Block", "Repeats", "header_records", "parse_blocks", "split", "starts_utf16"]

#: Records per block: some 100–300 MB of memory while a block of short texts is read and validated.
BLOCK_ROWS = 250_000

_HEADER = {".csv": 1, ".tsv": 1, ".txt": 1, ".ndjson": 0, ".jsonl": 0}
_LINE = re.compile(r"\bline (\d+)")
#: The reason a row whose id another row holds with other content is quarantined (as :mod:`validate` gives it).
CLASH = "duplicate id with different content"


@dataclass(frozen=True)
class Block:
    """One block of a large file: ``path`` (UTF-8: the header over ``header_lines`` lines, then its records)
    and ``first_line`` (the file line its first record starts on)."""

    number: int
    path: Path
    first_line: int
    header_lines: int

    def file_line(self, line: int) -> int:
        """The file's line for ``line`` of the block file (a data line)."""
        return self.first_line + line - 1 - self.header_lines


def header_records(path: str | Path) -> int | None:
    """How many header records precede the data in a file that can be read in blocks (1 for CSV/TSV, 0 for
    NDJSON), or ``None`` when the format cannot be cut into blocks (a JSON document, Excel, Parquet…)."""
    return _HEADER.get(Path(path).suffix.lower())


def starts_utf16(path: str | Path) -> bool:
    """Whether the file begins with a UTF-16 byte-order mark (such a file is read whole, not in blocks)."""
    with open(path, "rb") as fh:
        return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")


def _encoding(path: Path) -> str:
    """UTF-8 (BOM stripped) when the whole file decodes as UTF-8, else cp1252 — as :func:`read_text` decides
    for a small file, but streamed."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        try:
            while chunk := fh.read(1 << 22):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def _records(fh, first_line: int) -> Iterator[tuple[bytes, int]]:
    """``(record bytes, line it starts on)`` for each record, a record ending at a line end outside quotes."""
    record, start, quotes, line = b"", first_line, 0, first_line
    for raw in fh:
        if not record:
            start = line
        record += raw
        quotes += raw.count(b'"')
        line += 1
        if quotes % 2 == 0:
            yield record, start
            record, quotes = b"", 0
    if record:  # an unclosed quote at the end: the reader reports it
        yield record, start


def split(path: str | Path, folder: str | Path, *, rows: int = BLOCK_ROWS) -> Iterator[Block]:
    """Cut ``path`` into blocks of ``rows`` records written under ``folder`` (one file per block, in order; an
    NDJSON block may run on past ``rows`` until a line that parses)."""
    path, folder = Path(path), Path(folder)
    header_count = header_records(path)
    if header_count is None:
        raise FormatError("this format cannot be read in blocks", path=path, hint="use CSV, TSV or NDJSON")
    if starts_utf16(path):
        raise FormatError("UTF-16 text cannot be read in blocks", path=path, hint="re-save the file as UTF-8")
    folder.mkdir(parents=True, exist_ok=True)
    encoding = _encoding(path)
    number, header, body, first_line = 0, b"", [], 1
    with open(path, "rb") as fh:
        records = _records(fh, 1)
        for _ in range(header_count):
            header += next(records, (b"", 1))[0]
        if header and not header.endswith(b"\n"):
            header += b"\n"
        for record, line in records:
            if len(body) >= rows and (header_count or _json_line(record)):
                yield _write(folder, path, number, encoding, header, body, first_line)
                number, body = number + 1, []
            if not body:
                first_line = line
            body.append(record)
    if body or number == 0:
        yield _write(folder, path, number, encoding, header, body, first_line)


def _json_line(record: bytes) -> bool:
    """Whether an NDJSON line is a JSON value: a block starts on one (a reader takes a broken first line for a
    file in another format; inside a block it is a quarantined row, as in the whole file)."""
    try:
        json.loads(record)
    except ValueError:
        return False
    return True


def _write(
    folder: Path, path: Path, number: int, encoding: str, header: bytes, body: list[bytes], first_line: int
) -> Block:
    target = folder / f"block-{number:05d}{path.suffix}"
    try:
        text = (header + b"".join(body)).decode(encoding)
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined: the message read_text gives a small file
        raise FormatError(
            "text is neither UTF-8 nor cp1252", path=path, line=first_line, hint="re-save the file as UTF-8"
        ) from None
    target.write_text(text, encoding="utf-8")
    return Block(number, target, first_line, header_lines=header.count(b"\n"))


def parse_blocks(
    path: str | Path,
    kind: str,
    mapping: Mapping[str, str],
    source: str,
    folder: str | Path,
    *,
    date_format: str | None = None,
    rows: int | None = None,
    repeats: Repeats | None = None,
    client: object | None = None,
) -> Iterator[Validated]:
    """Each block of ``path`` read by ``kind``'s reader and validated (:func:`voclab.ingest.parse`), in the
    file's numbering, without the rows earlier blocks already hold (see the module docstring); a block's file
    is removed once read; ``rows`` records a block (default :data:`BLOCK_ROWS`); ``repeats`` remembers the
    ids across blocks (pass one to read :attr:`Repeats.clashed` afterwards). With a ``distributed`` ``client``
    the blocks are read in parallel on its workers (two per worker in flight; the block's text travels, so a
    remote cluster needs no shared disk) and taken in file order. Any error names ``path`` and the file's
    line."""
    path = Path(path)
    seen, numbered = repeats or Repeats(), 0  # records the reader numbered in earlier blocks (a table's ``_record``)
    layout = None  # the date layout the first block that settles one settles for the blocks that read both ways
    waiting: list[tuple[Block, str, _Failure]] = []  # blocks whose dates read both ways, until a block settles it
    options = (kind, dict(mapping), source, date_format)
    for block, outcome, text in _outcomes(split(path, folder, rows=rows or BLOCK_ROWS), options, client):
        if _ambiguous(outcome) and layout is None:
            waiting.append((block, text, outcome))
            continue
        if _ambiguous(outcome):
            outcome = _read_text(text, block.path.name, *options, layout)
        ready = [(block, outcome)]
        if isinstance(outcome, Validated) and outcome.date_format and layout is None:
            layout = outcome.date_format
            ready = [(held, _read_text(held_text, held.path.name, *options, layout)) for held, held_text, _ in waiting]
            ready.append((block, outcome))
            waiting.clear()
        for done, result in ready:
            if isinstance(result, _Failure):
                _raise(result, done, path)
            yield seen.drop_repeats(_renumbered(result, done, numbered))
            unnumbered = result.quarantine.get("_record", pd.Series(dtype="Int64")).isna().sum()  # malformed rows
            numbered += result.rows_read - int(unnumbered)
    if waiting:  # no block settled the dates: the whole file reads both ways too
        _raise(waiting[0][2], waiting[0][0], path)


def _ambiguous(outcome: Validated | _Failure) -> bool:
    """Whether a block failed only because its dates read both day-first and month-first."""
    return isinstance(outcome, _Failure) and outcome.kind == DateFormatError.__name__


def _raise(failure: _Failure, block: Block, path: Path) -> None:
    """A block's failure raised as its error class, naming ``path`` and the file's line."""
    line = block.file_line(failure.line) if failure.line and failure.line > block.header_lines else failure.line
    error = DateFormatError if _ambiguous(failure) else getattr(exceptions, failure.kind, VoclabError)
    raise error(failure.message, path=path, line=line, column=failure.column, hint=failure.hint)


@dataclass(frozen=True)
class _Failure:
    """A block's :class:`VoclabError` as plain values (it crosses process boundaries)."""

    kind: str
    message: str
    line: int | None
    column: int | None
    hint: str | None


def _outcomes(
    blocks: Iterator[Block], options: tuple, client
) -> Iterator[tuple[Block, Validated | _Failure, str | None]]:
    """Each block, its outcome and, when its dates read both ways, its text (to read again once the file's date
    layout is settled)."""
    if client is None:
        for block in blocks:
            try:
                outcome = _read_block(block.path, *options)
                yield block, outcome, block.path.read_text(encoding="utf-8") if _ambiguous(outcome) else None
            finally:
                block.path.unlink(missing_ok=True)
        return
    window: deque = deque()
    in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    for block in blocks:
        text = block.path.read_text(encoding="utf-8")
        block.path.unlink()
        window.append((block, text, client.submit(_read_text, text, block.path.name, *options, pure=False)))
        if len(window) >= in_flight:
            done, done_text, future = window.popleft()
            outcome = future.result()
            yield done, outcome, done_text if _ambiguous(outcome) else None
    while window:
        done, done_text, future = window.popleft()
        outcome = future.result()
        yield done, outcome, done_text if _ambiguous(outcome) else None


def _read_block(
    path: Path, kind: str, mapping: dict, source: str, date_format: str | None, settled_format: str | None = None
) -> Validated | _Failure:
    from voclab.ingest.api import parse

    try:
        return parse(path, kind, mapping, source, date_format=date_format, settled_format=settled_format)[1]
    except VoclabError as exc:
        return _Failure(type(exc).__name__, str(exc.message), exc.line, exc.column, exc.hint)


def _read_text(text: str, name: str, *options) -> Validated | _Failure:
    """:func:`_read_block` on a Dask worker: the block's text written to the worker's own temporary file."""
    with tempfile.TemporaryDirectory(prefix="voclab-block-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        return _read_block(path, *options)


def _renumbered(result: Validated, block: Block, numbered: int) -> Validated:
    """``_record`` (a table's record number after ``numbered`` earlier records; a line-based format's line), the
    ids that are record numbers (a file without an id column) and the lines named in reasons moved from the
    block's numbering to the file's."""

    def in_file(records: pd.Series) -> pd.Series:
        records = pd.to_numeric(records, errors="coerce").astype("Int64")
        return records + numbered if block.header_lines else block.file_line(records)

    kept, quarantine = result.kept, result.quarantine
    if result.ids_are_records and not kept.empty:
        kept = kept.assign(id=in_file(kept["id"]).astype(kept["id"].dtype))
    if quarantine.empty:
        return replace(result, kept=kept)
    quarantine = quarantine.copy()
    if "_record" in quarantine:
        quarantine["_record"] = in_file(quarantine["_record"])
    if result.ids_are_records and "id" in quarantine:
        quarantine["id"] = in_file(quarantine["id"]).astype("string")
    quarantine["reason"] = (
        quarantine["reason"]
        .astype("string")
        .str.replace(_LINE, lambda m: f"line {block.file_line(int(m.group(1)))}", regex=True)
    )
    return replace(result, kept=kept, quarantine=quarantine)


class Repeats:
    """Ids and contents of the rows kept so far, as sorted 64-bit hashes; ``clashed``: the ids a later block
    held with other content (their copies in earlier blocks are still kept)."""

    def __init__(self) -> None:
        self.ids = np.empty(0, dtype=np.uint64)
        self.rows = np.empty(0, dtype=np.uint64)
        self.clashed: set[str] = set()

    def drop_repeats(self, result: Validated) -> Validated:
        kept = result.kept
        if kept.empty or "id" not in kept:
            return result
        ids = pd.util.hash_pandas_object(kept["id"], index=False).to_numpy()
        content = kept.drop(columns="source", errors="ignore").astype("string")  # the same in every block
        rows = pd.util.hash_pandas_object(content, index=False).to_numpy()
        again = _member(ids, self.ids)
        exact = again & _member(rows, self.rows)
        clash = again & ~exact
        if again.any():
            moved = kept.loc[clash].astype("string").assign(reason=CLASH)
            self.clashed.update(kept.loc[clash, "id"].astype(str))
            quarantine = pd.concat([result.quarantine, moved[["reason", *kept.columns]]], ignore_index=True)
            result = replace(
                result,
                kept=kept.loc[~again].reset_index(drop=True),
                quarantine=quarantine,
                kept_records=result.kept_records - int(again.sum()),
                quarantined=result.quarantined + int(clash.sum()),
                duplicates=result.duplicates + int(exact.sum()),
            )
            ids, rows = ids[~again], rows[~again]
        self.ids = np.sort(np.concatenate([self.ids, ids]), kind="stable")
        self.rows = np.sort(np.concatenate([self.rows, rows]), kind="stable")
        return result


def _member(values: np.ndarray, sorted_seen: np.ndarray) -> np.ndarray:
    if not len(sorted_seen):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_seen, values), len(sorted_seen) - 1)
    return sorted_seen[at] == values
