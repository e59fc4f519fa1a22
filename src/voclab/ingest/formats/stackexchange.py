"""Stack Exchange data dump ``Posts.xml`` into the ``feedback`` table.

The dump is one ``<row .../>`` per post inside ``<posts>``, streamed with ``iterparse`` (memory stays flat on
multi-gigabyte dumps). Questions (``PostTypeId`` 1) become ``doc_type`` ``question`` with ``Title`` as title
and ``AnswerCount`` as ``reply_count``; answers (2) become ``answer`` with ``parent_id`` = ``ParentId``. Both
have ``thread_id`` = the question id. ``Body`` HTML becomes plain text; ``Tags`` (``<a><b>`` in older dumps,
``|a|b|`` in newer) become ``a;b``; ``CreationDate`` has no zone and is UTC. Other post types (tag wikis,
nominations) are not feedback: they are skipped and counted (``skipped_rows``). Extra columns:
``owner_user_id``, ``score``, ``accepted_answer_id`` (questions) and ``accepted`` (answers: is it the
question's accepted answer).

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "Posts.xml"
>>> _ = p.write_text('<posts><row Id="1" PostTypeId="1" CreationDate="2024-01-02T03:04:05.123" '
...                  'Title="Rate limit?" Body="&lt;p&gt;429 &amp;amp; retry&lt;/p&gt;" Tags="|api|" '
...                  'AnswerCount="0" /></posts>')
>>> read(p, {}).frame[["id", "doc_type", "text", "thread_id", "reply_count", "tags"]].values.tolist()
[['1', 'question', '429 & retry', '1', '0', 'api']]
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from voclab.exceptions import FormatError
from voclab.ingest._files import html_to_text
from voclab.ingest.formats._social import feedback_frame, safe_sniff, split_tags
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_EXTRAS = ("owner_user_id", "score", "accepted_answer_id", "accepted")
_KINDS = {"1": "question", "2": "answer"}
_OTHER_DUMP_FILES = {"comments", "users", "votes", "badges", "posthistory", "postlinks", "tags"}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """The attributes of each ``<row>``, streamed; XML errors become a FormatError with line and column."""
    root: ET.Element | None = None
    try:
        for event, element in ET.iterparse(path, events=("start", "end")):
            if root is None:
                root = element
                _check_root(root.tag, path)
            elif event == "end" and element.tag == "row":
                yield dict(element.attrib)
                root.clear()  # keep memory flat: a row is done with once read
    except ET.ParseError as exc:
        line, column = exc.position
        raise FormatError(
            "broken XML: " + re.sub(r":? *line \d+, column \d+$", "", str(exc)),
            path=path,
            line=line,
            column=column + 1,
            hint="the dump is truncated or damaged; extract Posts.xml from the archive again",
        ) from None


def _check_root(tag: str, path: Path) -> None:
    if tag.lower() in _OTHER_DUMP_FILES:
        raise FormatError(
            f"this is the Stack Exchange <{tag}> file, not Posts.xml",
            path=path,
            line=1,
            hint="load Posts.xml from the same dump",
        )


def _row(attrs: Mapping[str, str], record: int, kind: str) -> dict[str, Any]:
    question = kind == "question"
    return {
        "id": attrs.get("Id"),
        "channel": "forum",
        "doc_type": kind,
        "author": attrs.get("OwnerDisplayName") or attrs.get("OwnerUserId"),
        "created_at": attrs.get("CreationDate"),
        "title": attrs.get("Title"),
        "text": html_to_text(attrs.get("Body")),
        "thread_id": attrs.get("Id") if question else attrs.get("ParentId"),
        "parent_id": None if question else attrs.get("ParentId"),
        "reply_count": attrs.get("AnswerCount") if question else None,
        "tags": split_tags(attrs.get("Tags")),
        "owner_user_id": attrs.get("OwnerUserId"),
        "score": attrs.get("Score"),
        "accepted_answer_id": attrs.get("AcceptedAnswerId"),
        "_record": record,
    }


def _mark_accepted(rows: list[dict[str, Any]]) -> None:
    accepted = {row["accepted_answer_id"] for row in rows if row.get("accepted_answer_id")}
    for row in rows:
        if row.get("doc_type") == "answer":
            row["accepted"] = row["id"] in accepted


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """XML whose root is ``<posts>``, or with ``<row Id=...>`` elements carrying a ``PostTypeId``."""
    head = sample.text.lstrip()
    if not head.startswith("<"):
        return False
    return bool(re.search(r"<posts[\s>]", head[:4096])) or ("<row " in head and "PostTypeId=" in head)


@register(
    "stackexchange",
    table="feedback",
    description="Stack Exchange data dump Posts.xml",
    sniff=_sniff,
    priority=72,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    rows: list[dict[str, Any]] = []
    skipped = 0
    for record, attrs in enumerate(_rows(path), start=1):
        post_type = attrs.get("PostTypeId", "").strip()
        code = str(int(post_type)) if post_type.isdigit() else post_type  # " 1" and "02" are 1 and 2
        if code in _KINDS:
            rows.append(_row(attrs, record, _KINDS[code]))
        elif not code.isdigit():
            reason = f"PostTypeId {post_type!r} is not a number" if post_type else "row without a PostTypeId"
            rows.append({"id": attrs.get("Id"), "_record": record, "_reason": reason})
        else:
            skipped += 1  # a tag wiki, nomination, ...: read, counted, not feedback
    _mark_accepted(rows)
    return Parsed("feedback", feedback_frame(rows, _EXTRAS), skipped_rows=skipped)
