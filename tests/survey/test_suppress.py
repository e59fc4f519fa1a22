"""Disclosure control: hidden cells stay hidden even to someone who solves the published totals."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from voclab.survey import suppress, suppression_mask


def recoverable_cells(counts: np.ndarray, mask: np.ndarray) -> list[tuple[int, int]]:
    """The attack: publish every visible cell plus the true row and column totals, and solve for the hidden
    cells. A hidden cell is pinned down exactly when its unit vector lies in the row space of the constraints
    (adding it does not raise the rank)."""
    hidden = list(zip(*np.nonzero(mask), strict=True))
    if not hidden:
        return []
    rows, cols = counts.shape
    constraints = [[1.0 if r == i else 0.0 for r, _ in hidden] for i in range(rows)]
    constraints += [[1.0 if c == j else 0.0 for _, c in hidden] for j in range(cols)]
    a = np.array(constraints)
    rank = np.linalg.matrix_rank(a)
    found = []
    for k, cell in enumerate(hidden):
        probe = np.zeros(len(hidden))
        probe[k] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, probe])) == rank:
            found.append(cell)
    return found


def test_a_single_small_cell_gets_complementary_cells():
    counts = pd.DataFrame({"A": [120, 12, 80], "B": [90, 45, 70]}, index=["yes", "no", "maybe"])
    mask = suppression_mask(counts, 30)
    assert mask.to_numpy().sum() == 4
    assert recoverable_cells(counts.to_numpy(), mask.to_numpy()) == []
    shown = suppress(counts, min_base=30)
    assert shown.loc["no", "A"] == "n<30" and shown.loc["yes", "A"] == 120


def test_without_complementary_suppression_the_attack_works():
    counts = np.array([[120, 90], [12, 45], [80, 70]])
    primary = counts < 30
    assert recoverable_cells(counts, primary) == [(1, 0)]


@settings(max_examples=150, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 5), st.integers(2, 5)), elements=st.integers(0, 120)))
def test_no_hidden_cell_can_be_recovered_from_the_totals(counts):
    mask = suppression_mask(pd.DataFrame(counts), 30).to_numpy()
    assert mask[counts < 30].all()
    assert recoverable_cells(counts, mask) == []


def test_one_line_tables_hide_a_second_cell():
    counts = pd.DataFrame({"A": [100], "B": [10], "C": [60]})
    assert suppression_mask(counts, 30).to_numpy().sum() == 2
