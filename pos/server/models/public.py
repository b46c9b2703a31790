"""What head office publishes about a product for the public pages and the feed (``pos.server.public``).

Kept beside the catalogue rather than in it: the tills never receive these rows, and nothing here is private (a
product is in public only while ``published`` is true; cost, consignment terms, staff and sales live elsewhere).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.server.models.base import ServerBase, utcnow


class ProductPage(ServerBase):
    """A product's public page: shown (and in the feed) only while ``published``; descriptions per language."""

    __tablename__ = "product_pages"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    description_vi: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    description_zh: Mapped[str] = mapped_column(Text, default="")
    description_ko: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)


class ProducerLink(ServerBase):
    """A producer's own web site (the Digital Link's ``gs1:brandHomepageClient``)."""

    __tablename__ = "producer_links"

    producer_id: Mapped[str] = mapped_column(ForeignKey("producers.id"), primary_key=True)
    website: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LotDetail(ServerBase):
    """What the receiving records do not say about a lot: the day it was made (the expiry and the quantities are in
    ``stock_moves``)."""

    __tablename__ = "lot_details"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    lot: Mapped[str] = mapped_column(String(40), primary_key=True)
    produced_on: Mapped[dt.date | None] = mapped_column(Date)
