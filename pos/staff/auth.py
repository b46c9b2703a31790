"""Signing in with a PIN, with lockout after repeated wrong PINs, every attempt in the audit log.

Two ways in: the PIN alone (``authenticate(engine, secret, pin)``, the till's quick sign-in), or a staff code
(or the name tile the GUI shows) plus the PIN (``staff_code=``). With a code, wrong PINs count against that
person, who is locked for ``lockout_minutes`` after ``max_pin_attempts`` (``pos.staff.policy``). A PIN alone
names nobody, so wrong PINs there count against the till's PIN-only sign-in, which locks the same way; a
locked person stays locked whichever way they try. A manager can unlock someone early
(``pos.staff.directory.unlock``).

PIN checks (argon2, tens of milliseconds each) run outside any write transaction, so a sign-in never holds
the write lock a checkout on the same till may be waiting for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.errors import PermissionDenied
from pos.ledger.canonical import sql_value
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.pins import read_store_secret, verify_pin
from pos.staff.policy import StorePolicy, load_policy

__all__ = ["StaffMember", "authenticate", "sign_out"]

FAILURES_KEY = "staff.pin_only_failures"
LOCKED_KEY = "staff.pin_only_locked_until"


@dataclass(frozen=True, slots=True)
class _Row:
    member: StaffMember
    pin_hash: str
    locked_until: dt.datetime | None
    store_pepper: bool = False


def _as_dt(value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _wrong_pin() -> PermissionDenied:
    return PermissionDenied("Mã PIN không đúng", "Wrong PIN", code="wrong_pin")


def _locked(until: dt.datetime, now: dt.datetime, who: str = "") -> PermissionDenied:
    minutes = max(1, -(-int((until - now).total_seconds()) // 60))
    subject_vi = f"{who} bị khoá" if who else "Đăng nhập bằng PIN bị khoá"
    subject_en = f"{who} is locked" if who else "PIN sign-in is locked"
    return PermissionDenied(
        f"{subject_vi} do nhập sai PIN nhiều lần; thử lại sau {minutes} phút hoặc nhờ quản lý mở khoá",
        f"{subject_en} after too many wrong PINs; try again in {minutes} min or ask a manager to unlock",
        code="locked",
    )


def _state(conn: Connection, key: str) -> str | None:
    value = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": key}).scalar()
    return None if value is None else str(value)


def _set_state(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) ON CONFLICT(key) DO UPDATE SET value = :v"
        ),
        {"k": key, "v": value},
    )


def _audit(
    conn: Connection,
    action: str,
    actor: StaffMember | None,
    terminal_code: str,
    now: dt.datetime,
    **detail: Any,
) -> None:
    subject = actor.id if actor else ""
    record(
        conn,
        AuditEvent(
            action,
            actor,
            subject_type="staff" if actor else "",
            subject_id=subject,
            terminal_code=terminal_code,
            detail=detail,
        ),
        now=now,
    )


def _fail_person(
    conn: Connection, row: _Row, policy: StorePolicy, now: dt.datetime, terminal_code: str, action: str
) -> bool:
    attempts = int(
        conn.execute(
            text(
                "UPDATE staff SET failed_attempts = failed_attempts + 1 WHERE id = :id RETURNING failed_attempts"
            ),
            {"id": row.member.id},
        ).scalar_one()
    )
    _audit(conn, action, row.member, terminal_code, now, attempt=attempts)
    if attempts < policy.max_pin_attempts:
        return False
    until = now + dt.timedelta(minutes=policy.lockout_minutes)
    conn.execute(
        text("UPDATE staff SET failed_attempts = 0, locked_until = :u WHERE id = :id"),
        {"u": sql_value(until), "id": row.member.id},
    )
    _audit(conn, "locked_out", row.member, terminal_code, now, until=sql_value(until))
    return True


def _fail_pin_only(
    conn: Connection, policy: StorePolicy, now: dt.datetime, terminal_code: str, action: str
) -> bool:
    attempts = int(_state(conn, FAILURES_KEY) or 0) + 1
    _audit(conn, action, None, terminal_code, now, attempt=attempts, pin_only=True)
    if attempts < policy.max_pin_attempts:
        _set_state(conn, FAILURES_KEY, str(attempts))
        return False
    until = now + dt.timedelta(minutes=policy.lockout_minutes)
    _set_state(conn, FAILURES_KEY, "0")
    _set_state(conn, LOCKED_KEY, sql_value(until))
    _audit(conn, "locked_out", None, terminal_code, now, until=sql_value(until), pin_only=True)
    return True


def _load_rows(engine: Engine, staff_code: str | None) -> tuple[list[_Row], dt.datetime | None]:
    sql = "SELECT id, code, name, role, pin_hash, locked_until, pin_pepper FROM staff WHERE active = 1"
    params: dict[str, Any] = {}
    if staff_code is not None:
        sql += " AND upper(code) = upper(:c)"
        params["c"] = staff_code.strip()
    with engine.connect() as conn:
        rows = conn.execute(text(sql + " ORDER BY code"), params).all()
        pin_only_lock = _as_dt(_state(conn, LOCKED_KEY))
        conn.rollback()
    return (
        [
            _Row(
                StaffMember(str(r[0]), str(r[1]), str(r[2]), str(r[3])),
                str(r[4]),
                _as_dt(r[5]),
                str(r[6]) == "store",
            )
            for r in rows
        ],
        pin_only_lock,
    )


def _verifies(pin: str, row: _Row, install: str, store: str | None) -> bool:
    """The PIN against the row's hash with the pepper it was made with: head office's staff use the store's."""
    if row.store_pepper:
        return store is not None and verify_pin(pin, row.pin_hash, store)
    return verify_pin(pin, row.pin_hash, install)


