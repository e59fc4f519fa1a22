"""Dates: one format per column, inferred from all its values; ambiguous columns are an error, never a guess."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import voclab
from voclab.cli import main
from voclab.ingest.dates import (
    EPOCH_MS,
    EPOCH_S,
    ISO,
    SCREEN,
    DateFormatError,
    infer_date_format,
    parse_dates,
)

EXPORTS = __import__("pathlib").Path(__file__).parent / "fixtures" / "exports"


def _day(stamps: pd.Series) -> list[str]:
    return stamps.dt.strftime("%Y-%m-%d").tolist()


def test_day_first_csv_whose_first_rows_are_ambiguous_reads_every_row_day_first(tmp_path):
    days = [f"{d:02d}/{m:02d}/2024" for m, d in [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12)] * 2]
    days += ["13/01/2024", "28/02/2024"]  # only these prove the order, after twelve ambiguous rows
    path = tmp_path / "reviews.csv"
    path.write_text("id,text,created_at\n" + "".join(f"{i},ok,{d}\n" for i, d in enumerate(days)))
    frame = voclab.load(path, kind="table")
    assert _day(frame["created_at"])[:2] == ["2024-01-02", "2024-03-04"]  # 2 January, not 1 February
    assert _day(frame["created_at"])[-2:] == ["2024-01-13", "2024-02-28"]
    assert frame.attrs["voclab"]["quarantined"] == 0


def test_a_column_that_reads_both_ways_is_an_error_naming_it_and_the_fix(tmp_path):
    path = tmp_path / "reviews.csv"
    path.write_text("id,text,created_at\n1,ok,01/02/2024\n2,ok,03/04/2024\n")
    with pytest.raises(DateFormatError, match=r"reviews\.csv: column 'created_at' reads both day-first and month"):
        voclab.load(path, kind="table")
    assert _day(voclab.load(path, kind="table", date_format="%m/%d/%Y")["created_at"]) == ["2024-01-02", "2024-03-04"]


def test_date_format_on_the_command_line(tmp_path, capsys):
    path = tmp_path / "reviews.csv"
    path.write_text("id,text,created_at\n1,ok,01/02/2024\n2,ok,03/04/2024\n")
    out = tmp_path / "processed"
    assert main(["ingest", str(path), "--kind", "table", "--out", str(out)]) == 2
    assert "--date-format" in capsys.readouterr().err
    assert main(["ingest", str(path), "--kind", "table", "--out", str(out), "--date-format", "%d/%m/%Y"]) == 0
    feedback = pd.read_parquet(out / "feedback.parquet")
    assert _day(feedback["created_at"]) == ["2024-02-01", "2024-04-03"]


@pytest.mark.parametrize(
    ("values", "expected", "first"),
    [
        (["1700000000", "1700086400"], EPOCH_S, "2023-11-14"),
        (["1700000000000", "1700086400000"], EPOCH_MS, "2023-11-14"),
        (["2024-01-02T03:04:05Z", "2024-01-03"], ISO, "2024-01-02"),
        (["31-Jul-18", "1-Aug-18"], "%d-%b-%y", "2018-07-31"),
        (["2015-02-24 11:35:52 -0800", "2015-02-24 23:59:00 -0800"], ISO, "2015-02-24"),
        (["3/14/2024 10:00", "3/15/2024"], "%m/%d/%Y", "2024-03-14"),  # date-only among date-times: same layout
    ],
)
def test_layouts_are_recognised(values, expected, first):
    assert infer_date_format(pd.Series(values)) == expected
    assert _day(parse_dates(pd.Series(values)))[0] == first


def test_values_the_column_layout_cannot_read_are_missing_and_never_read_another_way():
    stamps = parse_dates(pd.Series(["13/01/2024", "14/01/2024", "01/13/2024", "soon"]))
    assert _day(stamps)[:2] == ["2024-01-13", "2024-01-14"] and stamps[2:].isna().all()


def test_alexa_verified_reviews_dates_parse():
    frame = voclab.load(EXPORTS / "reviews_verified_reviews.tsv", kind="reviews")
    assert frame["created_at"].notna().all() and frame["created_at"].dt.year.eq(2018).all()


_FORMATS = ["%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%b-%Y", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31)), min_size=1, max_size=30),
    st.sampled_from(_FORMATS),
)
def test_any_column_in_one_layout_round_trips_or_is_called_ambiguous(stamps, fmt):
    stamps = [s.replace(microsecond=0, second=0 if "%S" not in fmt else s.second) for s in stamps]
    if "%H" not in fmt:
        stamps = [s.replace(hour=0, minute=0, second=0) for s in stamps]
    text = pd.Series([s.strftime(fmt) for s in stamps])
    try:
        parsed = parse_dates(text)
    except DateFormatError:
        assert all(s.day <= 12 for s in stamps)  # only a column with no day above 12 may be ambiguous
        return
    assert parsed.tolist() == [pd.Timestamp(s, tz=UTC) for s in stamps]


def _distinct_stamps(n: int, fmt: str, *, days: int = 28) -> pd.Series:
    """``n`` distinct date-times (one an hour from 2021-01-01, days of the month up to ``days``) in ``fmt``."""
    stamps = pd.date_range("2021-01-01", periods=4 * n, freq="h")
    stamps = stamps[stamps.day <= days][:n]
    return pd.Series(stamps.strftime(fmt))


def test_a_large_column_is_screened_and_still_read_in_its_one_layout(monkeypatch):
    from voclab.ingest import dates

    full, parse_with = [], dates._parse_with

    def counted(text, fmt):  # the layouts tried on every value, not only on the sample
        if len(text) > SCREEN:
            full.append(fmt)
        return parse_with(text, fmt)

    monkeypatch.setattr(dates, "_parse_with", counted)
    iso = pd.concat([_distinct_stamps(3 * SCREEN, "%Y-%m-%dT%H:%M:%S"), pd.Series(["2024-13-45T00:00:00", "soon"])])
    assert infer_date_format(iso) == ISO
    assert full == ["%Y-%m-%d"]  # ISO and the one layout that reads as much; the other 24 only on the sample
    day_first = _distinct_stamps(3 * SCREEN, "%d/%m/%Y %H:%M")
    assert infer_date_format(day_first) == "%d/%m/%Y"
    parsed = parse_dates(day_first)
    assert parsed.notna().all() and parsed.dt.day.max() > 12  # day-first on every row, days above 12 included
    with pytest.raises(DateFormatError):  # every day 12 or less: ambiguous however many values
        infer_date_format(_distinct_stamps(3 * SCREEN, "%d/%m/%Y %H:%M", days=12))


def test_skipping_layouts_by_runs_of_spaces_reads_exactly_what_trying_every_layout_reads():
    from voclab.ingest import dates

    values = [
        "2024-03- 5",
        "Mar  5 2024",
        "5/3/2024 10:00",
        "5/3/2024  10:00:01",
        "05.03.24",
        "5 Mar 2024",
        "2024-03-05T10:00:00",
        "3/5/2024 10:00 PM",
        "",
        "soon",
        "Tue Mar 05 10:00:00 +0000 2024",
        "20240305",
    ]
    text = pd.Series(values, dtype="string").mask(lambda s: s == "")
    for fmt in dates._candidates():
        expected = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
        for suffix in dates._TIMES if "%H" not in fmt and "%I" not in fmt else ("",):
            todo = expected.isna()
            expected.loc[todo] = pd.to_datetime(text[todo], format=fmt + suffix, utc=True, errors="coerce")
        pd.testing.assert_series_equal(dates._parse_with(text, fmt), expected, obj=fmt)
