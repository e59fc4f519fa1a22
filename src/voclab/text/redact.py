r"""PII redaction: personal data in customer text becomes a typed placeholder before it reaches anything shown.

Detected, in this order (earlier kinds, and earlier address forms, win where patterns overlap):

==========  ==========================================================================================
[EMAIL]     e-mail addresses
[IBAN]      IBANs (2 letters, 2 check digits, 11–30 characters, any case) passing the ISO 13616 mod-97 check
[CARD]      13–19 digit payment card numbers (spaces, dots or dashes allowed) passing the Luhn check
[SSN]       US social security numbers written ``123-45-6789``
[IP]        IPv4 addresses and IPv6 addresses (full or ``::``-compressed)
[PHONE]     phone numbers: 9–15 digits written as a phone number — a ``+`` country code, an ``(area)``
            code, or digit groups separated by spaces, dots or dashes
[ADDRESS]   street addresses: "221B Baker Street" / "12 Main St." / "10 downing street", German "Hauptstraße 12" /
            "Berliner Str. 5", French "12 rue de la Paix", and UK postcodes after "postcode" or a place name
[NAME]      a name (accented letters too) after a sign-off or an introduction: "Thanks, Chloé García", "my name
            is John Smith" (the words before it stay)
[HANDLE]    @handles, only with ``handles=True``
==========  ==========================================================================================

What must survive is tested as carefully as what must go: order numbers (``#123456789``), prices, dates,
times and version strings are not phone numbers, and a 16-digit number that fails the Luhn check is not a card.
Digits are any Unicode decimal digits (full-width ``４１１１`` too). For speed, a cheap vectorised pre-filter per
kind (pyarrow RE2, written with ``\p{Nd}`` so it sees the same digits) picks the texts that could hold that kind;
only those go through the exact Python pattern, so :func:`redact` and :func:`redact_text` always agree.

Example
-------
>>> import pandas as pd
>>> redact(pd.Series(["Mail jo@example.com or call +44 20 7946 0958 re order #123456789 (v2.14.1, $1,299.99)"])).item()
'Mail [EMAIL] or call [PHONE] re order #123456789 (v2.14.1, $1,299.99)'
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import pandas as pd

from voclab.text.clean import as_text, matches

__all__ = ["PLACEHOLDERS", "iban_ok", "luhn_ok", "redact", "redact_text"]


def luhn_ok(number: str) -> bool:
    """The Luhn (mod 10) checksum of the digits in ``number``."""
    total = 0
    for position, char in enumerate(reversed([c for c in number if c.isdigit()])):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def iban_ok(text: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 equals 1."""
    compact = text.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_STREET = r"Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent"
