"""Cleaning: text fit for scoring and reading, plus the features cleaning would otherwise throw away.

Vectorised over Arrow strings (pyarrow's RE2 kernels), so a million texts clean in seconds:

* HTML (``html=True``, for platform HTML such as Discourse ``cooked`` or Stack Exchange bodies): scripts and
  styles dropped, block tags to line breaks, other tags removed. Plain customer text is never treated as
  markup — a ``<script>`` typed into a review stays visible text.
* HTML entities (``&amp;``, ``&#39;``) decoded — X/Twitter escapes them in its API.
* URLs replaced by ``[URL]`` (counted in ``n_urls``); @mentions and #hashtags stay in the text (VADER reads the
  words) and are listed lower-cased in ``mentions`` / ``hashtags``; whitespace collapsed; emoji kept.
* Language: a light offline guess from function-word counts (en, es, fr, de, pt, it, nl), ``other`` for texts
  mostly in a non-Latin script, ``und`` when there is too little to tell. ``english`` is true for ``en`` and
  ``und`` — the texts the English sentiment lexicon may score; the rest are flagged, not silently scored.

Example
-------
>>> import pandas as pd
>>> out = clean(pd.Series(["Thanks @United &amp; #CustomerService!! https://t.co/x1",
...                        "El vuelo fue muy malo y la comida también"]))
>>> out.loc[0, ["text", "mentions", "hashtags"]].tolist(), int(out.n_urls[0])
(['Thanks @United & #CustomerService!! [URL]', 'united', 'customerservice'], 1)
>>> out.language.tolist(), out.english.tolist()
(['und', 'es'], [True, False])
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["FUNCTION_WORDS", "as_text", "clean", "guess_language"]

URL = r"(?:https?://|www\.)[^\s<>\"]+"
_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})")
_HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
_ENTITY = r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});"

#: A handful of frequent function words per language: enough to tell languages apart on a sentence.
FUNCTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("the", "and", "is", "was", "to", "of", "it", "my", "you", "for", "this", "with", "not", "have", "are"),
    "es": ("el", "los", "las", "que", "y", "es", "muy", "pero", "por", "para", "con", "una", "del", "fue", "mi"),
    "fr": ("le", "les", "des", "est", "et", "une", "pas", "pour", "avec", "mais", "tres", "du", "je", "sur", "au"),
    "de": ("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "ich", "mit", "sehr", "aber", "auf", "zu"),
    "pt": ("o", "os", "as", "que", "e", "um", "uma", "muito", "mas", "para", "com", "do", "da", "foi", "nao"),
    "it": ("il", "gli", "che", "e", "di", "un", "una", "molto", "ma", "per", "con", "sono", "non", "della"),
    "nl": ("de", "het", "een", "en", "is", "niet", "van", "ik", "met", "maar", "voor", "zijn", "heel", "op"),
}
_LATIN_LETTER = r"[A-Za-z\x{00C0}-\x{024F}]"
_ANY_LETTER = r"\pL"


def as_text(texts: pd.Series | list[str]) -> pd.Series:
    """Texts as an Arrow-backed string Series; missing texts become empty strings (the index is kept)."""
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts))
    return series.astype("string[pyarrow]").fillna("")


def _arrow(series: pd.Series) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(series.to_numpy(dtype=object), type=pa.string())])


def _strip_html(text: pd.Series) -> pd.Series:
    for tag in ("script", "style"):
        text = text.str.replace(rf"(?is)<{tag}\b.*?</{tag}\s*>", " ", regex=True)
    text = text.str.replace(r"(?i)<(?:br\s*/?|/p|/div|/li|/h\d|/blockquote|/pre)\s*>", "\n", regex=True)
    return text.str.replace(r"<[^>]*>", " ", regex=True)


def _decode_entities(text: pd.Series) -> pd.Series:
    has = text.str.contains(_ENTITY, regex=True)
    if has.any():
        text = text.copy()
        text[has] = [html.unescape(t) for t in text[has]]
    return text


def _listed(text: pd.Series, pattern: re.Pattern[str], marker: str) -> pd.Series:
    out = pd.Series("", index=text.index, dtype="string[pyarrow]")
    has = text.str.contains(marker, regex=False)
    if has.any():
        out[has] = [";".join(m.lower() for m in pattern.findall(t)) for t in text[has]]
    return out


def guess_language(texts: pd.Series, min_hits: int = 2) -> pd.Series:
    """Best-guess language code per text from :data:`FUNCTION_WORDS` (see the module docstring)."""
    lower = _arrow(as_text(texts).str.lower())
    hits = np.column_stack(
        [
            pc.count_substring_regex(lower, rf"\b(?:{'|'.join(words)})\b").to_numpy(zero_copy_only=False)
            for words in FUNCTION_WORDS.values()
        ]
    )
    names = np.array(list(FUNCTION_WORDS))
    best = hits.argmax(axis=1)
    top = hits.max(axis=1)
    # ties go to English (index 0): English tweets often share short words with other languages
    tie = (hits == top[:, None]).sum(axis=1) > 1
    language = np.where(tie & (hits[:, 0] == top), "en", names[best])
    language = np.where(top >= min_hits, language, "und")
    letters = pc.count_substring_regex(lower, _ANY_LETTER).to_numpy(zero_copy_only=False)
    latin = pc.count_substring_regex(lower, _LATIN_LETTER).to_numpy(zero_copy_only=False)
    language = np.where((letters > 0) & (latin < 0.5 * letters), "other", language)
    return pd.Series(language, index=texts.index, dtype="string[pyarrow]")


def clean(texts: pd.Series, html: bool = False, urls: str = "[URL]") -> pd.DataFrame:
    """Clean ``texts``; one row per text (same index). Columns: ``text`` (cleaned), ``mentions``, ``hashtags``
    (``;``-joined, lower-cased), ``n_urls``, ``language``, ``english``."""
    text = as_text(texts)
    if html:
        text = _strip_html(text)
    text = _decode_entities(text)
    n_urls = text.str.count(URL).astype("int64")
    text = text.str.replace(URL, urls, regex=True)
    text = text.str.replace(r"\s+", " ", regex=True).str.strip()
    language = guess_language(text)
    return pd.DataFrame(
        {
            "text": text,
            "mentions": _listed(text, _MENTION, "@"),
            "hashtags": _listed(text, _HASHTAG, "#"),
            "n_urls": n_urls,
            "language": language,
            "english": language.isin(["en", "und"]).to_numpy(),
        },
        index=text.index,
    )
