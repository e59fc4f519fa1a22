"""Theme coding with a codebook: multi-label, hierarchical, explainable (every match is a term you can read).

A codebook is a YAML or CSV file with one row per theme: ``theme``, ``parent`` (optional; themes roll up into
their parent), ``include`` terms (any one marks a text), ``exclude`` terms (the words an exclude term matches do
not count for the theme: with ``exclude: ["out of the package"]`` that phrase does not mark *Delivery*, but
"the package never came" in the same text still does) and a ``description``. Terms match whole words,
case-insensitively; ``deliver*`` is a prefix; ``re:`` starts a regular expression (RE2 syntax, matched by
pyarrow over all texts at once). In CSV files, terms are separated by ``;``.

:func:`starter_codebook` ships starters per industry (:data:`~voclab.config.STARTER_CODEBOOKS`: general,
software, ecommerce, travel, telecom, financial), each the common themes (price, billing, support, the
customer cancelling — told apart from the company cancelling a flight or a visit — and feature requests) plus
its own; ``[saydo] codebook = "travel"`` picks one. :func:`audit_codebook` samples each theme's matches for a
person to check.

Example
-------
>>> import pandas as pd
>>> book = codebook_from_rows([{"theme": "Delivery", "parent": "Fulfilment", "include": ["deliver*", "courier"]}])
>>> coded = code_themes(pd.Series(["Delivered late again", "Great app", "The courier was rude"]), book)
>>> coded.to_dict("list")
{'Delivery': [True, False, True], 'Fulfilment': [True, False, True]}
>>> coded.attrs["coverage"]
0.6667
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from voclab.config import STARTER_CODEBOOKS
from voclab.exceptions import FormatError, ParameterError
from voclab.survey.metrics import wilson
from voclab.text.clean import arrow, as_text, matches

__all__ = [
    "STARTER_CODEBOOKS",
    "Codebook",
    "code_themes",
    "codebook_from_rows",
    "coverage",
    "load_codebook",
    "resolve_codebook",
    "starter_codebook",
    "theme_counts",
    "theme_long",
    "theme_summary",
    "theme_trend",
    "volume",
]

_FIELDS = ("theme", "parent", "include", "exclude", "description")


@dataclass(frozen=True)
class Codebook:
    """Validated codebook: ``table`` has one row per theme (``theme``, ``parent``, ``include``, ``exclude``,
    ``description``, and the compiled ``pattern`` / ``exclude_pattern``)."""

    table: pd.DataFrame
    origin: str = "<rows>"

    @property
    def themes(self) -> list[str]:
        return self.table["theme"].tolist()

    def parents(self) -> dict[str, list[str]]:
        """parent → its child themes."""
        children: dict[str, list[str]] = {}
        for theme, parent in zip(self.table["theme"], self.table["parent"], strict=True):
            if parent:
                children.setdefault(parent, []).append(theme)
        return children


def _term_regex(term: str) -> str:
    term = term.strip()
    if term.startswith("re:"):
        return term[3:]
    body = re.escape(term.rstrip("*")).replace(r"\ ", r"\s+")
    return rf"\b{body}\w*" if term.endswith("*") else rf"\b{body}\b"


def _compile(terms: list[str], where: str) -> str:
    if not terms:
        return ""
    pattern = "(?i)(?:" + "|".join(_term_regex(t) for t in terms) + ")"
    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except pa.ArrowInvalid as exc:
        raise FormatError(
            f"{where}: a term is not a valid RE2 regular expression ({exc})",
            hint="fix the 're:' term; RE2 has no look-behind or back-references",
        ) from None
    return pattern


def _terms(value: object, where: str) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(";") if t.strip()]
    if isinstance(value, list | tuple) and all(isinstance(t, str | int) for t in value):
        return [str(t) for t in value if str(t).strip()]
    raise FormatError(f"{where}: terms must be a list of strings or a ';'-separated string", hint="e.g. [price*, cost]")


def codebook_from_rows(rows: Iterable[Mapping[str, object]], origin: str = "<rows>") -> Codebook:
    """A :class:`Codebook` from dicts with the codebook fields; ``origin`` names the file in errors."""
    records = []
    for number, row in enumerate(rows, start=1):
        where = f"{origin}: theme {number}"
        unknown = sorted(set(row) - set(_FIELDS))
        if unknown:
            raise FormatError(f"{where} has an unknown field {unknown[0]!r}", hint=f"fields: {', '.join(_FIELDS)}")
        theme = str(row.get("theme") or "").strip()
        if not theme:
            raise FormatError(f"{where} has no name", hint="give every row a 'theme'")
        where = f"{origin}: theme {theme!r}"
        include = _terms(row.get("include"), where)
        if not include:
            raise FormatError(f"{where} has no include terms", hint="list the words that mark the theme")
        exclude = _terms(row.get("exclude"), where)
        records.append(
            {
                "theme": theme,
                "parent": str(row.get("parent") or "").strip(),
                "include": include,
                "exclude": exclude,
                "description": str(row.get("description") or "").strip(),
                "pattern": _compile(include, where),
                "exclude_pattern": _compile(exclude, where),
            }
        )
    if not records:
        raise FormatError(f"{origin}: the codebook has no themes", hint="add at least one theme")
    table = pd.DataFrame(records)
    dupes = table["theme"][table["theme"].duplicated()].tolist()
    if dupes:
        raise FormatError(f"{origin}: theme {dupes[0]!r} appears twice", hint="merge the rows or rename one")
    clash = sorted(set(table["parent"]) & set(table["theme"]) - {""})
    if any(table.set_index("theme").loc[c, "parent"] for c in clash):
        raise FormatError(f"{origin}: theme {clash[0]!r} is both a child and a parent", hint="use two levels at most")
    return Codebook(table, origin)


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook from YAML (a ``themes:`` list, or a bare list) or CSV (columns as in the fields)."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"{path}: no such codebook file", hint="check the path, or use starter_codebook()")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        rows = [{k: v for k, v in row.items() if k is not None and (v or "").strip()} for row in reader]
        return codebook_from_rows(rows, str(path))
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        raise FormatError(f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})", hint="fix the YAML") from None
    rows = data.get("themes") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise FormatError(f"{path}: expected a list of themes under 'themes:'", hint="see starter_codebook()")
    return codebook_from_rows(rows, str(path))


def starter_codebook(industry: str = "general") -> Codebook:
    """A shipped starter codebook (``voclab/data/codebooks/``): the common themes plus those of ``industry``
    (one of :data:`~voclab.config.STARTER_CODEBOOKS`); an industry theme replaces a common one of the same name.

    >>> "Flight cancellations" in starter_codebook("travel").themes, len(starter_codebook().themes) > 5
    (False, True)
    """
    if industry not in STARTER_CODEBOOKS:
        raise ParameterError(f"no starter codebook {industry!r}", hint=f"use one of {', '.join(STARTER_CODEBOOKS)}")
    rows: dict[str, Mapping[str, object]] = {}
    for name in ["common", *_layers(industry)]:
        for row in _starter_rows(name):
            rows.pop(str(row["theme"]), None)  # a later layer's theme replaces the earlier one, in its own place
            rows[str(row["theme"])] = row
    return codebook_from_rows(rows.values(), f"starter codebook {industry!r}")


def _starter_rows(name: str) -> list[dict[str, object]]:
    return yaml.safe_load((files("voclab") / "data" / "codebooks" / f"{name}.yaml").read_text(encoding="utf-8"))[
        "themes"
    ]


def _layers(industry: str) -> list[str]:
    """``industry`` after the starters it ``extends`` (software extends general)."""
    data = yaml.safe_load((files("voclab") / "data" / "codebooks" / f"{industry}.yaml").read_text(encoding="utf-8"))
    return [*(_layers(data["extends"]) if data.get("extends") else []), industry]


def resolve_codebook(spec: str | Path | None) -> Codebook:
    """The codebook ``[saydo] codebook`` names: a starter's name, a YAML/CSV file, or the general starter."""
    if spec is None:
        return starter_codebook()
    return starter_codebook(str(spec)) if str(spec) in STARTER_CODEBOOKS else load_codebook(spec)


