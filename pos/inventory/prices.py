"""Selling prices with the date they take effect.

A manager schedules a price for a date; on that date (at the first shift opening, or whenever
``apply_due_prices`` runs — the GUI calls it at start-up and every ten minutes, off the GUI thread, and a
catalogue page after it is applied) it is copied into ``products.price``, which is what the till sells at,
so a scan reads one column as before. A price dated today or earlier applies at once. Each scheduled price is
applied once (``applied_at``), so a price pushed later by head office is not overwritten by an old schedule row.

Head office's prices to come arrive with the catalogue (``origin`` ``network`` or ``store``,
``pos.sync.price_rules``) and are put in force with the till's own on the till's clock, online or not
(``pos.catalogue.due_prices``: a store's own price beats the network's).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.catalogue.due_prices import STARTED, started_params
from pos.catalogue.due_prices import apply_due as _apply_due
from pos.catalogue.due_prices import local_date as local_date
from pos.db import write_tx
from pos.errors import PosError
from pos.ids import new_id
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require


class CatalogueEditError(PosError):
    """A product, price or producer change that is not valid."""

    code = "catalogue_edit"


@dataclass(frozen=True, slots=True)
class PriceEntry:
    id: str
    product_id: str
    valid_from: dt.date
    price: int
    created_at: dt.datetime
    applied: bool


def _d(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _ts(v: Any) -> dt.datetime:
    return v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))


def schedule_price_on(
    conn: Connection,
    actor: StaffMember | None,
    product_id: str,
    price: int,
    valid_from: dt.date,
    *,
    now: dt.datetime,
    approver: StaffMember | None = None,
) -> str:
    """Insert a dated price inside the caller's transaction (and apply it if due); returns its id."""
    if not isinstance(price, int) or isinstance(price, bool) or price < 0:
        raise CatalogueEditError("Giá bán không hợp lệ", "Invalid price", code="bad_price")
    today = local_date(now)
    if valid_from < today:
        raise CatalogueEditError(
            "Ngày áp dụng giá không được ở quá khứ", "A price cannot start in the past", code="past_price"
        )
    row = conn.execute(text("SELECT price, sku FROM products WHERE id = :p"), {"p": product_id}).first()
    if row is None:
        raise CatalogueEditError("Không có sản phẩm này", "No such product", code="no_product")
    price_id = new_id()
    conn.execute(
        insert(models.ProductPrice),
        [
            {
                "id": price_id,
                "product_id": product_id,
                "valid_from": valid_from,
                "price": price,
                "created_at": now,
                "created_by": actor.id if actor else None,
                "applied_at": None,
            }
        ],
    )
    record(
        conn,
        AuditEvent(
            "price_change",
            actor,
            approver,
            "product",
            product_id,
            amount=price,
            detail={"sku": row[1], "from": int(row[0]), "to": price, "valid_from": valid_from.isoformat()},
        ),
        now=now,
    )
    if valid_from <= today:
        _apply_due(conn, today, now)
    return price_id


def schedule_price(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    price: int,
    valid_from: dt.date | None = None,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Set ``product_id``'s price from ``valid_from`` (default: today, i.e. at once)."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        price_id = schedule_price_on(
            conn, actor, product_id, price, valid_from or local_date(now), now=now, approver=approver
        )
    if approval is not None:
        approval.spend()
    return price_id


def apply_due_prices(engine: Engine, *, now: dt.datetime | None = None) -> list[tuple[str, int, int]]:
    """Put every price due by today into effect; returns ``(product_id, old, new)`` for each change."""
    now = now or utcnow()
    today = local_date(now)
    with engine.connect() as conn:
        due = conn.execute(
            text(f"SELECT 1 FROM product_prices WHERE applied_at IS NULL AND {STARTED} LIMIT 1"),
            started_params(today, now),
        ).first()
        conn.rollback()
    if due is None:
        return []
    with write_tx(engine) as conn:
        return _apply_due(conn, today, now)


def price_history(engine: Engine, product_id: str) -> list[PriceEntry]:
    """Every price scheduled for a product, newest date first."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, product_id, valid_from, price, created_at, applied_at FROM product_prices "
                "WHERE product_id = :p ORDER BY valid_from DESC, created_at DESC"
            ),
            {"p": product_id},
        ).all()
        conn.rollback()
    return [PriceEntry(str(r[0]), str(r[1]), _d(r[2]), int(r[3]), _ts(r[4]), r[5] is not None) for r in rows]


def upcoming_prices(engine: Engine) -> list[PriceEntry]:
    """Prices scheduled for a later day, soonest first (the shelf labels to print before that day)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, product_id, valid_from, price, created_at, applied_at FROM product_prices "
                "WHERE applied_at IS NULL ORDER BY valid_from, created_at"
            )
        ).all()
        conn.rollback()
    return [PriceEntry(str(r[0]), str(r[1]), _d(r[2]), int(r[3]), _ts(r[4]), False) for r in rows]
