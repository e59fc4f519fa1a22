"""Sentences written from the numbers: the direction word follows the estimate's sign, every sentence carries
its n and its 95 % interval, a ratio below 1 reads "less often", and a row below the minimum base says only that
it was not tested.

>>> difference("SMB", "say they will renew", "than they renew", 0.21, 0.15, 0.27, 835)
'SMB: 21 points more say they will renew than they renew (95 % CI 15 to 27; n = 835).'
>>> ratio("Customers who mention billing errors", "churn", 0.5, 0.3, 0.8, 120, 900)
'Customers who mention billing errors churn less often than the rest: 0.50× (95 % CI 0.30 to 0.80; n = 120 vs 900).'
>>> not_tested("Enterprise", 12, 30)
'Enterprise: not tested (n<30; n = 12).'
"""

from __future__ import annotations

import math

__all__ = ["difference", "not_tested", "points", "ratio"]


def points(share: float) -> str:
    """A difference of proportions in whole percentage points, without sign."""
    return f"{abs(share) * 100:.0f}"


def _n(n: int, n_rest: int | None) -> str:
    return f"n = {n:,}" if n_rest is None else f"n = {n:,} vs {n_rest:,}"


def difference(
    subject: str,
    more: str,
    than: str,
    estimate: float,
    low: float,
    high: float,
    n: int,
    n_rest: int | None = None,
    *,
    less: str | None = None,
) -> str:
    """``<subject>: <k> points more|fewer <more> <than> (95 % CI …; n = …)``; ``less`` replaces ``more`` (with
    "fewer") when the estimate is negative and the phrase needs other words."""
    if math.isnan(estimate):
        return f"{subject}: no estimate ({_n(n, n_rest)})."
    word = "more" if estimate >= 0 else "fewer"
    phrase = more if estimate >= 0 or less is None else less
    interval = f"95 % CI {low * 100:.0f} to {high * 100:.0f}"
    return f"{subject}: {points(estimate)} points {word} {phrase} {than} ({interval}; {_n(n, n_rest)})."


def ratio(subject: str, verb: str, estimate: float, low: float, high: float, n: int, n_rest: int) -> str:
    """``<subject> <verb> more|less often than the rest: 1.8× (95 % CI …; n = … vs …)``."""
    if math.isnan(estimate):
        return f"{subject}: no estimate ({_n(n, n_rest)})."
    how = "more often" if estimate >= 1 else "less often"
    interval = f"95 % CI {low:.2f} to {high:.2f}" if not math.isnan(low) else "no interval: a zero count"
    return f"{subject} {verb} {how} than the rest: {estimate:.2f}× ({interval}; {_n(n, n_rest)})."


def not_tested(subject: str, n: int, min_base: int) -> str:
    """The sentence of a row below the minimum base."""
    return f"{subject}: not tested (n<{min_base}; n = {n:,})."
