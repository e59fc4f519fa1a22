"""Survey answers: the quarterly relationship survey (Qualtrics) and the post-ticket support survey
(SurveyMonkey), drawn from each customer's hidden experience.

Relationship survey: each wave invites about half of the active customers; engaged customers answer more
often (about 40 % of the invited). Driver ratings follow the customer's experience of each driver; the NPS
and overall satisfaction follow the satisfaction latent plus the wave's shift (the upward trend); stated
importance follows :data:`.spec.DRIVERS` (and nothing else); intent to renew follows satisfaction, the
customer's own plan to leave, and the segment's optimism (:attr:`.spec.Segment.intent_bias`) — or, in a
company without gaps (:data:`.spec.NO_GAPS`), the customer's true chance of renewing (a calibrated answer).

Example
-------
>>> from voclab.demo.company import build
>>> from voclab.demo._rng import stream
>>> company = build(stream(3, "company"), 400)
>>> responses = relationship(3, company)
>>> sorted({r.wave for r in responses}), all(0 <= r.answers["Q1"] <= 10 for r in responses)
([0, 1, 2, 3], True)
"""

from __future__ import annotations

import math

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY, seconds
from voclab.demo._rng import stream
from voclab.demo.company import Company
from voclab.demo.records import Response, Ticket
from voclab.demo.text import Mention, Voice, plan_planted, shared_part

__all__ = [
    "CSAT_LABELS",
    "DRIVER_THEMES",
    "MATRIX_LABELS",
    "SUPPORT_ITEMS",
    "nps_group",
    "relationship",
    "response_id",
    "support",
]

#: Themes that voice a driver's rating in comments (driver index → theme).
DRIVER_THEMES: dict[int, str] = {0: "price_value", 1: "reliability", 2: "ease_of_use", 3: "support", 6: "delivery"}
CSAT_LABELS = ("Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied")
MATRIX_LABELS = ("Poor", "Fair", "Good", "Excellent")
SUPPORT_ITEMS = ("Knowledge", "Speed", "Friendliness")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_FIX = seconds(spec.FIX_DATE)


def nps_group(score: int) -> int:
    """Qualtrics' NPS group code: 1 detractor (0–6), 2 passive (7–8), 3 promoter (9–10)."""
    return 1 if score <= 6 else 2 if score <= 8 else 3


def response_id(rng: np.random.Generator, used: set[str]) -> str:
    """A new ``R_`` + 15 alphanumerics id."""
    while True:
        rid = "R_" + "".join(_ALNUM[k] for k in rng.integers(len(_ALNUM), size=15))
        if rid not in used:
            used.add(rid)
            return rid


def _clip(value: float, low: int, high: int) -> int:
    return int(min(max(round(value), low), high))


def _sentiment(rng: np.random.Generator, rating: int) -> str:
    if rating == 3:
        return "positive" if rng.random() < 0.4 else "negative"
    return "positive" if rating > 3 else "negative"


def _honest_intent(noise: float, satisfaction: float, leave_probability: float) -> float:
    """Intent to renew (1–5) that says yes (4–5) with the customer's true chance of renewing — a calibrated
    answer — with the noise as the draw; how far into yes or no it goes follows satisfaction."""
    renews = 0.5 * math.erfc(-noise / math.sqrt(2)) < 1 - leave_probability
    return (5.0 if satisfaction > 0 else 4.0) if renews else _clip(2 + satisfaction, 1, 3)


def _comment_parts(rng: np.random.Generator, company: Company, i: int, t: int, ratings: list[int]) -> list[Mention]:
    """The themes customer ``i`` writes about at time ``t``, given this response's driver ratings."""
    parts: list[Mention] = []
    if not company.effects.channel_themes:
        return [shared_part(rng)]
    if company.billing[i] and rng.random() < 0.7:
        parts.append(("billing_errors", "negative"))
    elif rng.random() < 0.006:
        parts.append(("billing_errors", "positive" if rng.random() < 0.5 else "negative"))
    if company.dark_fan[i] and rng.random() < 0.9:
        parts.append(("dark_mode", "negative" if rng.random() < 0.85 else "positive"))
    if company.sync_affected[i] and t < _FIX and rng.random() < 0.45:
        parts.append(("sync_bug", "negative"))
    if rng.random() < 0.012:
        parts.append(("onboarding", _sentiment(rng, ratings[spec.HIDDEN_DRIVER])))
    for driver, theme in DRIVER_THEMES.items():
        rating = ratings[driver]
        p = 0.22 if driver == spec.LOUD_DRIVER else 0.08 + 0.12 * (rating <= 2 or rating == 5)
        if rng.random() < p:
            parts.append((theme, _sentiment(rng, rating)))
    if len(parts) > 3:
        parts = [parts[k] for k in sorted(rng.choice(len(parts), size=3, replace=False))]
    return parts


