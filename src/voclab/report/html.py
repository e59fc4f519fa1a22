"""Executed notebook → one self-contained HTML page an executive can open offline.

What the page holds, and what it never holds:

* no code, no ``In [ ]`` prompts, no stderr (warnings), no cells meant for another audience (cells tagged
  ``executive``, ``analyst`` or ``frontline`` appear only in that audience's report; untagged cells in all);
* a strict Content-Security-Policy (:data:`CSP`): no network at all, inline scripts and styles only, images
  only from ``data:`` URLs — a second wall behind the escaping below;
* every plotly figure drawn by plotly.js, which is inlined once per page (no CDN, no require.js, no MathJax:
  the page makes no network request); figure data is JSON inside the script with ``<``, ``>`` and ``&``
  escaped, so customer text in a chart can never close the script, and every string in it goes through
  :func:`voclab._markup.plotly_safe`, so markup typed by a customer is shown as text, never styled or linked;
* tables are HTML-escaped by pandas; with a few lines of inline script every table sorts by a click on its
  header and tables longer than ten rows get a filter box;
* a provenance footer (data manifest hash, parameters, versions, run time, minimum base size).

>>> page = export_html(_tiny_notebook(), "analyst", {"voclab": "0.1.0"})
>>> page.count("Plotly.newPlot("), external_references(page), "In&nbsp;[" in page
(1, [], False)
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from voclab._markup import plotly_safe
from voclab.config import AUDIENCES
from voclab.report.blocks import TABLE_JS

__all__ = [
    "AUDIENCES",
    "CSP",
    "PLOTLY_MIME",
    "export_html",
    "external_references",
    "for_audience",
    "hidden_from",
    "plotly_div",
    "strip_hidden_outputs",
]

PLOTLY_MIME = "application/vnd.plotly.v1+json"
#: The page's Content-Security-Policy: nothing from the network, only what the page itself holds.
CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "connect-src 'none'; form-action 'none'; base-uri 'none'"
)
_TEMPLATES = Path(str(files("voclab") / "report" / "templates"))

_CSS = """
body.jp-Notebook { max-width: 1100px; margin: 0 auto; padding: 1.5rem; font-family: Inter, "Segoe UI", Helvetica,
  Arial, sans-serif; color: #222; }
.jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
.voclab-figure { width: 100%; min-height: 420px; }
table.dataframe, table.voclab-table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
table.dataframe th, table.dataframe td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #e5e5e5; }
table.dataframe thead th { cursor: pointer; background: #f6f8fa; position: sticky; top: 0; }
table.dataframe thead th:hover { background: #e8eef5; }
.voclab-filter { margin: 0.25rem 0; padding: 0.3rem; width: 18rem; }
.voclab-cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: 1rem 0; }
.voclab-card { border: 1px solid #e5e5e5; border-radius: 8px; padding: 0.8rem 1rem; min-width: 14rem; flex: 1; }
.voclab-card .value { font-size: 2rem; font-weight: 600; color: #0072B2; }
.voclab-card .label { font-size: 0.85rem; text-transform: uppercase; color: #666; }
.voclab-card .note { font-size: 0.9rem; }
.voclab-findings li { margin: 0.4rem 0; }
footer.voclab-provenance { margin-top: 3rem; border-top: 1px solid #ccc; font-size: 0.8rem; color: #555; }
footer.voclab-provenance th { text-align: left; padding-right: 1rem; vertical-align: top; }
"""


_EXTERNAL = re.compile(
    r"<(?:script|img|iframe|audio|video|source|embed)\b[^>]*\ssrc\s*=\s*[\"']?\s*(?:https?:)?//[^\"'\s>]+"
    r"|<link\b[^>]*\shref\s*=\s*[\"']?\s*(?:https?:)?//[^\"'\s>]+"
    r"|@import\s+(?:url\()?[\"']?(?:https?:)?//[^\"')\s]+"
    r"|\sstyle\s*=\s*[\"'][^\"']*url\(\s*[\"']?(?:https?:)?//[^\"')\s]+",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    """Every place ``page``'s HTML source would load something over the network (scripts, styles, images,
    frames, ``url()`` in style attributes). A first check only: figures are drawn at run time, so the browser
    test (tests/e2e) also lists the references of the rendered DOM.

    >>> external_references('<p style="background:url(//host/x.png)">hi</p><img src="data:image/png;base64,AA">')
    [' style="background:url(//host/x.png']
    """
    return _EXTERNAL.findall(page)


@cache
def _plotly_js() -> str:
    return (Path(str(files("plotly") / "package_data" / "plotly.min.js"))).read_text(encoding="utf-8")


def _safe_json(value: object) -> str:
    """JSON that cannot end a ``<script>`` element, whatever strings it holds."""
    return (
        json.dumps(value, separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    )


def plotly_div(figure: Mapping[str, object], number: int) -> str:
    """A ``<div>`` and the script that draws ``figure`` (plotly JSON) into it with the inlined plotly.js."""
    spec = plotly_safe({"data": figure.get("data", []), "layout": figure.get("layout", {})})
    config = {"displaylogo": False, "responsive": True}
    return (
        f'<div id="voclab-figure-{number}" class="voclab-figure"></div>\n'
        f"<script>(function () {{ var spec = {_safe_json(spec)}; "
        f'Plotly.newPlot("voclab-figure-{number}", spec.data, spec.layout, {_safe_json(config)}); }})();</script>'
    )


def hidden_from(cell: nbformat.NotebookNode, audience: str) -> bool:
    """Whether ``audience`` does not see ``cell``: parameter cells, and cells tagged for other audiences only."""
    tags = set(cell.get("metadata", {}).get("tags", []))
    return "parameters" in tags or "injected-parameters" in tags or bool(tags & set(AUDIENCES) and audience not in tags)


def strip_hidden_outputs(notebook: nbformat.NotebookNode, audience: str) -> nbformat.NotebookNode:
    """``notebook`` (changed in place) without the outputs of cells ``audience`` does not see, error outputs
    kept: the executed notebook kept beside a report discloses no more than the report."""
    for cell in notebook.cells:
        if cell.cell_type == "code" and hidden_from(cell, audience):
            cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    return notebook


def for_audience(notebook: nbformat.NotebookNode, audience: str) -> nbformat.NotebookNode:
    """A copy with only the cells and outputs this audience sees, figures as HTML, stderr and errors dropped."""
    out = copy.deepcopy(notebook)
    cells = []
    figures = 0
    for cell in out.cells:
        if hidden_from(cell, audience):
            continue
        if cell.cell_type == "code":
            outputs = []
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    continue
                if output.get("output_type") == "error":
                    continue
                data = output.get("data", {})
                if PLOTLY_MIME in data:
                    figures += 1
                    html = plotly_div(data[PLOTLY_MIME], figures)
                    output = nbformat.v4.new_output("display_data", data={"text/html": html})
                outputs.append(output)
            cell.outputs = outputs
        cells.append(cell)
    out.cells = cells
    return out


def export_html(notebook: nbformat.NotebookNode, audience: str, provenance: Mapping[str, object]) -> str:
    """The executed ``notebook`` as one self-contained page for ``audience`` (see the module docstring)."""
    exporter = HTMLExporter(
        template_name="voclab",
        extra_template_basedirs=[str(_TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {
        "voclab": {
            "plotly_js": _plotly_js(),
            "css": _CSS,
            "csp": CSP,
            "table_js": TABLE_JS,
            "provenance": {str(k): str(v) for k, v in provenance.items()},
        },
        "metadata": {"name": str(provenance.get("title", "voclab report"))},
    }
    body, _ = exporter.from_notebook_node(for_audience(notebook, audience), resources=resources)
    return body


def _tiny_notebook() -> nbformat.NotebookNode:
    """A two-cell executed notebook (for the doctest)."""
    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"title": {"text": "</script>"}}}
    cell = nbformat.v4.new_code_cell("fig", execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={PLOTLY_MIME: figure, "text/plain": "Figure"})]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title"), cell])
