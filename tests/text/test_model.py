"""A sentiment model trained on labelled texts: its cross-validated agreement, its use in analyze, its errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from voclab.cli import main
from voclab.exceptions import FormatError, ParameterError
from voclab.text import analyze, fit_sentiment, load_model
from voclab.text.model import _pipeline

RNG = np.random.default_rng(3)
#: Domain words a lexicon does not know: "sync" failing is this product's complaint, "seamless" its praise.
WORDS = {
    "negative": ["sync failed again", "the sync froze my data", "invoice doubled", "sync dropped the orders"],
    "neutral": ["moved to the new plan", "updated the app today", "changed my address", "asked about the api"],
    "positive": ["seamless setup", "setup was seamless", "onboarding was seamless", "seamless as ever"],
}


def _labelled(n: int = 240) -> pd.DataFrame:
    labels = RNG.choice(list(WORDS), n)
    texts = [f"{RNG.choice(WORDS[label])} {RNG.choice(['', 'today', 'this week', 'for us'])} #{i}" for i, label in
             enumerate(labels)]  # fmt: skip
    return pd.DataFrame({"text": texts, "label": labels})


def test_cross_validated_agreement_is_what_sklearn_computes_on_the_same_folds():
    data = _labelled()
    model = fit_sentiment(data.text, data.label, folds=3, sizes=(60,), seed=0)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    by_hand = cross_val_predict(_pipeline(0), data.text, data.label, cv=folds)
    assert_allclose(model.report.loc["model", "macro_f1"], f1_score(data.label, by_hand, average="macro"))
    assert model.report.loc["model", "macro_f1"] > model.report.loc["voclab-cx", "macro_f1"] + 0.3
    assert model.confusion["model"].to_numpy().sum() == len(data)
    assert model.learning_curve["labels"].tolist() == [60, 160]


def test_a_saved_model_scores_texts_in_analyze(tmp_path):
    data = _labelled()
    path = fit_sentiment(data.text, data.label, folds=3, sizes=()).save(tmp_path / "models" / "sentiment.joblib")
    scored = analyze(pd.DataFrame({"text": ["The sync failed twice", "Seamless, as ever"]}), method=f"model:{path}")
    assert scored.label.tolist() == ["negative", "positive"]
    assert_allclose(scored.compound, scored.pos - scored.neg)
    assert_allclose(scored[["pos", "neu", "neg"]].sum(axis=1), 1.0)
    assert scored.attrs["implementation"]["implementation"].startswith("model sentiment.joblib")


def test_bad_labels_and_bad_model_files_are_clear_errors(tmp_path):
    with pytest.raises(ParameterError, match="unknown label 'meh'"):
        fit_sentiment(pd.Series(["a", "b"]), pd.Series(["positive", "meh"]))
    with pytest.raises(ParameterError, match="too few labels for 5-fold"):
        fit_sentiment(pd.Series(["a", "b", "c"]), pd.Series(["positive", "negative", "neutral"]))
    (tmp_path / "junk.joblib").write_bytes(b"not a pickle")
    with pytest.raises(FormatError, match="not a voclab sentiment model"):
        load_model(str(tmp_path / "junk.joblib"))
    with pytest.raises(ParameterError, match="no such sentiment model"):
        load_model(str(tmp_path / "none.joblib"))


def test_train_sentiment_writes_a_model_the_project_then_uses(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "exports").mkdir(parents=True)
    _labelled().to_csv(project / "labels.csv", index=False)
    (project / "voclab.toml").write_text('name = "Labels"\n')
    assert main(["--config", str(project / "voclab.toml"), "train-sentiment", str(project / "labels.csv"),
                 "--folds", "3"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "voclab-cx" in out and "learning curve" in out and 'sentiment = "model:models/sentiment.joblib"' in out
    assert load_model(str(project / "models" / "sentiment.joblib")).report.loc["model", "macro_f1"] > 0.9
    assert main(["train-sentiment", str(project / "labels.csv"), "--label", "stars"]) == 2
