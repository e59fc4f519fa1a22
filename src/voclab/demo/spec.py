"""The demo company's fixed facts: segments, regions, drivers, waves, dates and the planted effect sizes.

Everything the generator plants is a named constant here, so that the ground truth can report the true
parameters next to the values measured in the generated files.

Example
-------
>>> [d.column for d in DRIVERS][:2], DRIVERS[4].name
(['Q3_1', 'Q3_2'], 'Onboarding')
>>> SEGMENTS[SATISFIED_LEAVERS].name, SEGMENTS[OVERCONFIDENT].name
('Consumer', 'SMB')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BILLING_HAZARD",
    "BILLING_SHARE",
    "COMPANY",
    "DRIVERS",
    "ENGAGEMENT_CHURN",
    "FIX_DATE",
    "HIDDEN_DRIVER",
    "LEAVING_INTENT_PENALTY",
    "LOUD_DRIVER",
    "OVERCONFIDENT",
    "REGIONS",
    "SATISFIED_LEAVERS",
    "SEGMENTS",
    "WAVES",
    "YEAR",
    "Driver",
    "Segment",
    "Wave",
]

COMPANY = "Demo Co"
YEAR = 2025


@dataclass(frozen=True)
class Segment:
    """A customer segment: its share, plans, spend and its planted behaviour.

    ``nps_shift`` moves the satisfaction latent, ``churn_hazard`` is the yearly base hazard of not
    renewing, ``intent_bias`` shifts stated intent to renew (1–5 scale) without changing behaviour.
    """

    name: str
    share: float
    plans: tuple[str, ...]
    spend: tuple[float, float]
    nps_shift: float
    churn_hazard: float
    intent_bias: float
    tickets_per_year: float


SEGMENTS: tuple[Segment, ...] = (
    Segment("SMB", 0.35, ("Starter", "Pro"), (39.0, 25.0), 0.0, 0.3, 0.6, 0.55),
    Segment("Mid-market", 0.22, ("Pro", "Business"), (240.0, 90.0), -0.05, 0.09, 0.0, 0.8),
    Segment("Enterprise", 0.10, ("Business", "Enterprise"), (1900.0, 600.0), -0.1, 0.055, 0.0, 1.3),
    Segment("Consumer", 0.33, ("Personal",), (12.0, 4.0), 0.75, 0.32, -0.35, 0.3),
)
#: Index of the segment that rates highly yet churns more (effect a).
SATISFIED_LEAVERS = 3
#: Index of the segment whose stated intent to renew overstates renewal (effect b).
OVERCONFIDENT = 0

REGIONS: tuple[str, ...] = ("North", "South", "East", "West")
REGION_SHARES: tuple[float, ...] = (0.3, 0.25, 0.25, 0.2)


@dataclass(frozen=True)
class Driver:
    """A driver of satisfaction: its survey wording, stated importance and its true effects.

    ``nps_weight`` and ``churn_weight`` are the planted effects of the (standardised) experience on the
    satisfaction latent and on the log churn hazard; ``importance`` is the mean stated importance (1–5).
    """

    number: int
    name: str
    importance: float
    nps_weight: float
    churn_weight: float

    @property
    def column(self) -> str:
        return f"Q3_{self.number}"

    @property
    def importance_column(self) -> str:
        return f"Q4_{self.number}"


DRIVERS: tuple[Driver, ...] = (
    Driver(1, "Price / value", 4.55, 0.0, 0.0),
    Driver(2, "Product reliability", 4.2, 0.32, 0.22),
    Driver(3, "Ease of use", 3.8, 0.28, 0.12),
    Driver(4, "Support quality", 4.0, 0.3, 0.15),
    Driver(5, "Onboarding", 2.1, 0.78, 0.55),
    Driver(6, "Billing accuracy", 3.3, 0.22, 0.1),
    Driver(7, "Delivery speed", 3.4, 0.15, 0.05),
)
#: Index of the driver customers call important that moves nothing (effect c).
LOUD_DRIVER = 0
#: Index of the hidden driver: low stated importance, strong effect (effect d).
HIDDEN_DRIVER = 4

#: Share of customers hit by recurring billing errors, and their churn hazard multiplier (effect e).
BILLING_SHARE = 0.2
BILLING_HAZARD = 3.2
#: How far a customer who already plans to leave lowers their stated intent to renew (1–5 scale) — in every
#: segment except the overconfident one, whose leavers still say they will renew (effect b).
LEAVING_INTENT_PENALTY = 1.5
#: Effect of engagement (which also drives survey response) on the log churn hazard (effect i).
ENGAGEMENT_CHURN = -0.45


@dataclass(frozen=True)
class Wave:
    """A quarterly survey wave: fieldwork window (day of year, 0-based) and the satisfaction shift."""

    name: str
    start_day: int
    days: int
    shift: float
    target: int


WAVES: tuple[Wave, ...] = (
    Wave("2025Q1", 40, 28, 0.03, 20),
    Wave("2025Q2", 130, 28, 0.04, 22),
    Wave("2025Q3", 221, 28, 0.06, 25),
    Wave("2025Q4", 313, 28, 0.07, 28),
)

#: The sync bug is fixed in app 4.2.0 on this date; nobody mentions syncing after it (effect h).
FIX_DATE = "2025-06-16"
