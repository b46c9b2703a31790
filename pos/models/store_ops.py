"""Tables of running the shop: the audit log, shifts and cash, Z reports, voids, scheduled prices, consignment
terms, stock thresholds, receiving, stock counts, producer details and producer settlements.

Stock itself stays in ``stock_moves`` (a ledger); the tables here only record the documents behind the moves
(a goods receipt, a stock count) so a move can be traced to its paper.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base


class AuditEntry(Base):
    """Who asked, who approved, what, why and when. Append-only: triggers refuse UPDATE and DELETE, and
    ``hash = sha256(prev_hash ‖ canonical(entry))`` chains the rows like the sales journal."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    terminal_code: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    actor_name: Mapped[str] = mapped_column(String(120), default="")
    approver_id: Mapped[str | None] = mapped_column(String(36))
    approver_name: Mapped[str] = mapped_column(String(120), default="")
    subject_type: Mapped[str] = mapped_column(String(30), default="")
    subject_id: Mapped[str] = mapped_column(String(60), default="")
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True)
    amount: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class Shift(Base):
    """One cashier session on one till, from the counted opening float to the Z report."""

    __tablename__ = "shifts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(10))  # open | closed
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    opened_by: Mapped[str] = mapped_column(String(36))
    opened_by_name: Mapped[str] = mapped_column(String(120))
    opening_float: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(36))
    closed_by_name: Mapped[str] = mapped_column(String(120), default="")
    expected_cash: Mapped[int | None] = mapped_column(Integer)
    counted_cash: Mapped[int | None] = mapped_column(Integer)
    z_no: Mapped[int | None] = mapped_column(Integer)


class CashMovement(Base):
    """Cash put into (paid-in, positive) or taken out of (paid-out, negative) the drawer outside a sale."""

    __tablename__ = "cash_movements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shifts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # paid_in | paid_out
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300))
    staff_id: Mapped[str] = mapped_column(String(36))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class CashCountRow(Base):
    """Pieces of one denomination counted at opening or closing of a shift."""

    __tablename__ = "cash_counts"

    shift_id: Mapped[str] = mapped_column(ForeignKey("shifts.id"), primary_key=True)
    stage: Mapped[str] = mapped_column(String(10), primary_key=True)  # open | close
    denomination: Mapped[int] = mapped_column(Integer, primary_key=True)
    pieces: Mapped[int] = mapped_column(Integer)


class ZReportRow(Base):
    """A stored Z report: numbered per terminal without gaps, never edited (a trigger refuses it)."""

    __tablename__ = "z_reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(20))
    z_no: Mapped[int] = mapped_column(Integer)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shifts.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    payload: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))

    __table_args__ = (UniqueConstraint("terminal_code", "z_no"),)


class SaleVoid(Base):
    """Marks a reversal sale (kind ``return``) as the void of a paid sale, so reports tell voids from returns."""

    __tablename__ = "sale_voids"

    reversal_sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    original_sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), unique=True)
    voided_by: Mapped[str] = mapped_column(String(36))
    approved_by: Mapped[str | None] = mapped_column(String(36))
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class ProductPrice(Base):
    """A selling price and the date it takes effect; the due one is copied into ``products.price``."""

    __tablename__ = "product_prices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    price: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(36))
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: ``till`` (set here), ``network`` or ``store`` (head office's, sent with the catalogue: ``pos.sync.price_rules``)
    origin: Mapped[str] = mapped_column(String(8), default="till", server_default="till")
    #: The time of day it starts on ``valid_from`` (``HH:MM``, the till's clock); None: midnight.
    valid_time: Mapped[str | None] = mapped_column(String(5))

    __table_args__ = (
        Index("ix_product_prices_due", "product_id", "valid_from"),
        Index("ix_product_prices_pending", "applied_at", "valid_from"),
    )


class ConsignmentTerm(Base):
    """From ``valid_from`` on, the product is (or is no longer) on consignment at this commission.

    ``commission_bp`` is in basis points: 1 500 = 15 %.
    """

    __tablename__ = "consignment_terms"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    consigned: Mapped[bool] = mapped_column(Boolean)
    commission_bp: Mapped[int] = mapped_column(Integer, default=0)


class StockRule(Base):
    """The level at or below which a product is listed as low on stock."""

    __tablename__ = "stock_rules"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    low_milli: Mapped[int] = mapped_column(Integer)


class ProducerDetail(Base):
    """Contact and bank details of a producer beyond what ``producers`` holds."""

    __tablename__ = "producer_details"

    producer_id: Mapped[str] = mapped_column(ForeignKey("producers.id"), primary_key=True)
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    bank_account_name: Mapped[str] = mapped_column(String(120), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class GoodsReceipt(Base):
    """A delivery from a producer, received into stock."""

    __tablename__ = "goods_receipts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    producer_id: Mapped[str | None] = mapped_column(ForeignKey("producers.id"), index=True)
    reference: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(String(300), default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    staff_id: Mapped[str] = mapped_column(String(36))
    total_cost: Mapped[int] = mapped_column(Integer)


class GoodsReceiptLine(Base):
    __tablename__ = "goods_receipt_lines"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_id: Mapped[str] = mapped_column(ForeignKey("goods_receipts.id"), index=True)
    move_id: Mapped[str] = mapped_column(ForeignKey("stock_moves.id"), unique=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    qty_milli: Mapped[int] = mapped_column(Integer)
    unit_cost: Mapped[int] = mapped_column(Integer)
    batch: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)


class StockCount(Base):
    """A stock take: quantities are scanned in, differences reviewed, then applied as ``count`` moves."""

    __tablename__ = "stock_counts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))  # open | applied | cancelled
    note: Mapped[str] = mapped_column(String(300), default="")
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    started_by: Mapped[str] = mapped_column(String(36))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(36))


class StockCountLine(Base):
    __tablename__ = "stock_count_lines"

    count_id: Mapped[str] = mapped_column(ForeignKey("stock_counts.id"), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    counted_milli: Mapped[int] = mapped_column(Integer)
    expected_milli: Mapped[int | None] = mapped_column(Integer)  # filled in when applied
    move_id: Mapped[str | None] = mapped_column(ForeignKey("stock_moves.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Settlement(Base):
    """A settlement statement issued to a consigning producer for a period (inclusive dates)."""

    __tablename__ = "settlements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    producer_id: Mapped[str] = mapped_column(ForeignKey("producers.id"), index=True)
    date_from: Mapped[dt.date] = mapped_column(Date)
    date_to: Mapped[dt.date] = mapped_column(Date)
    gross: Mapped[int] = mapped_column(Integer)
    commission: Mapped[int] = mapped_column(Integer)
    amount_due: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    issued_by: Mapped[str] = mapped_column(String(36))
    paid_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    paid_reference: Mapped[str] = mapped_column(String(60), default="")
