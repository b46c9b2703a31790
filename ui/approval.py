"""Manager approval at the till, for now: a PIN that authenticates and belongs to a manager or an admin.

Named for what it decides so it can be switched to the staff permission module (roles, permissions, audit of
approvals) in one place once that lands: callers only know ``approve_as_manager``.
"""

from __future__ import annotations

from sqlalchemy import Engine

from pos.errors import PermissionDenied
from pos.staff.auth import StaffMember, authenticate

APPROVER_ROLES = ("manager", "admin")


def approve_as_manager(engine: Engine, secret: str, pin: str) -> StaffMember:
    """The approving staff member for ``pin``; raises ``PermissionDenied`` unless it is a manager's or admin's."""
    member = authenticate(engine, secret, pin.strip())
    if member.role not in APPROVER_ROLES:
        raise PermissionDenied(
            f"{member.name} không có quyền duyệt — cần mã PIN của quản lý",
            f"{member.name} cannot approve this — a manager's PIN is needed",
            code="not_manager",
        )
    return member
