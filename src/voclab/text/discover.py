"""Theme discovery: unsupervised topics a human can read and turn into codebook rows.

TF-IDF on words and bigrams (English stop words removed), then non-negative matrix factorisation (NMF;
Lee & Seung 1999, with NNDSVD initialisation, so a given seed always gives the same topics). Each text goes to
its strongest topic (or none, when every weight is ~0). Unless ``k`` is given, the number of topics is chosen
by stability (Greene, O'Callaghan & Cunningham 2014): for each candidate k, NMF is refitted on random
subsamples and the top terms compared with the full fit (average best-match Jaccard); the most stable k wins.

Example
-------
>>> import pandas as pd
>>> texts = pd.Series(["late delivery again", "delivery was late", "courier lost my delivery",
...                    "billing error on invoice", "invoice charged twice", "wrong invoice amount"] * 5)
>>> topics, assigned = discover_themes(texts, k=2)
>>> sorted(topics.label)
['invoice / wrong', 'late / delivery']
>>> suggest_codebook(topics).include.tolist()[1].split(";")[:3]
['invoice', 'wrong', 'wrong invoice']
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer

from voclab.exceptions import ParameterError
from voclab.text.clean import as_text

__all__ = ["discover_themes", "suggest_codebook"]

_TOKENS = r"(?u)\b[a-zA-Z][a-zA-Z']+\b"


def _fit(matrix, k: int, seed: int) -> NMF:
    with warnings.catch_warnings():  # tiny or degenerate inputs converge slowly; the topics are still usable
        warnings.simplefilter("ignore", ConvergenceWarning)
        return NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=1000).fit(matrix)


def _top_terms(model: NMF, vocabulary: np.ndarray, n: int) -> list[list[str]]:
    return [list(vocabulary[np.argsort(row)[::-1][:n]]) for row in model.components_]


def _stability(matrix, k: int, seed: int, vocabulary: np.ndarray, rounds: int = 3, top: int = 10) -> float:
    reference = [set(t) for t in _top_terms(_fit(matrix, k, seed), vocabulary, top)]
    rng = np.random.default_rng(seed)
    scores = []
    for _ in range(rounds):
        rows = rng.choice(matrix.shape[0], size=int(0.8 * matrix.shape[0]), replace=False)
        sample = [set(t) for t in _top_terms(_fit(matrix[rows], k, seed), vocabulary, top)]
        scores.append(np.mean([max(len(a & b) / len(a | b) for b in sample) for a in reference]))
    return float(np.mean(scores))


def discover_themes(
    texts: pd.Series,
    k: int | None = None,
    k_range: tuple[int, int] = (3, 10),
    seed: int = 0,
    max_features: int = 5000,
    top_n: int = 8,
    examples: int = 3,
    sample: int = 4000,
    labels: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Topics in ``texts`` and each text's topic.

    Returns ``(topics, assigned)``. ``topics`` columns: ``topic`` (0…k−1), ``label`` (its two strongest terms),
    ``top_terms`` (list, strongest first, bigrams included), ``size``, ``share``, ``examples`` (representative
    texts: the highest-weighted) and, when sentiment ``labels`` (positive/neutral/negative, one per text) are
    given, ``net`` sentiment (share positive − share negative, ×100). ``assigned`` is the topic per text (same
    index; −1 when none).
    ``topics.attrs["stability"]`` holds the score of each candidate k when k was chosen automatically."""
    text = as_text(texts)
    useful = text.str.len() > 0
    if useful.sum() < 10:
        raise ParameterError(f"only {int(useful.sum())} non-empty texts", hint="topic discovery needs more texts")
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2),
        stop_words="english",
        token_pattern=_TOKENS,
        max_features=max_features,
        min_df=2,
        max_df=0.7,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(text[useful].tolist())
    except ValueError as exc:  # every term filtered out
        raise ParameterError(
            f"no usable terms in the texts ({exc})", hint="pass longer texts or more of them"
        ) from None
    vocabulary = vectorizer.get_feature_names_out()
    stability: dict[int, float] = {}
    if k is None:
        rng = np.random.default_rng(seed)
        rows = rng.choice(matrix.shape[0], size=min(sample, matrix.shape[0]), replace=False)
        low, high = k_range
        for candidate in range(low, min(high, len(vocabulary) - 1, matrix.shape[0] - 1) + 1):
            stability[candidate] = _stability(matrix[rows], candidate, seed, vocabulary)
        if not stability:
            raise ParameterError("too few terms to choose a number of topics", hint="pass k explicitly")
        k = max(stability, key=lambda c: (round(stability[c], 3), -c))
    if k < 1:
        raise ParameterError(f"k={k} must be at least 1", hint="e.g. k=8")
    model = _fit(matrix, k, seed)
    weights = model.transform(matrix)
    strongest = weights.argmax(axis=1)
    strongest[weights.max(axis=1) <= 1e-9] = -1
    assigned = pd.Series(-1, index=text.index, dtype="int64")
    assigned[useful.to_numpy()] = strongest
    rows = []
    used = text[useful].to_numpy()
    for topic, terms in enumerate(_top_terms(model, vocabulary, top_n)):
        members = np.flatnonzero(strongest == topic)
        ranked = members[np.argsort(weights[members, topic])[::-1]]
        best = list(dict.fromkeys(str(used[i]) for i in ranked))[:examples]  # distinct texts only
        rows.append(
            {
                "topic": topic,
                "label": " / ".join(terms[:2]),
                "top_terms": terms,
                "size": len(members),
                "share": len(members) / len(text),
                "examples": best,
            }
        )
    topics = pd.DataFrame(rows)
    if labels is not None:
        tone = pd.Series(np.asarray(labels, dtype=object), index=text.index)
        topics["net"] = [
            100 * ((tone[assigned == t] == "positive").mean() - (tone[assigned == t] == "negative").mean())
            for t in topics["topic"]
        ]
    topics.attrs.update({"k": k, "stability": stability, "method": "TF-IDF + NMF (nndsvd)"})
    return topics, assigned


def suggest_codebook(topics: pd.DataFrame, terms: int = 6) -> pd.DataFrame:
    """Discovered topics as editable codebook rows (``theme``, ``parent``, ``include``, ``exclude``,
    ``description``); ``include`` joins the top terms with ``;`` as in a CSV codebook."""
    return pd.DataFrame(
        {
            "theme": topics["label"],
            "parent": "",
            "include": [";".join(t[:terms]) for t in topics["top_terms"]],
            "exclude": "",
            "description": [
                f"discovered topic {t} ({n} texts); review the terms"
                for t, n in zip(topics["topic"], topics["size"], strict=True)
            ],
        }
    )
