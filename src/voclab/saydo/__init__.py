"""Say–do: join what customers say to what they do, find the gaps, listen to the silence, route the findings.

>>> from voclab import saydo
>>> saydo.route("billing errors")
'Billing & finance'
"""

from voclab.saydo.findings import DEFAULT_OWNERS, action_check, register, route
from voclab.saydo.gaps import intent_vs_action, outcome_by_flag, satisfied_leavers
from voclab.saydo.link import attributes, link, outcomes
from voclab.saydo.rfm import rfm
from voclab.saydo.silence import channel_gaps, nonresponse, sudden_drops, unanswered

__all__ = [
    "DEFAULT_OWNERS",
    "action_check",
    "attributes",
    "channel_gaps",
    "intent_vs_action",
    "link",
    "nonresponse",
    "outcome_by_flag",
    "outcomes",
    "register",
    "rfm",
    "route",
    "satisfied_leavers",
    "sudden_drops",
    "unanswered",
]
