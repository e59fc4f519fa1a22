"""Shared file helpers for readers: text decoding, delimited tables, JSON, HTML to text.

Every failure is a :class:`~voclab.exceptions.FormatError` naming the file, line and column and the fix.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Collection, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from voclab.exceptions import FormatError
from voclab.ingest.registry import PRIVATE

__all__ = [
    "column_names",
    "drop_blank_rows",
    "free_names",
    "html_to_text",
    "load_json",
    "read_delimited",
    "read_text",
]

_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def read_text(path: Path) -> str:
    """Decode a text file: UTF-16 with a BOM, UTF-8 (BOM stripped) or, failing that, cp1252.

    Raises :class:`FormatError` for binary data (NUL bytes) or bytes no supported encoding maps.
    """
    data = Path(path).read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with BOM (Qualtrics' TSV export, Excel "Unicode text")
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FormatError("broken UTF-16 text", path=path, hint="export the file again") from None
    if b"\x00" in data[: 1 << 16]:
        raise FormatError("this is a binary file, not text", path=path, hint="pass the right --kind, or export as CSV")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        line, column = _position(data, utf8_error.start)
        raise FormatError(
            "text is neither UTF-8 nor cp1252",
            path=path,
            line=line,
            column=column,
            hint="re-save the file as UTF-8",
        ) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    return line, offset - (before.rfind(b"\n") + 1) + 1


def read_delimited(
    path: Path,
    *,
    text: str | None = None,
    header_rows: int = 1,
    sep: str | None = None,
) -> tuple[list[list[str]], pd.DataFrame]:
    """Read a CSV/TSV as strings, fast (Apache Arrow's multi-threaded CSV reader).

    Returns the ``header_rows`` header records (as lists of cells) and a frame of the data records, every
    cell a string (empty cells are ``""``), columns named by the first header row, and a ``_record`` column
    numbering data records from 1. Quoted fields may hold newlines and delimiters. A record with the wrong
    number of fields is kept as a row whose ``_reason`` says so (it goes to quarantine); a file Arrow cannot
    parse at all (e.g. an unclosed quote) is a :class:`FormatError`.
    """
    text = read_text(path) if text is None else text
    if sep is None:
        sep = "\t" if Path(path).suffix.lower() == ".tsv" or _looks_tab(text) else ","
    headers, header_lines = _read_headers(path, text, header_rows, sep)
    names, renamed = column_names(headers[0])
    bad_rows: list[tuple[int | None, str, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        if row.text.strip(sep + " \r\n") == "":
            bad_rows.append((row.number, "", 0))  # a blank line: counted, not quarantined
        else:
            bad_rows.append((row.number, row.text, row.actual_columns))
        return "skip"

    body = text.split("\n", header_lines)[-1] if header_lines else text
    if header_lines and text.count("\n") < header_lines:
        body = ""
    if body.count('"') % 2:
        _check_quotes(path, body, sep, header_lines)
    body, lone_cr = _hide_lone_cr(body)
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        line = _line_from_parser_error(str(exc))
        raise FormatError(
            f"malformed CSV: {_short(exc)}",
            path=path,
            line=line + header_lines if line else None,
            hint="check for an unclosed quote or a stray delimiter",
        ) from None
    frame = table.to_pandas(types_mapper=_string_mapper)
    if lone_cr:
        frame = frame.apply(lambda column: column.str.replace(lone_cr, "\r", regex=False))
    frame["_record"] = range(1, len(frame) + 1)
    malformed = [(n, t, c) for n, t, c in bad_rows if t]
    if malformed:
        extra = pd.DataFrame({name: [""] * len(malformed) for name in names})
        extra["_record"] = pd.array([pd.NA] * len(malformed), dtype="Int64")
        extra["_reason"] = [
            f"malformed row at line {_line_of(body, raw, n) + header_lines}: expected {len(names)} fields, found {c}"
            for n, raw, c in malformed
        ]
        extra["_raw"] = [raw for _, raw, _ in malformed]
        frame = pd.concat([frame, extra], ignore_index=True)
    frame.attrs["blank_lines"] = len(bad_rows) - len(malformed)
    frame.attrs["renamed"] = renamed
    return headers, frame


def _hide_lone_cr(body: str) -> tuple[str, str]:
    """In a file whose lines end in ``\\n``, a lone ``\\r`` is a character of a field, not a line end (Arrow would
    split the record there): it is swapped for a private-use character, returned to be swapped back."""
    if "\r" not in body or "\n" not in body or not re.search("\r(?!\n)", body):
        return body, ""
    placeholder = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in body)
    return re.sub("\r(?!\n)", placeholder, body), placeholder


def _line_of(body: str, raw: str, number: int | None) -> int:
    """1-based line of a malformed row in ``body`` (Arrow knows it only when reading single-threaded)."""
    if number:
        return number
    offset = body.find(raw)
    return body.count("\n", 0, offset) + 1 if offset >= 0 else 0


def _check_quotes(path: Path, body: str, sep: str, header_lines: int) -> None:
    """An odd number of quotes may be an unclosed quote (Arrow would read it to the end of the file)."""
    reader = csv.reader(io.StringIO(body), delimiter=sep, strict=True)
    record_start = 1
    try:
        for _ in reader:
            record_start = reader.line_num + 1
    except csv.Error as exc:
        raise FormatError(
            f"malformed CSV: {exc}",
            path=path,
            line=header_lines + record_start,
            column=1,
            hint="a quoted field is never closed; check the quotes on that line",
        ) from None


def _string_mapper(dtype: pa.DataType) -> object:
    return pd.StringDtype() if dtype in (pa.string(), pa.large_string()) else None


def _read_headers(path: Path, text: str, header_rows: int, sep: str) -> tuple[list[list[str]], int]:
    """The header records and the physical lines they take (headers may hold quoted newlines)."""
    reader = csv.reader(io.StringIO(text[:1_000_000]), delimiter=sep)
    headers: list[list[str]] = []
    try:
        for row in reader:
            headers.append(row)
            if len(headers) == header_rows:
                break
    except csv.Error as exc:
        raise FormatError(f"cannot read the header: {exc}", path=path, line=reader.line_num) from None
    if len(headers) < header_rows or not headers[0] or not any(c.strip() for c in headers[0]):
        raise FormatError(
            f"expected {header_rows} header row(s), found {len(headers)}",
            path=path,
            line=len(headers) + 1,
            hint="export with the column names in the first row",
        )
    return headers, reader.line_num


def _looks_tab(text: str) -> bool:
    first = text.split("\n", 1)[0]
    return first.count("\t") > first.count(",")


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(names):
        name = raw.strip() or f"column_{i + 1}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        else:
            seen[name] = 0
        out.append(name)
    return out


def column_names(header: Sequence[object]) -> tuple[list[str], dict[str, str]]:
    """A file's header cells as column names, and the renames: blank → ``column_N``, a repeat → ``name.1``,
    a private name (``_record``) → ``_record_``.

    >>> column_names(["id", "", "id", "_record"])
    (['id', 'column_2', 'id.1', '_record_'], {'_record': '_record_'})
    """
    return free_names(_unique([str(c) for c in header]), PRIVATE)


def free_names(names: Sequence[str], reserved: Collection[str]) -> tuple[list[str], dict[str, str]]:
    """``names`` with each one in ``reserved`` renamed by appending ``_`` until it is free, and the renames.

    A file's own column must never take a name voclab uses itself (a private ``_record``, the ``source`` it
    sets, a unified field filled from another column): it is kept under the new name, never dropped.

    >>> free_names(["_record", "text", "text_"], {"_record", "text"})
    (['_record_', 'text__', 'text_'], {'_record': '_record_', 'text': 'text__'})
    """
    taken = set(names) | set(reserved)
    out, renamed = [], {}
    for name in names:
        if name in reserved:
            new = name + "_"
            while new in taken:
                new += "_"
            taken.add(new)
            renamed[name] = new
            name = new
        out.append(name)
    return out, renamed


def _line_from_parser_error(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


def drop_blank_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Drop rows whose every data cell is empty or blank; return the frame and how many were dropped.

    Blank lines the CSV reader already skipped (``frame.attrs["blank_lines"]``) are included in the count.
    """
    skipped = int(frame.attrs.get("blank_lines", 0))
    data = frame.drop(columns=[c for c in frame.columns if c in PRIVATE])
    if data.empty:
        return frame, skipped
    blank = pd.Series(True, index=frame.index)
    for column in data.columns:
        values = data[column].astype("string").fillna("")
        blank &= (values == "") | values.str.isspace()
    if "_reason" in frame:
        blank &= frame["_reason"].isna()
    return frame.loc[~blank], int(blank.sum()) + skipped


def load_json(path: Path, text: str | None = None) -> Any:
    """Parse JSON; a syntax error becomes a :class:`FormatError` with line and column."""
    text = read_text(path) if text is None else text
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"invalid JSON: {exc.msg}",
            path=path,
            line=exc.lineno,
            column=exc.colno,
            hint="the file is truncated or not JSON; export it again",
        ) from None


class _TextExtractor(HTMLParser):
    _BLOCK = frozenset({"p", "br", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "tr"})
    _SKIP = frozenset({"script", "style"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag == "img" and (alt := dict(attrs).get("alt")):
            self.parts.append(alt)  # Discourse emoji are <img alt=":smile:">

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(markup: str | None) -> str:
    """Plain text from an HTML fragment (Discourse ``cooked``, Stack Exchange bodies).

    Block elements become line breaks, scripts and styles are dropped, entities decoded.

    >>> html_to_text("<p>Fast &amp; <b>friendly</b></p><script>x()</script>")
    'Fast & friendly'
    """
    if not markup:
        return ""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()
