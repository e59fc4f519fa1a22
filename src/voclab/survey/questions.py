"""Question labels for charts and tables, from the question catalogue of one survey source.

Question ids repeat across surveys (two exports can both have a ``Q3_1``), so labels are always taken from one
source's catalogue. A grid question's text is ``stem - item``; its label is the item.

>>> import pandas as pd
>>> catalogue = pd.DataFrame({"source": ["a", "a", "b"], "question_id": ["Q1", "Q3_1", "Q3_1"],
...     "text": ["How likely…?", "How satisfied are you with… - Price / value", "Wait time"]})
>>> question_labels(catalogue, "a")
{'Q1': 'How likely…?', 'Q3_1': 'Price / value'}
"""

from __future__ import annotations

import pandas as pd

__all__ = ["question_labels"]


def question_labels(questions: pd.DataFrame, source: str) -> dict[str, str]:
    """``question_id → label`` for the questions of ``source`` (the item of a grid question, else its text;
    the id when the export has no text)."""
    mine = questions[questions["source"].astype("string") == source]
    text = mine["text"].astype("string").fillna(mine["question_id"].astype("string"))
    return dict(zip(mine["question_id"].astype(str), text.str.split(" - ").str[-1].astype(str), strict=True))
