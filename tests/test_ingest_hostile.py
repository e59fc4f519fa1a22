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


def test_stack_exchange_post_types_are_read_as_numbers_and_every_row_is_counted(tmp_path):
    path = tmp_path / "Posts.xml"
    rows = [
        ("1", " 1", "Why?"),  # padded: a question
        ("2", "02", ""),  # zero-padded: an answer
        ("3", "4", ""),  # a tag wiki: skipped, counted
        ("4", "x", ""),  # not a number: quarantined with the reason
        ("5", "1", "How?"),
    ]
    path.write_text(
        "<posts>"
        + "".join(
            f'<row Id="{i}" PostTypeId="{t}" CreationDate="2024-01-02T03:04:05.123" Body="&lt;p&gt;text {i}&lt;/p&gt;"'
            + (f' Title="{title}"' if title else ' ParentId="1"')
            + " />"
            for i, t, title in rows
        )
        + "</posts>"
    )
    posts = voclab.load(path, kind="stackexchange")
    info = posts.attrs["voclab"]
    assert posts["id"].tolist() == ["1", "2", "5"] and posts["doc_type"].tolist() == ["question", "answer", "question"]
    assert (info["rows_read"], info["kept"], info["skipped_rows"], info["quarantined"]) == (5, 3, 1, 1)
    assert voclab.quarantine_of(posts)["reason"].tolist() == ["PostTypeId 'x' is not a number"]


def test_a_lone_carriage_return_inside_a_field_is_part_of_the_field(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes(b"id,text\n1,first\rsecond\n2,ok\r\n3,last\n")
    frame = voclab.load(path, kind="table")
    assert frame["text"].tolist() == ["first\rsecond", "ok", "last"]
    assert frame.attrs["voclab"]["rows_read"] == 3
