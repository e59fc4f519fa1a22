"""Theme discovery: unsupervised topics a human can read and turn into codebook rows.

TF-IDF on words and bigrams, then non-negative matrix factorisation (NMF; Lee & Seung 1999, with NNDSVD
initialisation, so a given seed always gives the same topics). Unless ``k`` is given, the number of topics is
chosen by stability (Greene, O'Callaghan & Cunningham 2014): for each candidate k, NMF is refitted on random
subsamples and the top terms compared with the full fit (average best-match Jaccard); the most stable k wins.

Customer text is full of words that say how people feel, not what about ("great", "thanks", "worst", "help")
and of conversation ("just", "got", "today"): left in, they form one catch-all topic that swallows most texts
(on the airline tweets one topic held 56 % of them). So discovery leaves them out — the sentiment lexicon's
words with a valence of at least :data:`SENTIMENT_VALENCE` and :data:`CONVERSATION` words, besides English stop
words and contractions — and a topic is what its **top terms** say: each topic's terms are ranked by how
distinctive they are (weight in the topic × the share of the term's weight that falls in this topic), a text
belongs to the topic whose top terms it carries most (so a topic's size is what its suggested codebook row would
code), and a text that carries none has no clear topic (−1) instead of joining the broadest one.

Example
-------
>>> import pandas as pd
>>> texts = pd.Series(["late delivery again", "delivery was late", "courier lost my delivery",
...                    "billing error on invoice", "invoice charged twice", "wrong invoice amount"] * 5)
>>> topics, assigned = discover_themes(texts, k=2)
>>> sorted(topics.label)
['delivery / late', 'invoice / billing']
>>> suggest_codebook(topics).include.tolist()[1].split(";")[:3]
['invoice', 'billing', 'billing invoice']
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from voclab.exceptions import ParameterError
from voclab.text.clean import URL, as_text

__all__ = ["CONVERSATION", "SENTIMENT_VALENCE", "discover_themes", "suggest_codebook"]

_TOKENS = r"(?u)\b[a-z][a-z]+\b"
#: VADER lexicon words at least this strong (on its −4..4 scale) are feelings, not topics.
SENTIMENT_VALENCE = 1.0
#: Words of conversation that name no topic (contractions are cut to their stem first: "didn't" → "did").
_CONVERSATION = """
just got get gets getting did does doing yes yeah know let going gonna sure day today tomorrow yesterday time times
need needs want wants guys way really make made think said tell told say says ok okay lol thing things like job im
amp hey hi hello oh ve ll don doesn isn wasn aren
"""
CONVERSATION = frozenset(_CONVERSATION.split())


def _stop_words() -> list[str]:
    from voclab.text.sentiment import _analyzer

    lexicon = _analyzer("vader").lexicon  # not voclab-cx's service words: "late", "refund" are topics
    feelings = {w for w, v in lexicon.items() if abs(v) >= SENTIMENT_VALENCE and w.isalpha()}
    return sorted(ENGLISH_STOP_WORDS | feelings | CONVERSATION)


def _readable(text: pd.Series) -> pd.Series:
    """Lower-case words only: handles, URLs, redaction placeholders and contractions' endings removed."""
    text = text.str.lower().str.replace(rf"{URL}|(?<![\w@])@\w+|\[[a-z_]+\]", " ", regex=True)
    return text.str.replace(r"(?:n't|'[a-z]+)\b", "", regex=True)


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
    """Topics in ``texts`` and each text's topic (see the module docstring).

    Returns ``(topics, assigned)``. ``topics`` columns: ``topic`` (0…k−1), ``label`` (its two most distinctive
    terms), ``top_terms`` (list, most distinctive first, bigrams included), ``size``, ``share`` (of all texts),
    ``examples`` (representative texts: the ones that carry its top terms most) and, when sentiment ``labels``
    (positive/neutral/negative, one per text) are given, ``net`` sentiment (share positive − share negative,
    ×100). ``assigned`` is the topic per text (same index; −1 when it carries no topic's top terms).
    ``topics.attrs``: ``unassigned`` (share of texts with no clear topic) and, when k was chosen automatically,
    ``stability`` (the score of each candidate k)."""
    text = as_text(texts)
    useful = text.str.len() > 0
    if useful.sum() < 10:
        raise ParameterError(f"only {int(useful.sum())} non-empty texts", hint="topic discovery needs more texts")
    vectorizer = TfidfVectorizer(
        ngram_range=(1, 2),
        stop_words=_stop_words(),
        token_pattern=_TOKENS,
        max_features=max_features,
        min_df=2,
        max_df=0.7,
        sublinear_tf=True,
    )
    try:
        matrix = vectorizer.fit_transform(_readable(text[useful]).tolist())
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
    tops = _distinctive(model.components_, top_n)
    carried = np.zeros_like(model.components_)
    for topic, terms in enumerate(tops):
        carried[topic, terms] = model.components_[topic, terms]
    weights = (
        np.asarray((matrix @ carried.T).todense()) if hasattr(matrix @ carried.T, "todense") else matrix @ carried.T
    )
    strongest = weights.argmax(axis=1)
    strongest[weights.max(axis=1) <= 0] = -1
    assigned = pd.Series(-1, index=text.index, dtype="int64")
    assigned[useful.to_numpy()] = strongest
    rows = []
    used = text[useful].to_numpy()
    for topic, terms in enumerate(tops):
        members = np.flatnonzero(strongest == topic)
        ranked = members[np.argsort(weights[members, topic])[::-1]]
        best = list(dict.fromkeys(str(used[i]) for i in ranked))[:examples]  # distinct texts only
        words = list(vocabulary[terms])
        rows.append(
            {
                "topic": topic,
                "label": " / ".join(words[:2]),
                "top_terms": words,
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
    unassigned = float((assigned == -1).mean())
    topics.attrs.update(
        {
            "k": k,
            "stability": stability,
            "unassigned": unassigned,
            "method": "TF-IDF + NMF (nndsvd), top-term membership",
        }
    )
    return topics, assigned


def _distinctive(components: np.ndarray, n: int) -> list[np.ndarray]:
    """Per topic, the indices of its ``n`` most distinctive terms: weight × the share of the term's weight across
    topics that falls in this one (a term strong everywhere labels nothing)."""
    share = components / np.maximum(components.sum(axis=0, keepdims=True), 1e-12)
    return [np.argsort(row)[::-1][:n] for row in components * share]


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
