"""Who talks to the server: stores, their terminals (tills) and head-office API tokens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import BigId, ServerBase, utcnow


class ServerMeta(ServerBase):
    """Facts about this database, e.g. ``epoch``: a random id that tells tills their cursor is from another one."""

    __tablename__ = "server_meta"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AdminToken(ServerBase):
    """A head-office API credential; only its SHA-256 is stored."""

    __tablename__ = "admin_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class Store(ServerBase):
    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    commune: Mapped[str] = mapped_column(String(120), default="")
    district: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="Quảng Ninh")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Local opening hours ``HH:MM-HH:MM``: a till silent for over two hours inside them is an alert.
    opening_hours: Mapped[str] = mapped_column(String(11), default="07:00-22:00")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Terminal(ServerBase):
    """A till. ``provision_hash`` is the one-time code head office hands out; ``token_hash`` its credential.

    A redeemed code is kept (``provision_redeemed_at``) until it expires, with the hash of the till's own
    registration key and the salt its credential was derived with: the same till asking again (its answer was lost)
    gets the same credential back; any other caller is refused (``pos.server.provisioning.register``).
    """

    __tablename__ = "terminals"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    store_id: Mapped[str] = mapped_column(ForeignKey("stores.id"), index=True)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(120), default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    provision_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    provision_expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    provision_redeemed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    registration_key_hash: Mapped[str | None] = mapped_column(String(64))
    token_salt: Mapped[str | None] = mapped_column(String(64))
    registered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    hostname: Mapped[str] = mapped_column(String(120), default="")
    app_version: Mapped[str] = mapped_column(String(40), default="")
    last_seen_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    clock_skew_s: Mapped[int | None] = mapped_column(Integer)
    #: What the till said about itself with its last upload (``UploadBatch.status``).
    unsent_count: Mapped[int | None] = mapped_column(Integer)
    printer_state: Mapped[str] = mapped_column(String(40), default="")
    camera_state: Mapped[str] = mapped_column(String(40), default="")
    status_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    #: Head office's price rules the till reported it could not apply (``TillStatus.rejected_rules``).
    rejected_rules: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("store_id", "code"),)


class ChainAnchor(ServerBase):
    """A point of a till's hash chain as the till reported it with an upload (``pos.server.anchors``).

    One row per (terminal, entry, hash): the same point sent again is stored once; two hashes for one entry mean
    the till's history was rewritten there; a head below one received earlier, that it was cut back."""

    __tablename__ = "chain_anchors"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
    head: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("terminal_id", "seq", "hash"),
        {"sqlite_autoincrement": True},
    )
