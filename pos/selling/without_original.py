"""The returns made without their original receipt, and where each stands with head office.

A cashier and a manager need to see them after the day: which are still waiting for the original (``pending``: not
sent yet), which were matched with it (``linked``), and which head office had already refunded elsewhere
(``disputed``: sent anyway, audited — someone must look). The rows are ``remote_returns`` (``pos.sync.return_links``)
with the return sale they belong to; returns claimed online (``claimed``) are ordinary returns and are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.selling.checkout import receipt_label

#: The states of a return made without the original (``pos.models.store_sync.RemoteReturn``), in the order shown.
STATES = ("pending", "linked", "disputed")

#: What each state is called (vi, en) on screen and in the command line.
STATE_LABELS: dict[str, tuple[str, str]] = {
    "pending": ("Chờ đối chiếu", "Waiting for the original"),
    "linked": ("Đã đối chiếu", "Reconciled"),
    "disputed": ("Có sai lệch", "Disputed"),
}


@dataclass(frozen=True, slots=True)
class ReturnWithoutOriginal:
    sale_id: str
    receipt: str  # this till's return slip (T02-000045)
    created_at: dt.datetime  # UTC
    claimed: str  # the receipt the customer stated (T01-000123)
    refund: int  # đồng given back, positive
    status: str  # pending · linked · disputed
    reason: str  # why the goods came back
    note: str  # what head office said when it disputed it
    cashier: str
    approved_by: str  # name of who approved it


def returns_without_original(engine: Engine, status: str | None = None) -> list[ReturnWithoutOriginal]:
    """Every return made here without its original (newest first), or only those in ``status``."""
    where = "rr.status IN ('pending', 'linked', 'disputed')" if status is None else "rr.status = :status"
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.id, s.terminal_code, s.receipt_no, s.created_at, rr.original_terminal, "
                "rr.original_receipt_no, s.total, rr.status, s.note, rr.note, s.cashier_name, "
                "COALESCE(a.name, '') FROM remote_returns rr JOIN sales s ON s.id = rr.return_sale_id "
                f"LEFT JOIN staff a ON a.id = s.approved_by WHERE {where} ORDER BY s.created_at DESC, s.receipt_no DESC"
            ),
            {"status": status},
        ).all()
        conn.rollback()
    return [
        ReturnWithoutOriginal(
            str(r[0]),
            receipt_label(str(r[1]), int(r[2])),
            r[3] if isinstance(r[3], dt.datetime) else dt.datetime.fromisoformat(str(r[3])),
            receipt_label(str(r[4]), int(r[5])),
            -int(r[6]),
            str(r[7]),
            str(r[8] or ""),
            "" if r[7] == "pending" else str(r[9] or ""),
            str(r[10] or ""),
            str(r[11] or ""),
        )
        for r in rows
    ]
