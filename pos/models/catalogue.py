"""Catalogue tables: products, their barcodes, producers (the OCOP entities), categories, VAT rates, the shop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.models.base import Base, utcnow
from pos.models.catalogue_columns import CategoryColumns, ProducerColumns, ProductColumns, VatRateColumns

PRODUCER_KINDS = ("company", "cooperative", "household")
OCOP_LEVELS = ("provincial", "national")
#: OCOP certificates are valid for 36 months from the rating date.
OCOP_VALID_YEARS = 3


def ocop_expiry(rated_on: dt.date) -> dt.date:
    """OCOP certificates last 36 months: the day before the third anniversary."""
    try:
        anniversary = rated_on.replace(year=rated_on.year + OCOP_VALID_YEARS)
    except ValueError:  # 29 February
        anniversary = rated_on.replace(year=rated_on.year + OCOP_VALID_YEARS, day=28)
    return anniversary - dt.timedelta(days=1)


class Category(CategoryColumns, Base):
    __tablename__ = "categories"


class Producer(ProducerColumns, Base):
    """An OCOP entity: company, co-operative (HTX) or household business, and where it is."""

    __tablename__ = "producers"

    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Product(ProductColumns, Base):
    """A product (its columns shared with head office: ``pos.models.catalogue_columns``), its search text and money."""

    __tablename__ = "products"

    price: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer, default=0)
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    barcodes: Mapped[list[Barcode]] = relationship(back_populates="product", cascade="all, delete-orphan")
    producer: Mapped[Producer | None] = relationship()
    category: Mapped[Category | None] = relationship()

    __table_args__ = (Index("ix_products_favourite", "favourite"),)

    def ocop_expired(self, on: dt.date) -> bool:
        return self.ocop_expires_on is not None and on > self.ocop_expires_on


class Barcode(Base):
    """One of a product's codes, stored under its normalised key (see ``pos.barcodes``)."""

    __tablename__ = "barcodes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id", ondelete="CASCADE"), index=True)
    product: Mapped[Product] = relationship(back_populates="barcodes")


class VatRate(VatRateColumns, Base):
    __tablename__ = "vat_rates"


class StoreProfile(Base):
    """The shop this till belongs to, as printed on receipts. One row (id = 1)."""

    __tablename__ = "store_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    tax_code: Mapped[str] = mapped_column(String(20), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    footer_vi: Mapped[str] = mapped_column(Text, default="")
    footer_en: Mapped[str] = mapped_column(Text, default="")
    bank_bin: Mapped[str] = mapped_column(String(6), default="")
    bank_account: Mapped[str] = mapped_column(String(30), default="")
    bank_account_name: Mapped[str] = mapped_column(String(120), default="")
