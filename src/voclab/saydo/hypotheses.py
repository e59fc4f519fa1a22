"""Say–do hypotheses that test what their sentences say, one tidy row per group and claim.

Every function takes one row per customer (what they said, what they then did: see :func:`voclab.saydo.link`)
and returns rows with the register's columns (:data:`ROW_COLUMNS`): ``finding_id``, ``kind``, ``group``,
``said``, ``did``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``n``, ``n_rest``, ``tested``,
``direction``, ``sentence``. A row whose base is below ``min_base`` is kept with ``tested`` false, no estimate,
and the sentence "not tested (n<30)"; it never enters the false-discovery control.

* :func:`discordance` — a group whose *say* is better than the rest's while its *do* is worse (both
  significant: intersection–union test, p = the larger of the two one-sided p-values; Berger 1982);
* :func:`intent_gaps` — stated intent vs the action of the same people (paired: Newcombe interval, McNemar);
* :func:`quadrants` — satisfaction × loyalty (Jones & Sasser 1995) per group, and whether the satisfied leave
  less often than the dissatisfied *within* each group;
* :func:`importance_gaps` — stated importance vs importance derived from behaviour (standardised
  linear-probability coefficients, bootstrap intervals);
* :func:`theme_lift` — does mentioning a theme go with the outcome, adjusted for segment (Mantel–Haenszel).

Example
-------
>>> import pandas as pd
>>> people = pd.DataFrame({"seg": ["A"] * 40 + ["B"] * 40, "q5": [5] * 40 + [5] * 20 + [2] * 20,
...                        "renewed": [1] * 20 + [0] * 20 + [1] * 20 + [0] * 20})
>>> gap = intent_gaps(people, intent="q5", did="renewed", by="seg").set_index("group").loc["A"]
>>> gap["finding_id"], float(gap["estimate"]), gap["direction"]
('intent_gap:A', 0.5, 'says more than does')
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from voclab._columns import require_columns
from voclab.config import MIN_BASE
from voclab.saydo import _sentences as sentences
from voclab.saydo._stats import Comparison, binary, mantel_haenszel, paired_proportions, two_proportions, wilson

__all__ = [
    "ROW_COLUMNS",
    "discordance",
    "importance_gaps",
    "intent_calibration",
    "intent_gaps",
    "quadrants",
    "theme_lift",
]

ROW_COLUMNS = [
    "finding_id",
    "kind",
    "group",
    "said",
    "did",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value",
    "n",
    "n_rest",
    "tested",
    "direction",
    "sentence",
]


def row(
    kind: str,
    group: str,
    said: str,
    did: str,
    result: Comparison,
    n: int,
    n_rest: int | None,
    direction: str,
    sentence: str,
    min_base: int,
    *,
    finding: str | None = None,
) -> dict[str, object]:
    """One register row; below the minimum base the estimate is withheld and the row is not tested."""
    tested = n >= min_base and (n_rest is None or n_rest >= min_base) and not math.isnan(result.p_value)
    small = n < min_base or (n_rest is not None and n_rest < min_base)
    values = result if tested or not small else Comparison(math.nan, math.nan, math.nan, math.nan)
    return {
        "finding_id": f"{kind}:{finding or group}",
        "kind": kind,
        "group": group,
        "said": said,
        "did": did,
        "estimate": values.estimate,
        "ci_low": values.ci_low,
        "ci_high": values.ci_high,
        "p_value": values.p_value,
        "n": n,
        "n_rest": n_rest if n_rest is not None else pd.NA,
        "tested": tested,
        "direction": direction if not small else "",
        "sentence": sentence if not small else sentences.not_tested(group, min(n, n_rest or n), min_base),
    }


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=ROW_COLUMNS)
    return out.astype({"n_rest": "Int64", "tested": bool})


def _groups(data: pd.DataFrame, by: str | None) -> list[tuple[str, pd.Series]]:
    """``(name, mask)`` per group of ``by`` (sorted), or one ``all`` group."""
    if by is None:
        return [("all", pd.Series(True, index=data.index))]
    require_columns(data, [by])
    values = data[by].astype("string")
    return [(str(v), values == v) for v in sorted(values.dropna().unique())]


def _one_sided(result: Comparison, positive: bool) -> float:
    """The one-sided p-value for "estimate > 0" (``positive``) or "< 0", from a two-sided test."""
    if math.isnan(result.p_value):
        return math.nan
    right = result.estimate > 0 if positive else result.estimate < 0
    return result.p_value / 2 if right else 1 - result.p_value / 2


def discordance(
    data: pd.DataFrame,
    *,
    by: str,
    say: str,
    do: str,
    satisfied: float = 9,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Per group of ``by``: is its share saying well (``say >= satisfied``, e.g. NPS promoters) higher than the
    rest's while its ``do`` rate (e.g. churn, 0/1) is higher too? Estimate: the ``do`` difference (group − rest);
    p: intersection–union of the one-sided tests of both differences (both must hold)."""
    require_columns(data, [say, do])
    score = pd.to_numeric(data[say], errors="coerce")
    outcome = binary(data, do)
    ok = score.notna() & outcome.notna()
    happy = (score >= satisfied)[ok]
    left = outcome[ok] == 1
    rows = []
    for name, mask in _groups(data[ok], by):
        mine, rest = mask, ~mask
        said = two_proportions(int(happy[mine].sum()), int(mine.sum()), int(happy[rest].sum()), int(rest.sum()))
        did = two_proportions(int(left[mine].sum()), int(mine.sum()), int(left[rest].sum()), int(rest.sum()))
        p_value = max(_one_sided(said, True), _one_sided(did, True))
        words = (
            f"{'more' if said.estimate >= 0 else 'fewer'} satisfied ({say} ≥ {satisfied:g}) than the other "
            f"{by} values ({_pts(said)}) and {'more' if did.estimate >= 0 else 'less'} {do} ({_pts(did)})"
        )
        sentence = f"{name}: {words}; n = {int(mine.sum()):,} vs {int(rest.sum()):,}."
        direction = ("says better" if said.estimate > 0 else "says worse") + (
            ", does worse" if did.estimate > 0 else ", does better"
        )
        result = Comparison(did.estimate, did.ci_low, did.ci_high, p_value)
        said_text = f"{said.estimate * 100:+.0f} pts satisfied"
        did_text = f"{did.estimate * 100:+.0f} pts {do}"
        rows.append(
            row(
                "discordance",
                name,
                said_text,
                did_text,
                result,
                int(mine.sum()),
                int(rest.sum()),
                direction,
                sentence,
                min_base,
            )
        )
    return _frame(rows)


