"""Building blocks for report notebooks: headline cards, finding sentences and sortable tables, as escaped HTML.

Everything here goes through :func:`html.escape`: segment names, theme names and sentences come from data and
must show as text in the report, never act as markup.

>>> str(cards([{"label": "NPS", "value": "32", "note": "<b>up</b> 6 points"}]).data).count("&lt;b&gt;")
1
>>> "&lt;script&gt;" in table(pd.DataFrame({"quote": ["<script>alert(1)</script>"]})).data
True
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import pandas as pd
from IPython.display import HTML

from voclab.config import MIN_BASE

__all__ = ["TABLE_JS", "cards", "finding_sentences", "heading", "headline_cards", "missing", "sentences", "table"]

#: Makes every ``table.dataframe`` on the page sortable (click a header; empty cells stay last) and, past ten
#: rows, filterable; each
#: table is enhanced once however often the script runs (every report page carries it; so does :func:`table`).
TABLE_JS = """
(function () {
  function text(cell) { return (cell && cell.textContent || "").trim(); }
  function number(value) { var n = parseFloat(value.replace(/[%,\\s]/g, "")); return isNaN(n) ? null : n; }
  document.querySelectorAll("table.dataframe").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || table.dataset.voclab) { return; }
    table.dataset.voclab = "enhanced";
    table.querySelectorAll("thead tr:last-child th").forEach(function (th, column) {
      var ascending = true;
      th.title = "Click to sort";
      th.addEventListener("click", function () {
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = text(a.cells[column]), y = text(b.cells[column]), nx = number(x), ny = number(y);
          if (!x || !y) { return (x ? 0 : 1) - (y ? 0 : 1); }  // empty cells last, either way
          var order = (nx !== null && ny !== null) ? nx - ny : x.localeCompare(y);
          return ascending ? order : -order;
        });
        ascending = !ascending;
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    if (body.rows.length > 10) {
      var box = document.createElement("input");
      box.className = "voclab-filter";
      box.placeholder = "Filter rows…";
      box.addEventListener("input", function () {
        var needle = box.value.toLowerCase();
        Array.prototype.forEach.call(body.rows, function (row) {
          row.style.display = row.textContent.toLowerCase().indexOf(needle) >= 0 ? "" : "none";
        });
      });
      table.parentNode.insertBefore(box, table);
    }
  });
})();
"""


def cards(items: Iterable[Mapping[str, object]]) -> HTML:
    """Headline numbers: one card per item with ``label``, ``value`` and an optional ``note``."""
    body = "".join(
        '<div class="voclab-card">'
        f'<div class="label">{html.escape(str(item["label"]))}</div>'
        f'<div class="value">{html.escape(str(item["value"]))}</div>'
        f'<div class="note">{html.escape(str(item.get("note", "")))}</div></div>'
        for item in items
    )
    return HTML(f'<div class="voclab-cards">{body}</div>')


def headline_cards(
    latest: pd.Series, whole: pd.Series | None, scope: str, unit: str = "", min_base: int = MIN_BASE
) -> HTML:
    """The headline cards of a report from two rows of :func:`voclab.survey.tracking` (the unit's latest period,
    and the whole company's): below the minimum base no value, interval or difference is shown, only "n<30" (or
    "withheld" when another unit's small base needs this one hidden too: complementary suppression)."""
    low = bool(latest["low_base"])
    hidden = "withheld" if latest.get("complementary") else f"n<{min_base}"
    items = [
        {
            "label": f"NPS {latest['period']}, {scope}",
            "value": hidden if low else f"{latest['value']:.0f}",
            "note": latest["sentence"],
        },
        {
            "label": "responses this wave",
            "value": f"{int(latest['n']):,}",
            "note": "too few answers for an interval"
            if low
            else f"95 % CI {latest['ci_low']:.0f} to {latest['ci_high']:.0f}",
        },
    ]
    if unit and whole is not None:
        whole_low = bool(whole["low_base"])
        note = "" if low or whole_low else f"{latest['value'] - whole['value']:+.0f} points for {unit}"
        items.append(
            {
                "label": f"NPS {whole['period']}, whole company",
                "value": f"n<{min_base}" if whole_low else f"{whole['value']:.0f}",
                "note": note,
            }
        )
    return cards(items)


def missing(sentence: str) -> HTML:
    """The one sentence a report section shows instead of itself when its data is missing (what to add)."""
    return HTML(f'<p class="voclab-missing"><em>{html.escape(sentence)}</em></p>')


def heading(title: str, level: int = 3) -> HTML:
    """A heading whose text comes from data (a theme or unit name)."""
    return HTML(f"<h{level}>{html.escape(title)}</h{level}>")


def sentences(items: Iterable[str], title: str | None = None) -> HTML:
    """A list of plain-language findings (numbered)."""
    heading = f"<h3>{html.escape(title)}</h3>" if title else ""
    rows = "".join(f"<li>{html.escape(str(item))}</li>" for item in items)
    return HTML(f'{heading}<ol class="voclab-findings">{rows}</ol>' if rows else f"{heading}<p>No findings.</p>")


def table(frame: pd.DataFrame, caption: str | None = None, decimals: int = 3) -> HTML:
    """``frame`` as a sortable, filterable table, in JupyterLab as in the exported report; cells are escaped and
    missing values (``NaN``, ``<NA>``, ``NaT``) are empty cells."""
    rounded = frame.round(dict.fromkeys(frame.select_dtypes("number").columns, decimals))
    shown = rounded.astype(object).where(rounded.notna(), "")
    body = shown.to_html(index=False, escape=True, classes="dataframe voclab-table", border=0, na_rep="")
    title = f"<h4>{html.escape(caption)}</h4>" if caption else ""
    return HTML(f"{title}{body}<script>{TABLE_JS}</script>")


def finding_sentences(register: pd.DataFrame, top: int = 5, flagged_only: bool = True) -> list[str]:
    """The register's findings (:func:`voclab.saydo.gap_register`) as sentences — each already states its
    direction, size, interval and n — with how sure (q) and who owns it."""
    rows = register[register["flagged"]] if flagged_only else register
    out = []
    for row in rows.head(top).itertuples():
        sure = f"q = {row.q_value:.2g}" if pd.notna(row.q_value) else "a count, not a test"
        out.append(f"{row.sentence} ({sure}) → {row.owner}")
    return out
