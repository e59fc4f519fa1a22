"""Report blocks: what a reader sees in a table."""

from __future__ import annotations

import pandas as pd

from voclab.report.blocks import table


def test_missing_values_are_empty_cells_never_a_literal_na():
    frame = pd.DataFrame(
        {
            "text": pd.array(["x", None], dtype="string"),
            "share": [0.12345, None],
            "n": pd.array([3, None], dtype="Int64"),
            "group": pd.Series(["a", None], dtype="category"),
            "when": pd.to_datetime(["2025-01-01", None]),
        }
    )
    page = table(frame, decimals=2).data.split("<script>")[0]
    assert "NA" not in page and "NaN" not in page and "NaT" not in page and "None" not in page
    assert "<td>0.12</td>" in page and page.count("<td></td>") == 5
