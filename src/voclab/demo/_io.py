"""Serialising the demo files: CSV and JSON text with fixed formatting, written atomically.

>>> csv_text([["id", "text"], ["1", 'say "hi", twice']])
'id,text\\r\\n1,"say ""hi"", twice"\\r\\n'
>>> json_text({"b": 1, "a": [1.5]}, indent=None)
'{"b": 1, "a": [1.5]}'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from voclab._atomic import atomic_write_text

__all__ = ["csv_text", "json_text", "write"]


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV (minimal quoting, CRLF line ends as spreadsheet exports write them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue()


def json_text(value: Any, indent: int | None = 2, sort_keys: bool = False) -> str:
    """JSON with non-ASCII kept (emoji stay readable) and keys in insertion order unless ``sort_keys``."""
    return json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=sort_keys)


def write(root: Path, relative: str, text: str) -> None:
    """Write ``text`` to ``root / relative`` atomically (folders created)."""
    atomic_write_text(root / relative, text)
