"""A voclab project: ``voclab.toml`` and the tables it describes, ingested — what notebooks, reports and
``voclab gaps`` start from.

>>> project = open_project("voclab.toml")  # doctest: +SKIP
>>> project.tables.feedback.channel.value_counts()  # doctest: +SKIP
>>> project.saydo.survey, project.min_base  # doctest: +SKIP
('relationship_survey', 30)

:func:`open_project` ingests the sources that are new or changed (a no-op otherwise) and never generates data:
a missing source file is an error naming it and its ``[[sources]]`` entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from voclab.config import Config, Saydo
from voclab.config import load as load_config
from voclab.exceptions import ConfigError
from voclab.ingest.store import config_specs, ingest
from voclab.workspace import Tables

if TYPE_CHECKING:
    from voclab.text import Codebook

__all__ = ["Project", "open_project"]


@dataclass(frozen=True)
class Project:
    """The config (``config``: sources, segments, the study, reporting), its folder (``root``) and the ingested
    ``tables``."""

    config: Config
    tables: Tables

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def saydo(self) -> Saydo:
        """The ``[saydo]`` study, with ``segments`` defaulting to the top-level ``segments``."""
        study = self.config.saydo
        return study if study.segments is not None else study.model_copy(update={"segments": self.config.segments})

    @property
    def min_base(self) -> int:
        return self.config.reporting.min_base

    def weighted(self, responses: pd.DataFrame) -> pd.DataFrame:
        """``responses`` with a ``weight`` column: raked (mean 1; :func:`voclab.survey.rake`) to the
        ``[weighting.<column>]`` margins of voclab.toml, or 1 for everyone when it has none. Subsets keep their
        rows' weights (weights are computed once, for the whole survey). ``attrs["voclab"]["weighting"]`` says
        which in one sentence, for the report.

        >>> survey = project.weighted(project.tables.source("relationship_survey"))  # doctest: +SKIP
        >>> survey.nps(survey, "Q1", weights="weight")  # doctest: +SKIP
        """
        from voclab.survey import rake

        out = responses.copy()
        margins = self.config.weighting
        if not margins:
            out["weight"] = 1.0
            note = "Unweighted: voclab.toml has no [weighting] margins."
        else:
            missing = [column for column in margins if column not in out]
            if missing:
                raise ConfigError(
                    f"[weighting.{missing[0]}]: the survey has no column {missing[0]!r}",
                    hint=f"weight by a column of the survey ({', '.join(map(str, out.columns[:12]))}, ...)",
                )
            weights = rake(out, margins)
            out["weight"] = weights.to_numpy()
            note = (
                f"Weighted to the [weighting] margins of {', '.join(margins)} by raking; "
                f"{weights.attrs['rake']['summary']}."
            )
        out.attrs["voclab"] = {**out.attrs.get("voclab", {}), "weighting": note}
        return out

    def survey_answers(self, source: str) -> pd.DataFrame:
        """The answers of survey ``source`` with the customer file's segments (``[saydo] segments`` the survey
        does not ask, joined on ``customer_id``) and a ``weight`` column (:meth:`weighted`, so margins may name
        a segment from the customer file).

        >>> answers = project.survey_answers("nps_survey")  # doctest: +SKIP
        >>> answers.groupby("Contract").weight.sum()  # doctest: +SKIP
        """
        from voclab.saydo import attributes

        answers = self.tables.source(source)
        wanted = [s for s in self.saydo.segments or [] if s not in answers]
        if wanted and self.tables.has("behaviour") and "customer_id" in answers:
            profile = attributes(self.tables.behaviour, wanted).dropna(axis=1, how="all")
            answers = answers.merge(profile, left_on="customer_id", right_index=True, how="left")
        return self.weighted(answers)

    def codebook(self) -> Codebook:
        """The project's codebook: ``[saydo] codebook`` (a YAML or CSV file, or a starter's name such as
        ``"travel"``), else the general starter codebook."""
        from voclab.text import resolve_codebook

        return resolve_codebook(self.saydo.codebook)

    @property
    def _scoring(self) -> dict[str, object]:
        """``[text]`` as the options of :func:`voclab.text.sentiment` (``method``, ``brands``, ``lexicon``)."""
        text = self.config.text
        return {"method": text.sentiment, "brands": tuple(text.brands), "lexicon": text.lexicon}

    @property
    def _has_texts(self) -> bool:
        """Whether the project has feedback or open survey answers to score."""
        return self.tables.has("feedback") or self.tables.has("questions")

    def texts(self, *, lazy: bool = False) -> pd.DataFrame:
        """Every text of the project — feedback and open survey answers — redacted, scored for sentiment as
        ``[text]`` says and coded with :meth:`codebook` (:func:`voclab.text.analyze`), cached in the interim folder
        until the data, the codebook or the scoring change; empty (no rows) when the project has no texts.

        ``lazy=True``: the same texts as a lazy Dask DataFrame scored out of core on the Dask engine of
        ``[compute]`` (:func:`voclab.workspace.scored_dataset`) — for archives larger than memory; aggregate it
        (:func:`voclab.text.net_sentiment`, :func:`voclab.text.theme_counts`) and only the totals come back.

        >>> project.texts().label.value_counts()  # doctest: +SKIP
        >>> text.net_sentiment(project.texts(lazy=True), by="channel")  # doctest: +SKIP
        """
        from voclab.workspace import TEXT_COLUMNS, scored_dataset, scored_texts

        scoring = {"codebook": self.codebook(), "compute": self.config.compute, **self._scoring}
        if lazy:  # empty when there is nothing to score, with no cluster started
            return scored_dataset(self.tables, self.config.paths.interim, **scoring)
        if not self._has_texts:
            return pd.DataFrame(columns=TEXT_COLUMNS)
        return scored_texts(self.tables, self.config.paths.interim, **scoring)

    def aspects(self) -> pd.DataFrame:
        """How each of :meth:`texts` feels about each theme it mentions, from the sentences about it
        (:func:`voclab.text.aspect_sentiment`, scored as ``[text]`` says; ``row`` is the index of :meth:`texts`):
        pass it to :func:`voclab.text.theme_summary` as ``aspects``. Cached beside :meth:`texts`."""
        from voclab.text.aspects import ASPECT_COLUMNS
        from voclab.workspace import scored_aspects

        if not self._has_texts:
            return pd.DataFrame(columns=ASPECT_COLUMNS)
        return scored_aspects(
            self.tables, self.config.paths.interim, self.codebook(), compute=self.config.compute, **self._scoring
        )

    def source_file(self, name: str) -> Path:
        """The file of the ``[[sources]]`` entry called ``name``."""
        for source in self.config.sources:
            if (source.name or Path(source.file).stem) == name:
                return Path(source.file)
        names = [s.name or Path(s.file).stem for s in self.config.sources]
        raise ConfigError(f"no source {name!r} in voclab.toml", hint=f"sources: {', '.join(names)}")


def open_project(config_path: str | Path | None = None, *, progress=None) -> Project:
    """The project of ``config_path`` (default: the nearest ``voclab.toml`` upwards), its sources ingested."""
    config = load_config(config_path)
    missing = [s for s in config.sources if not Path(s.file).is_file()]
    if missing:
        name = missing[0].name or Path(missing[0].file).stem
        raise ConfigError(
            f"source file not found: {missing[0].file}",
            hint=f"fix the file of [[sources]] {name!r} in voclab.toml (or `voclab demo-data DIR` for the demo)",
        )
    summary = ingest(
        config_specs(config),
        config.paths.processed,
        config.paths.quarantine,
        progress,
        limits=config.limits,
        compute=config.compute,
    )
    return Project(config, Tables(config.paths.processed, summary))
