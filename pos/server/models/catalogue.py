"""The head-office catalogue every till pulls: products, barcodes, producers, categories, VAT, promotions.

``catalogue_changes`` is the change log the delta feed reads. A row is written in the same transaction as the
edit, with the writing transaction's id (``tx``) on PostgreSQL, so the feed can hold back rows of transactions
that are still open and never skip a change that commits out of order (see ``pos.server.changes``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.catalogue_columns import CategoryColumns, ProducerColumns, ProductColumns, VatRateColumns
from pos.server.models.base import BigId, ServerBase, utcnow


class Category(CategoryColumns, ServerBase):
    __tablename__ = "categories"

    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Producer(ProducerColumns, ServerBase):
    __tablename__ = "producers"

    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Product(ProductColumns, ServerBase):
    """A product (its columns shared with the tills: ``pos.models.catalogue_columns``) and its money."""

    __tablename__ = "products"

    price: Mapped[int] = mapped_column(BigInteger)
    cost: Mapped[int] = mapped_column(BigInteger, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Barcode(ServerBase):
    __tablename__ = "barcodes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)


class VatRate(VatRateColumns, ServerBase):
    __tablename__ = "vat_rates"


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
