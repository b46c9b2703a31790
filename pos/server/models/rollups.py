"""Aggregates kept up to date behind ingest, so the office's pages read thousands of rows instead of millions.

Every sale stored for the first time is queued (``RollupPending``) in ingest's transaction and added to these by
``pos.server.rollups.fold`` exactly once; a resent or quarantined sale is never queued, so once the queue is folded
(every office page folds it before reading) they equal the sums of the raw rows (a test compares them after
replayed and refused uploads). Stock on hand is kept in ingest's own transaction. Each roll-up holds two grains: ``d`` (one row per business day) and ``m`` (one per month,
``day`` = its first day), so a year's report reads twelve month rows per key and the days at its edges.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import ServerBase


class LineRollup(ServerBase):
    """Sale lines by day (or month), store, product, the OCOP stars printed and the VAT rate."""

    __tablename__ = "rollup_lines"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)  # '' for a line without a product
    ocop_stars: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: not OCOP
    vat_rate: Mapped[int] = mapped_column(Integer, primary_key=True)
    lines: Mapped[int] = mapped_column(BigInteger)
    qty_sold: Mapped[int] = mapped_column(BigInteger)
    qty_returned: Mapped[int] = mapped_column(BigInteger)  # positive: units brought back
    sales: Mapped[int] = mapped_column(BigInteger)
    returns: Mapped[int] = mapped_column(BigInteger)  # negative đồng

    #: A product's days at one store (its stock card) without reading every store's days.
    __table_args__ = (Index("ix_rollup_lines_store_product", "store_id", "product_id", "grain"),)


class PaymentRollup(ServerBase):
    """Payments by day (or month), store and method."""

    __tablename__ = "rollup_payments"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    method: Mapped[str] = mapped_column(String(10), primary_key=True)
    payments: Mapped[int] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(BigInteger)


class VatRollup(ServerBase):
    """The receipts' VAT rows by day (or month), store and rate: the figures a VAT return is made from."""

    __tablename__ = "rollup_vat"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)


class ReceiptRollup(ServerBase):
    """Receipts by day (or month), store and cashier: counts and totals of sales and returns."""

    __tablename__ = "rollup_receipts"

    grain: Mapped[str] = mapped_column(String(1), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    cashier_key: Mapped[str] = mapped_column(String(36), primary_key=True)  # cashier id, or '' if none
    cashier_name: Mapped[str] = mapped_column(String(120))
    sales_count: Mapped[int] = mapped_column(BigInteger)
    returns_count: Mapped[int] = mapped_column(BigInteger)
    sales_total: Mapped[int] = mapped_column(BigInteger)
    returns_total: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)
    vat_total: Mapped[int] = mapped_column(BigInteger)


class StockOnHand(ServerBase):
    """A product's stock at a store: Σ stock moves − Σ sold (+ returned), kept at ingest."""

    __tablename__ = "stock_on_hand"

    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    qty_milli: Mapped[int] = mapped_column(BigInteger)


class RollupPending(ServerBase):
    """A stored sale not yet added to the roll-ups: ingest queues it in its own transaction, ``rollups.fold``
    adds it and takes it off in one (see ``pos.server.rollups``)."""

    __tablename__ = "rollup_pending"

    sale_id: Mapped[str] = mapped_column(String(36), primary_key=True)
