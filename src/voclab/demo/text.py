"""Customer language: sentences from :mod:`.phrases` assembled into comments, tickets, posts and tweets.

A :class:`Voice` fills the ``{slots}``, mixes themes, adds openers, hedges, negation, emoji, typos and odd
casing, and never returns the same text twice for one file (it retries, then adds a detail). PII (e-mail
addresses, phone numbers, Luhn-valid card numbers, handles) and XSS payloads are planted by
:meth:`Voice.plant`, which says what it planted so the ground truth can list it.

Example
-------
>>> from voclab.demo._rng import stream
>>> voice = Voice(stream(1, "doc"))
>>> text = voice.comment([("billing_errors", "negative")])
>>> bool(re.search(THEMES["billing_errors"].pattern, text, re.I))
True
>>> text == voice.comment([("billing_errors", "negative")])
False
>>> luhn_ok(card_number(stream(1, "card")))
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from voclab.demo._rng import choice
from voclab.demo.phrases import (
    CLOSERS,
    EMOJI,
    GENERIC,
    GREETINGS,
    HEDGE_PREFIXES,
    HEDGE_SUFFIXES,
    OPENERS,
    SIGNOFFS,
    SLOTS,
    THEMES,
    TYPOS,
)
from voclab.demo.spec import SHARED_THEMES

__all__ = ["XSS", "Mention", "Voice", "card_number", "luhn_ok", "mentions", "plan_planted", "shared_part"]

#: (theme name or "" for generic, sentiment)
Mention = tuple[str, str]

#: Script payloads some customers paste into forms (they must stay plain text downstream).
XSS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "<svg onload=alert(1)>",
)
_SLOT = re.compile(r"\{(\w+)\}")
_WORD = re.compile(r"[A-Za-z']+")
#: Texts (in order of writing, per file) that get an XSS payload, when a file has that many.
_XSS_AT = (5, 123, 777, 2001)
_FIRST_NAMES = ("maria", "john", "li", "fatima", "sven", "olga", "raj", "emma", "diego", "kate", "omar", "nina")
_LAST_NAMES = ("k", "smith", "wang", "ali", "berg", "ivanova", "patel", "jones", "lopez", "obrien")


def _mood(parts: Sequence[Mention]) -> str:
    """The mood emoji should express: requests hope, the rest follow the first part's sentiment."""
    if not parts or len({sentiment for _, sentiment in parts} - {"neutral"}) > 1:
        return "neutral"
    return "request" if parts[0][0] == "dark_mode" and parts[0][1] == "negative" else parts[0][1]


def mentions(theme: str, text: str) -> bool:
    """Whether ``text`` mentions ``theme`` (its pattern, case-insensitive)."""
    return re.search(THEMES[theme].pattern, text, re.IGNORECASE) is not None


def shared_part(rng: np.random.Generator) -> Mention:
    """One theme drawn from :data:`.spec.SHARED_THEMES`, half the time praised: what every text says in a
    company without channel themes (``Effects.channel_themes`` off), whoever writes it, wherever and whenever."""
    names = list(SHARED_THEMES)
    weights = np.array([SHARED_THEMES[k] for k in names])
    theme = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    return theme, "positive" if rng.random() < 0.5 else "negative"


def luhn_ok(number: str) -> bool:
    """The Luhn checksum of the digits in ``number``."""
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return total % 10 == 0


