"""The gap register of a project: every say–do hypothesis that ``voclab.toml`` allows, tested, FDR-controlled,
routed — what ``voclab gaps`` writes and notebooks 40 and 90 show.

:func:`gap_register` reads the ``[saydo]`` study, links each survey answer to what the customer did next
(:func:`voclab.saydo.link`: only answers given before the decision, latest per customer), and runs
:mod:`voclab.saydo.hypotheses` per segment, the theme and channel tests on the project's texts, the
non-response test and the unanswered forum threads. Benjamini–Hochberg at ``fdr`` runs over the tested rows
only; rows below ``[reporting] min_base`` say "not tested (n<30)".

Columns (:data:`REGISTER_COLUMNS`): ``finding_id`` (``kind:group``, stable across runs), ``kind``, ``group``,
``said``, ``did``, ``estimate``, ``ci_low``, ``ci_high``, ``p_value``, ``q_value``, ``n``, ``n_rest``,
``tested``, ``flagged``, ``direction``, ``owner``, ``sentence``.

>>> register = gap_register(open_project("voclab.toml"))  # doctest: +SKIP
>>> register.loc[register.flagged, "sentence"].head()  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from scipy import stats

from voclab._csv import write_csv as write_safe_csv
from voclab.exceptions import ConfigError
from voclab.saydo import _sentences as sentences
from voclab.saydo._stats import Comparison, bh, two_proportions, wilson
from voclab.saydo.findings import DEFAULT_OWNERS, route
from voclab.saydo.hypotheses import (
    ROW_COLUMNS,
    discordance,
    importance_gaps,
    intent_gaps,
    quadrants,
    row,
    theme_lift,
)
from voclab.saydo.link import attributes, link
from voclab.saydo.silence import forum_posts, sudden_drops, unanswered
from voclab.survey.questions import question_labels

__all__ = ["GROUP_KINDS", "REGISTER_COLUMNS", "finalize", "for_unit", "gap_register", "people", "write_csv"]

REGISTER_COLUMNS = [*ROW_COLUMNS[:9], "q_value", *ROW_COLUMNS[9:12], "flagged", "direction", "owner", "sentence"]


def finalize(rows: pd.DataFrame, *, fdr: float = 0.05, owners: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rows of :mod:`voclab.saydo.hypotheses` → the register: BH q-values over the tested rows, ``flagged``
    (tested and q < ``fdr``; descriptive rows keep the flag they came with), ``owner``, flagged rows first."""
    out = rows.copy()
    tested = out["tested"].astype(bool) & out["p_value"].notna()
    out["q_value"] = bh(out["p_value"].where(tested))
    given = out["flagged"] if "flagged" in out else pd.Series(False, index=out.index)
    out["flagged"] = (tested & (out["q_value"] < fdr)) | (~tested & given.fillna(False).astype(bool))
    routing = {**(owners or {}), **DEFAULT_OWNERS}
    out["owner"] = (out["kind"] + " " + out["group"].astype(str)).map(lambda t: route(t, routing))
    out = out.sort_values(["flagged", "q_value"], ascending=[False, True], na_position="last", kind="stable")
    return out[REGISTER_COLUMNS].reset_index(drop=True)


def _need(value: object, key: str) -> None:
    if value in (None, [], ""):
        raise ConfigError(f"[saydo] {key} is not set", hint="name it in voclab.toml (voclab init proposes one)")


def people(project) -> pd.DataFrame:
    """One row per customer: their latest survey answer given before their decision (the ``[saydo]``
    ``outcome`` / ``renewal`` events inside ``window``), the segments, and 0/1 ``left`` and ``stayed``.
    ``attrs["voclab"]["match"]`` is the link's match report."""
    study = project.saydo
    _need(study.survey, "survey")
    if not project.tables.has("behaviour"):
        raise ConfigError(
            "the project has no customer file to compare the answers with",
            hint=f"add one (customers with their {study.outcome!r} events) to [[sources]] in voclab.toml",
        )
    answers = project.tables.source(study.survey)
    behaviour = project.tables.behaviour
    if study.renewal and study.renewal == study.outcome:
        raise ConfigError(f"[saydo] outcome and renewal are both {study.outcome!r}", hint="name two different events")
    events = [study.outcome, *([study.renewal] if study.renewal else [])]
    segments = list(study.segments or [])
    says = answers.drop(columns=[c for c in segments if c in answers.columns and _in_behaviour(behaviour, c)])
    linked = link(says, behaviour, events, on=study.on, window=tuple(study.window))
    when = next((c for c in ("submitted_at", "created_at") if c in linked), None)
    latest = linked.sort_values(when, kind="stable") if when else linked
    latest = latest.drop_duplicates(study.on, keep="last")
    from_behaviour = [s for s in segments if _in_behaviour(behaviour, s)]
    if from_behaviour:
        profile = attributes(behaviour, from_behaviour, customer=study.on)
        latest = latest.merge(profile, left_on=study.on, right_index=True, how="left")
    latest["left"] = pd.to_numeric(latest[study.outcome], errors="coerce")
    stayed = latest[study.renewal] if study.renewal else 1 - latest["left"]
    latest["stayed"] = pd.to_numeric(stayed, errors="coerce")
    latest.attrs["voclab"] = linked.attrs.get("voclab", {})
    return latest.reset_index(drop=True)


