"""One customer's story in time order: every answer, text and event across the project's sources.

>>> saydo.timeline(open_project("voclab.toml"), "1000042")  # doctest: +SKIP
"""

from __future__ import annotations

import pandas as pd

from voclab.exceptions import ParameterError

__all__ = ["timeline"]


def timeline(project, customer_id: str) -> pd.DataFrame:
    """Every touchpoint of ``customer_id`` in ``project`` (or its ``Tables``), oldest first. Columns: ``ts``,
    ``source``, ``kind`` (``answer``, the feedback channel, or ``event``), ``what`` (event name, question
    answered, or the text's first 200 characters), ``value``."""
    tables = getattr(project, "tables", project)
    key = str(customer_id)
    parts = []
    feedback = tables.feedback
    mine = feedback[feedback["customer_id"].astype("string") == key]
    parts.append(
        pd.DataFrame(
            {
                "ts": mine["created_at"],
                "source": mine["source"].astype("string"),
                "kind": mine["channel"].astype("string"),
                "what": mine["text"].astype("string").str.slice(0, 200),
                "value": mine["rating"],
            }
        )
    )
    questions = tables.questions
    for source in questions["source"].astype("string").dropna().unique():
        answers = tables.source(str(source))
        rows = answers[answers["customer_id"].astype("string") == key]
        if len(rows):
            parts.append(
                pd.DataFrame(
                    {
                        "ts": rows["submitted_at"],
                        "source": source,
                        "kind": "answer",
                        "what": "survey response " + rows["respondent_id"].astype("string"),
                        "value": pd.NA,
                    }
                )
            )
    behaviour = tables.behaviour
    events = behaviour[behaviour["customer_id"].astype("string") == key]
    parts.append(
        pd.DataFrame(
            {
                "ts": events["ts"],
                "source": events["source"].astype("string"),
                "kind": "event",
                "what": events["event"].astype("string"),
                "value": events["value"].astype("Float64"),
            }
        )
    )
    out = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else None
    if out is None:
        raise ParameterError(f"no touchpoint of customer {key!r}", hint="check the id (ids match exactly)")
    return out.sort_values("ts", kind="stable", na_position="first", ignore_index=True)
