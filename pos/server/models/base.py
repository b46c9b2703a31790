"""The server's own declarative base: its tables never mix with the till's ``pos.models.Base``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Integer, MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: A 64-bit integer that is still SQLite's rowid alias when it is an autoincrement primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> dt.datetime:
    """Naive UTC: the server stores every timestamp in UTC, on both dialects."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
