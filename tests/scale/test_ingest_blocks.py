"""Large text files ingested a block at a time: the same rows, quarantine and counts as the whole file, written
as Parquet partitioned by source and month."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from voclab.config import Compute
from voclab.exceptions import FormatError
from voclab.ingest import blocks
from voclab.ingest.quarantine import read_quarantine
from voclab.ingest.store import SourceSpec, dataset_files, ingest, read_manifest, read_table

COUNTS = ["rows_read", "kept", "quarantined", "duplicates", "blank_rows", "skipped_rows"]
IN_BLOCKS = Compute(blocks_from_mb=0.001)  # every text source of a kilobyte or more


def tweets_export(path, rows: int = 1_000, *, clash: bool = False) -> None:
    """The airline-tweets CSV layout: embedded quotes and newlines, a date column with offsets, bad dates, a blank
    line, a malformed row, exact duplicates far from their first copy and (``clash``) an id reused."""
    records = []
    for i in range(rows):
        text = f"Flight {i} was late" if i % 7 else f'Said "hello"\nthen left {i}'
        date = f"2015-0{1 + i % 3}-{10 + i % 18} 11:35:52 -0800" if i % 50 else "not a date"
        records.append(
            {"tweet_id": str(570306133677760513 + i), "airline_sentiment": "negative", "name": f"user{i}"}
            | {"text": text, "tweet_created": date, "airline": "United"}
        )
    records += records[10:15]
    if clash:
        records.append({**records[20], "text": "changed text"})
    lines = pd.DataFrame(records).to_csv(index=False).split("\n")
    lines.insert(300, "")
    lines.insert(500, "1,2")
    path.write_text("\n".join(lines), encoding="utf-8")


def _ingest(tmp_path, name: str, source, compute=None):
    out = tmp_path / name
    summary = ingest([SourceSpec(source)], out / "processed", out / "quarantine", compute=compute)
    return summary, out


def _rows(out) -> pd.DataFrame:
    frame = read_table("feedback", processed=out / "processed")
    return frame.sort_values("id").reset_index(drop=True).astype({"source": str, "channel": str, "doc_type": str})


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 150)


def test_blocks_give_the_rows_quarantine_and_counts_of_the_whole_file(tmp_path, small_blocks):
    export = tmp_path / "tweets.csv"
    tweets_export(export)
    whole, whole_out = _ingest(tmp_path, "whole", export)
    parts, parts_out = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS])
    assert parts.rows_read.item() == 1_007 and parts.duplicates.item() == 5 and parts.blank_rows.item() == 1
    pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))
    expected = read_quarantine(whole_out / "quarantine" / "tweets.csv").sort_values("reason", kind="stable")
    got = read_quarantine(parts_out / "quarantine" / "tweets.csv").sort_values("reason", kind="stable")
    assert got[["reason", "record"]].values.tolist() == expected[["reason", "record"]].values.tolist()
    assert "malformed row at line 501: expected 6 fields, found 2" in got.reason.tolist()
    entry = read_manifest(parts_out / "processed")["sources"]["tweets"]
    assert entry["dataset"] and entry["part"] == "datasets/feedback/tweets"
    months = sorted(p.name for p in (parts_out / "processed" / entry["part"]).iterdir())
    assert months == ["2015-01", "2015-02", "2015-03"]
    assert not pd.read_parquet(parts_out / "processed" / "feedback.parquet").shape[0]  # held in the dataset


def test_an_id_reused_in_a_later_block_quarantines_every_copy_as_the_whole_file_does(tmp_path, small_blocks):
    export = tmp_path / "tweets.csv"
    tweets_export(export, clash=True)
    whole, whole_out = _ingest(tmp_path, "whole", export)
    parts, parts_out = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS]) and (parts.kept.item(), parts.quarantined.item()) == (979, 23)
    pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))
    reasons = read_quarantine(parts_out / "quarantine" / "tweets.csv").reason
    assert (reasons == "duplicate id with different content").sum() == 2


def test_an_unclosed_quote_in_a_late_block_is_the_whole_file_error_at_the_file_line(tmp_path, small_blocks):
    export = tmp_path / "tweets.csv"
    tweets_export(export)
    lines = export.read_text().split("\n")
    lines[-1] = '570306133677769999,negative,x,"never closed,2015-01-10 11:35:52 -0800,United'
    export.write_text("\n".join(lines))
    with pytest.raises(FormatError) as whole:
        _ingest(tmp_path, "whole", export)
    with pytest.raises(FormatError) as error:
        _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert (str(error.value.path), error.value.line, error.value.message) == (
        str(export),
        whole.value.line,
        whole.value.message,
    )
    assert error.value.line == len(lines)
    assert not list((tmp_path / "blocks" / "processed").rglob("*.parquet"))  # nothing committed


def test_the_dataset_feeds_dask_and_changing_the_threshold_reingests(tmp_path, small_blocks):
    pytest.importorskip("dask")
    from voclab.schema import FEEDBACK
    from voclab.text import analyze, analyze_parquet, net_sentiment

    export, small = tmp_path / "tweets.csv", tmp_path / "reviews.csv"
    tweets_export(export)
    small.write_text("review_id,body,stars,date\nr1,Great app,5,2024-01-02\nr2,Billing is wrong,1,2024-02-03\n")
    out = tmp_path / "blocks"
    specs = [SourceSpec(export), SourceSpec(small, "table", {"id": "review_id", "text": "body", "rating": "stars"})]
    ingest(specs, out / "processed", out / "quarantine", compute=IN_BLOCKS)
    files = dataset_files(processed=out / "processed")
    assert len(files) == 22 and files[0].name == "feedback.parquet"  # the small source's table, then the blocks
    scored = analyze_parquet(files, tmp_path / "scored", columns=list(FEEDBACK)).compute()
    expected = analyze(read_table("feedback", processed=out / "processed")[list(FEEDBACK)], handles=True, jobs=1)
    assert len(scored) == len(expected) and (expected.source == "reviews").sum() == 2

    def by_source(frame):  # the groups' order follows the category order, which differs between the engines
        nets = net_sentiment(frame.astype({"source": str}), by="source")
        return nets.sort_values("source").reset_index(drop=True)

    pd.testing.assert_frame_equal(by_source(scored), by_source(expected))
    again, _ = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert again.status.item() == "unchanged"
    whole, _ = _ingest(tmp_path, "blocks", export, Compute())  # 256 MB: one part again, the dataset removed
    assert whole.status.item() == "ingested"
    assert not list((out / "processed" / "datasets").rglob("*.parquet"))
    assert len(pd.read_parquet(out / "processed" / "feedback.parquet")) == whole.kept.item() + 2  # and reviews


def test_ndjson_lines_are_numbered_as_in_the_file(tmp_path, small_blocks):
    lines = [  # a Pushshift dump: one comment a line, one line cut short
        f'{{"id": "c{i}", "body": "post {i}", "link_id": "t3_a", "parent_id": "t3_a", "subreddit": "acme", '
        f'"created_utc": {1714557600 + i * 86400}, "author": "u{i}"}}'
        for i in range(400)
    ]
    lines[333] = '{"id": "broken", "body": '
    lines[150] = '{"id": "cut at a block start'
    export = tmp_path / "posts.ndjson"
    export.write_text("\n".join(lines) + "\n")
    whole, whole_out = _ingest(tmp_path, "whole", export)
    parts, parts_out = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS]) and parts.quarantined.item() == 2
    expected = read_quarantine(whole_out / "quarantine" / "posts.csv")
    got = read_quarantine(parts_out / "quarantine" / "posts.csv")
    assert got[["reason", "record"]].values.tolist() == expected[["reason", "record"]].values.tolist()
    pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))


def test_blocks_of_the_shared_tweets_equal_the_whole_file(tmp_path, shared_data, monkeypatch):
    monkeypatch.setattr(blocks, "BLOCK_ROWS", 4_000)
    export = shared_data / "twitter_airline_sentiment_tweets.csv"
    whole, whole_out = _ingest(tmp_path, "whole", export)
    parts, parts_out = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS])
    pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))


cells = st.text(alphabet=st.sampled_from(["a", "b", ",", '"', "\n", " ", "é"]), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cells, cells), min_size=1, max_size=30), st.integers(1, 7))
def test_blocks_cut_only_between_records(tmp_path_factory, records, rows):
    folder = tmp_path_factory.mktemp("split")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([("a", "b"), *records])
    (folder / "x.csv").write_text(buffer.getvalue(), encoding="utf-8")
    got = []
    for block in blocks.split(folder / "x.csv", folder / "blocks", rows=rows):
        header, *body = csv.reader(io.StringIO(block.path.read_text(encoding="utf-8")))
        assert header == ["a", "b"] and len(body) <= rows
        got += [tuple(r) for r in body]
    assert got == [tuple(r) for r in records]


def test_blocks_read_on_a_dask_cluster_equal_the_blocks_read_here(tmp_path, small_blocks):
    export = tmp_path / "tweets.csv"
    tweets_export(export, clash=True)
    here, here_out = _ingest(tmp_path, "here", export, IN_BLOCKS)
    cluster = Compute(blocks_from_mb=0.001, engine="dask", workers=2, memory_limit="1GB")
    there, there_out = _ingest(tmp_path, "there", export, cluster)
    assert there[COUNTS].equals(here[COUNTS])
    pd.testing.assert_frame_equal(_rows(there_out), _rows(here_out))
    expected = read_quarantine(here_out / "quarantine" / "tweets.csv")
    pd.testing.assert_frame_equal(read_quarantine(there_out / "quarantine" / "tweets.csv"), expected)


def test_ingest_on_the_command_line_reads_a_large_source_in_blocks(tmp_path, small_blocks, monkeypatch):
    from voclab import cli

    for name in ("VOCLAB_ENGINE", "VOCLAB_SCHEDULER"):
        monkeypatch.setenv(name, "")
    export = tmp_path / "tweets.csv"
    tweets_export(export)
    (tmp_path / "voclab.toml").write_text('name = "Big"\n\n[compute]\nblocks_from_mb = 0.001\nworkers = 1\n')
    out = tmp_path / "processed"
    argv = ["--config", str(tmp_path / "voclab.toml"), "ingest", str(export), "--out", str(out), "--engine", "dask"]
    assert cli.main(argv) == 0
    assert read_manifest(out)["sources"]["tweets"]["dataset"]
    assert len(dataset_files(processed=out)) == 21


def test_utf16_is_read_whole_and_undecodable_bytes_are_one_clear_error(tmp_path, small_blocks):
    export = tmp_path / "tweets.csv"
    tweets_export(export, rows=200)
    utf16 = tmp_path / "unicode.csv"
    utf16.write_text(export.read_text(encoding="utf-8"), encoding="utf-16")
    whole, _ = _ingest(tmp_path, "whole", utf16)
    parts, out = _ingest(tmp_path, "blocks", utf16, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS]) and not read_manifest(out / "processed")["sources"]["unicode"].get(
        "dataset"
    )
    broken = tmp_path / "broken.csv"
    broken.write_bytes(
        export.read_bytes() + b"570306133677769999,negative,x,caf\x81,2015-01-10 11:35:52 -0800,United\n"
    )
    with pytest.raises(FormatError, match="neither UTF-8 nor cp1252") as error:
        _ingest(tmp_path, "broken", broken, IN_BLOCKS)
    assert str(error.value.path) == str(broken)


def day_first_tickets(path, months: dict[str, int], *, stray: str | None = None) -> None:
    """A ticket export sorted by date, day-first, 20 tickets a day: ``months`` maps "2024-01" to its last day.
    Blocks of 150 rows hold seven or eight days, so some blocks see only days 1–12. ``stray``: the date of the
    third ticket, written in another layout."""
    days = [d for month, last in months.items() for d in pd.date_range(f"{month}-01", f"{month}-{last:02d}")]
    rows = [
        (f"T{n}-{i}", day.strftime("%d/%m/%Y"), f"Parcel {i} late") for n, day in enumerate(days) for i in range(20)
    ]
    if stray:
        rows[2] = (rows[2][0], stray, rows[2][2])
    pd.DataFrame(rows, columns=["ticket_id", "created_at", "text"]).to_csv(path, index=False)


def test_blocks_whose_dates_read_both_ways_take_the_layout_the_file_settles(tmp_path, small_blocks):
    """Day-first and sorted: the first blocks (1–12 January) and the last (1–10 February) read both ways on their
    own; the file settles day-first as a whole, and so do the blocks — here and on a cluster. A stray date with a
    month name and a zone in the first block is read as the whole file reads it."""
    export = tmp_path / "tickets.csv"
    day_first_tickets(export, {"2024-01": 31, "2024-02": 10}, stray="Mon, 01 Jan 2024 09:30:00 +0100")
    whole, whole_out = _ingest(tmp_path, "whole", export)
    parts, parts_out = _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts[COUNTS].equals(whole[COUNTS]) and whole.kept.item() == 820
    assert _rows(whole_out).set_index("id").created_at["3"] == pd.Timestamp("2024-01-01 08:30", tz="UTC")
    pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))
    assert _rows(parts_out).created_at.dt.month.value_counts().to_dict() == {1: 620, 2: 200}
    cluster = Compute(blocks_from_mb=0.001, engine="dask", workers=2, memory_limit="1GB")
    there, there_out = _ingest(tmp_path, "there", export, cluster)
    assert there[COUNTS].equals(whole[COUNTS])
    pd.testing.assert_frame_equal(_rows(there_out), _rows(whole_out))


def test_a_file_whose_every_block_reads_both_ways_is_the_whole_file_error(tmp_path, small_blocks):
    from voclab.ingest.dates import DateFormatError

    export = tmp_path / "tickets.csv"
    day_first_tickets(export, {"2024-01": 12, "2024-02": 12})
    with pytest.raises(DateFormatError) as whole:
        _ingest(tmp_path, "whole", export)
    with pytest.raises(DateFormatError) as parts:
        _ingest(tmp_path, "blocks", export, IN_BLOCKS)
    assert parts.value.message == whole.value.message and "day-first and month-first" in parts.value.message
    assert not list((tmp_path / "blocks" / "processed").rglob("*.parquet"))  # nothing committed


def test_a_file_without_ids_numbers_its_rows_as_the_whole_file_does(tmp_path, small_blocks):
    """No id column: each row's id is its record (CSV) or line (NDJSON) in the file, not in its block."""
    reviews = [
        {"review": f"Parcel {i} was late", "date": f"2024-01-{1 + i % 28:02d}", "stars": 1 + i % 5} for i in range(400)
    ]
    for name, write in [
        ("reviews.csv", lambda p, f: f.to_csv(p, index=False)),
        ("reviews.jsonl", lambda p, f: f.to_json(p, orient="records", lines=True)),
    ]:
        write(tmp_path / name, pd.DataFrame(reviews))
        whole, whole_out = _ingest(tmp_path, f"whole-{name}", tmp_path / name)
        parts, parts_out = _ingest(tmp_path, f"blocks-{name}", tmp_path / name, IN_BLOCKS)
        assert parts[COUNTS].equals(whole[COUNTS]) and whole.kept.item() == 400
        pd.testing.assert_frame_equal(_rows(parts_out), _rows(whole_out))
        assert read_manifest(parts_out / "processed")["sources"][name.split(".")[0]]["dataset"]
