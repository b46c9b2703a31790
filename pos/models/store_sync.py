"""What the till keeps of head office's view: the product ids head office has sent, and the store's stock.

``catalogue_ids`` tells a product the till made itself (never sent by head office) from one head office knows, so
that a catalogue page can give a till-made product head office's id when their SKU or GTIN match
(``pos.sync.identity``), and never merge two of head office's own products. ``store_stock`` is the store's stock
on hand as head office counted it at ``as_of`` (every till of the store), sent with the catalogue's last page.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base


class CatalogueId(Base):
    """A product id head office has sent this till."""

    __tablename__ = "catalogue_ids"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)


class StoreStock(Base):
    """The store's stock of a product on head office's books at ``as_of`` (head office's clock)."""

    __tablename__ = "store_stock"

    product_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    qty_milli: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[dt.datetime] = mapped_column(DateTime)


class StorePriceRow(Base):
    """This till's store's own price of a product, set at head office: sold at instead of the network price."""

    __tablename__ = "store_prices"

    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), primary_key=True)
    price: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)


class RemoteReturn(Base):
    """A return of a receipt made at another till of the store, and what links it to that sale.

    ``status``: ``claimed`` (head office accepted the refund before it was paid), ``pending`` (made offline without
    the original, on a manager's approval; its upload waits until the original is found at head office),
    ``linked`` (reconciled: head office accepted it afterwards), ``disputed`` (reconciled, but head office had
    already refunded those lines: it is sent linked anyway — the money left the drawer — and audited).
    """

    __tablename__ = "remote_returns"

    return_sale_id: Mapped[str] = mapped_column(ForeignKey("sales.id"), primary_key=True)
    original_terminal: Mapped[str] = mapped_column(String(20))
    original_receipt_no: Mapped[int] = mapped_column(Integer)
    original_sale_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
