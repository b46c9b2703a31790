"""The head-office catalogue every till pulls: products, barcodes, producers, categories, VAT, promotions.

``catalogue_changes`` is the change log the delta feed reads. A row is written in the same transaction as the
edit, with the writing transaction's id (``tx``) on PostgreSQL, so the feed can hold back rows of transactions
that are still open and never skip a change that commits out of order (see ``pos.server.changes``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import BigId, ServerBase, utcnow


class Category(ServerBase):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Producer(ServerBase):
    __tablename__ = "producers"

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
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Product(ServerBase):
    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="cái")
    price: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
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
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Barcode(ServerBase):
    __tablename__ = "barcodes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)


class VatRate(ServerBase):
    __tablename__ = "vat_rates"

    vat_class: Mapped[str] = mapped_column(String(20), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer)


class Promotion(ServerBase):
    """A discount head office runs: ``percent`` or ``amount`` off, on everything, a product, category or producer.

    ``store_codes`` is a space-separated list of the stores it runs in (empty: all stores).
    """

    __tablename__ = "promotions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[int] = mapped_column(BigInteger)
    scope: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(40), default="")
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    store_codes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class CatalogueChange(ServerBase):
    """One changed record: ``entity`` (product, producer, category, vat_class, promotion) and its key."""

    __tablename__ = "catalogue_changes"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tx: Mapped[int] = mapped_column(BigInteger, default=0)
    entity: Mapped[str] = mapped_column(String(20))
    entity_key: Mapped[str] = mapped_column(String(40))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (Index("ix_catalogue_changes_tx_seq", "tx", "seq"), {"sqlite_autoincrement": True})
