"""The columns of an e-invoice document, declared once for both databases.

The till's ``einvoices`` (``pos.models.einvoice``) and head office's (``pos.server.models.einvoice``) mix these in,
so an invoice has the same columns and sizes on both sides; each side adds its own keys and the money columns,
whose type differs (INTEGER on the till's SQLite, 64-bit there already; BIGINT at head office). The fields and their
bounds are the wire's (``pos.sync.wire.EInvoiceDoc``), in the order the journal hashes them
(``pos.ledger.canonical.EINVOICE_FIELDS``); ``tests/integration/sync/test_einvoice_schema.py`` checks the document
against these columns and against both sides' migrated databases.

Nothing of either side and no pydantic is imported here: the till loads it at start-up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column


class EInvoiceColumns:
    code: Mapped[str] = mapped_column(String(23))
    form: Mapped[str] = mapped_column(String(1))
    series: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(10))  # original | adjusting
    related_code: Mapped[str] = mapped_column(String(23), default="")
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    buyer_name: Mapped[str] = mapped_column(String(400), default="")
    buyer_tax_code: Mapped[str] = mapped_column(String(14), default="")
    xml: Mapped[str] = mapped_column(Text)


class EInvoiceStatusColumns:
    """Where an invoice is on its way to the tax authority, as both sides keep it and the till is told."""

    state: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    provider_ref: Mapped[str] = mapped_column(String(80), default="")
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
