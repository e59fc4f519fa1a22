"""The demo workspace: make sure the demo company exists and is ingested, then hand notebooks their tables.

Every notebook starts the same way — "give me the processed tables, generating and ingesting the demo data if
this is a fresh clone" — so that lives here, once:

>>> tables = ensure_demo("../data/raw/demo", "../data/processed")  # doctest: +SKIP
>>> tables.feedback.channel.value_counts()  # doctest: +SKIP

Re-running is cheap: generation is skipped when the files exist, ingest is a no-op for unchanged files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from voclab.ingest.store import SourceSpec, ingest, read_table

__all__ = ["DEMO_SOURCES", "Tables", "demo_specs", "ensure_demo"]

#: The demo company's sources: name, file under the demo folder, kind (mirrored by the shipped voclab.toml).
DEMO_SOURCES: tuple[tuple[str, str, str], ...] = (
    ("relationship_survey", "surveys/relationship_qualtrics.csv", "qualtrics"),
    ("support_csat", "surveys/support_csat_surveymonkey.csv", "surveymonkey"),
    ("tickets", "tickets/zendesk_tickets.json", "zendesk"),
    ("forum", "forum/discourse_topics.json", "discourse"),
    ("x", "social/x_api_v2.json", "x-json"),
    ("reddit", "social/reddit.ndjson", "reddit"),
    ("app_reviews", "reviews/app_reviews.csv", "reviews"),
    ("customers", "behaviour/customers.csv", "behaviour"),
    ("events", "behaviour/events.csv", "behaviour"),
)


@dataclass(frozen=True)
class Tables:
    """The processed tables of one folder, each read on first use."""

    processed: Path
    summary: pd.DataFrame

    def source(self, name: str, table: str = "responses") -> pd.DataFrame:
        """One source's rows (for a survey: only its own question columns)."""
        return read_table(table, source=name, processed=self.processed)

    @cached_property
    def feedback(self) -> pd.DataFrame:
        return read_table("feedback", processed=self.processed)

    @cached_property
    def behaviour(self) -> pd.DataFrame:
        return read_table("behaviour", processed=self.processed)

    @cached_property
    def questions(self) -> pd.DataFrame:
        return read_table("questions", processed=self.processed)


def demo_specs(raw_dir: str | Path) -> list[SourceSpec]:
    """The demo sources under ``raw_dir`` as ingest specs."""
    return [SourceSpec(Path(raw_dir) / file, kind, name=name) for name, file, kind in DEMO_SOURCES]


def ensure_demo(
    raw_dir: str | Path,
    processed_dir: str | Path,
    quarantine_dir: str | Path | None = None,
    seed: int = 42,
    customers: int = 5000,
) -> Tables:
    """Generate the demo company into ``raw_dir`` unless it is there, ingest it, return its :class:`Tables`."""
    from voclab.demo import generate

    raw = Path(raw_dir)
    if not (raw / "ground_truth.json").is_file():
        generate(raw, seed=seed, customers=customers)
    summary = ingest(demo_specs(raw), processed_dir, quarantine_dir)
    return Tables(Path(processed_dir), summary)
