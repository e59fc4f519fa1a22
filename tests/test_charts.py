"""The house chart style: titles state the finding, n is on every chart, disagreements stand out."""

from __future__ import annotations

import html
import json
import re

import pandas as pd
import plotly.io as pio
from hypothesis import given
from hypothesis import strategies as st

from voclab import charts
from voclab._markup import plotly_text
from voclab.charts import trend
from voclab.survey import importance_performance, tracking


def test_template_is_the_default_and_trend_shows_target_and_n():
    data = pd.DataFrame({"q": [10] * 60 + [3] * 40 + [10] * 80 + [3] * 20, "wave": ["Q1"] * 100 + ["Q2"] * 100})
    fig = charts.trend(tracking(data, "q", "wave", targets={"Q1": 30, "Q2": 50}, benchmarks={"Q2": 40}))
    assert pio.templates.default.endswith("voclab")
    assert [trace.name for trace in fig.data] == ["NPS", "target", "benchmark"]
    assert list(fig.data[1].y) == [30.0, 50.0]
    assert "n = 200" in fig.layout.title.text


def test_bars_sort_largest_on_top_and_quadrants_mark_disagreement():
    frame = pd.DataFrame({"label": ["a", "b", "c"], "v": [0.2, 0.5, 0.1]})
    fig = charts.bars(frame, "v", "label", title="b leads", n=[10, 20, 30], percent=True)
    assert list(fig.data[0].y) == ["c", "a", "b"] and "n = 60" in fig.layout.title.text
    rng = pd.Series(range(200))
    data = pd.DataFrame({"x1": rng % 5, "x2": rng % 7, "s1": 5, "s2": 1})
    data["s1"] = data.s1 - (rng % 2)
    data["y"] = data.x2 * 2 + rng % 3
    grid = importance_performance(data, "y", ["x1", "x2"], stated={"x1": "s1", "x2": "s2"})
    fig = charts.quadrants(grid)
    assert list(grid.disagreement) == ["stated, not derived", "hidden driver"]
    assert fig.data[0].marker.color == (charts.PALETTE[1], charts.PALETTE[1])


def test_trend_hides_periods_below_the_minimum_base():
    data = pd.DataFrame({"q": [10] * 60 + [3] * 40 + [10] * 5, "wave": ["Q1"] * 100 + ["Q2"] * 5})
    fig = charts.trend(tracking(data, "q", "wave"))
    assert round(fig.data[0].y[0], 6) == 20.0 and pd.isna(fig.data[0].y[1])
    assert [a.text for a in fig.layout.annotations] == ["n<30"]


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abspanhrefstyleurl(:)#brsupi")), max_size=60))
def test_plotly_text_leaves_only_attribute_free_formatting_tags(text):
    safe = plotly_text(text)
    for tag in re.findall(r"<[^<]*", safe):
        assert re.match(r"</?(br|b|i|em|sup|sub)\s*/?>", tag, re.IGNORECASE), (text, safe)
    assert html.unescape(safe) == text  # plotly decodes the entities: shown exactly as typed


def test_every_string_a_chart_draws_is_made_safe():
    wave = '2025Q4<span style="fill:url(http://host/b.svg#a)"> </span>'
    data = pd.DataFrame({"q": [10, 3, 9] * 40, "wave": ["2025Q3"] * 60 + [wave] * 60})
    spec = trend(tracking(data, "q", "wave")).to_plotly_json()
    strings = json.dumps(spec, default=str)
    assert "<span" not in strings and "&lt;span style" in strings
    assert "<br><sup>n = 120</sup>" in spec["layout"]["title"]["text"]  # voclab's own formatting stays


def test_lines_draw_one_trace_per_group_with_n_in_the_title():
    frame = pd.DataFrame({"period": [1, 2, 1, 2], "share": [0.1, 0.2, 0.3, 0.1], "theme": ["a", "a", "b<i>", "b<i>"]})
    fig = charts.lines(frame, "period", "share", "theme", title="a grew", n=40, percent=True)
    assert [t.name for t in fig.data] == ["a", "b<i>"] and fig.layout.yaxis.tickformat == ".0%"
    assert fig.layout.title.text == "a grew<br><sup>n = 40</sup>"
    stacked = charts.lines(frame, "period", "share", "theme", title="t", n=4, stacked=True)
    assert all(t.stackgroup == "one" for t in stacked.data)
