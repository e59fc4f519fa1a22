"""App store reviews: ``review_id,rating,title,review_text,date,app_version,platform,user_name``.

Ratings follow what the review is about; sync complaints (one and two stars) stop with app 4.2.0. A few
rows are bad on purpose: ratings of 7 (a 1–10 scale leaking in) and reviews exported twice.

Example
-------
>>> text, counts, docs = app_reviews_csv(4, 120)
>>> text.splitlines()[0]
'review_id,rating,title,review_text,date,app_version,platform,user_name'
>>> counts.as_dict()["quarantined"], counts.duplicates
(2, 2)
"""

from __future__ import annotations

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, app_version, day, seconds
from voclab.demo._io import csv_text
from voclab.demo._rng import choice, stream
from voclab.demo.records import Doc, FileCounts
from voclab.demo.spec import PLANTED, Effects
from voclab.demo.text import Mention, Voice, plan_planted, shared_part

__all__ = ["FILE", "HEADER", "app_reviews_csv"]

FILE = "reviews/app_reviews.csv"
HEADER = ("review_id", "rating", "title", "review_text", "date", "app_version", "platform", "user_name")
_FIX = seconds(spec.FIX_DATE)
_WEIGHTS = {
    "": 0.3,
    "sync_bug": 0.14,
    "ease_of_use": 0.14,
    "reliability": 0.12,
    "dark_mode": 0.1,
    "price_value": 0.1,
    "support": 0.06,
    "delivery": 0.04,
}
_TITLES = {
    "positive": ("Great app", "Love it", "Does the job", "Five stars", "Game changer", "Solid", "So handy"),
    "negative": ("Disappointed", "Needs work", "Frustrating", "Not worth it", "Used to be good", "Meh"),
    "neutral": ("Ok", "Decent", "Fine I guess"),
}
_THEME_TITLES = {"sync_bug": ("Sync broken", "Sync issues since update"), "dark_mode": ("Needs dark mode!",)}
_HEX = "0123456789abcdef"


def _rating(rng: np.random.Generator, theme: str, mood: str) -> int:
    if theme == "sync_bug":
        return int(rng.integers(1, 3))
    if theme == "dark_mode":
        return int(rng.integers(3, 5))
    return int(rng.integers(4, 6)) if mood == "positive" else int(rng.integers(1, 4))


def _review_id(rng: np.random.Generator) -> str:
    raw = "".join(_HEX[k] for k in rng.integers(16, size=32))
    return f"{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


def app_reviews_csv(seed: int, count: int, effects: Effects = PLANTED) -> tuple[str, FileCounts, list[Doc]]:
    """The reviews file (with its planted bad rows), what ingest should count, and the review texts."""
    rng = stream(seed, "reviews")
    voice = Voice(stream(seed, "review-text"), casual=0.8)
    names, weights = list(_WEIGHTS), np.array(list(_WEIGHTS.values()))
    rows: list[list[object]] = []
    docs: list[Doc] = []
    for number, t in enumerate(np.sort(rng.integers(0, 365 * DAY, size=count))):
        t = int(t)
        theme = names[int(rng.choice(len(names), p=weights / weights.sum()))]
        if theme == "sync_bug" and t >= _FIX:
            theme = "reliability"
        mood = "negative" if theme == "sync_bug" else "positive" if rng.random() < 0.55 else "negative"
        if not effects.channel_themes:
            theme, mood = shared_part(rng)
        rating = _rating(rng, theme, mood)
        parts: list[Mention] = [(theme, mood)]
        blank = rng.random() < 0.03 and effects.channel_themes
        text = "" if blank else voice.comment(parts, short=rng.random() < 0.5)
        planted = plan_planted(rng, number + 1, 0.005) if text else ()
        text = voice.plant(text, planted) if planted else text
        titles = _THEME_TITLES.get(theme) if rng.random() < 0.4 else None
        title = choice(rng, titles or _TITLES[mood if rating != 3 else "neutral"])
        review_id = _review_id(rng)
        platform = "iOS" if rng.random() < 0.55 else "Android"
        user = (
            f"{choice(rng, ('Ana', 'Rob', 'Kim', 'Lee', 'Sara', 'Jo', 'Max'))}{choice(rng, ('', ' B.', ' K.', '_77'))}"
        )
        rows.append([review_id, rating, title, text, day(t), app_version(t), platform, user])
        docs.append(Doc(FILE, review_id, -1, t, text, title, planted, "review"))
    bad: list[list[object]] = []
    for _ in range(2):
        t = int(rng.integers(0, 365 * DAY))
        bad.append(
            [
                _review_id(rng),
                7,
                "10/10 would buy again",
                voice.comment([("", "positive")]),
                day(t),
                app_version(t),
                "Android",
                "Tester",
            ]
        )
    twice = [list(rows[k]) for k in sorted(rng.choice(len(rows), size=min(2, len(rows)), replace=False))]
    for row in bad + twice:
        rows.insert(int(rng.integers(0, len(rows) + 1)), row)
    counts = FileCounts(len(rows), {"rating out of range": len(bad)}, duplicates=len(twice))
    return csv_text([HEADER, *rows]), counts, docs
