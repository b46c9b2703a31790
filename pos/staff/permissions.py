"""Roles as sets of permissions, and the one check every protected core operation makes.

The GUI may hide buttons, but the decision is taken here: a core operation that needs a permission calls
``require(actor, Permission.X, approval)``, which either lets the actor act on their own rights, accepts a
one-time approval from someone who holds the permission (a manager typing their PIN on the cashier's till), or
raises ``PermissionDenied`` with a message in both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum

from pos.errors import PermissionDenied
from pos.ids import new_id
from pos.staff.member import StaffMember


class Role(StrEnum):
    CASHIER = "cashier"
    SHIFT_LEAD = "shift_lead"
    MANAGER = "manager"
    ADMIN = "admin"


class Permission(StrEnum):
    SELL = "sell"
    OPEN_SHIFT = "open_shift"
    CLOSE_SHIFT = "close_shift"
    COUNT_STOCK = "count_stock"
    X_REPORT = "x_report"
    PAID_IN_OUT = "paid_in_out"
    OPEN_DRAWER = "open_drawer"
    REFUND = "refund"
    RETURN_WITHOUT_ORIGINAL = "return_without_original"
    VOID_AFTER_PAYMENT = "void_after_payment"
    CLOSE_SHIFT_UNSENT = "close_shift_unsent"
    RECEIVE_STOCK = "receive_stock"
    APPROVE = "approve"
    DISCOUNT_ABOVE_LIMIT = "discount_above_limit"
    PRICE_OVERRIDE = "price_override"
    ADJUST_STOCK = "adjust_stock"
    APPLY_STOCK_COUNT = "apply_stock_count"
    EDIT_CATALOGUE = "edit_catalogue"
    EDIT_PRODUCERS = "edit_producers"
    EDIT_SHOP_PROFILE = "edit_shop_profile"
    VIEW_REPORTS = "view_reports"
    SETTLE_PRODUCERS = "settle_producers"
    VIEW_AUDIT = "view_audit"
    MANAGE_STAFF = "manage_staff"
    MANAGE_POLICY = "manage_policy"


#: What each permission is called on screen and in messages (vi, en).
PERMISSION_LABELS: Mapping[Permission, tuple[str, str]] = {
    Permission.SELL: ("Bán hàng", "Selling"),
    Permission.OPEN_SHIFT: ("Mở ca", "Opening a shift"),
    Permission.CLOSE_SHIFT: ("Đóng ca", "Closing a shift"),
    Permission.COUNT_STOCK: ("Kiểm kê (quét hàng)", "Counting stock"),
    Permission.X_REPORT: ("Báo cáo X", "X report"),
    Permission.PAID_IN_OUT: ("Nộp/rút tiền két", "Paid-in / paid-out"),
    Permission.OPEN_DRAWER: ("Mở két không bán hàng", "Opening the drawer without a sale"),
    Permission.REFUND: ("Trả hàng hoàn tiền", "Refunds"),
    Permission.RETURN_WITHOUT_ORIGINAL: (
        "Trả hàng không có hoá đơn gốc",
        "Returns without the original receipt",
    ),
    Permission.VOID_AFTER_PAYMENT: ("Huỷ hoá đơn đã thanh toán", "Voiding a paid sale"),
    Permission.CLOSE_SHIFT_UNSENT: (
        "Đóng ca khi còn giao dịch chưa gửi",
        "Closing a shift with unsent sales",
    ),
    Permission.RECEIVE_STOCK: ("Nhập hàng", "Receiving goods"),
    Permission.APPROVE: ("Duyệt thao tác", "Approving actions"),
    Permission.DISCOUNT_ABOVE_LIMIT: ("Chiết khấu vượt hạn mức", "Discount above the limit"),
    Permission.PRICE_OVERRIDE: ("Sửa giá bán", "Price override"),
    Permission.ADJUST_STOCK: ("Điều chỉnh tồn kho", "Stock adjustment"),
    Permission.APPLY_STOCK_COUNT: ("Áp dụng kết quả kiểm kê", "Applying a stock count"),
    Permission.EDIT_CATALOGUE: ("Sửa danh mục hàng và giá", "Editing products and prices"),
    Permission.EDIT_PRODUCERS: ("Sửa nhà sản xuất", "Editing producers"),
    Permission.EDIT_SHOP_PROFILE: (
        "Sửa thông tin cửa hàng và tài khoản nhận chuyển khoản",
        "Editing the shop's details and transfer account",
    ),
    Permission.VIEW_REPORTS: ("Xem báo cáo", "Viewing reports"),
    Permission.SETTLE_PRODUCERS: ("Quyết toán ký gửi", "Producer settlement"),
    Permission.VIEW_AUDIT: ("Xem nhật ký kiểm soát", "Viewing the audit log"),
    Permission.MANAGE_STAFF: ("Quản lý nhân viên", "Managing staff"),
    Permission.MANAGE_POLICY: ("Thiết lập chính sách", "Changing the store policy"),
}

ROLE_LABELS: Mapping[Role, tuple[str, str]] = {
    Role.CASHIER: ("Thu ngân", "Cashier"),
    Role.SHIFT_LEAD: ("Trưởng ca", "Shift lead"),
    Role.MANAGER: ("Quản lý", "Manager"),
    Role.ADMIN: ("Quản trị", "Admin"),
}

_CASHIER = frozenset({Permission.SELL, Permission.OPEN_SHIFT, Permission.CLOSE_SHIFT, Permission.COUNT_STOCK})
_SHIFT_LEAD = _CASHIER | {
    Permission.X_REPORT,
    Permission.PAID_IN_OUT,
    Permission.OPEN_DRAWER,
    Permission.REFUND,
    Permission.VOID_AFTER_PAYMENT,
    Permission.CLOSE_SHIFT_UNSENT,
    Permission.RECEIVE_STOCK,
    Permission.APPROVE,
}
_MANAGER = (
    _SHIFT_LEAD
    | {
        Permission.RETURN_WITHOUT_ORIGINAL,  # a refund nobody can check until the original arrives: a manager's call
        Permission.DISCOUNT_ABOVE_LIMIT,
        Permission.PRICE_OVERRIDE,
        Permission.ADJUST_STOCK,
        Permission.APPLY_STOCK_COUNT,
        Permission.EDIT_CATALOGUE,
        Permission.EDIT_PRODUCERS,
        Permission.EDIT_SHOP_PROFILE,
        Permission.VIEW_REPORTS,
        Permission.SETTLE_PRODUCERS,
        Permission.VIEW_AUDIT,
        Permission.MANAGE_STAFF,
    }
)
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.CASHIER: _CASHIER,
    Role.SHIFT_LEAD: frozenset(_SHIFT_LEAD),
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(Permission),
}
#: Seniority, for "who may manage whom".
ROLE_RANK: Mapping[Role, int] = {Role.CASHIER: 0, Role.SHIFT_LEAD: 1, Role.MANAGER: 2, Role.ADMIN: 3}


def approver_roles(permissions: Iterable[Permission]) -> list[Role]:
    """The roles whose holders may approve ``permissions`` for someone else (each of them and ``APPROVE``),
    junior first: what an approval prompt names ("a shift lead or manager"), from the same table the core
    checks (``pos.staff.approval.approve``)."""
    wanted = frozenset(permissions) | {Permission.APPROVE}
    roles = [role for role, held in ROLE_PERMISSIONS.items() if wanted <= held]
    return sorted(roles, key=lambda role: ROLE_RANK[role])


def permission_labels(permissions: Iterable[Permission], lang: str) -> str:
    """What ``permissions`` are called, in ``lang`` as core messages are (Vietnamese, else English), in a list."""
    i = 0 if lang.startswith("vi") else 1
    return ", ".join(PERMISSION_LABELS[p][i] for p in sorted(set(permissions)))


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise PermissionDenied(
            f"Vai trò không hợp lệ: {value}", f"Unknown role: {value}", code="bad_role"
        ) from None


def permissions_of(role: str) -> frozenset[Permission]:
    """The permissions of ``role``; an unknown role (a bad row) has none."""
    try:
        return ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return frozenset()


def has_permission(member: StaffMember, permission: Permission) -> bool:
    return permission in permissions_of(member.role)


class Approval:
    """One action authorised by someone else's PIN, for one requester, covering the listed permissions.

    Made by ``pos.staff.approval.approve`` (which checks the PIN); spent by the guarded operation once it has
    committed, so the same approval cannot authorise a second action.
    """

    def __init__(
        self,
        approver: StaffMember,
        requested_by: StaffMember,
        permissions: Iterable[Permission],
        reason: str = "",
        *,
        created_at: dt.datetime | None = None,
    ) -> None:
        self.id = new_id()
        self.approver = approver
        self.requested_by = requested_by
        self.permissions = frozenset(permissions)
        self.reason = reason
        self.created_at = created_at or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self._spent = False

    @property
    def spent(self) -> bool:
        return self._spent

    def spend(self) -> None:
        self._spent = True

    def check(self, actor: StaffMember, permission: Permission) -> None:
        """Raise ``PermissionDenied`` unless this approval lets ``actor`` do ``permission`` now."""
        vi, en = PERMISSION_LABELS[permission]
        if self._spent:
            raise PermissionDenied(
                "Phê duyệt này đã được dùng; cần duyệt lại",
                "This approval was already used; approve again",
                code="approval_spent",
            )
        if self.requested_by.id != actor.id:
            raise PermissionDenied(
                "Phê duyệt này dành cho nhân viên khác",
                "This approval was given to someone else",
                code="approval_other",
            )
        if permission not in self.permissions:
            raise PermissionDenied(
                f"Phê duyệt không bao gồm: {vi}", f"The approval does not cover: {en}", code="approval_scope"
            )
        if self.approver.id == actor.id:
            raise PermissionDenied(
                "Không thể tự duyệt cho mình", "You cannot approve your own action", code="self_approval"
            )
        if not (
            has_permission(self.approver, permission) and has_permission(self.approver, Permission.APPROVE)
        ):
            raise PermissionDenied(
                f"{self.approver.name} không có quyền duyệt: {vi}",
                f"{self.approver.name} may not approve: {en}",
                code="approver_rights",
            )


def denied(permission: Permission) -> PermissionDenied:
    vi, en = PERMISSION_LABELS[permission]
    return PermissionDenied(
        f"{vi}: cần quản lý nhập mã PIN để duyệt",
        f"{en} needs a manager's PIN approval",
        code="needs_approval",
    )


def require(
    actor: StaffMember, permission: Permission, approval: Approval | None = None
) -> StaffMember | None:
    """Allow ``actor`` to do ``permission``: returns None on their own rights, the approver on an approval.

    Raises ``PermissionDenied`` otherwise. It does not spend the approval (one action may need several
    permissions); the operation calls ``approval.spend()`` once it has committed.
    """
    if has_permission(actor, permission):
        return None
    if approval is None:
        raise denied(permission)
    approval.check(actor, permission)
    return approval.approver


def require_all(
    actor: StaffMember, permissions: Iterable[Permission], approval: Approval | None = None
) -> StaffMember | None:
    """``require`` for each permission one action needs; the approver if any of them needed one."""
    approver = None
    for permission in sorted(set(permissions)):
        who = require(actor, permission, approval)
        approver = approver or who
    return approver


def may_manage(actor: StaffMember, target_role: str) -> bool:
    """Admins manage everyone; others only roles below their own."""
    try:
        mine = ROLE_RANK[Role(actor.role)]
        theirs = ROLE_RANK[Role(target_role)]
    except ValueError:
        return False
    return mine == ROLE_RANK[Role.ADMIN] or theirs < mine
