"""The demo company's ``voclab.toml``: every file as a source and the say–do study, ready for ``voclab gaps``.

>>> text = config_text()
>>> "[saydo]" in text and 'score = "Q1"' in text
True
"""

from __future__ import annotations

from voclab.config import MIN_BASE

__all__ = ["CONFIG", "SOURCES", "config_text", "study_text", "weighting_text"]

CONFIG = "voclab.toml"

#: The demo's sources: name, file under the demo folder, kind.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("relationship_survey", "surveys/relationship_qualtrics.csv", "qualtrics"),
    ("support_csat", "surveys/support_csat_surveymonkey.csv", "surveymonkey"),
    ("tickets", "tickets/zendesk_tickets.json", "zendesk"),
    ("forum", "forum/discourse_topics.json", "discourse"),
    ("x", "social/x_api_v2.json", "x-json"),
    ("reddit", "social/reddit.ndjson", "reddit"),
    ("app_reviews", "reviews/app_reviews.csv", "reviews"),
    ("customers", "behaviour/customers.csv", "behaviour"),
    ("events", "behaviour/events.csv", "behaviour"),
)

_STUDY = """\
# The say–do study: what customers say (the relationship survey) against what they do (churn, renewal).
[saydo]
survey = "relationship_survey"      # the survey source
score = "Q1"                        # its 0–10 recommend question
intent = "Q5"                       # stated intent to renew (1–5); 4 and 5 mean "will renew"
drivers = ["Q3_1", "Q3_2", "Q3_3", "Q3_4", "Q3_5", "Q3_6", "Q3_7"]        # satisfaction with each driver
importance = ["Q4_1", "Q4_2", "Q4_3", "Q4_4", "Q4_5", "Q4_6", "Q4_7"]     # stated importance, same order
customers = "customers"             # one row per customer
events = "events"                   # dated events
outcome = "churn"                   # the event meaning the customer left
renewal = "renewal"                 # the event meaning the customer stayed
window = ["0D", "365D"]             # behaviour counted in the year after each answer
segments = ["Segment"]              # groups compared
codebook = "{codebook}"   # the demo's themes
fdr = 0.05                          # false discovery rate of the register
"""


def study_text(codebook: str = "codebook.yaml") -> str:
    """The ``[saydo]`` section of the demo project (``codebook``: the demo codebook's path, as the config sees it)."""
    return _STUDY.format(codebook=codebook)


def weighting_text() -> str:
    """The ``[weighting.Segment]`` margins of the demo: each segment's share of the customer base."""
    from voclab.demo.spec import SEGMENTS

    shares = "".join(f'"{s.name}" = {s.share}\n' for s in SEGMENTS)
    return "# Survey answers are raked to these population margins (each segment's share of customers).\n" + (
        f"[weighting.Segment]\n{shares}\n"
    )


def config_text(prefix: str = "", codebook: str = "codebook.yaml") -> str:
    """The demo project's config; ``prefix`` is the demo folder relative to the config (empty: beside it)."""
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nfile = "{prefix}{file}"\nkind = "{kind}"\n\n' for name, file, kind in SOURCES
    )
    return (
        "# voclab project configuration — the demo company (synthetic). Paths are relative to this file.\n"
        'name = "Demo Co (synthetic)"\n'
        'segments = ["Segment", "Region"]   # reports are split by these\n\n'
        '[paths]\nraw = "."\nprocessed = "processed"\nquarantine = "quarantine"\ninterim = "interim"\n'
        'reports = "reports"\n\n'
        + sources
        + f'[reporting]\nmin_base = {MIN_BASE}          # groups with fewer answers show only "n<{MIN_BASE}"\n\n'
        + weighting_text()
        + study_text(codebook)
    )
