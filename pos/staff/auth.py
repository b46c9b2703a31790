"""Signing in with a PIN. (Roles, permissions, lockout and approvals are built on this in pos.staff.)"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.errors import PermissionDenied
from pos.staff.pins import verify_pin


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    code: str
    name: str
    role: str


def authenticate(engine: Engine, secret: str, pin: str) -> StaffMember:
    """The active staff member whose PIN this is. Raises ``PermissionDenied`` with a clear message otherwise."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, code, name, role, pin_hash FROM staff WHERE active = 1")).all()
        conn.rollback()
    for row in rows:
        if verify_pin(pin, str(row[4]), secret):
            return StaffMember(str(row[0]), str(row[1]), str(row[2]), str(row[3]))
    raise PermissionDenied("Mã PIN không đúng", "Wrong PIN", code="wrong_pin")
