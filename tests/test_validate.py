import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from voclab.ingest.registry import Parsed
from voclab.ingest.validate import validate


def feedback(**cols):
    frame = pd.DataFrame(cols)
    frame["_record"] = range(1, len(frame) + 1)
    return Parsed("feedback", frame)


def test_reasons_for_each_kind_of_bad_row():
    parsed = feedback(
        id=["1", "", "3", "4", "5", "5", "6", "6"],
        created_at=[
            "2024-01-01",
            "2024-01-01",
            "not a date",
            "2024-01-01",
            "2024-01-01",
            "2024-01-01",
            "2024-01-02",
            "2024-01-02",
        ],
        rating=["5", "4", "3", "9", "2", "3", "1", "1"],
        text=["a", "b", "c", "d", "e", "f", "g", "g"],
    )
    parsed.ranges = {"rating": (1, 5)}
    result = validate(parsed, "src")
    reasons = dict(zip(result.quarantine["_record"], result.quarantine["reason"], strict=True))
    assert reasons == {
        2: "missing id",
        3: "unparseable created_at: not a date",
        4: "rating out of range 1–5: 9",
        5: "duplicate id with different content",
        6: "duplicate id with different content",
    }
    assert result.kept["id"].tolist() == ["1", "6"]
    assert result.duplicates == 1
    assert result.rows_read == 8 == len(result.kept) + len(result.quarantine) + result.duplicates


def test_kept_rows_have_schema_dtypes():
    result = validate(feedback(id=["7"], created_at=["2015-02-24 11:35:52 -0800"], rating=["4"]), "s")
    kept = result.kept
    assert str(kept["created_at"].dtype) == "datetime64[ns, UTC]"
    assert kept["created_at"][0] == pd.Timestamp("2015-02-24 19:35:52", tz="UTC")
    assert str(kept["rating"].dtype) == "Float64" and kept["rating"][0] == 4
    assert kept["source"].tolist() == ["s"]


def test_reader_reasons_are_honoured():
    parsed = feedback(id=["1", "2"], text=["ok", "{broken"])
    parsed.frame["_reason"] = [None, "invalid JSON on this line"]
    result = validate(parsed, "s")
    assert result.quarantine["reason"].tolist() == ["invalid JSON on this line"]
    assert "_reason" not in result.quarantine


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["1", "2", "3", "", " "]),
            st.sampled_from(["2024-01-01", "x", "", "2024-13-01"]),
            st.sampled_from(["1", "5", "0", "abc", ""]),
        ),
        max_size=30,
    )
)
def test_counts_always_reconcile(rows):
    ids, dates, ratings = zip(*rows, strict=True) if rows else ((), (), ())
    parsed = feedback(id=list(ids), created_at=list(dates), rating=list(ratings))
    parsed.ranges = {"rating": (1, 5)}
    result = validate(parsed, "s")
    assert result.rows_read == len(rows)
    assert not result.kept["id"].duplicated().any()
    assert (result.kept["rating"].dropna().between(1, 5)).all()


def test_dates_outside_the_nanosecond_range_are_quarantined_not_a_crash():
    raw = pd.DataFrame({"id": ["1", "2"], "created_at": ["2024-01-01", "0202-01-01"]})
    result = validate(Parsed("feedback", raw), source="typos")
    assert result.quarantine["reason"].tolist() == ["unparseable created_at: 0202-01-01"]
