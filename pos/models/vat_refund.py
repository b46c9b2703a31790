"""VAT refunds for foreigners leaving Vietnam: the store's enrolment as a refund shop, and the refund forms issued
with sales (``pos.vat_refund``; the rules and their sources in docs/vat-refund.md).

A form is written once, for one sale, with the traveller's passport details as shown at the counter; it is what
the refunding bank at the international airport or seaport checks against the goods and the passport. What the
form prints beyond these columns (each line before VAT, brand, origin) is in ``lines_json``; the sale's e-invoice and
payments are read from the sale (``pos.vat_refund.forms``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base


class VatRefundConfig(Base):
    """Whether this store is a registered refund shop ("doanh nghiệp bán hàng hoàn thuế"). One row (id = 1)."""

    __tablename__ = "vat_refund_config"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The tax department's confirmation of the store as a refund shop (its number and date, as written on it).
    registration: Mapped[str] = mapped_column(String(100), default="")
    #: Category codes (space-separated) of goods the shop may not sell for refund: goods banned from export or from
    #: aircraft, goods consumed in Vietnam.
    excluded_categories: Mapped[str] = mapped_column(String(400), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class VatRefundForm(Base):
    """One refund form ("hóa đơn kiêm tờ khai hoàn thuế"), for one sale."""

    __tablename__ = "vat_refund_forms"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    form_no: Mapped[str] = mapped_column(String(24), unique=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    issued_by: Mapped[str] = mapped_column(String(200), default="")
    passport_no: Mapped[str] = mapped_column(String(20), index=True)
    nationality: Mapped[str] = mapped_column(String(3))
    full_name: Mapped[str] = mapped_column(String(200))
    passport_issued_on: Mapped[dt.date] = mapped_column(Date)
    passport_expires_on: Mapped[dt.date] = mapped_column(Date)
    #: What qualifies, in đồng (VAT included), the VAT in it, the bank's fee and what the traveller gets back.
    goods_value: Mapped[int] = mapped_column(Integer)
    vat_amount: Mapped[int] = mapped_column(Integer)
    bank_fee: Mapped[int] = mapped_column(Integer)
    refund_amount: Mapped[int] = mapped_column(Integer)
    #: The qualifying lines as printed (JSON: name, qty, amount, rate, VAT), frozen with the form.
    lines_json: Mapped[str] = mapped_column(Text)
    #: Set when goods of the sale came back (a return or a void): the form is void from then on, whatever the
    #: traveller still holds; the return that voided it, and why (printed on the list for the bank).
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    voided_by_sale_id: Mapped[str | None] = mapped_column(String(36), default=None)
    void_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")


class SaleTraveller(Base):
    """The foreign traveller a sale was made to (the payment screen's *Traveller (passport)*), written with the
    sale: their name and passport number are on the sale's e-invoice (``NMua/Ten``, ``HVTNMHang``, ``SHChieu``);
    the rest of the passport (nationality, issue and expiry) the e-invoice has no place for is kept here, so the
    refund form of the sale is made without typing the passport again (``pos.vat_refund.traveller``)."""

    __tablename__ = "sale_travellers"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    passport_no: Mapped[str] = mapped_column(String(20), index=True)
    nationality: Mapped[str] = mapped_column(String(3))
    full_name: Mapped[str] = mapped_column(String(100))
    passport_issued_on: Mapped[dt.date] = mapped_column(Date)
    passport_expires_on: Mapped[dt.date] = mapped_column(Date)
