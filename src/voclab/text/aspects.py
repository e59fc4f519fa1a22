"""Aspect sentiment: how a text feels about each theme it mentions, read from the sentences that mention it.

One score per text hides a review that praises the product and complains about the fit, or a ticket that thanks
the agent and reports a double charge. :func:`aspect_sentiment` splits each text into sentences (at ``. ! ?``
and line breaks), codes every sentence with the codebook and scores it (:func:`voclab.text.sentiment`, voclab-cx
by default), and gives each (text, theme) the mean compound score of the sentences that carry the theme's terms
— the approach of sentence-level aspect-based sentiment (Hu & Liu 2004). :func:`voclab.text.theme_summary`
takes the result (``aspects=``) to give each theme the net sentiment of what was said *about it*.

>>> mixed = pd.Series(["Delivery was quick and the courier was lovely. But billing charged me twice, useless."])
>>> aspect_sentiment(mixed)[["theme", "label"]].values.tolist()
[['Billing', 'negative'], ['Delivery', 'positive']]
"""

from __future__ import annotations

import pandas as pd

from voclab.text.clean import as_text
from voclab.text.sentiment import label, sentiment
from voclab.text.themes import Codebook, code_themes

__all__ = ["ASPECT_COLUMNS", "aspect_sentiment", "sentences"]

#: Columns of :func:`aspect_sentiment`.
ASPECT_COLUMNS = ["row", "theme", "compound", "sentences", "label"]


def sentences(texts: pd.Series) -> pd.DataFrame:
    """Each text's sentences: ``row`` (the text's index label) and ``sentence``, in order; empty ones left out.

    >>> sentences(pd.Series(["Fast. Rude agent!", None])).sentence.tolist()
    ['Fast.', 'Rude agent!']
    """
    text = as_text(texts)
    parts = text.str.split(r"(?<=[.!?])\s+|\n+", regex=True).explode()
    parts = parts.str.strip()
    parts = parts[parts.notna() & (parts != "")]
    return pd.DataFrame({"row": parts.index, "sentence": parts.to_numpy()})


def aspect_sentiment(texts: pd.Series, codebook: Codebook | None = None, **options: object) -> pd.DataFrame:
    """One row per (text, theme) where a sentence of the text carries the theme: ``row`` (the text's index label),
    ``theme``, ``compound`` (mean compound of those sentences), ``sentences`` (how many), ``label``. ``options``
    go to :func:`voclab.text.sentiment` (``method``, ``brands``, ``lexicon``). Sentences with no score (not
    English, nothing left to score) do not count."""
    parts = sentences(texts).reset_index(drop=True)
    coded = code_themes(parts["sentence"], codebook, roll_up=False)
    scores = sentiment(parts["sentence"], jobs=1, progress=False, **options)["compound"]
    long = coded.stack()
    long = long[long].index.to_frame(index=False, name=["part", "theme"])
    long["row"] = parts.loc[long["part"], "row"].to_numpy()
    long["compound"] = scores.loc[long["part"]].to_numpy()
    long = long.dropna(subset=["compound"])
    out = long.groupby(["row", "theme"], sort=True).agg(compound=("compound", "mean"), sentences=("part", "size"))
    out = out.reset_index()
    out["label"] = label(out["compound"], str(options.get("method", "voclab-cx"))).astype(str)
    return out[ASPECT_COLUMNS]