def _in_behaviour(behaviour: pd.DataFrame, name: str) -> bool:
    return bool((behaviour["event"].astype("string") == name).any())


def _texts(project) -> pd.DataFrame:
    """Every text of the project (feedback and open survey answers) with ``customer_id``, ``channel``,
    ``created_at`` and one 0/1 column per codebook theme, coded on the engine ``[compute]`` chooses."""
    from functools import partial

    from voclab.engine import map_partitions
    from voclab.text import code_themes
    from voclab.workspace import survey_comments

    study = project.saydo
    feedback = project.tables.feedback
    if study.text_sources is not None:
        feedback = feedback[feedback["source"].astype("string").isin(study.text_sources)]
    comments = survey_comments(project.tables)
    columns = ["customer_id", "channel", "created_at", "text"]
    texts = pd.concat([feedback[columns], comments[columns]], ignore_index=True)
    coding = partial(code_themes, codebook=project.codebook(), roll_up=False)
    coded = map_partitions(coding, texts["text"], project.config.compute, desc="coding texts")
    themes = study.themes or list(coded.columns)
    missing = [t for t in themes if t not in coded]
    if missing:
        raise ConfigError(f"[saydo] themes: {missing[0]!r} is not in the codebook", hint=f"themes: {list(coded)}")
    return pd.concat([texts[columns[:3]], coded[themes].astype(int)], axis=1)


def _before_decision(frame: pd.DataFrame, texts: pd.DataFrame, on: str) -> pd.DataFrame:
    """The texts each linked customer (``frame``: :func:`people`) wrote before the decision their answer is
    compared with (``decided_at`` from :func:`link`): a customer who stays keeps writing after a leaver has gone,
    so counting later texts would make any theme look like a sign of staying. With undated outcomes (a churn flag
    in a customer file) there is nothing to cut at: every text counts."""
    mine = texts.dropna(subset=["customer_id"])
    cutoff = mine["customer_id"].map(frame.set_index(on)["decided_at"])
    return mine[cutoff.isna() | (mine["created_at"] < cutoff)]


def _channel_rows(texts: pd.DataFrame, themes: list[str], min_base: int) -> list[dict[str, object]]:
    """Per theme and channel: is it louder there than in the survey's answers (share of the channel's texts
    minus share of the survey's, one-sided: what people only talk about elsewhere)?"""
    rows = []
    survey = texts["channel"] == "survey"
    for channel in sorted(set(texts["channel"].dropna()) - {"survey"}):
        mine = texts["channel"] == channel
        for theme in themes:
            x1, n1 = int(texts.loc[mine, theme].sum()), int(mine.sum())
            x2, n2 = int(texts.loc[survey, theme].sum()), int(survey.sum())
            test = two_proportions(x1, n1, x2, n2)
            result = Comparison(test.estimate, test.ci_low, test.ci_high, _louder(test))
            more = result.estimate >= 0
            sentence = sentences.difference(
                f"{theme} in {channel}",
                f"of {channel} texts mention it",
                "than of survey answers",
                result.estimate,
                result.ci_low,
                result.ci_high,
                n1,
                n2,
            )
            rows.append(
                row(
                    "channel_gap",
                    theme,
                    f"{x2 / n2:.1%} of survey answers" if n2 else "",
                    f"{x1 / n1:.1%} of {channel} texts" if n1 else "",
                    result,
                    n1,
                    n2,
                    f"louder in {channel}" if more else f"quieter in {channel}",
                    sentence,
                    min_base,
                    finding=f"{theme}:{channel}",
                )
            )
    return rows


