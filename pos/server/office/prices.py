"""Prices head office schedules for a date, for the whole network or for one store: applied once when the day
comes (at start-up and every few minutes after), so every till gets the new price on its next sync.

A network price goes through the catalogue's own edit (``products.price``); a store's price is that store's row in
``store_prices`` and never touches the network price. Tills also receive the prices still to come
(``pos.server.store_prices``) and put each in force on their own clock (midnight, or its time of day), online
or not.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, Engine, Table, delete, insert, select, update

from pos.errors import PosError
from pos.ids import new_id
from pos.server.catalogue import log_changes, patch_product
from pos.server.db import upsert, write_tx
from pos.server.models import ScheduledPrice, StorePrice, utcnow
from pos.server.office.formats import local_now
from pos.server.schemas import ProductPatch

_STORE_PRICES: Table = StorePrice.__table__  # type: ignore[assignment]


def schedule(
    conn: Connection,
    product_id: str,
    price: int,
    valid_from: dt.date,
    by: str,
    store_id: str | None = None,
    at: dt.time | None = None,
) -> str:
    """A price from ``valid_from`` (at ``at``, the shop's clock; None: midnight) for the network (``store_id``
    None) or one store; in force at once if due."""
    if price < 0 or price > 10**12:
        raise PosError("Giá không hợp lệ", "Not a valid price")
    due = is_due(valid_from, at, local_now())
    sid = new_id()
    conn.execute(
        insert(ScheduledPrice),
        [
            {
                "id": sid,
                "product_id": product_id,
                "store_id": store_id,
                "valid_from": valid_from,
                "valid_time": at,
                "price": price,
                "created_by": by[:60],
                "created_at": utcnow(),
                "applied_at": utcnow() if due else None,
            }
        ],
    )
    if due:
        _put_in_force(conn, product_id, store_id, price, by)
    else:
        log_changes(conn, "product", [product_id])  # the tills learn of the price to come
    return sid


def is_due(valid_from: dt.date, at: dt.time | None, now: dt.datetime) -> bool:
    """Whether a price starting on ``valid_from`` at ``at`` (None: midnight) has started at local ``now``."""
    return valid_from < now.date() or (valid_from == now.date() and (at or dt.time()) <= now.time())


def _put_in_force(conn: Connection, product_id: str, store_id: str | None, price: int, by: str) -> None:
    if store_id is None:
        patch_product(conn, product_id, ProductPatch(price=price))
    else:
        set_store_price(conn, store_id, product_id, price, by)


def set_store_price(conn: Connection, store_id: str, product_id: str, price: int, by: str) -> None:
    """The store's own price from now on (its tills get it at their next sync)."""
    stmt = upsert(conn, _STORE_PRICES, ["store_id", "product_id"], ["price", "set_by", "set_at"])
    conn.execute(
        stmt,
        [
            {
                "store_id": store_id,
                "product_id": product_id,
                "price": price,
                "set_by": by[:60],
                "set_at": utcnow(),
            }
        ],
    )
    log_changes(conn, "product", [product_id])


def clear_store_price(conn: Connection, store_id: str, product_id: str) -> bool:
    """The store sells at the network price again; its prices still to come are cancelled too."""
    gone = conn.execute(
        delete(StorePrice).where(StorePrice.store_id == store_id, StorePrice.product_id == product_id)
    ).rowcount
    cancelled = conn.execute(
        delete(ScheduledPrice).where(
            ScheduledPrice.store_id == store_id,
            ScheduledPrice.product_id == product_id,
            ScheduledPrice.applied_at.is_(None),
        )
    ).rowcount
    if gone or cancelled:
        log_changes(conn, "product", [product_id])
    return bool(gone or cancelled)


def apply_due(conn: Connection, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Apply every scheduled price whose day (and time) has come, oldest first, so the latest one wins. ``today``
    alone: every price of that day, whatever its time; ``now`` (local): those started by then."""
    now = now or (dt.datetime.combine(today, dt.time.max) if today else local_now())
    s = ScheduledPrice
    rows = conn.execute(
        select(
            s.id, s.product_id, s.store_id, s.price, s.created_by, s.valid_from, s.valid_time, s.created_at
        )
        .where(s.applied_at.is_(None), s.valid_from <= now.date())
        .order_by(s.valid_from, s.created_at)
    ).all()
    due = sorted((r for r in rows if is_due(r[5], r[6], now)), key=lambda r: (r[5], r[6] or dt.time(), r[7]))
    for sid, pid, store_id, price, by, *_when in due:
        done = conn.execute(
            update(ScheduledPrice)
            .where(ScheduledPrice.id == sid, ScheduledPrice.applied_at.is_(None))
            .values(applied_at=utcnow())
        ).rowcount
        if done:  # another server process may have applied it a moment ago
            _put_in_force(conn, str(pid), None if store_id is None else str(store_id), int(price), str(by))
    return len(due)


def apply_due_prices(engine: Engine) -> int:
    with write_tx(engine) as conn:
        return apply_due(conn)
