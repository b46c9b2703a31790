"""Goods sent from one store to another: the transfer document and its lines.

Sending writes ``transfer_out`` moves at the sending store at once (the goods are in transit, in neither store's
stock); receiving records what actually arrived per line and writes ``transfer_in`` moves for it. What did not
arrive stays on the line as a discrepancy (``qty_sent_milli − qty_received_milli``) until a manager writes it off.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import ServerBase


class Transfer(ServerBase):
    __tablename__ = "transfers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # CK-000123, for people
    from_store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    to_store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    status: Mapped[str] = mapped_column(String(12))  # in_transit | received
    note: Mapped[str] = mapped_column(String(200), default="")
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_by: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    received_by: Mapped[str | None] = mapped_column(String(80))
    #: The id the receiver gave its receipt (a till's outbox entry): the same receipt sent again is one receipt.
    receipt_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    written_off_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    written_off_by: Mapped[str | None] = mapped_column(String(80))


class TransferLine(ServerBase):
    __tablename__ = "transfer_lines"

    transfer_id: Mapped[str] = mapped_column(ForeignKey("transfers.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36))
    qty_sent_milli: Mapped[int] = mapped_column(BigInteger)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    qty_received_milli: Mapped[int | None] = mapped_column(BigInteger)
    qty_written_off_milli: Mapped[int] = mapped_column(BigInteger, default=0)
