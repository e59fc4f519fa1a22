"""The unified tables every source lands in.

Three tables, keyed by customer where a customer is known:

``feedback`` — one row per piece of text or rating (survey comment, ticket, post, tweet, review):

* ``id`` (string) — unique id within its source (ids are always strings)
* ``source`` (category) — the source name (file stem or config name)
* ``channel`` (category) — survey / ticket / forum / social / review / ...
* ``doc_type`` (category) — comment, ticket, question, answer, post, reply, tweet, review
* ``customer_id`` (string) — customer key when known, else missing
* ``author`` (string) — author handle or name when known
* ``created_at`` (datetime64[ns, UTC]) — when it was written, in UTC
* ``title`` (string) — thread or review title, when any
* ``text`` (string) — the text (may be empty for a bare rating)
* ``rating`` (Float64) — numeric rating on the source's own scale, when any
* ``recommended`` (boolean) — a thumbs-up / "recommended" flag (Steam ``voted_up``), when the source has one
* ``thread_id`` / ``parent_id`` (string) — the thread it belongs to, the item it replies to
* ``reply_count`` (Int64) — replies / answers received, when the source says
* ``tags`` (string) — ``;``-joined tags

Readers may add extra columns after these (e.g. ``airline`` for the tweet CSV); extra columns have their natural
dtype (:mod:`voclab.ingest.types`), and identifiers among them stay text.

Natural keys (:data:`NATURAL_KEYS`: ``order_id``, ``account_id``; and ``thread_id`` above) are kept as text columns
in every table that has them, so that what customers say can be joined to what they do on any of them.

``responses`` — survey answers, one row per respondent (wide): ``respondent_id`` (string), ``source``,
``customer_id`` (string), ``submitted_at`` (UTC), then one column per question id.

``questions`` — the question catalogue, one row per question: ``question_id``, ``source``, ``text``, ``type``
(numeric / choice / text / multi / date / meta), ``import_id``, ``parent`` (the matrix question it belongs to),
``value_labels`` (JSON object code → label).

``behaviour`` — what customers do, long: ``customer_id`` (string), ``event`` (category: order, renewal, churn,
usage, tenure, ...), ``value`` (Float64), ``ts`` (UTC; missing for static attributes), ``detail`` (string: a
category such as the contract type), ``source`` (category), then natural keys and other extras (``order_id``,
``product``, ``quantity``, ``price`` for a transactions log).

Example
-------
>>> empty("behaviour").dtypes["value"]
Float64Dtype()
"""

from __future__ import annotations

import pandas as pd

__all__ = [
    "BEHAVIOUR",
    "FEEDBACK",
    "NATURAL_KEYS",
    "QUESTIONS",
    "RESPONSES_FIXED",
    "SCHEMA_VERSION",
    "TABLES",
    "coerce",
    "empty",
    "parse_utc",
]

SCHEMA_VERSION = 2

#: Identifiers kept as text columns wherever a source has them (beside ``customer_id`` and ``thread_id``).
NATURAL_KEYS: tuple[str, ...] = ("order_id", "account_id")

FEEDBACK: dict[str, str] = {
    "id": "string",
    "source": "category",
    "channel": "category",
    "doc_type": "category",
    "customer_id": "string",
    "author": "string",
    "created_at": "datetime64[ns, UTC]",
    "title": "string",
    "text": "string",
    "rating": "Float64",
    "recommended": "boolean",
    "thread_id": "string",
    "parent_id": "string",
    "reply_count": "Int64",
    "tags": "string",
}

RESPONSES_FIXED: dict[str, str] = {
    "respondent_id": "string",
    "source": "category",
    "customer_id": "string",
    "submitted_at": "datetime64[ns, UTC]",
}

QUESTIONS: dict[str, str] = {
    "question_id": "string",
    "source": "category",
    "text": "string",
    "type": "category",
    "import_id": "string",
    "parent": "string",
    "value_labels": "string",
}

BEHAVIOUR: dict[str, str] = {
    "customer_id": "string",
    "event": "category",
    "value": "Float64",
    "ts": "datetime64[ns, UTC]",
    "detail": "string",
    "source": "category",
}