def card_number(rng: np.random.Generator) -> str:
    """A 16-digit Visa/Mastercard-like number with a valid Luhn check digit, in groups of four."""
    digits = [4] if rng.random() < 0.6 else [5, int(rng.integers(1, 6))]
    digits += [int(d) for d in rng.integers(0, 10, size=15 - len(digits))]
    for check in range(10):
        if luhn_ok("".join(map(str, [*digits, check]))):
            digits.append(check)
            break
    text = "".join(map(str, digits))
    return " ".join(text[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.7 else text


class Voice:
    """Writes texts for one file; remembers what it wrote so that no text repeats."""

    def __init__(self, rng: np.random.Generator, casual: float = 0.5) -> None:
        self.rng = rng
        self.casual = casual
        self._seen: set[str] = set()

    # -- pieces ---------------------------------------------------------------------------------------

    def _chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def fill(self, template: str) -> str:
        """Replace ``{slot}`` placeholders with random values."""
        return _SLOT.sub(lambda m: self._slot(m.group(1)), template)

    def _slot(self, name: str) -> str:
        rng = self.rng
        if name in SLOTS:
            return choice(rng, SLOTS[name])
        if name == "amount":
            return f"${rng.integers(5, 400)}.{rng.integers(0, 100):02d}"
        if name == "order":
            return f"#{rng.integers(10_000, 99_999)}"
        if name == "pct":
            return str(int(rng.integers(8, 35)))
        low, high = {"n": (2, 7), "days": (2, 15), "weeks": (2, 6)}.get(name, (2, 9))
        return str(int(rng.integers(low, high)))

    def sentence(self, theme: str, sentiment: str) -> str:
        """One filled sentence of ``theme`` ("" for generic) in ``sentiment`` (falls back to the other side)."""
        if not theme:
            return self.fill(choice(self.rng, GENERIC[sentiment]))
        spec = THEMES[theme]
        pool = spec.positive if sentiment == "positive" and spec.positive else spec.negative or spec.positive
        return self.fill(choice(self.rng, pool))

    def hedge(self, sentence: str) -> str:
        """Soften a sentence with a hedge before or after it."""
        if self._chance(0.5) and len(sentence) > 1 and not sentence.startswith(("I ", "I'")):
            return choice(self.rng, HEDGE_PREFIXES) + sentence[0].lower() + sentence[1:]
        body, end = (sentence[:-1], sentence[-1]) if sentence[-1:] in ".!?" else (sentence, "")
        return body + choice(self.rng, HEDGE_SUFFIXES) + end

    def typos(self, text: str, rate: float) -> str:
        """Misspell some common words (never a theme keyword)."""

        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            typo = TYPOS.get(word) or TYPOS.get(word.lower())
            return typo if typo and self._chance(rate) else word

        return _WORD.sub(swap, text)

    def emoji(self, sentiment: str) -> str:
        """An emoji for ``sentiment`` (``positive``, ``negative``, ``neutral`` or ``request``)."""
        return choice(self.rng, EMOJI.get(sentiment, EMOJI["neutral"]))

    # -- whole texts ----------------------------------------------------------------------------------

    @staticmethod
    def _lower_first(sentence: str) -> str:
        if sentence[:1].isupper() and not sentence.startswith(("I ", "I'", "UI", "2FA")):
            return sentence[0].lower() + sentence[1:]
        return sentence

    def _join(self, sentences: Sequence[tuple[str, str]]) -> str:
        """Join (sentence, sentiment) pairs the way people do: spaces, new lines, "also", "but" on a turn."""
        out, mood = sentences[0]
        for sentence, sentiment in sentences[1:]:
            turn = sentiment != mood and "neutral" not in (sentiment, mood)
            glue = (
                " But "
                if turn and self._chance(0.6)
                else choice(self.rng, (" ", " ", " ", " Also, ", " And ", "\n", " - "))
            )
            if glue == " " and out[-1:] not in ".!?)":
                out += "."
            if glue.strip():
                sentence = self._lower_first(sentence)
            out += glue + sentence
            mood = sentiment
        return out

    def _style(self, text: str, sentiment: str) -> str:
        rng = self.rng
        if self._chance(0.25 * self.casual):
            text = self.typos(text, 0.6)
        if self._chance(0.12 * self.casual):
            text = text.lower()
        elif self._chance(0.1 * self.casual):
            text = text.rstrip(".")
        if self._chance(0.08) and text.endswith((".", "!")):
            text = text[:-1] + choice(rng, ("!!", "!!!", "...", " :)", " :("))
        if self._chance(0.3 * self.casual + 0.05):
            mark = self.emoji(sentiment)
            text = f"{mark} {text}" if self._chance(0.15) else f"{text} {mark}" + (mark if self._chance(0.2) else "")
        return text

    def compose(self, parts: Sequence[Mention], *, short: bool = False, hedges: bool = True) -> str:
        """Sentences for ``parts`` (in random order) with hedges, an opener and a closer (unstyled)."""
        sentences = [(self.sentence(theme, sentiment), sentiment) for theme, sentiment in parts]
        if len(sentences) > 1:
            sentences = [sentences[i] for i in self.rng.permutation(len(sentences))]
        if short:
            return self._join(sentences)
        if hedges and self._chance(0.3):
            index = int(self.rng.integers(len(sentences)))
            sentences[index] = (self.hedge(sentences[index][0]), sentences[index][1])
        if self._chance(0.12):
            sentiment = parts[0][1] if parts[0][1] != "neutral" else "positive"
            sentences.append((self.sentence("", sentiment), sentiment))
        text = self._join(sentences)
        if self._chance(0.2):
            opener = choice(self.rng, OPENERS)
            text = f"{opener} {text if opener[-1] in '.:' else self._lower_first(text)}"
        if self._chance(0.15):
            text = f"{text}{'' if text[-1:] in '.!?' else '.'} {choice(self.rng, CLOSERS)}"
        return text

    def unique(self, make: Callable[[], str], detail: Callable[[], str]) -> str:
        """``make()`` until it gives a text not yet written; after a few tries, append ``detail()``."""
        for _ in range(12):
            text = make()
            if text not in self._seen:
                break
        while text in self._seen:
            text = f"{text} {detail()}"
        self._seen.add(text)
        return text

    def comment(self, parts: Sequence[Mention], *, short: bool = False) -> str:
        """A survey comment or review text."""
        sentiment = _mood(parts)
        return self.unique(
            lambda: self._style(self.compose(parts, short=short), sentiment),
            lambda: choice(self.rng, ("(again)", "Thanks.", "!", "...", self.emoji(sentiment), "ok?")),
        )

    def ticket(self, parts: Sequence[Mention], name: str, detail: str) -> str:
        """A support ticket description: greeting, the problem, a detail line, a sign-off."""

        def make() -> str:
            body = self.compose(parts, hedges=False)
            lines = [self.fill(choice(self.rng, GREETINGS)), "", body]
            if detail and self._chance(0.7):
                lines += ["", detail]
            if self._chance(0.8):
                lines += ["", choice(self.rng, SIGNOFFS), name]
            return self.typos("\n".join(lines), 0.15 * self.casual)

        return self.unique(make, lambda: f"(ref {self.rng.integers(1000, 9999)})")

    def tweet(self, parts: Sequence[Mention], handle: str, tags: Sequence[str]) -> str:
        """A short public post addressed to ``handle``, with hashtags."""
        sentiment = _mood(parts)

        def make() -> str:
            text = self._style(self.compose(parts, short=True), sentiment)
            text = f"{handle} {text}" if self._chance(0.7) else f"{text} {handle}"
            if tags and self._chance(0.4):
                text += " " + " ".join(f"#{t}" for t in tags[: int(self.rng.integers(1, len(tags) + 1))])
            return text

        return self.unique(make, lambda: self.emoji(sentiment))

    # -- planted values -------------------------------------------------------------------------------

    def plant(self, text: str, kinds: Sequence[str]) -> str:
        """Add the personal data (``email``, ``phone``, ``card``, ``handle``) or ``xss`` payloads in ``kinds``."""
        rng = self.rng
        for kind in kinds:
            first, last = choice(rng, _FIRST_NAMES), choice(rng, _LAST_NAMES)
            if kind == "email":
                domain = choice(rng, ("example.com", "example.org", "example.net", "mail.example.com"))
                extra = f"You can reach me at {first}.{last}@{domain}"
            elif kind == "phone":
                number = choice(rng, ("+1 (555) 01{}-{}", "555-01{}-{}", "(555) 01{} {}", "+44 20 7946 0{}{}"))
                number = number.format(rng.integers(10, 99), rng.integers(1000, 9999))
                extra = choice(rng, ("Call me on {}", "my number is {}", "Phone: {}")).format(number)
            elif kind == "card":
                extra = choice(rng, ("Card on file: {}", "card no. {}", "I paid with {}"))
                extra = extra.format(card_number(rng))
            elif kind == "handle":
                extra = f"ping @{first}_{last}{rng.integers(1, 99)} about it"
            else:
                extra = choice(rng, XSS)
            text = f"{text} {extra}" if self._chance(0.7) else f"{extra} {text}"
        self._seen.add(text)
        return text


def plan_planted(rng: np.random.Generator, number: int, pii_rate: float) -> tuple[str, ...]:
    """What to plant in the ``number``-th comment of a file: an XSS payload at fixed positions, else PII."""
    if number in _XSS_AT:
        return ("xss",)
    if rng.random() < pii_rate:
        kinds = ("email", "phone", "card", "handle")
        return tuple(sorted({choice(rng, kinds) for _ in range(int(rng.integers(1, 3)))}))
    return ()