def _louder(test: Comparison) -> float:
    """One-sided p-value for "the first share is larger" from a two-sided test."""
    if math.isnan(test.p_value):
        return math.nan
    return test.p_value / 2 if test.estimate > 0 else 1 - test.p_value / 2


def _drop_rows(texts: pd.DataFrame, themes: list[str], min_base: int) -> list[dict[str, object]]:
    """Per channel and theme: mentions in the channel's last three months against its own texts of that time
    (exact conditional test of two Poisson rates, two-sided). Per channel, because sources cover different
    periods: pooled, a theme of a channel that ends early would seem to fall silent."""
    rows = []
    for channel in sorted(set(texts["channel"].dropna())):
        mine = texts[(texts["channel"] == channel) & texts["created_at"].notna()]
        rows += _channel_drops(mine, themes, min_base, str(channel))
    return rows


def _channel_drops(dated: pd.DataFrame, themes: list[str], min_base: int, channel: str) -> list[dict[str, object]]:
    if dated.empty:
        return []
    long = dated.melt(id_vars=["created_at"], value_vars=themes, var_name="theme", value_name="hit")
    long = long[long["hit"] == 1]
    totals = dated.assign(_p=dated["created_at"].dt.tz_localize(None).dt.to_period("M")).groupby("_p").size()
    if len(totals) <= 3:  # no earlier months to compare the last three with
        return []
    table = sudden_drops(long, "theme", "created_at", totals=totals, freq="M", window=3)
    rows = []
    for item in table.itertuples(index=False):
        total = item.before + item.after
        share = item.expected_after / total if total else math.nan
        if total and 0 < share < 1:
            test = stats.binomtest(item.after, total, share)
            low, high = test.proportion_ci(method="exact")
            result = Comparison(item.rate_ratio, low / share, high / share, float(test.pvalue))
        else:
            result = Comparison(math.nan, math.nan, math.nan, math.nan)
        fell = result.estimate < 1
        sentence = (
            f"Mentions of {item.theme} in {channel} {'fell' if fell else 'rose'} to {result.estimate:.2f}× their "
            f"earlier rate in its last 3 months (95 % CI {result.ci_low:.2f} to {result.ci_high:.2f}; n = "
            f"{item.after:,} mentions then vs {item.before:,} before; last seen {item.last_seen})."
        )
        rows.append(
            row(
                "sudden_drop",
                str(item.theme),
                f"{item.before:,} mentions before",
                f"{item.after:,} after (expected {item.expected_after:.0f})",
                result,
                total,
                None,
                "fell" if fell else "rose",
                sentence,
                min_base,
                finding=f"{item.theme}:{channel}",
            )
        )
    return rows


