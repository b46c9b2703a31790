"""The columns of the catalogue tables the sync carries, declared once for both databases.

The till's models (``pos.models.catalogue``, on ``Base``) and head office's (``pos.server.models.catalogue``, on
``ServerBase``) mix these in, so a product, producer, category or VAT rate has the same columns, sizes, keys and
indexes on both sides; each side adds only what is its own (``updated_at``, the till's ``search_text``) and the
money columns, whose type differs: INTEGER on the till's SQLite (64-bit there already), BIGINT at head office
(PostgreSQL's INTEGER is 32-bit). Sizes follow the wire (``pos.sync.wire``); ``tests/integration/sync/
test_catalogue_schema.py`` checks every document field against these columns and against both migrated databases.

No pydantic and nothing of either side is imported here: the till loads it at start-up. It lives with the till's
models, below everything that uses them (sync included), so ``pos.models`` imports nothing above it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column


class CategoryColumns:
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")


class ProducerColumns:
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    commune: Mapped[str] = mapped_column(String(120), default="")
    district: Mapped[str] = mapped_column(String(120), default="")
    province: Mapped[str] = mapped_column(String(120), default="Quảng Ninh")
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")


class ProductColumns:
    """Every product column but the money (``price``, ``cost``: see the module's note)."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    name_zh: Mapped[str] = mapped_column(String(200), default="")
    name_ko: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="cái")
    vat_class: Mapped[str] = mapped_column(String(20))
    category_code: Mapped[str | None] = mapped_column(ForeignKey("categories.code"))
    producer_id: Mapped[str | None] = mapped_column(ForeignKey("producers.id"), index=True)
    ocop_stars: Mapped[int | None] = mapped_column(Integer)
    ocop_level: Mapped[str | None] = mapped_column(String(20))
    ocop_certificate_no: Mapped[str | None] = mapped_column(String(60))
    ocop_rated_on: Mapped[dt.date | None] = mapped_column(Date)
    ocop_expires_on: Mapped[dt.date | None] = mapped_column(Date)
    trace_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    trace_url: Mapped[str | None] = mapped_column(String(300))
    weighed: Mapped[bool] = mapped_column(Boolean, default=False)
    plu: Mapped[int | None] = mapped_column(Integer, unique=True)
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    picture: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class VatRateColumns:
    """One entry of a VAT class's schedule: ``rate_pct`` applies from ``valid_from`` on."""

    vat_class: Mapped[str] = mapped_column(String(20), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer)
