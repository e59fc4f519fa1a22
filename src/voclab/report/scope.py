"""What one report covers — the whole company or one unit — and, for each section, its data or the one sentence
saying what is missing and how to add it. The report notebook opens a :class:`Scope` and shows a section only
when its data is there, so a project with only texts, or only a survey, still gets a report (never a traceback).

>>> scope = report_scope(open_project("voclab.toml"), "Segment", "SMB")  # doctest: +SKIP
>>> scope.label, len(scope.responses), scope.missing.get("texts")  # doctest: +SKIP
('Segment SMB', 1234, None)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from voclab.exceptions import ParameterError
from voclab.survey.tracking import calendar_quarters

__all__ = ["MISSING", "Scope", "report_scope"]

#: The sentence each section shows when its data is missing: what to add, and where.
MISSING = {
    "survey": "No survey scores: name the survey and its 0–10 recommend question in [saydo] (survey, score) of "
    "voclab.toml — `voclab init` proposes them from your exports.",
    "texts": "No customer texts: add a review, ticket, forum or social export to [[sources]] in voclab.toml.",
    "customers": "No customer file: add one (one row per customer, with their segment) to [[sources]] and name it "
    "in [saydo] customers, to split reports by unit and compare what customers say with what they do.",
    "drivers": "No driver questions: list the satisfaction grid in [saydo] drivers (and importance) to see which "
    "experiences move the score.",
}


@dataclass
class Scope:
    """One report's data. ``label`` says what it covers; ``survey`` holds every answer (weighted: a ``weight``
    column, and a ``period`` column — the given period column, else the calendar quarter of ``submitted_at``)
    and ``responses`` the unit's; ``texts`` the scored texts of the unit and ``all_texts`` the company's;
    ``missing`` maps a section (``survey``, ``texts``, ``customers``, ``drivers``) to the sentence it shows
    instead. Absent data is ``None``."""

    project: object
    column: str
    value: str
    label: str
    outcome: str | None = None
    survey: pd.DataFrame | None = None
    responses: pd.DataFrame | None = None
    all_texts: pd.DataFrame | None = None
    texts: pd.DataFrame | None = None
    drivers: list[str] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)

    def gaps(self) -> pd.DataFrame | None:
        """The unit's rows of the project's gap register (:func:`voclab.saydo.for_unit`), or ``None`` with
        ``missing["gaps"]`` saying why the project cannot build one (no ``[saydo]`` study, no customer file…)."""
        from voclab.report.landing import or_reason
        from voclab.saydo import for_unit, gap_register

        register = or_reason(gap_register, self.project, lead="No say–do gaps")
        if isinstance(register, str):
            self.missing["gaps"] = register
            return None
        return for_unit(register, self.value)


def _customers(project, column: str, value: str) -> pd.Index | None:
    """The ids of the unit's customers; ``None`` for the whole company."""
    from voclab.saydo import attributes, members

    if not value:
        return None
    if not project.tables.has("behaviour"):
        raise ParameterError(f"cannot cut a report by {column}: the project has no customer file", hint="add one")
    return members(attributes(project.tables.behaviour, [column]), column, value)


def _survey(project, source: str, period: str) -> pd.DataFrame:
    answers = project.weighted(project.tables.source(source))
    if period and period in answers:
        answers["period"] = answers[period].astype("string")
    elif "submitted_at" in answers and answers["submitted_at"].notna().any():
        answers["period"] = calendar_quarters(answers["submitted_at"])
    else:
        raise ParameterError(f"survey {source!r} has no period column and no answer dates", hint="pass period=COLUMN")
    return answers


def report_scope(
    project,
    column: str = "",
    value: str = "",
    *,
    survey_source: str = "",
    outcome: str = "",
    period: str = "",
    interim: str | None = None,
) -> Scope:
    """The :class:`Scope` of the report on ``column`` = ``value`` (empty ``value``: the whole company).
    ``survey_source`` and ``outcome`` default to ``[saydo] survey`` and ``score``; ``period`` to the calendar
    quarter of each answer. An unknown unit is a :class:`~voclab.exceptions.ParameterError` listing the units."""
    from voclab.workspace import scored_texts

    study = project.saydo
    scope = Scope(project, column, value, f"{column} {value}" if value else "the whole company")
    in_unit = _customers(project, column, value)
    source, scope.outcome = survey_source or study.survey, outcome or study.score
    if source and scope.outcome:
        scope.survey = _survey(project, source, period)
        unit = scope.survey["customer_id"].isin(in_unit) if in_unit is not None else slice(None)
        scope.responses = scope.survey[unit]
        scope.drivers = [d for d in study.drivers or [] if d in scope.survey]
        if scope.responses.empty:
            scope.missing["survey"] = f"No survey answers from {scope.label}."
    else:
        scope.missing["survey"] = MISSING["survey"]
    if not scope.drivers:
        scope.missing["drivers"] = MISSING["drivers"]
    if project.tables.has("feedback") or project.tables.has("questions"):
        scope.all_texts = scored_texts(project.tables, interim or project.config.paths.interim)
        keep = scope.all_texts["customer_id"].isin(in_unit) if in_unit is not None else slice(None)
        scope.texts = scope.all_texts[keep]
    if scope.all_texts is None or scope.all_texts.empty:
        scope.missing["texts"] = MISSING["texts"]
    if not project.tables.has("behaviour"):
        scope.missing["customers"] = MISSING["customers"]
    return scope