def _nonresponse_row(project, answers: pd.DataFrame, min_base: int) -> dict[str, object]:
    """Did customers who had not answered the survey by its midpoint (the median answer date) leave more often
    afterwards than those who had? Only customers still customers at the midpoint count, and only what they
    did after it, so that a customer who left early (and so had fewer chances to answer) does not make
    non-response look like a sign of leaving. Without dates: never answered vs answered, all customers."""
    study = project.saydo
    behaviour = project.tables.behaviour
    when = next((c for c in ("submitted_at", "created_at") if c in answers), None)
    times = answers[when].dropna().sort_values(ignore_index=True) if when else pd.Series(dtype="datetime64[ns, UTC]")
    midpoint = times.iloc[len(times) // 2] if len(times) else pd.NaT
    ids = behaviour[study.on].astype("string")
    left = behaviour["event"].astype("string") == study.outcome
    value = pd.to_numeric(behaviour["value"], errors="coerce").fillna(1)
    said = answers[study.on].astype("string")
    dated = "ts" in behaviour and behaviour.loc[left, "ts"].notna().any() and pd.notna(midpoint)
    if dated:
        gone_before = set(ids[left & (behaviour["ts"] < midpoint)])
        churned = set(ids[left & (behaviour["ts"] >= midpoint) & (value > 0)])
        said = said[answers[when] < midpoint]
        subject, did = f"Customers who had not answered the survey by {midpoint:%Y-%m-%d}", "afterwards"
    else:
        gone_before, churned = set(), set(ids[left & (value > 0)])
        subject, did = "Customers who never answered the survey", ""
    customers = set(ids.dropna()) - gone_before
    responded = set(said.dropna()) & customers
    silent = customers - responded
    result = two_proportions(len(silent & churned), len(silent), len(responded & churned), len(responded))
    sentence = sentences.difference(
        subject,
        f"{study.outcome} {did}".strip(),
        "than those who had" if dated else "than respondents",
        result.estimate,
        result.ci_low,
        result.ci_high,
        len(silent),
        len(responded),
    )
    return row(
        "nonresponse",
        "all",
        f"{len(silent):,} had not answered" if dated else f"{len(silent):,} never answered",
        f"{study.outcome} {did}".strip(),
        result,
        len(silent),
        len(responded),
        "silent leave more" if result.estimate > 0 else "silent leave less",
        sentence,
        min_base,
    )


def _unanswered_row(project) -> dict[str, object] | None:
    feedback = project.tables.feedback
    if "thread_id" not in feedback or (forum := forum_posts(feedback)).empty:
        return None
    threads = int(forum["thread_id"].nunique())
    silent = len(unanswered(forum))
    low, high = wilson(silent, threads)
    sentence = (
        f"{silent:,} of {threads:,} forum threads got no reply ({silent / threads:.1%}, 95 % CI {low:.1%} to "
        f"{high:.1%})."
    )
    out = row(
        "unanswered",
        "all",
        f"{threads:,} threads",
        f"{silent:,} without a reply",
        Comparison(silent / threads, low, high, math.nan),
        threads,
        None,
        "unanswered",
        sentence,
        1,
    )
    return {**out, "tested": False, "flagged": silent > 0}


def gap_register(project) -> pd.DataFrame:
    """The register of ``project`` (see the module docstring)."""
    study, min_base = project.saydo, project.min_base
    _need(study.score, "score")
    frame = people(project)
    answers = project.tables.source(study.survey)
    parts = []
    groups = [s for s in study.segments or [] if s in frame]
    for by in groups:
        parts.append(
            discordance(frame, by=by, say=study.score, do="left", satisfied=study.satisfied, min_base=min_base)
        )
    first = groups[0] if groups else None
    parts.append(quadrants(frame, say=study.score, do="left", by=first, say_at=study.satisfied, min_base=min_base))
    if study.intent:
        action = study.renewal or f"stay (no {study.outcome})"
        parts.append(
            intent_gaps(
                frame,
                intent=study.intent,
                did="stayed",
                by=first,
                yes=study.intent_yes,
                action=action if action != "renewal" else "renew",
                min_base=min_base,
            )
        )
    if study.drivers:
        labels = question_labels(project.tables.questions, study.survey)
        parts.append(
            importance_gaps(
                frame,
                drivers=study.drivers,
                importance=study.importance,
                outcome="left",
                labels=labels,
                min_base=min_base,
            )
        )
    texts = _texts(project)
    themes = [c for c in texts.columns if c not in ("customer_id", "channel", "created_at")]
    by_customer = _before_decision(frame, texts, study.on).groupby("customer_id")[themes].max()
    commenters = frame.merge(by_customer, left_on=study.on, right_index=True, how="inner")
    if len(commenters):
        parts.append(theme_lift(commenters, themes=themes, outcome="left", strata=first, min_base=min_base))
    rows = [*_channel_rows(texts, themes, min_base), *_drop_rows(texts, themes, min_base)]
    rows.append(_nonresponse_row(project, answers, min_base))
    if (silent := _unanswered_row(project)) is not None:
        rows.append(silent)
    parts.append(pd.DataFrame(rows))
    register = finalize(pd.concat(parts, ignore_index=True), fdr=study.fdr, owners=study.owners)
    register.attrs["voclab"] = {"match": frame.attrs.get("voclab", {}).get("match", {})}
    return register


#: Kinds whose rows compare one group with the rest (a unit report shows its own rows of these).
GROUP_KINDS = ("discordance", "intent_gap", "quadrant")


def for_unit(register: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    """The rows a unit's report shows: its own group rows (and the overall intent gap) plus every company-wide
    finding; the whole register when ``unit`` is empty."""
    if not unit:
        return register
    mine = register["group"].astype(str).isin([unit, "all"]) | ~register["kind"].isin(GROUP_KINDS)
    return register[mine].reset_index(drop=True)


def write_csv(register: pd.DataFrame, path: str | Path) -> Path:
    """The register as CSV at ``path``, written atomically, formula-like cells neutralised."""
    write_safe_csv(register, path)
    return Path(path)
