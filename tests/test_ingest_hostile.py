"""Hostile or broken files end in one clear FormatError naming the file, never a traceback or a dead run."""

from __future__ import annotations

import ctypes
import functools

import pytest

import voclab
from voclab.exceptions import FormatError
from voclab.ingest._isolated import run_isolated


@pytest.mark.parametrize(
    ("kind", "text"),
    [("x-json", "[" * 5000 + "]" * 5000), ("reviews", '[{"text": ' + "[" * 5000 + "]" * 5000 + "}]")],
)
def test_deeply_nested_json_is_one_clear_error(tmp_path, kind, text):
    path = tmp_path / "nested.json"
    path.write_text(text)
    with pytest.raises(FormatError, match=r"nested\.json.*(nested too deeply|cannot read)"):
        voclab.load(path, kind=kind)


def test_a_reader_that_crashes_the_process_is_one_clear_error_and_the_run_goes_on(tmp_path):
    segfault = functools.partial(ctypes.string_at, 0)  # reads address 0: SIGSEGV in the child
    with pytest.raises(FormatError, match=r"bad\.sav: the SPSS reader crashed on this file"):
        run_isolated(segfault, path=tmp_path / "bad.sav", what="SPSS reader")
    assert run_isolated(divmod, 9, 4, path=tmp_path / "ok.sav", what="SPSS reader") == (2, 1)


def test_a_corrupt_sav_file_is_one_clear_error(tmp_path):
    path = tmp_path / "corrupt.sav"
    path.write_bytes(b"$FL2@(#) IBM SPSS STATISTICS" + bytes(range(256)) * 4)
    with pytest.raises(FormatError, match=r"corrupt\.sav"):
        voclab.load(path, kind="spss")
