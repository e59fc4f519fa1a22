"""Generic tables (CSV/TSV/Excel/Parquet + column map) and behaviour files, long and wide."""

from pathlib import Path

import pandas as pd
import pytest

import voclab
from voclab.exceptions import FormatError, SchemaError
from voclab.ingest.validate import reconciles

TABLES = Path(__file__).parent / "fixtures" / "tables"


def test_multiline_fields_and_blank_rows():
    df = voclab.load(
        TABLES / "multiline_and_blank.csv",
        kind="table",
        id="review_id",
        text="body",
        rating="stars",
        created_at="date",
    )
    assert df["text"].tolist() == ["Great app,\nreally", "Slow"]
    meta = df.attrs["voclab"]
    assert (meta["rows_read"], meta["kept"], meta["blank_rows"]) == (3, 2, 1)


@pytest.mark.parametrize(("name", "expected"), [("cp1252.tsv", "naïve café “quoted”"), ("utf8_bom.csv", "café")])
def test_encodings_are_detected(name, expected):
    df = voclab.load(TABLES / name, kind="table")
    assert df["id"].tolist() == ["1"]
    assert df["text"].tolist() == [expected]


def test_excel_and_parquet(tmp_path):
    frame = pd.DataFrame({"review": ["good", "bad"], "stars": [5, 1], "rid": ["001", "002"]})
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    frame.to_parquet(tmp_path / "r.parquet")
    for name in ("r.xlsx", "r.parquet"):
        df = voclab.load(tmp_path / name, kind="table", text="review", rating="stars", id="rid")
        assert df["id"].tolist() == ["001", "002"], name
        assert df["rating"].tolist() == [5, 1], name


def test_unclosed_quote_is_a_format_error_with_location():
    with pytest.raises(FormatError) as info:
        voclab.load(TABLES / "unclosed_quote.csv", kind="table")
    assert "unclosed_quote.csv" in str(info.value)


def test_map_to_missing_column_lists_the_columns():
    with pytest.raises(SchemaError, match="review_body.*fix: the file has: review_id, body"):
        voclab.load(TABLES / "multiline_and_blank.csv", kind="table", text="review_body")


def test_garbage_excel_is_a_format_error(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(FormatError, match="x.xlsx"):
        voclab.load(tmp_path / "x.xlsx", kind="table")


def test_behaviour_long_quarantines_bad_rows():
    df = voclab.load(TABLES / "behaviour_long.csv")
    meta = df.attrs["voclab"]
    assert meta["kind"] == "behaviour"
    assert df["event"].tolist() == ["order", "churn"]
    assert df["value"].tolist() == [19.99, 1.0]
    assert df["detail"].tolist()[0] == "ORD-1"
    reasons = sorted(voclab.quarantine_of(df)["reason"])
    assert reasons == ["missing customer id", "not a number in value: abc", "unparseable ts: 2025-13-45"]
    assert reconciles(meta) and meta["rows_read"] == 5


def test_behaviour_wide_melts_yes_no_numbers_dates_and_categories(tmp_path):
    path = tmp_path / "churn.csv"
    path.write_text(
        "customerID,tenure,Contract,Churn,TotalCharges,signup_date\n"
        "A1,3,Monthly,Yes,10.5,2024-05-01\nA2,0,Yearly,No, ,2024-06-02\nA1,3,Monthly,Yes,10.5,2024-05-01\n"
    )
    df = voclab.load(path)
    got = {(r.customer_id, r.event): (r.value, r.detail, r.ts) for r in df.itertuples()}
    assert got[("A1", "Churn")][0] == 1.0
    assert got[("A2", "Churn")][0] == 0.0
    assert got[("A1", "Contract")][1] == "Monthly"
    assert got[("A1", "TotalCharges")][0] == 10.5
    assert got[("A2", "TotalCharges")][0] is pd.NA  # a blank cell is a missing value, not a bad row
    assert got[("A2", "signup_date")][2] == pd.Timestamp("2024-06-02", tz="UTC")  # a date is a timestamp
    meta = df.attrs["voclab"]
    assert voclab.quarantine_of(df).empty
    # counted in the file's records (customers), the repeated A1 record as one exact duplicate
    assert (meta["rows_read"], meta["kept"], meta["quarantined"], meta["duplicates"]) == (3, 2, 0, 1)


def test_behaviour_wide_quarantines_whole_records(tmp_path):
    path = tmp_path / "customers.csv"
    good = "".join(f"G{i},Pro,{i}.5\n" for i in range(30))  # enough numbers to call spend numeric
    path.write_text("customer_id,plan,spend\nC1,Pro,10\nC2,Basic,abc\nC3,Pro,7\nC3,Basic,7\nC4,Pro,N/A\n" + good)
    df = voclab.load(path)
    bad = voclab.quarantine_of(df)
    assert sorted(set(bad["reason"])) == ["duplicate customer id with different content", "not a number in spend: abc"]
    assert len(bad) == 6  # every value of the three bad records, each with its record's reason
    assert {"C1", "C4"} <= set(df["customer_id"]) and not {"C2", "C3"} & set(df["customer_id"])  # N/A is missing
    meta = df.attrs["voclab"]
    assert (meta["rows_read"], meta["kept"], meta["quarantined"]) == (35, 32, 3)


def test_a_log_with_repeated_customers_is_not_a_wide_file(tmp_path):
    path = tmp_path / "orders.csv"
    lines = [f"C{i % 5},ORD-{i},2024-01-{i + 1:02d},{i * 3}.50" for i in range(25)]
    path.write_text("customer_id,order_ref,order_date,total\n" + "\n".join(lines) + "\n")
    with pytest.raises(SchemaError, match="customer ids repeat on 100% of the records.* --kind transactions"):
        voclab.load(path, kind="behaviour")


def test_real_telco_churn_file(shared_data):
    df = voclab.load(shared_data / "ibm_telco_customer_churn.csv")
    meta = df.attrs["voclab"]
    assert meta["kind"] == "behaviour"
    assert df["customer_id"].nunique() == 7043
    assert meta["rows_read"] == meta["kept"] == 7043 and meta["quarantined"] == 0  # one record per customer
    total = df[df["event"] == "TotalCharges"]["value"]
    assert total.isna().sum() == 11  # the 11 blank TotalCharges are missing values
    churn = df[df["event"] == "Churn"]["value"]
    assert churn.sum() == 1869  # the file's 'Yes' count


def test_missing_file_and_unknown_kind():
    with pytest.raises(FormatError, match="no such file"):
        voclab.load("does/not/exist.csv")
    with pytest.raises(FormatError, match="unknown kind 'nope'"):
        voclab.load(TABLES / "utf8_bom.csv", kind="nope")
