"""Dates as the file means them: one format per column, inferred from all of its values, never mixed.

Spreadsheets and exports write dates in many layouts — ``2024-03-01T10:00:00Z``, ``01/03/2024``,
``3/1/2024 10:00``, ``31-Jul-18``, epoch seconds — and a per-value guess silently reads some rows of one column
day-first and others month-first, inventing months that are not in the data. :func:`infer_date_format` instead
tries each candidate layout on *every* distinct value of the column and keeps the one that reads the most
(a date-only value in a column of date-times of the same layout is the same format). A column of more than
:data:`SCREEN` distinct values is screened first: every layout is tried on a fixed sample of that many, and only
those reading at least half as many as the best there go on to every value (benchmarks/bench_ingest.py: 1 million
rows ingested in 11 s, not 185 s):

* ISO 8601 (with or without time and zone) and epoch seconds / milliseconds are recognised first;
* when a day-first and a month-first layout read the column equally well (every day ≤ 12), the column is
  ambiguous: a :class:`DateFormatError` names the column, two example values and the fix (``date_format=``,
  ``--date-format``, ``date_format`` in ``[[sources]]``), instead of a guess;
* values the chosen layout cannot read become missing (validation quarantines those rows with the reason).

All results are UTC (naive times are taken as UTC).

>>> parse_dates(pd.Series(["12/01/2024", "25/01/2024", ""])).dt.strftime("%Y-%m-%d").tolist()
['2024-01-12', '2024-01-25', nan]
>>> infer_date_format(pd.Series(["31-Jul-18", "1-Aug-18"]))
'%d-%b-%y'
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pandas as pd

from voclab.exceptions import SchemaError
from voclab.schema import parse_utc

__all__ = [
    "EPOCH_MS",
    "EPOCH_S",
    "ISO",
    "SCREEN",
    "DateFormatError",
    "infer_date_format",
    "parse_dates",
    "settle_dates",
]

ISO = "ISO8601"
EPOCH_S = "epoch seconds"
EPOCH_MS = "epoch milliseconds"

_SEPARATORS = ("/", "-", ".")
_TIMES = ("", " %H:%M", " %H:%M:%S", " %H:%M:%S.%f", " %I:%M %p", " %I:%M:%S %p", " %H:%M:%S %z", "T%H:%M:%S")
_NAMED = (
    "%d-%b-%y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%a %b %d %H:%M:%S %z %Y",  # Twitter API v1
)
#: Plausible epochs: 2001-09-09 … 2286 in seconds, the same in milliseconds.
_EPOCH_RANGE = {EPOCH_S: (1e9, 1e10), EPOCH_MS: (1e12, 1e13)}
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_SPACES = re.compile(r"\s+")
#: Distinct values a column is screened on before its layouts are tried on every value.
SCREEN = 2_000


class DateFormatError(SchemaError):
    """A date column whose format cannot be settled from its values (day-first or month-first)."""


def _day_first(fmt: str) -> bool | None:
    """True for day-before-month layouts, False for month-before-day, None when the order is not ambiguous."""
    if "%b" in fmt or "%B" in fmt or fmt.startswith("%Y"):
        return None
    day, month = fmt.find("%d"), fmt.find("%m")
    return None if day < 0 or month < 0 else day < month


def _candidates() -> list[str]:
    dates = []
    for sep in _SEPARATORS:
        for year in ("%Y", "%y"):
            dates += [f"%d{sep}%m{sep}{year}", f"%m{sep}%d{sep}{year}"]
        dates.append(f"%Y{sep}%m{sep}%d")
    dates.append("%Y%m%d")
    return dates + list(_NAMED)


def _parse_with(text: pd.Series, date_format: str) -> pd.Series:
    """``text`` parsed by one layout; a numeric date layout also reads its date-time variants (``_TIMES``)."""
    if date_format == ISO:
        return pd.to_datetime(text, format=ISO, utc=True, errors="coerce")
    if date_format in _EPOCH_RANGE:
        unit = "s" if date_format == EPOCH_S else "ms"
        return pd.to_datetime(pd.to_numeric(text, errors="coerce"), unit=unit, utc=True, errors="coerce")
    times = _TIMES if "%H" not in date_format and "%I" not in date_format else ("",)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
    # a space in a layout reads one run of spaces, and otherwise only %d reads one (" 5"): a value is tried only on
    # the layouts it could match by its runs of spaces (the same result, without passes that could not read it)
    runs = text.str.count(_SPACES.pattern).fillna(-1) if len(times) > 1 else None
    for suffix in times:
        todo = out.isna()
        if runs is not None:
            layout = date_format + suffix
            least = len(_SPACES.findall(layout))
            todo &= runs.between(least, least + layout.count("%d"))
        if not todo.any():
            continue
        parsed = pd.to_datetime(text[todo], format=date_format + suffix, utc=True, errors="coerce")
        out.loc[todo] = parsed
    return out


def _epoch(distinct: pd.Series) -> str | None:
    if not distinct.str.fullmatch(_NUMBER).all():
        return None
    numbers = pd.to_numeric(distinct)
    for name, (low, high) in _EPOCH_RANGE.items():
        if numbers.between(low, high).all():
            return name
    return None


def infer_date_format(values: pd.Series, *, column: str | None = None, path: str | Path | None = None) -> str | None:
    """The one layout (a ``strptime`` format, :data:`ISO`, :data:`EPOCH_S` or :data:`EPOCH_MS`) that reads the
    most of ``values``; None when no layout reads any. Raises :class:`DateFormatError` for an ambiguous column."""
    text = values.astype("string").str.strip()
    distinct = pd.Series(text[text.notna() & (text != "")].unique(), dtype="string")
    if distinct.empty:
        return None
    if (epoch := _epoch(distinct)) is not None:
        return epoch
    iso = int(pd.to_datetime(distinct, format=ISO, utc=True, errors="coerce").notna().sum())
    if iso == len(distinct):
        return ISO
    scores = {ISO: iso} | {fmt: int(_parse_with(distinct, fmt).notna().sum()) for fmt in _screened(distinct)}
    best = max(scores.values())
    if best == 0:
        return None
    winners = [fmt for fmt, score in scores.items() if score == best]
    orders = {_day_first(fmt) for fmt in winners}
    if True in orders and False in orders:
        examples = ", ".join(repr(v) for v in itertools.islice(distinct, 2))
        where = f"column {column!r}" if column else "a date column"
        day, month = _example(winners, True), _example(winners, False)
        raise DateFormatError(
            f"{where} reads both day-first and month-first (e.g. {examples}): every day is 12 or less",
            path=path,
            hint=f"say which, e.g. '{day}' (or '{month}'): date_format= in voclab.load, --date-format on the "
            "command line, or date_format in the source's [[sources]] entry",
        )
    return winners[0]


def _screened(distinct: pd.Series) -> list[str]:
    """The candidate layouts worth trying on every one of ``distinct``: all of them for up to :data:`SCREEN`
    values, else those that read at least half as many of a fixed sample as the best layout there (ISO
    included). Layouts that tie on every value tie on any sample, so an ambiguous column stays ambiguous."""
    if len(distinct) <= SCREEN:
        return _candidates()
    sample = distinct.sample(SCREEN, random_state=0)
    read = {fmt: int(_parse_with(sample, fmt).notna().sum()) for fmt in [ISO, *_candidates()]}
    best = max(read.values())
    return [fmt for fmt in _candidates() if read[fmt] and 2 * read[fmt] >= best]


def _example(winners: list[str], day_first: bool) -> str:
    return next(fmt for fmt in winners if _day_first(fmt) is day_first)


def parse_dates(
    values: pd.Series,
    date_format: str | None = None,
    *,
    column: str | None = None,
    path: str | Path | None = None,
) -> pd.Series:
    """``values`` as UTC timestamps (``datetime64[ns, UTC]``), read with ``date_format`` when given (a
    ``strptime`` format, :data:`ISO`, :data:`EPOCH_S` or :data:`EPOCH_MS`), else with the format
    :func:`infer_date_format` settles for the whole column. Values it cannot read are ``NaT``; dates outside
    1677–2262 (typos such as ``0202-01-01``) too."""
    return settle_dates(values, date_format, column=column, path=path)[0]


def settle_dates(
    values: pd.Series,
    date_format: str | None = None,
    *,
    settled_format: str | None = None,
    column: str | None = None,
    path: str | Path | None = None,
) -> tuple[pd.Series, str | None]:
    """:func:`parse_dates` and the layout it read with (``date_format``, else the inferred one; None for values
    that are already dates or that no layout reads) — what a file read in parts passes on to its other parts.
    ``settled_format``: the layout another part of the same file settled, read with as if inferred here (values
    it misses that hold a month name or a zone are still read one by one, as in the whole file).

    >>> settle_dates(pd.Series(["25/01/2024"]))[1]
    '%d/%m/%Y'
    """
    if pd.api.types.is_datetime64_any_dtype(values.dtype):  # already dates (Excel, Parquet): only the zone to fix
        return parse_utc(values), None
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    fmt = date_format or settled_format or infer_date_format(text, column=column, path=path)
    if fmt is None:
        return pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]"), None
    out = _parse_with(text, fmt)
    if date_format is None and fmt not in _EPOCH_RANGE:
        out = _named_fallback(text, out)
    low, high = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    return out.where((out >= low) & (out <= high)).astype("datetime64[ns, UTC]"), fmt


def _named_fallback(text: pd.Series, out: pd.Series) -> pd.Series:
    """Values the column's layout missed that hold a month name or a zone (``Tue, 24 Feb 2015 11:35:52 -0800``)
    are read one by one: they cannot be confused day-first/month-first. Purely numeric ones stay missing."""
    rest = out.isna() & text.notna() & text.str.contains(r"[A-Za-z]{3}|[+-]\d{4}$", regex=True, na=False)
    if rest.any():
        out = out.copy()
        out.loc[rest] = pd.to_datetime(text[rest], utc=True, errors="coerce", format="mixed")
    return out
