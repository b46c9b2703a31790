"""The tamper-evident journal, gapless receipt counters and the sync outbox."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base
from pos.models.values import GENESIS_HASH as GENESIS_HASH


class ReceiptCounter(Base):
    """The last receipt number used by a terminal; bumped inside the checkout transaction, so no gaps."""

    __tablename__ = "receipt_counters"

    terminal_code: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer, default=0)


class JournalEntry(Base):
    """``hash = sha256(prev_hash ‖ canonical(sale))``; one entry per committed sale, in commit order."""

    __tablename__ = "journal"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), unique=True)
    terminal_code: Mapped[str] = mapped_column(String(20))
    receipt_no: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class OutboxEntry(Base):
    """Something to upload to the central server; removed only once the server says it holds it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(36), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")


class TerminalState(Base):
    """Small facts the terminal keeps about itself: sync cursors, its server credential id, last sync time."""

    __tablename__ = "terminal_state"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
