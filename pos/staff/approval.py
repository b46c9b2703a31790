"""A manager's (or shift lead's) PIN authorising one action for someone else.

The GUI asks for the PIN when a core operation refused with ``code == "needs_approval"`` (or up front, from
``pos.till.guarded.approvals_needed``), calls ``approve`` and retries the operation with the approval. The
PIN goes through the same lockout as sign-in; an approver who lacks the right is refused and that is logged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Engine

from pos.errors import PermissionDenied
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, log
from pos.staff.auth import identify
from pos.staff.member import StaffMember
from pos.staff.permissions import PERMISSION_LABELS, Approval, Permission, has_permission
from pos.staff.policy import StorePolicy


def approve(
    engine: Engine,
    secret: str,
    pin: str,
    permissions: Iterable[Permission],
    *,
    requested_by: StaffMember,
    reason: str = "",
    approver_code: str | None = None,
    terminal_code: str = "",
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
) -> Approval:
    """An ``Approval`` of ``permissions`` for ``requested_by``, if the PIN's owner may give it."""
    wanted = frozenset(permissions)
    if not wanted:
        raise PermissionDenied("Không có gì cần duyệt", "Nothing to approve", code="approval_scope")
    now = now or utcnow()
    approver = identify(
        engine,
        secret,
        pin,
        staff_code=approver_code,
        terminal_code=terminal_code,
        policy=policy,
        now=now,
        purpose="approval",
    )
    if approver.id == requested_by.id:
        problem = PermissionDenied(
            "Không thể tự duyệt cho mình", "You cannot approve your own action", code="self_approval"
        )
    else:
        missing = sorted(p for p in wanted | {Permission.APPROVE} if not has_permission(approver, p))
        problem = None
        if missing:
            vi = ", ".join(PERMISSION_LABELS[p][0] for p in missing)
            en = ", ".join(PERMISSION_LABELS[p][1] for p in missing)
            problem = PermissionDenied(
                f"{approver.name} không có quyền duyệt: {vi}",
                f"{approver.name} may not approve: {en}",
                code="approver_rights",
            )
    if problem is not None:
        log(
            engine,
            AuditEvent(
                "approval_failed",
                requested_by,
                approver,
                reason=reason,
                terminal_code=terminal_code,
                detail={"permissions": sorted(wanted), "why": problem.code},
            ),
            now=now,
        )
        raise problem
    return Approval(approver, requested_by, wanted, reason, created_at=now)
