"""What rows of every table share and what needs no SQLAlchemy to say: the naive-UTC time stamp and the hash the
hash chains start from. Apart from ``base`` so that code writing rows through the driver (most of the till) does
not load SQLAlchemy's ORM to get a time stamp."""

from __future__ import annotations

import datetime as dt

#: The hash the first journal (and audit log) entry chains from.
GENESIS_HASH = "0" * 64


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (SQLite has no time zones; everything stored is UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
