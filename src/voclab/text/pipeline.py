"""The per-text pipeline in one call: clean → redact → sentiment → codebook, chunked across cores.

Every step is a function of the text alone, so the work splits into chunks that run in parallel worker
processes (bounded memory: a few chunks in flight) and the result is identical to running it in one process.
Texts not in English (see :func:`voclab.text.clean`) are cleaned, redacted and coded but not scored: their
sentiment columns are missing rather than wrong.

Example
-------
>>> import pandas as pd
>>> feedback = pd.DataFrame({"id": ["1", "2"], "text": ["Billing is a mess, mail me at a@b.com", "Love the app!"]})
>>> out = analyze(feedback)
>>> out.text.tolist(), out.label.tolist(), out.Billing.tolist()
(['Billing is a mess, mail me at [EMAIL]', 'Love the app!'], ['negative', 'positive'], [True, False])
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from voclab.exceptions import ParameterError
from voclab.text._parallel import PARALLEL_FROM, map_chunks
from voclab.text.clean import clean
from voclab.text.redact import PLACEHOLDERS, redact
from voclab.text.sentiment import LABELS, _score_chunk, implementation
from voclab.text.themes import Codebook, code_themes, coverage, starter_codebook

__all__ = ["analyze", "analyze_dask", "analyze_parquet", "process_texts"]

#: Small Parquet files (a month of one source) are read together into partitions of about this size in memory
#: (some 25,000 short texts): per-partition overhead stays small and the workers stay evenly loaded
#: (benchmarks/bench_scale.py: 240 files of 4,000 texts as 240 partitions, 62 s; as 37, 52 s).
PARTITION_BYTES = "4MiB"
_SCORES = ["compound", "pos", "neu", "neg"]
_PLACEHOLDER = "|".join(re.escape(p) for p in PLACEHOLDERS.values())


def process_texts(
    texts: pd.Series,
    codebook: Codebook | None = None,
    html: bool = False,
    handles: bool = False,
    *,
    method: str = "voclab-cx",
    brands: tuple[str, ...] = (),
    lexicon: str | None = None,
) -> pd.DataFrame:
    """The pipeline on one chunk of texts (same index): cleaned and redacted ``text``, ``language``,
    ``english``, ``mentions``, ``hashtags``, ``n_urls``, sentiment by ``method`` (``compound``, ``pos``, ``neu``,
    ``neg``, ``label``; missing for non-English texts; see :func:`voclab.text.sentiment`) and one boolean column
    per theme."""
    cleaned = clean(texts, html=html)
    cleaned["text"] = redact(cleaned["text"], handles=handles)
    english = cleaned["english"].to_numpy()
    scores = pd.DataFrame(np.nan, index=cleaned.index, columns=_SCORES)
    scores["label"] = pd.Categorical([None] * len(cleaned), categories=list(LABELS))
    if english.any():
        scores.loc[english] = _score_chunk(cleaned.loc[english, "text"], method, brands, lexicon)
    themes = code_themes(cleaned["text"], codebook)
    return pd.concat([cleaned, scores, themes], axis=1)


def analyze(
    feedback: pd.DataFrame,
    text: str = "text",
    codebook: Codebook | None = None,
    html: bool = False,
    handles: bool = False,
    jobs: int | None = None,
    chunk_size: int = 25_000,
    progress: bool | None = None,
    *,
    method: str = "voclab-cx",
    brands: Sequence[str] = (),
    lexicon: str | Path | None = None,
    engine: str = "pandas",
) -> pd.DataFrame:
    """Run :func:`process_texts` over ``feedback[text]``; returns ``feedback`` with the text replaced by its
    cleaned, redacted form and the pipeline's columns added (the original text is not kept). A ``title`` is
    redacted like the text; an ``author`` (a person's name or handle) becomes ``[NAME]``. Sentiment is by
    ``method`` (``voclab-cx``, the default, with ``brands`` masked and a project ``lexicon``; or ``vader``).

    ``engine="pandas"``: inputs of 20,000 texts or more use every core unless ``jobs`` says otherwise.
    ``engine="dask"``: the same chunks run as Dask partitions on the active ``distributed`` client (see
    :func:`voclab.engine.dask_client`) or Dask's local scheduler — the same answer on every row.
    ``result.attrs`` records the sentiment implementation, the codebook and its coverage."""
    if text not in feedback.columns:
        raise ParameterError(f"column {text!r} is not in the feedback", hint="name the text column with text=")
    codebook, lexicon = codebook or starter_codebook(), str(lexicon) if lexicon else None
    work = _chunk_work(text, codebook, html, handles, method=method, brands=brands, lexicon=lexicon)
    if engine == "dask":
        show = len(feedback) >= PARALLEL_FROM if progress is None else progress
        out = map_dask(work, feedback, chunk_size=chunk_size, show=show, desc="texts")
    elif engine == "pandas":
        out = map_chunks(work, feedback, jobs=jobs, chunk_size=chunk_size, progress=progress, desc="texts")
    else:
        raise ParameterError(f"unknown engine {engine!r}", hint="use pandas or dask")
    out.attrs.update(
        {
            "implementation": implementation(method, lexicon),
            "codebook": codebook.origin,
            "coverage": coverage(out[codebook.themes], out["text"]),
            "texts_redacted": int(out["text"].str.contains(_PLACEHOLDER, regex=True).sum()),
        }
    )
    return out


def analyze_parquet(
    source: str | Path | Sequence[str | Path],
    target: str | Path,
    text: str = "text",
    codebook: Codebook | None = None,
    html: bool = False,
    handles: bool = True,
    *,
    method: str = "voclab-cx",
    brands: Sequence[str] = (),
    lexicon: str | Path | None = None,
    columns: Sequence[str] | None = None,
    progress: bool = False,
) -> object:
    """:func:`analyze` for data larger than memory: the (partitioned) Parquet dataset ``source`` (a folder, or a
    list of files such as :func:`voclab.ingest.store.dataset_files`) is read by Dask one partition at a time, each
    through the same per-chunk function, and the per-text results are written as Parquet to ``target`` (one file
    per partition) — nothing but a partition at a time is held per worker. Small files are read together into
    partitions of about :data:`PARTITION_BYTES`. ``columns``: read only these (e.g. the unified feedback columns,
    ``list(voclab.schema.FEEDBACK)``, when the sources' extra columns differ). ``progress``: a bar on stderr.
    Runs on the active ``distributed`` client (:func:`voclab.engine.dask_client`). Returns the result as a lazy
    Dask DataFrame read back from ``target``, for aggregates such as :func:`voclab.text.net_sentiment` and
    :func:`voclab.text.theme_counts` (summed where the rows are)."""
    import dask
    import dask.dataframe as dd

    codebook, lexicon = codebook or starter_codebook(), str(lexicon) if lexicon else None
    work = _chunk_work(text, codebook, html, handles, method=method, brands=brands, lexicon=lexicon)
    with dask.config.set({"dataframe.convert-string": False}):
        paths = [str(p) for p in source] if isinstance(source, (list, tuple)) else str(source)
        frame = dd.read_parquet(
            paths,
            columns=list(columns) if columns else None,
            split_row_groups="adaptive",
            blocksize=PARTITION_BYTES,
            aggregate_files=True,
        )
        if text not in frame.columns:
            raise ParameterError(f"column {text!r} is not in {source}", hint="name the text column with text=")
        compute_with_progress(
            analyze_dask(frame, work).to_parquet(target, write_index=False, compute=False), show=progress, desc="texts"
        )
        return dd.read_parquet(target)


def analyze_dask(frame, work) -> object:
    """``work`` (a :func:`_analyze_frame` with its options) over every partition of the Dask DataFrame
    ``frame``, lazily: a Dask DataFrame of the analysed texts, partition by partition as :func:`analyze`."""
    meta = work(frame._meta)
    return frame.map_partitions(work, meta=meta)


def map_dask(
    work: Callable[[pd.Series | pd.DataFrame], pd.DataFrame],
    data: pd.Series | pd.DataFrame,
    *,
    chunk_size: int,
    show: bool,
    desc: str,
) -> pd.DataFrame:
    """``work`` over consecutive ``chunk_size``-row partitions of the pandas ``data``, as Dask partitions on the
    active ``distributed`` client (else Dask's local scheduler): the same frame as running it chunk by chunk, in
    ``data``'s order and with pandas' own column types."""
    import dask
    import dask.dataframe as dd

    with dask.config.set({"dataframe.convert-string": False}):
        partitioned = dd.from_pandas(data, chunksize=chunk_size, sort=False)
        return compute_with_progress(analyze_dask(partitioned, work), show=show, desc=desc)


def compute_with_progress(lazy, *, show: bool, desc: str):
    """``lazy.compute()`` on the active ``distributed`` client (with a bar on stderr when ``show``), else on
    Dask's local scheduler. A worker lost mid-run is replaced and its tasks rerun by Dask."""
    from distributed import get_client

    try:
        client = get_client()
    except ValueError:  # no distributed client: the local scheduler
        return lazy.compute()
    # optimized first: client.compute does not fuse a to_parquet graph, so each partition would be read, analysed,
    # re-indexed and written as four tasks, its intermediate frames held and moved between workers
    future = client.compute(lazy.optimize() if hasattr(lazy, "optimize") else lazy)
    if show:
        from distributed.diagnostics.progressbar import TextProgressBar

        TextProgressBar([future], complete=True, width=40)
        print(f"  ({desc})", file=sys.stderr)
    return future.result()


def _chunk_work(
    text: str, codebook: Codebook, html: bool, handles: bool, *, method: str, brands: Sequence[str], lexicon: str | None
) -> partial:
    """:func:`_analyze_frame` with its options bound: what every chunk or partition runs. An unknown sentiment
    method fails here, before any work."""
    implementation(method, lexicon)
    return partial(
        _analyze_frame,
        text=text,
        codebook=codebook,
        html=html,
        handles=handles,
        method=method,
        brands=tuple(brands),
        lexicon=lexicon,
    )


def _analyze_frame(
    part: pd.DataFrame, text: str, codebook: Codebook, html: bool, handles: bool, **options: object
) -> pd.DataFrame:
    """One chunk of :func:`analyze`: the pipeline on its texts, the other columns kept (title redacted, author
    hidden)."""
    processed = process_texts(part[text], codebook=codebook, html=html, handles=handles, **options)
    rest = part.drop(columns=part.columns.intersection([text, *processed.columns]))
    if "title" in rest:  # titles are customer text too
        rest = rest.assign(title=redact(rest["title"], handles=handles).where(rest["title"].notna()))
    if "author" in rest:  # a person's name or handle: never shown
        rest = rest.assign(author=rest["author"].where(rest["author"].isna(), PLACEHOLDERS["NAME"]))
    return pd.concat([rest, processed], axis=1)
