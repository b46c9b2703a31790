"""Sales as committed: header, lines, VAT rows and payments. Rows are written once and never edited.

Amounts are signed đồng: a return is a sale of kind ``return`` with negative quantities, amounts and payments,
so every report is a plain sum.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.models.base import Base

SALE_KINDS = ("sale", "return")
PAYMENT_METHODS = ("cash", "vietqr", "card", "fx_cash")


class Sale(Base):
    __tablename__ = "sales"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_code: Mapped[str] = mapped_column(String(20))
    receipt_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    original_sale_id: Mapped[str | None] = mapped_column(ForeignKey("sales.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    business_date: Mapped[dt.date] = mapped_column(Date, index=True)
    cashier_id: Mapped[str | None] = mapped_column(String(36))
    cashier_name: Mapped[str] = mapped_column(String(120), default="")
    approved_by: Mapped[str | None] = mapped_column(String(36))
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True)
    lang: Mapped[str] = mapped_column(String(5), default="vi")
    subtotal: Mapped[int] = mapped_column(Integer)
    discount_total: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    change_due: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(300), default="")

    lines: Mapped[list[SaleLine]] = relationship(order_by="SaleLine.line_no", viewonly=True)
    payments: Mapped[list[Payment]] = relationship(order_by="Payment.seq", viewonly=True)
    vat_rows: Mapped[list[SaleVat]] = relationship(order_by="SaleVat.rate_pct", viewonly=True)

    __table_args__ = (UniqueConstraint("terminal_code", "receipt_no"),)


class SaleLine(Base):
    __tablename__ = "sale_lines"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    product_id: Mapped[str | None] = mapped_column(ForeignKey("products.id"), index=True)
    sku: Mapped[str] = mapped_column(String(40))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(64), default="")
    qty_milli: Mapped[int] = mapped_column(Integer)
    unit_price: Mapped[int] = mapped_column(Integer)
    line_discount: Mapped[int] = mapped_column(Integer, default=0)
    sale_discount: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer)
    vat_rate: Mapped[int] = mapped_column(Integer)
    ocop_stars: Mapped[int | None] = mapped_column(Integer)
    batch: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)
    original_line_id: Mapped[str | None] = mapped_column(ForeignKey("sale_lines.id"), index=True)

    __table_args__ = (UniqueConstraint("sale_id", "line_no"),)


class SaleVat(Base):
    """VAT of one rate on one sale (derived by ``pos.vat.breakdown``, stored so the journal covers it)."""

    __tablename__ = "sale_vat"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer, primary_key=True)
    gross: Mapped[int] = mapped_column(Integer)
    vat: Mapped[int] = mapped_column(Integer)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int] = mapped_column(Integer)
    tendered: Mapped[int] = mapped_column(Integer, default=0)
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    foreign_amount: Mapped[int] = mapped_column(Integer, default=0)
    fx_rate_milli: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (UniqueConstraint("sale_id", "seq"),)


class CardSlipRow(Base):
    """A card payment's brand and last four digits, copied from the terminal's slip for a traveller's refund form
    (``pos.payments.card_slip``); written in the sale's transaction."""

    __tablename__ = "card_slips"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    payment_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    brand: Mapped[str] = mapped_column(String(20))
    last4: Mapped[str] = mapped_column(String(4))


class TransferConfirmation(Base):
    """How a VietQR transfer of a sale was confirmed: ``bank`` (head office matched the bank's notification,
    with its source, transaction id, time and amount) or ``manual`` (the cashier pressed “Money received”).

    Written in the sale's own transaction (``pos.selling.transfer.record_confirmations``), one row per transfer.
    """

    __tablename__ = "transfer_confirmations"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    confirmed_by: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20), default="")
    transaction_id: Mapped[str] = mapped_column(String(80), default="")
    bank_time: Mapped[dt.datetime | None] = mapped_column(DateTime)
