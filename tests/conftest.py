"""Shared test helpers: the shared data, a small demo company, a project over it and its rendered reports."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from hypothesis import settings

from voclab.config import load
from voclab.demo.project import SOURCES as DEMO_SOURCES
from voclab.demo.project import study_text, weighting_text
from voclab.report.batch import run_batch

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"

# No wall-clock limits in tests: hypothesis' default 200 ms deadline fails on a busy machine, not on a bug.
settings.register_profile("voclab", deadline=None)
settings.load_profile("voclab")


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; the test skips when it is absent (DEVELOPERS.md: real third-party files are used by tests
    that skip without them — a fresh clone, or a CI run without ../shared, has none)."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A small demo company (1500 customers, files in ``raw/``) ingested through its own voclab.toml into
    ``processed/``, and its ground truth; built once per run."""
    from voclab.demo import generate
    from voclab.demo.project import config_text
    from voclab.project import open_project

    root = tmp_path_factory.mktemp("demo_company")
    truth = generate(root / "raw", customers=1500)
    (root / "voclab.toml").write_text(config_text(prefix="raw/", codebook="raw/codebook.yaml"))
    return open_project(root / "voclab.toml").tables, truth


XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']
#: Markup plotly would interpret (styles, links) pointing at a host: a report that shows them must not call it.
CALL_HOME = [
    '2025Q4<span style="fill:url(http://127.0.0.1:9/b.svg#a)"> </span>',
    '<a href="http://127.0.0.1:9/x">Billing</a>',
    'Delivery<span style="background:url(//127.0.0.1:9/c.png)">late</span>',
]


@pytest.fixture(scope="session")
def project(demo, tmp_path_factory) -> Path:
    """A voclab.toml over the session's demo company (already ingested), with the shipped targets."""
    tables, _ = demo
    raw = tables.processed.parent / "raw"
    root = tmp_path_factory.mktemp("project")
    sources = "".join(
        f'[[sources]]\nname = "{name}"\nfile = "{raw / file}"\nkind = "{kind}"\n\n' for name, file, kind in DEMO_SOURCES
    )
    (root / "voclab.toml").write_text(
        'name = "Test Co"\nsegments = ["Segment"]\n\n'
        f'[paths]\nraw = "{raw}"\nprocessed = "{tables.processed}"\nquarantine = "{root / "quarantine"}"\n'
        f'interim = "{root / "interim"}"\nreports = "{root / "reports"}"\n\n'
        + sources
        + "[targets.nps]\n2025Q3 = 25\n2025Q4 = 28\n\n[reporting]\nmin_base = 30\n\n"
        + weighting_text()
        + study_text(str(raw / "codebook.yaml"))
    )
    (root / "notebooks").symlink_to(REPO / "notebooks")
    return root / "voclab.toml"


#: Projects built from part of the demo's files: which sources, and the extra config.
PARTIAL = {
    "texts": ({"tickets", "x", "app_reviews", "forum"}, ""),
    "survey": ({"relationship_survey"}, '[saydo]\nsurvey = "relationship_survey"\nscore = "Q1"\n'),
    "customers": ({"customers", "events"}, ""),
}


@pytest.fixture(scope="session")
def partial(demo, tmp_path_factory) -> dict[str, Path]:
    """voclab.toml of projects holding only part of the demo company (:data:`PARTIAL`: only texts, only the
    survey, only the customer file), over the session's demo files."""
    raw = demo[0].processed.parent / "raw"
    configs = {}
    for name, (keep, extra) in PARTIAL.items():
        root = tmp_path_factory.mktemp(name)
        sources = "".join(
            f'[[sources]]\nname = "{n}"\nfile = "{raw / f}"\nkind = "{k}"\n\n' for n, f, k in DEMO_SOURCES if n in keep
        )
        (root / "voclab.toml").write_text(f'name = "Part {name}"\nsegments = ["Segment"]\n\n{sources}{extra}')
        configs[name] = root / "voclab.toml"
    return configs


@pytest.fixture(scope="session")
def batch(project):
    """Every demo report: Segment × executive/analyst/frontline, two workers."""
    return run_batch(load(project), project, "Segment", jobs=2, progress=False)


def tiny_notebook(path: Path, code: str) -> Path:
    """A one-cell notebook with a parameters cell, on the project kernel."""
    cells = [
        nbformat.v4.new_markdown_cell("# Tiny"),
        nbformat.v4.new_code_cell('audience: str = "analyst"  # who reads it', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(code),
    ]
    notebook = nbformat.v4.new_notebook(
        cells=cells,
        metadata={
            "kernelspec": {"name": "voclab", "display_name": "voclab", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="session")
def make_notebook():
    """``make_notebook(path, code)`` writes a tiny notebook (see :func:`tiny_notebook`)."""
    return tiny_notebook


@pytest.fixture(scope="session")
def call_home() -> list[str]:
    """Markup that would make a report fetch a URL if plotly or the browser interpreted it."""
    return CALL_HOME


@pytest.fixture(scope="session")
def payloads() -> list[str]:
    """Script payloads customers paste into forms."""
    return XSS


@pytest.fixture(scope="session")
def xss_report(tmp_path_factory) -> Path:
    """A report whose table, printed text and chart all carry script payloads typed by customers."""
    code = (
        "import pandas as pd\nfrom voclab import charts\n"
        f"payloads = {json.dumps(XSS)}\n"
        "print(payloads[0])\n"
        "display(pd.DataFrame({'quote': payloads, 'n': [1, 2, 3]}))\n"
        "charts.bars(pd.DataFrame({'label': payloads, 'v': [1, 2, 3]}), 'v', 'label', title=payloads[0], n=6)"
    )
    return _payload_report(tmp_path_factory.mktemp("xss"), "xss", code)


def _payload_report(root: Path, name: str, code: str) -> Path:
    """Render a one-cell notebook running ``code`` into ``root``; the HTML report's path."""
    from voclab.report.render import render

    result = render(tiny_notebook(root / f"{name}.ipynb", code), out_dir=root / "out")
    assert result.ok, result.error
    return result.html


@pytest.fixture(scope="session")
def call_home_report(tmp_path_factory) -> Path:
    """A report whose chart periods, categories, titles, hover text and a raw plotly figure (not built by
    voclab.charts) carry the :data:`CALL_HOME` payloads."""
    code = (
        "import pandas as pd\nimport plotly.graph_objects as go\nfrom voclab import charts\n"
        "from voclab.survey import tracking\n"
        f"payloads = {json.dumps(CALL_HOME)}\n"
        "waves = pd.DataFrame({'q': [10, 3, 9] * 40, 'wave': ['2025Q3'] * 60 + [payloads[0]] * 60})\n"
        "display(charts.trend(tracking(waves, 'q', 'wave')))\n"
        "display(charts.bars(pd.DataFrame({'label': payloads, 'v': [1, 2, 3]}), 'v', 'label', payloads[1], n=6))\n"
        "go.Figure(go.Bar(x=payloads, y=[1, 2, 3], hovertext=payloads), layout={'title': {'text': payloads[2]}})"
    )
    return _payload_report(tmp_path_factory.mktemp("call-home"), "call_home", code)
