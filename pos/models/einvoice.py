"""E-invoices generated at the till: the store's enrolment, the code counter, the invoices and their sending.

``einvoices`` rows are written once, with their sale, and covered by the journal (``pos.ledger.canonical``);
what changes as the invoice travels to the tax authority lives apart in ``einvoice_status``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base

EINVOICE_STATES = ("pending", "sent", "accepted", "rejected", "corrected")


class EInvoiceConfig(Base):
    """Whether this till's store is enrolled, and the symbols the tax authority gave it. One row (id = 1)."""

    __tablename__ = "einvoice_config"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    enrolled: Mapped[bool] = mapped_column(Boolean, default=False)
    form: Mapped[str] = mapped_column(String(1), default="1")
    prefix: Mapped[str] = mapped_column(String(5), default="")
    series_suffix: Mapped[str] = mapped_column(String(2), default="")
    block: Mapped[int] = mapped_column(Integer, default=0)
    provider: Mapped[str] = mapped_column(String(30), default="sepay")
    send_via: Mapped[str] = mapped_column(String(10), default="till")
    lookup_url: Mapped[str] = mapped_column(String(200), default="")
    provider_tax_code: Mapped[str] = mapped_column(String(14), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class EInvoiceCounter(Base):
    """The last sequence number used under one prefix (bumped in the checkout transaction: no gaps, no repeats)."""

    __tablename__ = "einvoice_counters"

    prefix: Mapped[str] = mapped_column(String(5), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, default=0)


class EInvoice(Base):
    """One invoice, written with its sale; ``xml`` is the document in the tax authority's format."""

    __tablename__ = "einvoices"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(23), unique=True)
    form: Mapped[str] = mapped_column(String(1))
    series: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(10))  # original | adjusting
    related_code: Mapped[str] = mapped_column(String(23), default="")
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    buyer_name: Mapped[str] = mapped_column(String(400), default="")
    buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    total: Mapped[int] = mapped_column(Integer)
    vat_total: Mapped[int] = mapped_column(Integer)
    xml: Mapped[str] = mapped_column(Text)


class EInvoiceStatus(Base):
    """Where an invoice is on its way to the tax authority; rewritten as it goes (not in the journal)."""

    __tablename__ = "einvoice_status"

    sale_id: Mapped[str] = mapped_column(ForeignKey("einvoices.sale_id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    provider_ref: Mapped[str] = mapped_column(String(80), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    corrected_by: Mapped[str] = mapped_column(String(36), default="")
