"""[weighting] and [reporting] keys of voclab.toml reach what a report shows."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from voclab import cli
from voclab.exceptions import ConfigError
from voclab.project import open_project
from voclab.report.kernel import WarmKernel
from voclab.report.render import render
from voclab.text import fit_sentiment

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "90_executive.ipynb"


def _variant(project: Path, folder: Path, edit) -> Path:
    """A copy of the session's project config (absolute paths: same tables) with ``edit`` applied."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "voclab.toml"
    path.write_text(edit(project.read_text()))
    return path


def _without_weighting(text: str) -> str:
    return re.sub(r"(?ms)^\[weighting\.Segment\]\n.*?\n\n", "", text)


def test_weighted_rakes_to_the_margins_and_says_so(project, tmp_path):
    survey = open_project(project).tables.source("relationship_survey")
    weighted = open_project(project).weighted(survey)
    shares = weighted.groupby("Segment").weight.sum() / weighted.weight.sum()
    assert_allclose(shares.sort_index(), [0.33, 0.10, 0.22, 0.35], atol=1e-8)  # Consumer, Enterprise, Mid, SMB
    assert_allclose(weighted.weight.mean(), 1.0)
    assert weighted.attrs["voclab"]["weighting"].startswith("Weighted to the [weighting] margins of Segment")
    plain = open_project(_variant(project, tmp_path / "plain", _without_weighting)).weighted(survey)
    assert (plain.weight == 1).all() and plain.attrs["voclab"]["weighting"].startswith("Unweighted")
    wrong = _variant(project, tmp_path / "wrong", lambda t: t.replace("[weighting.Segment]", "[weighting.Plan]"))
    with pytest.raises(ConfigError, match=r"\[weighting.Plan\]: the survey has no column 'Plan'"):
        open_project(wrong).weighted(survey)


def test_weighting_changes_the_headline_of_a_rendered_report(project, tmp_path):
    survey = open_project(project).weighted(open_project(project).tables.source("relationship_survey"))
    last = survey[survey.Wave == sorted(survey.Wave.dropna().unique())[-1]]
    score = pd.to_numeric(last.Q1)
    by_hand = {
        w: 100 * np.average((score >= 9).astype(float) - (score <= 6), weights=last.weight if w else None)
        for w in (True, False)
    }
    pages = {}
    for weighted, config in ((True, project), (False, _variant(project, tmp_path / "plain", _without_weighting))):
        result = render(NOTEBOOK, {"config_path": str(config)}, "executive", tmp_path / f"out{weighted}")
        assert result.ok, result.error
        pages[weighted] = result.html.read_text(encoding="utf-8")
    for weighted, page in pages.items():
        card = re.search(r'class="value">([^<]+)<', page).group(1)
        assert card == f"{by_hand[weighted]:.0f}", (weighted, card, by_hand)
    assert f"{by_hand[True]:.0f}" != f"{by_hand[False]:.0f}"  # the margins move the headline
    assert "Weighted to the [weighting] margins of Segment" in pages[True] and "Unweighted" in pages[False]


def test_reporting_audience_and_audiences_are_the_cli_defaults(project, tmp_path, monkeypatch):
    config = _variant(
        project,
        tmp_path / "frontline",
        lambda t: t.replace("[reporting]\n", '[reporting]\naudience = "frontline"\naudiences = ["executive"]\n'),
    )
    seen = {}

    def fake_batch(cfg, path, column, wanted, *args, **kwargs):
        seen["audiences"] = wanted
        raise SystemExit(0)

    monkeypatch.setattr("voclab.report.batch.run_batch", fake_batch)
    with pytest.raises(SystemExit):
        cli.main(["--config", str(config), "report"])
    assert seen["audiences"] == ["executive"]

    def fake_render(notebook, params, audience, out_dir):
        seen["audience"] = audience
        raise SystemExit(0)

    monkeypatch.setattr("voclab.report.render.render", fake_render)
    with pytest.raises(SystemExit):
        cli.main(["--config", str(config), "render", str(NOTEBOOK)])
    assert seen["audience"] == "frontline"
    with pytest.raises(SystemExit):
        cli.main(["--config", str(config), "render", str(NOTEBOOK), "--audience", "analyst"])
    assert seen["audience"] == "analyst"