def _pts(result: Comparison) -> str:
    return f"{result.estimate * 100:+.0f} points, 95 % CI {result.ci_low * 100:.0f} to {result.ci_high * 100:.0f}"


def _intent(data: pd.DataFrame, intent: str, did: str, yes: Sequence[float]) -> tuple[pd.Series, pd.Series]:
    stated = pd.to_numeric(data[intent], errors="coerce")
    acted = binary(data, did)
    ok = stated.notna() & acted.notna()
    return stated[ok].isin(list(yes)), acted[ok] == 1


def intent_gaps(
    data: pd.DataFrame,
    *,
    intent: str,
    did: str,
    by: str | None = None,
    yes: Sequence[float] = (4, 5),
    action: str = "renew",
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Share stating the intent (``intent`` in ``yes``) minus the share that then did it (``did``, 0/1), for all
    and per group of ``by`` (paired on the same people: Newcombe interval, McNemar's exact test); ``action``
    is the verb of the sentences ("renew")."""
    require_columns(data, [intent, did])
    stated, acted = _intent(data, intent, did, yes)
    rows = []
    groups = [("all", pd.Series(True, index=stated.index))]
    if by is not None:
        groups += _groups(data.loc[stated.index], by)
    for name, mask in groups:
        result = paired_proportions(stated[mask].to_numpy(), acted[mask].to_numpy())
        n = int(mask.sum())
        direction = "says more than does" if result.estimate > 0 else "does more than says"
        subject = "All customers" if name == "all" else name
        sentence = sentences.difference(
            subject, f"say they will {action}", f"than do {action}", result.estimate, result.ci_low, result.ci_high, n
        )
        said_text = f"{stated[mask].mean():.0%} intend" if n else ""
        did_text = f"{acted[mask].mean():.0%} {did}" if n else ""
        rows.append(row("intent_gap", name, said_text, did_text, result, n, None, direction, sentence, min_base))
    return _frame(rows)


def intent_calibration(data: pd.DataFrame, *, intent: str, did: str, by: str | None = None) -> pd.DataFrame:
    """Realised rate of ``did`` at each stated ``intent`` value (each scale point), with a Wilson interval.
    Columns: ``group``, ``band`` (the intent value), ``n``, ``rate``, ``ci_low``, ``ci_high``."""
    require_columns(data, [intent, did])
    stated = pd.to_numeric(data[intent], errors="coerce")
    acted = binary(data, did)
    ok = stated.notna() & acted.notna()
    rows = []
    for name, mask in _groups(data[ok], by):
        for band in sorted(stated[ok][mask].unique()):
            hit = acted[ok][mask & (stated[ok] == band)]
            low, high = wilson(int(hit.sum()), len(hit))
            rows.append(
                {"group": name, "band": band, "n": len(hit), "rate": hit.mean(), "ci_low": low, "ci_high": high}
            )
    return pd.DataFrame(rows, columns=["group", "band", "n", "rate", "ci_low", "ci_high"])


def _split(values: pd.Series, at: float | None) -> pd.Series:
    """A say or do column as booleans: booleans and yes/no or true/false text as they are, numbers at ``at``
    (default: the median; values at or above count as high)."""
    text = values.astype("string").str.strip().str.lower().str.replace(r"\.0+$", "", regex=True)
    if text.dropna().isin(["true", "false", "yes", "no", "1", "0"]).all() and at is None:
        return text.map({"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False})
    numbers = pd.to_numeric(values, errors="coerce")
    cut = float(numbers.median()) if at is None else at
    return (numbers >= cut).where(numbers.notna())


def quadrants(
    data: pd.DataFrame,
    *,
    say: str,
    do: str,
    by: str | None = None,
    say_at: float | None = None,
    do_at: float | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Satisfaction × loyalty per group (Jones & Sasser 1995): each person is high or low on ``say`` (split at
    ``say_at``, default the median) and on ``do`` (``do_at``; a 0/1 or yes/no column as it is). Register rows
    (kind ``quadrant``): the ``do`` rate of the high-``say`` people minus that of the low-``say`` people, within
    each group, with the four counts in ``said``/``did``. Also in ``attrs["voclab"]["table"]``: one row per
    group with the counts (``high_high``, ``high_low``, ``low_high``, ``low_low``), shares and the ``do`` rate
    of each ``say`` level with Wilson intervals."""
    require_columns(data, [say, do])
    high_say, high_do = _split(data[say], say_at), _split(data[do], do_at)
    ok = high_say.notna() & high_do.notna()
    rows, table = [], []
    for name, mask in _groups(data[ok], by):
        s, d = high_say[ok][mask].astype(bool), high_do[ok][mask].astype(bool)
        counts = {
            "high_high": int((s & d).sum()),
            "high_low": int((s & ~d).sum()),
            "low_high": int((~s & d).sum()),
            "low_low": int((~s & ~d).sum()),
        }
        result = two_proportions(counts["high_high"], int(s.sum()), counts["low_high"], int((~s).sum()))
        (lo_hi, hi_hi), (lo_lo, hi_lo) = (
            wilson(counts["high_high"], int(s.sum())),
            wilson(counts["low_high"], int((~s).sum())),
        )
        total = max(len(s), 1)
        table.append(
            {
                "group": name,
                **counts,
                **{f"share_{k}": v / total for k, v in counts.items()},
                "rate_high_say": d[s].mean(),
                "rate_high_say_low": lo_hi,
                "rate_high_say_high": hi_hi,
                "rate_low_say": d[~s].mean(),
                "rate_low_say_low": lo_lo,
                "rate_low_say_high": hi_lo,
            }
        )
        direction = f"high {say} more {do}" if result.estimate > 0 else f"high {say} less {do}"
        say_text = f"high {say}: {counts['high_high']} {do} of {int(s.sum())}"
        subject = "All" if name == "all" else name
        sentence = sentences.difference(
            subject,
            f"{do} among high {say}",
            f"than among low {say}",
            result.estimate,
            result.ci_low,
            result.ci_high,
            int(s.sum()),
            int((~s).sum()),
        )
        did_text = f"low {say}: {counts['low_high']} {do} of {int((~s).sum())}"
        rows.append(
            row(
                "quadrant",
                name,
                say_text,
                did_text,
                result,
                int(s.sum()),
                int((~s).sum()),
                direction,
                sentence,
                min_base,
            )
        )
    out = _frame(rows)
    out.attrs["voclab"] = {"table": table}
    return out


def _standardise(frame: pd.DataFrame) -> np.ndarray:
    values = frame.to_numpy(dtype=float)
    spread = values.std(axis=0)
    return (values - values.mean(axis=0)) / np.where(spread > 0, spread, 1.0)


def _effects(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Coefficients of the linear-probability model ``y ~ x`` (without the intercept)."""
    design = np.column_stack([np.ones(len(x)), x])
    return np.linalg.lstsq(design, y, rcond=None)[0][1:]


def importance_gaps(
    data: pd.DataFrame,
    *,
    drivers: Sequence[str],
    importance: Sequence[str],
    outcome: str,
    labels: dict[str, str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Stated importance (mean of each ``importance`` rating) against importance derived from behaviour: the
    drop in the ``outcome`` rate (0/1, e.g. churn) per standard deviation of each driver's satisfaction rating,
    from a linear-probability model on all ``drivers`` together (standardised coefficients). For the drivers
    said to matter most (top third by stated importance) a row tests "moves behaviour less than the typical
    driver" (kind ``importance_said_not_done``); for those said to matter least (bottom third), "moves it more"
    (``importance_done_not_said``). Estimate: the driver's derived effect minus the mean of the other drivers'
    (points of ``outcome`` per SD), with a percentile bootstrap interval and p-value (``n_boot`` resamples,
    ``seed``)."""
    drivers, importance = list(drivers), list(importance)
    require_columns(data, [*drivers, *importance, outcome])
    if len(drivers) != len(importance) or len(drivers) < 3:
        from voclab.exceptions import ParameterError

        raise ParameterError("give at least three drivers and one importance question per driver, in order")
    labels = labels or {}
    ratings = data[drivers].apply(pd.to_numeric, errors="coerce")
    y = binary(data, outcome)
    ok = ratings.notna().all(axis=1) & y.notna()
    x, target = _standardise(ratings[ok]), y[ok].to_numpy()
    derived = -_effects(x, target)  # a protective driver lowers the outcome rate: positive importance
    rng = np.random.default_rng(seed)
    boots = np.array([-_effects(x[i], target[i]) for i in (rng.integers(0, len(x), len(x)) for _ in range(n_boot))])
    stated = data[importance].apply(pd.to_numeric, errors="coerce").mean().to_numpy()
    order = np.argsort(-stated)
    third = max(1, len(drivers) // 3)
    rows = []
    for rank, k in enumerate(order, start=1):
        if third < rank <= len(drivers) - third:
            continue
        said_most = rank <= third
        others = [j for j in range(len(drivers)) if j != k]
        gap = derived[k] - np.mean(derived[others])
        spread = boots[:, k] - boots[:, others].mean(axis=1)
        low, high = np.percentile(spread, [2.5, 97.5])
        p_value = min(1.0, 2 * min((spread <= 0).mean(), (spread >= 0).mean()) + 1 / n_boot)
        name = labels.get(drivers[k], drivers[k])
        kind = "importance_said_not_done" if said_most else "importance_done_not_said"
        direction = "moves behaviour more" if gap > 0 else "moves behaviour less"
        sentence = (
            f"{name}: stated importance rank {rank} of {len(drivers)}; it moves {outcome} "
            f"{abs(gap) * 100:.1f} points per SD {'more' if gap > 0 else 'less'} than the typical driver "
            f"(95 % CI {low * 100:.1f} to {high * 100:.1f}; n = {len(x):,})."
        )
        rows.append(
            row(
                kind,
                name,
                f"stated importance {stated[k]:.2f} (rank {rank})",
                f"{derived[k] * 100:+.1f} pts {outcome} per SD",
                Comparison(gap, low, high, p_value),
                len(x),
                None,
                direction,
                sentence,
                min_base,
                finding=drivers[k],
            )
        )
    return _frame(rows)


def theme_lift(
    data: pd.DataFrame,
    *,
    themes: Sequence[str],
    outcome: str,
    strata: str | None = None,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Per theme (a 0/1 column per theme: the customer mentioned it), the ``outcome`` rate of those who mentioned
    it against those who did not, as a risk ratio adjusted for ``strata`` (e.g. segment: Mantel–Haenszel, with
    the Greenland–Robins interval and the CMH test)."""
    require_columns(data, [*themes, outcome, *([strata] if strata else [])])
    y = binary(data, outcome)
    rows = []
    for theme in themes:
        flag = binary(data, theme)
        ok = flag.notna() & y.notna()
        layers = [("all", ok)] if strata is None else [(k, ok & m) for k, m in _groups(data, strata)]
        cells = []
        for _, mask in layers:
            with_, without = mask & (flag == 1), mask & (flag == 0)
            cells.append((int(y[with_].sum()), int(with_.sum()), int(y[without].sum()), int(without.sum())))
        result = mantel_haenszel(cells)
        n, n_rest = sum(c[1] for c in cells), sum(c[3] for c in cells)
        direction = f"mentioners {outcome} more" if result.estimate > 1 else f"mentioners {outcome} less"
        sentence = sentences.ratio(
            f"Customers who mention {theme}", outcome, result.estimate, result.ci_low, result.ci_high, n, n_rest
        )
        rate = sum(c[0] for c in cells) / n if n else math.nan
        rate_rest = sum(c[2] for c in cells) / n_rest if n_rest else math.nan
        rows.append(
            row(
                "theme_lift",
                theme,
                f"{n:,} mention {theme}",
                f"{rate:.0%} vs {rate_rest:.0%} {outcome}",
                result,
                n,
                n_rest,
                direction,
                sentence,
                min_base,
            )
        )
    return _frame(rows)
