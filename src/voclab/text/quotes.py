"""Quotes: a few verbatims that speak for a theme or segment — redacted, on-tone, varied and traceable.

Candidates are the texts of the group, redacted first (so personal data never reaches a quote), of readable
length, and — unless ``tone`` says otherwise — with the sentiment label most common in the group (a negative
theme is not illustrated by its one happy comment). They are ranked by maximal marginal relevance (Carbonell &
Goldstein 1998) on TF-IDF vectors: close to the group's centroid (typical), far from quotes already picked
(no near-duplicates: cosine similarity to a picked quote above ``max_similarity`` disqualifies).

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"id": ["a", "b", "c"], "text": ["Late again, call me on +1 (555) 014-2222 please",
...                      "Late again, call me on +1 (555) 014-2222 please!", "The delivery was three days late"]})
>>> quotes(data, n=2, tone="any").quote.tolist()
['Late again, call me on [PHONE] please', 'The delivery was three days late']
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer

from voclab.exceptions import ParameterError
from voclab.text.clean import as_text
from voclab.text.redact import redact

__all__ = ["quotes"]

_TRACE = ("id", "source", "channel", "created_at")


def quotes(
    data: pd.DataFrame,
    mask: pd.Series | None = None,
    n: int = 5,
    text: str = "text",
    sentiment: str | None = None,
    tone: str = "majority",
    min_chars: int = 20,
    max_chars: int = 400,
    max_similarity: float = 0.6,
    diversity: float = 0.5,
    *,
    aspects: pd.DataFrame | None = None,
    theme: str | None = None,
) -> pd.DataFrame:
    """Up to ``n`` representative quotes from the rows of ``data`` where ``mask`` is true (default: all).

    ``sentiment`` names a label column (positive/neutral/negative); ``tone`` is ``"majority"`` (the group's most
    common label), a label, or ``"any"``. With ``aspects`` (:func:`voclab.text.aspect_sentiment` of the same
    texts) and a ``theme``, the tone is what each text said *about the theme* (a ticket that thanks the agent
    and reports a double charge is a negative Billing quote), and ``mask`` defaults to the texts that speak of
    it. Columns: the trace columns present (``id``, ``source``, ``channel``, ``created_at``), ``quote``
    (redacted), ``label`` (if known), ``typicality`` (cosine to the centroid)."""
    if text not in data.columns:
        raise ParameterError(f"column {text!r} is not in the data", hint="name the text column with text=")
    if aspects is not None:
        if theme is None:
            raise ParameterError("aspects need the theme being quoted", hint="pass theme=")
        about = aspects[aspects["theme"] == theme].set_index("row")["label"]
        data, sentiment = data.assign(_about=about.reindex(data.index).to_numpy()), "_about"
        mask = data.index.isin(about.index) if mask is None else mask
    rows = data if mask is None else data[pd.Series(mask, index=data.index).fillna(False).astype(bool)]
    if sentiment is not None and tone != "any":
        labels = rows[sentiment].dropna()
        wanted = labels.mode().iloc[0] if tone == "majority" and len(labels) else tone
        rows = rows[rows[sentiment] == wanted]
    body = redact(as_text(rows[text])).str.replace(r"\s+", " ", regex=True).str.strip()
    length = body.str.len()
    fits = ((length >= min_chars) & (length <= max_chars)).to_numpy(dtype=bool)
    rows, body = rows[fits], body[fits]
    if rows.empty:
        return pd.DataFrame(columns=[*[c for c in _TRACE if c in data.columns], "quote", "typicality"])
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform(body.tolist()) if len(body) > 1 else None
    picked = _mmr(vectors, n, max_similarity, diversity) if vectors is not None else [0]
    out = rows.iloc[picked][[c for c in _TRACE if c in rows.columns]].copy()
    out["quote"] = body.iloc[picked].to_numpy()
    if sentiment is not None:
        out["label"] = rows.iloc[picked][sentiment].to_numpy()
    out["typicality"] = _typicality(vectors)[picked] if vectors is not None else 1.0
    return out.reset_index(drop=True)


def _typicality(vectors) -> np.ndarray:
    centroid = np.asarray(vectors.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    return np.asarray(vectors @ centroid).ravel() / norm if norm else np.zeros(vectors.shape[0])


def _mmr(vectors, n: int, max_similarity: float, diversity: float) -> list[int]:
    typical = _typicality(vectors)
    picked: list[int] = []
    best_sim = np.zeros(vectors.shape[0])
    allowed = np.ones(vectors.shape[0], dtype=bool)
    while len(picked) < n and allowed.any():
        score = (1 - diversity) * typical - diversity * best_sim
        score[~allowed] = -np.inf
        choice = int(np.argmax(score))
        picked.append(choice)
        similarity = np.asarray(vectors @ vectors[choice].T.toarray()).ravel()
        best_sim = np.maximum(best_sim, similarity)
        allowed &= similarity <= max_similarity
        allowed[choice] = False
    return picked
