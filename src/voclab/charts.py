"""The house style for every chart: one colour scheme, readable fonts, a title that states the finding, n shown.

Importing this module registers the plotly template ``"voclab"`` and makes it the default. The builders take
the tidy tables the analysis functions return:

>>> import pandas as pd
>>> from voclab.survey import tracking
>>> data = pd.DataFrame({"q": [10] * 60 + [3] * 40 + [10] * 80 + [3] * 20, "wave": ["Q1"] * 100 + ["Q2"] * 100})
>>> fig = trend(tracking(data, "q", "wave", targets={"Q2": 50}))
>>> fig.layout.title.text.startswith("NPS rose 40 points")
True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from voclab._markup import plotly_text
from voclab.config import MIN_BASE

__all__ = ["PALETTE", "TEMPLATE", "bars", "lines", "n_label", "quadrants", "trend"]

#: Colour-blind-safe (Okabe & Ito 2008), first colour for "us", grey for context.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999"]
_FONT = "Inter, Segoe UI, Helvetica, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout={
        "colorway": PALETTE,
        "font": {"family": _FONT, "size": 14, "color": "#222"},
        "title": {"font": {"size": 18}, "x": 0.0, "xanchor": "left"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#eee", "zerolinecolor": "#ccc", "automargin": True},
        "yaxis": {"gridcolor": "#eee", "zerolinecolor": "#ccc", "automargin": True},
        "legend": {"orientation": "h", "y": -0.2},
        "margin": {"t": 80, "l": 60, "r": 30, "b": 60},
        "hoverlabel": {"font": {"family": _FONT}},
    }
)
pio.templates["voclab"] = TEMPLATE
pio.templates.default = "plotly_white+voclab"


def n_label(n: int | float | Sequence[int]) -> str:
    """``"n = 1,234"`` (a total for several groups)."""
    total = n if isinstance(n, int | float) else sum(n)
    return f"n = {int(total):,}"


def _finish(fig: go.Figure, title: str, n: int | float | Sequence[int]) -> go.Figure:
    """Title (made safe) with n underneath."""
    fig.update_layout(title={"text": f"{plotly_text(str(title))}<br><sup>{n_label(n)}</sup>"})
    return fig


def _labels(values: Iterable[object]) -> list[str]:
    """Category values as plotly text: customer-typed markup shown as text (:func:`voclab._markup.plotly_text`)."""
    return [plotly_text(str(value)) for value in values]


def _error_bars(frame: pd.DataFrame, value: str, low: str, high: str) -> dict[str, object]:
    """Asymmetric error bars from an interval's ``low`` and ``high`` columns around ``value``."""
    return {
        "type": "data",
        "symmetric": False,
        "array": frame[high] - frame[value],
        "arrayminus": frame[value] - frame[low],
    }


def trend(table: pd.DataFrame, title: str | None = None, label: str | None = None) -> go.Figure:
    """Score per period with its interval, the target as a dashed goal line and the benchmark (if any) dotted;
    from :func:`voclab.survey.tracking`. Periods below the minimum base show "n<30" instead of a point
    ("withheld" for complementary suppression). The default title is the latest period's sentence."""
    label = label or table.attrs.get("label", "Score")
    shown = table.where(~table["low_base"].astype(bool), other=None) if "low_base" in table else table
    periods = pd.Series(_labels(table["period"]), index=table.index)
    fig = go.Figure(
        go.Scatter(
            x=periods,
            y=shown["value"],
            mode="lines+markers",
            name=plotly_text(label),
            error_y=_error_bars(shown, "value", "ci_low", "ci_high"),
            customdata=table[["n"]],
            hovertemplate="%{x}: %{y:.1f} (n=%{customdata[0]})<extra></extra>",
        )
    )
    complementary = table.get("complementary", pd.Series(False, index=table.index)).fillna(False)
    for period, hidden, protecting in zip(
        periods, table.get("low_base", [False] * len(table)), complementary, strict=True
    ):
        if hidden:
            marker = "withheld" if protecting else f"n<{table.attrs.get('min_base', MIN_BASE)}"
            fig.add_annotation(x=period, y=0, yref="paper", text=marker, showarrow=False, yanchor="bottom")
    for line, mode, dash, colour in (("target", "lines+markers", "dash", 7), ("benchmark", "lines", "dot", 1)):
        if line in table and table[line].notna().any():
            fig.add_scatter(
                x=periods, y=table[line], mode=mode, name=line, line={"dash": dash, "color": PALETTE[colour]}
            )
    fig.update_yaxes(title=plotly_text(label))
    return _finish(fig, title or str(table["sentence"].iloc[-1]), table["n"].tolist())


def bars(
    frame: pd.DataFrame,
    value: str,
    label: str,
    title: str,
    n: int | Sequence[int],
    ci: tuple[str, str] | None = None,
    percent: bool = False,
) -> go.Figure:
    """Horizontal bars of ``value`` per ``label`` (largest on top), with ``ci=(low, high)`` error bars."""
    frame = frame.sort_values(value)
    error = _error_bars(frame, value, *ci) if ci is not None else None
    fig = go.Figure(
        go.Bar(x=frame[value], y=_labels(frame[label]), orientation="h", error_x=error, marker_color=PALETTE[0])
    )
    if percent:
        fig.update_xaxes(tickformat=".0%")
    return _finish(fig, title, n)


def lines(
    frame: pd.DataFrame,
    x: str,
    y: str,
    group: str,
    title: str,
    n: int | Sequence[int],
    percent: bool = False,
    stacked: bool = False,
) -> go.Figure:
    """One line per value of ``group`` (``stacked``: filled areas adding up, e.g. volume per source), in the
    house colours; ``percent`` formats the y axis as a share."""
    fig = go.Figure()
    for name, part in frame.groupby(group, sort=True, observed=True):
        fig.add_scatter(
            x=part[x],
            y=part[y],
            name=plotly_text(str(name)),
            mode="lines" if stacked else "lines+markers",
            stackgroup="one" if stacked else None,
        )
    if percent:
        fig.update_yaxes(tickformat=".0%")
    return _finish(fig, title, n)


def quadrants(grid: pd.DataFrame, title: str | None = None) -> go.Figure:
    """Importance–performance map from :func:`voclab.survey.importance_performance`, split at the means;
    drivers where stated and derived importance disagree are drawn in orange."""
    flagged = grid["disagreement"].astype(bool)
    fig = go.Figure(
        go.Scatter(
            x=grid["performance"],
            y=grid["derived"],
            mode="markers+text",
            text=_labels(
                f"{lab} ({why})" if why else lab for lab, why in zip(grid["label"], grid["disagreement"], strict=True)
            ),
            textposition="top center",
            marker={"size": 14, "color": [PALETTE[1] if f else PALETTE[0] for f in flagged]},
        )
    )
    fig.add_hline(y=grid["derived"].mean(), line={"dash": "dot", "color": PALETTE[7]})
    fig.add_vline(x=grid["performance"].mean(), line={"dash": "dot", "color": PALETTE[7]})
    fig.update_xaxes(title="performance (mean rating)")
    fig.update_yaxes(title="derived importance (share of R²)", tickformat=".0%")
    focus = grid.loc[grid["quadrant"] == "Concentrate here", "label"].tolist()
    default = f"Concentrate on {', '.join(focus)}" if focus else "No driver is both important and weak"
    return _finish(fig, title or default, grid.attrs.get("n", 0))
