"""X (Twitter) API v2 JSON into the ``feedback`` table.

Accepts one response page ``{"data": [...], "includes": {"users": [...]}, "meta": {...}}``, a JSON list of
pages, or NDJSON with one page (or one streamed ``{"data": {...}}`` tweet) per line. Each tweet becomes a row:
``author`` is the ``username`` from ``includes.users`` (the ``author_id`` when the page has no user
expansion), ``thread_id`` the ``conversation_id``, ``parent_id`` the ``replied_to`` referenced tweet,
``reply_count`` from ``public_metrics``; the full text of long posts comes from ``note_tweet``. HTML entities
(``&amp;``) are decoded. Extra columns: ``author_id``, ``lang``, ``like_count``, ``retweet_count``.

Example
-------
>>> import json, pathlib, tempfile
>>> page = {"data": [{"id": "1785000000000000001", "text": "Hi &amp; bye", "author_id": "9",
...                   "created_at": "2024-05-01T10:00:00.000Z", "conversation_id": "1785000000000000001"}],
...         "includes": {"users": [{"id": "9", "username": "ana"}]}}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "search.json"
>>> _ = p.write_text(json.dumps(page))
>>> read(p, {}).frame[["id", "author", "text", "thread_id"]].values.tolist()
[['1785000000000000001', 'ana', 'Hi & bye', '1785000000000000001']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from voclab.ingest.formats._social import (
    WrongShape,
    as_dict,
    as_id,
    feedback_frame,
    json_keys,
    malformed_row,
    parse_documents,
    safe_sniff,
    starts_like_json,
    unescape,
)
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_EXTRAS = ("author_id", "lang", "like_count", "retweet_count")
_X_KEYS = {"author_id", "conversation_id", "edit_history_tweet_ids", "public_metrics", "referenced_tweets"}
_RATING_KEYS = {"rating", "stars", "score", "star_rating"}
_HINT = "expected an X API v2 response: {'data': [{'id': ..., 'text': ...}], 'includes': {...}}"


def _pages(value: Any) -> list[dict[str, Any]]:
    """A page, or a list of pages, as a list of pages."""
    pages = value if isinstance(value, list) else [value]
    if not all(isinstance(page, dict) for page in pages):
        raise WrongShape("a JSON list that is not a list of response pages")
    return pages


def _tweets(page: dict[str, Any]) -> list[Any]:
    """The tweets of one page: ``data`` as a list, a streamed single tweet, or nothing (an empty result)."""
    data = page.get("data")
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    if data is None and ("meta" in page or "errors" in page):
        return []  # a page with no results: {"meta": {"result_count": 0}}
    if "id" in page and "text" in page:
        return [page]  # a bare tweet object
    raise WrongShape("no 'data' list of tweets")


def _usernames(page: dict[str, Any]) -> dict[str, str]:
    users = as_dict(page.get("includes")).get("users") or []
    return {as_id(u.get("id")) or "": u.get("username") for u in users if isinstance(u, dict)}


def _parent(tweet: dict[str, Any]) -> str | None:
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict) and ref.get("type") == "replied_to":
            return as_id(ref.get("id"))
    return None


def _row(tweet: dict[str, Any], users: Mapping[str, str], record: int) -> dict[str, Any]:
    metrics = as_dict(tweet.get("public_metrics"))
    author_id = as_id(tweet.get("author_id"))
    text = as_dict(tweet.get("note_tweet")).get("text") or tweet.get("text")
    return {
        "id": as_id(tweet.get("id")),
        "channel": "social",
        "doc_type": "tweet",
        "author": users.get(author_id or "", author_id),
        "created_at": tweet.get("created_at"),
        "text": unescape(text),
        "thread_id": as_id(tweet.get("conversation_id")),
        "parent_id": _parent(tweet),
        "reply_count": metrics.get("reply_count"),
        "author_id": author_id,
        "lang": tweet.get("lang"),
        "like_count": metrics.get("like_count"),
        "retweet_count": metrics.get("retweet_count"),
        "_record": record,
    }


def _rows(value: Any, first: int) -> list[dict[str, Any]]:
    """Rows of one JSON document (a page or a list of pages), records numbered from ``first``."""
    rows = []
    for page in _pages(value):
        users = _usernames(page)
        for tweet in _tweets(page):
            record = first + len(rows)
            if isinstance(tweet, dict):
                rows.append(_row(tweet, users, record))
            else:
                rows.append(malformed_row(record, "a data item is not a tweet object", tweet))
    return rows


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """JSON with a ``"data"`` list (or streamed object) of items with ``id`` and ``text``."""
    keys = json_keys(sample)
    if not starts_like_json(sample) or not re.search(r'"data"\s*:\s*[\[{]', sample.text):
        return False
    if not {"id", "text"} <= keys:
        return False
    return bool(keys & _X_KEYS) or not keys & _RATING_KEYS


@register(
    "x-json",
    table="feedback",
    description="Twitter/X API v2 JSON (pages of tweets)",
    sniff=_sniff,
    priority=64,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    rows, blank = parse_documents(path, _rows, "an X API v2 response", _HINT)
    return Parsed("feedback", feedback_frame(rows, _EXTRAS), blank_rows=blank)
