"""Rendered reports: offline, self-contained, right for their audience, free of personal data, inert text."""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest

from voclab import ParameterError
from voclab.config import load
from voclab.report.batch import run_batch
from voclab.report.html import external_references
from voclab.report.render import render

PII = re.compile(
    r"[\w.]+@example\.(?:com|org|net)|\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b"
    r"|555[ )-]+01\d|\+44 20 7946|@\w+_\w+\d\d?\b"
)


def _visible(page: str) -> str:
    """The page without its scripts and styles: what is rendered as content."""
    return re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)


def _figure_strings(page: str) -> list[str]:
    """Every string inside the page's chart data (titles, labels, hover texts)."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for spec in re.findall(r"var spec = (\{.*?\}); Plotly\.newPlot", page):
        walk(json.loads(spec))
    return found


def _pages(batch):
    return {r.name: r.html.read_text(encoding="utf-8") for r in batch.results}


def test_the_batch_renders_the_company_and_every_unit_per_audience_with_a_landing_page(batch):
    assert len(batch.results) == 15 and not batch.failed
    names = {r.name for r in batch.results}
    assert {"executive/company", "executive/segment-smb", "analyst/segment-consumer"} <= names
    index = batch.index.read_text(encoding="utf-8")
    reports = index.split('<table class="reports">')[1]
    assert reports.count("<tr>") == 16 and 'href="executive/segment-smb.html"' in reports
    headline = index.split('<table class="headline">')[1].split("</table>")[0]
    assert headline.count("<tr>") == 6  # the header, the whole company, four segments
    assert "<td>whole company</td><td>2025Q4</td>" in headline and 'href="frontline/company.html"' in headline
    assert "<h2>Top say–do gaps</h2><ol><li>" in index and "report(s) failed" not in index
    assert external_references(index) == []


def test_pages_are_self_contained_offline_and_small(batch):
    for name, page in _pages(batch).items():
        assert external_references(page) == [], name
        assert page.count("<script>/*!") <= 1 and page.count("plotly.js v") == 1, name  # plotly.js inlined once
        body = _visible(page)
        assert "In&nbsp;[" not in body and "jp-CodeMirrorEditor" not in body, name  # no code, no prompts
        assert "vnd.jupyter.stderr" not in body and "Traceback" not in body and "Warning" not in body, name
        assert len(page.encode()) < 6_000_000, name


def test_audiences_get_their_level_of_detail(batch):
    pages = _pages(batch)
    executive, analyst, frontline = (_visible(pages[f"{a}/segment-smb"]) for a in ("executive", "analyst", "frontline"))
    assert "Top gaps in Segment SMB" in executive and "Methods" not in executive
    assert pages["executive/segment-smb"].count("Plotly.newPlot(") <= 6
    assert "Methods" in analyst and "Top gaps" in analyst and "in their words" in analyst
    assert "in their words" in frontline and "Top gaps" not in frontline
    assert "whole company" in frontline  # the unit against the company


def test_every_report_carries_its_provenance(batch, project):
    page = _pages(batch)["executive/segment-smb"]
    footer = page.split('class="voclab-provenance"')[1]
    for field in (
        "data manifest (sha256)",
        "parameters",
        "voclab",
        "sentiment",
        "rendered at (UTC)",
        "minimum base size",
    ):
        assert field in footer
    manifest = load(project).paths.processed / "manifest.json"
    import hashlib

    assert hashlib.sha256(manifest.read_bytes()).hexdigest() in footer
    assert "vaderSentiment 3.3.2" in footer and "segment_value" in footer
    assert str(project.parent) not in footer and "voclab.toml" in footer  # no folder of the rendering machine


def test_no_personal_data_reaches_any_report(batch, demo):
    tables, truth = demo
    assert truth["planted_values"]["pii"], "the demo plants personal data"
    assert PII.search(" ".join(tables.feedback.text.dropna())), "the pattern finds the planted data before redaction"
    for name, page in _pages(batch).items():
        leaks = PII.findall(_visible(page) + "\n".join(_figure_strings(page)))
        assert not leaks, (name, leaks[:5])


def test_customer_text_is_data_not_markup(xss_report, batch, payloads):
    page = xss_report.read_text(encoding="utf-8")
    for payload in payloads:
        assert payload not in page  # never raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text in the table and printout
    assert "\\u0026lt;script\\u0026gt;alert(1)" in page  # an entity plotly shows as text, inside the chart's JSON
    for name, text in _pages(batch).items():
        assert not any(p in text for p in payloads), name


def test_resume_skips_unchanged_reports(batch, project):
    again = run_batch(load(project), project, "Segment", jobs=2, resume=True, progress=False)
    assert not again.results and len(again.skipped) == 15
    state = json.loads((again.run_dir / "state.json").read_text())
    assert len(state) == 15


def test_a_failing_report_keeps_its_notebook_and_a_clear_error(tmp_path, make_notebook):
    result = render(make_notebook(tmp_path / "broken.ipynb", "1 / 0"), out_dir=tmp_path / "out")
    assert not result.ok and "ZeroDivisionError" in result.error
    assert result.executed.is_file() and not (tmp_path / "out" / "broken.html").exists()
    with pytest.raises(ParameterError, match="unknown parameter 'audiance'"):
        render(tmp_path / "broken.ipynb", {"audiance": "executive"})
    with pytest.raises(ParameterError, match="unknown audience"):
        render(tmp_path / "broken.ipynb", audience="board")


def test_report_files_never_overwrite_each_other(tmp_path):
    from voclab.report.batch import MAX_SLUG, plan

    units = ["SMB", "smb", "Zürich", "Zurich", "東京", "大阪", "x" * 300, "x" * 300 + "y"]
    jobs = plan(units, "Segment", ["executive"], tmp_path / "voclab.toml")
    assert jobs[0].name == "executive/company" and jobs[0].unit == ""  # the whole company comes first
    names = [job.name for job in jobs[1:]]
    assert len(set(names)) == len(units)  # one file per unit, whatever the case, script or length
    assert all(len(name.split("/")[1]) <= len("segment-") + MAX_SLUG + 7 for name in names)
    assert all(re.fullmatch(r"executive/[a-z0-9-]+", name) for name in names)
    again = plan(["SMB", "smb"], "Segment", ["executive"], tmp_path / "voclab.toml")
    assert [j.name for j in again[1:]] == names[:2]  # stable: the same names give the same files
    assert (
        plan(["Mid-market"], "Segment", ["analyst"], tmp_path / "voclab.toml")[1].name == "analyst/segment-mid-market"
    )


def test_a_killed_batch_resumes_with_only_the_missing_reports(project, make_notebook, tmp_path, monkeypatch):
    import voclab.report.batch as batch_module

    notebook = make_notebook(tmp_path / "tiny.ipynb", "print(segment_value)")
    tiny = nbformat.read(notebook, as_version=4)
    tiny.cells[1].source += "".join(
        f'\n{name}: str = ""  # {name}' for name in ("config_path", "segment_column", "segment_value")
    )
    nbformat.write(tiny, notebook)

    class KilledAfterOne(batch_module.tqdm):
        def update(self, n=1):
            super().update(n)
            raise KeyboardInterrupt  # the operator's Ctrl-C (or a kill) right after the first report

    monkeypatch.setattr(batch_module, "tqdm", KilledAfterOne)
    with pytest.raises(KeyboardInterrupt):
        run_batch(load(project), project, "Segment", ["executive"], jobs=1, notebook=notebook, run="killed")
    monkeypatch.undo()
    run_dir = load(project).paths.reports / "killed"
    finished = json.loads((run_dir / "state.json").read_text())
    assert len(finished) == 1 and (run_dir / f"{next(iter(finished))}.html").is_file()
    assert "rendered in" in (run_dir / "index.html").read_text()
    again = run_batch(
        load(project),
        project,
        "Segment",
        ["executive"],
        jobs=1,
        notebook=notebook,
        run="killed",
        resume=True,
        progress=False,
    )
    assert again.skipped == list(finished) and len(again.results) == 4  # company + four segments, one done


def test_the_executed_notebook_beside_a_report_discloses_no_more_than_the_report(tmp_path, make_notebook):
    path = make_notebook(tmp_path / "tagged.ipynb", "print('for everyone')")
    notebook = nbformat.read(path, as_version=4)
    secret = nbformat.v4.new_code_cell("print('ticket text of Jane Doe')", metadata={"tags": ["frontline"]})
    notebook.cells.append(secret)
    nbformat.write(notebook, path)
    result = render(path, audience="executive", out_dir=tmp_path / "out")
    assert result.ok, result.error
    kept = result.executed.read_text(encoding="utf-8")
    assert "for everyone" in kept and "ticket text of Jane Doe'" in kept  # the code stays, for re-running
    assert "ticket text of Jane Doe\\n" not in kept  # its output does not
    frontline = render(path, audience="frontline", out_dir=tmp_path / "out", name="tagged-frontline")
    assert "ticket text of Jane Doe\\n" in frontline.executed.read_text(encoding="utf-8")


def test_a_batch_on_dask_renders_every_report_as_a_task_on_the_cluster(project, make_notebook, tmp_path):
    notebook = make_notebook(tmp_path / "tiny.ipynb", "import os\nprint(segment_value, 'rendered by', os.getpid())")
    tiny = nbformat.read(notebook, as_version=4)
    tiny.cells[1].source += "".join(
        f'\n{name}: str = ""  # {name}' for name in ("config_path", "segment_column", "segment_value")
    )
    nbformat.write(tiny, notebook)
    config = tmp_path / "voclab.toml"
    config.write_text(project.read_text() + '\n[compute]\nengine = "dask"\nworkers = 2\nmemory_limit = "1GB"\n')
    result = run_batch(load(config), config, "Segment", ["analyst"], notebook=notebook, run="dask", progress=False)
    assert len(result.results) == 5 and not result.failed  # the company and four segments
    pages = [r.html.read_text(encoding="utf-8") for r in result.results]
    workers = {m for page in pages for m in re.findall(r"rendered by (\d+)", page)}
    assert 1 <= len(workers) <= 2 and str(os.getpid()) not in workers  # on the cluster's worker processes
    assert "rendered in" in result.index.read_text()
