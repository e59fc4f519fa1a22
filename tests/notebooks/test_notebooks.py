"""Every notebook runs top to bottom through papermill with small parameters (one test per notebook)."""

from pathlib import Path

import nbformat
import papermill as pm
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, object]:
    """One small demo company shared by every notebook (generated and ingested by the first one to run)."""
    tmp = tmp_path_factory.mktemp("demo")
    return {
        "raw_dir": str(tmp / "raw"),
        "processed_dir": str(tmp / "processed"),
        "quarantine_dir": str(tmp / "quarantine"),
        "customers": 1000,
    }


@pytest.mark.parametrize("notebook", ALL, ids=lambda p: p.stem)
def test_notebook_executes(notebook, demo, tmp_path):
    out = tmp_path / notebook.name
    pm.execute_notebook(
        str(notebook), str(out), parameters=demo, kernel_name="voclab", cwd=str(NOTEBOOKS), progress_bar=False
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
