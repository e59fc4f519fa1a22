"""The processed tables of a project (read on first use), the open survey answers as texts, and the scored-text
cache that notebooks and report batches share.

>>> tables = voclab.project.open_project("voclab.toml").tables  # doctest: +SKIP
>>> tables.feedback.channel.value_counts()  # doctest: +SKIP
>>> scored = scored_texts(tables, "data/interim")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import hashlib
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.parquet as pq

from voclab import __version__
from voclab._atomic import atomic_folder, atomic_path, atomic_write_text, sha256_file
from voclab.ingest.store import dataset_parts, read_manifest, read_table

if TYPE_CHECKING:
    from voclab.config import Compute
    from voclab.text import Codebook

__all__ = ["TEXT_COLUMNS", "Tables", "scored_aspects", "scored_dataset", "scored_texts", "survey_comments"]

#: The columns every text of a project has (feedback and open survey answers), before scoring.
TEXT_COLUMNS = ["id", "source", "channel", "customer_id", "created_at", "text"]
#: The file in the interim folder that caches :func:`scored_texts` (read by :func:`scored_dataset` too).
_SCORED_TEXTS = "scored_texts.parquet"


@dataclass(frozen=True)
class Tables:
    """The processed tables of one folder, each read on first use."""

    processed: Path
    summary: pd.DataFrame

    def has(self, table: str) -> bool:
        """Whether the project ingested any row into ``table`` (``feedback``, ``responses``, ``behaviour``…); ingest
        writes every table, empty when no source fills it."""
        path = self.processed / f"{table}.parquet"
        if path.is_file() and pq.ParquetFile(path).metadata.num_rows > 0:
            return True
        return any(e.get("dataset") and e["table"] == table for e in read_manifest(self.processed)["sources"].values())

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


def scored_texts(
    tables: Tables,
    interim_dir: str | Path,
    codebook: Codebook | None = None,
    *,
    compute: Compute | None = None,
    **sentiment: object,
) -> pd.DataFrame:
    """Feedback and survey comments through :func:`voclab.text.analyze` (``codebook``, default the starter
    codebook; handles redacted; ``sentiment`` options ``method``, ``brands``, ``lexicon``), computed once per
    version of the processed data, the codebook and those options, and cached in ``interim_dir`` — reports and
    notebooks reuse it instead of scoring every text again. ``compute`` (``[compute]``) says where the scoring
    runs (:func:`voclab.engine.choose_engine`); the answer is the same either way, and the cache's ``.engine``
    file says which ran."""
    from voclab.config import Compute
    from voclab.engine import choose_engine, dask_client
    from voclab.text import analyze, starter_codebook

    codebook = codebook or starter_codebook()

    def run() -> pd.DataFrame:
        parts = [tables.feedback] if tables.has("feedback") else []
        parts += [survey_comments(tables)] if tables.has("questions") else []
        corpus = pd.concat(parts, ignore_index=True)
        corpus["source"] = corpus["source"].astype("string")
        corpus["channel"] = corpus["channel"].astype("string")
        engine = choose_engine(len(corpus), compute or Compute())
        if engine == "pandas":
            scored = analyze(corpus, codebook=codebook, handles=True, **sentiment)
        else:
            with dask_client(compute or Compute()):
                scored = analyze(corpus, codebook=codebook, handles=True, engine="dask", **sentiment)
        atomic_write_text(cache.with_suffix(".engine"), engine)
        return scored

    cache = Path(interim_dir) / _SCORED_TEXTS
    return _cached(cache, _texts_key(tables, codebook, sentiment), run)


def scored_dataset(
    tables: Tables,
    interim_dir: str | Path,
    codebook: Codebook | None = None,
    *,
    compute: Compute | None = None,
    **sentiment: object,
) -> object:
    """:func:`scored_texts` out of core, as a lazy Dask DataFrame: the same rows and per-text columns (row order
    aside), scored on the Dask engine (:func:`voclab.engine.dask_client` with ``compute``) a partition at a time
    — the feedback files (:func:`voclab.ingest.store.dataset_parts`, sources ingested in blocks included) by
    :func:`voclab.text.analyze_parquet`, the open survey answers by :func:`voclab.text.analyze` — and written as
    Parquet under ``interim_dir/scored_dataset/`` (replaced whole when complete), cached under the same key as
    :func:`scored_texts` — whose cache, when current, is read instead (a report that scored its texts in memory
    does not score them again out of core). Nothing comes back to this process but what you compute from it:
    aggregate it with :func:`voclab.text.net_sentiment`, :func:`voclab.text.theme_counts` or ``groupby`` and only
    the totals return.
    On an existing cluster (``[compute] scheduler``) the workers read and write these folders by their paths:
    they need the project's folders on a disk they share with it.

    >>> lazy = scored_dataset(tables, "data/interim", compute=Compute(engine="dask"))  # doctest: +SKIP
    >>> voclab.text.net_sentiment(lazy, by="channel")  # doctest: +SKIP
    """
    import dask.dataframe as dd

    from voclab.text import analyze, analyze_parquet, starter_codebook

    codebook = codebook or starter_codebook()
    target, key = Path(interim_dir) / "scored_dataset", _texts_key(tables, codebook, sentiment)
    in_memory = Path(interim_dir) / _SCORED_TEXTS
    if in_memory.is_file() and _stamped(in_memory.with_suffix(".key"), key):
        return _read_scored(in_memory)
    stamp = target.with_suffix(".key")
    if not (target.is_dir() and _stamped(stamp, key)):
        stamp.unlink(missing_ok=True)  # a run stopped after the folder was replaced must not pass for the old one
        feedback = dataset_parts("feedback", tables.processed)
        comments = survey_comments(tables) if tables.has("questions") else pd.DataFrame()
        with atomic_folder(target) as building, _cluster_if(bool(feedback) or len(comments) > 0, compute):
            for number, files in enumerate(feedback):
                analyze_parquet(
                    files, building / f"feedback-{number}", codebook=codebook, progress=sys.stderr.isatty(), **sentiment
                )
            if len(comments):
                scored = analyze(comments, codebook=codebook, handles=True, engine="dask", progress=False, **sentiment)
                (building / "survey").mkdir()
                scored.to_parquet(building / "survey" / "part.0.parquet", index=False)
        atomic_write_text(stamp, key)
    parts = [_read_scored(part) for part in sorted(target.iterdir())]
    if not parts:
        return dd.from_pandas(pd.DataFrame(columns=TEXT_COLUMNS), npartitions=1)
    if len(parts) == 1:
        return parts[0]
    meta = pd.concat([part._meta for part in parts], ignore_index=True)  # the union of columns, typed as pandas would
    return dd.concat([part.map_partitions(_conform, meta, meta=meta) for part in parts])


def _cluster_if(needed: bool, compute: Compute | None):
    """:func:`voclab.engine.dask_client` for ``compute`` (default: the Dask engine's) when there is work for it."""
    from voclab.config import Compute
    from voclab.engine import dask_client

    return dask_client(compute or Compute(engine="dask")) if needed else contextlib.nullcontext()


def _read_scored(folder: Path) -> object:
    """One part of :func:`scored_dataset` (or the file of :func:`scored_texts`), lazily, its columns typed alike
    across parts (a column one source stores as categorical and another as text is text; ``label`` keeps its
    categories)."""
    import dask.dataframe as dd

    from voclab.text.sentiment import LABELS

    frame = dd.read_parquet(folder)
    recast = {c: "string" for c, t in frame.dtypes.items() if isinstance(t, pd.CategoricalDtype)}
    return frame.astype({**recast, "label": pd.CategoricalDtype(list(LABELS))})


def _conform(frame: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns and types of ``meta`` (a column it lacks is missing on every row)."""
    return frame.reindex(columns=meta.columns).astype(meta.dtypes.to_dict())


def scored_aspects(
    tables: Tables,
    interim_dir: str | Path,
    codebook: Codebook | None = None,
    *,
    compute: Compute | None = None,
    **sentiment: object,
) -> pd.DataFrame:
    """:func:`voclab.text.aspect_sentiment` of :func:`scored_texts` (``row`` is its index), cached beside it
    under the same key."""
    from voclab.text import aspect_sentiment, starter_codebook

    codebook = codebook or starter_codebook()
    texts = scored_texts(tables, interim_dir, codebook, compute=compute, **sentiment)
    key = _texts_key(tables, codebook, sentiment)
    return _cached(
        Path(interim_dir) / "scored_aspects.parquet",
        key,
        lambda: aspect_sentiment(texts["text"], codebook, **sentiment),
    )


def _texts_key(tables: Tables, codebook: Codebook, sentiment: dict[str, object]) -> str:
    rules = codebook.table[["theme", "parent", "include", "exclude"]].to_json()
    key = (
        f"{sha256_file(tables.processed / 'manifest.json')} voclab {__version__} "
        f"codebook {hashlib.sha256(rules.encode()).hexdigest()} sentiment {sorted(sentiment.items())!r}"
    )
    lexicon = sentiment.get("lexicon")
    return key + (f" lexicon {sha256_file(Path(str(lexicon)))}" if lexicon else "")


def _stamped(stamp: Path, key: str) -> bool:
    """Whether the ``.key`` file ``stamp`` of a cached result holds ``key`` (the result is still current)."""
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == key


def _cached(cache: Path, key: str, compute) -> pd.DataFrame:
    """``compute()``, or the Parquet ``cache`` of it when its ``.key`` file holds ``key`` (written atomically)."""
    stamp = cache.with_suffix(".key")
    if cache.is_file() and _stamped(stamp, key):
        return pd.read_parquet(cache)
    result = compute()
    with atomic_path(cache) as tmp:
        result.to_parquet(tmp, index=False)
    atomic_write_text(stamp, key)
    return result
