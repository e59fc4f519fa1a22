"""What the generator remembers about what it wrote: text documents, survey responses, file counts.

The ground truth is computed from these records, independently of the readers that later load the files.

Example
-------
>>> doc = Doc("tickets/zendesk_tickets.json", "48211", 3, 86_400, "Charged twice", title="Billing")
>>> doc.full_text
'Billing\\nCharged twice'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Doc", "FileCounts", "Response", "Ticket"]


@dataclass
class Doc:
    """One piece of customer text as written to ``file`` under ``id`` (``customer`` -1 when unknown)."""

    file: str
    id: str
    customer: int
    t: int
    text: str
    title: str = ""
    planted: tuple[str, ...] = ()
    channel: str = ""

    @property
    def full_text(self) -> str:
        return f"{self.title}\n{self.text}" if self.title else self.text


@dataclass
class Response:
    """One survey response: who, when (seconds since 2025-01-01), and the answers by column id."""

    response_id: str
    customer: int
    wave: int
    start: int
    end: int
    answers: dict[str, object] = field(default_factory=dict)
    comment: str = ""
    planted: tuple[str, ...] = ()


@dataclass
class FileCounts:
    """What loading a file should report: rows read, kept, quarantined (by reason), exact duplicates dropped."""

    rows_read: int
    quarantined: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0

    @property
    def kept(self) -> int:
        return self.rows_read - sum(self.quarantined.values()) - self.duplicates

    def as_dict(self) -> dict[str, object]:
        return {
            "rows_read": self.rows_read,
            "kept": self.kept,
            "quarantined": sum(self.quarantined.values()),
            "quarantine_reasons": dict(self.quarantined),
            "duplicates": self.duplicates,
        }


@dataclass
class Ticket:
    """A support ticket: who, when (seconds), its theme, how it went."""

    id: int
    customer: int
    created: int
    updated: int
    theme: str
    status: str
    agent_quality: float
    resolved: bool
    subject: str = ""
    text: str = ""
