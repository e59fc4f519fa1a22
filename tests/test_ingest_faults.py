"""Concurrent and interrupted ingests never lose data: the lock, the transaction, the recovery."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import voclab.ingest._transaction as transaction
from voclab._lock import folder_lock
from voclab.exceptions import BusyError
from voclab.ingest.store import SourceSpec, ingest, read_manifest, read_table

TABLES = Path(__file__).parent / "fixtures" / "tables"


def _reviews(path: Path, n: int, word: str) -> Path:
    path.write_text("id,text,created_at\n" + "".join(f"{i},{word} {i},2024-01-01\n" for i in range(n)))
    return path


def _state(out: Path) -> tuple[dict, pd.DataFrame]:
    return read_manifest(out), read_table("feedback", processed=out)


def test_two_ingests_into_one_project_at_once_both_keep_their_source(tmp_path):
    out = tmp_path / "processed"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "voclab",
                "ingest",
                str(_reviews(tmp_path / f"{name}.csv", 20_000, name)),
                "--kind",
                "table",
                "--out",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    assert [run.wait(timeout=300) for run in runs] == [0, 0], [run.stderr.read() for run in runs]
    manifest, feedback = _state(out)
    assert sorted(manifest["sources"]) == ["first", "second"]
    assert feedback["source"].value_counts().to_dict() == {"first": 20_000, "second": 20_000}


def test_a_run_killed_inside_the_commit_is_finished_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    ingest([SourceSpec(_reviews(tmp_path / "a.csv", 3, "old"), "table")], out)
    moved = []

    def killed_after_one(src, dst):
        if moved:
            raise KeyboardInterrupt  # the kill arrives after the first file moved into place
        moved.append(dst)
        os.rename(src, dst)

    monkeypatch.setattr(transaction.os, "replace", killed_after_one)
    with pytest.raises(KeyboardInterrupt):
        ingest([SourceSpec(_reviews(tmp_path / "a.csv", 5, "new"), "table")], out)
    monkeypatch.undo()
    assert (out / transaction.JOURNAL).is_file()
    ingest([], out)  # any next run finishes the commit first
    manifest, feedback = _state(out)
    assert manifest["sources"]["a"]["kept"] == 5 and len(feedback) == 5 and feedback["text"].str.startswith("new").all()
    assert not list(out.rglob(f"{transaction.STAGING}*")) and not (out / transaction.JOURNAL).exists()


def test_a_run_killed_before_the_commit_leaves_the_previous_result_and_no_litter(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    ingest([SourceSpec(_reviews(tmp_path / "a.csv", 3, "old"), "table")], out)
    before = _state(out)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(transaction.Transaction, "commit", killed)
    with pytest.raises(KeyboardInterrupt):
        ingest([SourceSpec(_reviews(tmp_path / "a.csv", 5, "new"), "table")], out)
    monkeypatch.undo()
    after = _state(out)
    assert after[0] == before[0] and after[1].equals(before[1])
    assert list(out.rglob(f"{transaction.STAGING}*"))  # staged, never visible
    ingest([SourceSpec(_reviews(tmp_path / "b.csv", 2, "other"), "table")], out)
    assert not list(out.rglob(f"{transaction.STAGING}*")) and not list(out.rglob(".*.tmp*"))


def _hold(folder: str, ready, release) -> None:
    with folder_lock(folder):
        ready.set()
        release.wait(30)


def test_a_second_run_waits_then_gives_up_with_one_clear_line(tmp_path):
    context = multiprocessing.get_context("spawn")
    ready, release = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(60)
        messages: list[str] = []
        started = time.monotonic()
        with (
            pytest.raises(BusyError, match="another voclab run holds this project"),
            folder_lock(tmp_path, timeout=0.5, progress=messages.append),
        ):
            pass
        assert time.monotonic() - started >= 0.5 and messages and "waiting" in messages[0]
    finally:
        release.set()
        holder.join(30)
    with folder_lock(tmp_path, timeout=5):  # released when the holder ended
        pass
