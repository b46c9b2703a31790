"""Managing the people who use the till: adding staff, roles, PINs, unlocking, deactivating, store policy.

Rules: managing staff needs ``MANAGE_STAFF``; only an admin manages admins, and nobody else gives or changes a
role at or above their own. The last active admin cannot be demoted or deactivated. PINs must be unique among
active staff (the quick sign-in is by PIN alone), and are stored only as argon2 hashes with the install
secret (``pos.staff.pins``). Every change is audited in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.db import write_tx
from pos.errors import PermissionDenied
from pos.ids import new_id
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.auth import identify
from pos.staff.member import StaffMember
from pos.staff.permissions import (
    Approval,
    Permission,
    Role,
    may_manage,
    parse_role,
    require,
)
from pos.staff.pins import check_pin_format, hash_pin, read_store_secret, verify_pin
from pos.staff.policy import StorePolicy, read_policy, write_policy


@dataclass(frozen=True, slots=True)
class StaffRecord:
    """A staff member as the management screen lists them."""

    id: str
    code: str
    name: str
    role: str
    active: bool
    failed_attempts: int
    locked_until: dt.datetime | None
    created_at: dt.datetime

    def locked(self, now: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())

    @property
    def member(self) -> StaffMember:
        return StaffMember(self.id, self.code, self.name, self.role)


def _dt(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


_COLUMNS = "id, code, name, role, active, failed_attempts, locked_until, created_at"


def _record(r: Any) -> StaffRecord:
    created = _dt(r[7])
    assert created is not None
    return StaffRecord(str(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4]), int(r[5]), _dt(r[6]), created)


def list_staff(engine: Engine, *, include_inactive: bool = False) -> list[StaffRecord]:
    sql = (
        f"SELECT {_COLUMNS} FROM staff" + ("" if include_inactive else " WHERE active = 1") + " ORDER BY code"
    )
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
        conn.rollback()
    return [_record(r) for r in rows]


def _get(conn: Connection, staff_id: str) -> StaffRecord:
    row = conn.execute(text(f"SELECT {_COLUMNS} FROM staff WHERE id = :id"), {"id": staff_id}).first()
    if row is None:
        raise PermissionDenied("Không có nhân viên này", "No such staff member", code="no_staff")
    return _record(row)


def get_staff(engine: Engine, staff_id: str) -> StaffRecord:
    with engine.connect() as conn:
        rec = _get(conn, staff_id)
        conn.rollback()
    return rec


def refresh(engine: Engine, actor: StaffMember) -> StaffMember:
    """``actor`` as the database knows them now: a role change applies at once, a deactivated person is out."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id, code, name, role, active FROM staff WHERE id = :id"), {"id": actor.id}
        ).first()
        conn.rollback()
    if row is None or not row[4]:
        raise inactive()
    return StaffMember(str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def inactive() -> PermissionDenied:
    """A person signed in who is no longer active (or no longer exists)."""
    return PermissionDenied(
        "Nhân viên không còn hoạt động; hãy đăng nhập lại",
        "This staff member is no longer active; sign in again",
        code="inactive",
    )


def _pin_in_use(engine: Engine, secret: str, pin: str, except_id: str | None) -> bool:
    """Checked before the write transaction: argon2 is slow and must not hold the till's write lock."""
    with engine.connect() as conn:
        hashes = conn.execute(text("SELECT id, pin_hash, pin_pepper FROM staff WHERE active = 1")).all()
        conn.rollback()
    store = (read_store_secret(engine) if any(p == "store" for _i, _h, p in hashes) else None) or ""
    return any(
        verify_pin(pin, str(h), store if p == "store" else secret)
        for sid, h, p in hashes
        if sid != except_id and (p != "store" or store)
    )


def _local_only(conn: Connection, staff_id: str) -> None:
    """Head office's staff are changed at head office only (it wins at the next sync): ``pos.sync.rules_apply``."""
    origin = conn.execute(text("SELECT origin FROM staff WHERE id = :id"), {"id": staff_id}).scalar()
    if origin == "office":
        raise PermissionDenied(
            "Nhân viên này do văn phòng quản lý: hãy đổi ở văn phòng",
            "Head office manages this staff member: change them there",
            code="office_staff",
        )


def _pin_taken() -> PermissionDenied:
    return PermissionDenied(
        "Mã PIN này đã có người dùng; hãy chọn mã khác",
        "That PIN is already in use; choose another",
        code="pin_taken",
    )


def _rank_check(boss: StaffMember, role: str) -> None:
    if not may_manage(boss, role):
        raise PermissionDenied(
            "Không được quản lý nhân viên có vai trò này",
            "You may not manage staff with this role",
            code="role_rank",
        )


def _check_manage(actor: StaffMember, target_role: str, approval: Approval | None) -> StaffMember | None:
    approver = require(actor, Permission.MANAGE_STAFF, approval)
    _rank_check(approver or actor, target_role)
    return approver


def _active_admins(conn: Connection) -> int:
    return int(
        conn.execute(text("SELECT COUNT(*) FROM staff WHERE active = 1 AND role = 'admin'")).scalar_one()
    )


def create_staff(
    engine: Engine,
    secret: str,
    actor: StaffMember,
    *,
    code: str,
    name: str,
    role: str,
    pin: str,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> StaffMember:
    """Add a staff member. Raises ``PermissionDenied`` for missing rights, a bad or taken PIN, a used code."""
    role_ = parse_role(role)
    code, name = _checked_person(code, name, pin)
    now = now or utcnow()
    _check_manage(actor, role_, approval)
    if _pin_in_use(engine, secret, pin, None):
        raise _pin_taken()
    pin_hash = hash_pin(pin, secret)
    with write_tx(engine) as conn:
        approver = _check_manage(actor, role_, approval)
        if conn.execute(text("SELECT 1 FROM staff WHERE upper(code) = :c"), {"c": code}).first():
            raise PermissionDenied(
                f"Mã nhân viên {code} đã có", f"Staff code {code} is already used", code="code_taken"
            )
        member = _insert_staff(conn, code, name, role_, pin_hash, actor, approver, now)
    if approval is not None:
        approval.spend()
    return member


def _checked_person(code: str, name: str, pin: str) -> tuple[str, str]:
    """A new person's code (upper case) and name, tidied; refuses an empty or overlong one, or a malformed PIN."""
    code, name = code.strip().upper(), name.strip()
    if not code or not name or len(code) > 20 or len(name) > 120:
        raise PermissionDenied(
            "Cần mã (≤ 20 ký tự) và tên nhân viên",
            "A code (≤ 20 characters) and a name are needed",
            code="bad_staff",
        )
    check_pin_format(pin)
    return code, name


def create_first_admin(engine: Engine, secret: str, *, code: str, name: str, pin: str) -> StaffMember:
    """A new till's first person, an administrator — allowed only while the till has nobody, since there is no
    one yet to authorise it (``ocop-pos staff first-admin``). Everyone after is added by people already here."""
    code, name = _checked_person(code, name, pin)
    pin_hash = hash_pin(pin, secret)
    with write_tx(engine) as conn:
        if conn.execute(text("SELECT 1 FROM staff LIMIT 1")).first() is not None:
            raise PermissionDenied(
                "Máy đã có nhân viên: người quản lý thêm người mới",
                "This till already has staff: a manager adds new people",
                code="not_first",
            )
        return _insert_staff(conn, code, name, Role.ADMIN, pin_hash, None, None, utcnow(), first=True)


def _insert_staff(
    conn: Connection,
    code: str,
    name: str,
    role: Role,
    pin_hash: str,
    actor: StaffMember | None,
    approver: StaffMember | None,
    now: dt.datetime,
    *,
    first: bool = False,
) -> StaffMember:
    """The staff row and its audit entry, inside the caller's transaction."""
    member = StaffMember(new_id(), code, name, role.value)
    conn.execute(
        insert(models.Staff),
        [
            {
                "id": member.id,
                "code": code,
                "name": name,
                "role": role.value,
                "pin_hash": pin_hash,
                "active": True,
                "failed_attempts": 0,
                "locked_until": None,
                "created_at": now,
            }
        ],
    )
    detail: dict[str, object] = {"code": code, "name": name, "role": role.value}
    if first:
        detail["first_admin"] = True
    record(conn, AuditEvent("staff_create", actor, approver, "staff", member.id, detail=detail), now=now)
    return member


def change_role(
    engine: Engine,
    actor: StaffMember,
    staff_id: str,
    role: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    role_ = parse_role(role)
    with write_tx(engine) as conn:
        target = _get(conn, staff_id)
        _local_only(conn, staff_id)
        approver = _check_manage(actor, target.role, approval)
        _rank_check(approver or actor, role_)
        if target.role == Role.ADMIN and role_ != Role.ADMIN and target.active and _active_admins(conn) <= 1:
            raise PermissionDenied(
                "Phải còn ít nhất một quản trị", "At least one admin must remain", code="last_admin"
            )
        conn.execute(text("UPDATE staff SET role = :r WHERE id = :id"), {"r": role_.value, "id": staff_id})
        record(
            conn,
            AuditEvent(
                "staff_role",
                actor,
                approver,
                "staff",
                staff_id,
                detail={"from": target.role, "to": role_.value},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()


def reset_pin(
    engine: Engine,
    secret: str,
    actor: StaffMember,
    staff_id: str,
    new_pin: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """A manager sets someone's PIN (forgotten PIN); also clears a lockout."""
    check_pin_format(new_pin)
    _check_manage(actor, get_staff(engine, staff_id).role, approval)
    if _pin_in_use(engine, secret, new_pin, staff_id):
        raise _pin_taken()
    pin_hash = hash_pin(new_pin, secret)
    with write_tx(engine) as conn:
        target = _get(conn, staff_id)
        _local_only(conn, staff_id)
        approver = _check_manage(actor, target.role, approval)
        conn.execute(
            text("UPDATE staff SET pin_hash = :h, failed_attempts = 0, locked_until = NULL WHERE id = :id"),
            {"h": pin_hash, "id": staff_id},
        )
        record(conn, AuditEvent("pin_reset", actor, approver, "staff", staff_id), now=now)
    if approval is not None:
        approval.spend()


def change_own_pin(
    engine: Engine,
    secret: str,
    actor: StaffMember,
    old_pin: str,
    new_pin: str,
    *,
    now: dt.datetime | None = None,
) -> None:
    """Anyone may change their own PIN by giving the current one (which goes through the lockout)."""
    check_pin_format(new_pin)
    who = identify(engine, secret, old_pin, staff_code=actor.code, purpose="approval", now=now)
    if _pin_in_use(engine, secret, new_pin, who.id):
        raise _pin_taken()
    pin_hash = hash_pin(new_pin, secret)
    with write_tx(engine) as conn:
        _local_only(conn, who.id)
        conn.execute(text("UPDATE staff SET pin_hash = :h WHERE id = :id"), {"h": pin_hash, "id": who.id})
        record(conn, AuditEvent("pin_change", who, None, "staff", who.id), now=now)


def unlock(
    engine: Engine,
    actor: StaffMember,
    staff_id: str,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    with write_tx(engine) as conn:
        target = _get(conn, staff_id)
        approver = _check_manage(actor, target.role, approval)
        conn.execute(
            text("UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = :id"), {"id": staff_id}
        )
        record(conn, AuditEvent("staff_unlock", actor, approver, "staff", staff_id), now=now)
    if approval is not None:
        approval.spend()


def deactivate(
    engine: Engine,
    actor: StaffMember,
    staff_id: str,
    *,
    reason: str = "",
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Staff are never deleted (sales and the audit log name them); a leaver is made inactive."""
    with write_tx(engine) as conn:
        target = _get(conn, staff_id)
        _local_only(conn, staff_id)
        approver = _check_manage(actor, target.role, approval)
        if target.id == actor.id:
            raise PermissionDenied(
                "Không thể tự ngừng tài khoản của mình",
                "You cannot deactivate yourself",
                code="self_deactivate",
            )
        if target.role == Role.ADMIN and target.active and _active_admins(conn) <= 1:
            raise PermissionDenied(
                "Phải còn ít nhất một quản trị", "At least one admin must remain", code="last_admin"
            )
        conn.execute(text("UPDATE staff SET active = 0 WHERE id = :id"), {"id": staff_id})
        record(
            conn, AuditEvent("staff_deactivate", actor, approver, "staff", staff_id, reason=reason), now=now
        )
    if approval is not None:
        approval.spend()


def change_policy(
    engine: Engine,
    actor: StaffMember,
    policy: StorePolicy,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    with write_tx(engine) as conn:
        approver = require(actor, Permission.MANAGE_POLICY, approval)
        old = read_policy(conn)
        write_policy(conn, policy)
        record(
            conn,
            AuditEvent(
                "policy",
                actor,
                approver,
                "policy",
                "store",
                detail={"from": old.to_json(), "to": policy.to_json()},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
