"""PII redaction quality: voclab.text.redact vs a naive regex set, on the same labelled corpus, same run.

The corpus is :mod:`voclab.text.pii_corpus` (seeded templates: e-mails, phones in five countries' forms, cards,
IBANs in any case, SSNs, IPv4/IPv6, addresses in English, German and French forms and UK postcodes, names after
sign-offs, and look-alikes that must survive: order, invoice, tracking and ISBN numbers, prices, dates, versions).
Prints recall per kind and overall precision for both, and the time each takes on the corpus repeated ``N`` times.
Run: ``python benchmarks/bench_pii.py [N]`` (default 20). The corpus is built from the same templates the
redaction was tuned on: read the numbers as a regression guard, not as recall on unseen text.
"""

from __future__ import annotations

import re
import sys
import time

import pandas as pd

from voclab.text import pii_corpus
from voclab.text.redact import PLACEHOLDERS, redact

#: What a quick hand-rolled redactor usually looks like: an e-mail regex and "long digit runs are phones/cards".
_NAIVE = [
    ("EMAIL", re.compile(r"\S+@\S+\.\w+")),
    ("CARD", re.compile(r"\b(?:\d[ -]?){13,19}\b")),
    ("PHONE", re.compile(r"\+?\d[\d ()-]{7,}\d")),
]


def naive(texts: pd.Series) -> pd.Series:
    def one(text: str) -> str:
        for kind, pattern in _NAIVE:
            text = pattern.sub(PLACEHOLDERS[kind], text)
        return text

    return texts.map(one)


def main(repeat: int = 20) -> None:
    corpus = pii_corpus.build(seed=0)
    texts = pd.Series([s.text for s in corpus] * repeat)
    for name, function in (("naive", naive), ("voclab", redact)):
        start = time.perf_counter()
        function(texts)
        seconds = time.perf_counter() - start
        table = pii_corpus.score(corpus, redactor=function)
        total = table[table["kind"] == "all"].iloc[0]
        print(
            f"{name:>7}: {len(texts):,} texts in {seconds:.2f} s; recall {total.recall:.3f}, "
            f"precision {total.precision:.3f} ({int(total.placeholders)} placeholders)"
        )
        print("         " + ", ".join(f"{r.kind} {r.recall:.2f}" for r in table.itertuples() if r.kind != "all"))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
