"""The landing page's numbers, checked against a computation by hand, and what it says when data is missing."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.testing import assert_allclose

from voclab.project import open_project
from voclab.report.landing import headlines, index_page, or_reason, top_gaps


def _nps_by_hand(frame: pd.DataFrame) -> float:
    score = pd.to_numeric(frame["Q1"])
    return 100 * np.average((score >= 9).astype(float) - (score <= 6), weights=frame["weight"])


def test_headlines_are_the_weighted_nps_of_the_latest_quarter(project):
    opened = open_project(project)
    rows = headlines(opened, "Segment").set_index("unit")
    assert list(rows.index) == ["", "Consumer", "Enterprise", "Mid-market", "SMB"]
    survey = opened.weighted(opened.tables.source("relationship_survey"))
    quarter = survey["submitted_at"].dt.tz_localize(None).dt.to_period("Q").astype(str)
    latest = survey[quarter == "2025Q4"]
    assert (rows["period"] == "2025Q4").all()
    assert_allclose(rows.at["", "value"], _nps_by_hand(latest))
    assert_allclose(rows.at["SMB", "value"], _nps_by_hand(latest[latest["Segment"] == "SMB"]))
    previous = survey[quarter == "2025Q3"]
    assert_allclose(rows.at["", "change"], _nps_by_hand(latest) - _nps_by_hand(previous))
    assert rows.at["", "n"] == len(latest)


def test_the_landing_page_says_what_is_missing_instead_of_failing(project, tmp_path):
    config = tmp_path / "voclab.toml"
    config.write_text(project.read_text().replace('survey = "relationship_survey"', ""))
    bare = open_project(config)
    headline, gaps = or_reason(headlines, bare, "Segment"), or_reason(top_gaps, bare)
    assert headline.startswith("Not shown: [saydo] names no survey") and gaps.startswith("Not shown: [saydo]")
    page = index_page(
        "Co",
        "Segment",
        [("executive", "", "", "FAILED: boom (executed notebook: x.ipynb)")],
        headline=headline,
        gaps=gaps,
    )
    assert "1 report(s) failed" in page and "Not shown: [saydo] names no survey" in page
    assert "<td>whole company</td><td>FAILED: boom" in page


def test_one_unit_below_the_base_withholds_the_next_smallest_too(project, tmp_path):
    rows = headlines(open_project(project), "Segment").set_index("unit")
    sizes = rows.drop(index="")["n"].sort_values()
    base = int(sizes.iloc[0]) + 1  # only the smallest unit is below it
    assert base <= sizes.iloc[1]
    config = tmp_path / "voclab.toml"
    config.write_text(project.read_text().replace("min_base = 30", f"min_base = {base}"))
    guarded = headlines(open_project(config), "Segment").set_index("unit")
    hidden = guarded[guarded["value"].isna()]
    assert set(hidden.index) == set(sizes.index[:2]), hidden  # the small one and its complement
    assert guarded.loc[sizes.index[1], "complementary"] and not guarded.loc[sizes.index[0], "complementary"]
    assert guarded.loc["", "value"] == rows.loc["", "value"]  # the company's figure stays


def test_the_complement_units_own_report_withholds_its_score_too(project, tmp_path):
    """Complementary suppression holds across reports: the unit hidden to protect the small one shows no score
    in its own report either (the company's report and the other units' would give the small one back)."""
    import re

    from voclab.report.batch import report_notebook
    from voclab.report.render import render

    sizes = headlines(open_project(project), "Segment").set_index("unit").drop(index="")["n"].sort_values()
    config = tmp_path / "voclab.toml"
    config.write_text(project.read_text().replace("min_base = 30", f"min_base = {int(sizes.iloc[0]) + 1}"))
    complement = sizes.index[1]
    params = {"config_path": str(config), "segment_column": "Segment", "segment_value": complement}
    result = render(report_notebook(config), params, "executive", tmp_path / "out")
    assert result.ok, result.error
    page = result.html.read_text(encoding="utf-8")
    card = re.search(r'class="value">([^<]+)<', page).group(1)
    assert card == "withheld" and "another group is below the minimum base" in page