def code_themes(texts: pd.Series, codebook: Codebook | None = None, roll_up: bool = True) -> pd.DataFrame:
    """One boolean column per theme (and per parent, with ``roll_up``), one row per text (same index).

    ``result.attrs["coverage"]`` is the share of non-empty texts with at least one theme."""
    codebook = codebook or starter_codebook()
    text = as_text(texts)
    coded = {}
    for row in codebook.table.itertuples():
        hit = matches(text, row.pattern)
        if row.exclude_pattern and hit.any():  # the excluded words do not count; the rest of the text still does
            masked = pc.replace_substring_regex(arrow(text[hit]), row.exclude_pattern, " ")
            hit[hit] = pc.match_substring_regex(masked, row.pattern).to_numpy(zero_copy_only=False).astype(bool)
        coded[row.theme] = hit
    out = pd.DataFrame(coded, index=text.index)
    if roll_up:
        for parent, children in codebook.parents().items():
            own = out.get(parent, False)
            out[parent] = out[children].any(axis=1) | own
    out.attrs["coverage"] = coverage(out[codebook.themes], text)
    out.attrs["codebook"] = codebook.origin
    return out


def coverage(themes: pd.DataFrame, texts: pd.Series) -> float:
    """Share of the non-empty ``texts`` that carry at least one of the boolean ``themes`` (4 decimals)."""
    nonempty = (as_text(texts).str.len() > 0).to_numpy()
    return round(float(themes[nonempty].any(axis=1).mean()), 4) if nonempty.any() else 0.0