def test_saydo_codebook_codes_the_texts_every_report_shows(project, tmp_path):
    starter = _variant(project, tmp_path / "starter", lambda t: re.sub(r"(?m)^codebook = .*\n", "", t))
    own, plain = open_project(project), open_project(starter)
    demo_themes = set(own.codebook().themes)
    assert demo_themes <= set(own.texts().columns)  # the demo codebook's themes (sync_bug, billing_errors …)
    assert not demo_themes & set(plain.codebook().themes)
    assert set(plain.codebook().themes) <= set(plain.texts().columns)  # the cache was recomputed, not reused
    travel = open_project(
        _variant(project, tmp_path / "travel", lambda t: re.sub(r"(?m)^codebook = .*\n", 'codebook = "travel"\n', t))
    )
    assert "Baggage" in travel.codebook().themes and "Baggage" in travel.texts().columns  # a starter by its name
    kernel = WarmKernel()
    try:
        pages = {
            name: render(NOTEBOOK, {"config_path": str(c)}, "frontline", tmp_path / name, warm=kernel)
            for name, c in (("own", project), ("starter", starter))
        }
    finally:
        kernel.shutdown()
    assert all(r.ok for r in pages.values())
    text = {name: r.html.read_text(encoding="utf-8") for name, r in pages.items()}
    assert "sync_bug" in text["own"] and "sync_bug" not in text["starter"]


def test_segments_from_the_customer_file_join_the_survey_answers(project, tmp_path):
    """A [saydo] segment the survey does not ask (``plan``) comes from the customer file, customer by customer."""
    config = _variant(
        project, tmp_path / "plan", lambda t: t.replace('segments = ["Segment"]  ', 'segments = ["plan"]  ')
    )
    answers = open_project(config).survey_answers("relationship_survey")
    customers = pd.read_csv(open_project(config).source_file("customers"), dtype=str).set_index("customer_id")
    linked = answers.dropna(subset=["customer_id"])
    assert len(linked) and linked["plan"].notna().all()
    assert (linked["plan"].to_numpy() == customers.loc[linked["customer_id"], "plan"].to_numpy()).all()
    assert "plan" not in open_project(project).survey_answers("relationship_survey")


def test_text_keys_change_the_scores_every_report_uses(project, tmp_path):
    (tmp_path / "words.tsv").write_text("sync\t-2.5\tour customers only mention sync when it fails\n")
    texts = pd.Series(["sync broke", "love it", "changed plan"] * 20)
    labels = pd.Series(["negative", "positive", "neutral"] * 20)
    model = fit_sentiment(texts, labels, folds=3, sizes=()).save(tmp_path / "model.joblib")
    variants = {
        "model": f'[text]\nsentiment = "model:{model}"\n',
        "vader": '[text]\nsentiment = "vader"\n',
        "brands": '[text]\nbrands = ["great"]\n',
        "lexicon": f'[text]\nlexicon = "{tmp_path / "words.tsv"}"\n',
    }
    default = open_project(project).texts()
    assert (default.label == "negative").sum() > 0
    for name, section in variants.items():
        changed = open_project(_variant(project, tmp_path / name, lambda t, s=section: t + "\n" + s)).texts()
        moved = (changed.label.astype(str) != default.label.astype(str)).sum()
        assert moved > 10, (name, moved)
    footer = render(NOTEBOOK, {"config_path": str(tmp_path / "vader" / "voclab.toml")}, "frontline", tmp_path / "o")
    page = footer.html.read_text(encoding="utf-8")
    assert "voclab-cx" not in page and "FastVader" in page
    assert "voclab-cx" in render(NOTEBOOK, {"config_path": str(project)}, "frontline", tmp_path / "p").html.read_text()
