"""Report rendering: ``voclab report --jobs 2`` vs a naive sequential loop of CLI calls, same run, same reports.

The 15 reports of the demo config (the whole company and each Segment × executive/analyst/frontline), rendered

(a) naively: a sequential shell loop, per report ``papermill`` CLI (the notebook recomputes from the processed
    data: the shared text-scoring cache is deleted before each report) then ``jupyter nbconvert --to html
    --no-input`` CLI;
(b) by ``voclab report --by Segment --jobs 2`` (shared work done once, in-process export, two workers, each
    rendering on one warm kernel with a fresh namespace per report);

then checks that each pair of reports has the same contents (every output of the executed notebooks the audience
sees) and prints both times and the ratio. Run from the repository root: ``python benchmarks/bench_reports.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from voclab.config import load
from voclab.project import open_project
from voclab.report.batch import plan, unit_values
from voclab.report.html import strip_hidden_outputs

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
NOTEBOOK = ROOT / "notebooks" / "90_executive.ipynb"


def naive(jobs, out: Path, interim: Path) -> float:
    start = time.perf_counter()
    for job in jobs:
        for stale in interim.glob("scored_texts.*"):
            stale.unlink()
        executed = out / f"{job.name}.ipynb"
        executed.parent.mkdir(parents=True, exist_ok=True)
        params = [arg for key, value in {**job.params, "audience": job.audience}.items() for arg in ("-p", key, value)]
        subprocess.run(
            [BIN / "papermill", NOTEBOOK, executed, "-k", "voclab", "--no-progress-bar", *map(str, params)],
            check=True,
            capture_output=True,
            cwd=NOTEBOOK.parent,
        )
        subprocess.run(
            [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed], check=True, capture_output=True
        )
    return time.perf_counter() - start


def main() -> None:
    config_path = ROOT / "voclab.toml"
    cfg = load(config_path)
    units = unit_values(open_project(config_path).tables, "Segment")  # ingests first (a no-op when unchanged)
    jobs = plan(units, "Segment", ["executive", "analyst", "frontline"], config_path)
    with tempfile.TemporaryDirectory() as tmp:
        naive_s = naive(jobs, Path(tmp), cfg.paths.interim)
        print(f"(a) naive: {len(jobs)} reports, papermill CLI + nbconvert CLI in a loop: {naive_s:6.1f} s")
        shutil.rmtree(cfg.paths.reports / "bench", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [BIN / "voclab", "report", "--by", "Segment", "--jobs", "2", "--run", "bench"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        ours_s = time.perf_counter() - start
        print(f"(b) voclab report --jobs 2: {len(jobs)} reports: {ours_s:6.1f} s")
        print(f"ratio {naive_s / ours_s:.1f}x")
        same = sum(
            _outputs(Path(tmp) / f"{job.name}.ipynb", job.audience)
            == _outputs(cfg.paths.reports / "bench" / "notebooks" / f"{job.name}.ipynb", job.audience)
            for job in jobs
        )
        print(f"identical report contents (every output: figures, tables, sentences): {same} of {len(jobs)}")


def _outputs(path: Path, audience: str) -> list[str]:
    """Every output the audience sees, of every code cell, as JSON (the report's contents without execution
    metadata)."""
    notebook = strip_hidden_outputs(nbformat.read(path, as_version=4), audience)
    return [
        json.dumps(output.get("data", output.get("text", "")), sort_keys=True)
        for cell in notebook.cells
        if cell.cell_type == "code" and "injected-parameters" not in cell.metadata.get("tags", [])
        for output in cell.get("outputs", [])
        if output.get("name") != "stderr"
    ]


if __name__ == "__main__":
    main()
