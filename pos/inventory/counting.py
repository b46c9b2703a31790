"""Stock counts (stock takes): scan what is on the shelf, review the differences, then apply them.

A count is stored as it is scanned (a power cut does not lose an afternoon of counting). ``differences``
shows expected vs counted for every line *before* anything changes stock; ``apply_count`` then writes one
``count`` move per difference, against the level at that moment (sales made while counting are respected).

A *partial* count only corrects the products that were counted. A *full* count also sets every product that
was not counted but shows stock to zero — the shop declared it counted everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, text

from pos.catalogue.lookup import Catalogue, ProductInfo
from pos.db import write_tx
from pos.ids import new_id
from pos.inventory.receiving import StockError
from pos.ledger.canonical import sql_value
from pos.models import StockCount, StockMove
from pos.models.rows import StockMoveRow
from pos.models.values import utcnow
from pos.money import line_amount
from pos.staff.audit import AuditEvent, record
from pos.staff.directory import refresh
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync import store_stock
from pos.sync.events import queue_stock_move


@dataclass(frozen=True, slots=True)
class CountDifference:
    product_id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    expected_milli: int
    counted_milli: int
    unit_cost: int
    counted: bool  # False: not scanned (only listed in a full count, as counted zero)

    @property
    def diff_milli(self) -> int:
        return self.counted_milli - self.expected_milli

    @property
    def value_diff(self) -> int:
        return line_amount(self.unit_cost, self.diff_milli)

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


@dataclass(frozen=True, slots=True)
class CountReview:
    count_id: str
    status: str
    full: bool
    lines: tuple[CountDifference, ...]

    @property
    def changes(self) -> tuple[CountDifference, ...]:
        return tuple(line for line in self.lines if line.diff_milli)

    @property
    def value_diff(self) -> int:
        return sum(line.value_diff for line in self.lines)


@dataclass(frozen=True, slots=True)
class CountInfo:
    id: str
    status: str
    note: str
    full: bool
    started_at: dt.datetime
    lines: int


def _open_count(conn: Connection, count_id: str) -> tuple[str, bool]:
    row = conn.execute(text("SELECT status, full FROM stock_counts WHERE id = :c"), {"c": count_id}).first()
    if row is None:
        raise StockError("Không có phiếu kiểm kê này", "No such stock count", code="no_count")
    if row[0] != "open":
        raise StockError("Phiếu kiểm kê đã đóng", "This stock count is closed", code="count_closed")
    return str(row[0]), bool(row[1])


def start_count(
    engine: Engine, actor: StaffMember, *, note: str = "", full: bool = False, now: dt.datetime | None = None
) -> str:
    actor = refresh(engine, actor)
    require(actor, Permission.COUNT_STOCK)
    now = now or utcnow()
    count_id = new_id()
    with write_tx(engine) as conn:
        conn.execute(
            insert(StockCount),
            [
                {
                    "id": count_id,
                    "status": "open",
                    "note": note[:300],
                    "full": full,
                    "started_at": now,
                    "started_by": actor.id,
                    "closed_at": None,
                    "closed_by": None,
                }
            ],
        )
    return count_id


def record_count(
    engine: Engine,
    actor: StaffMember,
    count_id: str,
    product_id: str,
    qty_milli: int,
    *,
    replace: bool = False,
    now: dt.datetime | None = None,
) -> int:
    """Add ``qty_milli`` to the product's counted quantity (or set it, ``replace=True``); returns the new total."""
    require(actor, Permission.COUNT_STOCK)
    if not isinstance(qty_milli, int) or (qty_milli < 0 if replace else qty_milli == 0):
        raise StockError("Số lượng kiểm không hợp lệ", "Invalid counted quantity", code="bad_qty")
    now = now or utcnow()
    with write_tx(engine) as conn:
        _open_count(conn, count_id)
        if conn.execute(text("SELECT 1 FROM products WHERE id = :p"), {"p": product_id}).first() is None:
            raise StockError("Không có sản phẩm này", "No such product", code="no_product")
        current = conn.execute(
            text("SELECT counted_milli FROM stock_count_lines WHERE count_id = :c AND product_id = :p"),
            {"c": count_id, "p": product_id},
        ).scalar()
        total = qty_milli if replace or current is None else int(current) + qty_milli
        if total < 0:
            raise StockError(
                "Số lượng kiểm không được âm", "A counted quantity cannot be negative", code="bad_qty"
            )
        conn.execute(
            text(
                "INSERT INTO stock_count_lines (count_id, product_id, counted_milli, expected_milli, move_id, "
                "updated_at) VALUES (:c, :p, :q, NULL, NULL, :at) "
                "ON CONFLICT(count_id, product_id) DO UPDATE SET counted_milli = :q, updated_at = :at"
            ),
            {"c": count_id, "p": product_id, "q": total, "at": sql_value(now)},
        )
    return total


def scan_count(
    engine: Engine,
    actor: StaffMember,
    catalogue: Catalogue,
    count_id: str,
    code: str,
    qty_milli: int | None = None,
) -> tuple[ProductInfo, int]:
    """Count one scan (a scale label counts its weight); returns the product and its counted total so far."""
    result = catalogue.resolve(code)
    qty = result.qty_milli if result.qty_milli is not None else (qty_milli or 1000)
    return result.product, record_count(engine, actor, count_id, result.product.id, qty)


