"""Catalogue tables: products, their barcodes, producers (the OCOP entities), categories, VAT rates, the shop."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pos.models.base import Base, utcnow

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


class Category(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Producer(Base):
    """An OCOP entity: company, co-operative (HTX) or household business, and where it is."""

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
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Product(Base):
    __tablename__ = "products"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sku: Mapped[str] = mapped_column(String(40), unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(20), default="cái")
    price: Mapped[int] = mapped_column(Integer)
    cost: Mapped[int] = mapped_column(Integer, default=0)
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


class VatRate(Base):
    """One entry of a VAT class's schedule: ``rate_pct`` applies from ``valid_from`` on."""

    __tablename__ = "vat_rates"

    vat_class: Mapped[str] = mapped_column(String(20), primary_key=True)
    valid_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    rate_pct: Mapped[int] = mapped_column(Integer)


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
