"""A sentiment model trained on a team's own labelled texts, and how well it agrees with them.

:func:`fit_sentiment` fits TF-IDF word (1–2) and character (2–5, within words) n-grams into a logistic
regression with balanced classes, calibrated by Platt scaling (scikit-learn's ``CalibratedClassifierCV``), and
measures it honestly first: stratified k-fold cross-validation, the model and the voclab-cx lexicon scored on
the same held-out folds (macro-F1, accuracy, the pooled confusion matrix) and a learning curve (the model
trained on 200, 500, 1,000 and all of each fold's training labels). The returned model is then fitted on every
label. ``voclab train-sentiment labels.csv`` does the same from the command line and saves it into the project;
``[text] sentiment = "model:models/sentiment.joblib"`` makes :func:`voclab.text.analyze` score with it: ``pos``,
``neu`` and ``neg`` are its probabilities, ``compound`` = P(positive) − P(negative), ``label`` the likeliest.

A saved model is a pickle (joblib): load only models your team trained.

>>> texts = pd.Series(["great service", "awful delay", "it arrived"] * 40)
>>> model = fit_sentiment(texts, pd.Series(["positive", "negative", "neutral"] * 40), folds=3, sizes=())
>>> model.predict(pd.Series(["great service again"])).label.tolist()
['positive']
>>> float(model.report.loc["model", "macro_f1"])
1.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import joblib
import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, make_pipeline

from voclab._atomic import atomic_path
from voclab.exceptions import FormatError, ParameterError
from voclab.text.sentiment import LABELS, from_probabilities

__all__ = ["SentimentModel", "fit_sentiment", "load_model"]


def _pipeline(seed: int):
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000, random_state=seed)
    return make_pipeline(features, CalibratedClassifierCV(classifier, method="sigmoid", cv=3))


@dataclass
class SentimentModel:
    """A fitted model (``pipeline``) with its cross-validated ``report`` (rows ``model`` and ``voclab-cx``:
    ``macro_f1``, ``accuracy``), the pooled held-out ``confusion`` matrices and the ``learning_curve``
    (``labels`` → ``macro_f1``)."""

    pipeline: object
    report: pd.DataFrame
    confusion: dict[str, pd.DataFrame] = field(default_factory=dict)
    learning_curve: pd.DataFrame | None = None

    def predict(self, texts: pd.Series) -> pd.DataFrame:
        """``compound``, ``pos``, ``neu``, ``neg`` and ``label`` per text (same index), like
        :func:`voclab.text.sentiment`."""
        proba = self.pipeline.predict_proba(texts.fillna("").astype(str).tolist())
        return from_probabilities(proba, list(self.pipeline.classes_), texts.index)

    def save(self, path: str | Path) -> Path:
        """Write the model to ``path`` atomically (joblib)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            joblib.dump(self, tmp)
        return path


def _checked(texts: pd.Series, labels: pd.Series) -> tuple[pd.Series, pd.Series]:
    if len(texts) != len(labels):
        raise ParameterError("texts and labels differ in length", hint="pass one label per text")
    labels = labels.astype("string").str.strip().str.lower()
    unknown = sorted(set(labels.dropna()) - set(LABELS))
    if unknown:
        raise ParameterError(f"unknown label {unknown[0]!r}", hint=f"labels must be {', '.join(LABELS)}")
    keep = labels.notna() & texts.notna() & (texts.astype("string").str.strip() != "")
    return texts[keep].astype(str).reset_index(drop=True), labels[keep].astype(str).reset_index(drop=True)


def fit_sentiment(
    texts: pd.Series,
    labels: pd.Series,
    *,
    folds: int = 5,
    sizes: Sequence[int] = (200, 500, 1000),
    seed: int = 0,
) -> SentimentModel:
    """A sentiment model fitted on ``texts`` and their ``labels`` (positive, neutral, negative), with its
    ``folds``-fold cross-validated agreement against the voclab-cx lexicon on the same folds and a learning curve
    at ``sizes`` training labels (and all). Texts without a label are left out."""
    from voclab.text.sentiment import sentiment

    texts, labels = _checked(texts, labels)
    if labels.value_counts().min() < folds:
        raise ParameterError(f"too few labels for {folds}-fold validation", hint="label more texts of each class")
    lexicon = sentiment(texts, jobs=1)["label"].astype(str).where(lambda s: s != "nan", "neutral")
    splits = list(StratifiedKFold(folds, shuffle=True, random_state=seed).split(texts, labels))
    held = {"model": pd.Series(index=labels.index, dtype=object), "voclab-cx": lexicon}
    curve: dict[int, list[float]] = {}
    for train, test in splits:
        held["model"].iloc[test] = _pipeline(seed).fit(texts[train], labels[train]).predict(texts[test])
        for size in [s for s in sizes if s < len(train)]:
            part = np.random.default_rng(seed).choice(train, size, replace=False)
            if labels[part].nunique() == labels.nunique():
                fitted = _pipeline(seed).fit(texts[part], labels[part])
                curve.setdefault(size, []).append(f1_score(labels[test], fitted.predict(texts[test]), average="macro"))
    report = pd.DataFrame(
        {
            name: {
                "macro_f1": f1_score(labels, guess, average="macro"),
                "accuracy": accuracy_score(labels, guess),
            }
            for name, guess in held.items()
        }
    ).T
    confusion = {
        name: pd.DataFrame(confusion_matrix(labels, guess, labels=list(LABELS)), index=LABELS, columns=LABELS)
        for name, guess in held.items()
    }
    curve[len(splits[0][0])] = [report.loc["model", "macro_f1"]]
    learning = pd.DataFrame({"labels": list(curve), "macro_f1": [float(np.mean(v)) for v in curve.values()]})
    return SentimentModel(_pipeline(seed).fit(texts, labels), report, confusion, learning)


@cache
def load_model(path: str | Path) -> SentimentModel:
    """The model saved at ``path`` by :meth:`SentimentModel.save` (cached per path)."""
    try:
        model = joblib.load(Path(path))
    except FileNotFoundError:
        raise ParameterError(
            f"{path}: no such sentiment model", hint="train one: voclab train-sentiment LABELS.csv"
        ) from None
    except Exception as exc:  # a corrupt or foreign file: joblib/pickle raise many types
        raise FormatError(f"not a voclab sentiment model ({type(exc).__name__})", path=Path(path)) from None
    if not isinstance(model, SentimentModel):
        raise FormatError("not a voclab sentiment model", path=Path(path), hint="train one: voclab train-sentiment")
    return model
