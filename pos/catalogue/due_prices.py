"""Putting scheduled prices in force on the till's clock: the till's own, and head office's for the network or this
till's store (``product_prices.origin``), into ``products.price`` — the one column a scan reads, so the scan path
costs nothing more. Run at start-up, at the first shift opening, every ten minutes (off the GUI thread)
and in every catalogue page's transaction (``pos.sync.price_rules``). The scheduling itself is
``pos.inventory.prices``.

A store's own price (``store_prices``, head office's) beats the network's; within each, the latest day wins and
a tie goes to the one set last (``resolve``). A cart opened before midnight keeps the prices of the lines already
in it (``ProductInfo`` snapshots); the next scan after the applier ran sells at the new price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from pos.ledger.canonical import sql_value
from pos.staff.audit import AuditEvent, record


def _d(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _ts(v: Any) -> dt.datetime:
    return v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))


def local_date(now: dt.datetime) -> dt.date:
    """The shop's calendar date of a naive-UTC instant (as ``checkout`` dates sales)."""
    return now.replace(tzinfo=dt.UTC).astimezone().date()


#: A pending price has started: its day is past, or it is today and its time of day (``HH:MM``, none: midnight)
#: has come on the till's clock. Parameters ``:today`` (ISO date) and ``:hhmm``. The first term is a range on
#: ``ix_product_prices_pending`` (applied_at, valid_from): with nothing started the look reads no row.
STARTED = "valid_from <= :today AND (valid_from < :today OR COALESCE(valid_time, '00:00') <= :hhmm)"


def started_params(today: dt.date, now: dt.datetime) -> dict[str, str]:
    """``STARTED``'s parameters for the shop's ``today`` and the naive-UTC instant ``now``."""
    local = now.replace(tzinfo=dt.UTC).astimezone()
    return {"today": today.isoformat(), "hhmm": local.strftime("%H:%M") if local.date() == today else "23:59"}


@dataclass(frozen=True, slots=True)
class DuePrice:
    """A scheduled price whose day has come: ``origin`` ``store`` (this store's own price, head office's) or
    ``network`` / ``till`` (the price every store sells at unless it has its own)."""

    origin: str
    valid_from: dt.date
    created_at: dt.datetime
    price: int
    valid_time: str = ""  # ``HH:MM`` on ``valid_from``; empty: midnight


def resolve(current: int, store: int | None, due: list[DuePrice]) -> tuple[int, int | None]:
    """(the price to sell at, the store's own price) once ``due`` is in force.

    The latest day (and time of day) wins within each kind (ties: the one set last); a store's own price beats the network's, whatever
    their days — the store sells at the network price again only when head office removes its own.
    ``current`` is what the till sells at now (the store's price when it has one)."""
    network: int | None = None
    for d in sorted(due, key=lambda d: (d.valid_from, d.valid_time or "00:00", d.created_at)):
        if d.origin == "store":
            store = d.price
        else:
            network = d.price
    if store is not None:
        return store, store
    return (current if network is None else network), None


def apply_due(conn: Connection, today: dt.date, now: dt.datetime) -> list[tuple[str, int, int]]:
    rows = conn.execute(
        text(
            "SELECT pp.product_id, pp.origin, pp.valid_from, pp.created_at, pp.price, p.price, p.sku, sp.price, "
            "pp.valid_time FROM product_prices pp JOIN products p ON p.id = pp.product_id "
            "LEFT JOIN store_prices sp ON sp.product_id = pp.product_id "
            f"WHERE pp.applied_at IS NULL AND {STARTED.replace('valid_', 'pp.valid_')} ORDER BY pp.product_id"
        ),
        started_params(today, now),
    ).all()
    products: dict[str, tuple[int, int | None, str, list[DuePrice]]] = {}
    for product_id, origin, valid_from, created_at, price, current, sku, store, at in rows:
        entry = products.setdefault(
            str(product_id), (int(current), None if store is None else int(store), str(sku), [])
        )
        entry[3].append(DuePrice(str(origin), _d(valid_from), _ts(created_at), int(price), str(at or "")))
    changes: list[tuple[str, int, int]] = []
    own: list[dict[str, Any]] = []
    detail: list[dict[str, Any]] = []
    stamp = sql_value(now)
    for product_id, (current, store, sku, due) in products.items():
        price, mine = resolve(current, store, due)
        if mine is not None and mine != store:
            own.append({"p": product_id, "v": mine, "at": stamp})
        if price != current:
            changes.append((product_id, current, price))
            detail.append({"sku": sku, "from": current, "to": price, "store": mine is not None})
    # One statement each, whatever the number of products: midnight holds the write lock for milliseconds.
    if own:
        conn.execute(
            text(
                "INSERT INTO store_prices (product_id, price, updated_at) VALUES (:p, :v, :at) "
                "ON CONFLICT (product_id) DO UPDATE SET price = excluded.price, updated_at = excluded.updated_at"
            ),
            own,
        )
    if changes:
        conn.execute(
            text("UPDATE products SET price = :v, updated_at = :at WHERE id = :p"),
            [{"v": new, "at": stamp, "p": pid} for pid, _old, new in changes],
        )
        one = changes[0] if len(changes) == 1 else None
        record(
            conn,
            AuditEvent(
                "price_applied",
                None,
                subject_type="product",
                subject_id=one[0] if one else "",
                amount=one[2] if one else None,
                reason="" if one else f"{len(changes)} products",
                detail=detail[0] if one else {"changes": detail[:1000], "count": len(changes)},
            ),
            now=now,
        )
    if rows:
        conn.execute(
            text(f"UPDATE product_prices SET applied_at = :at WHERE applied_at IS NULL AND {STARTED}"),
            {"at": sql_value(now), **started_params(today, now)},
        )
    return changes


def apply_due_on(conn: Connection, now: dt.datetime) -> list[tuple[str, int, int]]:
    """Every price due by the local date of ``now`` (naive UTC) in force, in the caller's write transaction."""
    return apply_due(conn, local_date(now), now)
