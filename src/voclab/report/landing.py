"""The index page of a report run: a landing page, not a list of files.

It shows, for the whole company and each unit, the latest quarter's NPS of the ``[saydo]`` survey (weighted
as ``[weighting]`` says, "n<30" below the minimum base) with its interval and the change since the quarter
before (an arrow only when the change is significant at 95 %); the top flagged say–do gaps with their owner;
and every report by audience, with the failures and where their executed notebooks are. Whatever the project
cannot provide (no survey, no ``[saydo]`` study) is one sentence saying what to add.

>>> rows = headlines(open_project("voclab.toml"), "Segment")  # doctest: +SKIP
>>> rows[["unit", "period", "value", "ci_low", "ci_high", "n", "change", "significant"]]  # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from voclab.config import MIN_BASE
from voclab.exceptions import VoclabError

__all__ = ["HEADLINE_COLUMNS", "headlines", "index_page", "or_reason", "top_gaps"]

#: Columns of :func:`headlines` (``unit`` is empty for the whole company).
HEADLINE_COLUMNS = [
    "unit", "period", "value", "ci_low", "ci_high", "n", "low_base", "complementary", "change", "significant",
    "sentence",
]  # fmt: skip


def headlines(project, by: str | None) -> pd.DataFrame:
    """Latest-quarter NPS of the ``[saydo]`` survey's ``score`` for the whole company (``unit`` "") and per
    value of the customer attribute ``by`` (none: the company only), from :func:`voclab.survey.tracking` on
    calendar quarters of ``submitted_at`` (the change is against the quarter before, Rocks' two-sample NPS
    test). When one unit is below the minimum base, the smallest other unit is withheld too (complementary
    suppression: the company's score and the others' would give it back). Raises
    :class:`~voclab.exceptions.ConfigError` when ``[saydo]`` names no survey or score."""
    from voclab import saydo, survey
    from voclab.exceptions import ConfigError

    study = project.saydo
    if not study.survey or not study.score:
        raise ConfigError("[saydo] names no survey and score", hint="add survey and score to [saydo] in voclab.toml")
    responses = project.survey_answers(study.survey)  # as the reports weight it
    if "submitted_at" not in responses or responses["submitted_at"].isna().all():
        raise ConfigError(f"survey {study.survey!r} has no answer dates", hint="map submitted_at to its date column")
    dated = responses[responses["submitted_at"].notna()].copy()
    dated["quarter"] = survey.calendar_quarters(dated["submitted_at"])
    options = {"weights": "weight", "min_base": project.min_base}
    company = survey.tracking(dated, study.score, "quarter", **options).tail(1).assign(unit="")
    parts = [company]
    if by:
        profile = saydo.attributes(project.tables.behaviour, [by])
        dated = dated.merge(profile, left_on="customer_id", right_index=True, how="left", suffixes=("_survey", ""))
        units = survey.tracking(dated[dated[by].notna()], study.score, "quarter", by=by, complementary=True, **options)
        parts.append(units[units["period"] == company["period"].item()].rename(columns={by: "unit"}))
    latest = pd.concat(parts).sort_values("unit", kind="stable")
    return latest[HEADLINE_COLUMNS].reset_index(drop=True)


def top_gaps(project, top: int = 5) -> pd.DataFrame:
    """The ``top`` flagged rows of :func:`voclab.saydo.gap_register` (``sentence``, ``owner``, ``q_value``)."""
    from voclab.saydo import gap_register

    register = gap_register(project)
    return register[register["flagged"]].head(top)[["sentence", "owner", "q_value"]].reset_index(drop=True)


def _arrow(row: pd.Series) -> str:
    if pd.isna(row["change"]):
        return "—"
    if not row["significant"]:
        return f"{row['change']:+.0f} (not significant)"
    return f"{'▲' if row['change'] > 0 else '▼'} {row['change']:+.0f}"


def _headline_table(rows: pd.DataFrame, links: dict[str, list[tuple[str, str]]], min_base: int) -> str:
    body = []
    for _, row in rows.iterrows():
        name = row["unit"] or "whole company"
        reports = " · ".join(
            f'<a href="{html.escape(href)}">{html.escape(a)}</a>' for a, href in links.get(row["unit"], [])
        )
        low = bool(row["low_base"])
        cells = [
            html.escape(name),
            html.escape(str(row["period"])),
            ("withheld" if row["complementary"] else f"n<{min_base}") if low else f"{row['value']:.0f}",
            "" if low else f"{row['ci_low']:.0f} to {row['ci_high']:.0f}",
            f"{int(row['n']):,}",
            "" if low else html.escape(_arrow(row)),
            reports,
        ]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("", "quarter", "NPS", "95 % CI", "n", "vs quarter before", "reports"))
    return f'<table class="headline"><tr>{head}</tr>{"".join(body)}</table>'


def index_page(
    title: str,
    by: str,
    reports: Sequence[tuple[str, str, str, str]],
    *,
    headline: pd.DataFrame | str,
    gaps: pd.DataFrame | str,
    min_base: int = MIN_BASE,
) -> str:
    """The landing page: ``reports`` are ``(audience, unit, href or "", status)``; ``headline`` is
    :func:`headlines` (or the sentence saying why there is none), ``gaps`` :func:`top_gaps` (or a sentence)."""
    links: dict[str, list[tuple[str, str]]] = {}
    for audience, unit, href, _ in reports:
        if href:
            links.setdefault(unit, []).append((audience, href))
    if isinstance(headline, str):
        scores = f"<p>{html.escape(headline)}</p>"
    else:
        scores = _headline_table(headline, links, min_base)
    if isinstance(gaps, str):
        found = f"<p>{html.escape(gaps)}</p>"
    elif gaps.empty:
        found = "<p>No say–do gap is flagged at the project's false discovery rate.</p>"
    else:
        items = "".join(
            f"<li>{html.escape(r.sentence)} <span class=note>({html.escape(str(r.owner))})</span></li>"
            for r in gaps.itertuples()
        )
        found = f"<ol>{items}</ol>"
    failed = [r for r in reports if r[3].startswith("FAILED")]
    rows = "".join(
        "<tr>"
        + f"<td>{html.escape(audience)}</td>"
        + (
            f'<td><a href="{html.escape(href)}">{html.escape(unit or "whole company")}</a></td>'
            if href
            else f"<td>{html.escape(unit or 'whole company')}</td>"
        )
        + f"<td>{html.escape(status)}</td></tr>"
        for audience, unit, href, status in reports
    )
    warning = f'<p class="failed">{len(failed)} report(s) failed: see the list below.</p>' if failed else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        f"<title>{html.escape(title)} — reports</title><style>"
        "body{font-family:Inter,Segoe UI,Helvetica,Arial,sans-serif;max-width:960px;margin:2rem auto;color:#222}"
        "td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}.note{color:#666}"
        ".failed{color:#b00020;font-weight:600}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>{warning}"
        f"<h2>Headline</h2>{scores}<h2>Top say–do gaps</h2>{found}"
        f"<h2>Reports by {html.escape(by)}</h2>"
        f'<table class="reports"><tr><th>audience</th><th>unit</th><th>status</th></tr>{rows}</table>'
        "</body></html>"
    )


def or_reason(compute, *args, lead: str = "Not shown") -> pd.DataFrame | str:
    """``compute(*args)``, or the one sentence saying why it cannot be shown (``lead``: the reason, from a
    :class:`VoclabError`)."""
    try:
        return compute(*args)
    except VoclabError as exc:
        return f"{lead}: {exc}"
