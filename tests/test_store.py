"""voclab.ingest.store: Parquet tables, manifest, quarantine files, atomicity, no-op re-ingest."""

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from voclab.exceptions import FormatError, ParameterError
from voclab.ingest.store import SourceSpec, discover, ingest, read_manifest, read_table
from voclab.ingest.validate import reconciles

TABLES = Path(__file__).parent / "fixtures" / "tables"


@pytest.fixture
def inputs(tmp_path):
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("id,text,created_at\n1,good,2024-01-01\n2,bad,never\n3,ok,2024-01-03\n3,ok,2024-01-03\n")
    events = tmp_path / "events.csv"
    events.write_bytes((TABLES / "behaviour_long.csv").read_bytes())
    return [SourceSpec(reviews, "table"), SourceSpec(events)]


def test_writes_tables_manifest_and_quarantine(tmp_path, inputs):
    out, quarantine = tmp_path / "processed", tmp_path / "quarantine"
    summary = ingest(inputs, out, quarantine)
    assert summary["status"].tolist() == ["ingested", "ingested"]
    assert all(reconciles(row) for row in summary.to_dict("records"))
    feedback = pd.read_parquet(out / "feedback.parquet")
    assert feedback["id"].tolist() == ["1", "3"]
    assert str(feedback["created_at"].dtype) == "datetime64[ns, UTC]"
    assert len(pd.read_parquet(out / "behaviour.parquet")) == 2
    manifest = json.loads((out / "manifest.json").read_text())
    entry = manifest["sources"]["reviews"]
    assert entry["sha256"] and entry["rows_read"] == 4 and entry["duplicates"] == 1 and entry["quarantined"] == 1
    assert manifest["tables"]["feedback"]["rows"] == 2 and manifest["schema_version"] == 2
    bad = pd.read_csv(quarantine / "reviews.csv")
    assert bad["reason"].tolist() == ["unparseable created_at: never"] and bad["record"].tolist() == [2]


def test_reingesting_unchanged_files_is_a_noop(tmp_path, inputs):
    out = tmp_path / "processed"
    ingest(inputs, out)
    stamp = (out / "feedback.parquet").stat().st_mtime_ns
    summary = ingest(inputs, out)
    assert summary["status"].tolist() == ["unchanged", "unchanged"]
    assert summary["kept"].tolist() == [2, 2]
    assert (out / "feedback.parquet").stat().st_mtime_ns == stamp


def test_changed_file_is_reingested(tmp_path, inputs):
    out = tmp_path / "processed"
    ingest(inputs, out)
    with open(inputs[0].path, "a") as fh:
        fh.write("4,new,2024-02-01\n")
    summary = ingest(inputs, out)
    assert summary["status"].tolist() == ["ingested", "unchanged"]
    assert len(pd.read_parquet(out / "feedback.parquet")) == 3


