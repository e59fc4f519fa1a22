"""Sentiment: VADER (Hutto & Gilbert 2014), scored by a faithful fast port of ``vaderSentiment`` 3.3.2, by default
adapted to customer text (``voclab-cx``: :mod:`voclab.text.cx`; ``method="vader"`` is the unchanged reference).

The lexicon is the one shipped inside the installed ``vaderSentiment`` wheel (nothing is downloaded at run
time). Scores equal ``SentimentIntensityAnalyzer().polarity_scores`` on every text — the tests compare them on
real tweets and on generated edge cases; speed never changes an answer. Large inputs are scored in parallel
chunks. Labels follow the VADER authors' cut-offs (compound ≥ 0.05 positive, ≤ −0.05 negative), except that
voclab-cx calls a text positive from 0.4 (:data:`CUTOFFS`): in customer text politeness ("thanks", "please",
"appreciate it") lifts requests and complaints to a mildly positive compound, and people read them as neutral
or negative. On the airline tweets macro-F1 is flat between 0.3 and 0.4 and drops beyond (0.5: 0.610).

Net sentiment is the share of positive texts minus the share of negative ones, on −100..100, with the
multinomial standard error of a difference of two proportions (:func:`voclab.survey.metrics.net_share`, as for NPS)
and Rocks's (2016) adjusted Wald interval (:func:`voclab.survey.metrics.net_interval`), which stays within
−100..100 on the small bases a theme or a week can have.

Example
-------
>>> import pandas as pd
>>> scores = sentiment(pd.Series(["I love it!", "Worst delivery ever.", "It arrived on Tuesday."]))
>>> scores[["compound", "label"]].to_dict("list")
{'compound': [0.6696, -0.6249, 0.0], 'label': ['positive', 'negative', 'neutral']}
>>> scores.attrs["implementation"]["reference"]
'vaderSentiment 3.3.2'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, partial
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from voclab._columns import require_columns
from voclab.exceptions import ParameterError
from voclab.survey.metrics import net_interval, net_share
from voclab.text._parallel import map_chunks
from voclab.text._vader import IMPLEMENTATION, FastVader
from voclab.text.clean import as_text
from voclab.text.cx import cx_lexicon, prepare

__all__ = [
    "CUTOFFS",
    "LABELS",
    "METHODS",
    "from_probabilities",
    "implementation",
    "label",
    "net_sentiment",
    "sentiment",
    "sentiment_counts",
]

#: Sentiment labels in display order.
LABELS = ("positive", "neutral", "negative")
#: Sentiment methods: ``voclab-cx`` (the default, VADER adapted to customer text) and ``vader`` (the reference).
METHODS = ("voclab-cx", "vader")
#: (positive from, negative up to) on the compound score, per method; a trained model (``model:``) uses VADER's.
CUTOFFS = {"vader": (0.05, -0.05), "voclab-cx": (0.4, -0.05)}


@cache
def _analyzer(method: str = "vader", lexicon: str | None = None) -> FastVader:
    analyzer = FastVader()
    if method == "voclab-cx":
        analyzer.lexicon.update(cx_lexicon(lexicon))
    return analyzer


def _check(method: str) -> None:
    if method not in METHODS and not method.startswith(("model:", "onnx:")):
        raise ParameterError(
            f"unknown sentiment method {method!r}", hint=f"use one of {', '.join(METHODS)}, model:PATH or onnx:FOLDER"
        )


def implementation(method: str = "voclab-cx", lexicon: str | None = None) -> dict[str, str]:
    """What scored the texts, for every result's metadata and every report's footer."""
    _check(method)
    if method.startswith("onnx:"):
        from voclab.text.transformer import load_transformer

        model = load_transformer(method.removeprefix("onnx:"))
        return {
            "implementation": f"transformer {model.folder.name} (ONNX, {len(model.labels)} labels) run locally",
            "reference": f"onnxruntime {version('onnxruntime')}",
        }
    if method.startswith("model:"):
        from voclab.text.model import load_model

        model = load_model(method.removeprefix("model:"))
        f1 = model.report.loc["model", "macro_f1"]
        return {
            "implementation": f"model {Path(method[6:]).name}: TF-IDF word and character n-grams, calibrated "
            f"logistic regression trained on your labels (cross-validated macro-F1 {f1:.2f})",
            "reference": f"scikit-learn {version('scikit-learn')}",
        }
    reference = f"vaderSentiment {version('vaderSentiment')}"
    if method == "vader":
        return {"implementation": IMPLEMENTATION, "reference": reference}
    words = f"{len(cx_lexicon(lexicon))} customer-service words" + (f" (with {Path(lexicon).name})" if lexicon else "")
    return {
        "implementation": f"voclab-cx: {IMPLEMENTATION} with {words}; handles, URLs and brands masked, greetings, "
        "sign-offs and quoted replies not scored",
        "reference": reference,
    }


def label(compound: pd.Series, method: str = "voclab-cx") -> pd.Series:
    """positive / neutral / negative from the compound score, at ``method``'s :data:`CUTOFFS`.

    >>> label(pd.Series([0.3, 0.5, -0.2])).tolist(), label(pd.Series([0.3]), "vader").tolist()
    (['neutral', 'positive', 'negative'], ['positive'])
    """
    positive, negative = CUTOFFS.get(method, CUTOFFS["vader"])
    values = np.select([compound >= positive, compound <= negative], ["positive", "negative"], "neutral")
    return pd.Series(values, index=compound.index, dtype="category").cat.set_categories(list(LABELS))


def from_probabilities(proba: np.ndarray, classes: Sequence[str], index: pd.Index) -> pd.DataFrame:
    """A classifier's class probabilities (one column per name in ``classes``) as sentiment scores: ``pos``,
    ``neu``, ``neg``, ``compound`` = P(positive) − P(negative) and ``label`` the likeliest class."""
    share = {name: proba[:, list(classes).index(name)] if name in classes else 0.0 for name in LABELS}
    out = pd.DataFrame({"pos": share["positive"], "neu": share["neutral"], "neg": share["negative"]}, index=index)
    out.insert(0, "compound", out["pos"] - out["neg"])
    likeliest = np.asarray(classes, dtype=object)[proba.argmax(axis=1)] if len(proba) else []
    out["label"] = pd.Categorical(likeliest, categories=list(LABELS))
    return out


def _score_chunk(
    texts: pd.Series, method: str = "voclab-cx", brands: tuple[str, ...] = (), lexicon: str | None = None
) -> pd.DataFrame:
    """Scores of one chunk; a text with nothing left to score (only a handle, a link) has none."""
    if method.startswith("model:"):
        from voclab.text.model import load_model

        return load_model(method.removeprefix("model:")).predict(texts)
    if method.startswith("onnx:"):
        from voclab.text.transformer import load_transformer

        return load_transformer(method.removeprefix("onnx:")).predict(texts)
    scored = prepare(texts, brands).fillna("") if method == "voclab-cx" else texts
    values = _analyzer(method, lexicon).score_many(scored.tolist())
    frame = pd.DataFrame(values[:, [3, 2, 1, 0]], index=texts.index, columns=["compound", "pos", "neu", "neg"])
    frame["label"] = label(frame["compound"], method)
    empty = (scored.str.strip() == "").to_numpy()
    frame.loc[empty, ["compound", "pos", "neu", "neg"]] = np.nan
    frame.loc[empty, "label"] = None
    return frame


def sentiment(
    texts: pd.Series,
    jobs: int | None = None,
    chunk_size: int = 25_000,
    progress: bool | None = None,
    *,
    method: str = "voclab-cx",
    brands: Sequence[str] = (),
    lexicon: str | Path | None = None,
) -> pd.DataFrame:
    """Sentiment scores per text (same index). Columns: ``compound`` (−1..1), ``pos``, ``neu``, ``neg``
    (shares), ``label``. ``method`` is ``voclab-cx`` (VADER adapted to customer text: ``brands`` masked,
    ``lexicon`` a project TSV over the shipped customer-service words; :mod:`voclab.text.cx`), ``vader``
    (identical to ``vaderSentiment``), ``model:PATH`` (a model trained on your labels,
    :func:`voclab.text.fit_sentiment`) or ``onnx:FOLDER`` (a local transformer,
    :mod:`voclab.text.transformer`). Inputs of 20,000 texts or more use every core unless ``jobs`` says
    otherwise; missing, empty and whitespace-only texts have no scores (missing, never neutral).
    ``result.attrs["implementation"]`` names the method and its reference."""
    _check(method)
    lexicon = str(lexicon) if lexicon else None
    text = as_text(texts)
    score = partial(_score_chunk, method=method, brands=tuple(brands), lexicon=lexicon)
    out = map_chunks(score, text, jobs=jobs, chunk_size=chunk_size, progress=progress, desc="sentiment")
    blank = (text.str.strip() == "").to_numpy()
    out.loc[blank, ["compound", "pos", "neu", "neg"]] = np.nan
    out.loc[blank, "label"] = None
    out.attrs["implementation"] = implementation(method, lexicon)
    return out


def net_sentiment(
    scores: pd.DataFrame, by: str | Sequence[str] | None = None, column: str = "label", confidence: float = 0.95
) -> pd.DataFrame:
    """Net sentiment (share positive − share negative, ×100) per group with its interval; ``scores`` may be a
    pandas or a Dask DataFrame (the counts are summed where the rows are, only one row per group comes back).

    Columns: ``by``…, ``net``, ``positive``, ``negative`` (shares), ``se`` (multinomial), ``ci_low``, ``ci_high``
    (adjusted Wald, Rocks 2016; within −100..100), ``n`` (texts
    scored), ``n_blank`` (empty texts: nothing to score) and ``n_unscored`` (other texts without a label, e.g. not
    in English). Only scored texts count towards the shares — a blank text is never a neutral one."""
    keys = [by] if isinstance(by, str) else list(by or [])
    require_columns(scores, [column, *keys], "the scores")
    z = stats.norm.ppf(0.5 + confidence / 2)
    counts = sentiment_counts(scores, keys, column)
    rows = []
    for row in counts.to_dict("records"):
        n, n_pos, n_neg = int(row["n"]), int(row["n_positive"]), int(row["n_negative"])
        pos, neg = (n_pos / n, n_neg / n) if n else (np.nan, np.nan)
        net, se = net_share(pos, neg, n)
        low, high = net_interval(n_pos, n_neg, n, z)
        row.update(net=net, positive=pos, negative=neg, se=se, ci_low=low, ci_high=high)
        rows.append(row)
    columns = [*keys, "net", "positive", "negative", "se", "ci_low", "ci_high", "n", "n_blank", "n_unscored"]
    return pd.DataFrame(rows, columns=columns)


def sentiment_counts(scores, by: Sequence[str] = (), column: str = "label") -> pd.DataFrame:
    """Per group of ``by`` (sorted): ``texts``, ``n`` (labelled), ``n_positive``, ``n_negative``, ``n_blank`` and
    ``n_unscored`` — sums, so a Dask DataFrame is counted partition by partition and only the totals come back."""
    keys = list(by)
    label = scores[column]
    flags = scores[keys].assign(
        texts=1,
        n=(~label.isna()).astype("int64"),
        n_positive=(label == "positive").fillna(False).astype("int64"),
        n_negative=(label == "negative").fillna(False).astype("int64"),
        n_blank=_blank(scores).astype("int64"),
    )
    if keys:
        counts = flags.groupby(keys, observed=True, sort=True).sum()
        counts = (counts.compute() if hasattr(counts, "compute") else counts).sort_index().reset_index()
    else:
        total = flags.sum()
        counts = (total.compute() if hasattr(total, "compute") else total).to_frame().T.reset_index(drop=True)
    counts["n_unscored"] = counts["texts"] - counts["n"] - counts["n_blank"]
    return counts


def _blank(scores) -> pd.Series:
    """Rows whose text is empty: ``language == "blank"`` after :func:`voclab.text.clean`, else a blank ``text``."""
    if "language" in scores:
        return (scores["language"] == "blank").fillna(False).astype(bool)
    if "text" in scores:
        return scores["text"].astype("string").fillna("").str.strip() == ""
    return scores[scores.columns[0]].isna() & False  # all False, for a pandas or a Dask frame alike
