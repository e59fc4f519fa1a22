"""Join what customers *say* (survey answers, feedback) to what they *do* (behaviour), one row per customer.

Example
-------
>>> import pandas as pd
>>> behaviour = pd.DataFrame({"customer_id": ["A", "A", "B"], "event": ["churned", "orders", "churned"],
...                           "value": [1.0, 3.0, 0.0], "ts": pd.NaT, "detail": None})
>>> outcomes(behaviour, ["churned", "orders"]).to_dict("index")
{'A': {'churned': 1.0, 'orders': 3.0}, 'B': {'churned': 0.0, 'orders': nan}}
>>> profile = pd.DataFrame({"customer_id": ["A"], "event": ["Segment"], "value": [None], "detail": ["SMB"]})
>>> attributes(profile, ["Segment"]).to_dict("index")
{'A': {'Segment': 'SMB'}}
>>> responses = pd.DataFrame({"customer_id": ["A", "B", "C"], "nps": [9, 3, 10]})
>>> linked = link(responses, behaviour, ["churned"], how="last")
>>> linked[["customer_id", "nps", "churned"]].values.tolist(), linked.attrs["voclab"]["match"]["id_not_found"]
([['A', 9, 1.0], ['B', 3, 0.0]], 1)
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from voclab._columns import require_columns
from voclab.exceptions import ParameterError

__all__ = ["attributes", "link", "match_report", "members", "outcomes"]


def outcomes(
    behaviour: pd.DataFrame, events: Sequence[str], how: str = "last", customer: str = "customer_id"
) -> pd.DataFrame:
    """Behaviour (long: ``customer_id, event, value, ts``) → one row per customer, one column per event.

    ``how`` says how several values of one event combine: ``last`` (by ``ts``, then file order), ``sum``,
    ``max`` or ``count``. Customers without an event get a missing value, not 0: absence of a record is not
    evidence of absence of behaviour.
    """
    require_columns(behaviour, [customer, "event", "value"], "behaviour")
    if how not in {"last", "sum", "max", "count"}:
        raise ParameterError(f"unknown how={how!r}", hint="use last, sum, max or count")
    rows = behaviour[behaviour["event"].astype("string").isin(list(events))]
    unknown = sorted(set(events) - set(rows["event"].astype("string").unique()))
    if unknown:
        known = sorted(behaviour["event"].astype("string").dropna().unique())
        raise ParameterError(f"no behaviour event {unknown[0]!r}", hint=f"events: {', '.join(known)[:300]}")
    if how == "last" and "ts" in rows:
        rows = rows.sort_values("ts", kind="stable", na_position="first")
    grouped = rows.groupby([customer, rows["event"].astype("string")], observed=True)["value"]
    agg = {"last": "last", "sum": "sum", "max": "max", "count": "count"}[how]
    wide = grouped.agg(agg).unstack("event")
    wide.columns.name = None
    return wide.reindex(columns=list(events)).astype("float64")


def attributes(behaviour: pd.DataFrame, names: Sequence[str], customer: str = "customer_id") -> pd.DataFrame:
    """Customer attributes held as text in behaviour's ``detail`` (segment, region, plan — a wide customer
    file melted on ingest) → one row per customer, one column per attribute (the last value given)."""
    require_columns(behaviour, [customer, "event", "detail"], "behaviour")
    names = list(dict.fromkeys(names))  # Region asked twice (unit and breakdown) is one column
    rows = behaviour[behaviour["event"].astype("string").isin(list(names)) & behaviour["detail"].notna()]
    wide = rows.groupby([customer, rows["event"].astype("string")], observed=True)["detail"].last().unstack("event")
    wide.columns.name = None
    return wide.reindex(columns=list(names))


def members(profile: pd.DataFrame, column: str, value: str) -> pd.Index:
    """The customers (index of ``profile``, from :func:`attributes`) whose ``column`` is ``value``; all of them
    when ``value`` is empty. A value nobody has is a :class:`ParameterError` listing the values there are.

    >>> profile = pd.DataFrame({"Segment": ["SMB", "Consumer"]}, index=["A", "B"])
    >>> members(profile, "Segment", "SMB").tolist()
    ['A']
    """
    if not value:
        return profile.index
    require_columns(profile, [column], "the customer profile")
    mine = profile.index[profile[column].astype("string") == value]
    if mine.empty:
        values = sorted(profile[column].dropna().astype(str).unique())
        raise ParameterError(f"no customer has {column} {value!r}", hint=f"{column} values: {', '.join(values)[:300]}")
    return mine


def _ids(values: pd.Series, normalize: bool) -> pd.Series:
    ids = values.astype("string")
    return ids.str.strip().str.casefold() if normalize else ids


def link(
    says: pd.DataFrame,
    behaviour: pd.DataFrame,
    events: Sequence[str],
    *,
    on: str = "customer_id",
    window: tuple[str, str] = ("0D", "365D"),
    decision: Sequence[str] | None = None,
    how: str = "any",
    id_map: pd.DataFrame | None = None,
    normalize_ids: bool = False,
) -> pd.DataFrame:
    """What each answer in ``says`` was followed by: one row per answer that could be compared, with one column
    per event of ``events``.

    An answer (``submitted_at``, else ``created_at``) is compared with the behaviour that happened inside
    ``window`` after it (pandas offsets: ``("0D", "365D")`` = the year after the answer). ``how`` says what each
    event column holds: ``any`` (1 if the event happened in the window, else 0), ``count``, ``sum`` (of
    ``value``) or ``last`` (its last value). ``decision`` (default: ``events``) names the events that decide the
    comparison (churn, renewal): an answer given *after* the customer's decision, with no next decision in its
    window, cannot say what they were about to do and is left out; so is one with no decision in its window yet.
    Behaviour without dates (a wide customer file's ``churned`` flag) has no as-of: every answer of a matched
    customer gets the customer's value, and the match report says so.

    ``on`` is the key shared by both tables (``customer_id``, ``account_id``, ``order_id``…); ``id_map`` (two
    columns: the key in ``says``, then the key in ``behaviour``) translates between id systems. Ids match
    exactly; ``normalize_ids=True`` strips spaces and case-folds both sides (never silently: the match report
    counts what it changed). A column of ``says`` named like an event gets a ``_said`` suffix. ``decided_at`` is
    when the first deciding event inside the answer's window happened — the moment the answer is compared with
    (missing for undated behaviour).

    The result's ``attrs["voclab"]["match"]`` (and :func:`match_report`) counts the answers: ``answers``,
    ``matched``, ``id_not_found``, ``after_decision``, ``no_decision_in_window``, ``normalized_ids`` (answers
    whose id matched only once normalised, or mapped), ``dated``.
    """
    require_columns(says, [on], "the survey/feedback data")
    require_columns(behaviour, [on, "event", "value"], "behaviour")
    if how not in {"any", "count", "sum", "last"}:
        raise ParameterError(f"unknown how={how!r}", hint="use any, count, sum or last")
    events = list(dict.fromkeys(events))
    decision = list(dict.fromkeys(decision if decision is not None else events))
    said = says.rename(columns={c: f"{c}_said" for c in says.columns if c in events})
    when = next((c for c in ("submitted_at", "created_at") if c in said), None)
    keys = _ids(said[on], normalize_ids)
    if id_map is not None:
        mapping = dict(zip(_ids(id_map.iloc[:, 0], normalize_ids), _ids(id_map.iloc[:, 1], normalize_ids), strict=True))
        keys = keys.map(mapping).astype("string")
    rows = behaviour[behaviour["event"].astype("string").isin(events)]
    unknown = sorted(set(events) - set(rows["event"].astype("string").unique()))
    if unknown:
        known = sorted(behaviour["event"].astype("string").dropna().unique())
        raise ParameterError(f"no behaviour event {unknown[0]!r}", hint=f"events: {', '.join(known)[:300]}")
    rows = rows.assign(_key=_ids(rows[on], normalize_ids), _event=rows["event"].astype("string"))
    known_ids = set(_ids(behaviour[on], normalize_ids).dropna())
    answers = said.assign(_key=keys, _answer=range(len(said)))
    found = answers["_key"].isin(known_ids)
    dated = "ts" in rows and rows["ts"].notna().any() and when is not None
    report = {
        "answers": len(said),
        "id_not_found": int((~found).sum()),
        "normalized_ids": int((found & ~_ids(said[on], False).isin(set(behaviour[on].astype("string")))).sum()),
        "dated": bool(dated),
    }
    answers = answers[found]
    if dated:
        answers, excluded = _as_of(answers, rows, events, decision, when, window, how)
        report.update(excluded)
    else:
        wide = _aggregate(rows, "_key", how).reindex(columns=events)
        answers = answers.merge(wide, left_on="_key", right_index=True, how="left")
        answers["decided_at"] = pd.Series(pd.NaT, index=answers.index, dtype="datetime64[ns, UTC]")
        report.update(after_decision=0, no_decision_in_window=0)
    report["matched"] = len(answers)
    out = answers.drop(columns=["_key", "_answer"]).reset_index(drop=True)
    out.attrs["voclab"] = {"match": report}
    return out


def _aggregate(rows: pd.DataFrame, by: str | list[str], how: str) -> pd.DataFrame:
    values = pd.to_numeric(rows["value"], errors="coerce")
    frame = rows.assign(_value=values.fillna(1.0) if how == "any" else values)
    group = [*([by] if isinstance(by, str) else by), "_event"]
    if how == "last" and "ts" in frame:
        frame = frame.sort_values("ts", kind="stable", na_position="first")
    agg = {"any": "max", "count": "count", "sum": "sum", "last": "last"}[how]
    wide = frame.groupby(group, observed=True)["_value"].agg(agg).unstack("_event")
    wide.columns.name = None
    if how == "any":
        wide = (wide.fillna(0) > 0).astype("float64")
    return wide.astype("float64")


def _as_of(
    answers: pd.DataFrame,
    rows: pd.DataFrame,
    events: list[str],
    decision: list[str],
    when: str,
    window: tuple[str, str],
    how: str,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Answers joined to the behaviour inside their window; those after the decision or before any are dropped."""
    start, end = pd.Timedelta(window[0]), pd.Timedelta(window[1])
    said_at = pd.to_datetime(answers[when], utc=True)
    pairs = (
        answers[["_answer", "_key"]]
        .assign(_at=said_at)
        .merge(rows[["_key", "_event", "value", "ts"]].dropna(subset=["ts"]), on="_key")
    )
    inside = pairs[(pairs["ts"] >= pairs["_at"] + start) & (pairs["ts"] <= pairs["_at"] + end)]
    decided = pairs[pairs["_event"].isin(decision)]
    in_window = (decided["ts"] >= decided["_at"] + start) & (decided["ts"] <= decided["_at"] + end)
    ahead = set(decided.loc[in_window, "_answer"])
    behind = set(decided.loc[decided["ts"] < decided["_at"] + start, "_answer"]) - ahead
    keep = answers["_answer"].isin(ahead)
    wide = _aggregate(inside, "_answer", how).reindex(columns=events)
    first = decided.loc[in_window].groupby("_answer")["ts"].min().rename("decided_at")
    kept = answers[keep].merge(wide, left_on="_answer", right_index=True, how="left")
    kept = kept.merge(first, left_on="_answer", right_index=True, how="left")
    if how in {"any", "count"}:  # nothing in the window is a 0, not a missing value
        kept[events] = kept[events].fillna(0.0)
    excluded = {
        "after_decision": int(answers["_answer"].isin(behind).sum()),
        "no_decision_in_window": int((~keep & ~answers["_answer"].isin(behind)).sum()),
    }
    return kept, excluded


def match_report(linked: pd.DataFrame) -> pd.DataFrame:
    """How the answers of a :func:`link` result matched: one row per outcome (``matched``, ``id not found``,
    ``after the decision``, ``no decision in the window``) with ``answers`` and ``share``."""
    info = linked.attrs.get("voclab", {}).get("match")
    if info is None:
        raise ParameterError("this frame was not returned by saydo.link", hint="pass what saydo.link returned")
    rows = {
        "matched": info["matched"],
        "id not found": info["id_not_found"],
        "after the decision": info["after_decision"],
        "no decision in the window": info["no_decision_in_window"],
    }
    total = max(info["answers"], 1)
    return pd.DataFrame(
        {"outcome": list(rows), "answers": list(rows.values()), "share": [v / total for v in rows.values()]}
    )
