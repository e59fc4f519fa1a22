"""Property: any table a user exports — columns named like voclab's own fields, dates in any one format, blanks —
loads with every record accounted for and no column silently dropped (issue 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import voclab
from voclab.ingest.formats._social import detect_feedback_columns
from voclab.ingest.validate import reconciles
from voclab.schema import FEEDBACK

#: Column names a real export may use: voclab's own field names, private names, and ordinary ones.
NAMES = [*FEEDBACK, "_record", "_reason", "_raw", "order_id", "Score", "comment", "note", "plan", "visits", "zip"]
DATE_FORMATS = ["%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%d/%m/%Y", "%m/%d/%Y %H:%M", "%d %b %Y", "epoch"]
START = datetime(2020, 1, 1, tzinfo=UTC)


def _dates(draw, n: int) -> list[str]:
    fmt = draw(st.sampled_from(DATE_FORMATS))
    days = draw(st.lists(st.integers(0, 2000), min_size=n, max_size=n))
    stamps = [START + timedelta(days=d, minutes=7 * d) for d in days]
    if fmt.startswith("%d/%m") or fmt.startswith("%m/%d"):
        stamps[0] = stamps[0].replace(day=28)  # one value that says which part is the day
    if fmt == "epoch":
        return [str(int(s.timestamp())) for s in stamps]
    return [s.strftime(fmt) for s in stamps]


@st.composite
def exports(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 12))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=7, unique=True))
    columns: dict[str, list[str]] = {"body": [f"review number {i} says something" for i in range(n)]}
    for name in names:
        kind = draw(st.sampled_from(["text", "int", "bool", "date", "blank", "mixed"]))
        if kind == "text":
            values = draw(
                st.lists(st.sampled_from(["ok", "good service", "late", "=1+1", " "]), min_size=n, max_size=n)
            )
        elif kind == "int":
            values = [str(v) for v in draw(st.lists(st.integers(-5, 99), min_size=n, max_size=n))]
        elif kind == "bool":
            values = draw(st.lists(st.sampled_from(["True", "False", ""]), min_size=n, max_size=n))
        elif kind == "date":
            values = _dates(draw, n)
        elif kind == "blank":
            values = [""] * n
        else:
            values = draw(st.lists(st.sampled_from(["1", "x", "", "2024-01-01", "yes"]), min_size=n, max_size=n))
        columns[name] = values
    return pd.DataFrame(columns)


def _write(frame: pd.DataFrame, path) -> None:
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".xlsx":
        frame.to_excel(path, index=False)
    else:
        frame.to_parquet(path, index=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=exports(), suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]))
def test_any_export_loads_reconciled_with_every_column(tmp_path, frame, suffix):
    path = tmp_path / f"export{suffix}"
    _write(frame, path)
    loaded = voclab.load(path, kind="table", text="body")
    meta = loaded.attrs["voclab"]
    assert reconciles(meta), meta
    assert meta["rows_read"] == len(frame)
    renamed = dict(pair.split(" → ") for pair in meta["renamed"].split("; ")) if meta["renamed"] else {}
    as_read = frame.fillna("").astype(str)
    detected = {column: field for field, column in detect_feedback_columns(as_read, {"text": "body"}).items()}
    for column in frame.columns:
        stored = detected.get(column) or renamed.get(column, column)
        assert stored in loaded.columns, (column, stored, list(loaded.columns))
    if meta["kept"]:
        assert loaded["source"].astype(str).unique().tolist() == ["export"]  # voclab's field, never the file's


#: Headers a survey table may carry: wording, identifiers, voclab's own response fields and private names.
QUESTION_HEADERS = ["How likely are you to recommend us?", "Q1", "Q3", "nps", "source", "_record", "Overall?", "q 2"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answers=st.lists(
        st.lists(
            st.one_of(st.none(), st.integers(0, 10)), min_size=len(QUESTION_HEADERS), max_size=len(QUESTION_HEADERS)
        ),
        min_size=1,
        max_size=15,
    ),
    headers=st.lists(st.sampled_from(QUESTION_HEADERS), min_size=1, max_size=5, unique=True),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_any_survey_table_keeps_every_answer_under_a_distinct_question(tmp_path, answers, headers, suffix):
    grid = pd.DataFrame([row[: len(headers)] for row in answers], columns=headers, dtype="Int64")
    frame = grid.astype("string").fillna("").assign(respondent_id=[f"R{i}" for i in range(len(grid))])
    path = tmp_path / f"survey{suffix}"
    _write(frame, path)
    survey = voclab.load_survey(path, kind="survey")
    assert survey.responses.attrs["voclab"]["rows_read"] == len(grid)
    ids = survey.questions["question_id"].tolist()
    assert len(ids) == len(set(ids)) == len(headers)
    for header, question in zip(headers, ids, strict=True):
        stored = pd.to_numeric(survey.responses[question]).astype("Int64").tolist()
        assert stored == grid[header].tolist(), (header, question)  # blanks stay missing, numbers stay numbers
