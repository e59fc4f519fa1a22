"""Survey statistics: scores with intervals, weighting, banner tables, suppression, drivers and tracking.

Every function takes a DataFrame and column names and returns a tidy DataFrame (or a :class:`Crosstab`);
the docstrings name the method and its reference.

>>> import pandas as pd
>>> from voclab import survey
>>> survey.nps(pd.DataFrame({"q": [10, 9, 7, 3]}), "q").nps.item()
25.0
"""

from voclab.survey.crosstab import DEFAULT_MISSING, Crosstab, column_letters, crosstab
from voclab.survey.drivers import importance_performance, relative_weights, shapley_r2
from voclab.survey.metrics import MIN_BASE, NPS_GROUPS, ces, csat, mean_score, nps, nps_bootstrap, nps_group
from voclab.survey.questions import question_labels
from voclab.survey.suppress import low_base_marker, suppress, suppression_mask, withhold, withhold_parts
from voclab.survey.themes import attach_themes
from voclab.survey.tracking import calendar_quarters, difference_test, tracking
from voclab.survey.weights import RakeResult, rake, rake_report, sample_mix

__all__ = [
    "DEFAULT_MISSING",
    "MIN_BASE",
    "NPS_GROUPS",
    "Crosstab",
    "RakeResult",
    "attach_themes",
    "calendar_quarters",
    "ces",
    "column_letters",
    "crosstab",
    "csat",
    "difference_test",
    "importance_performance",
    "low_base_marker",
    "mean_score",
    "nps",
    "nps_bootstrap",
    "nps_group",
    "question_labels",
    "rake",
    "rake_report",
    "relative_weights",
    "sample_mix",
    "shapley_r2",
    "suppress",
    "suppression_mask",
    "tracking",
    "withhold",
    "withhold_parts",
]
