"""A researcher's own exports, not the demo: `voclab init` → `ingest` → `report` works, every report is offline and
says in one sentence what the project lacks instead of failing. Real shared files; skipped without them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat

from voclab.cli import main
from voclab.report.html import external_references

LABELS = ["Response ID", "Customer ID", "End date", "How likely are you to recommend us to a friend or colleague?",
          "How likely are you to renew your contract?", "Anything else you would like to tell us?"]  # fmt: skip


def _tweets(shared: Path, folder: Path, rows: int = 3000) -> None:
    pd.read_csv(shared / "twitter_airline_sentiment_tweets.csv").head(rows).to_csv(folder / "tweets.csv", index=False)


def _visible(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)))


def _reports(folder: Path) -> dict[str, str]:
    run = folder / "reports" / "latest"
    return {p.relative_to(run).as_posix(): p.read_text(encoding="utf-8") for p in sorted(run.rglob("*.html"))}


def test_telco_churn_tweets_and_an_spss_survey_become_reports(shared_data, tmp_path, capsys):
    folder = tmp_path / "exports"
    folder.mkdir()
    shutil.copy(shared_data / "ibm_telco_customer_churn.csv", folder)
    _tweets(shared_data, folder)
    churn = pd.read_csv(shared_data / "ibm_telco_customer_churn.csv", dtype=str).sample(700, random_state=1)
    rng = np.random.default_rng(1)
    survey = pd.DataFrame(
        {
            "ResponseId": [f"R_{i:05d}" for i in range(len(churn))],
            "customerID": churn["customerID"].to_numpy(),
            "EndDate": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 360, len(churn)), unit="D"),
            "Q1": rng.integers(0, 11, len(churn)).astype(float),
            "Q2": rng.integers(1, 6, len(churn)).astype(float),
            "Q3": rng.choice(["Great service", "Too expensive for what it is", "", "Support was slow"], len(churn)),
        }
    )
    pyreadstat.write_sav(survey, str(folder / "nps_survey.sav"), column_labels=LABELS)
    config = str(folder / "voclab.toml")
    assert main(["init", str(folder)]) == 0
    assert "found: survey = nps_survey, score = Q1" in capsys.readouterr().out
    assert main(["--config", config, "ingest"]) == 0
    assert main(["--config", config, "report", "--audience", "executive,analyst", "--jobs", "2"]) == 0
    assert "8 report(s) rendered, 0 unchanged, 0 failed" in capsys.readouterr().out
    reports = _reports(folder)
    assert len(reports) == 9  # company + three contract types, two audiences, and the index
    for name, page in reports.items():
        assert external_references(page) == [] and len(_visible(page)) > 300, name
    company = _visible(reports["executive/company.html"])
    assert "NPS 2024Q4, the whole company" in company and "Unweighted" in company
    assert "No driver questions" in _visible(reports["analyst/company.html"])  # the sentence, not a traceback
    assert '<table class="headline">' in reports["index.html"] and "Month-to-month" in reports["index.html"]


def test_a_project_with_only_texts_gets_reports_without_survey_or_say_do(shared_data, tmp_path, capsys):
    folder = tmp_path / "texts"
    folder.mkdir()
    _tweets(shared_data, folder)
    config = str(folder / "voclab.toml")
    assert main(["init", str(folder)]) == 0
    assert main(["--config", config, "report", "--audience", "executive,frontline"]) == 0
    out = capsys.readouterr().out
    assert "only the whole-company reports" in out and "2 report(s) rendered, 0 unchanged, 0 failed" in out
    reports = _reports(folder)
    executive = _visible(reports["executive/company.html"])
    assert "No survey scores" in executive and "No say–do gaps" in executive and "NPS" not in executive.split("¶")[1]
    frontline = _visible(reports["frontline/company.html"])
    assert "in their words" in frontline  # the themes section still runs on the texts
    assert "Not shown: [saydo] names no survey" in _visible(reports["index.html"])


def test_a_forms_csv_survey_and_a_customer_file_become_reports(demo, tmp_path, capsys):
    """No shared files needed: the demo's customer file (a wide CRM export) and a survey downloaded from a forms
    tool as plain CSV — a timestamp, the customer id, questions as headers — keyed to those customers."""
    folder = tmp_path / "forms"
    folder.mkdir()
    raw = demo[0].processed.parent / "raw"
    shutil.copy(raw / "behaviour" / "customers.csv", folder)
    ids = pd.read_csv(folder / "customers.csv", dtype=str)["customer_id"].sample(600, random_state=2)
    rng = np.random.default_rng(2)
    pd.DataFrame(
        {
            "Timestamp": (
                pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 360, len(ids)), unit="D")
            ).strftime("%m/%d/%Y %H:%M:%S"),
            "Customer ID": ids.to_numpy(),
            "How likely are you to recommend us to a friend or colleague?": rng.integers(0, 11, len(ids)),
            "How satisfied are you with support?": rng.choice(
                ["Satisfied", "Very satisfied", "Dissatisfied"], len(ids)
            ),
            "What should we improve?": [
                f"{rng.choice(['Faster support please', 'The price is too high', 'Nothing'])}, order {i}"
                if i % 3
                else ""
                for i in range(len(ids))
            ],
        }
    ).to_csv(folder / "feedback_form.csv", index=False)
    config = str(folder / "voclab.toml")
    assert main(["init", str(folder)]) == 0
    assert "found: survey = feedback_form, score = Q1" in capsys.readouterr().out
    assert main(["--config", config, "ingest"]) == 0
    assert main(["--config", config, "report", "--by", "Segment", "--audience", "analyst"]) == 0
    assert "5 report(s) rendered, 0 unchanged, 0 failed" in capsys.readouterr().out
    reports = _reports(folder)
    for name, page in reports.items():
        assert external_references(page) == [] and len(_visible(page)) > 300, name
    company = _visible(reports["analyst/company.html"])
    assert "NPS 2024Q4, the whole company" in company
    assert "No customer texts" not in company and "in their words" in company  # the open question's answers


def test_units_whose_customers_wrote_nothing_say_so(shared_data, tmp_path, capsys):
    """The real Qualtrics sample (one answer, one comment) beside the telco customer file: no contract type has
    a text of its own, and each unit report says so instead of failing (it did: KeyError 'net')."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in ("qualtrics_export_sample_qualtRics.csv", "ibm_telco_customer_churn.csv"):
        shutil.copy(shared_data / name, folder)
    config = str(folder / "voclab.toml")
    assert main(["init", str(folder)]) == 0
    assert main(["--config", config, "report", "--audience", "analyst"]) == 0
    assert "4 report(s) rendered, 0 unchanged, 0 failed" in capsys.readouterr().out
    unit = _visible(_reports(folder)["analyst/contract-one-year.html"])
    assert "No customer texts from Contract One year." in unit


def test_every_notebook_runs_on_real_exports(shared_data, tmp_path):
    """Notebooks 00–40 on a project of real files (the tweets span one week: drop detection has too few periods,
    which one sentence says) — what `voclab --config … render notebooks/…` does for a researcher."""
    from voclab.report.kernel import WarmKernel
    from voclab.report.render import render

    folder = tmp_path / "real"
    folder.mkdir()
    _tweets(shared_data, folder, rows=2000)
    shutil.copy(shared_data / "ibm_telco_customer_churn.csv", folder)
    shutil.copy(shared_data / "qualtrics_export_legacy_sample_qualtRics.csv", folder)
    assert main(["init", str(folder)]) == 0
    kernel = WarmKernel()
    try:
        for notebook in sorted((Path(__file__).parents[1] / "notebooks").glob("[0-4]*.ipynb")):
            result = render(notebook, {"config_path": str(folder / "voclab.toml")}, "analyst", tmp_path, warm=kernel)
            assert result.ok, (notebook.name, result.error)
    finally:
        kernel.shutdown()
    assert "No sudden drops tested: only 2 periods" in _visible((tmp_path / "30_social_forums.html").read_text())