def _review(conn: Connection, count_id: str) -> CountReview:
    head = conn.execute(text("SELECT status, full FROM stock_counts WHERE id = :c"), {"c": count_id}).first()
    if head is None:
        raise StockError("Không có phiếu kiểm kê này", "No such stock count", code="no_count")
    status, full = str(head[0]), bool(head[1])
    stock = store_stock.qty_sql(
        conn
    )  # the store's figure once head office sent one: the shelf is the store's
    rows = conn.execute(
        text(
            f"SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, "
            f"CASE WHEN l.expected_milli IS NULL THEN {stock} ELSE l.expected_milli END, "
            "l.counted_milli, p.cost FROM stock_count_lines l JOIN products p ON p.id = l.product_id "
            "WHERE l.count_id = :c ORDER BY p.sku"
        ),
        {"c": count_id},
    ).all()
    lines = [
        CountDifference(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3] or ""),
            str(r[4]),
            int(r[5]),
            int(r[6]),
            int(r[7] or 0),
            True,
        )
        for r in rows
    ]
    if full and status == "open":
        missing = conn.execute(
            text(
                f"SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, {stock}, p.cost FROM products p "
                "WHERE p.id NOT IN (SELECT product_id FROM stock_count_lines WHERE count_id = :c) "
                f"AND {stock} <> 0 ORDER BY p.sku"
            ),
            {"c": count_id},
        ).all()
        lines += [
            CountDifference(
                str(r[0]),
                str(r[1]),
                str(r[2]),
                str(r[3] or ""),
                str(r[4]),
                int(r[5]),
                0,
                int(r[6] or 0),
                False,
            )
            for r in missing
        ]
    return CountReview(count_id, status, full, tuple(lines))


def differences(engine: Engine, count_id: str) -> CountReview:
    """Expected (the level now) vs counted for every line; nothing is changed."""
    with engine.connect() as conn:
        review = _review(conn, count_id)
        conn.rollback()
    return review


def apply_count(
    engine: Engine,
    actor: StaffMember,
    count_id: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> CountReview:
    """Write the differences as ``count`` moves and close the count; returns what was applied."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.APPLY_STOCK_COUNT, approval)
        _open_count(conn, count_id)
        review = _review(conn, count_id)
        for line in review.lines:
            move_id = None
            if line.diff_milli:
                move_id = new_id()
                move: StockMoveRow = {
                    "id": move_id,
                    "product_id": line.product_id,
                    "qty_milli": line.diff_milli,
                    "kind": "count",
                    "sale_id": None,
                    "reason": f"count {count_id}",
                    "batch": None,
                    "expiry": None,
                    "unit_cost": line.unit_cost,
                    "staff_id": actor.id,
                    "created_at": now,
                }
                conn.execute(insert(StockMove), [move])
                queue_stock_move(conn, move)
            conn.execute(
                text(
                    "INSERT INTO stock_count_lines (count_id, product_id, counted_milli, expected_milli, move_id, "
                    "updated_at) VALUES (:c, :p, :q, :e, :m, :at) ON CONFLICT(count_id, product_id) "
                    "DO UPDATE SET expected_milli = :e, move_id = :m"
                ),
                {
                    "c": count_id,
                    "p": line.product_id,
                    "q": line.counted_milli,
                    "e": line.expected_milli,
                    "m": move_id,
                    "at": sql_value(now),
                },
            )
        conn.execute(
            text(
                "UPDATE stock_counts SET status = 'applied', closed_at = :at, closed_by = :by WHERE id = :c"
            ),
            {"at": sql_value(now), "by": actor.id, "c": count_id},
        )
        record(
            conn,
            AuditEvent(
                "stock_count",
                actor,
                approver,
                "stock_count",
                count_id,
                amount=review.value_diff,
                detail={"lines": len(review.lines), "changed": len(review.changes), "full": review.full},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return CountReview(count_id, "applied", review.full, review.lines)


def cancel_count(
    engine: Engine, actor: StaffMember, count_id: str, *, now: dt.datetime | None = None
) -> None:
    require(actor, Permission.COUNT_STOCK)
    with write_tx(engine) as conn:
        _open_count(conn, count_id)
        conn.execute(
            text(
                "UPDATE stock_counts SET status = 'cancelled', closed_at = :at, closed_by = :by WHERE id = :c"
            ),
            {"at": sql_value(now or utcnow()), "by": actor.id, "c": count_id},
        )


def list_counts(engine: Engine, *, status: str | None = None) -> list[CountInfo]:
    sql = (
        "SELECT c.id, c.status, c.note, c.full, c.started_at, "
        "(SELECT COUNT(*) FROM stock_count_lines l WHERE l.count_id = c.id) FROM stock_counts c"
    )
    params = {}
    if status is not None:
        sql += " WHERE c.status = :s"
        params["s"] = status
    with engine.connect() as conn:
        rows = conn.execute(text(sql + " ORDER BY c.started_at DESC"), params).all()
        conn.rollback()
    return [
        CountInfo(
            str(r[0]),
            str(r[1]),
            str(r[2]),
            bool(r[3]),
            r[4] if isinstance(r[4], dt.datetime) else dt.datetime.fromisoformat(str(r[4])),
            int(r[5]),
        )
        for r in rows
    ]
