"""Stock is a ledger: every change is a row; the level of a product is the sum of its moves."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pos.models.base import Base

MOVE_KINDS = ("sale", "return", "receive", "adjust", "count", "opening")


class StockMove(Base):
    __tablename__ = "stock_moves"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"), index=True)
    qty_milli: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    sale_id: Mapped[str | None] = mapped_column(ForeignKey("sales.id"), index=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    batch: Mapped[str | None] = mapped_column(String(40))
    expiry: Mapped[dt.date | None] = mapped_column(Date)
    unit_cost: Mapped[int] = mapped_column(Integer, default=0)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
