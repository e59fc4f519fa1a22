"""Every notebook runs top to bottom on the small test company (one test per notebook), and on projects that hold
only part of the data — each section whose data is missing shows its sentence instead of failing. One warm
kernel (a fresh namespace per notebook) runs them all."""

import re
from pathlib import Path

import nbformat
import pytest

from voclab.report.kernel import WarmKernel
from voclab.report.params import notebook_params
from voclab.report.render import render

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))

#: The sentence a notebook must show on a partial project (the section stands in for the missing data).
EXPECTED = {
    ("texts", "10_survey"): "No survey scores",
    ("texts", "20_open_text"): "No survey scores",  # theme impact needs the scores; the themes still show
    ("texts", "40_say_do"): "No say–do gaps",
    ("texts", "90_executive"): "No survey scores",
    ("survey", "30_social_forums"): "No public posts",
    ("survey", "40_say_do"): "no customer file",
    ("survey", "90_executive"): "no customer file",
    ("customers", "00_quickstart"): "No survey scores",
    ("customers", "20_open_text"): "No customer texts",
    ("customers", "30_social_forums"): "No public posts",
    ("customers", "90_executive"): "No customer texts",
}


@pytest.fixture(scope="module")
def kernel():
    warm = WarmKernel()
    yield warm
    warm.shutdown()


def _run(notebook: Path, config: Path, kernel: WarmKernel, out: Path) -> nbformat.NotebookNode:
    """Render ``notebook`` for the analyst (every section) on the project of ``config`` (small bootstrap); the
    executed notebook."""
    params = {"config_path": str(config), "n_boot": 50}
    declared = notebook_params(notebook)
    result = render(notebook, {k: v for k, v in params.items() if k in declared}, "analyst", out_dir=out, warm=kernel)
    assert result.ok, result.error
    executed = nbformat.read(result.executed, as_version=4)
    assert not [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return executed


def _missing(executed: nbformat.NotebookNode) -> list[str]:
    """The missing-data sentences the notebook shows."""
    pages = [o.get("data", {}).get("text/html", "") for c in executed.cells for o in c.get("outputs", [])]
    return [m for page in pages for m in re.findall(r'class="voclab-missing"><em>(.*?)</em>', page)]


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_executes(notebook, project, kernel, tmp_path):
    executed = _run(notebook, project, kernel, tmp_path)
    assert not _missing(executed) or notebook.stem == "90_executive", _missing(executed)  # the demo has it all


@pytest.mark.parametrize("part", ["texts", "survey", "customers"])
def test_notebooks_adapt_to_missing_data(part, partial, kernel, tmp_path):
    for notebook in ALL:
        shown = " ".join(_missing(_run(notebook, partial[part], kernel, tmp_path)))
        expected = EXPECTED.get((part, notebook.stem))
        assert expected is None or expected in shown, (notebook.stem, shown)
        if part != "texts":
            assert "No survey scores" not in shown or part == "customers", (notebook.stem, shown)


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(notebook):
    nb = nbformat.read(notebook, as_version=4)
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), "needs a tagged parameters cell"
    assert nb.metadata.get("kernelspec", {}).get("name") == "voclab", "runs on the project's own kernel"
    assert nb.metadata.get("language_info"), "papermill needs it"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_is_thin(notebook):
    """No function definitions and no direct plotly: analysis lives in the package, charts in voclab.charts."""
    code = "\n".join(c.source for c in nbformat.read(notebook, as_version=4).cells if c.cell_type == "code")
    assert not re.search(r"^\s*(def|class) ", code, re.M)
    assert "plotly" not in code


def test_open_text_sums_the_lazy_texts_on_dask(project, kernel, tmp_path):
    """With [compute] engine = "dask", 20_open_text also shows net sentiment summed on Dask — over the texts the
    report already scored in memory, read from their cache, not scored a second time out of core."""
    text = re.sub(r'(?m)^interim = ".*"$', f'interim = "{tmp_path / "interim"}"', project.read_text())
    config = tmp_path / "voclab.toml"
    config.write_text(text + '\n[compute]\nengine = "dask"\nworkers = 1\nmemory_limit = "1GB"\n')
    executed = _run(NOTEBOOKS / "20_open_text.ipynb", config, kernel, tmp_path)
    pages = " ".join(o.get("data", {}).get("text/html", "") for c in executed.cells for o in c.get("outputs", []))
    assert "net sentiment by channel, summed on Dask" in pages
    assert (tmp_path / "interim" / "scored_texts.key").is_file()
    assert not (tmp_path / "interim" / "scored_dataset").exists()
