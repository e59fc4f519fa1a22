"""A labelled corpus of customer sentences for measuring PII redaction: every planted value and its kind, and
sentences with look-alikes that must survive (order numbers, prices, dates, versions, flight numbers…).

The sentences are built from templates with a seeded generator, so the labels are exact: each
:class:`Labelled` sentence lists the ``(kind, value)`` pairs it contains. :func:`score` redacts the corpus and
returns recall per kind (a planted value counts as caught when it is gone and its kind's placeholder is there)
and precision (placeholders on sentences or parts that hold no personal data count against it).

>>> corpus = build(seed=1)
>>> len(corpus) >= 300, sum(not s.values for s in corpus) >= 100
(True, True)
>>> table = score(corpus)
>>> set(table["kind"]) >= {"EMAIL", "PHONE", "CARD", "IBAN", "ADDRESS", "NAME", "all"}
True
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pandas as pd

from voclab.text.redact import PLACEHOLDERS, redact

__all__ = ["Labelled", "build", "score"]


@dataclass(frozen=True)
class Labelled:
    """A sentence and the personal data planted in it: ``(kind, value)`` pairs (empty: none)."""

    text: str
    values: tuple[tuple[str, str], ...]


_FIRST = ["Jane", "Tara", "Ahmed", "Olga", "Luis", "Mei", "Kofi", "Sven", "Priya", "Marco", "Chloé", "Noah"]
_LAST = ["Doe", "Smith", "Okafor", "Petrova", "García", "Wang", "Mensah", "Berg", "Patel", "Rossi", "Martin"]
_DOMAINS = ["example.com", "example.org", "mail.example.net", "example.co.uk"]
_STREETS_EN = ["Baker Street", "Main St.", "Elm Avenue", "High Road", "Park Lane", "Oak Drive", "Station Road"]
_STREETS_LOWER = ["downing street", "church road", "mill lane", "victoria avenue", "queens gardens"]
_STREETS_DE = ["Hauptstraße", "Berliner Straße", "Goethestr.", "Lindenweg", "Marktplatz", "Schillerallee"]
_STREETS_FR = ["rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Germain", "place du Marché", "quai d'Orsay"]
_POSTCODES = ["NW1 6XE", "SW1A 2AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH"]
_SIGNOFFS = ["Thanks, {n}", "Kind regards, {n}", "Cheers, {n}", "Best, {n}", "Thank you, {n}", "my name is {n}"]
_IBANS = ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606",
          "NL91ABNA0417164300", "gb29 nwbk 6016 1331 9268 19", "ES91 2100 0418 4502 0005 1332"]  # fmt: skip
_CARDS = ["4111 1111 1111 1111", "4111-1111-1111-1111", "4111.1111.1111.1111", "5500 0000 0000 0004",
          "378282246310005", "6011 0009 9013 9424", "4012888888881881"]  # fmt: skip
_PHONES = ["+1 (555) 010-4477", "555-013-2290", "+44 20 7946 0958", "(020) 7946 0018", "+49 30 901820",
           "+33 1 42 68 53 00", "07700 900461", "+1 555 010 9921", "030 90182000", "+61 2 9374 4000"]  # fmt: skip
_SSNS = ["123-45-6789", "219-09-9999", "078-05-1120"]
_IPS = ["192.168.10.24", "10.0.0.7", "2001:db8:85a3::8a2e:370:7334", "172.16.254.1"]
_CONTEXT = [
    "My order never arrived, please help: {v}.",
    "Refund to {v} please, the charge was wrong.",
    "You can reach me at {v} any time.",
    "I already sent this twice, {v}, still nothing!",
    "Updated my details ({v}) but the app shows the old ones.",
    "The courier said to contact {v} but nobody answers.",
]
#: Sentences that hold no personal data but look like they might: all of it must survive redaction.
_NEGATIVES = [
    "Order #123456789 was charged $1,299.99 on 2025-03-14 at 14:35.",
    "Version 4.2.10 fixed the sync bug, build 2025.11.3 broke it again.",
    "Flight UA 1234 from EWR was delayed 3 hours, gate B22.",
    "Tracking number 1Z 999 AA1 01 2345 6784 shows no movement since 12/03/2025.",
    "I paid 49.99 EUR for 12 months, that is 4.17 a month.",
    "Ticket 48211 closed without a reply after 10 days.",
    "Invoice INV-2025-000731 lists 3 items but I ordered 4.",
    "The card ending in 4242 was declined twice.",
    "Store #12, till 3, scanner model ZX-900 freezes.",
    "We have 250 employees across 14 stores.",
    "Rated 2 out of 5 stars, down from 4 last year.",
    "Between 9:00 and 17:30 nobody picks up.",
    "Reference 1234 5678 9012 3456 is not a valid card number, it fails the check.",
    "My postcode area has 40 stores and none stock it.",
    "Best app for small shops, thanks!",
    "Thanks, the team fixed it within a day.",
    "Regards to everyone at support, you were great.",
    "Room 101 on floor 3, building B.",
    "Call centre hours changed on 01.04.2025.",
    "ISBN 978-3-16-148410-0 is missing from the catalogue.",
    "Bought the PS4 1TB bundle and the app will not pair.",
    "Got PS4 1TB for my son, the app still will not pair.",
    "Case number 2025 0417 3391 was closed too early.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}" if rng.random() < 0.6 else rng.choice(_FIRST)


def _value(rng: random.Random, kind: str) -> tuple[str, str]:
    """``(value, the text around it)`` for one planted value of ``kind``."""
    if kind == "EMAIL":
        first, last = rng.choice(_FIRST).lower().replace("é", "e"), rng.choice(_LAST).lower().replace("í", "i")
        return f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(_DOMAINS)}", "{v}"
    if kind == "ADDRESS":
        form = rng.randrange(5)
        if form == 0:
            return f"{rng.randint(1, 999)}{rng.choice(['', 'B'])} {rng.choice(_STREETS_EN)}", "{v}"
        if form == 1:
            return f"{rng.randint(1, 99)} {rng.choice(_STREETS_LOWER)}", "{v}"
        if form == 2:
            return f"{rng.choice(_STREETS_DE)} {rng.randint(1, 120)}", "{v}"
        if form == 3:
            return f"{rng.randint(1, 80)} {rng.choice(_STREETS_FR)}", "{v}"
        return rng.choice(_POSTCODES), "postcode {v}"
    pool = {"IBAN": _IBANS, "CARD": _CARDS, "PHONE": _PHONES, "SSN": _SSNS, "IP": _IPS}[kind]
    return rng.choice(pool), "{v}"


def build(seed: int = 0, per_kind: int = 30, negatives: int = 120) -> list[Labelled]:
    """``per_kind`` sentences for each kind (e-mail, phone, card, IBAN, SSN, IP, address, name), a quarter of
    them with a second value, plus ``negatives`` sentences with look-alikes only; deterministic for ``seed``."""
    rng = random.Random(seed)
    corpus = []
    for kind in ["EMAIL", "PHONE", "CARD", "IBAN", "SSN", "IP", "ADDRESS", "NAME"]:
        for _ in range(per_kind):
            if kind == "NAME":
                name = _name(rng)
                sign = rng.choice(_SIGNOFFS).format(n=name)
                text = f"{rng.choice(_CONTEXT).format(v='the app')} {sign[0].upper() + sign[1:]}"
                corpus.append(Labelled(text, (("NAME", name),)))
                continue
            value, around = _value(rng, kind)
            values = [(kind, value)]
            text = rng.choice(_CONTEXT).format(v=around.format(v=value))
            if rng.random() < 0.25:
                extra = rng.choice(["EMAIL", "PHONE", "CARD"])
                second, _ = _value(rng, extra)
                text += f" Or use {second}."
                values.append((extra, second))
            corpus.append(Labelled(text, tuple(values)))
    for k in range(negatives):
        text = _NEGATIVES[k % len(_NEGATIVES)]
        corpus.append(Labelled(text if k < len(_NEGATIVES) else f"{text} ({k})", ()))
    return corpus


_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS.values()))


def score(corpus: list[Labelled], redactor=redact) -> pd.DataFrame:
    """Redact the corpus with ``redactor`` (a Series → Series function; default :func:`voclab.text.redact`); per
    kind: ``planted``, ``caught`` (the value gone and its placeholder present), ``recall``; the ``all`` row adds
    ``placeholders`` and ``precision`` (placeholders that stand for a planted value / all placeholders written)."""
    redacted = redactor(pd.Series([s.text for s in corpus])).tolist()
    rows: dict[str, list[int]] = {}
    placeholders = wrong = 0
    for sentence, out in zip(corpus, redacted, strict=True):
        found = _PLACEHOLDER.findall(out)
        placeholders += len(found)
        expected = [PLACEHOLDERS[kind] for kind, _ in sentence.values]
        for kind, value in sentence.values:
            caught = value not in out and PLACEHOLDERS[kind] in out
            rows.setdefault(kind, [0, 0])
            rows[kind][0] += 1
            rows[kind][1] += int(caught)
        spare = list(found)
        for placeholder in expected:
            if placeholder in spare:
                spare.remove(placeholder)
        wrong += len(spare)
    table = pd.DataFrame(
        [{"kind": k, "planted": n, "caught": c, "recall": c / n} for k, (n, c) in sorted(rows.items())]
    )
    planted, caught = int(table["planted"].sum()), int(table["caught"].sum())
    total = {
        "kind": "all",
        "planted": planted,
        "caught": caught,
        "recall": caught / planted,
        "placeholders": placeholders,
        "precision": (placeholders - wrong) / placeholders if placeholders else float("nan"),
    }
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True)
