"""The gap register on whole projects: every planted gap found with its direction, the null one left alone,
shuffled outcomes give nothing, and a real behaviour file with a random survey gives nothing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadstat
import pytest

from voclab.cli import main
from voclab.demo import generate
from voclab.exceptions import VoclabError
from voclab.project import open_project
from voclab.saydo import finalize, gap_register, people, quadrants, theme_lift
from voclab.saydo.register import REGISTER_COLUMNS, _before_decision, _texts

SEEDS = (7, 11, 13)


@pytest.fixture(scope="module", params=SEEDS)
def company(request, tmp_path_factory) -> tuple[Path, dict]:
    """A demo company (3,000 customers) at a seed other than 42, with its voclab.toml and ground truth."""
    folder = tmp_path_factory.mktemp(f"seed{request.param}")
    truth = generate(folder, seed=request.param, customers=3000)
    return folder, truth


def test_voclab_gaps_finds_every_planted_gap_and_leaves_the_null_one(company, capsys):
    folder, truth = company
    out = folder / "gaps.csv"
    assert main(["--config", str(folder / "voclab.toml"), "gaps", "--out", str(out)]) == 0
    assert "answers linked" in capsys.readouterr().out
    register = pd.read_csv(out).set_index("finding_id")
    assert list(register.reset_index().columns) == REGISTER_COLUMNS
    for key, effect in truth["effects"].items():
        if not isinstance(effect, dict) or "finding_id" not in effect:
            continue
        found = register.loc[effect["finding_id"]]
        if effect["expect"] == "not flagged":
            assert not found["flagged"], (key, found["sentence"])
            continue
        assert found["flagged"], (key, found["sentence"])
        centre = 1.0 if found["kind"] in {"theme_lift", "sudden_drop"} else 0.0
        assert (found["estimate"] > centre) == (effect["sign"] == "+"), (key, found["estimate"])


def test_companies_without_gaps_flag_no_more_than_the_fdr_allows(tmp_path, capsys):
    """``voclab demo-data --no-gaps``: every hypothesis of the register is true-null. BH at q = 0.05 then flags
    anything at all in at most 5 % of companies (under the complete null its FDR is its family-wise error)."""
    flagged = []
    for seed in SEEDS:
        folder = tmp_path / f"null{seed}"
        assert main(["demo-data", str(folder), "--seed", str(seed), "--customers", "3000", "--no-gaps"]) == 0
        assert "no planted gaps" in capsys.readouterr().out
        truth = json.loads((folder / "ground_truth.json").read_text())
        expected = [e for e in truth["effects"].values() if isinstance(e, dict) and "expect" in e]
        assert len(expected) == 10 and all(e["expect"] == "not flagged" for e in expected)
        register = gap_register(open_project(folder / "voclab.toml"))
        assert register["tested"].sum() > 50
        flagged.append(int(register["flagged"].sum()))
    assert sum(f > 0 for f in flagged) <= 1 and np.mean(flagged) <= 1, flagged


def test_every_sentence_states_its_direction_n_and_interval(company):
    folder, _ = company
    register = gap_register(open_project(folder / "voclab.toml"))
    tested = register[register["tested"]]
    assert tested["sentence"].str.contains(r"n = [\d,]+").all()
    assert tested["sentence"].str.contains("95 % CI").all()
    differences = tested[tested["kind"].isin(["intent_gap", "nonresponse", "channel_gap", "quadrant"])]
    for row in differences.itertuples():
        assert (" more " in row.sentence) == (row.estimate >= 0), row.sentence
    ratios = tested[tested["kind"] == "theme_lift"]
    for row in ratios.itertuples():
        assert ("less often" in row.sentence) == (row.estimate < 1), row.sentence
    assert ((register["q_value"].isna()) | register["tested"]).all()  # untested rows never enter BH


def test_the_link_compares_only_answers_given_before_the_decision(company):
    folder, _ = company
    frame = people(open_project(folder / "voclab.toml"))
    match = frame.attrs["voclab"]["match"]
    assert (
        match["after_decision"] > 0
        and match["matched"] + match["after_decision"] + match["id_not_found"] + match["no_decision_in_window"]
        == match["answers"]
    )
    assert frame["customer_id"].is_unique


def test_theme_lift_counts_only_texts_written_before_the_decision(company):
    """A customer who renews keeps writing after a leaver has gone: later texts would make every theme look like
    a sign of staying."""
    folder, _ = company
    project = open_project(folder / "voclab.toml")
    frame, texts = people(project), _texts(project)
    kept = _before_decision(frame, texts, "customer_id")
    behaviour = project.tables.behaviour
    renewed = behaviour[behaviour["event"] == "renewal"].groupby("customer_id")["ts"].min()
    linked = kept[kept["customer_id"].isin(frame["customer_id"])]
    after = linked["created_at"] >= linked["customer_id"].map(renewed)
    assert not after.any()
    dropped = texts["customer_id"].isin(frame["customer_id"]).sum() - len(linked)
    assert dropped > 100  # renewers' texts after their renewal, e.g. tickets later in the year


def test_shuffled_outcomes_within_segment_leave_no_say_do_link(company):
    folder, _ = company
    project = open_project(folder / "voclab.toml")
    frame = people(project)
    texts = _texts(project)
    themes = [c for c in texts.columns if c not in ("customer_id", "channel", "created_at")]
    mentions = texts.dropna(subset=["customer_id"]).groupby("customer_id")[themes].max()
    shuffles_with_a_flag = 0
    for seed in range(40):
        rng = np.random.default_rng(seed)
        shuffled = frame.copy()
        for _, index in shuffled.groupby("Segment").groups.items():
            shuffled.loc[index, ["left", "stayed"]] = shuffled.loc[index, ["left", "stayed"]].to_numpy()[
                rng.permutation(len(index))
            ]
        commenters = shuffled.merge(mentions, left_on="customer_id", right_index=True)
        rows = pd.concat(
            [
                quadrants(shuffled, say="Q1", do="left", by="Segment", say_at=9),
                theme_lift(commenters, themes=themes, outcome="left", strata="Segment"),
            ]
        )
        shuffles_with_a_flag += bool(finalize(rows)["flagged"].any())
    # ~14 null tests per shuffle: BH at 5 % flags anything in about 5 % of shuffles (2 of 40 expected;
    # 6 or more has probability 1.4 %)
    assert shuffles_with_a_flag <= 5


def test_real_churn_file_with_a_random_survey_flags_nothing_and_reports_unmatched_ids(shared_data, tmp_path):
    churn = pd.read_csv(shared_data / "ibm_telco_customer_churn.csv", dtype=str)
    rng = np.random.default_rng(3)
    sample = churn.sample(900, random_state=3)
    ids = sample["customerID"].tolist()
    ids[:7] = [f" {i} " for i in ids[:7]]  # stray spaces: must be reported, not dropped silently
    survey = pd.DataFrame(
        {
            "respondent_id": [f"r{i}" for i in range(len(ids))],
            "customer_id": ids,
            "Q1": rng.integers(0, 11, len(ids)).astype(float),
            "Contract": sample["Contract"].to_numpy(),
        }
    )
    pyreadstat.write_sav(survey, str(tmp_path / "survey.sav"))
    (tmp_path / "voclab.toml").write_text(
        f'segments = ["Contract"]\n[[sources]]\nname = "survey"\nfile = "{tmp_path / "survey.sav"}"\n'
        f'[[sources]]\nname = "churn"\nfile = "{shared_data / "ibm_telco_customer_churn.csv"}"\n'
        '[saydo]\nsurvey = "survey"\nscore = "Q1"\ncustomers = "churn"\noutcome = "Churn"\nrenewal = ""\n'
    )
    register = gap_register(open_project(tmp_path / "voclab.toml"))
    assert register.attrs["voclab"]["match"]["id_not_found"] == 7
    sayings = register[register["kind"].isin(["discordance", "quadrant"])]
    assert len(sayings) >= 3 and not sayings["flagged"].any(), sayings[["finding_id", "q_value"]]


@pytest.fixture(scope="module")
def seven(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    generate(folder, seed=7, customers=3000)
    return folder


def _toml(value: object) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {json.dumps(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


def _register_with(folder: Path, tmp_path: Path, **study: object) -> pd.DataFrame:
    """The register of the seed-7 company with some [saydo] keys changed (a copy of its voclab.toml)."""
    lines = (folder / "voclab.toml").read_text().splitlines()
    kept = [line for line in lines if line.split("=")[0].strip() not in study]
    section = kept.index("[saydo]")
    values = [f"{key} = {_toml(value)}" for key, value in study.items()]
    text = "\n".join(kept[: section + 1] + values + kept[section + 1 :]) + "\n"
    text = text.replace('raw = "."', f'raw = "{folder}"').replace(
        'codebook = "codebook.yaml"', f'codebook = "{folder}/codebook.yaml"'
    )
    for name in ("processed", "quarantine", "interim", "reports"):  # shared: ingested once for every variant
        text = text.replace(f'{name} = "{name}"', f'{name} = "{folder / name}"')
    for line in [line for line in text.splitlines() if line.startswith("file = ")]:
        text = text.replace(line, f'file = "{folder}/{line.split(chr(34))[1]}"')
    (tmp_path / "voclab.toml").write_text(text)
    return gap_register(open_project(tmp_path / "voclab.toml")).set_index("finding_id")


def test_every_saydo_key_reaches_its_effect(seven, tmp_path_factory):
    base = _register_with(seven, tmp_path_factory.mktemp("base"))
    changed = {
        "satisfied": 7,
        "intent_yes": [5],
        "window": ["0D", "90D"],
        "segments": ["Region"],
        "text_sources": ["tickets"],
        "themes": ["billing_errors", "dark_mode"],
        "fdr": 0.001,
        "owners": {"billing": "Revenue assurance"},
        "score": "Q2",
        "intent": "Q2",
    }
    variants = [{key: value} for key, value in changed.items()]
    variants.append({"drivers": ["Q3_1", "Q3_2", "Q3_3"], "importance": ["Q4_1", "Q4_2", "Q4_3"]})
    variants.append({"outcome": "renewal", "renewal": "churn"})
    for study in variants:
        key, value = next(iter(study.items()))
        other = _register_with(seven, tmp_path_factory.mktemp(key), **study)
        same = other.index.equals(base.index) and other[["estimate", "flagged", "owner"]].equals(
            base[["estimate", "flagged", "owner"]]
        )
        assert not same, f"[saydo] {key} = {value!r} changed nothing"
    with pytest.raises(VoclabError, match="account_id"):
        _register_with(seven, tmp_path_factory.mktemp("on"), on="account_id")
