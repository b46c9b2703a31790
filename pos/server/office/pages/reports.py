"""Reports: net sales by day, week or month, centre, OCOP star, producer, locality, category, payment method,
cashier or VAT rate — one query on the roll-ups, drawn as a chart and listed in the table the exports write.

Every grouping of the lines adds up to the same net revenue (sales + returns, VAT included); the payment methods
add up to it too, and so do the receipts' totals. Time groupings read the receipt roll-up (receipt counts are per
sale, not per line); the others read the line roll-up, month rows for the whole months and day rows at the edges.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, literal, select

from pos.reports.table import Column, Table
from pos.server.models import (
    Category,
    LineRollup,
    PaymentRollup,
    Producer,
    Product,
    ReceiptRollup,
    Store,
    VatRollup,
)
from pos.server.office import charts
from pos.server.office.access import Perm
from pos.server.office.pages import Choice, Field, Page, PageContext, PageView, register
from pos.server.office.queries import in_stores, nonzero, span, span_sign, week_start
from pos.server.reports import UNKNOWN

GROUPS = (
    Choice("day", "Ngày", "Day"),
    Choice("week", "Tuần", "Week"),
    Choice("month", "Tháng", "Month"),
    Choice("store", "Trung tâm", "Centre"),
    Choice("star", "Hạng sao OCOP", "OCOP star"),
    Choice("producer", "Nhà sản xuất", "Producer"),
    Choice("locality", "Địa phương (nơi sản xuất)", "Locality (where made)"),
    Choice("category", "Nhóm hàng", "Category"),
    Choice("product", "Sản phẩm", "Product"),
    Choice("method", "Hình thức thanh toán", "Payment method"),
    Choice("cashier", "Thu ngân", "Cashier"),
    Choice("vat", "Thuế suất GTGT", "VAT rate"),
)
METHODS = {
    "cash": ("Tiền mặt", "Cash"),
    "vietqr": ("VietQR", "VietQR"),
    "card": ("Thẻ", "Card"),
    "fx_cash": ("Ngoại tệ", "Foreign cash"),
}
FIELDS = (
    Field("date_from", "date", "Từ ngày", "From"),
    Field("date_to", "date", "Đến ngày", "To"),
    Field("store", "store", "Trung tâm", "Centre"),
    Field("group", "choice", "Theo", "By", GROUPS),
)


def defaults(today: dt.date) -> dict[str, Any]:
    return {"date_from": today.replace(day=1), "date_to": today, "group": "store"}


def _d(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


_MONEY_COLS = (
    Column("qty_sold", "SL bán", "Qty sold", "qty"),
    Column("qty_returned", "SL trả", "Qty returned", "qty"),
    Column("sales", "Doanh số", "Sales", "money"),
    Column("returns", "Trả hàng", "Returns", "money"),
    Column("net", "Thuần", "Net", "money"),
    Column("share", "Tỷ trọng %", "Share %", "pct"),
)


def _line_report(
    ctx: PageContext, group: str, d0: dt.date, d1: dt.date
) -> tuple[list[tuple[Any, ...]], tuple[Column, ...]]:
    r = LineRollup
    ids = ctx.scope.ids()
    sign = span_sign(r.grain, r.day, d0, d1)
    sums = (
        func.sum(r.qty_sold * sign),
        func.sum(r.qty_returned * sign),
        func.sum(r.sales * sign),
        func.sum(r.returns * sign),
    )
    stmt: Any  # one of several shapes of Select, by grouping
    if group == "store":
        stmt = (
            select(Store.code, func.max(Store.name), *sums)
            .join(Store, Store.id == r.store_id)
            .group_by(Store.code)
        )
        key_cols = (Column("key", "Mã", "Code"), Column("label", "Trung tâm", "Centre"))
    elif group == "star":
        stmt = select(r.ocop_stars, r.ocop_stars, *sums).group_by(r.ocop_stars)
        key_cols = (Column("key", "Sao", "Stars"), Column("label", "Hạng", "Rating"))
    elif group == "vat":
        stmt = select(r.vat_rate, r.vat_rate, *sums).group_by(r.vat_rate)
        key_cols = (Column("key", "Thuế suất %", "Rate %"), Column("label", "Nhóm", "Band"))
    elif group == "product":
        stmt = (
            select(
                Product.sku,
                func.max(
                    Product.name_vi
                    if ctx.lang == "vi"
                    else func.coalesce(func.nullif(Product.name_en, ""), Product.name_vi)
                ),
                *sums,
            )
            .outerjoin(Product, Product.id == r.product_id)
            .group_by(Product.sku)
        )
        key_cols = (Column("key", "Mã hàng", "SKU"), Column("label", "Sản phẩm", "Product"))
    elif group == "producer":
        stmt = (
            select(Producer.code, func.max(Producer.name), *sums)
            .outerjoin(Product, Product.id == r.product_id)
            .outerjoin(Producer, Producer.id == Product.producer_id)
            .group_by(Producer.code)
        )
        key_cols = (Column("key", "Mã NSX", "Code"), Column("label", "Nhà sản xuất", "Producer"))
    elif group == "locality":
        stmt = (
            select(Producer.district, func.max(Producer.province), *sums)
            .outerjoin(Product, Product.id == r.product_id)
            .outerjoin(Producer, Producer.id == Product.producer_id)
            .group_by(Producer.district)
        )
        key_cols = (Column("key", "Huyện/thị", "District"), Column("label", "Tỉnh", "Province"))
    else:  # category
        name = (
            Category.name_vi
            if ctx.lang == "vi"
            else func.coalesce(func.nullif(Category.name_en, ""), Category.name_vi)
        )
        stmt = (
            select(Category.code, func.max(name), *sums)
            .outerjoin(Product, Product.id == r.product_id)
            .outerjoin(Category, Category.code == Product.category_code)
            .group_by(Category.code)
        )
        key_cols = (Column("key", "Mã nhóm", "Code"), Column("label", "Nhóm hàng", "Category"))
    stmt = stmt.select_from(r).where(span(r.grain, r.day, d0, d1), in_stores(r.store_id, ids))
    raw = nonzero([tuple(x) for x in ctx.conn.execute(stmt)], 2)
    total = sum(int(x[4]) + int(x[5]) for x in raw) or 1
    rows = []
    for key, label, qs, qr, sales, returns in raw:
        net = int(sales) + int(returns)
        k = "" if key is None else str(key)
        if group == "star":
            lab = f"{k}★ OCOP" if k not in ("", "0") else ctx.t("Không phải OCOP", "Not OCOP")
        elif group == "vat":
            lab = f"{k}%"
        else:
            lab = str(label or "") or UNKNOWN
        rows.append(
            (k or "—", lab, int(qs), int(qr), int(sales), int(returns), net, round(100.0 * net / total, 1))
        )
    rows.sort(key=lambda x: -x[6])
    return rows, (*key_cols, *_MONEY_COLS)


def _time_report(
    ctx: PageContext, group: str, d0: dt.date, d1: dt.date
) -> tuple[list[tuple[Any, ...]], tuple[Column, ...]]:
    r = ReceiptRollup
    ids = ctx.scope.ids()
    if group == "month":
        cond, sign = span(r.grain, r.day, d0, d1), span_sign(r.grain, r.day, d0, d1)
    else:  # days and weeks: the day rows
        cond, sign = (r.grain == "d") & (r.day >= d0) & (r.day <= d1), literal(1)
    raw = ctx.conn.execute(
        select(
            r.day,
            func.sum(r.sales_count * sign),
            func.sum(r.returns_count * sign),
            func.sum(r.sales_total * sign),
            func.sum(r.returns_total * sign),
            func.sum(r.discount_total * sign),
        )
        .where(cond, in_stores(r.store_id, ids))
        .group_by(r.day)
    ).all()
    acc: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for day, sc, rc, st, rt, disc in raw:
        day = _d(day)
        key = day if group == "day" else (week_start(day) if group == "week" else day.replace(day=1))
        for i, v in enumerate((sc, rc, st, rt, disc)):
            acc[key][i] += int(v)
    rows = []
    for key in sorted(k for k, v in acc.items() if any(v)):
        sc, rc, st, rt, disc = acc[key]
        label = (
            f"{key:%d/%m/%Y}"
            if group == "day"
            else (
                ctx.t(f"Tuần {key:%d/%m/%Y}", f"Week of {key:%Y-%m-%d}")
                if group == "week"
                else f"{key:%m/%Y}"
            )
        )
        rows.append((key.isoformat(), label, sc, rc, st, rt, disc, st + rt))
    cols = (
        Column("key", "Kỳ", "Period"),
        Column("label", "Nhãn", "Label"),
        Column("receipts", "Số HĐ bán", "Sales receipts", "int"),
        Column("returns_count", "Số phiếu trả", "Returns", "int"),
        Column("sales", "Doanh số", "Sales", "money"),
        Column("returns", "Trả hàng", "Refunded", "money"),
        Column("discounts", "Chiết khấu", "Discounts", "money"),
        Column("net", "Thuần", "Net", "money"),
    )
    return rows, cols


def _method_report(
    ctx: PageContext, d0: dt.date, d1: dt.date
) -> tuple[list[tuple[Any, ...]], tuple[Column, ...]]:
    r = PaymentRollup
    sign = span_sign(r.grain, r.day, d0, d1)
    raw = ctx.conn.execute(
        select(r.method, func.sum(r.payments * sign), func.sum(r.amount * sign))
        .where(span(r.grain, r.day, d0, d1), in_stores(r.store_id, ctx.scope.ids()))
        .group_by(r.method)
    ).all()
    total = sum(int(x[2]) for x in raw) or 1
    rows = [
        (
            str(m),
            (METHODS.get(str(m), (str(m), str(m)))[0 if ctx.lang == "vi" else 1]),
            int(n),
            int(a),
            round(100.0 * int(a) / total, 1),
        )
        for m, n, a in raw
        if n or a
    ]
    rows.sort(key=lambda x: -x[3])
    return rows, (
        Column("key", "Mã", "Code"),
        Column("label", "Hình thức", "Method"),
        Column("payments", "Số lần", "Payments", "int"),
        Column("net", "Số tiền", "Amount", "money"),
        Column("share", "Tỷ trọng %", "Share %", "pct"),
    )


def _cashier_report(
    ctx: PageContext, d0: dt.date, d1: dt.date
) -> tuple[list[tuple[Any, ...]], tuple[Column, ...]]:
    r = ReceiptRollup
    sign = span_sign(r.grain, r.day, d0, d1)
    raw = ctx.conn.execute(
        select(
            Store.code,
            r.cashier_key,
            func.max(r.cashier_name),
            func.sum(r.sales_count * sign),
            func.sum(r.returns_count * sign),
            func.sum(r.sales_total * sign),
            func.sum(r.returns_total * sign),
            func.sum(r.discount_total * sign),
        )
        .join(Store, Store.id == r.store_id)
        .where(span(r.grain, r.day, d0, d1), in_stores(r.store_id, ctx.scope.ids()))
        .group_by(Store.code, r.cashier_key)
    ).all()
    rows = [
        (code, str(name or "") or UNKNOWN, int(sc), int(rc), int(st), int(rt), int(disc), int(st) + int(rt))
        for code, _key, name, sc, rc, st, rt, disc in raw
        if sc or rc or st or rt or disc
    ]
    rows.sort(key=lambda x: (x[0], -x[7]))
    return rows, (
        Column("store", "Trung tâm", "Centre"),
        Column("label", "Thu ngân", "Cashier"),
        Column("receipts", "Số HĐ bán", "Sales receipts", "int"),
        Column("returns_count", "Số phiếu trả", "Returns", "int"),
        Column("sales", "Doanh số", "Sales", "money"),
        Column("returns", "Trả hàng", "Refunded", "money"),
        Column("discounts", "Chiết khấu", "Discounts", "money"),
        Column("net", "Thuần", "Net", "money"),
    )


def _vat_report(
    ctx: PageContext, d0: dt.date, d1: dt.date
) -> tuple[list[tuple[Any, ...]], tuple[Column, ...]]:
    r = VatRollup
    sign = span_sign(r.grain, r.day, d0, d1)
    raw = ctx.conn.execute(
        select(r.rate_pct, func.sum(r.gross * sign), func.sum(r.vat * sign))
        .where(span(r.grain, r.day, d0, d1), in_stores(r.store_id, ctx.scope.ids()))
        .group_by(r.rate_pct)
        .order_by(r.rate_pct)
    ).all()
    rows = [(str(rate), f"{rate}%", int(g), int(g) - int(v), int(v)) for rate, g, v in raw if g or v]
    return rows, (
        Column("key", "Thuế suất", "Rate"),
        Column("label", "Nhãn", "Label"),
        Column("net", "Tổng có thuế", "Gross (VAT incl.)", "money"),
        Column("base", "Tiền hàng", "Net of VAT", "money"),
        Column("vat", "Thuế GTGT", "VAT", "money"),
    )


def _totals(cols: tuple[Column, ...], rows: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    out: list[Any] = []
    for i, c in enumerate(cols):
        if c.kind in ("money", "qty", "int"):
            out.append(sum(int(r[i]) for r in rows))
        elif c.kind == "pct":
            out.append(100.0 if rows else "")
        else:
            out.append("Tổng / Total" if i == 0 else "")
    return tuple(out)


def build(ctx: PageContext) -> PageView:
    group = ctx.params["group"]
    d0, d1 = ctx.params["date_from"], ctx.params["date_to"]
    if group in ("day", "week", "month"):
        rows, cols = _time_report(ctx, group, d0, d1)
    elif group == "method":
        rows, cols = _method_report(ctx, d0, d1)
    elif group == "cashier":
        rows, cols = _cashier_report(ctx, d0, d1)
    elif group == "vat":
        rows, cols = _vat_report(ctx, d0, d1)
    else:
        rows, cols = _line_report(ctx, group, d0, d1)
    name = next(c for c in GROUPS if c.value == group)
    title = ctx.t(f"Doanh thu theo {name.vi.lower()}", f"Sales by {name.en.lower()}")
    table = Table(f"sales_by_{group}", title, title, cols, tuple(rows), _totals(cols, rows))
    net_i = next(i for i, c in enumerate(cols) if c.key == "net")
    label_i = 1
    if group in ("day", "week", "month"):
        chart = charts.columns([str(r[label_i]) for r in rows], [int(r[net_i]) for r in rows], title=title)
    else:
        top = sorted(rows, key=lambda r: -int(r[net_i]))[:25]
        chart = charts.bars([f"{r[label_i]}" for r in top], [[int(r[net_i]) for r in top]], title=title)
    where = ctx.scope.store.code + " · " if ctx.scope.store else ""
    return PageView(
        tables=[table],
        charts=[chart],
        subtitle=f"{where}{d0:%d/%m/%Y} – {d1:%d/%m/%Y}",
    )


register(Page("reports", "Báo cáo", "Reports", Perm.REPORTS, build, FIELDS, defaults))
