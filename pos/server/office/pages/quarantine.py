"""Quarantine: what tills sent that the server refused, and why; head office (or the centre's manager) dismisses an
entry with a reason, after which the till drops it from its outbox on its next upload."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select, update

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.server.models import Quarantine, Store, Terminal, utcnow
from pos.server.office import audit
from pos.server.office.access import Perm, require_store
from pos.server.office.formats import local
from pos.server.office.pages import (
    Action,
    ActionContext,
    Choice,
    Field,
    Page,
    PageContext,
    PageView,
    Redirect,
    register,
)
from pos.server.office.queries import in_stores

STATUS = (
    Choice("open", "Chờ xử lý", "Open"),
    Choice("dismissed", "Đã bỏ qua", "Dismissed"),
    Choice("accepted", "Đã nhận sau", "Accepted later"),
    Choice("all", "Tất cả", "All"),
)
FIELDS = (
    Field("store", "store", "Trung tâm", "Centre"),
    Field("status", "choice", "Trạng thái", "Status", STATUS),
)


def defaults(today: dt.date) -> dict[str, Any]:
    return {"status": "open"}


def build(ctx: PageContext) -> PageView:
    q = Quarantine
    stmt = (
        select(
            q.id,
            Store.code,
            Terminal.code,
            q.entity,
            q.entity_id,
            q.code,
            q.reason_vi,
            q.reason_en,
            q.last_received_at,
            q.times_received,
            q.status,
            q.resolved_note,
        )
        .join(Store, Store.id == q.store_id)
        .join(Terminal, Terminal.id == q.terminal_id)
        .where(in_stores(q.store_id, ctx.scope.ids()))
        .order_by(q.id.desc())
        .limit(2000)
    )
    if ctx.params["status"] != "all":
        stmt = stmt.where(q.status == ctx.params["status"])
    rows = [
        (int(i), s, t, e, eid, code, rvi if ctx.lang == "vi" else ren, local(last), int(n), st, note)
        for i, s, t, e, eid, code, rvi, ren, last, n, st, note in ctx.conn.execute(stmt)
    ]
    table = Table(
        "quarantine",
        "Dữ liệu bị cách ly",
        "Quarantined entries",
        (
            Column("id", "Số", "No.", "int"),
            Column("store", "Trung tâm", "Centre"),
            Column("till", "Máy", "Till"),
            Column("entity", "Loại", "Kind"),
            Column("entity_id", "Mã", "Id"),
            Column("code", "Mã lỗi", "Code"),
            Column("reason", "Lý do", "Reason"),
            Column("last", "Nhận lần cuối", "Last received", "datetime"),
            Column("times", "Số lần", "Times", "int"),
            Column("status", "Trạng thái", "Status"),
            Column("note", "Ghi chú xử lý", "Resolution"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[table], extra={"links": {"quarantine": {"id": lambda r: f"/office/quarantine/{r[0]}"}}}
    )


def _entry(ctx: PageContext | ActionContext) -> Any:
    raw = ctx.path_params.get("entry_id", "")
    if not raw.isdigit() or len(raw) > 18:
        raise PosError("Không có mục này", "No such entry", code="not_found")
    q = Quarantine
    row = ctx.conn.execute(
        select(
            q.id,
            q.store_id,
            Store.code,
            Terminal.code,
            q.entity,
            q.entity_id,
            q.code,
            q.reason_vi,
            q.reason_en,
            q.doc,
            q.status,
            q.resolved_note,
            q.first_received_at,
            q.times_received,
        )
        .join(Store, Store.id == q.store_id)
        .join(Terminal, Terminal.id == q.terminal_id)
        .where(q.id == int(raw))
    ).first()
    if row is None:
        raise PosError("Không có mục này", "No such entry", code="not_found")
    require_store(ctx.scope, str(row[1]))
    return row


def build_one(ctx: PageContext) -> PageView:
    row = _entry(ctx)
    try:
        doc = json.dumps(json.loads(row[9]), ensure_ascii=False, indent=2)[:100_000]
    except ValueError:
        doc = str(row[9])[:100_000]
    facts = [
        (ctx.t("Trung tâm · máy", "Centre · till"), f"{row[2]} · {row[3]}"),
        (ctx.t("Loại · mã", "Kind · id"), f"{row[4]} · {row[5]}"),
        (ctx.t("Lý do", "Reason"), f"{row[6]}: {row[7] if ctx.lang == 'vi' else row[8]}"),
        (ctx.t("Nhận lần đầu", "First received"), f"{local(row[12]):%d/%m/%Y %H:%M} ({row[13]}×)"),
        (ctx.t("Trạng thái", "Status"), f"{row[10]} {row[11]}".strip()),
    ]
    return PageView(
        title=ctx.t(f"Mục cách ly số {row[0]}", f"Quarantined entry {row[0]}"),
        extra={
            "facts": facts,
            "doc": doc,
            "entry_id": int(row[0]),
            "store": row[2],
            "open": row[10] == "open",
        },
        template="quarantine_entry.html",
    )


def dismiss(ctx: ActionContext) -> Redirect:
    row = _entry(ctx)
    note = ctx.form.get("reason", "").strip()
    if len(note) < 3:
        raise PosError(
            "Cần ghi lý do bỏ qua (ít nhất 3 ký tự)", "Say why the entry is dismissed (3 characters at least)"
        )
    done = ctx.conn.execute(
        update(Quarantine)
        .where(Quarantine.id == row[0], Quarantine.status == "open")
        .values(
            status="dismissed", resolved_at=utcnow(), resolved_note=f"{ctx.viewer.username}: {note}"[:1000]
        )
    ).rowcount
    if done:
        audit.record(
            ctx.conn,
            ctx.viewer,
            "quarantine_dismiss",
            f"{row[4]} {row[5]}",
            store_id=str(row[1]),
            ip=ctx.ip,
            detail={"entry": int(row[0]), "reason": note[:500]},
        )
    return Redirect("/office/quarantine", "Đã bỏ qua mục cách ly", "The entry was dismissed")


register(
    Page("quarantine", "Cách ly", "Quarantine", Perm.QUARANTINE, build, FIELDS, defaults),
    Page(
        "quarantine/{entry_id}",
        "Mục cách ly",
        "Quarantined entry",
        Perm.QUARANTINE,
        build_one,
        nav=False,
        exports=(),
    ),
    Action("quarantine/{entry_id}/dismiss", Perm.QUARANTINE_DISMISS, dismiss),
)