def identify(
    engine: Engine,
    secret: str,
    pin: str,
    *,
    staff_code: str | None = None,
    terminal_code: str = "",
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
    purpose: str = "sign_in",
) -> StaffMember:
    """Whose PIN this is, applying the lockout rules; ``purpose`` is ``sign_in`` or ``approval`` (for the log).

    A successful sign-in is audited here; a successful approval is audited with the action it approved.
    """
    policy = policy or load_policy(engine)
    now = now or utcnow()
    failed_action = "sign_in_failed" if purpose == "sign_in" else "approval_failed"
    rows, pin_only_lock = _load_rows(engine, staff_code)
    if staff_code is None and pin_only_lock is not None and pin_only_lock > now:
        raise _locked(pin_only_lock, now)
    if staff_code is not None and not rows:
        with write_tx(engine) as conn:
            _audit(conn, failed_action, None, terminal_code, now, staff_code=staff_code)
        raise _wrong_pin()
    if staff_code is not None and rows[0].locked_until is not None and rows[0].locked_until > now:
        with write_tx(engine) as conn:
            _audit(conn, "sign_in_locked", rows[0].member, terminal_code, now, purpose=purpose)
        raise _locked(rows[0].locked_until, now, rows[0].member.name)
    store_secret = read_store_secret(engine) if any(r.store_pepper for r in rows) else None
    match = next((r for r in rows if _verifies(pin, r, secret, store_secret)), None)
    if match is None:
        with write_tx(engine) as conn:
            if staff_code is not None:
                locked = _fail_person(conn, rows[0], policy, now, terminal_code, failed_action)
            else:
                locked = _fail_pin_only(conn, policy, now, terminal_code, failed_action)
        if locked:
            until = now + dt.timedelta(minutes=policy.lockout_minutes)
            raise _locked(until, now, rows[0].member.name if staff_code is not None else "")
        raise _wrong_pin()
    if match.locked_until is not None and match.locked_until > now:
        with write_tx(engine) as conn:
            _audit(conn, "sign_in_locked", match.member, terminal_code, now, purpose=purpose)
        raise _locked(match.locked_until, now, match.member.name)
    with write_tx(engine) as conn:
        conn.execute(
            text("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = :id"),
            {"id": match.member.id},
        )
        if staff_code is None:
            _set_state(conn, FAILURES_KEY, "0")
        if purpose == "sign_in":
            _audit(conn, "sign_in", match.member, terminal_code, now, with_code=staff_code is not None)
    return match.member


def authenticate(
    engine: Engine,
    secret: str,
    pin: str,
    *,
    staff_code: str | None = None,
    terminal_code: str = "",
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
) -> StaffMember:
    """The active staff member whose PIN this is. Raises ``PermissionDenied`` with a clear message otherwise
    (``code`` ``wrong_pin`` or ``locked``). Every attempt is in the audit log."""
    return identify(
        engine,
        secret,
        pin,
        staff_code=staff_code,
        terminal_code=terminal_code,
        policy=policy,
        now=now,
        purpose="sign_in",
    )


def sign_out(
    engine: Engine, member: StaffMember, *, terminal_code: str = "", now: dt.datetime | None = None
) -> None:
    with write_tx(engine) as conn:
        _audit(conn, "sign_out", member, terminal_code, now or utcnow())
