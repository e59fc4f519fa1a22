"""Shared test helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; the test skips when it is absent (a user's fresh clone has none)."""
    if not SHARED.is_dir():
        if os.environ.get("VOCLAB_CI"):
            pytest.fail("../shared/data is missing in CI")
        pytest.skip("../shared/data is absent")
    return SHARED


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """A small demo company (1500 customers) as processed tables, and its ground truth; built once per run."""
    import json

    from voclab.workspace import ensure_demo

    root = tmp_path_factory.mktemp("demo_company")
    tables = ensure_demo(root / "raw", root / "processed", root / "quarantine", customers=1500)
    truth = json.loads((root / "raw" / "ground_truth.json").read_text())
    return tables, truth
