"""Rules for a centre's tills (issue 18, item 4; docs/sync.md, "Rules from head office"): its staff (a PIN set
here is hashed at once with the store's pepper — never stored, logged or shown), exchange rates with an end, and
the discount limit of each role; the network's defaults for rates and limits; and what each till last applied or
refused. Every change is in the office's audit log (without the PIN), in the change's transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.selling.fx_rates import format_rate, parse_rate
from pos.server.models.rules import NETWORK
from pos.server.office import audit
from pos.server.office.access import Perm, Refused
from pos.server.office.formats import local
from pos.server.office.pages import (
    Action,
    ActionContext,
    Field,
    Page,
    PageContext,
    PageView,
    Redirect,
    register,
)
from pos.server.rules import (
    LIMIT_ROLES,
    acks_of_store,
    deactivate_staff,
    rules_document,
    set_discount_limit,
    set_fx_rate,
    set_staff,
    store_staff,
)

FIELDS = (Field("store", "store", "Trung tâm", "Centre"),)
ROLE_NAMES = {
    "cashier": ("Thu ngân", "Cashier"),
    "shift_lead": ("Trưởng ca", "Shift lead"),
    "manager": ("Quản lý", "Manager"),
    "admin": ("Quản trị", "Administrator"),
}
ICT = dt.timedelta(hours=7)  # the province's clock: forms and tables show local time, the database keeps UTC


def _role(ctx: PageContext, role: str) -> str:
    names = ROLE_NAMES.get(role, (role, role))
    return names[0] if ctx.lang == "vi" else names[1]


def build(ctx: PageContext) -> PageView:
    store = ctx.scope.store
    if store is None:
        return PageView(
            notes=[ctx.t("Chọn một trung tâm để xem quy định của nó.", "Pick a centre to see its rules.")],
            template="rules.html",
            extra={"roles": ROLE_NAMES, "limit_roles": LIMIT_ROLES, "store": None},
        )
    doc = rules_document(ctx.conn, store.id, store.code)
    staff = Table(
        "staff",
        "Nhân viên do văn phòng quản lý",
        "Staff head office manages",
        (
            Column("code", "Mã", "Code"),
            Column("name", "Tên", "Name"),
            Column("role", "Vai trò", "Role"),
            Column("active", "Hoạt động", "Active"),
            Column("version", "Phiên bản", "Version", "int"),
            Column("updated", "Cập nhật", "Updated", "datetime"),
        ),
        tuple(
            (
                s.code,
                s.name,
                _role(ctx, s.role),
                ctx.t("có", "yes") if s.active else ctx.t("ngừng", "inactive"),
                s.version,
                local(s.updated_at),
            )
            for s in store_staff(ctx.conn, store.id)
        ),
    )
    rates = Table(
        "fx",
        "Tỷ giá các máy áp dụng",
        "Exchange rates the tills apply",
        (
            Column("currency", "Tiền tệ", "Currency"),
            Column("rate", "Tỷ giá (₫)", "Rate (₫)"),
            Column("until", "Hiệu lực đến", "Valid until", "datetime"),
        ),
        tuple(
            (
                r.currency,
                format_rate(r.rate_milli),
                local(r.valid_until.replace(tzinfo=None)) if r.valid_until else None,
            )
            for r in doc.fx_rates
        ),
    )
    limits = Table(
        "limits",
        "Hạn mức chiết khấu theo vai trò",
        "Discount limits per role",
        (Column("role", "Vai trò", "Role"), Column("pct", "Tối đa (%)", "Largest (%)", "int")),
        tuple((_role(ctx, x.role), x.limit_pct) for x in doc.discount_limits),
    )
    tills = Table(
        "tills",
        "Các máy đã áp dụng",
        "What each till applied",
        (
            Column("till", "Máy", "Till"),
            Column("version", "Phiên bản đang giữ", "Version held"),
            Column("problems", "Chưa áp dụng được", "Could not apply"),
            Column("at", "Lúc", "At", "datetime"),
        ),
        tuple(
            (
                a.terminal_code,
                "—" if a.applied_version is None else str(a.applied_version),
                "; ".join(
                    f"{p.get('key', '')}: {p.get('message_vi' if ctx.lang == 'vi' else 'message_en') or p.get('code')}"
                    for p in a.problems
                ),
                local(a.acked_at) if a.acked_at else None,
            )
            for a in acks_of_store(ctx.conn, store.id)
        ),
    )
    return PageView(
        tables=[staff, rates, limits, tills],
        subtitle=ctx.t(f"Phiên bản quy định: {doc.version}", f"Rules version: {doc.version}"),
        template="rules.html",
        extra={
            "roles": ROLE_NAMES,
            "limit_roles": LIMIT_ROLES,
            "store": store,
            "network": ctx.viewer.store_ids is None,
        },
    )


def _scope(ctx: ActionContext) -> tuple[str, str]:
    """(scope, label): the store asked for, or the network (administrators of every store only)."""
    if ctx.form.get("scope") == "network":
        if ctx.viewer.store_ids is not None:
            raise Refused(
                "Chỉ quản trị tỉnh đặt mức chung", "Only a province administrator sets network defaults"
            )
        return NETWORK, "*"
    if ctx.scope.store is None:
        raise Refused("Chọn trung tâm", "Pick a centre")
    return ctx.scope.store.id, ctx.scope.store.code


def _back(ctx: ActionContext) -> str:
    store = ctx.scope.store
    return f"/office/rules?store={store.code}" if store is not None else "/office/rules"


def save_staff(ctx: ActionContext) -> Redirect:
    store = ctx.scope.store
    if store is None:
        raise Refused("Chọn trung tâm", "Pick a centre")
    code = ctx.form.get("code", "").strip().upper()[:20]
    if ctx.form.get("what") == "deactivate":
        sid = deactivate_staff(ctx.conn, store.id, code, by=ctx.viewer.username)
        audit.record(
            ctx.conn,
            ctx.viewer,
            "staff_deactivate",
            f"{store.code} {code}",
            store_id=store.id,
            ip=ctx.ip,
            detail={"staff_id": sid},
        )
        return Redirect(_back(ctx), "Đã ngừng nhân viên", "Staff member deactivated")
    pin = ctx.form.get("pin", "").strip()
    role = ctx.form.get("role", "")
    sid, created = set_staff(
        ctx.conn,
        store.id,
        code=code,
        name=ctx.form.get("name", ""),
        role=role,
        pin=pin or None,
        by=ctx.viewer.username,
    )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "staff_add" if created else "staff_change",
        f"{store.code} {code}",
        store_id=store.id,
        ip=ctx.ip,
        detail={"staff_id": sid, "role": role, "name": ctx.form.get("name", "")[:120], "pin_set": bool(pin)},
    )
    return Redirect(_back(ctx), "Đã lưu nhân viên", "Staff member saved")


def _until(raw: str) -> dt.datetime | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise PosError(f"Thời hạn không hợp lệ: {raw[:20]}", f"Not a date and time: {raw[:20]}") from None
    return value.replace(tzinfo=None) - ICT  # typed in the province's time


def save_fx(ctx: ActionContext) -> Redirect:
    scope, label = _scope(ctx)
    currency = ctx.form.get("currency", "").strip().upper()[:8]
    raw = ctx.form.get("rate", "").strip()
    withdraw = ctx.form.get("what") == "withdraw"
    rate = None if withdraw else parse_rate(raw)
    until = _until(ctx.form.get("valid_until", ""))
    set_fx_rate(ctx.conn, scope, currency, rate, valid_until=until, by=ctx.viewer.username)
    detail: dict[str, Any] = {"rate_milli": rate, "valid_until": until}
    audit.record(
        ctx.conn,
        ctx.viewer,
        "fx_rate",
        f"{label} {currency}",
        store_id=None if scope == NETWORK else scope,
        ip=ctx.ip,
        detail=detail,
    )
    return Redirect(_back(ctx), "Đã lưu tỷ giá", "Rate saved")


def save_limit(ctx: ActionContext) -> Redirect:
    scope, label = _scope(ctx)
    role = ctx.form.get("role", "")
    raw = ctx.form.get("limit_pct", "").strip()
    withdraw = ctx.form.get("what") == "withdraw"
    if not withdraw and not raw.isdigit():
        raise PosError("Hạn mức là số phần trăm 0–100", "A limit is a percentage 0–100")
    pct = None if withdraw else int(raw)
    set_discount_limit(ctx.conn, scope, role, pct, by=ctx.viewer.username)
    audit.record(
        ctx.conn,
        ctx.viewer,
        "discount_limit",
        f"{label} {role}"[:200],
        store_id=None if scope == NETWORK else scope,
        ip=ctx.ip,
        detail={"limit_pct": pct},
    )
    return Redirect(_back(ctx), "Đã lưu hạn mức", "Limit saved")


register(
    Page("rules", "Quy định máy", "Till rules", Perm.CENTRES, build, FIELDS, exports=("csv", "xlsx")),
    Action("rules/staff", Perm.TILLS_EDIT, save_staff),
    Action("rules/fx", Perm.TILLS_EDIT, save_fx),
    Action("rules/limits", Perm.TILLS_EDIT, save_limit),
)
