"""Centres and tills: the network's stores, their tills, adding a centre, adding a till (its one-time code shown
once, also as a QR code the till's scanner reads: ``ocop-pos register --code <scanned text>``), revoking one."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.server.models import Store, Terminal
from pos.server.office import audit
from pos.server.office.access import Perm, Refused
from pos.server.office.formats import ago, local
from pos.server.office.pages import Action, ActionContext, Page, PageContext, PageView, Redirect, register
from pos.server.office.queries import in_stores
from pos.server.provisioning import add_store_on, add_terminal_on, revoke_terminal_on
from pos.sync.registration_qr import registration_qr_text


def qr_svg(text: str) -> str:
    import qrcode
    from qrcode.image.svg import SvgPathImage

    img = qrcode.make(text, image_factory=SvgPathImage, border=2)
    buf = io.BytesIO()
    img.save(buf)
    return buf.getvalue().decode("utf-8").split("?>", 1)[-1]


def build(ctx: PageContext) -> PageView:
    ids = ctx.scope.ids()
    counts = dict(
        ctx.conn.execute(
            select(Terminal.store_id, func.count())
            .where(Terminal.active.is_(True))
            .group_by(Terminal.store_id)
        ).all()
    )
    rows = [
        (
            code,
            name,
            district,
            hours,
            int(counts.get(sid, 0)),
            ctx.t("mở", "open") if active else ctx.t("đóng", "closed"),
        )
        for sid, code, name, district, hours, active in ctx.conn.execute(
            select(Store.id, Store.code, Store.name, Store.district, Store.opening_hours, Store.active)
            .where(in_stores(Store.id, ids))
            .order_by(Store.code)
        )
    ]
    table = Table(
        "centres",
        "Trung tâm và điểm bán",
        "Centres and sales points",
        (
            Column("code", "Mã", "Code"),
            Column("name", "Tên", "Name"),
            Column("district", "Huyện/thị", "District"),
            Column("hours", "Giờ mở cửa", "Opening hours"),
            Column("tills", "Số máy", "Tills", "int"),
            Column("state", "Trạng thái", "State"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[table],
        template="centres.html",
        extra={"links": {"centres": {"code": lambda r: f"/office/centres/{r[0]}"}}},
    )


def _store(ctx: PageContext | ActionContext) -> Store:
    code = ctx.path_params.get("code", "")[:20]
    store = next((s for s in ctx.scope.stores if s.code == code), None)
    if store is None:
        raise Refused(f"Bạn không có quyền với cửa hàng {code}", f"You have no access to store {code}")
    return store  # type: ignore[return-value]


def build_one(ctx: PageContext) -> PageView:
    store = _store(ctx)
    details = ctx.conn.execute(
        select(Store.address, Store.district, Store.opening_hours, Store.phone).where(Store.id == store.id)
    ).one()
    rows = [
        (
            code,
            name,
            ctx.t("đang dùng", "active")
            if active and reg
            else (
                ctx.t("chờ đăng ký", "awaiting registration") if active else ctx.t("đã thu hồi", "revoked")
            ),
            local(reg),
            ago(seen, ctx.lang, ctx.now),
            host,
            version,
        )
        for code, name, active, reg, seen, host, version in ctx.conn.execute(
            select(
                Terminal.code,
                Terminal.name,
                Terminal.active,
                Terminal.registered_at,
                Terminal.last_seen_at,
                Terminal.hostname,
                Terminal.app_version,
            )
            .where(Terminal.store_id == store.id)
            .order_by(Terminal.code)
        )
    ]
    table = Table(
        "tills",
        f"Máy bán hàng của {store.code}",
        f"Tills of {store.code}",
        (
            Column("code", "Máy", "Till"),
            Column("name", "Tên", "Name"),
            Column("state", "Trạng thái", "State"),
            Column("registered", "Đăng ký lúc", "Registered", "datetime"),
            Column("seen", "Liên lạc cuối", "Last contact"),
            Column("host", "Tên máy", "Host"),
            Column("version", "Phiên bản", "Version"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[table],
        title=f"{store.code} · {store.name}",
        subtitle=f"{details[0]} · {ctx.t('giờ mở cửa', 'opening hours')} {details[2]}",
        template="centre.html",
        extra={"store": store, "tills": [r[0] for r in rows if r[2] != ctx.t("đã thu hồi", "revoked")]},
    )


def add_centre(ctx: ActionContext) -> Redirect:
    f = ctx.form
    hours = f.get("opening_hours", "").strip() or "07:00-22:00"
    if len(hours) != 11 or hours[5] != "-":
        raise PosError("Giờ mở cửa dạng 07:00-22:00", "Opening hours look like 07:00-22:00")
    code = f.get("code", "").strip()[:20]
    sid = add_store_on(
        ctx.conn,
        code,
        f.get("name", "")[:200],
        district=f.get("district", "")[:120],
        address=f.get("address", "")[:300],
        opening_hours=hours,
    )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "centre_add",
        code,
        store_id=sid,
        ip=ctx.ip,
        detail={"name": f.get("name", "")[:200], "hours": hours},
    )
    return Redirect(f"/office/centres/{code}", "Đã lưu trung tâm", "Centre saved")


def add_till(ctx: ActionContext) -> PageView:
    store = _store(ctx)
    code = ctx.form.get("till", "").strip()[:20]
    issued = add_terminal_on(
        ctx.conn,
        store.code,
        code,
        name=ctx.form.get("name", "")[:120],
        ttl_hours=ctx.settings.provision_ttl_hours,
    )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "till_code",
        f"{store.code} {code}",
        store_id=store.id,
        ip=ctx.ip,
        detail={"expires_at": issued.expires_at.isoformat()},
    )
    fingerprint = ""
    if ctx.settings.ssl_certfile:
        from pos.server.transport import certificate_fingerprint

        fingerprint = certificate_fingerprint(ctx.settings.ssl_certfile)
    qr_text = registration_qr_text(ctx.base_url, issued.code, fingerprint)
    return PageView(
        title=ctx.t(
            f"Mã đăng ký máy {code} · {store.code}", f"Registration code for till {code} · {store.code}"
        ),
        template="till_code.html",
        extra={
            "code": issued.code,
            "qr": qr_svg(qr_text),
            "qr_text": qr_text,
            "expires": local(issued.expires_at),
            "store": store,
            "till": code,
            "server": ctx.base_url,
            "fingerprint": fingerprint,
        },
    )


def revoke_till(ctx: ActionContext) -> Redirect:
    store = _store(ctx)
    code = ctx.form.get("till", "").strip()[:20]
    if not revoke_terminal_on(ctx.conn, store.id, code):
        raise PosError(f"Không có máy {code}", f"No till {code}", code="not_found")
    audit.record(ctx.conn, ctx.viewer, "till_revoke", f"{store.code} {code}", store_id=store.id, ip=ctx.ip)
    return Redirect(f"/office/centres/{store.code}", f"Đã thu hồi máy {code}", f"Till {code} revoked")


register(
    Page("centres", "Trung tâm & máy", "Centres & tills", Perm.CENTRES, build),
    Page("centres/{code}", "Trung tâm", "Centre", Perm.CENTRES, build_one, nav=False),
    Action("centres", Perm.CENTRES_EDIT, add_centre, store_field=None),
    Action("centres/{code}/tills", Perm.TILLS_EDIT, add_till, store_field=None),
    Action("centres/{code}/revoke", Perm.TILLS_EDIT, revoke_till, store_field=None),
)
