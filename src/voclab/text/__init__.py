"""Open-text analytics: clean, redact, sentiment, themes (codebook and discovery), keyness, quotes, impact.

>>> import pandas as pd
>>> from voclab import text
>>> text.redact(pd.Series(["mail me: jo@example.com"])).item()
'mail me: [EMAIL]'
"""

from voclab.text.aspects import aspect_sentiment, sentences
from voclab.text.audit import audit_codebook, audit_precision
from voclab.text.clean import clean, guess_language, languages, top_tags
from voclab.text.discover import discover_themes, suggest_codebook
from voclab.text.impact import theme_impact
from voclab.text.keyness import emerging_terms, keyness
from voclab.text.model import SentimentModel, fit_sentiment, load_model
from voclab.text.pipeline import analyze, analyze_parquet, process_texts
from voclab.text.quotes import quotes
from voclab.text.redact import PLACEHOLDERS, redact
from voclab.text.sentiment import implementation, net_sentiment, sentiment, sentiment_counts
from voclab.text.themes import (
    STARTER_CODEBOOKS,
    Codebook,
    code_themes,
    codebook_from_rows,
    coverage,
    load_codebook,
    resolve_codebook,
    starter_codebook,
    theme_counts,
    theme_long,
    theme_summary,
    theme_trend,
    volume,
)

__all__ = [
    "PLACEHOLDERS",
    "STARTER_CODEBOOKS",
    "Codebook",
    "SentimentModel",
    "analyze",
    "analyze_parquet",
    "aspect_sentiment",
    "audit_codebook",
    "audit_precision",
    "clean",
    "code_themes",
    "codebook_from_rows",
    "coverage",
    "discover_themes",
    "emerging_terms",
    "fit_sentiment",
    "guess_language",
    "implementation",
    "keyness",
    "languages",
    "load_codebook",
    "load_model",
    "net_sentiment",
    "process_texts",
    "quotes",
    "redact",
    "resolve_codebook",
    "sentences",
    "sentiment",
    "sentiment_counts",
    "starter_codebook",
    "suggest_codebook",
    "theme_counts",
    "theme_impact",
    "theme_long",
    "theme_summary",
    "theme_trend",
    "top_tags",
    "volume",
]
