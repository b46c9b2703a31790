"""What tills send: sales (header, lines, VAT rows, payments), stock events, shift events, and the quarantine.

Sales are keyed by the till's UUIDv7 id and written once. ``created_at`` is the till's clock, ``received_at``
the server's; reports use the till's ``business_date``. Amounts are signed đồng (returns are negative).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import BigId, ServerBase


class Sale(ServerBase):
    __tablename__ = "sales"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    terminal_code: Mapped[str] = mapped_column(String(20))
    receipt_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    original_sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    cashier_id: Mapped[str | None] = mapped_column(String(36))
    cashier_name: Mapped[str] = mapped_column(String(120), default="")
    approved_by: Mapped[str | None] = mapped_column(String(36))
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True)
    lang: Mapped[str] = mapped_column(String(5), default="vi")
    subtotal: Mapped[int] = mapped_column(BigInteger)
    discount_total: Mapped[int] = mapped_column(BigInteger)
    total: Mapped[int] = mapped_column(BigInteger)
    vat_total: Mapped[int] = mapped_column(BigInteger)
    change_due: Mapped[int] = mapped_column(BigInteger, default=0)
    note: Mapped[str] = mapped_column(String(300), default="")
    doc_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        UniqueConstraint("terminal_id", "receipt_no"),
        Index("ix_sales_store_day", "store_id", "business_date"),
    )


class SaleLine(ServerBase):
    __tablename__ = "sale_lines"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str | None] = mapped_column(String(36), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="")
    code: Mapped[str] = mapped_column(String(64), default="")
    qty_milli: Mapped[int] = mapped_column(BigInteger)
    unit_price: Mapped[int] = mapped_column(BigInteger)
    line_discount: Mapped[int] = mapped_column(BigInteger, default=0)
    sale_discount: Mapped[int] = mapped_column(BigInteger, default=0)
    amount: Mapped[int] = mapped_column(BigInteger)
    vat_rate: Mapped[int] = mapped_column(Integer)
    ocop_stars: Mapped[int | None] = mapped_column(Integer)
    batch: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)
    original_line_id: Mapped[str | None] = mapped_column(String(36))


class SaleVat(ServerBase):
    __tablename__ = "sale_vat"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross: Mapped[int] = mapped_column(BigInteger)
    vat: Mapped[int] = mapped_column(BigInteger)


class Payment(ServerBase):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(BigInteger)
    tendered: Mapped[int] = mapped_column(BigInteger, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    foreign_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    fx_rate_milli: Mapped[int] = mapped_column(BigInteger, default=0)
    reference: Mapped[str] = mapped_column(String(64), default="")


class StockMove(ServerBase):
    """A stock change that is not a sale: received goods, counts, adjustments (from tills or head office)."""

    __tablename__ = "stock_moves"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str | None] = mapped_column(ForeignKey("terminals.id"))
    product_id: Mapped[str] = mapped_column(String(36))
    qty_milli: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    batch: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)
    unit_cost: Mapped[int] = mapped_column(BigInteger, default=0)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)

    #: A store's moves of a product in order of expiry: the stock card, and the office's near-expiry list (which
    #: reads a product's lots from the index alone on PostgreSQL).
    __table_args__ = (
        Index(
            "ix_stock_moves_lots",
            "store_id",
            "product_id",
            "expiry",
            postgresql_include=["qty_milli", "batch"],
        ),
    )


class ShiftEvent(ServerBase):
    __tablename__ = "shift_events"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    shift_id: Mapped[str] = mapped_column(String(36), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    data: Mapped[str] = mapped_column(Text, default="{}")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_shift_events_store_at", "store_id", "at"),)


class Quarantine(ServerBase):
    """An entry a till sent that failed validation. Kept for head office; the rest of its batch went through.

    ``status`` is ``open`` until head office dismisses it; a dismissed entry counts as held, so it leaves the
    till's outbox the next time the till sends it.
    """

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36))
    code: Mapped[str] = mapped_column(String(40))
    reason_vi: Mapped[str] = mapped_column(Text)
    reason_en: Mapped[str] = mapped_column(Text)
    doc: Mapped[str] = mapped_column(Text)
    first_received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    times_received: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    resolved_note: Mapped[str] = mapped_column(Text, default="")
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    __table_args__ = (UniqueConstraint("terminal_id", "entity_id"),)
