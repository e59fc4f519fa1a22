"""The registry of input formats: one reader per ``kind``, each in its own module.

A reader turns one file into a :class:`Parsed` (raw values already mapped onto a unified table's column
names); :mod:`voclab.ingest.validate` then coerces dtypes and quarantines bad rows, the same way for every
format. Readers register themselves with :func:`register`; ``kind="auto"`` asks each reader's ``sniff``
in priority order (highest first).

Example
-------
>>> from voclab.ingest.registry import kinds
>>> {"qualtrics", "surveymonkey", "spss", "tweets"} <= set(kinds())
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError

__all__ = ["PRIVATE", "Parsed", "Reader", "Sample", "get", "kinds", "register", "sniff"]

#: Columns readers add for validation (record number, quarantine reason, raw text);
#: a file's own column with one of these names is renamed on reading (see :func:`voclab.ingest._files.free_names`).
PRIVATE = frozenset({"_record", "_reason", "_raw"})

#: How many bytes of a file ``sniff`` functions see.
SNIFF_BYTES = 64 * 1024


@dataclass
class Parsed:
    """What a reader returns.

    Attributes
    ----------
    table:
        ``feedback``, ``responses`` or ``behaviour``.
    frame:
        One row per record, columns named as in :mod:`voclab.schema` (raw values; strings are fine) plus
        any extra columns (for ``responses``: the question columns). A ``_record`` column (1-based record
        number in the file, or ``line`` where the format has lines) is used in quarantine reasons. A
        ``_reason`` column, where not missing, quarantines its row with that reason (for problems only the
        reader can see, such as an unparseable NDJSON line).
    questions:
        The question catalogue, for surveys.
    blank_rows:
        Records that were entirely empty and were dropped (reported, not quarantined).
    skipped_rows:
        Records read but deliberately not kept, e.g. a header line repeated inside the file or a Stack
        Exchange tag-wiki post (reported, not quarantined).
    renamed:
        File column → stored column, for the file's own columns renamed because their name is one voclab
        uses itself (``source``, a unified field filled from another column, a private ``_record``).
    record_level:
        Counts are in records of the file, not rows of ``frame``: a wide file melted to several rows per
        record (rows of one record share ``_record``, and are kept or quarantined together).
    duplicates:
        Exact duplicate records the reader dropped itself (wide files, before melting).
    records:
        With ``record_level``, how many records ``frame`` holds (counted by the reader as it read them).
    ranges:
        ``{column: (low, high)}``: numeric values outside are quarantined (e.g. ``{"rating": (1, 5)}``).
    required:
        Columns that must be present and non-empty (defaults per table in ``validate``).
    numeric:
        Extra columns (e.g. survey questions) to store as numbers; a value that is not a number
        quarantines its row.
    """

    table: str
    frame: pd.DataFrame
    questions: pd.DataFrame | None = None
    blank_rows: int = 0
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    required: tuple[str, ...] | None = None
    numeric: tuple[str, ...] = ()
    skipped_rows: int = 0
    renamed: dict[str, str] = field(default_factory=dict)
    record_level: bool = False
    duplicates: int = 0
    records: int | None = None

    @property
    def rows_read(self) -> int:
        """Records the reader read: those it returns (``records``, default one per row of ``frame``) plus the
        blank, skipped and duplicate ones it dropped itself."""
        returned = len(self.frame) if self.records is None else self.records
        return returned + self.blank_rows + self.skipped_rows + self.duplicates


@dataclass(frozen=True)
class Sample:
    """The start of a file, as sniffers see it."""

    path: Path
    head: bytes

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower()

    @property
    def text(self) -> str:
        """The head decoded leniently (BOM stripped), for header checks."""
        return self.head.decode("utf-8-sig", errors="replace")

    @property
    def first_line(self) -> str:
        return self.text.split("\n", 1)[0]


ReadFn = Callable[[Path, Mapping[str, str]], Parsed]
SniffFn = Callable[[Sample], bool]


@dataclass(frozen=True)
class Reader:
    """A registered input format."""

    kind: str
    table: str
    read: ReadFn
    sniff: SniffFn | None
    priority: int
    description: str
    fields: tuple[str, ...] = ()


_READERS: dict[str, Reader] = {}


def register(
    kind: str,
    *,
    table: str,
    description: str,
    sniff: SniffFn | None = None,
    priority: int = 50,
    fields: tuple[str, ...] = (),
) -> Callable[[ReadFn], ReadFn]:
    """Decorator: register ``read`` as the reader for ``kind``; ``fields`` are the fields a column map may name
    beyond the unified table's (e.g. ``quantity`` for a transactions log)."""

    def decorator(read: ReadFn) -> ReadFn:
        _READERS[kind] = Reader(kind, table, read, sniff, priority, description, fields)
        return read

    return decorator


def kinds() -> list[str]:
    """Registered kinds, sorted."""
    _load_all()
    return sorted(_READERS)


def get(kind: str) -> Reader:
    """The reader for ``kind``; :class:`FormatError` listing the valid kinds otherwise."""
    _load_all()
    if kind not in _READERS:
        raise FormatError(f"unknown kind {kind!r}", hint=f"use one of: auto, {', '.join(sorted(_READERS))}")
    return _READERS[kind]


def sniff(path: Path) -> Reader:
    """Pick the reader for ``path`` from its first bytes and extension."""
    _load_all()
    with open(path, "rb") as fh:
        sample = Sample(path, fh.read(SNIFF_BYTES))
    if not sample.head.strip():
        raise FormatError("the file is empty", path=path, hint="export the data again; nothing to ingest")
    for reader in sorted(_READERS.values(), key=lambda r: -r.priority):
        if reader.sniff is not None and reader.sniff(sample):
            return reader
    raise FormatError(
        "cannot tell which format this file is",
        path=path,
        hint=f"pass --kind explicitly (one of: {', '.join(sorted(_READERS))})",
    )


def _load_all() -> None:
    """Import every format module so that each registers itself."""
    from voclab.ingest import formats  # noqa: F401
