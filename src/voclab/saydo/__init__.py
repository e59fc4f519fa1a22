"""Say–do: join what customers say to what they do, test the gaps, listen to the silence, route the findings.

The register of a project — every hypothesis ``voclab.toml`` allows, FDR-controlled — is one call
(:func:`gap_register`, also ``voclab gaps``); the pieces are public for notebooks and other projects:
:func:`link` (as-of join with a match report), :mod:`~voclab.saydo.hypotheses` (discordance, intent gaps,
quadrants, importance gaps, theme lift), :mod:`~voclab.saydo.silence` (non-response, channel gaps, sudden drops,
unanswered threads), :func:`rfm` (customer outcomes from a transaction log).

>>> from voclab import saydo
>>> saydo.route("billing errors")
'Billing & finance'
"""

from voclab.saydo.findings import DEFAULT_OWNERS, action_check, route
from voclab.saydo.hypotheses import (
    discordance,
    importance_gaps,
    intent_calibration,
    intent_gaps,
    quadrants,
    theme_lift,
)
from voclab.saydo.link import attributes, link, match_report, members, outcomes
from voclab.saydo.register import REGISTER_COLUMNS, finalize, for_unit, gap_register, people, write_csv
from voclab.saydo.rfm import rfm
from voclab.saydo.silence import channel_gaps, forum_posts, nonresponse, sudden_drops, unanswered
from voclab.saydo.timeline import timeline

__all__ = [
    "DEFAULT_OWNERS",
    "REGISTER_COLUMNS",
    "action_check",
    "attributes",
    "channel_gaps",
    "discordance",
    "finalize",
    "for_unit",
    "forum_posts",
    "gap_register",
    "importance_gaps",
    "intent_calibration",
    "intent_gaps",
    "link",
    "match_report",
    "members",
    "nonresponse",
    "outcomes",
    "people",
    "quadrants",
    "rfm",
    "route",
    "sudden_drops",
    "theme_lift",
    "timeline",
    "unanswered",
    "write_csv",
]
