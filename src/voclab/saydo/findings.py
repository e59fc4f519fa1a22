"""Who owns a finding, and did acting on it move anything.

:func:`route` sends each finding of the register (:func:`voclab.saydo.gap_register`) to the team that owns that
part of the customer journey; :func:`action_check` asks afterwards whether acting on a finding moved anything.

Example
-------
>>> route("billing errors"), route("dark mode")
('Billing & finance', 'Product')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.saydo._stats import two_proportions

__all__ = ["DEFAULT_OWNERS", "action_check", "route"]

#: Journey stage owners: a finding whose topic matches the pattern goes to that team (first match wins).
DEFAULT_OWNERS: dict[str, str] = {
    r"bill|invoice|charge|refund|payment": "Billing & finance",
    r"onboard|setup|getting started|training": "Customer success",
    r"support|agent|ticket|wait|response time": "Support",
    r"price|value|cost|discount|plan": "Pricing & marketing",
    r"deliver|shipping|courier|dispatch": "Operations & logistics",
    r"renew|churn|retention|intent|contract": "Account management",
    r"silent|non-?respon|survey": "Insights (research design)",
    r"forum|community|unanswered": "Community",
    r"reliab|crash|bug|sync|app|feature|ease of use|dark mode|usab": "Product",
}


def route(topic: object, owners: Mapping[str, str] | None = None) -> str:
    """The team that owns ``topic`` (a theme, driver or finding name); ``Insights`` when nothing matches."""
    text = str(topic).lower()
    for pattern, owner in (owners or DEFAULT_OWNERS).items():
        if re.search(pattern, text):
            return owner
    return "Insights"


def action_check(data: pd.DataFrame, outcome: str, time: str, action_date: str, by: str | None = None) -> pd.DataFrame:
    """Did acting on a finding move the outcome? Rate of the 0/1 ``outcome`` (e.g. a theme mentioned, churned)
    before vs after ``action_date``, two-proportion z-test. Columns: ``by``/``group``, ``n_before``,
    ``n_after``, ``rate_before``, ``rate_after``, ``change``, ``ci_low``, ``ci_high``, ``p_value``, ``sentence``.
    """
    require_columns(data, [outcome, time])
    when = pd.to_datetime(data[time], utc=True, errors="coerce")
    cut = pd.Timestamp(action_date, tz="UTC")
    values = pd.to_numeric(data[outcome], errors="coerce")
    frame = data.assign(_after=when >= cut, _y=values)[when.notna() & values.notna()]
    groups = [("all", frame)] if by is None else list(frame.groupby(by, observed=True))
    rows = []
    for key, part in groups:
        after, before = part[part["_after"]], part[~part["_after"]]
        test = two_proportions(int(after["_y"].sum()), len(after), int(before["_y"].sum()), len(before))
        moved = test.p_value < 0.05
        direction = "fell" if test.estimate < 0 else "rose"
        sentence = (
            f"{outcome} {direction} from {before['_y'].mean():.1%} to {after['_y'].mean():.1%} after {action_date}"
            + (" (significant at 95 %)" if moved else " — within noise")
            if len(after) and len(before)
            else f"not enough data on both sides of {action_date}"
        )
        rows.append(
            {
                by or "group": key,
                "n_before": len(before),
                "n_after": len(after),
                "rate_before": before["_y"].mean() if len(before) else np.nan,
                "rate_after": after["_y"].mean() if len(after) else np.nan,
                "change": test.estimate,
                "ci_low": test.ci_low,
                "ci_high": test.ci_high,
                "p_value": test.p_value,
                "sentence": sentence,
            }
        )
    return pd.DataFrame(rows)
