"""Listening to the dog that doesn't bark: who does not answer, what is not said where, what stopped being said.

* :func:`outcome_by_flag` — the outcome rate with vs without a 0/1 flag (risk ratio, Fisher's exact test);
* :func:`nonresponse` — do the customers who never answer the survey behave differently (non-response bias)?
* :func:`channel_gaps` — themes present in one channel and (almost) absent from another;
* :func:`sudden_drops` — themes whose mentions stop after a date (a fix that worked, or a channel gone quiet);
* :func:`unanswered` — forum threads nobody replied to (:func:`forum_posts`: the posts of forum threads).

Example
-------
>>> import pandas as pd
>>> mentions = pd.DataFrame({"theme": ["billing"] * 3 + ["app"] * 2, "channel": ["ticket"] * 3 + ["survey", "ticket"]})
>>> channel_gaps(mentions, "theme", "channel", min_mentions=3)[["theme", "present_in", "absent_from"]].values.tolist()
[['billing', 'ticket', 'survey']]
"""

from __future__ import annotations

import pandas as pd
from scipy import stats

from voclab._columns import require_columns
from voclab.exceptions import ParameterError
from voclab.saydo._stats import binary, rate_ratio

__all__ = ["channel_gaps", "forum_posts", "nonresponse", "outcome_by_flag", "sudden_drops", "unanswered"]


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


def nonresponse(customers: pd.DataFrame, responded: str, outcome: str) -> pd.DataFrame:
    """Outcome rate (e.g. churn) of non-respondents vs respondents: one row with ``rate_nonrespondents``,
    ``rate_respondents``, ``risk_ratio`` (non-respondents / respondents), its 95 % CI and Fisher's p-value.
    """
    require_columns(customers, [responded, outcome])
    silent = 1 - binary(customers, responded)
    table = outcome_by_flag(customers.assign(_silent=silent), "_silent", outcome)
    return table.rename(
        columns={
            "n_with": "n_nonrespondents",
            "n_without": "n_respondents",
            "rate_with": "rate_nonrespondents",
            "rate_without": "rate_respondents",
        }
    ).drop(columns="flag")


def channel_gaps(
    mentions: pd.DataFrame, theme: str, channel: str, min_mentions: int = 10, max_share: float = 0.0
) -> pd.DataFrame:
    """Themes with at least ``min_mentions`` in one channel and at most ``max_share`` of that channel's
    theme mentions in another (0 = never mentioned there).

    ``mentions`` has one row per (text, theme) with the text's channel. Columns: ``theme``, ``present_in``,
    ``mentions``, ``absent_from``, ``share_absent`` (the theme's share of mentions in the quiet channel).
    """
    require_columns(mentions, [theme, channel], "mentions")
    counts = pd.crosstab(mentions[theme], mentions[channel])
    shares = counts / counts.sum(axis=0).replace(0, 1)
    rows = []
    for name in counts.index:
        for loud in counts.columns:
            if counts.at[name, loud] < min_mentions:
                continue
            for quiet in counts.columns:
                if quiet != loud and shares.at[name, quiet] <= max_share:
                    rows.append(
                        {
                            "theme": name,
                            "present_in": loud,
                            "mentions": int(counts.at[name, loud]),
                            "absent_from": quiet,
                            "share_absent": float(shares.at[name, quiet]),
                        }
                    )
    columns = ["theme", "present_in", "mentions", "absent_from", "share_absent"]
    return pd.DataFrame(rows, columns=columns).sort_values(["theme", "present_in", "absent_from"], ignore_index=True)


def sudden_drops(
    mentions: pd.DataFrame,
    theme: str,
    time: str,
    totals: pd.Series | None = None,
    freq: str = "W",
    window: int = 6,
    alpha: float = 0.01,
) -> pd.DataFrame:
    """Themes whose mention *rate* in the last ``window`` periods fell sharply vs the periods before.

    Per theme, the count after the split vs before, conditional on all texts in each part (``totals``: texts
    per period, default: all mentions), is tested with the exact conditional binomial test for two Poisson rates
    (Przyborowski & Wilenski 1940): under no change, ``after ~ Binomial(after + before, share of texts after)``.
    Columns: ``theme``, ``before``, ``after``, ``expected_after``, ``rate_ratio``, ``last_seen``, ``p_value``,
    ``dropped`` (p < ``alpha`` and the rate fell by more than half).
    """
    require_columns(mentions, [theme, time], "mentions")
    stamps = pd.to_datetime(mentions[time], utc=True, errors="coerce")
    if stamps.isna().all():
        raise ParameterError(f"column {time!r} has no dates", hint="pass the mention timestamps")
    periods = stamps.dt.tz_localize(None).dt.to_period(freq)
    per = pd.crosstab(mentions[theme], periods)
    all_periods = pd.period_range(periods.min(), periods.max(), freq=freq)
    per = per.reindex(columns=all_periods, fill_value=0)
    base = per.sum(axis=0) if totals is None else totals.reindex(all_periods, fill_value=0)
    if len(all_periods) <= window:
        raise ParameterError(f"only {len(all_periods)} periods of data", hint=f"use a window below {len(all_periods)}")
    split = all_periods[-window]
    share_after = base[base.index >= split].sum() / max(base.sum(), 1)
    rows = []
    for name, counts in per.iterrows():
        before, after = int(counts[counts.index < split].sum()), int(counts[counts.index >= split].sum())
        total = before + after
        p_value = stats.binomtest(after, total, share_after, alternative="less").pvalue if total else 1.0
        expected = total * share_after
        seen = counts[counts > 0]
        ratio = after / expected if expected else float("nan")
        rows.append(
            {
                "theme": name,
                "before": before,
                "after": after,
                "expected_after": expected,
                "rate_ratio": ratio,
                "last_seen": str(seen.index.max()) if len(seen) else None,
                "p_value": float(p_value),
                "dropped": bool(p_value < alpha and ratio < 0.5),
            }
        )
    return pd.DataFrame(rows).sort_values("p_value", ignore_index=True)


def forum_posts(feedback: pd.DataFrame, thread: str = "thread_id") -> pd.DataFrame:
    """The posts of forum threads: rows with a ``thread`` id, of channel ``forum`` when there is a ``channel``
    column (a post on X has a conversation id, but a tweet nobody replied to is not an unanswered question)."""
    require_columns(feedback, [thread], "feedback")
    forum = feedback[feedback[thread].notna()]
    if "channel" in forum:
        forum = forum[forum["channel"].astype("string") == "forum"]
    return forum


def unanswered(feedback: pd.DataFrame, thread: str = "thread_id", replies: str = "reply_count") -> pd.DataFrame:
    """Forum threads nobody answered (among :func:`forum_posts`): opening posts whose ``reply_count`` is 0, or —
    where the source gives no count — threads with a single post. Returns the opening posts (``id``,
    ``source``, ``created_at``, ``title``, ``text``...), oldest first."""
    forum = forum_posts(feedback, thread)
    posts = forum.groupby(thread)[thread].transform("size")
    counted = pd.to_numeric(forum[replies], errors="coerce") if replies in forum else pd.Series(float("nan"))
    opening = forum["parent_id"].isna() if "parent_id" in forum else pd.Series(True, index=forum.index)
    silent = opening & ((counted == 0) | (counted.isna() & (posts == 1)))
    order = "created_at" if "created_at" in forum else thread
    return forum[silent].sort_values(order, ignore_index=True)
