"""Zendesk tickets JSON into the ``feedback`` table.

Accepts the list API page (``{"tickets": [...], "next_page": ..., "count": ...}``), the incremental export
(``{"tickets": [...], "end_of_stream": ..., "after_cursor": ...}``), a single ``{"ticket": {...}}``, a JSON
list of pages, or NDJSON with one page per line. Each ticket becomes a row: ``channel`` and ``doc_type``
``ticket``, ``customer_id`` = ``requester_id``, ``title`` = ``subject``, ``text`` = ``description``,
``rating`` 1 for a *good* satisfaction score, 0 for *bad*, empty otherwise. Extra columns: ``via_channel``,
``status``, ``satisfaction_score``, ``satisfaction_comment``, ``updated_at``.

Incremental exports (and offset paging over changing data) can hold the same ticket more than once. The
latest version (by ``updated_at``, then file order) is kept; older ones are quarantined with a reason that
says so, so that the counts still reconcile.

Example
-------
>>> import json, pathlib, tempfile
>>> page = {"tickets": [{"id": 35436, "subject": "Refund", "description": "Charged twice",
...                      "requester_id": 20978392, "created_at": "2024-05-01T10:00:00Z",
...                      "satisfaction_rating": {"score": "bad", "comment": "slow"}}], "count": 1}
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tickets.json"
>>> _ = p.write_text(json.dumps(page))
>>> read(p, {}).frame[["id", "customer_id", "title", "rating", "satisfaction_comment"]].values.tolist()
[['35436', '20978392', 'Refund', 0, 'slow']]
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
    join_tags,
    malformed_row,
    parse_documents,
    safe_sniff,
    starts_like_json,
)
from voclab.ingest.registry import Parsed, Sample, register

__all__ = ["read"]

_EXTRAS = ("via_channel", "status", "satisfaction_score", "satisfaction_comment", "updated_at")
_HINT = "export them with the Zendesk API (/api/v2/tickets.json or /api/v2/incremental/tickets/cursor.json)"


def _tickets(page: Any) -> list[Any]:
    if not isinstance(page, dict):
        raise WrongShape("expected an object with a 'tickets' list")
    tickets = page.get("tickets")
    if tickets is None and isinstance(page.get("ticket"), dict):
        return [page["ticket"]]
    if not isinstance(tickets, list):
        raise WrongShape("no 'tickets' list")
    return tickets


def _rating(score: object) -> int | None:
    text = str(score or "").lower()
    return 1 if text.startswith("good") else 0 if text.startswith("bad") else None


def _row(ticket: dict[str, Any], record: int) -> dict[str, Any]:
    satisfaction = as_dict(ticket.get("satisfaction_rating"))
    return {
        "id": as_id(ticket.get("id")),
        "channel": "ticket",
        "doc_type": "ticket",
        "customer_id": as_id(ticket.get("requester_id")),
        "created_at": ticket.get("created_at"),
        "title": ticket.get("subject") or ticket.get("raw_subject"),
        "text": ticket.get("description"),
        "rating": _rating(satisfaction.get("score")),
        "tags": join_tags(ticket.get("tags")),
        "via_channel": as_dict(ticket.get("via")).get("channel"),
        "status": ticket.get("status"),
        "satisfaction_score": satisfaction.get("score"),
        "satisfaction_comment": satisfaction.get("comment"),
        "updated_at": ticket.get("updated_at"),
        "_record": record,
    }


def _rows(value: Any, first: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for page in value if isinstance(value, list) else [value]:
        for ticket in _tickets(page):
            record = first + len(rows)
            if isinstance(ticket, dict):
                rows.append(_row(ticket, record))
            else:
                rows.append(malformed_row(record, "a 'tickets' item is not a ticket object", ticket))
    return rows


def _quarantine_old_versions(rows: list[dict[str, Any]]) -> None:
    """Mark all but the latest version of each ticket (by ``updated_at``, then file order)."""
    latest: dict[str, int] = {}
    for index, row in enumerate(rows):
        key = row.get("id")
        if not key or row.get("_reason"):
            continue
        best = latest.get(key)
        if best is None or str(row.get("updated_at") or "") >= str(rows[best].get("updated_at") or ""):
            latest[key] = index
    for index, row in enumerate(rows):
        key = row.get("id")
        if key and not row.get("_reason") and latest[key] != index:
            row["_reason"] = f"older version of ticket {key} (the file has a later one, which is kept)"


@safe_sniff
def _sniff(sample: Sample) -> bool:
    """JSON with a ``"tickets"`` list (or a single ``"ticket"`` object) whose items look like tickets."""
    return (
        bool(starts_like_json(sample))
        and bool(re.search(r'"tickets"\s*:\s*\[|"ticket"\s*:\s*\{', sample.text))
        and bool(re.search(r'"(?:requester_id|subject|via|satisfaction_rating)"\s*:', sample.text))
    )


@register(
    "zendesk",
    table="feedback",
    description="Zendesk tickets JSON (list API or incremental export)",
    sniff=_sniff,
    priority=70,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    rows, blank = parse_documents(path, _rows, "a Zendesk tickets export", _HINT)
    _quarantine_old_versions(rows)
    return Parsed("feedback", feedback_frame(rows, _EXTRAS), blank_rows=blank)
