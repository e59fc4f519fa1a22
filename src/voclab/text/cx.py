"""voclab-cx: VADER adapted to customer text — what is scored, and the words it knows.

VADER (Hutto & Gilbert 2014) was built on social-media text in general. On customer text it is wrong in
predictable ways: a handle or company name that is an English word scores (``@united`` is +1.8), greetings and
sign-offs make a complaint polite ("Hi team … Thanks in advance, Tara" reads positive), pleas read as praise
("please help" is +3.0), and the words of service failure — waiting, stranded, overcharged, outage — are not in
the lexicon at all. voclab-cx keeps VADER's rules and scores unchanged and changes only two things:

1. :func:`prepare` keeps the part of a text that carries the customer's opinion: @handles, URLs, redaction
   placeholders and the project's brand names (``[text] brands`` in voclab.toml) are removed; a greeting at the
   start, a sign-off at the end ("Thanks in advance", "Kind regards, Tara") and a quoted earlier message ("On
   Mon, … wrote:", lines starting with ``>``) are not scored. The verbatim shown in reports is the full
   (redacted) text.
2. :func:`cx_lexicon` adds the shipped customer-service words (``voclab/data/cx_lexicon.tsv``: each with its
   valence on VADER's −4..4 scale and why) to VADER's lexicon; a project's own TSV (``[text] lexicon``) adds
   to or overrides them.

``method="vader"`` remains the unchanged reference. ``benchmarks/bench_sentiment_quality.py`` measures both
against human labels.

>>> prepare(pd.Series(["Hi team,\\nI was charged twice this month.\\nThanks in advance,\\nTara"])).tolist()
['I was charged twice this month.']
>>> prepare(pd.Series(["@united lost my bag again https://t.co/x"]), brands=["United"]).str.split().tolist()
[['lost', 'my', 'bag', 'again']]
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from voclab.exceptions import FormatError
from voclab.text.redact import PLACEHOLDERS

__all__ = ["LEXICON", "cx_lexicon", "prepare"]

#: The shipped customer-service lexicon.
LEXICON = files("voclab") / "data" / "cx_lexicon.tsv"

_HANDLE = r"(?<![\w@])@\w+"
#: redact()'s placeholders ([NAME], [HANDLE]…): not words, and in capitals they would switch on VADER's emphasis.
_PLACEHOLDER = "|".join(re.escape(p) for p in PLACEHOLDERS.values())
_URL = r"\b(?:https?://|www\.)\S+"
_GREETING = re.compile(
    r"^\s*(?i:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening))\b[^\n.!?,:]{0,40}[,.!:]?\s*"
)
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[\n.!?]))\s*(?i:thanks(?: in advance| again| a lot)?|thank you(?: in advance)?|many thanks|"
    r"(?:kind|best|warm|warmest)? ?regards|best wishes|best|cheers|sincerely|yours(?: sincerely| truly)?)"
    r"[,.!]*(?:\s+[A-Z][\w.'-]*){0,3}\s*$"
)
_QUOTED = re.compile(r"(?ms)^(?:On .{0,200}wrote:|-{2,} ?Original Message ?-{2,}|From: .+?\nSent: ).*\Z")
_QUOTE_LINE = re.compile(r"(?m)^>.*(?:\n|$)")


def prepare(texts: pd.Series, brands: Sequence[str] = ()) -> pd.Series:
    """The part of each text that voclab-cx scores (same index): handles, URLs and ``brands`` (whole words, any
    case) removed; greeting, sign-off and quoted earlier messages dropped (unless nothing else is left: a text
    that is only "Thanks!" is a thank-you). Missing stays missing."""
    text = texts.astype("string")
    text = text.str.replace(_QUOTED, "", regex=True).str.replace(_QUOTE_LINE, "", regex=True)
    masks = [_HANDLE, _URL, _PLACEHOLDER, *(rf"\b{re.escape(b)}\b" for b in brands if b.strip())]
    masked = text.str.replace(rf"(?i:{'|'.join(masks)})", " ", regex=True)
    core = masked.str.replace(_GREETING, "", regex=True).str.replace(_SIGN_OFF, "", regex=True)
    core = core.where(core.str.strip() != "", masked)  # a text that is only "Thanks!" is a thank-you
    return core.str.replace(r"[ \t]{2,}", " ", regex=True).str.strip()


@cache
def cx_lexicon(path: str | Path | None = None) -> dict[str, float]:
    """The shipped customer-service words (word → valence), with a project's own TSV at ``path`` (``word``,
    ``valence``, optional ``why``; ``#`` comment lines) added on top. A bad line is a
    :class:`~voclab.exceptions.FormatError` naming it."""
    words = _read(LEXICON.read_text(encoding="utf-8"), "voclab/data/cx_lexicon.tsv")
    if path is not None:
        words.update(_read(Path(path).read_text(encoding="utf-8"), str(path)))
    return words


def _read(content: str, where: str) -> dict[str, float]:
    words: dict[str, float] = {}
    for number, row in enumerate(csv.reader(content.splitlines(), delimiter="\t"), start=1):
        if not row or row[0].startswith("#") or row[0] == "word":
            continue
        try:
            words[row[0].strip().lower()] = float(row[1])
        except (IndexError, ValueError):
            raise FormatError(
                f"{where}, line {number}: expected a word, a tab and a valence", hint="e.g. 'stranded<TAB>-2.0'"
            ) from None
    return words
