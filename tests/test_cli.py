"""The `voclab` command: exit codes, one-line errors, summaries."""

import subprocess
import sys
from pathlib import Path

from voclab.cli import main

TABLES = Path(__file__).parent / "fixtures" / "tables"


def test_ingest_prints_summary(tmp_path, capsys):
    code = main(["ingest", str(TABLES / "behaviour_long.csv"), "--out", str(tmp_path / "processed")])
    out = capsys.readouterr().out
    assert code == 0
    assert "behaviour_long" in out and "ingested" in out and "quarantined" in out
    assert (tmp_path / "processed" / "behaviour.parquet").is_file()
    assert (tmp_path / "quarantine" / "behaviour_long.csv").is_file()


def test_bad_file_is_one_line_exit_2_no_traceback(tmp_path, capsys):
    code = main(["ingest", str(TABLES / "unclosed_quote.csv"), "--kind", "table", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "unclosed_quote.csv" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())


def test_bad_map_and_kind(capsys):
    assert main(["ingest", "x.csv", "--map", "text"]) == 2
    assert "FIELD=COLUMN" in capsys.readouterr().err
    assert main(["ingest", "x.csv", "--kind", "nope"]) == 2
    assert "unknown --kind 'nope'" in capsys.readouterr().err


def test_formats_lists_every_kind(capsys):
    assert main(["formats"]) == 0
    out = capsys.readouterr().out
    for kind in ("table", "behaviour"):
        assert kind in out


def test_console_script_exit_code(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "voclab.cli", "ingest", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("voclab: error:") and "missing.csv" in proc.stderr


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "90_executive.ipynb"


def test_render_checks_parameters_before_running(capsys):
    assert main(["render", str(NOTEBOOK), "-p", "top_gap=5"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("voclab: error: unknown parameter 'top_gap'") and "top_gaps (int" in err
    assert "\n" not in err and "Traceback" not in err
    assert main(["render", str(NOTEBOOK), "-p", "top_gaps=many"]) == 2
    assert "must be int" in capsys.readouterr().err
    assert main(["render", str(NOTEBOOK), "-p", "oops"]) == 2
    assert "write -p NAME=VALUE" in capsys.readouterr().err


def test_report_renders_every_unit_and_exits_with_the_failures(project, capsys):
    code = main(["report", "--config", str(project), "--by", "Segment", "--audience", "executive", "--run", "cli"])
    out = capsys.readouterr().out
    assert code == 0 and "5 report(s) rendered, 0 unchanged, 0 failed" in out and "index.html" in out
    assert main(["report", "--config", str(project), "--by", "Nope"]) == 2
    assert "no customer attribute 'Nope'" in capsys.readouterr().err


def test_demo_data_takes_the_documented_minimum_and_writes_a_ready_project(tmp_path, capsys):
    from voclab.demo import MIN_CUSTOMERS

    assert main(["demo-data", str(tmp_path / "small"), "--customers", str(MIN_CUSTOMERS - 1)]) == 2
    assert main(["demo-data", str(tmp_path / "ok"), "--customers", str(MIN_CUSTOMERS), "--seed", "5"]) == 0
    assert (tmp_path / "ok" / "voclab.toml").is_file() and (tmp_path / "ok" / "codebook.yaml").is_file()
    capsys.readouterr()
    assert main(["--config", str(tmp_path / "ok" / "voclab.toml"), "gaps", "--out", str(tmp_path / "gaps.csv")]) == 0
    assert "findings" in capsys.readouterr().out and (tmp_path / "gaps.csv").is_file()


def test_render_runs_the_notebook_on_the_project_of_the_command(partial, tmp_path, capsys):
    """``voclab --config X render NOTEBOOK`` renders X's data (the notebook's own default points elsewhere)."""
    notebook = NOTEBOOK.parent / "10_survey.ipynb"
    assert main(["--config", str(partial["texts"]), "render", str(notebook), "--out", str(tmp_path)]) == 0
    page = (tmp_path / "10_survey.html").read_text(encoding="utf-8")
    assert "No survey scores" in page and "relationship_survey" not in page
