"""People: the office's accounts (add, reset a password, unlock, disable, set a centre manager's stores) and the
office's audit log — every change made through the office and every sign-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.server.models import OfficeAudit, OfficeUser, OfficeUserStore, Store
from pos.server.office import audit, sessions
from pos.server.office.access import ROLE_NAMES, Perm
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
from pos.server.office.users import add_user, set_active, set_password, set_stores, unlock


def build(ctx: PageContext) -> PageView:
    stores: dict[str, list[str]] = {}
    for uid, code in ctx.conn.execute(
        select(OfficeUserStore.user_id, Store.code)
        .join(Store, Store.id == OfficeUserStore.store_id)
        .order_by(Store.code)
    ):
        stores.setdefault(str(uid), []).append(str(code))
    rows = [
        (
            username,
            name,
            ROLE_NAMES.get(role, (role, role))[0 if ctx.lang == "vi" else 1],
            " ".join(stores.get(str(uid), [])) or ctx.t("mọi trung tâm", "every centre"),
            ctx.t("có", "yes") if active else ctx.t("vô hiệu", "disabled"),
            local(locked) if locked and locked > ctx.now else None,
        )
        for uid, username, name, role, active, locked in ctx.conn.execute(
            select(
                OfficeUser.id,
                OfficeUser.username,
                OfficeUser.name,
                OfficeUser.role,
                OfficeUser.active,
                OfficeUser.locked_until,
            ).order_by(OfficeUser.username)
        )
    ]
    table = Table(
        "users",
        "Tài khoản văn phòng",
        "Office accounts",
        (
            Column("username", "Tên đăng nhập", "User name"),
            Column("name", "Họ tên", "Name"),
            Column("role", "Vai trò", "Role"),
            Column("stores", "Trung tâm", "Centres"),
            Column("active", "Hoạt động", "Active"),
            Column("locked", "Khoá đến", "Locked until", "datetime"),
        ),
        tuple(rows),
    )
    return PageView(tables=[table], template="people.html", extra={"usernames": [r[0] for r in rows]})


def _user(ctx: ActionContext) -> str:
    username = ctx.form.get("username", "").strip().lower()[:60]
    uid = ctx.conn.execute(select(OfficeUser.id).where(OfficeUser.username == username)).scalar()
    if uid is None:
        raise PosError(f"Không có tài khoản {username}", f"No account {username}", code="not_found")
    return str(uid)


def add(ctx: ActionContext) -> Redirect:
    f = ctx.form
    codes = [c for c in f.get("stores", "").replace(",", " ").split() if c]
    uid = add_user(
        ctx.conn,
        f.get("username", ""),
        f.get("role", ""),
        f.get("password", ""),
        stores=codes,
        name=f.get("name", "").strip(),
    )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "user_add",
        f.get("username", "")[:60],
        ip=ctx.ip,
        detail={"role": f.get("role"), "stores": codes, "user_id": uid},
    )
    return Redirect("/office/people", "Đã tạo tài khoản", "Account created")


def change(ctx: ActionContext) -> Redirect:
    uid = _user(ctx)
    what = ctx.form.get("what", "")
    detail: dict[str, Any] = {}
    if what == "password":
        set_password(ctx.conn, uid, ctx.form.get("password", ""))
        sessions.end_all(ctx.conn, uid)
    elif what == "unlock":
        unlock(ctx.conn, uid)
    elif what in ("disable", "enable"):
        if uid == ctx.viewer.user_id:
            raise PosError("Không tự vô hiệu hoá tài khoản của mình", "You cannot disable your own account")
        set_active(ctx.conn, uid, what == "enable")
        if what == "disable":
            sessions.end_all(ctx.conn, uid)
    elif what == "stores":
        codes = [c for c in ctx.form.get("stores", "").replace(",", " ").split() if c]
        set_stores(ctx.conn, uid, codes)
        detail["stores"] = codes
    else:
        raise PosError("Thao tác lạ", "Unknown change")
    audit.record(
        ctx.conn, ctx.viewer, f"user_{what}", ctx.form.get("username", "")[:60], ip=ctx.ip, detail=detail
    )
    return Redirect("/office/people", "Đã lưu", "Saved")


AUDIT_FIELDS = (
    Field("date_from", "date", "Từ ngày", "From"),
    Field("date_to", "date", "Đến ngày", "To"),
    Field("q", "text", "Tìm (người, việc, đối tượng)", "Search (who, action, subject)"),
)


def audit_defaults(today: dt.date) -> dict[str, Any]:
    return {"date_from": today - dt.timedelta(days=30), "date_to": today, "q": ""}


def build_audit(ctx: PageContext) -> PageView:
    a = OfficeAudit
    d0 = dt.datetime.combine(ctx.params["date_from"], dt.time(0)) - dt.timedelta(hours=7)
    d1 = dt.datetime.combine(ctx.params["date_to"] + dt.timedelta(days=1), dt.time(0)) - dt.timedelta(hours=7)
    stmt = (
        select(a.at, a.username, a.action, a.subject, a.detail, a.ip)
        .where(a.at >= d0, a.at < d1)
        .order_by(a.id.desc())
        .limit(5000)
    )
    q = ctx.params.get("q", "")
    if q:
        like = f"%{q}%"
        stmt = stmt.where(a.username.like(like) | a.action.like(like) | a.subject.like(like))
    rows = [
        (local(at), u, act, subj, detail[:300], ip) for at, u, act, subj, detail, ip in ctx.conn.execute(stmt)
    ]
    table = Table(
        "audit",
        "Nhật ký văn phòng",
        "Office audit log",
        (
            Column("at", "Lúc", "At", "datetime"),
            Column("user", "Người", "Who"),
            Column("action", "Việc", "Action"),
            Column("subject", "Đối tượng", "Subject"),
            Column("detail", "Chi tiết", "Detail"),
            Column("ip", "Địa chỉ", "Address"),
        ),
        tuple(rows),
    )
    return PageView(tables=[table], extra={"limit": 500})


register(
    Page("people", "Người dùng", "People", Perm.USERS, build),
    Page("audit", "Nhật ký", "Audit log", Perm.AUDIT, build_audit, AUDIT_FIELDS, audit_defaults),
    Action("people", Perm.USERS, add, store_field=None),
    Action("people/change", Perm.USERS, change, store_field=None),
)
