"""Quarantine files: the bad rows of one source, each with its ``reason``, as CSV beside the data.

A loaded frame carries only plain values in ``attrs`` (pandas compares ``attrs`` in ``concat``/``merge``, and a
DataFrame there breaks them); its quarantine is a file, named in ``attrs["voclab"]["quarantine_path"]`` and read
back with :func:`quarantine_of`.

Columns of a quarantine file: ``reason``, the file's own columns (raw text, as read), ``record`` (the record's
number in the file, or its line for line-based formats) and, for unparseable lines, ``raw``. Cells starting with
``= + - @`` (or a tab / carriage return) are prefixed with ``'`` on disk, so opening the file in a spreadsheet runs
nothing; :func:`read_quarantine` gives back the original text.

Example
-------
>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "reviews.csv"
>>> bad = pd.DataFrame({"reason": ["missing id"], "text": ["=cmd"], "_record": [4]})
>>> write_quarantine(bad, target)
>>> frame = pd.DataFrame({"id": ["1"]})
>>> frame.attrs["voclab"] = {"quarantine_path": str(target)}
>>> quarantine_of(frame)[["reason", "record"]].values.tolist()
[['missing id', 4]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from voclab._csv import restore, write_csv
from voclab.exceptions import ParameterError

__all__ = ["QUARANTINE_COLUMNS", "quarantine_of", "read_quarantine", "read_quarantines", "write_quarantine"]

#: The columns every quarantine has (the file's own columns sit between ``reason`` and ``record``).
QUARANTINE_COLUMNS = ("reason", "record")


def write_quarantine(quarantine: pd.DataFrame, target: str | Path) -> None:
    """Write bad rows to ``target`` atomically (private ``_record``/``_raw`` columns lose their underscore), cells
    that a spreadsheet would run as formulas neutralised (:func:`voclab._csv.neutralise`); with no bad rows,
    remove a previous file instead."""
    target = Path(target)
    if quarantine.empty:
        target.unlink(missing_ok=True)
        return
    write_csv(quarantine.rename(columns={c: c[1:] for c in ("_record", "_raw") if c in quarantine}), target)


def read_quarantine(path: str | Path) -> pd.DataFrame:
    """A quarantine file as written by :func:`write_quarantine`: text columns exactly as read from the source
    (formula neutralisation undone), ``record`` as a number."""
    path = Path(path)
    if not path.is_file():
        return _empty()
    frame = restore(pd.read_csv(path, dtype="string", keep_default_na=False))
    if "record" in frame:
        frame["record"] = pd.to_numeric(frame["record"].replace("", pd.NA)).astype("Int64")
    return frame


def read_quarantines(folder: str | Path) -> pd.DataFrame:
    """Every quarantine file in ``folder`` (one per source, as ``voclab ingest`` writes them) stacked, with a
    ``file`` column; an empty frame (``file``, ``reason``, ``record``) when there are none."""
    parts = [read_quarantine(path).assign(file=path.name) for path in sorted(Path(folder).glob("*.csv"))]
    if not parts:
        return _empty().assign(file=pd.Series(dtype="string"))
    return pd.concat(parts, ignore_index=True)


def quarantine_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The bad rows left out of a frame returned by :func:`voclab.load` (empty when there were none).

    >>> tweets = voclab.load("tweets.csv")  # doctest: +SKIP
    >>> voclab.quarantine_of(tweets)["reason"].value_counts()  # doctest: +SKIP
    """
    info = frame.attrs.get("voclab")
    if not isinstance(info, dict) or ("quarantined" not in info and "quarantine_path" not in info):
        raise ParameterError(
            "this frame was not returned by voclab.load",
            hint="call quarantine_of on what voclab.load / voclab.load_survey returned",
        )
    path = info.get("quarantine_path")
    return read_quarantine(path) if path else _empty()


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in QUARANTINE_COLUMNS})
    return frame.astype({"record": "Int64"})
