"""Write-offs: goods taken out of stock for good (expired, damaged, lost, other), as a ``waste`` move.

Apart from adjustments (``pos.inventory.adjustments``, corrections either way) because a write-off is a loss the
shop and head office account for: it needs the ``ADJUST_STOCK`` right — a manager, or anyone with a manager's
one-time approval (the till's approval flow, ``pos.staff.permissions.require``) — is audited with its value at
cost, and travels to head office like every other stock move (``pos.sync.events.queue_stock_move``), where it
lowers the store's stock. The stored reason is ``"<code>: <note>"`` so reports can sum losses by cause.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import Engine

from pos.db import write_tx
from pos.ids import new_id
from pos.inventory.adjustments import record_move
from pos.inventory.receiving import StockError
from pos.models.values import utcnow
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require

#: code → (vi, en); "other" needs a note.
WRITE_OFF_REASONS: Mapping[str, tuple[str, str]] = {
    "expired": ("Hết hạn", "Expired"),
    "damaged": ("Hư hỏng", "Damaged"),
    "lost": ("Mất, thất lạc", "Lost"),
    "other": ("Lý do khác", "Other"),
}
MAX_QTY_MILLI = 100_000_000


def write_off(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    qty_milli: int,
    reason: str,
    *,
    note: str = "",
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Take ``qty_milli`` (> 0) of a product out of stock for ``reason``; returns the ``waste`` move's id."""
    if reason not in WRITE_OFF_REASONS:
        raise StockError(
            f"Lý do huỷ hàng không hợp lệ: {reason[:40]}",
            f"Unknown write-off reason: {reason[:40]}",
            code="bad_reason",
        )
    if not isinstance(qty_milli, int) or qty_milli <= 0 or qty_milli > MAX_QTY_MILLI:
        raise StockError(
            "Số lượng huỷ phải lớn hơn 0", "The quantity written off must be more than 0", code="bad_qty"
        )
    note = note.strip()
    if reason == "other" and not note:
        raise StockError("Lý do khác cần ghi chú", "“Other” needs a note", code="note_required")
    now = now or utcnow()
    move_id = new_id()
    stored = f"{reason}: {note}" if note else reason
    with write_tx(engine) as conn:
        approver = require(actor, Permission.ADJUST_STOCK, approval)
        record_move(
            conn,
            actor,
            approver,
            move_id,
            product_id,
            -qty_milli,
            "waste",
            stored,
            now,
            detail={"reason": reason, "move_id": move_id},
            action="write_off",
        )
    if approval is not None:
        approval.spend()
    return move_id
