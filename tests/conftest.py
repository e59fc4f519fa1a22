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
