"""Stock adjustments with a reason: damaged, expired, tasting samples for tourists, theft, found, correction.

Each is an ``adjust`` move (never an overwritten level) whose ``reason`` starts with the reason code, so
reports can sum losses by cause; the free-text note follows after a colon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Connection, Engine, insert, text

from pos.db import write_tx
from pos.ids import new_id
from pos.inventory.receiving import StockError
from pos.models import StockMove
from pos.models.rows import StockMoveRow
from pos.models.values import utcnow
from pos.money import line_amount
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync.events import queue_stock_move

#: code → (vi, en, direction): -1 only takes stock out, +1 only adds, 0 either way.
ADJUST_REASONS: Mapping[str, tuple[str, str, int]] = {
    "damaged": ("Hư hỏng", "Damaged", -1),
    "expired": ("Hết hạn", "Expired", -1),
    "samples": ("Hàng nếm thử cho khách", "Tasting samples", -1),
    "theft": ("Mất trộm", "Theft", -1),
    "found": ("Tìm thấy thêm", "Found", 1),
    "correction": ("Sửa sai sót", "Correction", 0),
}


def reason_code(reason: str) -> str:
    """The code of a stored move reason (``"damaged: dropped box"`` → ``damaged``)."""
    return reason.split(":", 1)[0].strip()


def adjust_stock(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    qty_milli: int,
    reason: str,
    *,
    note: str = "",
    batch: str | None = None,
    expiry: dt.date | None = None,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Move ``qty_milli`` (signed) in or out of stock for ``reason``; returns the move id."""
    if reason not in ADJUST_REASONS:
        raise StockError(
            f"Lý do điều chỉnh không hợp lệ: {reason}",
            f"Unknown adjustment reason: {reason}",
            code="bad_reason",
        )
    vi, en, direction = ADJUST_REASONS[reason]
    if not isinstance(qty_milli, int) or qty_milli == 0 or abs(qty_milli) > 100_000_000:
        raise StockError("Số lượng điều chỉnh không hợp lệ", "Invalid adjustment quantity", code="bad_qty")
    if direction and (qty_milli > 0) != (direction > 0):
        raise StockError(
            f"{vi}: số lượng phải {'dương' if direction > 0 else 'âm'}",
            f"{en}: the quantity must be {'positive' if direction > 0 else 'negative'}",
            code="bad_sign",
        )
    if reason == "correction" and not note.strip():
        raise StockError("Sửa sai cần ghi chú", "A correction needs a note", code="note_required")
    now = now or utcnow()
    move_id = new_id()
    stored = f"{reason}: {note.strip()}" if note.strip() else reason
    with write_tx(engine) as conn:
        approver = require(actor, Permission.ADJUST_STOCK, approval)
        record_move(
            conn,
            actor,
            approver,
            move_id,
            product_id,
            qty_milli,
            "adjust",
            stored,
            now,
            batch=batch,
            expiry=expiry,
            detail={"reason": reason, "batch": batch},
        )
    if approval is not None:
        approval.spend()
    return move_id


def record_move(
    conn: Connection,
    actor: StaffMember,
    approver: StaffMember | None,
    move_id: str,
    product_id: str,
    qty_milli: int,
    kind: str,
    stored: str,
    now: dt.datetime,
    *,
    batch: str | None = None,
    expiry: dt.date | None = None,
    detail: Mapping[str, object] | None = None,
    action: str | None = None,
) -> None:
    """One stock move of ``kind`` at the product's cost, its outbox entry and its audit entry (``action``, else
    ``kind``), on the caller's transaction: an adjustment and a write-off are recorded alike."""
    row = conn.execute(text("SELECT cost, sku FROM products WHERE id = :p"), {"p": product_id}).first()
    if row is None:
        raise StockError("Không có sản phẩm này", "No such product", code="no_product")
    cost = int(row[0] or 0)
    move: StockMoveRow = {
        "id": move_id,
        "product_id": product_id,
        "qty_milli": qty_milli,
        "kind": kind,
        "sale_id": None,
        "reason": stored[:200],
        "batch": batch,
        "expiry": expiry,
        "unit_cost": cost,
        "staff_id": actor.id,
        "created_at": now,
    }
    conn.execute(insert(StockMove), [move])
    queue_stock_move(conn, move)
    record(
        conn,
        AuditEvent(
            action or kind,
            actor,
            approver,
            "product",
            product_id,
            stored,
            amount=line_amount(cost, qty_milli),
            detail={"sku": row[1], "qty_milli": qty_milli, **(detail or {})},
        ),
        now=now,
    )
