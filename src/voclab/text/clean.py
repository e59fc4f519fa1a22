"""Cleaning: text fit for scoring and reading, plus the features cleaning would otherwise throw away.

Vectorised over Arrow strings (pyarrow's RE2 kernels), so a million texts clean in seconds:

* HTML (``html=True``, for platform HTML such as Discourse ``cooked`` or Stack Exchange bodies): scripts and
  styles dropped, block tags to line breaks, other tags removed. Plain customer text is never treated as
  markup — a ``<script>`` typed into a review stays visible text.
* HTML entities (``&amp;``, ``&#39;``) decoded — X/Twitter escapes them in its API.
* URLs replaced by ``[URL]`` (counted in ``n_urls``); @mentions and #hashtags stay in the text (VADER reads the
  words) and are listed lower-cased in ``mentions`` / ``hashtags``; whitespace collapsed; emoji kept.
* Language: a light offline guess from function-word counts (en, es, fr, de, pt, it, nl), ``other`` for texts
  mostly in a non-Latin script, ``und`` when there is too little to tell, ``blank`` for an empty or
  whitespace-only text. ``english`` is true for ``en`` and ``und`` — the texts the English sentiment lexicon may
  score; the rest (blank texts included) are flagged, not silently scored as neutral.

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

from voclab.config import MIN_BASE

__all__ = ["FUNCTION_WORDS", "arrow", "as_text", "clean", "guess_language", "matches", "top_tags"]

URL = r"(?:https?://|www\.)[^\s<>\"]+"
_FEATURE = re.compile(r"(?<![\w@&#])([@#])(\w{1,50})")
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
_LANGUAGES = list(FUNCTION_WORDS)
_VOCABULARY = pa.array(sorted({word for words in FUNCTION_WORDS.values() for word in words}))
#: word (row, in _VOCABULARY order) × language: is it one of that language's function words
_MEMBER = np.array([[word in words for words in FUNCTION_WORDS.values()] for word in _VOCABULARY.to_pylist()])


def as_text(texts: pd.Series | list[str]) -> pd.Series:
    """Texts as an Arrow-backed string Series; missing texts become empty strings (the index is kept)."""
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts))
    return series.astype("string[pyarrow]").fillna("")


def arrow(series: pd.Series) -> pa.Array:
    """The Arrow array behind an Arrow-backed string Series (no copy)."""
    if not isinstance(series.dtype, pd.StringDtype) or series.dtype.storage != "pyarrow":
        series = as_text(series)
    return pa.array(series.array)


def matches(texts: pd.Series, pattern: str) -> np.ndarray:
    """Boolean array: does each text contain a match of the RE2 ``pattern`` (pyarrow, all texts at once)."""
    return pc.match_substring_regex(arrow(texts), pattern).to_numpy(zero_copy_only=False).astype(bool)


def _strip_html(text: pd.Series) -> pd.Series:
    for tag in ("script", "style"):
        text = _replace(text, rf"(?is)<{tag}\b.*?</{tag}\s*>", " ")
    text = _replace(text, r"(?i)<(?:br\s*/?|/p|/div|/li|/h\d|/blockquote|/pre)\s*>", "\n")
    return _replace(text, r"<[^>]*>", " ")


def _decode_entities(text: pd.Series) -> pd.Series:
    has = matches(text, _ENTITY)
    if has.any():
        text = text.copy()
        text[has] = [html.unescape(t) for t in text[has]]
    return text


def _features(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``;``-joined lower-cased @mentions and #hashtags (not #1234: that is a number), one regex pass."""
    mentions = pd.Series("", index=text.index, dtype="string[pyarrow]")
    hashtags = mentions.copy()
    has = matches(text, r"[@#]\w")
    if has.any():
        found = [_FEATURE.findall(t) for t in text[has]]
        mentions[has] = [";".join(w.lower() for m, w in f if m == "@") for f in found]
        hashtags[has] = [";".join(w.lower() for m, w in f if m == "#" and not w.isdigit()) for f in found]
    return mentions, hashtags


