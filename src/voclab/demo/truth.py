"""The ground truth: every planted effect with its true parameters and the value measured in the files.

Measured values are computed here from the generator's own records (not by reading the files back), so a
test that recomputes them from the files through ``voclab.load`` checks the files and the readers at once.

Example
-------
>>> two_proportions(30, 100, 15, 100)["p_value"] < 0.05
True
>>> nps([10, 9, 8, 3])
25.0
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import day, month, qualtrics, seconds
from voclab.demo.company import Company
from voclab.demo.phrases import THEMES
from voclab.demo.records import Doc, Response
from voclab.demo.text import mentions

__all__ = ["effects", "nps", "planted_values", "two_proportions"]


def _r(value: float, digits: int = 4) -> float:
    return round(float(value), digits)


def nps(scores: Sequence[int]) -> float:
    """Net Promoter Score (% promoters − % detractors) of 0–10 scores."""
    values = np.asarray(scores)
    return _r(100.0 * (np.mean(values >= 9) - np.mean(values <= 6)), 2)


def two_proportions(x1: int, n1: int, x2: int, n2: int) -> dict[str, float]:
    """Rates, their ratio and difference, and the pooled two-proportion z test (two-sided)."""
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2)) or 1.0
    z = (p1 - p2) / se
    return {
        "rate": _r(p1),
        "rate_rest": _r(p2),
        "n": n1,
        "n_rest": n2,
        "ratio": _r(p1 / p2) if p2 else float("nan"),
        "difference_pts": _r(100 * (p1 - p2), 2),
        "z": _r(z),
        "p_value": float(f"{math.erfc(abs(z) / math.sqrt(2)):.4g}"),
    }


def _churn_split(company: Company, group: np.ndarray, rest: np.ndarray) -> dict[str, float]:
    churned = company.churned
    return two_proportions(int(churned[group].sum()), int(group.sum()), int(churned[rest].sum()), int(rest.sum()))


def _responses_by_customer(responses: list[Response]) -> dict[int, list[Response]]:
    out: dict[int, list[Response]] = {}
    for r in responses:
        out.setdefault(r.customer, []).append(r)
    return out


def _satisfied_leavers(company: Company, responses: list[Response]) -> dict[str, object]:
    target = spec.SATISFIED_LEAVERS
    by_segment = {
        s.name: nps([int(r.answers["Q1"]) for r in responses if company.segment[r.customer] == k])  # type: ignore[call-overload]
        for k, s in enumerate(spec.SEGMENTS)
    }
    inside = [r for r in responses if company.segment[r.customer] == target]
    outside = [r for r in responses if company.segment[r.customer] != target]
    return {
        "description": "rates highest (NPS, CSAT) yet churns more than the other segments",
        "segment": spec.SEGMENTS[target].name,
        "planted": {"nps_shift": company.effects.nps_shift[target], "churn_hazard": spec.SEGMENTS[target].churn_hazard},
        "nps": nps([int(r.answers["Q1"]) for r in inside]),  # type: ignore[call-overload]
        "nps_rest": nps([int(r.answers["Q1"]) for r in outside]),  # type: ignore[call-overload]
        "nps_by_segment": by_segment,
        "csat_mean": _r(np.mean([r.answers["Q2"] for r in inside])),
        "csat_mean_rest": _r(np.mean([r.answers["Q2"] for r in outside])),
        "churn": _churn_split(company, company.segment == target, company.segment != target),
    }


def _intent_gap(company: Company, responses: list[Response]) -> dict[str, object]:
    latest: dict[int, Response] = {}
    for r in responses:
        if r.answers.get("Q5") is not None and (r.customer not in latest or r.end >= latest[r.customer].end):
            latest[r.customer] = r
    rows = {}
    for k, segment in enumerate(spec.SEGMENTS):
        people = [i for i in sorted(latest) if company.segment[i] == k]
        says = float(np.mean([int(latest[i].answers["Q5"]) >= 4 for i in people]))  # type: ignore[call-overload]
        does = float(np.mean([not company.churned[i] for i in people]))
        rows[segment.name] = {
            "n": len(people),
            "intent_top2": _r(says),
            "renewed": _r(does),
            "gap_pts": _r(100 * (says - does), 2),
        }
    target = spec.SEGMENTS[spec.OVERCONFIDENT].name
    return {
        "description": "share saying they will renew (Q5 4-5, latest answer) vs share that renewed, by segment",
        "segment": target,
        "planted": {
            "intent_bias": company.effects.intent_bias[spec.OVERCONFIDENT],
            "honest_intent": company.effects.honest_intent,
        },
        **rows[target],
        "by_segment": rows,
    }


def _drivers(company: Company, responses: list[Response]) -> dict[str, dict[str, object]]:
    q1 = np.array([r.answers["Q1"] for r in responses], dtype=float)
    churn = np.array([company.churned[r.customer] for r in responses], dtype=float)
    complete = [r for r in responses if r.answers.get("Q5") is not None]
    importance = {d.name: float(np.mean([r.answers[d.importance_column] for r in complete])) for d in spec.DRIVERS}
    ranked = sorted(importance, key=lambda name: -importance[name])
    out = {}
    for k, d in enumerate(spec.DRIVERS):
        rating = np.array([r.answers[d.column] for r in responses], dtype=float)
        out[d.name] = {
            "rating_column": d.column,
            "importance_column": d.importance_column,
            "mean_importance": _r(importance[d.name]),
            "importance_rank": ranked.index(d.name) + 1,
            "corr_rating_nps": _r(np.corrcoef(rating, q1)[0, 1]),
            "corr_rating_churn": _r(np.corrcoef(rating, churn)[0, 1]),
            "planted_nps_weight": d.nps_weight,
            "planted_churn_weight": company.effects.churn_weights[k],
        }
    return out


def _mentioners(responses: list[Response], theme: str) -> set[int]:
    return {r.customer for r in responses if r.comment and mentions(theme, r.comment)}


def _theme_churn(company: Company, responses: list[Response], theme: str) -> dict[str, object]:
    """Churn of customers whose comments mention ``theme`` vs the other customers who wrote a comment."""
    commenters = np.zeros(company.n, bool)
    commenters[sorted({r.customer for r in responses if r.comment})] = True
    said = np.zeros(company.n, bool)
    said[sorted(_mentioners(responses, theme))] = True
    return _churn_split(company, said, commenters & ~said)


def _share(docs: Sequence[Doc], theme: str) -> dict[str, float]:
    hits = sum(mentions(theme, d.full_text) for d in docs)
    return {"documents": len(docs), "mentions": hits, "share": _r(hits / len(docs)) if docs else 0.0}


def _sudden_stop(docs: Sequence[Doc]) -> dict[str, object]:
    theme = "sync_bug"
    hits = [d for d in docs if mentions(theme, d.full_text)]
    fix = seconds(spec.FIX_DATE)
    by_month = Counter(month(d.t) for d in hits)
    return {
        "description": "mentions of syncing stop on the fix date (app 4.2.0) in every channel",
        "theme": theme,
        "pattern": THEMES[theme].pattern,
        "fix_date": spec.FIX_DATE,
        "mentions_before_fix": sum(d.t < fix for d in hits),
        "mentions_after_fix": sum(d.t >= fix for d in hits),
        "last_mention": day(max(d.t for d in hits)) if hits else None,
        "by_month": {m: by_month.get(m, 0) for m in (f"2025-{k:02d}" for k in range(1, 13))},
        "by_channel": dict(sorted(Counter(d.channel for d in hits).items())),
    }


def _silent_churn(company: Company, responses: list[Response]) -> dict[str, object]:
    """Churn after the survey's midpoint of those who had not answered by then vs those who had (customers
    still customers at the midpoint): early leavers had fewer chances to answer, so a plain
    never-answered split would show non-response as a sign of leaving even where it is none."""
    ends = sorted(r.end for r in responses)
    midpoint = ends[len(ends) // 2]
    active = ~(company.churned & (company.anniversary < midpoint))
    answered = np.zeros(company.n, bool)
    answered[[r.customer for r in responses if r.end < midpoint]] = True
    later = company.churned & (company.anniversary >= midpoint)
    silent, spoke = active & ~answered, active & answered
    churn = two_proportions(int(later[silent].sum()), int(silent.sum()), int(later[spoke].sum()), int(spoke.sum()))
    return {"midpoint": qualtrics(midpoint), "churn": churn}


def effects(
    company: Company,
    responses: list[Response],
    docs: Sequence[Doc],
    unanswered: list[int],
) -> dict[str, object]:
    """Every planted effect (a–j) with its measured values."""
    survey_docs = [d for d in docs if d.channel == "survey"]
    social = [d for d in docs if d.channel == "social"]
    tickets = [d for d in docs if d.channel == "ticket"]
    drivers = _drivers(company, responses)
    loud, hidden = spec.DRIVERS[spec.LOUD_DRIVER].name, spec.DRIVERS[spec.HIDDEN_DRIVER].name
    return {
        "a_satisfied_but_leaving": _satisfied_leavers(company, responses),
        "b_intent_overstates_renewal": _intent_gap(company, responses),
        "c_important_but_irrelevant_driver": {
            "description": "highest stated importance, no effect on NPS or churn",
            "driver": loud,
            **drivers[loud],
        },
        "d_hidden_driver": {
            "description": "lowest stated importance, strongest effect on NPS and churn",
            "driver": hidden,
            **drivers[hidden],
        },
        "drivers": drivers,
        "e_theme_predicts_churn": {
            "description": "commenters who mention billing errors churn about twice as often as other commenters",
            "theme": "billing_errors",
            "pattern": THEMES["billing_errors"].pattern,
            "planted": {"hazard_ratio": company.effects.billing_hazard, "cohort_share": spec.BILLING_SHARE},
            "churn": _theme_churn(company, responses, "billing_errors"),
        },
        "f_loud_online_irrelevant": {
            "description": "the most frequent theme on X and Reddit; its commenters churn like other commenters",
            "theme": "dark_mode",
            "pattern": THEMES["dark_mode"].pattern,
            "in_social": _share(social, "dark_mode"),
            "in_survey_comments": _share([d for d in survey_docs if d.text], "dark_mode"),
            "churn": _theme_churn(company, responses, "dark_mode"),
        },
        "g_tickets_only_theme": {
            "description": "account access problems fill tickets and never appear in survey comments",
            "theme": "account_access",
            "pattern": THEMES["account_access"].pattern,
            "in_tickets": _share(tickets, "account_access"),
            "in_survey_comments": _share([d for d in survey_docs if d.text], "account_access"),
        },
        "h_sudden_stop": _sudden_stop(docs),
        "i_silent_churn_more": {
            "description": "customers who had not answered the relationship survey by its midpoint (the median "
            "answer) churn more afterwards than those who had, among customers still customers then",
            "planted": {"engagement_churn_effect": company.effects.engagement_churn},
            **_silent_churn(company, responses),
        },
        "j_unanswered_threads": {
            "description": "forum topics with no reply (posts_count 1)",
            "count": len(unanswered),
            "topic_ids": unanswered,
        },
    }


def planted_values(docs: Sequence[Doc]) -> dict[str, list[dict[str, object]]]:
    """Where PII and XSS payloads were planted: ``{"pii": [...], "xss": [...]}`` with file, id and kinds."""
    pii, xss = [], []
    for d in sorted(docs, key=lambda d: (d.file, d.id)):
        personal = [k for k in d.planted if k != "xss"]
        if personal:
            pii.append({"file": d.file, "id": d.id, "kinds": personal})
        if "xss" in d.planted:
            xss.append({"file": d.file, "id": d.id})
    return {"pii": pii, "xss": xss}
