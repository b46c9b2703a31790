"""Shifts: every till's Z reports as the tills sent them (the ``close`` shift events), cash differences and
closings with unsent sales by a manager's override; one shift's events in full."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select

from pos.errors import PosError
from pos.reports.table import Column, Table
from pos.server.models import ShiftEvent, Store, Terminal
from pos.server.office.access import Perm, require_store
from pos.server.office.formats import LOCAL_TZ, local
from pos.server.office.pages import Field, Page, PageContext, PageView, register
from pos.server.office.queries import in_stores
from pos.shifts.document import method_label

FIELDS = (
    Field("date_from", "date", "Từ ngày", "From"),
    Field("date_to", "date", "Đến ngày", "To"),
    Field("store", "store", "Trung tâm", "Centre"),
    Field("only", "flag", "Chỉ ca lệch tiền hoặc đóng khi chưa gửi", "Only differences and overrides"),
)
METHODS = ("cash", "vietqr", "card", "fx_cash")
#: The shift events a till sends (``pos.sync.events``), as the office names them.
EVENT_WORDS = {
    "open": ("Mở ca", "Opened"),
    "paid_in": ("Nộp tiền vào két", "Paid in"),
    "paid_out": ("Chi tiền từ két", "Paid out"),
    "close": ("Kết ca", "Closed"),
    "close_unsent": ("Kết ca khi còn giao dịch chưa gửi", "Closed with unsent sales"),
}


def defaults(today: dt.date) -> dict[str, Any]:
    return {"date_from": today - dt.timedelta(days=6), "date_to": today, "only": False}


def _utc_bounds(d0: dt.date, d1: dt.date) -> tuple[dt.datetime, dt.datetime]:
    a = dt.datetime.combine(d0, dt.time(0), tzinfo=LOCAL_TZ).astimezone(dt.UTC).replace(tzinfo=None)
    b = dt.datetime.combine(d1 + dt.timedelta(days=1), dt.time(0), tzinfo=LOCAL_TZ).astimezone(dt.UTC)
    return a, b.replace(tzinfo=None)


def _data(raw: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def build(ctx: PageContext) -> PageView:
    a, b = _utc_bounds(ctx.params["date_from"], ctx.params["date_to"])
    rows = ctx.conn.execute(
        select(Store.code, Terminal.code, ShiftEvent.id, ShiftEvent.kind, ShiftEvent.at, ShiftEvent.data)
        .join(Store, Store.id == ShiftEvent.store_id)
        .join(Terminal, Terminal.id == ShiftEvent.terminal_id)
        .where(
            ShiftEvent.kind.in_(("close", "close_unsent")),
            ShiftEvent.at >= a,
            ShiftEvent.at < b,
            in_stores(ShiftEvent.store_id, ctx.scope.ids()),
        )
        .order_by(ShiftEvent.at.desc(), Store.code, Terminal.code)
    ).all()
    out = []
    diffs = overrides = 0
    for store, till, eid, kind, at, raw in rows:
        d = _data(raw)
        diff = _int(d.get("over_short")) or 0
        unsent = _int(d.get("unsent_sales")) or 0
        override = kind == "close_unsent"
        if ctx.params["only"] and not diff and not override:
            continue
        diffs += bool(diff)
        overrides += override
        by_method = d.get("by_method")
        methods: dict[str, Any] = by_method if isinstance(by_method, dict) else {}
        out.append(
            (
                store,
                till,
                _int(d.get("z_no")),
                local(at),
                str(d.get("closed_by_name") or ""),
                _int(d.get("sales_count")),
                _int(d.get("net_total")),
                *(_int(methods.get(m)) or 0 for m in METHODS[:3]),
                _int(d.get("expected_cash")),
                _int(d.get("counted_cash")),
                diff,
                unsent if override else 0,
                str(d.get("reason") or "")[:80] if override else "",
                str(eid),
            )
        )
    cols = (
        Column("store", "Trung tâm", "Centre"),
        Column("till", "Máy", "Till"),
        Column("z_no", "Số Z", "Z no.", "int"),
        Column("closed_at", "Kết ca", "Closed", "datetime"),
        Column("closed_by", "Người kết ca", "Closed by"),
        Column("sales", "Số HĐ", "Sales", "int"),
        Column("net", "Doanh thu thuần", "Net total", "money"),
        Column("cash", "Tiền mặt", "Cash", "money"),
        Column("vietqr", "VietQR", "VietQR", "money"),
        Column("card", "Thẻ", "Card", "money"),
        Column("expected", "Tiền phải có", "Expected cash", "money"),
        Column("counted", "Đếm được", "Counted", "money"),
        Column("over_short", "Thừa/thiếu", "Over/short", "money"),
        Column("unsent", "Chưa gửi khi đóng", "Unsent at close", "int"),
        Column("reason", "Lý do", "Reason"),
        Column("event", "Mã sự kiện", "Event id"),
    )
    money_idx = (6, 7, 8, 9, 12)
    totals: tuple[Any, ...] = tuple(
        "Tổng / Total" if i == 0 else (sum(_int(r[i]) or 0 for r in out) if i in money_idx or i == 5 else "")
        for i in range(len(cols))
    )
    title = ctx.t("Báo cáo Z các máy", "Z reports of every till")
    table = Table("z_reports", title, title, cols, tuple(out), totals)
    return PageView(
        tables=[table],
        subtitle=ctx.t(
            f"{len(out)} ca · {diffs} ca lệch tiền mặt · {overrides} ca đóng khi còn giao dịch chưa gửi",
            f"{len(out)} shifts · {diffs} with a cash difference · {overrides} closed with unsent sales",
        ),
        extra={"links": {"z_reports": {"z_no": lambda r: f"/office/shifts/{r[-1]}"}}, "limit": 500},
    )


def build_one(ctx: PageContext) -> PageView:
    eid = ctx.path_params.get("event_id", "")[:36]
    head = ctx.conn.execute(
        select(ShiftEvent.shift_id, ShiftEvent.store_id, Store.code, Terminal.code)
        .join(Store, Store.id == ShiftEvent.store_id)
        .join(Terminal, Terminal.id == ShiftEvent.terminal_id)
        .where(ShiftEvent.id == eid)
    ).first()
    if head is None:
        raise PosError("Không có ca này", "No such shift", code="not_found")
    shift_id, store_id, store, till = head
    require_store(ctx.scope, str(store_id))
    events = ctx.conn.execute(
        select(ShiftEvent.kind, ShiftEvent.at, ShiftEvent.data)
        .where(ShiftEvent.shift_id == shift_id)
        .order_by(ShiftEvent.at)
    ).all()
    rows = []
    facts: list[tuple[str, str]] = []
    z_tables: list[Table] = []
    for kind, at, raw in events:
        d = _data(raw)
        amount = _int(d.get("amount")) or _int(d.get("opening_float")) or _int(d.get("net_total"))
        rows.append(
            (
                ctx.t(*EVENT_WORDS.get(kind, (kind, kind))),
                local(at),
                amount,
                str(d.get("reason") or d.get("opened_by_name") or d.get("closed_by_name") or ""),
            )
        )
        if kind in ("close", "close_unsent"):
            for key, vi, en in (
                ("z_no", "Số Z", "Z number"),
                ("sales_count", "Số hoá đơn", "Sales"),
                ("net_total", "Doanh thu thuần", "Net total"),
                ("returns_total", "Trả hàng", "Returns"),
                ("expected_cash", "Tiền mặt phải có", "Expected cash"),
                ("counted_cash", "Đếm được", "Counted"),
                ("over_short", "Thừa (+) / thiếu (−)", "Over (+) / short (−)"),
                ("unsent_sales", "Giao dịch chưa gửi khi đóng", "Sales unsent at close"),
            ):
                v = _int(d.get(key))
                if v is not None:
                    facts.append((ctx.t(vi, en), f"{v:,}".replace(",", ".")))
            z_tables = _z_tables(ctx, d)
    table = Table(
        "shift_events",
        "Sự kiện của ca",
        "Events of the shift",
        (
            Column("kind", "Loại", "Kind"),
            Column("at", "Lúc", "At", "datetime"),
            Column("amount", "Số tiền", "Amount", "money"),
            Column("note", "Ghi chú", "Note"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[*z_tables, table],
        csv_table=len(z_tables),  # the CSV is the shift's events; the XLSX has every table
        title=ctx.t(f"Ca {store} · {till}", f"Shift {store} · {till}"),
        extra={"facts": facts},
        template="facts.html",
    )


def _z_tables(ctx: PageContext, d: dict[str, Any]) -> list[Table]:
    """The Z report's takings by payment method and its VAT by rate, as the till sent them with the close."""
    out = []
    by_method = d.get("by_method")
    if isinstance(by_method, dict) and by_method:
        lang = ctx.lang
        methods = tuple((method_label(str(m), lang), v) for m, v in by_method.items() if _int(v) is not None)
        out.append(
            Table(
                "z_methods",
                "Thu theo phương thức",
                "Takings by payment method",
                (Column("method", "Phương thức", "Method"), Column("amount", "Số tiền", "Amount", "money")),
                methods,
                ("Tổng / Total", sum(int(v) for _m, v in methods)),
            )
        )
    vat = d.get("vat")
    if isinstance(vat, list) and vat:
        rates = tuple(
            (f"{r[0]} %", _int(r[1]), _int(r[2]))
            for r in vat
            if isinstance(r, list) and len(r) == 3 and _int(r[0]) is not None
        )
        out.append(
            Table(
                "z_vat",
                "Thuế GTGT theo thuế suất",
                "VAT by rate",
                (
                    Column("rate", "Thuế suất", "Rate"),
                    Column("gross", "Doanh thu gồm thuế", "Gross (VAT incl.)", "money"),
                    Column("vat", "Tiền thuế", "VAT", "money"),
                ),
                rates,
                ("Tổng / Total", sum(r[1] or 0 for r in rates), sum(r[2] or 0 for r in rates)),
            )
        )
    return out


register(
    Page("shifts", "Ca & báo cáo Z", "Shifts & Z reports", Perm.SHIFTS, build, FIELDS, defaults),
    Page("shifts/{event_id}", "Ca", "Shift", Perm.SHIFTS, build_one, nav=False),
)
