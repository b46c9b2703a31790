"""E-invoices at head office: every invoice the tills made (with its sale), where each one is on its way to the
tax authority, and the stores whose invoices head office sends for them (the relay).

``einvoices`` holds the invoice as the till made it (the wire's fields, ``pos.models.einvoice_columns``), written
once with its sale. ``einvoice_status`` changes as it travels: for an invoice head office relays (``via =
'relay'``) the relay writes it and the till is told at its next sync; for one the till sends itself the till
reports it. ``einvoice_relays`` is a store's provider account, set by head office; its secret is kept here so any
server process can send, and is never shown back.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.einvoice_columns import EInvoiceColumns, EInvoiceStatusColumns
from pos.server.models.base import ServerBase


class EInvoice(EInvoiceColumns, ServerBase):
    __tablename__ = "einvoices"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    total: Mapped[int] = mapped_column(BigInteger)
    vat_total: Mapped[int] = mapped_column(BigInteger)
    via: Mapped[str] = mapped_column(String(5), default="till")

    # The code is unique where it is made (the till); here a clash of two misconfigured tills must not keep
    # their sales out, so it is only indexed.
    __table_args__ = (
        Index("ix_einvoices_code", "code"),
        Index("ix_einvoices_store_issued", "store_id", "issued_at"),
    )


class EInvoiceStatus(EInvoiceStatusColumns, ServerBase):
    """``retry_id``: the last request from the till to offer it again that was applied (one request, once)."""

    __tablename__ = "einvoice_status"

    sale_id: Mapped[str] = mapped_column(ForeignKey("einvoices.sale_id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    via: Mapped[str] = mapped_column(String(5), default="till")
    next_try_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    corrected_xml: Mapped[str] = mapped_column(Text, default="")
    corrected_buyer_name: Mapped[str] = mapped_column(String(400), default="")
    corrected_buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)  # the invoice's, copied: the queue's order
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_einvoice_status_queue", "via", "state", "store_id", "issued_at"),)


class EInvoiceRetry(ServerBase):
    """A till's request to offer a relayed invoice again (stored once by its id: a resend changes nothing)."""

    __tablename__ = "einvoice_retries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("einvoices.sale_id"), index=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    xml: Mapped[str] = mapped_column(Text, default="")
    buyer_name: Mapped[str] = mapped_column(String(400), default="")
    buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EInvoiceRelay(ServerBase):
    """A store whose invoices head office sends: its provider and the account there (``provider`` names the
    adapter, ``pos.einvoice.providers``)."""

    __tablename__ = "einvoice_relays"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    provider: Mapped[str] = mapped_column(String(30), default="sepay")
    base_url: Mapped[str] = mapped_column(String(300), default="")
    client_id: Mapped[str] = mapped_column(String(200), default="")
    client_secret: Mapped[str] = mapped_column(String(300), default="")
    provider_account_id: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
