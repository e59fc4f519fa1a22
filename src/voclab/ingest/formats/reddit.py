"""Reddit submissions and comments into the ``feedback`` table.

Two layouts: Pushshift-style NDJSON dumps (one submission or comment object per line) and the JSON of
Reddit's own ``.json`` pages (a ``Listing``, or the ``[post listing, comment listing]`` pair of a thread, with
nested ``replies``; ``more`` placeholders are skipped). Ids are Reddit *fullnames* (``t3_abc`` for a
submission, ``t1_xyz`` for a comment), the form ``link_id`` and ``parent_id`` already use, so links resolve:
``thread_id`` is the submission, ``parent_id`` the submission or comment replied to. Submissions are
``doc_type`` ``post`` (``title`` → title, ``selftext`` → text, ``num_comments`` → reply_count), comments
``comment`` (``body`` → text). Reddit escapes ``&``, ``<`` and ``>`` in its JSON; they are decoded.
``created_utc`` may be an int, a float or a string of digits. ``link_flair_text`` goes to ``tags``. Extra
columns: ``subreddit``, ``score``.

A malformed NDJSON line (a dump cut mid-line) is quarantined with its line number; a file whose first line
is not JSON is a :class:`~voclab.exceptions.FormatError`.

Example
-------
>>> import json, pathlib, tempfile
>>> lines = [{"id": "abc", "title": "Refund?", "selftext": "", "subreddit": "acme", "created_utc": 1714557600,
...           "num_comments": 1, "author": "u1"},
...          {"id": "xyz", "body": "Ask support", "link_id": "t3_abc", "parent_id": "t3_abc",
...           "subreddit": "acme", "created_utc": "1714557660", "author": "u2"}]
>>> p = pathlib.Path(tempfile.mkdtemp()) / "acme.ndjson"
>>> _ = p.write_text("\\n".join(json.dumps(line) for line in lines))
>>> for row in read(p, {}).frame[["id", "doc_type", "thread_id", "parent_id", "created_at"]].values.tolist():
...     print(row)
['t3_abc', 'post', 't3_abc', None, '2024-05-01T10:00:00+00:00']
['t1_xyz', 'comment', 't3_abc', 't3_abc', '2024-05-01T10:01:00+00:00']
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from voclab.ingest.formats._social import (
    WrongShape,
    as_dict,
    as_id,
    epoch_to_iso,
    feedback_frame,
    json_keys,
    parse_documents,
    safe_sniff,
    unescape,
)
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_EXTRAS = ("subreddit", "score")
_COMMENT_KEYS = {"body", "link_id"}
_SUBMISSION_KEYS = {"title", "selftext", "num_comments"}
_HINT = "expected Pushshift NDJSON (one submission/comment per line) or a Reddit .json Listing"


def _things(value: Any) -> Iterator[dict[str, Any]]:
    """Submissions and comments in a JSON value: a Listing (recursively), a ``{kind, data}`` or a bare one."""
    if isinstance(value, list):
        for item in value:
            yield from _things(item)
        return
    if not isinstance(value, dict):
        return
    kind, data = value.get("kind"), value.get("data")
    if kind == "Listing":
        yield from _things(as_dict(data).get("children") or [])
    elif kind in ("t1", "t3") and isinstance(data, dict):
        own = data.get("name") or (f"{kind}_{data['id']}" if data.get("id") else None)
        yield {**data, "name": own}
        yield from _things(data.get("replies") or [])
    elif kind is None and (value.keys() & (_COMMENT_KEYS | _SUBMISSION_KEYS)):
        yield value


def _fullname(thing: dict[str, Any], is_comment: bool) -> str | None:
    name = as_id(thing.get("name"))
    if name and re.fullmatch(r"t\d_\w+", name):
        return name
    base = as_id(thing.get("id"))
    return f"{'t1' if is_comment else 't3'}_{base}" if base else None


def _is_comment(thing: dict[str, Any]) -> bool:
    name = str(thing.get("name") or "")
    return name.startswith("t1_") or (not name.startswith("t3_") and bool(thing.keys() & _COMMENT_KEYS))


def _row(thing: dict[str, Any], record: int) -> dict[str, Any]:
    comment = _is_comment(thing)
    own = _fullname(thing, comment)
    return {
        "id": own,
        "channel": "forum",
        "doc_type": "comment" if comment else "post",
        "author": thing.get("author"),
        "created_at": epoch_to_iso(thing.get("created_utc")),
        "title": None if comment else unescape(thing.get("title")),
        "text": unescape(thing.get("body") if comment else thing.get("selftext")),
        "thread_id": as_id(thing.get("link_id")) if comment else own,
        "parent_id": as_id(thing.get("parent_id")) if comment else None,
        "reply_count": None if comment else thing.get("num_comments"),
        "tags": thing.get("link_flair_text"),
        "subreddit": thing.get("subreddit"),
        "score": thing.get("score"),
        "_record": record,
    }


def _is_listing(value: Any) -> bool:
    """A Listing (possibly empty), or a list of them (a thread page)."""
    if isinstance(value, list):
        return bool(value) and all(_is_listing(item) for item in value)
    return isinstance(value, dict) and value.get("kind") == "Listing"


def _rows(value: Any, first: int) -> list[dict[str, Any]]:
    things = list(_things(value))
    if not things and not _is_listing(value):
        raise WrongShape("no submission or comment in it")
    return [_row(thing, number) for number, thing in enumerate(things, start=first)]


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """A Reddit Listing, or JSON objects with ``subreddit``/``created_utc`` and a body, title or link."""
    if re.search(r'"kind"\s*:\s*"Listing"', sample.text[:2000]):
        return True
    keys = json_keys(sample)
    return bool(keys & {"subreddit", "created_utc"}) and bool(keys & (_COMMENT_KEYS | _SUBMISSION_KEYS))


@register(
    "reddit",
    table="feedback",
    description="Reddit NDJSON dump (Pushshift) or Reddit .json Listing",
    sniff=_sniff,
    priority=66,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    rows, blank = parse_documents(path, _rows, "Reddit data", _HINT)
    return Parsed("feedback", feedback_frame(rows, _EXTRAS), blank_rows=blank)
