"""Head office's rules for the tills of a store (``pos.server.rules``; docs/sync.md, "Rules from head office").

Every change takes the next number of one counter (``server_meta`` key ``rules_version``); a store's rules document
has the highest number among its rows, so a till asking ``since`` that number is told nothing changed. Rows are
never deleted: a staff member, a rate or a limit is withdrawn with ``active = false`` (and a new number), so a
withdrawal raises the document's version like any other change.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import ServerBase, utcnow

#: ``scope`` of a network-wide default (a store's own row, scope = its id, overrides it).
NETWORK = "*"


class StoreSecret(ServerBase):
    """A store's PIN pepper: head office hashes the store's staff PINs with it; every till of the store holds it
    (``<home>/store.secret``) so each can verify them. Made once per store, handed over at registration."""

    __tablename__ = "store_secrets"

    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class StoreStaff(ServerBase):
    """A person head office lets sign in at every till of a store. Only the argon2id hash of ``pepper:PIN``."""

    __tablename__ = "store_staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60), default="")

    __table_args__ = (UniqueConstraint("store_id", "code"),)


class FxRateRule(ServerBase):
    """đồng per unit × 1000 of a currency, for the network (``scope`` ``*``) or one store (its id)."""

    __tablename__ = "fx_rate_rules"

    scope: Mapped[str] = mapped_column(String(36), primary_key=True)
    currency: Mapped[str] = mapped_column(String(3), primary_key=True)
    rate_milli: Mapped[int] = mapped_column(BigInteger)
    valid_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60), default="")


class DiscountLimitRule(ServerBase):
    """The largest discount (percent of a line) a role may give on its own, network default or per store."""

    __tablename__ = "discount_limit_rules"

    scope: Mapped[str] = mapped_column(String(36), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    limit_pct: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60), default="")


class RulesAck(ServerBase):
    """What a till last said about its store's rules: the version it holds, and what it could not apply."""

    __tablename__ = "rules_acks"

    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
    applied_version: Mapped[int] = mapped_column(BigInteger)
    problems: Mapped[str] = mapped_column(Text, default="[]")
    acked_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