TABLES: dict[str, dict[str, str]] = {
    "feedback": FEEDBACK,
    "responses": RESPONSES_FIXED,
    "questions": QUESTIONS,
    "behaviour": BEHAVIOUR,
}

_ID_KEY = {"feedback": "id", "responses": "respondent_id", "behaviour": None, "questions": "question_id"}


def empty(table: str) -> pd.DataFrame:
    """An empty frame with the table's columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in TABLES[table].items()})


def parse_utc(values: pd.Series) -> pd.Series:
    """Parse timestamps to UTC; unparseable values become ``NaT``.

    Fast ISO-8601 parsing first, then a per-value fallback (``format="mixed"``) for the rest, e.g. the
    classic tweet CSV's ``2015-02-24 11:35:52 -0800``. Naive timestamps are taken as UTC. Dates outside
    1677–2262 (typos such as ``0202-01-01``) are unparseable too.

    >>> parse_utc(pd.Series(["2024-01-02T03:04:05Z", "2015-02-24 11:35:52 -0800", "soon"])).tolist()[1]
    Timestamp('2015-02-24 19:35:52+0000', tz='UTC')
    """
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.dt.tz_localize("UTC").astype("datetime64[ns, UTC]")
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    out = _in_ns_range(pd.to_datetime(text, utc=True, errors="coerce", format="ISO8601"))
    retry = out.isna() & text.notna()
    if retry.any():
        out.loc[retry] = _in_ns_range(pd.to_datetime(text[retry], utc=True, errors="coerce", format="mixed"))
    return out


def _in_ns_range(stamps: pd.Series) -> pd.Series:
    """Timestamps outside what nanosecond precision holds (before 1677, after 2262) become ``NaT``."""
    low, high = pd.Timestamp.min.tz_localize("UTC"), pd.Timestamp.max.tz_localize("UTC")
    return stamps.where((stamps >= low) & (stamps <= high)).astype("datetime64[ns, UTC]")


def coerce(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Return ``frame`` with the table's columns in order and dtypes applied (missing columns added empty).

    Extra columns are kept after the schema columns (for ``responses``, the question columns).
    Values that cannot be converted become missing; callers that must quarantine such rows compare
    before and after (see :mod:`voclab.ingest.validate`).
    """
    spec = TABLES[table]
    out = pd.DataFrame(index=frame.index)
    for col, dtype in spec.items():
        if col not in frame:
            out[col] = pd.Series(pd.NA, index=frame.index, dtype=dtype if dtype != "category" else "string")
            if dtype == "category":
                out[col] = out[col].astype("category")
            elif dtype.startswith("datetime"):
                out[col] = pd.Series(pd.NaT, index=frame.index, dtype=dtype)
            continue
        values = frame[col]
        if dtype.startswith("datetime"):
            out[col] = parse_utc(values)
        elif dtype in ("Float64", "Int64"):
            numbers = pd.to_numeric(values.astype("string").str.strip().replace("", pd.NA), errors="coerce")
            if dtype == "Int64":
                numbers = numbers.round()
            out[col] = numbers.astype(dtype)
        elif dtype == "category":
            out[col] = values.astype("string").astype("str").astype("category")  # str categories: concat keeps them
        elif dtype == "boolean":
            out[col] = _as_boolean(values)
        else:
            out[col] = _as_string(values)
    extras = [c for c in frame.columns if c not in spec]
    if extras:
        out = pd.concat([out, frame[extras]], axis=1)
    return out


_BOOLEAN = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False, "1.0": True, "0.0": False}


def _as_boolean(values: pd.Series) -> pd.Series:
    """Flags: booleans, ``true``/``false``, ``yes``/``no`` (any case) and 1/0; anything else is missing."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean")
    text = values.map(lambda v: str(v).strip().lower() if v is not None and v is not pd.NA else None)
    return text.map(_BOOLEAN).astype("boolean")


def _as_string(values: pd.Series) -> pd.Series:
    """Strings, with integral floats written without ``.0`` (ids read as numbers stay readable); empty or
    whitespace-only values are missing (a blank text is no text, not a neutral one)."""
    if pd.api.types.is_float_dtype(values.dtype):
        as_int = values.dropna()
        if (as_int == as_int.round()).all():
            return values.astype("Int64").astype("string")
    text = values.astype("string")
    return text.mask(text.str.strip() == "")
