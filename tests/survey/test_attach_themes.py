"""Theme codes joined to respondents."""

from __future__ import annotations

import pandas as pd
import pytest

from voclab import ParameterError
from voclab.survey import attach_themes, crosstab


def test_long_and_wide_codes_give_the_same_columns():
    responses = pd.DataFrame({"respondent_id": ["r1", "r2", "r3", "r4"], "seg": list("aabb")})
    long = pd.DataFrame({"id": ["r1", "r2", "r2", "r3"], "theme": ["price", "price", "support", "price"]})
    wide = pd.DataFrame({"id": ["r1", "r2", "r3"], "price": [1, 1, 1], "support": [0, 1, 0]})
    a = attach_themes(responses, long)
    b = attach_themes(responses, wide, theme=None)
    pd.testing.assert_frame_equal(a, b)
    assert a["theme: support"].tolist()[:3] == [0, 1, 0] and pd.isna(a["theme: support"].iloc[3])
    coded = attach_themes(responses, long, coded_ids=["r1", "r2", "r3", "r4"])
    assert coded["theme: price"].tolist() == [1, 1, 1, 0]
    table = crosstab(coded, ["theme: price", "theme: support"], "seg", min_base=1)
    assert table.percent.loc["theme: price"].tolist() == [1.0, 0.5]


def test_clashing_columns_are_an_error():
    responses = pd.DataFrame({"respondent_id": ["r1"], "theme: price": [1]})
    with pytest.raises(ParameterError, match="already in the responses"):
        attach_themes(responses, pd.DataFrame({"id": ["r1"], "theme": ["price"]}))
