"""Many reports in one run: the whole company and one per unit (segment value), per audience, in parallel, with
a landing page (:mod:`voclab.report.landing`).

``voclab report`` plans the reports (the values of ``--by`` found in the data × the audiences), does the shared
work once — ingest (a no-op for unchanged files) and text scoring (cached in ``data/interim``) — then renders
the reports in parallel worker processes, each on one warm kernel (:class:`~voclab.report.kernel.WarmKernel`:
a fresh namespace per report, the imports paid once per worker). A report that fails keeps its executed
notebook (with the error cell) and gets a line in the index; the others still finish. ``--resume`` skips every
report whose notebook, parameters, data and voclab version are unchanged since its last successful render
(fingerprints in ``<run>/state.json``, which is written — with the index — after every finished report, so a
run killed midway resumes with only the missing reports).

With ``[compute] engine = "dask"`` (or ``voclab report --engine dask --scheduler tcp://…``) each report is one
task on the Dask cluster (:func:`voclab.engine.dask_client`): a hundred unit reports spread over its workers,
each worker keeping its own warm kernel. Workers of an existing cluster must see the project folder (a shared
file system): they read the notebook and data and write the reports where a local run would.

>>> slug("Mid-market / EMEA"), slug("Zürich"), unique_slugs(["SMB", "smb"])
('mid-market-emea', 'zurich-425168', {'SMB': 'smb-f54ab2', 'smb': 'smb-ddc597'})
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing.util
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from voclab import __version__
from voclab._atomic import atomic_write_text, sha256_file
from voclab._lock import folder_lock
from voclab.config import Config
from voclab.exceptions import ParameterError
from voclab.report.html import AUDIENCES
from voclab.report.kernel import WarmKernel
from voclab.report.landing import headlines, index_page, or_reason, top_gaps
from voclab.report.render import Rendered, render
from voclab.text._parallel import default_jobs, worker_context

if TYPE_CHECKING:
    from voclab.workspace import Tables

__all__ = [
    "MAX_SLUG",
    "REPORT_NOTEBOOK",
    "BatchResult",
    "Job",
    "plan",
    "report_notebook",
    "run_batch",
    "slug",
    "unique_slugs",
    "unit_values",
]

#: The notebook ``voclab report`` renders by default.
REPORT_NOTEBOOK = "90_executive.ipynb"


#: Longest slug before it is cut and given a hash.
MAX_SLUG = 60


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def slug(text: str) -> str:
    """A file-name-safe, stable name for a unit: lower-case ASCII letters, digits and ``-``. Names with letters
    outside ASCII (folded: ``Zürich`` → ``zurich``), with nothing left, or longer than :data:`MAX_SLUG` get a short
    hash of the exact name, so two different names never share a file."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if base and text.isascii() and len(base) <= MAX_SLUG:
        return base
    return f"{base[:MAX_SLUG].rstrip('-') or 'unit'}-{_short_hash(text)}"


def unique_slugs(texts: Sequence[str]) -> dict[str, str]:
    """:func:`slug` of each name; names whose slugs would collide (``SMB`` and ``smb``) each get a short hash."""
    slugs = {text: slug(text) for text in dict.fromkeys(texts)}
    counts = Counter(slugs.values())
    return {text: f"{s}-{_short_hash(text)}" if counts[s] > 1 else s for text, s in slugs.items()}


@dataclass(frozen=True)
class Job:
    """One report to render."""

    name: str
    audience: str
    unit: str
    params: dict[str, object]


@dataclass
class BatchResult:
    """The reports of a run (``results``), those ``skipped`` by ``--resume``, and where the ``index`` is."""

    run_dir: Path
    index: Path
    results: list[Rendered]
    skipped: list[str]

    @property
    def failed(self) -> list[Rendered]:
        return [r for r in self.results if not r.ok]


def unit_values(tables: Tables, column: str, choices: Sequence[str] = ()) -> list[str]:
    """The values of the customer attribute ``column`` — one report each — sorted; ``choices`` go in the hint
    when the attribute is missing."""
    from voclab.saydo import attributes

    values = attributes(tables.behaviour, [column])[column].dropna()
    if values.empty:
        raise ParameterError(f"no customer attribute {column!r} in the data", hint=f"use one of {list(choices)}")
    return sorted(map(str, values.unique()))


#: The notebooks of the voclab checkout this package runs from (an editable install, as ``make`` sets up).
SHIPPED_NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def report_notebook(config_path: str | Path) -> Path:
    """The report notebook of a project: its own ``notebooks/90_executive.ipynb`` (beside ``voclab.toml``) when
    it has one — a project can edit its report — else the one that ships with voclab."""
    own = Path(config_path).resolve().parent / "notebooks" / REPORT_NOTEBOOK
    return own if own.is_file() else SHIPPED_NOTEBOOKS / REPORT_NOTEBOOK


def plan(units: Sequence[str], column: str, audiences: Sequence[str], config_path: Path) -> list[Job]:
    """Per audience, the whole-company report (``<audience>/company``, unit "") and one per unit (named
    ``<audience>/<column>-<unit>``)."""
    unknown = [a for a in audiences if a not in AUDIENCES]
    if unknown:
        raise ParameterError(f"unknown audience {unknown[0]!r}", hint=f"use one of {', '.join(AUDIENCES)}")
    jobs = []
    names = unique_slugs(units)
    for audience in audiences:
        for unit in ["", *units]:
            params = {"config_path": str(config_path), "segment_column": column, "segment_value": unit}
            name = f"{audience}/{slug(column)}-{names[unit]}" if unit else f"{audience}/company"
            jobs.append(Job(name, audience, unit, params))
    return jobs