def relationship(seed: int, company: Company) -> list[Response]:
    """All responses to the four relationship-survey waves (clean ones; the export adds the bad rows)."""
    rng = stream(seed, "relationship-survey")
    voice = Voice(stream(seed, "relationship-text"), casual=0.6)
    used: set[str] = set()
    responses: list[Response] = []
    importance = np.array([d.importance for d in spec.DRIVERS])
    effects = company.effects
    intent_bias = np.array(effects.intent_bias)
    comments = 0
    for w, wave in enumerate(spec.WAVES):
        times = wave.start_day * DAY + rng.integers(0, wave.days * DAY, size=company.n)
        invited = rng.random(company.n) < 0.5
        answers = rng.random(company.n) < 1 / (1 + np.exp(0.45 - 0.9 * company.engagement))
        who = np.flatnonzero(invited & answers & (~company.churned | (company.anniversary > times)))
        for i in who[np.argsort(times[who], kind="stable")]:
            t = int(times[i])
            x = company.experience[i] + 0.45 * rng.standard_normal(len(spec.DRIVERS))
            ratings = [_clip(3.2 + 0.9 * v, 1, 5) for v in x]
            s = company.satisfaction[i] + wave.shift + 0.45 * rng.standard_normal()
            nps = _clip(7.85 + 1.55 * s, 0, 10)
            leaving = (
                bool(company.churned[i] and company.anniversary[i] > t) and company.segment[i] != effects.overconfident
            )
            noise = rng.standard_normal()
            if effects.honest_intent:
                intent = _honest_intent(noise, s, company.churn_probability[i])
            else:
                bias = intent_bias[company.segment[i]] - spec.LEAVING_INTENT_PENALTY * leaving
                intent = 5.0 + 0.75 * s + bias + 0.6 * noise
            row: dict[str, object] = {"Q1": nps, "Q1_NPS_GROUP": nps_group(nps)}
            row["Q2"] = _clip(3.55 + 0.75 * s + 0.4 * rng.standard_normal(), 1, 5)
            row.update({d.column: r for d, r in zip(spec.DRIVERS, ratings, strict=True)})
            partial = rng.random() < 0.04
            stated = importance + 0.8 * rng.standard_normal(len(spec.DRIVERS))
            for driver, value in zip(spec.DRIVERS, stated, strict=True):
                row[driver.importance_column] = None if partial else _clip(value, 1, 5)
            row["Q5"] = None if partial else _clip(intent, 1, 5)
            duration = int(rng.lognormal(5.6, 0.5))
            response = Response(response_id(rng, used), int(i), w, t - duration, t, row)
            if not partial and rng.random() < min(0.85, 0.6 + 0.1 * company.engagement[i]):
                parts = _comment_parts(rng, company, int(i), t, ratings)
                if not parts:
                    parts = [("", "positive" if nps >= 9 else "negative" if nps <= 6 else "neutral")]
                comments += 1
                response.planted = plan_planted(rng, comments, 0.012)
                text = voice.comment(parts, short=rng.random() < 0.3)
                response.comment = voice.plant(text, response.planted) if response.planted else text
            responses.append(response)
    return responses


def support(seed: int, company: Company, tickets: list[Ticket]) -> list[Response]:
    """Post-ticket survey responses (about a third of solved tickets), in time order."""
    rng = stream(seed, "support-survey")
    voice = Voice(stream(seed, "support-text"), casual=0.5)
    responses: list[Response] = []
    respondent = 11_650_000_000
    comments = 0
    for ticket in tickets:
        if ticket.status not in ("solved", "closed") or rng.random() > 0.33:
            continue
        i = ticket.customer
        q = ticket.agent_quality + 0.8 * ticket.resolved + 0.3 * company.satisfaction[i]
        start = ticket.updated + int(rng.integers(3600, 72 * 3600))
        end = start + int(rng.integers(40, 420))
        if end >= 365 * DAY:
            continue
        respondent += int(rng.integers(1_000, 90_000))
        row: dict[str, object] = {
            "nps": _clip(6.8 + 1.3 * (0.5 * q + 0.6 * company.satisfaction[i]) + 0.6 * rng.standard_normal(), 0, 10),
            "csat": CSAT_LABELS[_clip(3.4 + 0.9 * q + 0.4 * rng.standard_normal(), 1, 5) - 1],
        }
        for item in SUPPORT_ITEMS:
            row[item] = MATRIX_LABELS[_clip(2.6 + 0.8 * (q + 0.5 * rng.standard_normal()), 1, 4) - 1]
        row["resolved"] = "Yes" if ticket.resolved else "No"
        response = Response(str(respondent), i, -1, start, end, row)
        if rng.random() < 0.45:
            mood = "positive" if q > 0.4 else "negative"
            parts: list[Mention] = [("support", mood)]
            if rng.random() < 0.4:
                parts.append(("", mood if rng.random() < 0.8 else "neutral"))
            if not company.effects.channel_themes:
                parts = [shared_part(rng)]
            comments += 1
            response.planted = plan_planted(rng, comments, 0.01)
            text = voice.comment(parts)
            response.comment = voice.plant(text, response.planted) if response.planted else text
        responses.append(response)
    return responses
