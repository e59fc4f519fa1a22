"""Codebook audit: how much a codebook covers, and a sample of each theme's matches for a person to check.

A codebook is only as good as its precision: "package" that matches "out of the package", "cancel" that
matches "the engineer cancelled my visit". :func:`audit_codebook` shows, per theme, a random sample of the texts
it marks with the words that marked them, as a CSV to read by eye: fill ``correct`` with y/n and the share of
y is the theme's precision (:func:`audit_precision`); the themes' coverage (share of texts) comes with it.

Example
-------
>>> import pandas as pd
>>> from voclab.text import codebook_from_rows
>>> book = codebook_from_rows([{"theme": "Delivery", "include": ["package*"], "exclude": ["out of the package"]}])
>>> audit = audit_codebook(pd.Series(["The package never came", "Out of the package it broke"]), book, sample=5)
>>> audit[["theme", "term", "match"]].values.tolist()
[['Delivery', 'package*', 'package']]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from voclab._atomic import atomic_path
from voclab._columns import require_columns
from voclab.exceptions import FormatError
from voclab.text.clean import arrow, as_text
from voclab.text.redact import redact
from voclab.text.themes import Codebook, _term_regex, code_themes

__all__ = ["AUDIT_COLUMNS", "audit_codebook", "audit_precision"]

#: The columns of :func:`audit_codebook`.
AUDIT_COLUMNS = ("theme", "row", "term", "match", "context", "correct", "theme_texts", "theme_share")
_CONTEXT = 60


def audit_codebook(
    texts: pd.Series,
    codebook: Codebook,
    sample: int = 50,
    *,
    path: str | Path | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Up to ``sample`` random matches per theme (same ``seed``, same sample). Columns: ``theme``, ``row`` (the
    text's index), ``term`` (the codebook term that matched), ``match`` (the words it matched), ``context``
    (the redacted text around them), ``correct`` (empty: for the reviewer, y or n), ``theme_texts`` and
    ``theme_share`` (all the texts the theme marks, and their share of the non-empty texts). Excluded words
    never show as a match. With ``path`` the table is also written there as CSV (atomically)."""
    text = as_text(texts)
    coded = code_themes(text, codebook, roll_up=False)
    nonempty = max(int((text.str.strip() != "").sum()), 1)
    rng = np.random.default_rng(seed)
    parts = []
    for row in codebook.table.itertuples():
        marked = np.flatnonzero(coded[row.theme].to_numpy())
        chosen = np.sort(rng.choice(marked, size=min(sample, len(marked)), replace=False))
        if not len(chosen):
            continue
        part = _matches(text.iloc[chosen], row.include, row.pattern, row.exclude_pattern)
        share = round(len(marked) / nonempty, 4)
        parts.append(part.assign(theme=row.theme, theme_texts=len(marked), theme_share=share))
    audit = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(AUDIT_COLUMNS))
    audit = audit.assign(correct="")[list(AUDIT_COLUMNS)]
    if path is not None:
        with atomic_path(path) as tmp:
            audit.to_csv(tmp, index=False)
    return audit


def _matches(texts: pd.Series, terms: list[str], pattern: str, exclude: str) -> pd.DataFrame:
    """The first match of ``pattern`` in each text (excluded words blanked first), the term behind it and its
    redacted context."""
    searched = arrow(texts)
    if exclude:
        searched = pc.replace_substring_regex(searched, exclude, " ")
    found = pc.extract_regex(searched, "(?i)(?P<match>" + pattern.removeprefix("(?i)") + ")")
    words = found.field("match").to_pylist()
    rows = []
    for index, value, match in zip(texts.index, searched.to_pylist(), words, strict=True):
        at = value.lower().find(match.lower())
        term = next(t for t in terms if pc.match_substring_regex([match], f"(?i){_term_regex(t)}")[0].as_py())
        start, end = max(0, at - _CONTEXT), at + len(match) + _CONTEXT
        context = ("…" if start else "") + value[start:end] + ("…" if end < len(value) else "")
        rows.append({"row": index, "term": term, "match": match, "context": context})
    frame = pd.DataFrame(rows)
    frame["context"] = redact(frame["context"]).to_numpy()
    return frame


def audit_precision(audit: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Per theme, from a reviewed audit (the DataFrame or its CSV): ``theme``, ``reviewed`` (rows with y or n in
    ``correct``), ``precision`` (share of y) with its Wilson (1927) interval ``ci_low``/``ci_high``, and
    ``theme_texts``. Unreviewed rows are left out; a ``correct`` other than y/n is a
    :class:`~voclab.exceptions.FormatError` naming the row.

    >>> reviewed = pd.DataFrame({"theme": ["A", "A", "A"], "correct": ["y", "n", "y"], "theme_texts": [9, 9, 9]})
    >>> audit_precision(reviewed)[["theme", "reviewed", "precision"]].values.tolist()
    [['A', 3, 0.6667]]
    """
    from voclab.survey.metrics import wilson

    table = pd.read_csv(audit, dtype={"correct": "string"}) if isinstance(audit, str | Path) else audit
    require_columns(table, ["theme", "correct", "theme_texts"], "the audit")
    answer = table["correct"].astype("string").str.strip().str.lower().fillna("")
    bad = ~answer.isin(["", "y", "n", "yes", "no"])
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise FormatError(
            f"{audit if isinstance(audit, str | Path) else 'the audit'}, line {line}: correct is "
            f"{table['correct'].iloc[line - 2]!r}",
            hint="write y or n (or leave it empty)",
        )
    reviewed = table.assign(_right=answer.str.startswith("y"))[answer != ""]
    rows = []
    for theme, group in reviewed.groupby("theme", sort=False):
        precision = float(group["_right"].mean())
        low, high = wilson(precision, len(group))
        rows.append(
            {
                "theme": theme,
                "reviewed": len(group),
                "precision": round(precision, 4),
                "ci_low": low,
                "ci_high": high,
                "theme_texts": int(group["theme_texts"].iloc[0]),
            }
        )
    return pd.DataFrame(rows, columns=["theme", "reviewed", "precision", "ci_low", "ci_high", "theme_texts"])
