"""Roles as permission sets and the one check (``require``) with one-time approvals — pure, no database."""

from __future__ import annotations

import pytest

from pos.errors import PermissionDenied
from pos.staff.member import StaffMember
from pos.staff.permissions import (
    PERMISSION_LABELS,
    ROLE_PERMISSIONS,
    Approval,
    Permission,
    Role,
    has_permission,
    may_manage,
    permissions_of,
    require,
    require_all,
)

CASHIER = StaffMember("c", "C01", "Lan", "cashier")
CASHIER2 = StaffMember("c2", "C02", "Mai", "cashier")
LEAD = StaffMember("s", "S01", "Hùng", "shift_lead")
MANAGER = StaffMember("m", "M01", "Hà", "manager")
ADMIN = StaffMember("a", "A01", "Admin", "admin")

PROTECTED = (
    Permission.DISCOUNT_ABOVE_LIMIT,
    Permission.PRICE_OVERRIDE,
    Permission.VOID_AFTER_PAYMENT,
    Permission.REFUND,
    Permission.OPEN_DRAWER,
    Permission.CLOSE_SHIFT_UNSENT,
)


def test_roles_are_nested_and_admin_has_everything() -> None:
    c, s, m, a = (ROLE_PERMISSIONS[r] for r in (Role.CASHIER, Role.SHIFT_LEAD, Role.MANAGER, Role.ADMIN))
    assert c < s < m < a == frozenset(Permission)
    assert Permission.SELL in c and Permission.MANAGE_POLICY not in m
    assert set(PERMISSION_LABELS) == set(Permission)  # every permission has words for the screen


def test_an_unknown_role_has_no_rights() -> None:
    assert permissions_of("owner") == frozenset()
    assert not has_permission(StaffMember("x", "X", "X", "owner"), Permission.SELL)


@pytest.mark.parametrize("permission", PROTECTED)
def test_every_protected_action_is_refused_to_a_cashier_and_allowed_by_a_manager_approval(
    permission: Permission,
) -> None:
    with pytest.raises(PermissionDenied) as info:
        require(CASHIER, permission)
    assert info.value.code == "needs_approval"
    assert "PIN" in info.value.vi and "PIN" in info.value.en
    assert require(MANAGER, permission) is None  # on their own rights
    assert require(CASHIER, permission, Approval(MANAGER, CASHIER, [permission])) == MANAGER


def test_an_approval_covers_only_what_was_approved_for_whom_it_was_given_and_only_once() -> None:
    approval = Approval(MANAGER, CASHIER, [Permission.REFUND], "khách trả hàng")
    with pytest.raises(PermissionDenied) as scope:
        require(CASHIER, Permission.PRICE_OVERRIDE, approval)
    assert scope.value.code == "approval_scope"
    with pytest.raises(PermissionDenied) as other:
        require(CASHIER2, Permission.REFUND, approval)
    assert other.value.code == "approval_other"
    assert require(CASHIER, Permission.REFUND, approval) == MANAGER
    approval.spend()
    with pytest.raises(PermissionDenied) as spent:
        require(CASHIER, Permission.REFUND, approval)
    assert spent.value.code == "approval_spent"


def test_an_approver_needs_the_right_and_the_approve_permission() -> None:
    with pytest.raises(PermissionDenied) as lead:  # a shift lead may not approve a large discount
        require(
            CASHIER,
            Permission.DISCOUNT_ABOVE_LIMIT,
            Approval(LEAD, CASHIER, [Permission.DISCOUNT_ABOVE_LIMIT]),
        )
    assert lead.value.code == "approver_rights"
    with pytest.raises(PermissionDenied):  # nor may a cashier approve anything
        require(CASHIER, Permission.REFUND, Approval(CASHIER2, CASHIER, [Permission.REFUND]))
    assert require(CASHIER, Permission.REFUND, Approval(LEAD, CASHIER, [Permission.REFUND])) == LEAD


def test_require_all_checks_every_permission_of_one_action() -> None:
    both = [Permission.DISCOUNT_ABOVE_LIMIT, Permission.PRICE_OVERRIDE]
    assert require_all(CASHIER, [], None) is None
    assert require_all(CASHIER, both, Approval(MANAGER, CASHIER, both)) == MANAGER
    with pytest.raises(PermissionDenied):
        require_all(CASHIER, both, Approval(MANAGER, CASHIER, both[:1]))


def test_who_may_manage_whom() -> None:
    assert may_manage(MANAGER, "cashier") and may_manage(MANAGER, "shift_lead")
    assert not may_manage(MANAGER, "manager") and not may_manage(MANAGER, "admin")
    assert may_manage(ADMIN, "admin")
    assert not may_manage(CASHIER, "cashier")