def _script_is_latin(value: str) -> bool:
    letters = [c for c in value if c.isalpha()]
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    return not letters or latin >= 0.5 * len(letters)


def guess_language(texts: pd.Series, min_hits: int = 2) -> pd.Series:
    """Best-guess language code per text from :data:`FUNCTION_WORDS` (see the module docstring).

    Vectorised: the texts are split into lower-case words by pyarrow, each word looked up once in the
    function-word table, and the hits counted per text and language."""
    text = as_text(texts)
    values = arrow(text)
    words = pc.split_pattern_regex(pc.utf8_lower(values), r"[^\pL]+")
    flat = pc.list_flatten(words)
    owner = pc.list_parent_indices(words).to_numpy(zero_copy_only=False)
    found = pc.fill_null(pc.index_in(flat, value_set=_VOCABULARY), -1).to_numpy(zero_copy_only=False)
    known = found >= 0
    owner, member = owner[known], _MEMBER[found[known]]
    hits = np.column_stack([np.bincount(owner[member[:, j]], minlength=len(text)) for j in range(len(_LANGUAGES))])
    top = hits.max(axis=1)
    best = np.array(_LANGUAGES)[hits.argmax(axis=1)]
    language = np.where(top < min_hits, "und", np.where(hits[:, 0] == top, "en", best)).astype(object)  # ties: en
    foreign = ~pc.string_is_ascii(values).to_numpy(zero_copy_only=False)
    for i in np.flatnonzero(foreign):
        if not _script_is_latin(text.iat[i]):
            language[i] = "other"
    return pd.Series(language, index=text.index, dtype="string[pyarrow]")


def _replace(text: pd.Series, pattern: str, replacement: str) -> pd.Series:
    """RE2 replace over all texts at once (pyarrow), keeping the index."""
    replaced = pc.replace_substring_regex(arrow(text), pattern, replacement)
    return replaced.to_pandas(types_mapper=pd.ArrowDtype).set_axis(text.index).astype("string[pyarrow]")


def clean(texts: pd.Series, html: bool = False, urls: str = "[URL]") -> pd.DataFrame:
    """Clean ``texts``; one row per text (same index). Columns: ``text`` (cleaned), ``mentions``, ``hashtags``
    (``;``-joined, lower-cased), ``n_urls``, ``language``, ``english``."""
    text = as_text(texts)
    if html:
        text = _strip_html(text)
    text = _decode_entities(text)
    n_urls = pc.count_substring_regex(arrow(text), URL).to_numpy(zero_copy_only=False).astype("int64")
    text = _replace(text, URL, urls.replace("\\", "\\\\"))
    text = _replace(text, r"\s+", " ").str.strip()
    language = guess_language(text).mask(text == "", "blank")
    mentions, hashtags = _features(text)
    return pd.DataFrame(
        {
            "text": text,
            "mentions": mentions,
            "hashtags": hashtags,
            "n_urls": n_urls,
            "language": language,
            "english": language.isin(["en", "und"]).to_numpy(),
        },
        index=text.index,
    )


def top_tags(data: pd.DataFrame, column: str, *, n: int = 10, min_base: int = MIN_BASE) -> pd.DataFrame:
    """The most used entries of a ``;``-joined column (``hashtags`` or ``mentions`` from :func:`clean`), only
    those in at least ``min_base`` texts (so no single customer's handle is shown). Columns: ``column``,
    ``"<column> count"``.

    >>> top_tags(pd.DataFrame({"hashtags": ["a;b", "a", ""]}), "hashtags", min_base=2)
      hashtags  hashtags count
    0        a               2
    """
    items = data[column].astype("string").str.split(";").explode()
    counts = items[items.notna() & (items != "")].value_counts()
    return counts[counts >= min_base].head(n).rename_axis(column).reset_index(name=f"{column} count")
