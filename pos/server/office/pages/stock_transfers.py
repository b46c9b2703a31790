"""Transfers between centres in the office: the list (in transit, received, with their discrepancies), one
transfer with its lines, and the forms that send, receive and write a shortfall off (``pos.server.transfers``
decides; these pages check who may and record it in the audit log in the same transaction)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, or_, select

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.server import transfers
from pos.server.models import Product, Store, Transfer, TransferLine
from pos.server.office import audit
from pos.server.office.access import Perm, Refused, require_store
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
from pos.server.office.pages.stock import _qty
from pos.server.office.queries import in_stores

STATUSES = (
    Choice("all", "Tất cả", "All"),
    Choice("in_transit", "Đang chuyển", "In transit"),
    Choice("received", "Đã nhận", "Received"),
)
STATUS_NAMES = {"in_transit": ("Đang chuyển", "In transit"), "received": ("Đã nhận", "Received")}
FIELDS = (
    Field("store", "store", "Trung tâm", "Centre"),
    Field("status", "choice", "Trạng thái", "Status", STATUSES),
)


def defaults(today: dt.date) -> dict[str, Any]:
    return {"status": "all"}


def build(ctx: PageContext) -> PageView:
    ids = ctx.scope.ids()
    src = Store.__table__.alias("src")
    dst = Store.__table__.alias("dst")
    t, ln = Transfer, TransferLine
    sums = (
        select(
            ln.transfer_id.label("tid"),
            func.count().label("n"),
            func.sum(ln.qty_sent_milli).label("sent"),
            func.sum(ln.qty_received_milli).label("got"),
            func.sum(ln.qty_written_off_milli).label("off"),
            func.sum(ln.qty_sent_milli * ln.unit_cost // 1000).label("value"),
        )
        .group_by(ln.transfer_id)
        .subquery()
    )
    stmt = (
        select(
            t.number,
            t.sent_at,
            src.c.code,
            dst.c.code,
            t.status,
            sums.c.n,
            sums.c.sent,
            sums.c.got,
            sums.c.off,
            sums.c.value,
            t.sent_by,
            t.received_by,
        )
        .join(src, src.c.id == t.from_store_id)
        .join(dst, dst.c.id == t.to_store_id)
        .join(sums, sums.c.tid == t.id)
        .order_by(t.number.desc())
        .limit(1000)
    )
    if ids is not None:
        stmt = stmt.where(or_(in_stores(t.from_store_id, ids), in_stores(t.to_store_id, ids)))
    if ctx.params["status"] != "all":
        stmt = stmt.where(t.status == ctx.params["status"])
    rows = []
    for number, at, frm, to, status, n, sent, got, off, value, by, rby in ctx.conn.execute(stmt):
        lab = transfers.label(int(number))
        received = None if got is None else int(got)
        gap = 0 if received is None else int(sent) - received - int(off or 0)
        rows.append(
            (
                lab,
                local(at),
                frm,
                to,
                ctx.t(*STATUS_NAMES.get(str(status), (str(status), str(status)))),
                int(n),
                int(sent),
                received,
                gap,
                int(value or 0),
                f"{by} → {rby}" if rby else str(by),
            )
        )
    table = Table(
        "transfers",
        "Phiếu chuyển kho",
        "Transfers",
        (
            Column("no", "Số phiếu", "No."),
            Column("sent_at", "Gửi lúc", "Sent", "datetime"),
            Column("from", "Từ", "From"),
            Column("to", "Đến", "To"),
            Column("status", "Trạng thái", "Status"),
            Column("lines", "Dòng", "Lines", "int"),
            Column("sent", "SL gửi", "Sent", "qty"),
            Column("received", "SL nhận", "Received", "qty"),
            Column("gap", "Chênh lệch", "Discrepancy", "qty"),
            Column("value", "Giá trị gửi", "Value sent", "money"),
            Column("by", "Người gửi → nhận", "Sent by → received by"),
        ),
        tuple(rows),
    )
    every = ctx.conn.execute(select(Store.code, Store.name).order_by(Store.code)).all()
    return PageView(
        tables=[table],
        template="transfers.html",
        notes=[
            ctx.t(
                "Hàng rời kho gửi ngay khi gửi phiếu và vào kho nhận theo số lượng thực nhận; "
                "phần chênh lệch nằm trên phiếu đến khi quản lý huỷ.",
                "Goods leave the sending centre when the transfer is sent and enter the receiving one as "
                "actually received; a discrepancy stays on the transfer until a manager writes it off.",
            )
        ],
        extra={
            "links": {"transfers": {"no": lambda r: f"/office/stock/transfers/{r[0]}"}},
            "all_stores": [(str(c), str(n)) for c, n in every],
        },
    )


def _find(ctx: PageContext | ActionContext) -> transfers.TransferView:
    raw = ctx.path_params.get("label", "")
    if not (raw.startswith("CK-") and raw[3:].isdigit() and len(raw) < 20):
        raise PosError("Không có phiếu chuyển này", "No such transfer", code="not_found")
    tid = ctx.conn.execute(select(Transfer.id).where(Transfer.number == int(raw[3:]))).scalar()
    if tid is None:
        raise PosError("Không có phiếu chuyển này", "No such transfer", code="not_found")
    doc = transfers.load(ctx.conn, str(tid))
    ids = ctx.scope.store_ids
    if ids is not None and doc.from_store_id not in ids and doc.to_store_id not in ids:
        raise Refused("Bạn không có quyền với mục này", "You have no access to this record")
    return doc


def build_one(ctx: PageContext) -> PageView:
    doc = _find(ctx)
    status = ctx.t(*STATUS_NAMES.get(doc.status, (doc.status, doc.status)))
    facts = [
        (ctx.t("Từ → đến", "From → to"), f"{doc.from_code} → {doc.to_code}"),
        (ctx.t("Trạng thái", "Status"), status),
        (ctx.t("Gửi", "Sent"), f"{local(doc.sent_at):%d/%m/%Y %H:%M} · {doc.sent_by}"),
    ]
    if doc.received_at is not None:
        facts.append(
            (ctx.t("Nhận", "Received"), f"{local(doc.received_at):%d/%m/%Y %H:%M} · {doc.received_by}")
        )
    if doc.written_off_by:
        facts.append((ctx.t("Huỷ phần thiếu", "Shortfall written off"), doc.written_off_by))
    if doc.note:
        facts.append((ctx.t("Ghi chú", "Note"), doc.note))
    rows = tuple(
        (
            line.line_no,
            line.sku,
            line.name,
            line.qty_sent_milli,
            line.qty_received_milli,
            line.discrepancy_milli if line.qty_received_milli is not None else None,
            line.qty_written_off_milli,
            line.unit_cost,
            line.qty_sent_milli * line.unit_cost // 1000,
        )
        for line in doc.lines
    )
    table = Table(
        "transfer_lines",
        "Dòng hàng",
        "Lines",
        (
            Column("line", "#", "#", "int"),
            Column("sku", "Mã hàng", "SKU"),
            Column("name", "Sản phẩm", "Product"),
            Column("sent", "SL gửi", "Sent", "qty"),
            Column("received", "SL nhận", "Received", "qty"),
            Column("gap", "Chênh lệch", "Discrepancy", "qty"),
            Column("off", "Đã huỷ", "Written off", "qty"),
            Column("cost", "Giá vốn", "Unit cost", "money"),
            Column("value", "Giá trị gửi", "Value sent", "money"),
        ),
        rows,
    )
    notes = []
    if doc.discrepancy_milli:
        notes.append(
            ctx.t(
                f"Chênh lệch {doc.discrepancy_milli / 1000:g}: số gửi lớn hơn số nhận.",
                f"Discrepancy {doc.discrepancy_milli / 1000:g}: more was sent than received.",
            )
        )
    sees_to = ctx.viewer.sees(doc.to_store_id)
    return PageView(
        tables=[table],
        title=ctx.t(f"Phiếu chuyển {doc.label}", f"Transfer {doc.label}"),
        notes=notes,
        template="transfer.html",
        extra={
            "facts": facts,
            "label": doc.label,
            "lines": doc.lines,
            "may_receive": doc.status == "in_transit" and sees_to,
            "may_write_off": doc.status == "received" and sees_to and doc.discrepancy_milli > 0,
        },
    )


def _lines(ctx: ActionContext) -> list[transfers.LineIn]:
    out: list[transfers.LineIn] = []
    for n, raw in enumerate(ctx.form.get("lines", "").splitlines(), start=1):
        parts = raw.replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) not in (2, 3):
            raise PosError(
                f"Dòng {n}: ghi “mã hàng số lượng [giá vốn]”", f"Line {n}: write “SKU quantity [unit cost]”"
            )
        pid = ctx.conn.execute(select(Product.id).where(Product.sku == parts[0][:40])).scalar()
        if pid is None:
            raise PosError(f"Dòng {n}: không có mã hàng {parts[0][:40]}", f"Line {n}: no SKU {parts[0][:40]}")
        cost = None
        if len(parts) == 3:
            if not parts[2].isdigit() or len(parts[2]) > 12:
                raise PosError(f"Dòng {n}: giá vốn là số đồng", f"Line {n}: the unit cost is whole đồng")
            cost = int(parts[2])
        out.append(transfers.LineIn(str(pid), _qty(parts[1]), cost))
    return out


def send(ctx: ActionContext) -> Redirect:
    src = ctx.scope.store
    if src is None:
        raise Refused("Chọn trung tâm gửi", "Pick the sending centre")
    to_code = ctx.form.get("to", "")[:20]
    dst = ctx.conn.execute(select(Store.id).where(Store.code == to_code)).scalar()
    if dst is None:
        raise PosError("Chọn trung tâm nhận", "Pick the receiving centre")
    lines = _lines(ctx)
    tid = transfers.send(
        ctx.conn,
        from_store_id=src.id,
        to_store_id=str(dst),
        lines=lines,
        by=ctx.viewer.username,
        note=ctx.form.get("note", "").strip(),
    )
    doc = transfers.load(ctx.conn, tid)
    audit.record(
        ctx.conn,
        ctx.viewer,
        "transfer_send",
        f"{doc.label} {doc.from_code}→{doc.to_code}",
        store_id=src.id,
        ip=ctx.ip,
        detail={"transfer": tid, "lines": [[ln.sku, ln.qty_sent_milli, ln.unit_cost] for ln in doc.lines]},
    )
    return Redirect(f"/office/stock/transfers/{doc.label}", "Đã gửi phiếu chuyển", "Transfer sent")


def receive(ctx: ActionContext) -> Redirect:
    doc = _find(ctx)
    require_store(ctx.scope, doc.to_store_id)
    got: dict[int, int] = {}
    for line in doc.lines:
        raw = ctx.form.get(f"recv_{line.line_no}", "").strip()
        got[line.line_no] = 0 if raw in ("0", "") else _qty(raw)
    doc, _ = transfers.receive(ctx.conn, doc.id, got, by=ctx.viewer.username)
    audit.record(
        ctx.conn,
        ctx.viewer,
        "transfer_receive",
        doc.label,
        store_id=doc.to_store_id,
        ip=ctx.ip,
        detail={"received": {str(k): v for k, v in got.items()}, "discrepancy_milli": doc.discrepancy_milli},
    )
    return Redirect(f"/office/stock/transfers/{doc.label}", "Đã nhận phiếu chuyển", "Transfer received")


def write_off(ctx: ActionContext) -> Redirect:
    doc = _find(ctx)
    require_store(ctx.scope, doc.to_store_id)
    before = doc.discrepancy_milli
    doc = transfers.write_off_shortfall(ctx.conn, doc.id, by=ctx.viewer.username)
    audit.record(
        ctx.conn,
        ctx.viewer,
        "transfer_write_off",
        doc.label,
        store_id=doc.to_store_id,
        ip=ctx.ip,
        detail={"written_off_milli": before, "reason": transfers.SHORTFALL_REASON},
    )
    return Redirect(
        f"/office/stock/transfers/{doc.label}", "Đã huỷ phần thiếu", "The shortfall was written off"
    )


register(
    Page("stock/transfers", "Chuyển kho", "Transfers", Perm.STOCK, build, FIELDS, defaults),
    Page(
        "stock/transfers/{label}",
        "Phiếu chuyển",
        "Transfer",
        Perm.STOCK,
        build_one,
        nav=False,
        exports=(),
    ),
    Action("stock/transfers", Perm.STOCK_EDIT, send),
    Action("stock/transfers/{label}/receive", Perm.STOCK_EDIT, receive, store_field=None),
    Action("stock/transfers/{label}/write-off", Perm.STOCK_EDIT, write_off, store_field=None),
)
