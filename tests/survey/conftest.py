"""Fixtures for the survey statistics tests: a small demo company, ingested once per session."""

from __future__ import annotations

import json

import pytest

from voclab.workspace import Tables, ensure_demo


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> tuple[Tables, dict]:
    """The demo company (1500 customers) as processed tables, and its ground truth."""
    root = tmp_path_factory.mktemp("survey_demo")
    tables = ensure_demo(root / "raw", root / "processed", root / "quarantine", customers=1500)
    truth = json.loads((root / "raw" / "ground_truth.json").read_text())
    return tables, truth
