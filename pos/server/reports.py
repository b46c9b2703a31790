"""Consolidated sales reports across stores: by store, product, producer, OCOP star, locality or day.

Every report sums sale lines (signed: returns subtract), so the amounts of any grouping add up to the same revenue
to the đồng. Dates are the till's business date. "Locality" is where the goods come from — the producer's
district and province, the unit OCOP ratings are organised by; a store's own locality is on the store report.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, literal, select
from sqlalchemy.sql import ColumnElement

from pos.server.models import Producer, Product, Sale, SaleLine, Store

GROUPS = ("store", "product", "producer", "ocop_star", "locality", "day")
UNKNOWN = "(không rõ / unknown)"


@dataclass(frozen=True)
class ReportRow:
    key: str
    label: str
    receipts: int
    qty_milli: int
    amount: int


def _keys(group: str) -> tuple[ColumnElement[str], ColumnElement[str]]:
    if group == "store":
        return Store.code, func.max(Store.name)  # type: ignore[return-value]
    if group == "product":
        return SaleLine.sku, func.max(SaleLine.name_vi)  # type: ignore[return-value]
    if group == "producer":
        return func.coalesce(Producer.code, ""), func.coalesce(func.max(Producer.name), "")
    if group == "ocop_star":
        return func.coalesce(SaleLine.ocop_stars, 0), literal("")  # type: ignore[arg-type]
    if group == "locality":
        return (
            func.coalesce(Producer.district, ""),
            func.coalesce(func.max(Producer.province), ""),
        )
    if group == "day":
        return Sale.business_date, literal("")  # type: ignore[return-value]
    raise ValueError(group)


def sales_report(
    conn: Connection,
    group: str,
    *,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    store_code: str | None = None,
) -> list[ReportRow]:
    key, label = _keys(group)
    stmt = (
        select(
            key,
            label,
            func.count(func.distinct(Sale.id)),
            func.coalesce(func.sum(SaleLine.qty_milli), 0),
            func.coalesce(func.sum(SaleLine.amount), 0),
        )
        .select_from(SaleLine)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .join(Store, Store.id == Sale.store_id)
    )
    if group in ("producer", "locality"):
        stmt = stmt.outerjoin(Product, Product.id == SaleLine.product_id).outerjoin(
            Producer, Producer.id == Product.producer_id
        )
    if date_from:
        stmt = stmt.where(Sale.business_date >= date_from)
    if date_to:
        stmt = stmt.where(Sale.business_date <= date_to)
    if store_code:
        stmt = stmt.where(Store.code == store_code)
    stmt = stmt.group_by(key).order_by(key)
    out = []
    for k, lab, receipts, qty, amount in conn.execute(stmt):
        key_text = k.isoformat() if isinstance(k, dt.date) else str(k if k is not None else "")
        out.append(
            ReportRow(key_text, _label(group, key_text, str(lab or "")), int(receipts), int(qty), int(amount))
        )
    return out


def _label(group: str, key: str, label: str) -> str:
    if group == "ocop_star":
        return f"{key}★ OCOP" if key != "0" else "Không phải OCOP / not OCOP"
    if group == "locality":
        return ", ".join(x for x in (key, label) if x) or UNKNOWN
    if group == "day":
        return key
    return label or UNKNOWN


def to_csv(rows: Sequence[ReportRow]) -> str:
    """CSV with a byte-order mark so Excel shows Vietnamese correctly."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["key", "label", "receipts", "qty", "amount_vnd"])
    for r in rows:
        qty = f"{r.qty_milli // 1000}" if r.qty_milli % 1000 == 0 else f"{r.qty_milli / 1000:.3f}"
        w.writerow([r.key, r.label, r.receipts, qty, r.amount])
    return buf.getvalue()
