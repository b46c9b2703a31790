"""A shift: opened with a counted float, cash paid in and out with a reason, closed with a blind count.

One shift at a time per till. Sales belong to a shift by ``sales.shift_id`` (the guarded checkout fills it in);
a sale made on this till while the shift was open but without a shift id is counted in it too, so a caller
that forgot the id cannot make money vanish from the Z report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.db import write_tx
from pos.ids import new_id
from pos.ledger.canonical import sql_value
from pos.models.values import utcnow
from pos.money import format_vnd
from pos.shifts.cash import CashCount, ShiftError
from pos.staff.audit import AuditEvent, record
from pos.staff.directory import refresh
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync.events import queue_shift_event

PAID_KINDS = ("paid_in", "paid_out")


@dataclass(frozen=True, slots=True)
class ShiftInfo:
    id: str
    terminal_code: str
    status: str
    opened_at: dt.datetime
    opened_by: str
    opened_by_name: str
    opening_float: int
    closed_at: dt.datetime | None
    closed_by_name: str
    expected_cash: int | None
    counted_cash: int | None
    z_no: int | None

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def over_short(self) -> int | None:
        if self.expected_cash is None or self.counted_cash is None:
            return None
        return self.counted_cash - self.expected_cash


def _dt(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


_COLS = (
    "id, terminal_code, status, opened_at, opened_by, opened_by_name, opening_float, closed_at, closed_by_name, "
    "expected_cash, counted_cash, z_no"
)


#: The columns of a ``ShiftInfo``, in order (``shift_info`` reads a row of them).
SHIFT_COLUMNS = _COLS


def _info(r: Any) -> ShiftInfo:
    opened = _dt(r[3])
    assert opened is not None
    return ShiftInfo(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        opened,
        str(r[4]),
        str(r[5]),
        int(r[6]),
        _dt(r[7]),
        str(r[8]),
        r[9],
        r[10],
        r[11],
    )


def shift_info(row: Any) -> ShiftInfo:
    """A row of :data:`SHIFT_COLUMNS` as a ``ShiftInfo`` (for callers reading on the driver)."""
    return _info(row)


def shift_by_id(conn: Connection, shift_id: str) -> ShiftInfo:
    row = conn.execute(text(f"SELECT {_COLS} FROM shifts WHERE id = :id"), {"id": shift_id}).first()
    if row is None:
        raise ShiftError("Không có ca này", "No such shift", code="no_shift")
    return _info(row)


def open_shift_on(conn: Connection, terminal_code: str) -> ShiftInfo | None:
    row = conn.execute(
        text(
            f"SELECT {_COLS} FROM shifts WHERE terminal_code = :t AND status = 'open' ORDER BY opened_at DESC"
        ),
        {"t": terminal_code},
    ).first()
    return None if row is None else _info(row)


def current_shift(engine: Engine, terminal_code: str) -> ShiftInfo | None:
    """The open shift of this till, if any."""
    with engine.connect() as conn:
        info = open_shift_on(conn, terminal_code)
        conn.rollback()
    return info


def get_shift(engine: Engine, shift_id: str) -> ShiftInfo:
    with engine.connect() as conn:
        info = shift_by_id(conn, shift_id)
        conn.rollback()
    return info


def list_shifts(engine: Engine, terminal_code: str, *, limit: int = 50) -> list[ShiftInfo]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(f"SELECT {_COLS} FROM shifts WHERE terminal_code = :t ORDER BY opened_at DESC LIMIT :n"),
            {"t": terminal_code, "n": limit},
        ).all()
        conn.rollback()
    return [_info(r) for r in rows]


def no_open_shift() -> ShiftError:
    return ShiftError("Chưa mở ca trên máy này", "No shift is open on this till", code="no_open_shift")


def require_open(conn: Connection, terminal_code: str, shift_id: str | None = None) -> ShiftInfo:
    """The open shift of ``terminal_code`` (which must be ``shift_id`` when given)."""
    info = open_shift_on(conn, terminal_code)
    if info is None:
        raise no_open_shift()
    if shift_id is not None and info.id != shift_id:
        raise ShiftError("Ca này đã đóng", "That shift is closed", code="shift_closed")
    return info


def sales_clause(alias: str = "s") -> str:
    """SQL condition selecting the sales of a shift; parameters ``:sid``, ``:term``, ``:opened``, ``:closed``."""
    a = alias
    return (
        f"({a}.shift_id = :sid OR ({a}.shift_id IS NULL AND {a}.terminal_code = :term "
        f"AND {a}.created_at >= :opened AND {a}.created_at < :closed))"
    )


def sales_params(info: ShiftInfo, until: dt.datetime) -> dict[str, Any]:
    closed = info.closed_at or until
    return {
        "sid": info.id,
        "term": info.terminal_code,
        "opened": sql_value(info.opened_at),
        "closed": sql_value(closed + dt.timedelta(microseconds=1)),
    }


def expected_cash(conn: Connection, info: ShiftInfo, until: dt.datetime) -> int:
    """Float + cash taken in sales (net of change and cash refunds) + paid-in − paid-out, in đồng."""
    cash = conn.execute(
        text(
            f"SELECT COALESCE(SUM(p.amount), 0) FROM payments p JOIN sales s ON s.id = p.sale_id "
            f"WHERE p.method = 'cash' AND {sales_clause()}"
        ),
        sales_params(info, until),
    ).scalar_one()
    moves = conn.execute(
        text("SELECT COALESCE(SUM(amount), 0) FROM cash_movements WHERE shift_id = :s"), {"s": info.id}
    ).scalar_one()
    return info.opening_float + int(cash) + int(moves)


def unsent_sales(conn: Connection, info: ShiftInfo, until: dt.datetime) -> int:
    """Sales of the shift still waiting in the outbox for the server."""
    return int(
        conn.execute(
            text(
                f"SELECT COUNT(*) FROM outbox o JOIN sales s ON s.id = o.entity_id "
                f"WHERE o.entity = 'sale' AND {sales_clause()}"
            ),
            sales_params(info, until),
        ).scalar_one()
    )


def write_count(conn: Connection, shift_id: str, stage: str, count: CashCount) -> None:
    conn.execute(
        insert(models.CashCountRow),
        [
            {"shift_id": shift_id, "stage": stage, "denomination": note, "pieces": n}
            for note, n in count.pieces
        ],
    )


def read_count(conn: Connection, shift_id: str, stage: str) -> CashCount | None:
    rows = conn.execute(
        text("SELECT denomination, pieces FROM cash_counts WHERE shift_id = :s AND stage = :st"),
        {"s": shift_id, "st": stage},
    ).all()
    return CashCount.of([(int(d), int(n)) for d, n in rows]) if rows else None


def open_shift(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    opening: CashCount,
    *,
    now: dt.datetime | None = None,
) -> ShiftInfo:
    """Open a shift on ``terminal_code`` with the float counted by denomination.

    Prices scheduled to start by today are applied first (``pos.inventory.prices``), so the day sells at the
    day's prices.
    """
    from pos.inventory.prices import apply_due_prices  # inventory builds on shifts' callers, not the reverse

    actor = refresh(engine, actor)
    require(actor, Permission.OPEN_SHIFT)
    now = now or utcnow()
    apply_due_prices(engine, now=now)
    shift_id = new_id()
    with write_tx(engine) as conn:
        if open_shift_on(conn, terminal_code) is not None:
            raise ShiftError(
                "Máy này đang có ca mở; hãy đóng ca trước",
                "A shift is already open on this till",
                code="shift_open",
            )
        conn.execute(
            insert(models.Shift),
            [
                {
                    "id": shift_id,
                    "terminal_code": terminal_code,
                    "status": "open",
                    "opened_at": now,
                    "opened_by": actor.id,
                    "opened_by_name": actor.name,
                    "opening_float": opening.total,
                    "closed_at": None,
                    "closed_by": None,
                    "closed_by_name": "",
                    "expected_cash": None,
                    "counted_cash": None,
                    "z_no": None,
                }
            ],
        )
        write_count(conn, shift_id, "open", opening)
        queue_shift_event(
            conn,
            shift_id,
            "open",
            staff_id=actor.id,
            at=now,
            data={
                "terminal_code": terminal_code,
                "opening_float": opening.total,
                "opened_by_name": actor.name,
                "float": {str(k): v for k, v in opening.pieces},
            },
        )
        record(
            conn,
            AuditEvent(
                "shift_open",
                actor,
                subject_type="shift",
                subject_id=shift_id,
                amount=opening.total,
                shift_id=shift_id,
                terminal_code=terminal_code,
                detail={"float": opening.as_dict()},
            ),
            now=now,
        )
        info = shift_by_id(conn, shift_id)
    return info


def cash_movement(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    kind: str,
    amount: int,
    reason: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Record a paid-in (``kind="paid_in"``) or paid-out (``"paid_out"``) of ``amount`` đồng; returns its id."""
    if kind not in PAID_KINDS:
        raise ShiftError(f"Loại thu/chi lạ: {kind}", f"Unknown cash movement: {kind}", code="bad_kind")
    if not isinstance(amount, int) or amount <= 0:
        raise ShiftError("Số tiền phải lớn hơn 0", "The amount must be positive", code="bad_amount")
    if not reason.strip():
        raise ShiftError("Cần ghi lý do", "A reason is required", code="reason_required")
    actor = refresh(engine, actor)
    now = now or utcnow()
    move_id = new_id()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.PAID_IN_OUT, approval)
        info = require_open(conn, terminal_code)
        if kind == "paid_out":
            available = expected_cash(conn, info, now)
            if amount > available:
                raise ShiftError(
                    f"Trong két chỉ có {format_vnd(available)}",
                    f"The drawer holds only {format_vnd(available)}",
                    code="not_enough_cash",
                )
        signed = amount if kind == "paid_in" else -amount
        conn.execute(
            insert(models.CashMovement),
            [
                {
                    "id": move_id,
                    "shift_id": info.id,
                    "kind": kind,
                    "amount": signed,
                    "reason": reason.strip(),
                    "staff_id": actor.id,
                    "approved_by": approver.id if approver else None,
                    "created_at": now,
                }
            ],
        )
        queue_shift_event(
            conn,
            info.id,
            kind,
            staff_id=actor.id,
            at=now,
            event_id=move_id,
            data={
                "amount": signed,
                "reason": reason.strip(),
                "approved_by": approver.id if approver else None,
            },
        )
        record(
            conn,
            AuditEvent(
                kind,
                actor,
                approver,
                "cash_movement",
                move_id,
                reason.strip(),
                amount=signed,
                shift_id=info.id,
                terminal_code=terminal_code,
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return move_id


def paid_in(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    amount: int,
    reason: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    return cash_movement(engine, actor, terminal_code, "paid_in", amount, reason, approval=approval, now=now)


def paid_out(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    amount: int,
    reason: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    return cash_movement(engine, actor, terminal_code, "paid_out", amount, reason, approval=approval, now=now)
