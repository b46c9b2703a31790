"""Taking the X report and closing a shift with a blind count and a stored, numbered Z report.

Blind count: the person closing enters what is in the drawer by denomination *before* the till says what it
expected; ``close_shift`` only reveals expected and over/short in the Z report it returns. The X report, which
shows the expected cash mid-shift, needs ``X_REPORT`` (a shift lead), so a cashier cannot peek first.

Closing while sales of the shift still wait in the outbox (not yet at the server) is refused unless the caller
asks for it explicitly (``close_unsent=True``), and that override needs ``CLOSE_SHIFT_UNSENT``: a shift lead or
manager on their own right, a cashier with a shift lead's or manager's PIN. The override is recorded in the audit
log (``shift_close_unsent``: who closed, who approved — the closer themselves when it was their own right — and
how many sales were unsent) and sent to head office as a ``close_unsent`` shift event.

The Z number is the till's previous highest plus one, taken inside the closing transaction, so Z numbers have
no gaps. The report is stored as JSON with its SHA-256, and the ``z_reports`` table refuses edits.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Engine, insert, text

from pos import models
from pos.db import write_tx
from pos.ids import new_id
from pos.ledger.canonical import sql_value
from pos.models.values import utcnow
from pos.shifts.cash import CashCount, ShiftError
from pos.shifts.report import ShiftReport, build_report
from pos.shifts.shift import require_open, unsent_sales, write_count
from pos.staff.audit import AuditEvent, record
from pos.staff.directory import refresh
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync.events import queue_shift_event


def x_report(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> ShiftReport:
    """The open shift's figures so far. Nothing is reset or stored; taking it is audited."""
    actor = refresh(engine, actor)
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.X_REPORT, approval)
        info = require_open(conn, terminal_code)
        report = build_report(conn, info, kind="X", now=now)
        why = approval.reason if approval is not None and approver is not None else ""
        record(
            conn,
            AuditEvent(
                "x_report",
                actor,
                approver,
                "shift",
                info.id,
                why,
                amount=report.net_total,
                shift_id=info.id,
                terminal_code=terminal_code,
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return report


def close_shift(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    counted: CashCount,
    *,
    approval: Approval | None = None,
    reason: str = "",
    close_unsent: bool = False,
    now: dt.datetime | None = None,
) -> ShiftReport:
    """Close the open shift with the drawer ``counted`` by denomination; returns the stored Z report.

    Raises ``ShiftError`` (code ``unsent_sales``) while sales of the shift wait in the outbox, unless
    ``close_unsent`` asks for the override (see the module's note).
    """
    actor = refresh(engine, actor)
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.CLOSE_SHIFT, approval)
        info = require_open(conn, terminal_code)
        unsent = unsent_sales(conn, info, now)
        override_by: StaffMember | None = None
        if unsent:
            if not close_unsent:
                raise UnsentSalesError(unsent)
            approver = require(actor, Permission.CLOSE_SHIFT_UNSENT, approval) or approver
            override_by = approver or actor
        if now < info.opened_at:
            raise ShiftError(
                "Giờ đóng ca trước giờ mở ca", "The close time is before the opening", code="bad_time"
            )
        z_no = int(
            conn.execute(
                text("SELECT COALESCE(MAX(z_no), 0) + 1 FROM z_reports WHERE terminal_code = :t"),
                {"t": terminal_code},
            ).scalar_one()
        )
        report = build_report(conn, info, kind="Z", now=now, z_no=z_no, closed_by=actor.name, counted=counted)
        payload = report.to_json()
        conn.execute(
            insert(models.ZReportRow),
            [
                {
                    "id": new_id(),
                    "terminal_code": terminal_code,
                    "z_no": z_no,
                    "shift_id": info.id,
                    "created_at": now,
                    "payload": payload,
                    "sha256": hashlib.sha256(payload.encode("utf-8")).hexdigest(),
                }
            ],
        )
        write_count(conn, info.id, "close", counted)
        conn.execute(
            text(
                "UPDATE shifts SET status = 'closed', closed_at = :at, closed_by = :by, closed_by_name = :name, "
                "expected_cash = :exp, counted_cash = :cnt, z_no = :z WHERE id = :id"
            ),
            {
                "at": sql_value(now),
                "by": actor.id,
                "name": actor.name,
                "exp": report.expected_cash,
                "cnt": counted.total,
                "z": z_no,
                "id": info.id,
            },
        )
        why = reason or (approval.reason if approval is not None and approver is not None else "")
        queue_shift_event(
            conn,
            info.id,
            "close_unsent" if override_by is not None else "close",
            staff_id=actor.id,
            at=now,
            data={
                "terminal_code": terminal_code,
                "z_no": z_no,
                "expected_cash": report.expected_cash,
                "counted_cash": counted.total,
                "over_short": report.over_short,
                "unsent_sales": unsent,
                "approved_by": approver.id if approver else None,
                "override_by": override_by.id if override_by else None,
                "reason": why,
                # The Z report's own figures, so head office's shifts page shows them without the till.
                "closed_by_name": actor.name,
                "net_total": report.net_total,
                "sales_count": report.sales_count,
                "returns_total": report.returns_total,
                "by_method": {m.method: m.amount for m in report.by_method},
                "vat": [[v.rate_pct, v.gross, v.vat] for v in report.vat],
            },
        )
        if override_by is not None:
            record(
                conn,
                AuditEvent(
                    "shift_close_unsent",
                    actor,
                    override_by,
                    "shift",
                    info.id,
                    why,
                    shift_id=info.id,
                    terminal_code=terminal_code,
                    detail={"z_no": z_no, "unsent_sales": unsent, "own_right": approver is None},
                ),
                now=now,
            )
        record(
            conn,
            AuditEvent(
                "shift_close",
                actor,
                approver,
                "shift",
                info.id,
                why,
                amount=report.over_short,
                shift_id=info.id,
                terminal_code=terminal_code,
                detail={
                    "z_no": z_no,
                    "expected": report.expected_cash,
                    "counted": counted.total,
                    "unsent_sales": unsent,
                },
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return report


class UnsentSalesError(ShiftError):
    """The shift still has ``unsent`` sales waiting for the server: closing needs the explicit override."""

    def __init__(self, unsent: int) -> None:
        super().__init__(
            f"Còn {unsent} giao dịch của ca chưa gửi về máy chủ. Hãy đồng bộ trước, hoặc đóng ca với sự đồng ý "
            "rõ ràng của quản lý (ghi vào nhật ký)",
            f"{unsent} sales of this shift are not yet at the server. Sync first, or close with a manager's "
            "explicit override (recorded in the audit log)",
            code="unsent_sales",
        )
        self.unsent = unsent


def _verified(payload: str, digest: str) -> ShiftReport:
    if hashlib.sha256(payload.encode("utf-8")).hexdigest() != digest:
        raise ShiftError(
            "Báo cáo Z đã bị sửa ngoài phần mềm",
            "The Z report was altered outside the app",
            code="z_tampered",
        )
    return ShiftReport.from_json(payload)


def load_z_report(engine: Engine, terminal_code: str, z_no: int) -> ShiftReport:
    """A stored Z report (for reprinting), checked against its stored hash."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT payload, sha256 FROM z_reports WHERE terminal_code = :t AND z_no = :z"),
            {"t": terminal_code, "z": z_no},
        ).first()
        conn.rollback()
    if row is None:
        raise ShiftError(f"Không có báo cáo Z số {z_no}", f"No Z report number {z_no}", code="no_z")
    return _verified(str(row[0]), str(row[1]))


def list_z_reports(engine: Engine, terminal_code: str, *, limit: int = 100) -> list[ShiftReport]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT payload, sha256 FROM z_reports WHERE terminal_code = :t ORDER BY z_no DESC LIMIT :n"
            ),
            {"t": terminal_code, "n": limit},
        ).all()
        conn.rollback()
    return [_verified(str(p), str(h)) for p, h in rows]
