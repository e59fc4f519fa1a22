"""Transaction logs: one event per line, value = quantity × price, ids kept, repeated headers skipped and counted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import voclab
from voclab.exceptions import SchemaError
from voclab.ingest import registry
from voclab.ingest.validate import reconciles

INVOICES = Path(__file__).parent / "fixtures" / "exports" / "invoice_lines_repeated_header.csv"


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return voclab.load(INVOICES)


def test_an_invoice_line_log_is_sniffed_as_transactions_not_a_wide_customer_file(lines):
    assert registry.sniff(INVOICES).kind == "transactions"
    assert lines.attrs["voclab"]["kind"] == "transactions" and lines.attrs["voclab"]["table"] == "behaviour"


def test_counts_reconcile_line_by_line(lines):
    info = lines.attrs["voclab"]
    # 17 data lines: 1 repeated header (skipped), 1 blank, 1 exact duplicate, 2 bad (no customer, 'six'), 12 kept
    assert (info["rows_read"], info["skipped_rows"], info["blank_rows"], info["duplicates"]) == (17, 1, 1, 1)
    assert (info["quarantined"], info["kept"]) == (2, 12) and reconciles(info)
    reasons = sorted(voclab.quarantine_of(lines)["reason"])
    assert reasons == ["missing customer id", "not a number in quantity: six"]


def test_one_event_per_line_with_its_value_ids_and_date(lines):
    first = lines.iloc[0]
    assert (first["customer_id"], first["order_id"], first["event"]) == ("17850", "536365", "order_line")
    np.testing.assert_allclose(lines["value"].iloc[:3].astype(float), [6 * 2.55, 6 * 3.39, 8 * 2.75])
    assert first["ts"] == pd.Timestamp("2010-12-01 08:26", tz="UTC")  # month-first, settled by 12/13/2010
    cancel = lines[lines["order_id"] == "C536379"].iloc[0]
    assert cancel["event"] == "cancellation" and cancel["value"] == -27.5
    assert lines.loc[lines["description"] == "ALARM CLOCK BAKELIKE PINK", "product"].iloc[0] == "00123"
    assert lines["country"].iloc[-1] == "United Kingdom"


def test_orders_join_to_order_keyed_reviews_with_plain_pandas(lines, tmp_path):
    reviews = tmp_path / "reviews.csv"
    reviews.write_text("review_id,order_id,text,rating\nr1,536365,Lovely lantern,5\nr2,536367,Arrived broken,1\n")
    said = voclab.load(reviews, kind="reviews", id="review_id")
    assert "order_id" in said
    joined = said.merge(lines.groupby("order_id", as_index=False)["value"].sum(), on="order_id")
    np.testing.assert_allclose(
        joined.sort_values("order_id")["value"], [6 * 2.55 + 6 * 3.39 + 8 * 2.75, 32 * 1.69 + 6 * 2.1]
    )


def test_a_log_without_customer_ids_says_how_to_map_them(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text("InvoiceNo,Quantity,UnitPrice,Buyer\n1,2,3.0,A\n")
    with pytest.raises(SchemaError, match=r"no customer id column.*--map customer_id=COLUMN.*Buyer"):
        voclab.load(path, kind="transactions")
    assert voclab.load(path, kind="transactions", customer_id="Buyer")["value"].tolist() == [6.0]


def test_an_orders_export_has_its_dates_in_ts_and_its_order_ids_as_a_column(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text("order_id,customer_id,order_date,total\nA-1,c1,2024-03-01,19.99\nA-2,c2,2024-03-05,5.00\n")
    orders = voclab.load(path)
    assert orders.attrs["voclab"]["kind"] == "transactions"
    assert orders["order_id"].tolist() == ["A-1", "A-2"] and orders["value"].tolist() == [19.99, 5.0]
    assert orders["ts"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-01", "2024-03-05"]
    assert orders["detail"].isna().all()


def test_rfm_outcomes_from_the_log_match_a_hand_count(lines):
    from voclab.saydo import rfm

    outcomes = rfm(lines, as_of="2010-12-31").set_index("customer_id")
    # 17850: invoices 536365 (3 lines), 536366, 536375 (13 Dec); the bad 'six' line was quarantined
    assert outcomes.loc["17850", "orders"] == 3
    np.testing.assert_allclose(outcomes.loc["17850", "spend"], 6 * 2.55 + 6 * 3.39 + 8 * 2.75 + 6 * 1.85 + 6 * 3.39)
    assert outcomes.loc["17850", "last_order"] == pd.Timestamp("2010-12-13 09:32", tz="UTC")
    assert outcomes.loc["17850", "recency_days"] == 17 and bool(outcomes.loc["17850", "active"])
    # 14527 only cancelled: spend negative, no order
    assert outcomes.loc["14527", "orders"] == 0 and outcomes.loc["14527", "spend"] == -27.5
    assert not bool(rfm(lines, as_of="2011-06-30", active_days=90).set_index("customer_id").loc["17850", "active"])