#: Street words a lower-case address must end with (whole words only: "st" or "way" alone would catch prose).
_STREET_WORDS = "street|avenue|road|lane|drive|boulevard|terrace|crescent|close|gardens|square"
#: A capitalised name (one or two words) after a sign-off or an introduction; the lead-in stays.
_NAME = (
    r"(?:(?<=\b[Tt]hanks[,!] )|(?<=\b[Tt]hank you[,!] )|(?<=\b[Rr]egards[,!] )|(?<=\b[Cc]heers[,!] )"
    r"|(?<=\b[Ss]incerely[,!] )|(?<=\b[Bb]est[,!] )|(?<=\bmy name is )|(?<=\bMy name is ))"
    r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?: [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?\b"
)
#: German street names ("Hauptstraße 12", "Berliner Str. 5"), French ("12 rue de la Paix", "5 bis avenue Victor
#: Hugo") and UK postcodes ("SW1A 2AA").
_DE_STREET = r"(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm)"
_FR_STREET = r"(?:rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|quai|cours)"
_UPPER = r"[A-ZÀ-ÖØ-Þ]"
#: The UK's postcode areas (Royal Mail): a postcode starts with one of them.
_UK_AREA = (
    r"(?:A[BL]|B[ABDFHLNRSTX]?|C[ABFHMORTVW]|D[ADEGHLNTY]|E[CHNX]?|F[KY]|G[LUY]?|H[ADGPRSUX]|I[GMPV]|JE|K[ATWY]"
    r"|L[ADELNSU]?|M[EKL]?|N[EGNPRW]?|O[LX]|P[AEHLOR]|R[GHM]|S[AEGKLMNOPRSTWY]?|T[ADFNQRSW]|UB|W[ACDFNRSV]?|YO|ZE)"
)
#: A UK postcode, redacted only where it reads as one: in a real postcode area ("PS4 1TB", a games console, is
#: not one), after "postcode"/"zip" or a place name ("London NW1 6XE", "Baker Street, NW1 6XE").
_POSTCODE = re.compile(rf"\b(?:{_UK_AREA}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{{2}}\b")
_POSTCODE_BEFORE = re.compile(r"(?:(?i:post ?code|postal code|zip(?: code)?)[:\s]*|[A-Z][a-z]+,? )$")
#: kind → (pattern, validator of the matched text)
_PATTERNS: list[tuple[str, re.Pattern[str], Callable[[str], bool]]] = [
    ("EMAIL", re.compile(r"(?<![\w.+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"), lambda m: True),
    ("IBAN", re.compile(r"\b[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?\b"), iban_ok),
    (
        "CARD",
        re.compile(
            r"(?<![\w#.,$€£-])(?:\d{4}([ .-])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})"
            r"(?!\w|[.,]\d)"
        ),
        luhn_ok,
    ),
    ("SSN", re.compile(r"(?<![\w#.-])\d{3}-\d{2}-\d{4}(?![\w-])"), lambda m: not m.startswith(("000", "666", "9"))),
    ("IP", re.compile(rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w.]\d|\w)"), lambda m: True),
    (
        "IP",
        re.compile(
            r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
            r"|(?:[0-9A-Fa-f]{1,4}:){1,6}:(?:[0-9A-Fa-f]{1,4}:){0,5}[0-9A-Fa-f]{1,4})(?![\w:])"
        ),
        lambda m: sum(1 for group in m.split(":") if group) >= 3,
    ),
    (
        "PHONE",
        re.compile(
            r"(?<![\w#+/.,$€£-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?"
            r"\d{1,10}(?:[ .-]\d{1,10}){0,5}(?![\w/]|[.,-]\d)"
        ),
        lambda m: 9 <= _digits(m) <= 15 and (m.startswith("+") or "(" in m or bool(re.search(r"\d[ .-]\d", m))),
    ),
    (
        "ADDRESS",
        re.compile(
            rf"\b(?:{_UPPER}[\wäöüß-]+ )?{_UPPER}[\wäöüß-]*?{_DE_STREET} ?\d{{1,4}}[a-z]?\b"
            rf"|\b{_UPPER}[\wäöüß-]+ (?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm) \d{{1,4}}[a-z]?\b"
        ),
        lambda m: True,
    ),
    (
        "ADDRESS",
        re.compile(
            rf"\b\d{{1,4}}(?: ?(?:bis|ter))?,? {_FR_STREET} (?:(?:de la|de|du|des|la|le|d'|l')\s?)?"
            rf"{_UPPER}[\w'-]+(?: {_UPPER}[\w'-]+)?"
        ),
        lambda m: True,
    ),
    ("ADDRESS", _POSTCODE, lambda m: True),
    ("ADDRESS", re.compile(rf"\b\d{{1,5}}[A-Za-z]?\s+(?:[A-Z][a-z]+\.?\s+){{1,3}}(?:{_STREET})\b\.?"), lambda m: True),
    ("ADDRESS", re.compile(rf"\b\d{{1,5}}[a-z]?\s+(?:[a-z]+\s+){{1,3}}(?:{_STREET_WORDS})\b"), lambda m: True),
    ("NAME", re.compile(_NAME), lambda m: True),
]
#: Digits right after one of these words (and its label: "number", "no.", "#", other parts of the same id such
#: as "1Z 999 AA1") are an identifier of something else, not a phone number.
_NOT_A_PHONE = re.compile(
    r"(?i)\b(?:isbn(?:-1[03])?|issn|tracking|order|invoice|ref|reference|ticket|serial|case|parcel|awb)"
    r"(?:[ -]?(?:number|no\.?|nr\.?|id|code))?[:#]?(?:\s+[a-z0-9]*\d[a-z0-9]*)*\s*$"
)
_HANDLE = ("HANDLE", re.compile(r"(?<![\w@])@\w{1,30}"), lambda m: True)

#: The placeholder written for each kind.
PLACEHOLDERS = {
    kind: f"[{kind}]" for kind in ["EMAIL", "IBAN", "CARD", "SSN", "IP", "PHONE", "ADDRESS", "NAME", "HANDLE"]
}

# Cheap RE2 pre-filters, one per pattern above, run on all texts at once: only the texts they pick go through
# the exact Python pattern.
_D = r"\p{Nd}"
_MAYBE = {
    "EMAIL": r"[\w.%+-]@[A-Za-z0-9-]+\.[A-Za-z]",
    "IBAN": rf"[A-Za-z]{{2}}{_D}{{2}}",
    "CARD": rf"{_D}{{4}}[ .-]?{_D}{{4}}",
    "SSN": rf"{_D}{{3}}-{_D}{{2}}-{_D}{{4}}",
    "IP": rf"{_D}\.{_D}{{1,3}}\.{_D}{{1,3}}\.{_D}|[0-9A-Fa-f]:[0-9A-Fa-f]*:",
    "PHONE": rf"{_D}[{_D} ().-]{{7,}}{_D}",
    "ADDRESS": rf"(?i){_D}[A-Za-z]?\s+[a-z]+\.?\s+(?:[a-z]+\.?\s+){{0,2}}(?:{_STREET}|{_STREET_WORDS})\b"
    rf"|(?i:{_DE_STREET}) ?{_D}|(?i:{_D} ?,? ?(?:bis |ter )?{_FR_STREET} )"
    rf"|[A-Z]{{1,2}}{_D}[A-Z{_D}]? ?{_D}[A-Z]{{2}}|GIR ?{_D}[A-Z]{{2}}",
    "NAME": r"(?i:thanks|thank you|regards|cheers|sincerely|best)[,!] \p{Lu}|(?i:my name is) \p{Lu}",
    "HANDLE": r"@\w",
}


def _substitute(kind: str, pattern: re.Pattern[str], valid: Callable[[str], bool], counts: Counter | None):
    def replace(match: re.Match[str]) -> str:
        value, rest = match.group(), ""
        before = max(0, match.start() - 40), match.start()
        if kind == "PHONE" and _NOT_A_PHONE.search(match.string, *before):
            return value
        if pattern is _POSTCODE and not _POSTCODE_BEFORE.search(match.string, *before):
            return value
        while not valid(value):  # "ES91 2100 … 1332 but": the pattern took a word too many
            if " " not in value or kind != "IBAN":
                return match.group()
            value, cut = value.rsplit(" ", 1)
            rest = f" {cut}{rest}"
        if counts is not None:
            counts[kind] += 1
        return PLACEHOLDERS[kind] + rest

    return lambda text: pattern.sub(replace, text)


def _steps(handles: bool) -> list[tuple[str, re.Pattern[str], Callable[[str], bool]]]:
    return [*_PATTERNS, *([_HANDLE] if handles else [])]


def redact_text(text: str, handles: bool = False, counts: Counter | None = None) -> str:
    """One text with its personal data replaced (see the module docstring); ``counts`` tallies the kinds."""
    for kind, pattern, valid in _steps(handles):
        text = _substitute(kind, pattern, valid, counts)(text)
    return text


def redact(texts: pd.Series, handles: bool = False) -> pd.Series:
    """``texts`` with personal data replaced by ``[EMAIL]``, ``[PHONE]``, … (same index, Arrow strings).

    ``result.attrs["redacted"]`` counts the replacements per kind. Equal to :func:`redact_text` on each text."""
    text = as_text(texts).copy()
    counts: Counter = Counter()
    for kind, pattern, valid in _steps(handles):
        maybe = matches(text, _MAYBE[kind])
        if maybe.any():
            text[maybe] = list(map(_substitute(kind, pattern, valid, counts), text[maybe]))
    text.attrs["redacted"] = dict(counts)
    return text
