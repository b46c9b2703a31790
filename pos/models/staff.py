"""Staff who sign in to the till. Roles and permissions are defined in ``pos.staff``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base, utcnow


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    pin_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    #: ``local`` (added at this till) or ``office`` (head office's, ``pos.sync.rules_apply``; the id is its id there).
    origin: Mapped[str] = mapped_column(String(10), default="local", server_default="local")
    #: Which secret ``pin_hash`` is peppered with: ``install`` (this till's) or ``store`` (the store's, from head office).
    pin_pepper: Mapped[str] = mapped_column(String(10), default="install", server_default="install")