def theme_long(coded: pd.DataFrame, ids: pd.Series | None = None) -> pd.DataFrame:
    """Coded texts as a long table (``id``, ``theme``): one row per mention; for
    :func:`voclab.survey.attach_themes`. ``ids`` (one per row, by position) default to the index."""
    ids = pd.Series(coded.index if ids is None else np.asarray(ids), index=coded.index)
    stacked = coded.astype(bool).stack()
    stacked = stacked[stacked]
    rows = stacked.index.to_frame(index=False, name=["_row", "theme"])
    return pd.DataFrame({"id": ids.loc[rows["_row"]].to_numpy(), "theme": rows["theme"].astype("string")})


def _group_theme(coded: pd.DataFrame, codebook: Codebook | None) -> dict[str, str]:
    if codebook is None:
        return {}
    parents = dict(zip(codebook.table["theme"], codebook.table["parent"], strict=True))
    return {c: parents.get(c, "") for c in coded.columns}


#: The sentiment columns of :func:`theme_summary` (missing for a theme without scored texts).
_NET = ("net", "ci_low", "ci_high")


def theme_summary(
    coded: pd.DataFrame,
    scores: pd.DataFrame | None = None,
    codebook: Codebook | None = None,
    *,
    aspects: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per theme: ``theme``, ``parent``, ``count``, ``share`` (of all texts) with its Wilson (1927) interval
    ``share_low``/``share_high``, and with ``scores`` (the output of
    :func:`voclab.text.sentiment`, same index) its ``net`` sentiment with ``ci_low``/``ci_high``. With
    ``aspects`` (:func:`voclab.text.aspect_sentiment` of the same texts) a theme's net is that of the sentences
    about it, not of the whole texts that mention it. Sorted by count; a final ``(no theme)`` row counts the
    uncoded texts."""
    from voclab.text.sentiment import net_sentiment

    parent_of = _group_theme(coded, codebook)
    rows = []
    none = ~coded.any(axis=1)
    for theme, mask in [*coded.items(), ("(no theme)", none)]:
        count = int(mask.sum())
        share_low, share_high = wilson(mask.mean(), len(mask))
        row = {"theme": theme, "parent": parent_of.get(theme, ""), "count": count, "share": mask.mean()}
        row.update(share_low=share_low, share_high=share_high)
        if scores is not None:
            if not scores.index.equals(coded.index):
                raise ParameterError(
                    "scores and coded texts have different rows", hint="pass results for the same texts"
                )
            about = None if aspects is None else aspects[(aspects["theme"] == theme) & aspects["row"].isin(coded.index)]
            if about is not None and len(about):  # what was said about the theme, sentence by sentence
                net = net_sentiment(about)
            else:
                net = net_sentiment(scores[mask.to_numpy()]) if mask.any() else None
            shown = net is not None and len(net)
            row.update(net[["net", "ci_low", "ci_high"]].iloc[0].to_dict() if shown else dict.fromkeys(_NET, np.nan))
        rows.append(row)
    table = pd.DataFrame(rows)
    body = table.iloc[:-1].sort_values("count", ascending=False)
    return pd.concat([body, table.iloc[-1:]], ignore_index=True)


def theme_counts(scored, themes: list[str], by: list[str]) -> pd.DataFrame:
    """Texts and mentions of each theme per group of ``by`` (e.g. period and segment), sorted by group: the
    columns ``by``…, ``texts`` and one count per theme. ``scored`` may be a pandas or a Dask DataFrame (summed
    where the rows are; only the counts come back).

    >>> scored = pd.DataFrame({"month": ["1", "1", "2"], "Billing": [True, False, True]})
    >>> theme_counts(scored, ["Billing"], ["month"]).values.tolist()
    [['1', 2, 1], ['2', 1, 1]]
    """
    flags = scored[[*by, *themes]].astype({t: "int64" for t in themes}).assign(texts=1)
    counts = flags.groupby(by, observed=True, sort=True).sum()
    counts = counts.compute() if hasattr(counts, "compute") else counts
    return counts.sort_index().reset_index()[[*by, "texts", *themes]]


def volume(data: pd.DataFrame, by: str, *, period: str = "W", dates: str = "created_at") -> pd.DataFrame:
    """Texts per period and group: ``period`` (the period's first day), ``by``, ``texts``; texts without a date
    are left out. ``period`` is a pandas period alias (``"M"``, ``"Q"``, ``"W"``).

    >>> posts = pd.DataFrame({"source": ["x", "x", "forum"], "created_at": ["2025-01-06", "2025-01-07", None]})
    >>> volume(posts, "source").to_dict("list")
    {'period': [Timestamp('2025-01-06 00:00:00')], 'source': ['x'], 'texts': [2]}
    """
    when = pd.to_datetime(data[dates], utc=True).dt.tz_localize(None).dt.to_period(period).dt.start_time
    counts = data.assign(period=when).dropna(subset=["period"]).groupby(["period", by], observed=True).size()
    return counts.rename("texts").reset_index()


def theme_trend(coded: pd.DataFrame, dates: pd.Series, period: str = "M") -> pd.DataFrame:
    """Mentions per theme and period: ``period``, ``theme``, ``count``, ``texts`` (all texts that period),
    ``share``. ``period`` is a pandas period alias (``"M"``, ``"Q"``, ``"W"``)."""
    when = pd.to_datetime(dates, utc=True)
    if len(when) != len(coded):
        raise ParameterError("dates and coded texts differ in length", hint="pass one date per text")
    periods = when.dt.tz_localize(None).dt.to_period(period).astype("string").to_numpy()
    frame = coded.astype(int).assign(_period=periods).dropna(subset=["_period"])
    counts = frame.groupby("_period").sum()
    texts = frame.groupby("_period").size()
    long = counts.stack().rename("count").reset_index()
    long.columns = ["period", "theme", "count"]
    long["texts"] = long["period"].map(texts).to_numpy()
    long["share"] = long["count"] / long["texts"]
    return long
