"""The web office's own tables: people who sign in, their sessions, what they changed, and head office's rules
(consignment terms, low-stock thresholds, scheduled prices)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import BigId, ServerBase, utcnow


class OfficeUser(ServerBase):
    """A person at head office or a centre. ``role``: ``admin``, ``centre`` or ``accountant``."""

    __tablename__ = "office_users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    lang: Mapped[str] = mapped_column(String(2), default="vi")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class OfficeUserStore(ServerBase):
    """A store a centre manager (or a scoped accountant) may see."""

    __tablename__ = "office_user_stores"

    user_id: Mapped[str] = mapped_column(ForeignKey("office_users.id"), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)


class OfficeSession(ServerBase):
    """A signed-in browser: only the SHA-256 of the cookie's token is stored, with the session's CSRF token."""

    __tablename__ = "office_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("office_users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ip: Mapped[str] = mapped_column(String(60), default="")


class OfficeAudit(ServerBase):
    """Every change made through the office (and every sign-in, failed or not): who, what, when, from where."""

    __tablename__ = "office_audit"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[str | None] = mapped_column(String(36))
    username: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(200), default="")
    store_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    ip: Mapped[str] = mapped_column(String(60), default="")

    __table_args__ = ({"sqlite_autoincrement": True},)


class ConsignmentTerm(ServerBase):
    """Whether a product is on consignment from its producer, and the centres' commission, from a date on."""

    __tablename__ = "consignment_terms"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    consigned: Mapped[bool] = mapped_column(Boolean)
    commission_bp: Mapped[int] = mapped_column(Integer)


class StockThreshold(ServerBase):
    """Below this a product is listed as low at a store (``store_id`` '*' for every store without its own)."""

    __tablename__ = "stock_thresholds"

    store_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    low_milli: Mapped[int] = mapped_column(BigInteger)


class ScheduledPrice(ServerBase):
    """A price head office set to start on a date; applied once (``applied_at``) when the day comes.

    ``store_id`` None: the network price (``products.price``); a store's id: that store's own price
    (``store_prices``), which its tills sell at whatever the network price is (``pos.server.store_prices``)."""

    __tablename__ = "scheduled_prices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    valid_from: Mapped[dt.date] = mapped_column(Date)
    price: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(String(60), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    store_id: Mapped[str | None] = mapped_column(String(36))
    #: The time of day it starts (the shop's clock); None: at midnight.
    valid_time: Mapped[dt.time | None] = mapped_column(Time)

    __table_args__ = (
        Index("ix_scheduled_prices_due", "applied_at", "valid_from"),
        Index("ix_scheduled_prices_product", "product_id", "applied_at"),
    )


class StorePrice(ServerBase):
    """A store's own price of a product: its tills sell at it instead of the network price."""

    __tablename__ = "store_prices"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    price: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[str] = mapped_column(String(60), default="")
    set_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
