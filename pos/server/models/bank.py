"""Bank transfer notifications (SePay, Casso, …) and the VietQR transfers tills wait for.

``bank_transfers`` keeps every notification a source sent, matched or not, because the accountant reconciles the
bank's list against the sales; ``(source, txn_id)`` makes a replayed notification a no-op. ``bank_requests`` is what
a till asked about: the reference on the QR it shows and the amount. Matching joins the two whichever comes
first (``pos.server.bank.matching``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import BigId, ServerBase

#: What became of a notification: waiting for a sale, confirmed one, or flagged for a person to look at.
TRANSFER_STATUSES = ("unmatched", "matched", "short", "over", "duplicate", "outgoing")


class BankTransfer(ServerBase):
    __tablename__ = "bank_transfers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(20))
    txn_id: Mapped[str] = mapped_column(String(80))
    direction: Mapped[str] = mapped_column(String(3))
    #: đồng, positive for both directions (``direction`` tells which way).
    amount: Mapped[int] = mapped_column(BigInteger)
    account_number: Mapped[str] = mapped_column(String(40), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    #: ``content`` upper-cased with everything but letters and digits removed: what references are looked for in.
    content_key: Mapped[str] = mapped_column(Text, default="")
    bank_reference: Mapped[str] = mapped_column(String(120), default="")
    #: The bank's time of the transaction as the source gave it (Vietnam local time, naive).
    bank_time: Mapped[dt.datetime | None] = mapped_column(DateTime)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    raw: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="unmatched")
    request_id: Mapped[int | None] = mapped_column(BigInteger)
    #: The store the money is for: the matched request's, or the store whose tills use this account.
    store_id: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        UniqueConstraint("source", "txn_id"),
        Index("ix_bank_transfers_status", "status", "received_at"),
        Index("ix_bank_transfers_store", "store_id", "received_at"),
        {"sqlite_autoincrement": True},
    )


class BankRequest(ServerBase):
    """A VietQR transfer a till shows: the reference in its purpose field and the amount it waits for."""

    __tablename__ = "bank_requests"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    store_id: Mapped[str] = mapped_column(String(36))
    reference: Mapped[str] = mapped_column(String(40))
    reference_key: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(BigInteger)
    account_number: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    #: ``waiting``, ``confirmed`` (a transfer of exactly ``amount``), ``flagged`` (only other amounts so far).
    status: Mapped[str] = mapped_column(String(10), default="waiting")
    transfer_id: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("terminal_id", "reference"),
        Index("ix_bank_requests_key", "reference_key"),
        {"sqlite_autoincrement": True},
    )
