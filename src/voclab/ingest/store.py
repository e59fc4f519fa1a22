"""Ingest files into ``data/processed``: one Parquet file per unified table plus ``manifest.json``.

Layout of the output folder::

    <out>/feedback.parquet  responses.parquet  questions.parquet  behaviour.parquet
    <out>/sources/<source>.parquet (+ <source>.questions.parquet)   one part per source
    <out>/datasets/feedback/<source>/<YYYY-MM>/part-<block>.parquet   a large text source, block by block
    <out>/manifest.json      source sha256, rows read / kept / quarantined / duplicates, schema and voclab version

Bad rows go to ``<quarantine>/<source>.csv`` with a ``reason`` column. Every input is parsed and validated
before anything is written: if one file cannot be parsed, the error names it and nothing changes on disk. The
tables, parts, quarantine files and manifest then switch together (:mod:`voclab.ingest._transaction`): a run
killed midway leaves the previous result, and its leftovers are cleaned up by the next run. Files are parsed
without a lock; the commit holds the output folder's lock (:mod:`voclab._lock`) and merges into the manifest as
it is then, so two runs ingesting different sources into one folder both keep theirs. Re-ingesting an unchanged file
(same sha256, kind, column map and versions) is a no-op.

A large CSV/TSV/NDJSON text source (``[compute] blocks_from_mb``) is read a block at a time
(:mod:`voclab.ingest.blocks`: the same reader, validation, quarantine and counts; with ``engine = "dask"`` the
blocks are read in parallel on the cluster) and written as a dataset partitioned by month (``undated`` for
texts without a date) instead of one part, so memory stays bounded by a few blocks; :func:`read_table`
includes it, and :func:`dataset_files` lists its files for Dask (:func:`voclab.text.analyze_parquet`).

Example
-------
>>> summary = ingest([SourceSpec("data/raw/tweets.csv")], "data/processed")  # doctest: +SKIP
>>> summary[["source", "status", "rows_read", "kept", "quarantined"]]  # doctest: +SKIP
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow.parquet as pq

from voclab import schema
from voclab._atomic import sha256_file
from voclab._lock import folder_lock
from voclab.ingest._transaction import JOURNAL, STAGING, Transaction, recover
from voclab.ingest.api import parse, source_name
from voclab.ingest.limits import Limits
from voclab.ingest.quarantine import write_quarantine
from voclab.ingest.validate import Validated

if TYPE_CHECKING:
    from voclab.config import Compute, Config

__all__ = [
    "MANIFEST",
    "SourceSpec",
    "config_specs",
    "dataset_files",
    "dataset_parts",
    "discover",
    "ingest",
    "read_manifest",
    "read_table",
]

MANIFEST = "manifest.json"
#: The folder (in the output folder) of the sources ingested in blocks, partitioned by source and month.
DATASETS = "datasets"
_TABLES = ("feedback", "responses", "behaviour")
_SUMMARY = (
    "source",
    "path",
    "kind",
    "table",
    "status",
    "rows_read",
    "kept",
    "quarantined",
    "duplicates",
    "blank_rows",
    "skipped_rows",
    "renamed",
)


@dataclass(frozen=True)
class SourceSpec:
    """One file to ingest: its path, ``kind`` (``auto`` sniffs), column ``mapping``, source ``name``, the
    ``date_format`` of its date columns (default: inferred per column) and the ``channel`` its texts belong to
    (default: the reader's — ``ticket``, ``forum``, ``social``, ``review``…; text sources only); ``redact``: personal
    data in its text fields replaced before anything is written (``[privacy] redact_at_rest``)."""

    path: str | Path
    kind: str = "auto"
    mapping: Mapping[str, str] = field(default_factory=dict)
    name: str | None = None
    date_format: str | None = None
    channel: str | None = None
    redact: bool = True

    @property
    def source(self) -> str:
        return self.name or source_name(self.path)


def config_specs(cfg: Config) -> list[SourceSpec]:
    """The ``[[sources]]`` of a project config as ingest specs."""
    redact = cfg.privacy.redact_at_rest
    return [SourceSpec(s.file, s.kind, s.map, s.name, s.date_format, s.channel, redact) for s in cfg.sources]


def discover(
    folder: str | Path, kind: str = "auto", mapping: Mapping[str, str] | None = None, date_format: str | None = None
) -> list[SourceSpec]:
    """Every file under ``folder`` (recursively, sorted) that a reader recognises, as sources to ingest.

    Files no reader recognises (a README, a ground-truth JSON) are skipped. Source names are the file stems,
    prefixed by their sub-folder when two files share a stem.

    >>> [s.source for s in discover("data/raw/demo")]  # doctest: +SKIP
    ['app_reviews', 'customers', 'discourse_topics', ...]
    """
    from voclab.exceptions import FormatError
    from voclab.ingest import registry

    folder = Path(folder)
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    found = []
    for path in files:
        if kind == "auto":
            try:
                registry.sniff(path)
            except FormatError:
                continue
        found.append(path)
    stems = [source_name(p) for p in found]
    return [
        SourceSpec(
            p,
            kind,
            dict(mapping or {}),
            name=source_name(p.relative_to(folder).with_suffix("").as_posix().replace("/", "_"))
            if stems.count(stem) > 1
            else None,
            date_format=date_format,
        )
        for p, stem in zip(found, stems, strict=True)
    ]


def read_manifest(out_dir: str | Path) -> dict:
    """The manifest of an output folder (an empty one when there is none yet)."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return {"sources": {}, "tables": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def read_table(table: str, source: str | None = None, processed: str | Path | None = None) -> pd.DataFrame:
    """An ingested table (``feedback``, ``responses``, ``questions``, ``behaviour``), or one source's part.

    ``processed`` defaults to the project's ``data/processed`` (from ``voclab.toml``). With ``source``, only that
    source's rows are returned — for ``responses`` only its own question columns, typed as ingested.

    >>> responses = read_table("responses", source="relationship_survey")  # doctest: +SKIP
    """
    from voclab.config import load as load_config
    from voclab.exceptions import ParameterError

    out = Path(processed) if processed is not None else load_config().paths.processed
    if table not in schema.TABLES:
        raise ParameterError(f"unknown table {table!r}", hint=f"use one of: {', '.join(schema.TABLES)}")
    manifest = read_manifest(out)
    if source is None:
        path = out / f"{table}.parquet"
        datasets = [out / e["part"] for e in manifest["sources"].values() if e.get("dataset") and e["table"] == table]
        if datasets and path.is_file():
            return _concat([pd.read_parquet(path), *map(_read_dataset, datasets)], table)
    else:
        entry = manifest["sources"].get(source)
        if entry is None:
            raise ParameterError(
                f"no ingested source {source!r} in {out}",
                hint=f"ingest it first (voclab ingest); sources: {', '.join(sorted(manifest['sources'])) or 'none'}",
            )
        path = out / entry["part"]
        if entry.get("dataset") and table != "questions":
            return _read_dataset(path)
        if table == "questions":
            path = path.with_name(path.name.replace(".parquet", ".questions.parquet"))
    if not path.is_file():
        raise ParameterError(f"{path} does not exist", hint="run `voclab ingest` (or `make demo`) first")
    return pd.read_parquet(path)


def dataset_files(table: str = "feedback", processed: str | Path | None = None) -> list[Path]:
    """The Parquet files that hold ``table``: its table file (when it has rows) and every file of the sources
    ingested in blocks — what :func:`voclab.text.analyze_parquet` or ``dask.dataframe.read_parquet`` reads a
    partition at a time.

    >>> scored = voclab.text.analyze_parquet(dataset_files(), "data/interim/scored")  # doctest: +SKIP
    """
    return [file for files in dataset_parts(table, processed) for file in files]


def dataset_parts(table: str = "feedback", processed: str | Path | None = None) -> list[list[Path]]:
    """:func:`dataset_files` grouped by the columns they share: the table file, then each source ingested in
    blocks (whose extra columns are its own) — read each group with one schema and concatenate.

    >>> [len(files) for files in dataset_parts(processed="data/processed")]  # doctest: +SKIP
    [1, 21]
    """
    from voclab.config import load as load_config

    out = Path(processed) if processed is not None else load_config().paths.processed
    path = out / f"{table}.parquet"
    parts = [[path]] if path.is_file() and pq.ParquetFile(path).metadata.num_rows else []
    for entry in sorted(read_manifest(out)["sources"].values(), key=lambda e: e["part"]):
        if entry.get("dataset") and entry["table"] == table:
            parts.append(sorted((out / entry["part"]).rglob("*.parquet")))
    return [files for files in parts if files]


def _read_dataset(folder: Path) -> pd.DataFrame:
    """A source ingested in blocks, whole (the month folders are a layout, not a column)."""
    files = sorted(folder.rglob("*.parquet"))
    return pd.concat([pd.read_parquet(f) for f in files], ignore_index=True) if files else schema.empty("feedback")


def _voclab_version() -> str:
    from voclab import __version__

    return __version__


def _fingerprint(spec: SourceSpec, sha: str) -> dict:
    return {
        "sha256": sha,
        "kind_requested": spec.kind,
        "map": dict(sorted(spec.mapping.items())),
        "date_format": spec.date_format,
        "channel": spec.channel,
        "redacted": spec.redact,
        "schema_version": schema.SCHEMA_VERSION,
        "voclab_version": _voclab_version(),
    }


def ingest(
    specs: Iterable[SourceSpec],
    out_dir: str | Path,
    quarantine_dir: str | Path | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    limits: Limits | None = None,
    compute: Compute | None = None,
) -> pd.DataFrame:
    """Ingest ``specs`` into ``out_dir``; return one summary row per file. ``limits`` bounds what each input
    may cost (``[limits]`` in voclab.toml; see :mod:`voclab.ingest.limits`); ``compute`` (``[compute]``) says
    which text sources are read in blocks into a partitioned dataset (``blocks_from_mb``).

    Summary columns: ``source``, ``path``, ``kind``, ``table``, ``status`` (``ingested`` / ``unchanged``),
    ``rows_read`` (records in the file), ``kept``, ``quarantined`` (bad rows, in ``<quarantine>/<source>.csv``
    with a reason), ``duplicates`` (exact duplicates dropped), ``blank_rows`` (empty records dropped),
    ``skipped_rows`` (records deliberately not kept, e.g. a repeated header line), ``renamed`` (file columns
    stored under another name because voclab uses theirs: ``source → source_``); ``rows_read == kept +
    quarantined + duplicates + blank_rows + skipped_rows`` on every row.
    """
    out = Path(out_dir)
    quarantine = Path(quarantine_dir) if quarantine_dir is not None else out.parent / "quarantine"
    specs = list(specs)
    _check_unique_names(specs)
    if (out / JOURNAL).is_file():  # a commit a kill interrupted: finish it before reading the manifest
        with folder_lock(out, progress=progress):
            recover(out, also=(quarantine,))
    manifest = read_manifest(out)
    pending: list[tuple[SourceSpec, dict, object]] = []
    rows: list[dict] = []
    txn = Transaction(out)  # a source read in blocks stages its partitions as it goes
    for spec in specs:
        if progress:
            progress(f"reading {spec.path}")
        reader = _block_reader(spec, compute)
        fingerprint = _fingerprint(spec, sha256_file(spec.path) if Path(spec.path).is_file() else "")
        fingerprint["in_blocks"] = reader is not None
        previous = manifest["sources"].get(spec.source)
        if previous and all(previous.get(k) == v for k, v in fingerprint.items()) and (out / previous["part"]).exists():
            rows.append({**{k: previous.get(k) for k in _SUMMARY}, "status": "unchanged"})
            continue
        if reader is not None:
            try:
                result = _ingest_blocks(txn, spec, reader, limits, progress, compute)
            except BaseException:
                txn.discard()
                shutil.rmtree(out / DATASETS / f"{STAGING}{txn.id}", ignore_errors=True)
                raise
        else:
            reader, result = parse(
                spec.path, spec.kind, spec.mapping, spec.source, date_format=spec.date_format, limits=limits
            )
            _finish(result, spec)
        pending.append((spec, fingerprint, result))
        rows.append(
            {
                "source": spec.source,
                "path": str(spec.path),
                "kind": reader.kind,
                "table": result.table,
                "status": "ingested",
                **result.counts(),
            }
        )
    if pending or not (out / MANIFEST).is_file():
        ingested = [r for r in rows if r["status"] == "ingested"]
        with folder_lock(out, progress=progress):
            _commit(out, quarantine, list(zip(pending, ingested, strict=True)), txn)
    return pd.DataFrame(rows, columns=list(_SUMMARY))


def _finish(result, spec: SourceSpec) -> None:
    """The configured channel and redaction at rest, applied to one parsed source (or block)."""
    if spec.channel:
        _set_channel(result, spec)
    if spec.redact:
        _redact_at_rest(result)


def _block_reader(spec: SourceSpec, compute: Compute | None):
    """The reader of ``spec`` when it is read in blocks: a text source (``feedback``) in a format cut at record
    boundaries (not UTF-16, which is read whole), of ``compute.blocks_from_mb`` or more; else ``None``."""
    from voclab.exceptions import FormatError
    from voclab.ingest import registry
    from voclab.ingest.blocks import header_records, starts_utf16

    path = Path(spec.path)
    if compute is None or header_records(path) is None or not path.is_file() or starts_utf16(path):
        return None
    if path.stat().st_size < compute.blocks_from_mb * (1 << 20):
        return None
    try:
        reader = registry.sniff(path) if spec.kind == "auto" else registry.get(spec.kind)
    except FormatError:
        return None  # parse() reports it in its own words
    return reader if reader.table == "feedback" else None


def _ingest_blocks(
    txn: Transaction, spec: SourceSpec, reader, limits: Limits | None, progress, compute: Compute
) -> Validated:
    """Read ``spec`` a block at a time (on the Dask cluster with ``compute.engine == "dask"``); stage each
    block's kept rows as Parquet files partitioned by month and return the counts and quarantined rows of the
    whole file (:mod:`voclab.ingest.blocks`)."""
    from contextlib import nullcontext

    from voclab.engine import dask_client

    with dask_client(compute) if compute.engine == "dask" else nullcontext() as client:
        return _stage_blocks(txn, spec, reader, limits, progress, client)


def _stage_blocks(txn: Transaction, spec: SourceSpec, reader, limits: Limits | None, progress, client) -> Validated:
    from voclab.ingest.blocks import Repeats, parse_blocks
    from voclab.ingest.limits import check_limits

    check_limits(spec.path, limits)
    out = txn.out
    home = out / DATASETS / "feedback" / spec.source
    old = set(home.rglob("*.parquet")) if home.is_dir() else set()
    for path in old:
        txn.delete(path)
    staging = out / DATASETS / f"{STAGING}{txn.id}"
    repeats = Repeats()
    blocks = parse_blocks(
        spec.path,
        reader.kind,
        spec.mapping,
        spec.source,
        staging / "blocks",
        date_format=spec.date_format,
        repeats=repeats,
        client=client,
    )
    totals = Validated("feedback", schema.empty("feedback"), pd.DataFrame(), 0, 0, 0, 0, 0)
    quarantined, written = [], []
    for number, block in enumerate(blocks):
        if progress:
            progress(f"{spec.path}: block {number + 1}")
        _finish(block, spec)
        kept = block.kept
        extra = [c for c in kept.columns if c not in schema.TABLES["feedback"]]
        kept = kept.astype({c: "string" for c in extra})  # one type in every block, whatever a block holds
        months = pd.to_datetime(kept["created_at"], utc=True).dt.strftime("%Y-%m").fillna("undated")
        for month, rows in kept.groupby(months, sort=True):
            name = Path(month) / f"part-{number:05d}.parquet"  # plain names: the columns are in the files
            staged = staging / spec.source / name
            staged.parent.mkdir(parents=True, exist_ok=True)
            rows.to_parquet(staged, index=False)
            txn.adopt(home / name, staged)
            written.append(staged)
        quarantined.append(block.quarantine)
        for count in ("rows_read", "kept_records", "quarantined", "duplicates", "blank_rows", "skipped_rows"):
            setattr(totals, count, getattr(totals, count) + getattr(block, count))
        totals.renamed.update(block.renamed)
    if repeats.clashed:  # an id a later block held with other content: its kept copy goes too
        taken = _take_back(written, repeats.clashed)
        quarantined.append(taken)
        totals.kept_records -= len(taken)
        totals.quarantined += len(taken)
    totals.quarantine = pd.concat(quarantined, ignore_index=True) if quarantined else pd.DataFrame()
    totals.dataset = True
    return totals


def _take_back(files: list[Path], ids: set[str]) -> pd.DataFrame:
    """The rows of ``ids`` removed from the staged ``files`` and returned as quarantined rows."""
    from voclab.ingest.blocks import CLASH

    taken = []
    for path in files:
        frame = pd.read_parquet(path)
        hit = frame["id"].isin(ids)
        if hit.any():
            taken.append(frame.loc[hit].astype("string").assign(reason=CLASH))
            frame.loc[~hit].to_parquet(path, index=False)
    return pd.concat(taken, ignore_index=True) if taken else pd.DataFrame()


def _commit(
    out: Path, quarantine: Path, pending: list[tuple[tuple[SourceSpec, dict, object], dict]], txn: Transaction
) -> None:
    """Under the folder lock: the manifest as it is now (another run may have added sources since this one
    started parsing) plus the ``pending`` sources, staged and committed together (``txn`` may already hold the
    partitions of sources read in blocks)."""
    recover(out, also=(quarantine,), keep=txn.id)
    txn.check_adopted()
    manifest = read_manifest(out)
    for (spec, fingerprint, result), row in pending:
        dataset = result.dataset
        _write_source(txn, quarantine, spec.source, result, dataset=dataset)
        part = f"{DATASETS}/feedback/{spec.source}" if dataset else f"sources/{spec.source}.parquet"
        previous = manifest["sources"].get(spec.source, {})
        if previous.get("dataset") and not dataset:
            for path in (out / previous["part"]).rglob("*.parquet"):
                txn.delete(path)
        manifest["sources"][spec.source] = {
            **fingerprint,
            **{k: row[k] for k in _SUMMARY if k != "status"},
            "part": part,
            **({"dataset": True} if dataset else {}),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    changed = {result.table for (_, _, result), _ in pending} | {"questions"}
    _write_tables(txn, manifest, changed)
    txn.commit()


def _redact_at_rest(result) -> None:
    """Personal data in ``result``'s text fields replaced before anything is written (:func:`voclab.text.redact`):
    feedback ``text`` and ``title``, authors as ``[NAME]``, open survey answers, every text cell of the
    quarantined rows."""
    from voclab.text.redact import PLACEHOLDERS, redact

    kept = result.kept
    if result.table == "feedback":
        columns = [c for c in ("text", "title") if c in kept]
        if "author" in kept:
            kept["author"] = kept["author"].where(kept["author"].isna(), PLACEHOLDERS["NAME"])
    elif result.table == "responses" and result.questions is not None:
        columns = [c for c in result.questions.loc[result.questions["type"] == "text", "question_id"] if c in kept]
    else:
        columns = []
    bad = result.quarantine
    cells = [(kept, c) for c in columns] + [(bad, c) for c in bad.columns if c not in ("reason", "_record")]
    for frame, column in cells:
        values = frame[column]
        if pd.api.types.is_string_dtype(values):  # a missing cell stays missing, the dtype stays
            frame[column] = redact(values.astype("string")).astype(values.dtype).where(values.notna(), values)


def _set_channel(result, spec: SourceSpec) -> None:
    """Every kept text of ``spec`` in its configured channel (``[[sources]] channel``)."""
    from voclab.exceptions import ConfigError

    if result.table != "feedback":
        raise ConfigError(
            f"source {spec.source!r}: channel = {spec.channel!r} applies to text sources, but {spec.path} is read "
            f"into {result.table}",
            hint="remove channel from this [[sources]] entry (survey answers are always channel 'survey')",
        )
    result.kept["channel"] = pd.Series(spec.channel, index=result.kept.index, dtype="category")


def _check_unique_names(specs: list[SourceSpec]) -> None:
    from voclab.exceptions import ConfigError

    seen: dict[str, SourceSpec] = {}
    for spec in specs:
        if spec.source in seen:
            raise ConfigError(
                f"two inputs share the source name {spec.source!r}: {seen[spec.source].path} and {spec.path}",
                hint="give each a distinct name (name = ... in voclab.toml)",
            )
        seen[spec.source] = spec


def _write_source(txn: Transaction, quarantine_dir: Path, source: str, result, *, dataset: bool = False) -> None:
    """Stage one source's part (already staged for a ``dataset``), question catalogue and quarantine file."""
    part = txn.out / "sources" / f"{source}.parquet"
    if dataset:
        txn.delete(part)
    else:
        result.kept.to_parquet(txn.path(part), index=False)
    questions = txn.out / "sources" / f"{source}.questions.parquet"
    if result.questions is not None:
        result.questions.to_parquet(txn.path(questions), index=False)
    else:
        txn.delete(questions)
    target = quarantine_dir / f"{source}.csv"
    if result.quarantine.empty:
        txn.delete(target)
    else:
        write_quarantine(result.quarantine, txn.path(target))


def _concat(frames: list[pd.DataFrame], table: str) -> pd.DataFrame:
    """Stack the parts of one table. A column typed differently in two parts (e.g. survey question ``Q2``
    numeric in one survey, text in another) is stored as text; category columns stay categories."""
    dtypes: dict[str, set[str]] = {}
    for frame in frames:
        for column, dtype in frame.dtypes.items():
            dtypes.setdefault(str(column), set()).add(
                "category" if isinstance(dtype, pd.CategoricalDtype) else str(dtype)
            )
    mixed = [c for c, kinds in dtypes.items() if len(kinds) > 1]
    frames = [f.astype({c: "string" for c in mixed if c in f}) for f in frames]
    stacked = pd.concat(frames, ignore_index=True)
    categories = [c for c, d in schema.TABLES[table].items() if d == "category" and c in stacked]
    return stacked.astype({c: "category" for c in categories})


def _write_tables(txn: Transaction, manifest: dict, changed: set[str]) -> None:
    """Stage the ``changed`` tables, rebuilt from their sources' parts, and the manifest (committed last).

    A table with a single part is a byte copy of it; several parts are concatenated.
    """
    out = txn.out
    tables = manifest.get("tables", {})
    for table in (*_TABLES, "questions"):
        if table in tables and table not in changed and (out / f"{table}.parquet").is_file():
            continue
        entries = [entry for _, entry in sorted(manifest["sources"].items())]
        if table == "questions":
            names = [entry["part"].replace(".parquet", ".questions.parquet") for entry in entries]
        else:
            names = [entry["part"] for entry in entries if entry["table"] == table]
        parts = [txn.current(out / name) for name in names]
        parts = [p for p in parts if p.is_file() and p not in txn.deleted]
        target = txn.path(out / f"{table}.parquet")
        if len(parts) == 1:
            shutil.copyfile(parts[0], target)
            rows = pq.ParquetFile(target).metadata.num_rows
        else:
            frame = _concat([pd.read_parquet(p) for p in parts], table) if parts else schema.empty(table)
            frame.to_parquet(target, index=False)
            rows = len(frame)
        tables[table] = {"rows": rows, "file": f"{table}.parquet"}
    manifest.update(schema_version=schema.SCHEMA_VERSION, voclab_version=_voclab_version(), tables=tables)
    txn.path(out / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
