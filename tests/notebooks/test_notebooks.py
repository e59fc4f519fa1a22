"""Every notebook runs top to bottom through papermill on the small test company (one test per notebook)."""

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from voclab.report.params import notebook_params

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def small(project) -> dict[str, object]:
    """Parameters that point every notebook at the session's small demo company."""
    return {"config_path": str(project), "n_boot": 50}


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_executes(notebook, small, tmp_path):
    declared = notebook_params(notebook)
    out = tmp_path / notebook.name
    pm.execute_notebook(
        str(notebook),
        str(out),
        parameters={k: v for k, v in small.items() if k in declared},
        kernel_name="voclab",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
    )
    executed = nbformat.read(out, as_version=4)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_is_committed_clean(notebook):
    nb = nbformat.read(notebook, as_version=4)
    assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells), "needs a tagged parameters cell"
    assert nb.metadata.get("kernelspec", {}).get("name") == "voclab", "runs on the project's own kernel"
    assert nb.metadata.get("language_info"), "papermill needs it"
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb.cells if c.cell_type == "code")
