"""Prices head office schedules for a date: applied once when the day comes (at start-up and every few minutes
after), through the catalogue's own edit so every till gets the new price on its next sync."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, insert, select, update

from pos.errors import PosError
from pos.ids import new_id
from pos.server.catalogue import patch_product
from pos.server.db import write_tx
from pos.server.models import ScheduledPrice, utcnow
from pos.server.office.formats import local_now
from pos.server.schemas import ProductPatch


def schedule(conn: Connection, product_id: str, price: int, valid_from: dt.date, by: str) -> str:
    if price < 0 or price > 10**12:
        raise PosError("Giá không hợp lệ", "Not a valid price")
    if valid_from <= local_now().date():
        patch_product(conn, product_id, ProductPatch(price=price))
        applied = utcnow()
    else:
        applied = None
    sid = new_id()
    conn.execute(
        insert(ScheduledPrice),
        [
            {
                "id": sid,
                "product_id": product_id,
                "valid_from": valid_from,
                "price": price,
                "created_by": by[:60],
                "created_at": utcnow(),
                "applied_at": applied,
            }
        ],
    )
    return sid


def apply_due(conn: Connection, today: dt.date | None = None) -> int:
    """Apply every scheduled price whose day has come (oldest first, so the latest one wins)."""
    today = today or local_now().date()
    due = conn.execute(
        select(ScheduledPrice.id, ScheduledPrice.product_id, ScheduledPrice.price)
        .where(ScheduledPrice.applied_at.is_(None), ScheduledPrice.valid_from <= today)
        .order_by(ScheduledPrice.valid_from, ScheduledPrice.created_at)
    ).all()
    for sid, pid, price in due:
        done = conn.execute(
            update(ScheduledPrice)
            .where(ScheduledPrice.id == sid, ScheduledPrice.applied_at.is_(None))
            .values(applied_at=utcnow())
        ).rowcount
        if done:  # another server process may have applied it a moment ago
            patch_product(conn, str(pid), ProductPatch(price=int(price)))
    return len(due)


def apply_due_prices(engine: Engine) -> int:
    with write_tx(engine) as conn:
        return apply_due(conn)
