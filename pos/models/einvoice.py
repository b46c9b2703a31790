"""E-invoices generated at the till: the store's enrolment, the code counter, the invoices and their sending.

``einvoices`` rows are written once, with their sale, and covered by the journal (``pos.ledger.canonical``);
what changes as the invoice travels to the tax authority lives apart in ``einvoice_status``.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base
from pos.models.einvoice_columns import EInvoiceColumns, EInvoiceStatusColumns

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


class EInvoice(EInvoiceColumns, Base):
    """One invoice, written with its sale; ``xml`` is the document in the tax authority's format. Its columns are
    the wire's (``pos.models.einvoice_columns``); the code is unique here, where it is made."""

    __tablename__ = "einvoices"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)
    vat_total: Mapped[int] = mapped_column(Integer)

    __table_args__ = (UniqueConstraint("code"),)


class EInvoiceStatus(EInvoiceStatusColumns, Base):
    """Where an invoice is on its way to the tax authority; rewritten as it goes (not in the journal).

    ``via``: who sends it, fixed when it is made from the store's setting — ``till`` (this till's sender) or
    ``relay`` (head office; the state here is head office's, as the last sync brought it). ``reported``: head
    office has been told the current state of an invoice this till sends. ``corrected_*``: the buyer's details
    put right by a manager after a rejection; the corrected document is what is sent from then on, while the
    invoice as made (``einvoices.xml``, in the journal) stays as it was (docs/einvoice.md, *When an invoice is
    rejected*).
    """

    __tablename__ = "einvoice_status"

    sale_id: Mapped[str] = mapped_column(ForeignKey("einvoices.sale_id"), primary_key=True)
    next_try_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    corrected_by: Mapped[str] = mapped_column(String(36), default="")
    via: Mapped[str] = mapped_column(String(5), default="till")
    reported: Mapped[bool] = mapped_column(Boolean, default=False)
    corrected_xml: Mapped[str] = mapped_column(Text, default="")
    corrected_buyer_name: Mapped[str] = mapped_column(String(400), default="")
    corrected_buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