def test_a_broken_file_writes_nothing(tmp_path, inputs):
    out = tmp_path / "processed"
    ingest(inputs, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = SourceSpec(TABLES / "unclosed_quote.csv", "table")
    with open(inputs[0].path, "a") as fh:
        fh.write("5,changed,2024-02-01\n")
    with pytest.raises(FormatError, match="unclosed_quote.csv"):
        ingest([inputs[0], broken], out)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_interrupted_write_keeps_previous_result(tmp_path, inputs, monkeypatch):
    out = tmp_path / "processed"
    ingest(inputs, out)
    before = (out / "manifest.json").read_bytes()
    with open(inputs[0].path, "a") as fh:
        fh.write("6,later,2024-03-01\n")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(inputs, out)
    monkeypatch.undo()
    assert (out / "manifest.json").read_bytes() == before
    assert not [p for p in out.rglob("*.tmp*")]
    assert read_manifest(out)["sources"]["reviews"]["kept"] == 2


def test_duplicate_source_names_are_refused(tmp_path, inputs):
    from voclab.exceptions import ConfigError

    with pytest.raises(ConfigError, match="share the source name"):
        ingest([inputs[0], inputs[0]], tmp_path / "out")


def test_discover_finds_recognised_files_and_names_them_uniquely(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "events.csv").write_bytes((TABLES / "behaviour_long.csv").read_bytes())
    (tmp_path / "README.md").write_text("# not data\n")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    specs = discover(tmp_path)
    assert [s.source for s in specs] == ["a_events", "b_events"]
    summary = ingest(specs, tmp_path / "out")
    assert summary["kept"].tolist() == [2, 2]


def test_surveys_with_clashing_question_types_stack_and_read_back_per_source(tmp_path):
    surveys = Path(__file__).parent / "fixtures" / "surveys"
    specs = [SourceSpec(surveys / "qualtrics_choice_text.csv"), SourceSpec(surveys / "surveymonkey_expanded.csv")]
    out = tmp_path / "processed"
    ingest(specs, out)
    stacked = read_table("responses", processed=out)
    assert len(stacked) == 3 + 3 and str(stacked["source"].dtype) == "category"
    assert str(stacked["Q5"].dtype) == "string"  # numeric in one survey, text in the other
    qualtrics = read_table("responses", source="qualtrics_choice_text", processed=out)
    assert str(qualtrics["Q5"].dtype) == "Float64" and qualtrics["Q5"].tolist()[:2] == [2, 1]
    questions = read_table("questions", source="surveymonkey_expanded", processed=out)
    assert questions["question_id"].tolist()[:2] == ["Q1", "Q2"]
    with pytest.raises(ParameterError, match="no ingested source 'nope'"):
        read_table("responses", source="nope", processed=out)
    with pytest.raises(ParameterError, match="unknown table"):
        read_table("answers", processed=out)


def test_outputs_get_the_usual_file_mode_not_private(tmp_path, inputs):
    out = tmp_path / "processed"
    ingest(inputs, out)
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "feedback.parquet").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_configured_channel_reaches_the_texts_and_changing_it_reingests(tmp_path, inputs, capsys):
    from voclab.cli import main

    def config(channel: str, source: str = "reviews.csv", kind: str = "table") -> Path:
        path = tmp_path / "voclab.toml"
        path.write_text(f'[[sources]]\nfile = "{source}"\nkind = "{kind}"\nchannel = "{channel}"\n')
        return path

    assert main(["--config", str(config("app_store")), "ingest"]) == 0
    feedback = pd.read_parquet(tmp_path / "data" / "processed" / "feedback.parquet")
    assert set(feedback["channel"]) == {"app_store"}
    assert main(["--config", str(config("survey_comments")), "ingest"]) == 0
    feedback = pd.read_parquet(tmp_path / "data" / "processed" / "feedback.parquet")
    assert set(feedback["channel"]) == {"survey_comments"}
    capsys.readouterr()
    assert main(["--config", str(config("app_store", "events.csv", "auto")), "ingest"]) == 2
    err = capsys.readouterr().err
    assert "channel = 'app_store' applies to text sources" in err and "Traceback" not in err


def test_personal_data_is_redacted_at_rest_unless_privacy_says_otherwise(tmp_path):
    from voclab.cli import main

    (tmp_path / "reviews.csv").write_text(
        "id,text,title,author,created_at\n"
        "1,mail jo@example.com or call +44 20 7946 0958,card 4111 1111 1111 1111,Jo Smith,2024-01-01\n"
        "2,reach me at ann@example.org,ok,Ann,never\n"
    )

    def ingest_with(privacy: str) -> pd.DataFrame:
        (tmp_path / "voclab.toml").write_text(
            f'[privacy]\n{privacy}\n[[sources]]\nfile = "reviews.csv"\nkind = "table"\n'
        )
        assert main(["--config", str(tmp_path / "voclab.toml"), "ingest"]) == 0
        return pd.read_parquet(tmp_path / "data" / "processed" / "feedback.parquet")

    redacted = ingest_with("")  # on by default
    assert redacted.loc[0, ["text", "title", "author"]].tolist() == [
        "mail [EMAIL] or call [PHONE]",
        "card [CARD]",
        "[NAME]",
    ]
    quarantined = pd.read_csv(tmp_path / "data" / "quarantine" / "reviews.csv")
    assert quarantined["text"].tolist() == ["reach me at [EMAIL]"] and quarantined["reason"].str.contains("never").all()
    kept = ingest_with("redact_at_rest = false")  # a changed setting re-ingests
    assert kept.loc[0, "text"] == "mail jo@example.com or call +44 20 7946 0958" and kept.loc[0, "author"] == "Jo Smith"


def test_an_interrupted_folder_write_keeps_the_previous_folder(tmp_path):
    from voclab._atomic import atomic_folder

    target = tmp_path / "parts"
    with atomic_folder(target) as building:
        (building / "a.txt").write_text("first")
    with pytest.raises(KeyboardInterrupt), atomic_folder(target) as building:
        (building / "a.txt").write_text("second")
        raise KeyboardInterrupt
    assert (target / "a.txt").read_text() == "first" and [p.name for p in tmp_path.iterdir()] == ["parts"]
    with atomic_folder(target) as building:
        (building / "b.txt").write_text("third")
    assert [p.name for p in target.iterdir()] == ["b.txt"] and [p.name for p in tmp_path.iterdir()] == ["parts"]
