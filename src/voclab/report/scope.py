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
    instead; ``segment`` is the first ``[saydo] segments`` column the survey answers carry (asked in the survey
    or joined from the customer file). Absent data is ``None``."""

    project: object
    column: str
    value: str
    label: str
    source: str | None = None
    outcome: str | None = None
    survey: pd.DataFrame | None = None
    responses: pd.DataFrame | None = None
    all_texts: pd.DataFrame | None = None
    texts: pd.DataFrame | None = None
    drivers: list[str] = field(default_factory=list)
    segment: str | None = None
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def _respondent(self) -> list[str]:
        """What comments carry of their respondent: id, outcome and segment (when there is one)."""
        return ["respondent_id", self.outcome, *([self.segment] if self.segment else [])]

    def comments(self) -> pd.DataFrame:
        """The unit's answers to the survey's open questions, one row per comment (the scored text columns of
        ``texts``) with the respondent's ``respondent_id``, outcome and segment (when there is one)."""
        said = self.texts[(self.texts["channel"] == "survey") & (self.texts["source"] == self.source)]
        return self.responses[self._respondent].merge(said, left_on="respondent_id", right_on="id")

    def commented(self, themes: list[str]) -> pd.DataFrame:
        """One row per respondent who commented: ``respondent_id``, the outcome, the segment and one 0/1 column per
        theme of ``themes`` (1 when any of their comments carries it) — the input of
        :func:`voclab.text.theme_impact`."""
        return self.comments().groupby(self._respondent, dropna=False)[themes].max().astype(int).reset_index()

    def commented_aspects(self, themes: list[str]) -> pd.DataFrame:
        """How each respondent of :meth:`commented` felt about each theme they wrote about, from the sentences
        about it (:meth:`voclab.project.Project.aspects`, averaged over their comments): ``row`` (the row of
        :meth:`commented`), ``theme``, ``compound``, ``label`` — the ``aspects`` of
        :func:`voclab.text.theme_impact`."""
        from voclab.text.sentiment import label

        said = self.texts[(self.texts["channel"] == "survey") & (self.texts["source"] == self.source)]
        aspects = self.project.aspects()
        aspects = aspects[aspects["row"].isin(said.index) & aspects["theme"].isin(themes)]
        commented = self.commented(themes)
        row_of = pd.Series(commented.index, index=commented["respondent_id"].to_numpy())
        respondent = said.loc[aspects["row"], "id"].to_numpy()
        mine = aspects.assign(row=row_of.reindex(respondent).to_numpy()).dropna(subset=["row"])
        out = mine.groupby(["row", "theme"], as_index=False)["compound"].mean()
        tone = label(out["compound"], self.project.config.text.sentiment)
        return out.assign(row=out["row"].astype(int), label=tone.astype(str))

    def trend(self, **options: object) -> pd.DataFrame:
        """The unit's score per period (:func:`voclab.survey.tracking` of ``outcome``, weighted, ``options`` such
        as ``targets`` and ``benchmarks``). In a unit report, a period where another unit is below the minimum
        base may withhold this unit's score too (complementary suppression, computed over every unit of
        ``column``): the company's score shown beside it and the other units' would otherwise give the small
        one back."""
        from voclab import survey
        from voclab.saydo import attributes

        settings = {"weights": "weight", "min_base": self.project.min_base, **options}
        if not self.value:
            return survey.tracking(self.responses, self.outcome, "period", **settings)
        units = self.survey["customer_id"].map(attributes(self.project.tables.behaviour, [self.column])[self.column])
        everyone = self.survey.assign(_unit=units.astype("string"))
        rows = survey.tracking(
            everyone[units.notna()], self.outcome, "period", by="_unit", complementary=True, **settings
        )
        mine = rows[rows["_unit"] == self.value].drop(columns="_unit").reset_index(drop=True)
        mine.attrs = rows.attrs
        return mine

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
    answers = project.survey_answers(source)
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
) -> Scope:
    """The :class:`Scope` of the report on ``column`` = ``value`` (empty ``value``: the whole company).
    ``survey_source`` and ``outcome`` default to ``[saydo] survey`` and ``score``; ``period`` to the calendar
    quarter of each answer. An unknown unit is a :class:`~voclab.exceptions.ParameterError` listing the units."""
    study = project.saydo
    scope = Scope(project, column, value, f"{column} {value}" if value else "the whole company")
    in_unit = _customers(project, column, value)
    scope.source, scope.outcome = survey_source or study.survey, outcome or study.score
    if scope.source and scope.outcome:
        scope.survey = _survey(project, scope.source, period)
        unit = scope.survey["customer_id"].isin(in_unit) if in_unit is not None else slice(None)
        scope.responses = scope.survey[unit]
        scope.drivers = [d for d in study.drivers or [] if d in scope.survey]
        scope.segment = next((s for s in study.segments or [] if s in scope.survey), None)
        if scope.responses.empty:
            scope.missing["survey"] = f"No survey answers from {scope.label}."
    else:
        scope.missing["survey"] = MISSING["survey"]
    if not scope.drivers:
        scope.missing["drivers"] = MISSING["drivers"]
    texts = project.texts()
    if texts.empty:
        scope.missing["texts"] = MISSING["texts"]
    else:
        scope.all_texts = texts
        scope.texts = texts[texts["customer_id"].isin(in_unit)] if in_unit is not None else texts
        if scope.texts.empty:
            scope.missing["texts"] = f"No customer texts from {scope.label}."
    if not project.tables.has("behaviour"):
        scope.missing["customers"] = MISSING["customers"]
    return scope
