"""The demo company's fixed facts: segments, regions, drivers, waves, dates and the planted effect sizes.

Everything the generator plants is a named constant here, so that the ground truth can report the true
parameters next to the values measured in the generated files.

Example
-------
>>> [d.column for d in DRIVERS][:2], DRIVERS[4].name
(['Q3_1', 'Q3_2'], 'Onboarding')
>>> SEGMENTS[SATISFIED_LEAVERS].name, SEGMENTS[OVERCONFIDENT].name
('Consumer', 'SMB')
>>> PLANTED.billing_hazard, NO_GAPS.billing_hazard, NO_GAPS.nps_shift
(3.2, 1.0, (0.0, 0.0, 0.0, 0.0))
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
    "NO_GAPS",
    "OVERCONFIDENT",
    "PLANTED",
    "REGIONS",
    "SATISFIED_LEAVERS",
    "SEGMENTS",
    "SHARED_THEMES",
    "WAVES",
    "YEAR",
    "Driver",
    "Effects",
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
    Segment("Consumer", 0.33, ("Personal",), (12.0, 4.0), 0.75, 0.42, -0.35, 0.3),
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
    Driver(2, "Product reliability", 4.2, 0.32, 0.35),
    Driver(3, "Ease of use", 3.8, 0.28, 0.25),
    Driver(4, "Support quality", 4.0, 0.3, 0.3),
    Driver(5, "Onboarding", 2.1, 0.78, 0.85),
    Driver(6, "Billing accuracy", 3.3, 0.22, 0.2),
    Driver(7, "Delivery speed", 3.4, 0.15, 0.15),
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
ENGAGEMENT_CHURN = -0.9


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


@dataclass(frozen=True)
class Effects:
    """The say–do effects the generator plants (a–j), as the modules that write the files read them.

    :data:`PLANTED` is the demo company; :data:`NO_GAPS` (``voclab demo-data --no-gaps``) is the same company
    with every effect set to zero, so that every hypothesis of the gap register is true-null:

    - ``nps_shift`` (a): satisfaction shift per segment; ``intent_bias`` and ``overconfident`` (b): how far
      each segment overstates its intent to renew, and the segment whose leavers still say they will renew;
      ``honest_intent``: stated intent follows each customer's true chance of renewing (calibrated);
    - ``churn_weights`` (c, d): each driver's effect on the log churn hazard; ``billing_hazard`` (e) and
      ``engagement_churn`` (i): the billing cohort's hazard multiplier and engagement's effect on churn;
    - ``channel_themes`` (f, g, h): each channel has its own theme mix, the billing and sync cohorts write
      about their problems, and sync mentions stop at :data:`FIX_DATE`; when off, every text in every channel
      draws one theme from :data:`SHARED_THEMES`, whoever writes it and whenever;
    - ``unanswered`` (j): the share of forum topics nobody replies to.
    """

    nps_shift: tuple[float, ...]
    intent_bias: tuple[float, ...]
    overconfident: int | None
    honest_intent: bool
    churn_weights: tuple[float, ...]
    billing_hazard: float
    engagement_churn: float
    channel_themes: bool
    unanswered: float


PLANTED = Effects(
    nps_shift=tuple(s.nps_shift for s in SEGMENTS),
    intent_bias=tuple(s.intent_bias for s in SEGMENTS),
    overconfident=OVERCONFIDENT,
    honest_intent=False,
    churn_weights=tuple(d.churn_weight for d in DRIVERS),
    billing_hazard=BILLING_HAZARD,
    engagement_churn=ENGAGEMENT_CHURN,
    channel_themes=True,
    unanswered=0.17,
)
NO_GAPS = Effects(
    nps_shift=(0.0,) * len(SEGMENTS),
    intent_bias=(0.0,) * len(SEGMENTS),
    overconfident=None,
    honest_intent=True,
    churn_weights=(0.0,) * len(DRIVERS),
    billing_hazard=1.0,
    engagement_churn=0.0,
    channel_themes=False,
    unanswered=0.0,
)
#: The one theme mix of every text when ``channel_themes`` is off ("" is general praise or grumbling).
SHARED_THEMES: dict[str, float] = {
    "": 0.2,
    "dark_mode": 0.1,
    "sync_bug": 0.08,
    "billing_errors": 0.08,
    "account_access": 0.08,
    "onboarding": 0.08,
    "price_value": 0.08,
    "reliability": 0.08,
    "support": 0.08,
    "ease_of_use": 0.07,
    "delivery": 0.07,
}
