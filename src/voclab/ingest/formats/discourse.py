"""Discourse topics (the ``/t/{id}.json`` layout) into the ``feedback`` table.

Accepts one topic, a JSON list of topics, or NDJSON with one topic per line. Each post becomes a row:
``text`` is the ``cooked`` HTML as plain text (quotes of other posts removed, so that no text is counted
twice), ``thread_id`` the topic id, ``parent_id`` the post replied to (``reply_to_post_number``) or else the
first post. The first post carries the topic ``title`` and is ``doc_type`` ``question`` when the topic
looks like one (a title ending in ``?``, or the *solved* plugin's fields), else ``post``; the others are
``reply``. Its ``reply_count`` is the topic's ``posts_count`` minus
one minus the system notices seen (so an unanswered topic shows 0); a reply's is its own ``reply_count``.
Topic tags go on every post. System notices (``post_type`` 3, "closed", "pinned", ...) are skipped.
Extra columns: ``post_number``, ``accepted`` (the *solved* plugin's accepted answer), ``category_id``.

Discourse's topic JSON holds only the first 20 posts (``post_stream.stream`` lists the rest by id); fetch
``/t/{id}/posts.json?post_ids[]=...`` for more.

Example
-------
>>> import json, pathlib, tempfile
>>> topic = {"id": 7, "title": "Export fails?", "posts_count": 1, "tags": ["export"],
...          "post_stream": {"posts": [{"id": 70, "post_number": 1, "username": "ana",
...                                     "created_at": "2024-05-01T10:00:00.000Z",
...                                     "cooked": "<p>It &amp; fails</p>"}]}}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "t7.json"
>>> _ = p.write_text(json.dumps(topic))
>>> read(p, {}).frame[["id", "doc_type", "text", "thread_id", "reply_count", "tags"]].values.tolist()
[['70', 'question', 'It & fails', '7', 0, 'export']]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from voclab.ingest._files import html_to_text
from voclab.ingest.formats._social import (
    WrongShape,
    as_dict,
    as_id,
    feedback_frame,
    join_tags,
    json_keys,
    parse_documents,
    safe_sniff,
    starts_like_json,
)
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_EXTRAS = ("post_number", "accepted", "category_id")
_SMALL_ACTION = 3
_QUOTE = re.compile(r'<aside class="quote[^"]*".*?</aside>', re.DOTALL)
_SOLVED_KEYS = ("accepted_answer", "has_accepted_answer", "can_have_answer")
_HINT = "save each topic from https://FORUM/t/{id}.json (a topic with a post_stream), or a JSON list of them"


def _topics(value: Any) -> list[dict[str, Any]]:
    topics = value if isinstance(value, list) else [value]
    for topic in topics:
        if not isinstance(topic, dict):
            raise WrongShape("expected topic objects")
        if "topic_list" in topic:
            raise WrongShape("this is a topic list (/latest.json), which has no post texts")
        if not isinstance(topic.get("post_stream"), dict):
            raise WrongShape("a topic without a post_stream")
    return topics


def _text(cooked: object) -> str:
    """Plain text of a post, without the quoted parts of other posts (they would be counted twice)."""
    return html_to_text(_QUOTE.sub("", cooked)) if isinstance(cooked, str) else ""


def _is_question(topic: dict[str, Any]) -> bool:
    title = str(topic.get("title") or "").strip()
    return title.endswith("?") or any(key in topic for key in _SOLVED_KEYS)


def _opener_replies(topic: dict[str, Any], posts: list[dict[str, Any]], notices: int) -> Any:
    """Replies to the topic: ``posts_count - 1`` less the system notices (Discourse counts those too)."""
    count = topic.get("posts_count")
    if isinstance(count, int) and not isinstance(count, bool):
        return max(count - 1 - notices, 0)
    return sum(1 for post in posts if post.get("post_number") != 1)


def _post_fields(post: dict[str, Any]) -> dict[str, Any]:
    """What a post says about itself."""
    return {
        "id": as_id(post.get("id")),
        "author": post.get("username"),
        "created_at": post.get("created_at"),
        "text": _text(post.get("cooked")),
        "reply_count": post.get("reply_count"),
        "post_number": post.get("post_number"),
        "accepted": bool(post.get("accepted_answer")),
    }


def _topic_rows(topic: dict[str, Any], first: int) -> list[dict[str, Any]]:
    stream = [p for p in as_dict(topic["post_stream"]).get("posts") or [] if isinstance(p, dict)]
    posts = [p for p in stream if p.get("post_type") != _SMALL_ACTION]
    ids = {post.get("post_number"): as_id(post.get("id")) for post in posts}
    shared = {
        "channel": "forum",
        "thread_id": as_id(topic.get("id")),
        "tags": join_tags(topic.get("tags")),
        "category_id": topic.get("category_id"),
    }
    opener = {
        "doc_type": "question" if _is_question(topic) else "post",
        "title": topic.get("title"),
        "reply_count": _opener_replies(topic, posts, notices=len(stream) - len(posts)),
    }
    rows = []
    for number, post in enumerate(posts, start=first):
        row = {**shared, **_post_fields(post), "_record": number}
        if post.get("post_number") == 1:
            row.update(opener)
        else:
            parent = ids.get(post.get("reply_to_post_number")) or ids.get(1)
            row.update(doc_type="reply", parent_id=parent)
        if row["thread_id"] is None:
            row["thread_id"] = as_id(post.get("topic_id"))
        rows.append(row)
    return rows


def _rows(value: Any, first: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for topic in _topics(value):
        rows.extend(_topic_rows(topic, first + len(rows)))
    return rows


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """JSON with a ``post_stream``."""
    return bool(starts_like_json(sample)) and "post_stream" in json_keys(sample)


@register(
    "discourse",
    table="feedback",
    description="Discourse topic JSON (/t/{id}.json), one topic or a list",
    sniff=_sniff,
    priority=70,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    rows, blank = parse_documents(path, _rows, "a Discourse topic", _HINT)
    return Parsed("feedback", feedback_frame(rows, _EXTRAS), blank_rows=blank)
