"""Transaction logs: one row per order or invoice line, into the ``behaviour`` table, one event per line.

E-commerce and ERP exports (the UCI *Online Retail* layout ``InvoiceNo, StockCode, Description, Quantity,
InvoiceDate, UnitPrice, CustomerID, Country``, Shopify/WooCommerce order lines, …) become one behaviour event
per line: ``event`` ``order_line`` (or ``cancellation`` for an invoice id starting with ``C`` or a negative
quantity), ``value`` = quantity × unit price where both are given (else the line total, if the file has one),
``ts`` from the order date, and ``customer_id`` and ``order_id`` kept as columns. ``product``, ``description``,
``quantity``, ``price`` and ``country`` are kept as extra columns (the product code as text: ``00123`` stays
``00123``). A header line repeated inside the file (concatenated exports) is skipped and counted
(``skipped_rows``); a line without a customer id, or whose quantity or price is not a number, is quarantined with
its reason. :func:`voclab.saydo.rfm` turns the events into per-customer outcomes (orders, spend, recency).

Example
-------
>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "invoices.csv"
>>> _ = p.write_text("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\\n"
...                  "536365,85123A,6,2010-12-01 08:26,2.55,17850\\nC536379,D,-1,2010-12-01 09:41,27.50,14527\\n")
>>> read(p, {}).frame[["customer_id", "order_id", "event", "value"]].values.tolist()
[['17850', '536365', 'order_line', '15.3'], ['14527', 'C536379', 'cancellation', '-27.5']]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from voclab.exceptions import SchemaError
from voclab.ingest._files import drop_blank_rows
from voclab.ingest.formats._social import detect_columns, norm_name
from voclab.ingest.formats.table import apply_map, read_any_table
from voclab.ingest.registry import PRIVATE, Parsed, Sample, register

__all__ = ["FIELDS", "read"]

#: Unified or extra field → column names it is found under (normalised: lower case, ``_`` for separators).
_ALIASES: dict[str, tuple[str, ...]] = {
    "order_id": ("order_id", "orderid", "invoiceno", "invoice_no", "invoice", "invoice_id", "order_number", "order"),
    "customer_id": ("customer_id", "customerid", "customer", "client_id", "user_id", "account_id", "buyer_id"),
    "ts": ("invoicedate", "invoice_date", "order_date", "orderdate", "purchase_date", "date", "timestamp", "ts"),
    "product": ("stockcode", "stock_code", "sku", "product_id", "productid", "item_id", "product_code", "product"),
    "description": ("description", "product_name", "item_name", "lineitem_name"),
    "quantity": ("quantity", "qty", "units", "lineitem_quantity"),
    "price": ("unitprice", "unit_price", "price", "item_price", "lineitem_price"),
    "value": ("line_total", "total", "amount", "revenue", "sales"),
    "country": ("country", "billing_country", "ship_country"),
}
#: Fields a column map may name for this kind, beyond the behaviour table's own.
FIELDS = ("product", "description", "quantity", "price", "country")


def _sniff(sample: Sample) -> bool:
    if sample.suffix not in {".csv", ".tsv", ".txt"}:
        return False
    header = {norm_name(c) for c in sample.first_line.replace("\t", ",").split(",")}
    has = {name for name, aliases in _ALIASES.items() if header.intersection(aliases)}
    texts = {"text", "review", "review_text", "comment", "body", "content", "message", "rating"}
    return {"order_id", "customer_id"} <= has and bool(has & {"quantity", "price", "value"}) and not texts & header


def _repeated_headers(frame: pd.DataFrame) -> pd.Series:
    """Lines that repeat the header (every cell equal to its column's name, ignoring case and spaces)."""
    columns = [c for c in frame.columns if c not in PRIVATE]
    same = pd.Series(True, index=frame.index)
    for column in columns:
        same &= frame[column].astype("string").str.strip().str.lower() == str(column).strip().lower()
    return same


@register(
    "transactions",
    table="behaviour",
    description="order / invoice lines (one row per line): one behaviour event per line",
    sniff=_sniff,
    priority=35,
    fields=FIELDS,
)
def read(path: Path, mapping: Mapping[str, str]) -> Parsed:
    _, frame = read_any_table(path)
    frame, blank = drop_blank_rows(frame)
    headers = _repeated_headers(frame)
    frame = frame.loc[~headers]
    columns = [c for c in frame.columns if c not in PRIVATE]
    found = detect_columns(columns, _ALIASES, mapping)
    if {"quantity", "price"} <= set(found) and "value" not in mapping:
        found.pop("value", None)  # a line total stays an extra column; value is quantity × price
    missing = [name for name in ("customer_id", "order_id") if name not in found]
    if missing or not {"quantity", "price", "value"} & set(found):
        need = missing[0] if missing else "quantity"
        raise SchemaError(
            f"no {need.replace('_', ' ')} column found for a transaction log",
            path=path,
            line=1,
            hint=f"pass --map {need}=COLUMN (the file has: {', '.join(columns)[:300]})",
        )
    frame = apply_map(frame, found, path)
    frame = frame.assign(**_events(frame))
    numeric = tuple(c for c in ("quantity", "price") if c in frame)
    return Parsed(
        "behaviour",
        frame,
        blank_rows=blank,
        skipped_rows=int(headers.sum()),
        required=("customer_id", "event"),
        numeric=numeric,
    )


def _events(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """``event`` and ``value`` of each line (raw text, as validation expects)."""
    quantity = pd.to_numeric(frame["quantity"], errors="coerce") if "quantity" in frame else None
    order = frame["order_id"].astype("string").str.strip()
    cancelled = order.str.upper().str.startswith("C").fillna(False)
    if quantity is not None:
        cancelled |= (quantity < 0).fillna(False)
    event = pd.Series("order_line", index=frame.index, dtype="string").mask(cancelled, "cancellation")
    if quantity is not None and "price" in frame:
        value = (quantity * pd.to_numeric(frame["price"], errors="coerce")).round(6)
        value = value.map(lambda v: pd.NA if pd.isna(v) else str(v))
    else:
        value = frame["value"] if "value" in frame else pd.Series(pd.NA, index=frame.index)
    return {"event": event, "value": value.astype("string")}
