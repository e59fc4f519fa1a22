"""The synthetic company's customers: who they are, their (hidden) experience, and whether they renew.

Each customer has a segment, region, plan, tenure and spend; seven standardised *experiences* (one per
driver in :data:`.spec.DRIVERS`); an *engagement* level (which makes them answer surveys and stay); flags for
the billing-error cohort, the sync-bug-affected app users and the dark-mode fans; a satisfaction latent;
and the outcome: renewal or churn on their 2025 contract anniversary.

Example
-------
>>> from voclab.demo._rng import stream
>>> company = build(stream(7, "company"), 300)
>>> len(company.ids), int(company.ids[0]), company.segment_name(0) in {"SMB", "Mid-market", "Enterprise", "Consumer"}
(300, 1000001, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from voclab.demo import spec
from voclab.demo._clock import DAY

__all__ = ["Company", "build"]

_FIRST = (
    "Ana", "Ben", "Chloe", "David", "Elif", "Farah", "George", "Hana", "Ivan", "Julia", "Kofi", "Laura", "Mateo",
    "Nadia", "Oscar", "Paula", "Quinn", "Rosa", "Sanjay", "Tara", "Uma", "Victor", "Wen", "Yusuf", "Zoe",
)  # fmt: skip
_LAST = (
    "Abbott", "Brown", "Castro", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
    "Larsen", "Moreau", "Nguyen", "Okafor", "Petrov", "Quinn", "Rossi", "Singh", "Tanaka", "Ueda", "Varga",
    "Weber", "Xu", "Young", "Zimmermann",
)  # fmt: skip


@dataclass
class Company:
    """Arrays with one entry per customer (row ``i`` is customer ``ids[i]``)."""

    ids: np.ndarray
    segment: np.ndarray
    region: np.ndarray
    plan: list[str]
    tenure: np.ndarray
    spend: np.ndarray
    experience: np.ndarray  # (n, len(DRIVERS)), standardised
    engagement: np.ndarray
    billing: np.ndarray
    sync_affected: np.ndarray
    dark_fan: np.ndarray
    satisfaction: np.ndarray
    churn_probability: np.ndarray
    churned: np.ndarray
    anniversary: np.ndarray  # seconds since 2025-01-01: the renewal (or churn) moment
    first_name: list[str]
    last_name: list[str]
    effects: spec.Effects = spec.PLANTED  # what the files written for this company plant

    @property
    def n(self) -> int:
        return len(self.ids)

    def segment_name(self, i: int) -> str:
        return spec.SEGMENTS[int(self.segment[i])].name

    def active_at(self, t: int) -> np.ndarray:
        """Customers still customers at time ``t`` (churners leave on their anniversary)."""
        return ~self.churned | (self.anniversary > t)

    def email(self, i: int) -> str:
        return f"{self.first_name[i].lower()}.{self.last_name[i].lower()}{int(self.ids[i]) % 1000}@example.com"


def build(rng: np.random.Generator, n: int, effects: spec.Effects = spec.PLANTED) -> Company:
    """Draw ``n`` customers, with the planted ``effects`` (the same draws whatever the effects)."""
    shares = np.array([s.share for s in spec.SEGMENTS])
    segment = rng.choice(len(spec.SEGMENTS), size=n, p=shares / shares.sum())
    region = rng.choice(len(spec.REGIONS), size=n, p=np.array(spec.REGION_SHARES))
    tenure = np.clip(np.round(rng.gamma(2.0, 14.0, size=n)), 1, 120).astype(int)
    plans, spend = [], np.zeros(n)
    for i in range(n):
        seg = spec.SEGMENTS[segment[i]]
        plans.append(seg.plans[int(rng.integers(len(seg.plans)))])
        spend[i] = max(seg.spend[0] + seg.spend[1] * rng.standard_normal(), seg.spend[0] * 0.25)
    experience = rng.standard_normal((n, len(spec.DRIVERS)))
    engagement = rng.standard_normal(n)
    billing = rng.random(n) < spec.BILLING_SHARE
    billing_driver = next(i for i, d in enumerate(spec.DRIVERS) if d.name == "Billing accuracy")
    experience[billing, billing_driver] -= 1.2
    sync_affected = rng.random(n) < 0.25
    dark_fan = rng.random(n) < 0.1

    weights = np.array([d.nps_weight for d in spec.DRIVERS])
    shift = np.array(effects.nps_shift)[segment]
    satisfaction = shift + experience @ weights - 0.3 * billing + 0.55 * rng.standard_normal(n)

    churn_weights = np.array(effects.churn_weights)
    base = np.array([s.churn_hazard for s in spec.SEGMENTS])[segment]
    hazard = base * np.exp(-(experience @ churn_weights) + effects.engagement_churn * engagement)
    hazard *= np.where(billing, effects.billing_hazard, 1.0)
    churn_probability = 1.0 - np.exp(-hazard)
    churned = rng.random(n) < churn_probability
    anniversary = rng.integers(20 * DAY, 362 * DAY, size=n)

    first = [_FIRST[int(k)] for k in rng.integers(len(_FIRST), size=n)]
    last = [_LAST[int(k)] for k in rng.integers(len(_LAST), size=n)]
    return Company(
        ids=np.arange(1_000_001, 1_000_001 + n),
        segment=segment,
        region=region,
        plan=plans,
        tenure=tenure,
        spend=np.round(spend, 2),
        experience=experience,
        engagement=engagement,
        billing=billing,
        sync_affected=sync_affected,
        dark_fan=dark_fan,
        satisfaction=satisfaction,
        churn_probability=churn_probability,
        churned=churned,
        anniversary=anniversary,
        first_name=first,
        last_name=last,
        effects=effects,
    )