def _fingerprint(notebook: Path, job: Job, manifest: Path) -> str:
    parts = [sha256_file(notebook), json.dumps(job.params, sort_keys=True), job.audience, __version__]
    parts.append(sha256_file(manifest) if manifest.is_file() else "")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


#: This worker process's kernel, kept warm from one report to the next (set by :func:`_start_worker`).
_worker_kernel: WarmKernel | None = None


def _start_worker(threads: int) -> None:
    """Pool initializer: one warm kernel per worker process (numerical libraries limited to ``threads``
    threads, the worker's share of the cores), stopped when the worker exits."""
    global _worker_kernel
    _worker_kernel = WarmKernel(threads=threads)
    multiprocessing.util.Finalize(_worker_kernel, _worker_kernel.shutdown, exitpriority=10)


def _render_job(notebook: Path, job: Job, run_dir: Path) -> Rendered:
    if _worker_kernel is None and _on_dask_worker():  # a Dask worker warms its kernel on its first report
        _start_worker(threads=1)
    return render(notebook, job.params, job.audience, out_dir=run_dir, name=job.name, warm=_worker_kernel)


def _on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


def _executor(cfg: Config, workers: int, stack: ExitStack) -> Executor:
    """Where the reports render: the Dask cluster ``[compute]`` names, or a pool of ``workers`` processes on
    this machine, each with a warm kernel (its share of the cores for numerical libraries)."""
    if cfg.compute.engine == "dask":
        from voclab.engine import dask_client

        return stack.enter_context(dask_client(cfg.compute)).get_executor(pure=False)
    threads = default_jobs() // workers or 1
    return stack.enter_context(
        ProcessPoolExecutor(workers, mp_context=worker_context(), initializer=_start_worker, initargs=(threads,))
    )


def run_batch(
    cfg: Config,
    config_path: Path,
    by: str | None,
    audiences: Sequence[str] = AUDIENCES,
    jobs: int | None = None,
    resume: bool = False,
    run: str = "latest",
    notebook: Path | None = None,
    progress: bool = True,
) -> BatchResult:
    """Render the reports of ``by`` × ``audiences`` into ``<reports>/<run>/`` and write its ``index.html``.

    ``notebook`` defaults to :func:`report_notebook`."""
    from voclab.project import open_project

    notebook = notebook or report_notebook(config_path)
    if not notebook.is_file():
        raise ParameterError(f"{notebook}: report notebook not found", hint="pass --notebook")
    project = open_project(config_path)  # shared work, once: ingest (no-op when unchanged), text scores, index
    tables = project.tables
    project.texts()
    headline, gaps = or_reason(headlines, project, by or None), or_reason(top_gaps, project)
    units = unit_values(tables, by, cfg.segments) if by else []
    todo = plan(units, by or "", audiences, config_path.resolve())
    run_dir = cfg.paths.reports / run
    with folder_lock(run_dir, progress=tqdm.write if progress else None):  # one run per report folder
        state_path = run_dir / "state.json"
        state = json.loads(state_path.read_text()) if resume and state_path.is_file() else {}
        manifest = tables.processed / "manifest.json"
        prints = {job.name: _fingerprint(notebook, job, manifest) for job in todo}
        unchanged = [j for j in todo if state.get(j.name) == prints[j.name]]
        skipped = [j.name for j in unchanged if (run_dir / f"{j.name}.html").is_file()]
        pending = [j for j in todo if j.name not in skipped]
        results: list[Rendered] = []
        index = run_dir / "index.html"

        def checkpoint() -> None:
            """State and index as of now: a run killed after this point keeps every report already finished."""
            run_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_text(state_path, json.dumps(state, indent=1, sort_keys=True))
            page = index_page(
                cfg.name or "voclab",
                by or "the whole company",
                _statuses(todo, results, skipped, run_dir),
                headline=headline,
                gaps=gaps,
                min_base=cfg.reporting.min_base,
            )
            atomic_write_text(index, page)

        workers = max(1, min(jobs or default_jobs(), len(pending) or 1))
        with (
            tqdm(total=len(pending), desc="reports", unit=" report", disable=not progress) as bar,
            ExitStack() as stack,
        ):
            pool = _executor(cfg, workers, stack)
            futures = {pool.submit(_render_job, notebook, job, run_dir): job for job in pending}
            for future in as_completed(futures):
                job = futures[future]
                try:
                    result = future.result()
                except Exception as exc:  # a worker that died: record it, keep the others going
                    result = Rendered(
                        job.name,
                        None,
                        run_dir / "notebooks" / f"{job.name}.ipynb",
                        0.0,
                        job.params,
                        f"{type(exc).__name__}: {exc}",
                    )
                results.append(result)
                if result.ok:
                    state[job.name] = prints[job.name]
                else:
                    state.pop(job.name, None)
                checkpoint()
                bar.update(1)
        checkpoint()
        return BatchResult(run_dir, index, sorted(results, key=lambda r: r.name), skipped)


def _statuses(
    todo: list[Job], results: list[Rendered], skipped: list[str], run_dir: Path
) -> list[tuple[str, str, str, str]]:
    """``(audience, unit, href or "", status)`` per planned report, for the index page."""
    done = {r.name: r for r in results}
    rows = []
    for job in todo:
        result = done.get(job.name)
        href = f"{job.name}.html"
        if result is None:
            status = "unchanged (skipped)" if job.name in skipped else "not rendered"
            href = href if job.name in skipped else ""
        elif result.ok:
            status = f"rendered in {result.seconds:.1f} s"
        else:
            executed = (
                result.executed.relative_to(run_dir) if result.executed.is_relative_to(run_dir) else result.executed
            )
            status, href = f"FAILED: {result.error} (executed notebook: {executed})", ""
        rows.append((job.audience, job.unit, href, status))
    return rows
