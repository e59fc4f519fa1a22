"""voclab init: a folder of exports becomes a commented voclab.toml that names the study it can find."""

from __future__ import annotations

import re
import shutil
import tomllib

import pytest

from voclab.cli import main
from voclab.scaffold import init


@pytest.fixture
def exports(demo, tmp_path):
    """The demo company's raw exports in a folder of their own (no voclab.toml)."""
    tables, _ = demo
    folder = tmp_path / "exports"
    shutil.copytree(tables.processed.parent / "raw", folder, ignore=shutil.ignore_patterns("voclab.toml*", "*.yaml"))
    return folder


def test_init_finds_every_source_and_the_say_do_study_of_the_demo(exports):
    result = init(exports)
    config = tomllib.loads(result.path.read_text())
    kinds = {s["name"]: s["kind"] for s in config["sources"]}
    assert kinds == {
        "customers": "behaviour",
        "events": "behaviour",
        "discourse_topics": "discourse",
        "app_reviews": "reviews",
        "reddit": "reddit",
        "x_api_v2": "x-json",
        "relationship_qualtrics": "qualtrics",
        "support_csat_surveymonkey": "surveymonkey",
        "zendesk_tickets": "zendesk",
    }
    assert config["saydo"] == {
        "survey": "relationship_qualtrics",
        "score": "Q1",
        "intent": "Q5",
        "drivers": [f"Q3_{i}" for i in range(1, 8)],
        "importance": [f"Q4_{i}" for i in range(1, 8)],
        "customers": "customers",
        "events": "events",
        "outcome": "churn",
        "renewal": "renewal",
        "segments": ["Segment"],
        "codebook": "software",  # the demo company sells software
    }
    assert config["segments"][:2] == ["Segment", "Region"]
    assert config["text"]["brands"] == ["democohelp", "democo"]  # the handles the demo's customers address
    assert '# [[sources]]\n# file = "ground_truth.json"' in result.path.read_text()  # not an export: left out
    assert result.undecided == []


def test_init_never_overwrites_an_edited_config(exports, capsys):
    (exports / "voclab.toml").write_text('name = "mine"\n')
    assert main(["init", str(exports)]) == 0
    assert (exports / "voclab.toml").read_text() == 'name = "mine"\n'
    assert tomllib.loads((exports / "voclab.toml.new").read_text())["saydo"]["score"] == "Q1"
    assert "voclab.toml exists and was left as it is" in capsys.readouterr().out


def test_init_on_real_exports_says_what_it_could_not_decide(shared_data, tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    for name in ("ibm_telco_customer_churn.csv", "qualtrics_export_sample_qualtRics.csv"):
        shutil.copy(shared_data / name, folder / name)
    result = init(folder)
    config = tomllib.loads(result.path.read_text())
    assert config["saydo"]["customers"] == "ibm_telco_customer_churn" and config["saydo"]["outcome"] == "Churn"
    assert config["segments"] == ["Contract"]
    assert {"score", "intent", "drivers"} <= set(result.undecided)  # a one-response German sample: not guessed
    assert "# score = ...  # the 0–10" in result.path.read_text()


def test_init_on_an_empty_folder_is_one_clear_line(tmp_path, capsys):
    assert main(["init", str(tmp_path)]) == 2
    assert "no export files found" in capsys.readouterr().err


def test_init_proposes_brands_and_the_starter_codebook_that_fits(shared_data, tmp_path):
    import pandas as pd

    folder = tmp_path / "tweets"
    folder.mkdir()
    pd.read_csv(shared_data / "twitter_airline_sentiment_tweets.csv").to_csv(folder / "tweets.csv", index=False)
    written = init(folder).path.read_text()
    config = tomllib.loads(written)
    assert {"united", "usairways", "americanair", "southwestair", "jetblue", "virginamerica"} <= set(
        config["text"]["brands"]
    )
    assert config["saydo"]["codebook"] == "travel"
    assert re.search(r'codebook = "travel"  # the starter that marks most texts: \d+% \(general \d+%', written)
