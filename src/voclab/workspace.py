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

from voclab import __version__
from voclab._atomic import atomic_path, atomic_write_text, sha256_file
from voclab.config import load as load_config
from voclab.demo.project import SOURCES as DEMO_SOURCES
from voclab.exceptions import FormatError
from voclab.ingest.store import SourceSpec, config_specs, ingest, read_table

__all__ = ["DEMO_SOURCES", "Tables", "demo_specs", "ensure_demo", "open_project", "scored_texts", "survey_comments"]


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


def open_project(config_path: str | Path | None = None, seed: int = 42, customers: int = 5000) -> Tables:
    """The sources of ``voclab.toml`` (found upwards from here when not given), ingested — a no-op for files
    that did not change — as :class:`Tables`. Missing demo files (under ``<raw>/demo``) are generated first;
    any other missing source is an error."""
    from voclab.demo import generate

    cfg = load_config(config_path)
    demo = cfg.paths.raw / "demo"
    missing = [Path(s.file) for s in cfg.sources if not Path(s.file).is_file()]
    if missing and all(demo in path.parents for path in missing):
        generate(demo, seed=seed, customers=customers)
    elif missing:
        raise FormatError(f"{missing[0]}: source file not found", hint="fix [[sources]] in voclab.toml")
    summary = ingest(config_specs(cfg), cfg.paths.processed, cfg.paths.quarantine, limits=cfg.limits)
    return Tables(cfg.paths.processed, summary)


def survey_comments(tables: Tables) -> pd.DataFrame:
    """Every open-ended survey answer (questions of type ``text``) as feedback rows: ``id`` (respondent id),
    ``source``, ``channel`` ("survey"), ``customer_id``, ``created_at``, ``question_id``, ``text``."""
    questions = tables.questions
    parts = []
    for source, group in questions[questions["type"] == "text"].groupby("source", observed=True):
        answers = tables.source(str(source))
        for question in group["question_id"]:
            rows = answers[answers[question].notna()]
            parts.append(
                pd.DataFrame(
                    {
                        "id": rows["respondent_id"].astype("string"),
                        "source": str(source),
                        "channel": "survey",
                        "customer_id": rows["customer_id"],
                        "created_at": rows["submitted_at"],
                        "question_id": question,
                        "text": rows[question].astype("string"),
                    }
                )
            )
    columns = ["id", "source", "channel", "customer_id", "created_at", "question_id", "text"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def scored_texts(tables: Tables, interim_dir: str | Path) -> pd.DataFrame:
    """Feedback and survey comments through :func:`voclab.text.analyze` (starter codebook, handles redacted),
    computed once per version of the processed data and cached in ``interim_dir`` — reports and notebooks
    reuse it instead of scoring every text again."""
    from voclab.text import analyze

    cache = Path(interim_dir) / "scored_texts.parquet"
    stamp = cache.with_suffix(".key")
    key = f"{sha256_file(tables.processed / 'manifest.json')} voclab {__version__}"
    if cache.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return pd.read_parquet(cache)
    corpus = pd.concat([tables.feedback, survey_comments(tables)], ignore_index=True)
    corpus["source"] = corpus["source"].astype("string")
    corpus["channel"] = corpus["channel"].astype("string")
    scored = analyze(corpus, handles=True)
    with atomic_path(cache) as tmp:
        scored.to_parquet(tmp, index=False)
    atomic_write_text(stamp, key)
    return scored
