"""Say–do gaps on linked data (one row per customer or response, with what they said and what they did).

* :func:`intent_vs_action` — stated intent (e.g. "will renew", 4–5 on a 1–5 scale) vs the action taken;
* :func:`satisfied_leavers` — satisfied customers who leave anyway, per segment vs the rest;
* :func:`outcome_by_flag` — the outcome rate of customers with a flag (a theme mentioned, no survey answer)
  vs without: does what they talk about move what they do?

Each returns one tidy row per group with the estimate, its 95 % interval and p-value; feed them to
:func:`voclab.saydo.findings.register` for FDR control and routing.

Example
-------
>>> import pandas as pd
>>> data = pd.DataFrame({"segment": ["A"] * 4 + ["B"] * 4, "intent": [5, 5, 4, 2, 5, 1, 4, 2],
...                      "renewed": [0, 0, 1, 0, 1, 0, 1, 0]})
>>> intent_vs_action(data, "intent", "renewed", by="segment")[["segment", "n", "stated", "actual", "gap"]]
  segment  n  stated  actual  gap
0       A  4    0.75    0.25  0.5
1       B  4    0.50    0.50  0.0
"""

from __future__ import annotations

import pandas as pd

from voclab._columns import require_columns
from voclab.saydo._stats import binary, paired_proportions, rate_ratio, two_proportions

__all__ = ["intent_vs_action", "outcome_by_flag", "satisfied_leavers"]


def _groups(data: pd.DataFrame, by: str | None) -> list[tuple[object, pd.DataFrame]]:
    if by is None:
        return [("all", data)]
    require_columns(data, [by])
    return [(key, part) for key, part in data.groupby(by, observed=True, sort=True)]


def intent_vs_action(
    data: pd.DataFrame, intent: str, action: str, by: str | None = None, threshold: float = 4
) -> pd.DataFrame:
    """Stated intent (``intent >= threshold``) vs the action (``action`` 0/1) of the same people.

    Columns: ``by`` (or ``group``), ``n`` (people with both answers), ``stated`` (share intending),
    ``actual`` (share acting), ``gap`` (stated − actual), ``ci_low``, ``ci_high`` (Wald, paired),
    ``p_value`` (McNemar's exact test), ``intenders_acting`` (share of intenders who did act).
    """
    require_columns(data, [intent, action])
    said = pd.to_numeric(data[intent], errors="coerce")
    did = binary(data, action)
    both = data.assign(_said=said >= threshold, _did=did == 1)[said.notna() & did.notna()]
    rows = []
    for key, part in _groups(both, by):
        test = paired_proportions(part["_said"].to_numpy(), part["_did"].to_numpy())
        intenders = part[part["_said"]]
        rows.append(
            {
                by or "group": key,
                "n": len(part),
                "stated": part["_said"].mean(),
                "actual": part["_did"].mean(),
                "gap": test.estimate,
                "ci_low": test.ci_low,
                "ci_high": test.ci_high,
                "p_value": test.p_value,
                "intenders_acting": intenders["_did"].mean() if len(intenders) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def satisfied_leavers(data: pd.DataFrame, score: str, left: str, by: str, satisfied: float = 9) -> pd.DataFrame:
    """Among satisfied customers (``score >= satisfied``, e.g. NPS promoters), the leaving rate of each
    group vs all other groups.

    Columns: ``by``, ``n`` (customers with a score and an outcome), ``mean_score``, ``satisfied_share``,
    ``n_satisfied``, ``left_rate`` (among the group's satisfied), ``rest_left_rate`` (satisfied elsewhere),
    ``difference``, ``ci_low``, ``ci_high`` (Wald), ``p_value`` (two-proportion z-test).
    """
    require_columns(data, [score, left, by])
    values = pd.to_numeric(data[score], errors="coerce")
    gone = binary(data, left)
    both = data.assign(_score=values, _left=gone)[values.notna() & gone.notna()]
    happy = both[both["_score"] >= satisfied]
    rows = []
    for key, part in _groups(both, by):
        mine = happy[happy[by] == key]
        rest = happy[happy[by] != key]
        test = two_proportions(int(mine["_left"].sum()), len(mine), int(rest["_left"].sum()), len(rest))
        rows.append(
            {
                by: key,
                "n": len(part),
                "mean_score": part["_score"].mean(),
                "satisfied_share": (part["_score"] >= satisfied).mean(),
                "n_satisfied": len(mine),
                "left_rate": mine["_left"].mean() if len(mine) else float("nan"),
                "rest_left_rate": rest["_left"].mean() if len(rest) else float("nan"),
                "difference": test.estimate,
                "ci_low": test.ci_low,
                "ci_high": test.ci_high,
                "p_value": test.p_value,
            }
        )
    return pd.DataFrame(rows)


def outcome_by_flag(data: pd.DataFrame, flags: list[str] | str, outcome: str) -> pd.DataFrame:
    """For each 0/1 ``flags`` column (a theme mentioned, a survey answered), the ``outcome`` rate with vs
    without the flag.

    Columns: ``flag``, ``n_with``, ``n_without``, ``rate_with``, ``rate_without``, ``risk_ratio``,
    ``ci_low``, ``ci_high`` (Katz log interval), ``p_value`` (Fisher's exact test).
    """
    flags = [flags] if isinstance(flags, str) else list(flags)
    require_columns(data, [*flags, outcome])
    result = binary(data, outcome)
    rows = []
    for flag in flags:
        marked = binary(data, flag)
        ok = marked.notna() & result.notna()
        yes, no = result[ok & (marked == 1)], result[ok & (marked == 0)]
        test = rate_ratio(int(yes.sum()), len(yes), int(no.sum()), len(no))
        rows.append(
            {
                "flag": flag,
                "n_with": len(yes),
                "n_without": len(no),
                "rate_with": yes.mean() if len(yes) else float("nan"),
                "rate_without": no.mean() if len(no) else float("nan"),
                "risk_ratio": test.estimate,
                "ci_low": test.ci_low,
                "ci_high": test.ci_high,
                "p_value": test.p_value,
            }
        )
    return pd.DataFrame(rows)
