"""Sales reports on this till's data: by day, hour, product, category, producer, OCOP stars, locality, cashier,
payment method; the VAT summary; top products; returns and discounts.

Everything sums stored rows, so returns (negative lines) net out by themselves: ``net = sales + returns``.
Periods are business dates (the shop's calendar day of each sale). Products are grouped under the category
and producer they have now; OCOP stars are those printed on the receipt at the time of sale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, text

from pos.reports.table import Column, Period, ReportError, Table

METHOD_NAMES = {
    "cash": ("Tiền mặt", "Cash"),
    "vietqr": ("VietQR", "VietQR"),
    "card": ("Thẻ", "Card"),
    "fx_cash": ("Ngoại tệ", "Foreign cash"),
}

_QTY = (
    Column("qty_sold", "SL bán", "Qty sold", "qty"),
    Column("qty_returned", "SL trả", "Qty returned", "qty"),
    Column("sales", "Doanh số", "Sales", "money"),
    Column("returns", "Trả hàng", "Returns", "money"),
    Column("net", "Thuần", "Net", "money"),
)
_LINE_SUMS = (
    "COALESCE(SUM(CASE WHEN s.kind = 'sale' THEN l.qty_milli END), 0), "
    "COALESCE(-SUM(CASE WHEN s.kind = 'return' THEN l.qty_milli END), 0), "
    "COALESCE(SUM(CASE WHEN s.kind = 'sale' THEN l.amount END), 0), "
    "COALESCE(SUM(CASE WHEN s.kind = 'return' THEN l.amount END), 0), "
    "COALESCE(SUM(l.amount), 0) AS net"
)


def _where(period: Period, terminal_code: str | None, alias: str = "s") -> tuple[str, dict[str, Any]]:
    sql = f"{alias}.business_date BETWEEN :d0 AND :d1"
    params: dict[str, Any] = {"d0": period.start.isoformat(), "d1": period.end.isoformat()}
    if terminal_code is not None:
        sql += f" AND {alias}.terminal_code = :term"
        params["term"] = terminal_code
    return sql, params


def _query(engine: Engine, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text(sql), params).all()]
        conn.rollback()
    return rows


def _totals(
    columns: Sequence[Column], rows: Sequence[tuple[Any, ...]], label: str = "Tổng / Total"
) -> tuple[Any, ...]:
    out: list[Any] = []
    for i, c in enumerate(columns):
        if c.kind in ("money", "qty", "int"):
            out.append(sum(int(r[i]) for r in rows))
        else:
            out.append(label if i == 0 else "")
    return tuple(out)


def _lines_table(
    engine: Engine,
    period: Period,
    terminal_code: str | None,
    *,
    key: str,
    title: tuple[str, str],
    group_cols: tuple[Column, ...],
    select: str,
    group: str,
    joins: str = "",
    order: str = "net DESC",
) -> Table:
    where, params = _where(period, terminal_code)
    sql = (
        f"SELECT {select}, {_LINE_SUMS} "
        f"FROM sale_lines l JOIN sales s ON s.id = l.sale_id LEFT JOIN products p ON p.id = l.product_id {joins} "
        f"WHERE {where} GROUP BY {group} ORDER BY {order}"
    )
    rows = tuple(tuple(r) for r in _query(engine, sql, params))
    cols = group_cols + _QTY
    return Table(key, title[0], title[1], cols, rows, _totals(cols, rows))


def by_product(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    return _lines_table(
        engine,
        period,
        terminal_code,
        key="by_product",
        title=("Doanh số theo sản phẩm", "Sales by product"),
        group_cols=(
            Column("sku", "Mã hàng", "SKU"),
            Column("name_vi", "Tên hàng", "Name (vi)"),
            Column("name_en", "Tên tiếng Anh", "Name (en)"),
            Column("unit", "ĐVT", "Unit"),
        ),
        select="l.sku, MAX(l.name_vi), MAX(l.name_en), MAX(l.unit)",
        group="l.sku",
        order="net DESC, l.sku",
    )


def by_category(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    return _lines_table(
        engine,
        period,
        terminal_code,
        key="by_category",
        title=("Doanh số theo nhóm hàng", "Sales by category"),
        group_cols=(
            Column("category", "Mã nhóm", "Category"),
            Column("name_vi", "Nhóm hàng", "Name (vi)"),
            Column("name_en", "Tên tiếng Anh", "Name (en)"),
        ),
        select="COALESCE(c.code, ''), COALESCE(MAX(c.name_vi), 'Chưa phân nhóm'), "
        "COALESCE(MAX(c.name_en), 'Uncategorised')",
        joins="LEFT JOIN categories c ON c.code = p.category_code",
        group="c.code",
        order="net DESC, c.code",
    )


def by_producer(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    return _lines_table(
        engine,
        period,
        terminal_code,
        key="by_producer",
        title=("Doanh số theo nhà sản xuất", "Sales by producer"),
        group_cols=(
            Column("producer", "Mã NSX", "Producer"),
            Column("name", "Nhà sản xuất", "Name"),
            Column("district", "Huyện/TP", "District"),
        ),
        select="COALESCE(r.code, ''), COALESCE(MAX(r.name), '—'), COALESCE(MAX(r.district), '')",
        joins="LEFT JOIN producers r ON r.id = p.producer_id",
        group="r.code",
        order="net DESC, r.code",
    )


def by_ocop_stars(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """By the OCOP rating printed on the receipt (0 = not an OCOP product)."""
    return _lines_table(
        engine,
        period,
        terminal_code,
        key="by_ocop_stars",
        title=("Doanh số theo hạng sao OCOP", "Sales by OCOP stars"),
        group_cols=(Column("stars", "Hạng sao", "Stars", "int"),),
        select="COALESCE(l.ocop_stars, 0)",
        group="COALESCE(l.ocop_stars, 0)",
        order="1 DESC",
    )


def by_locality(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """By where the producer is (district, town), the OCOP programme's unit of "one commune one product"."""
    return _lines_table(
        engine,
        period,
        terminal_code,
        key="by_locality",
        title=("Doanh số theo địa phương", "Sales by locality"),
        group_cols=(Column("district", "Huyện/TP", "District"), Column("province", "Tỉnh", "Province")),
        select="COALESCE(r.district, ''), COALESCE(MAX(r.province), '')",
        joins="LEFT JOIN producers r ON r.id = p.producer_id",
        group="COALESCE(r.district, '')",
        order="net DESC, 1",
    )


def top_products(
    engine: Engine, period: Period, *, n: int = 10, by: str = "net", terminal_code: str | None = None
) -> Table:
    """The ``n`` best sellers by net amount (``by="net"``) or by quantity (``by="qty"``)."""
    if by not in ("net", "qty"):
        raise ReportError(
            "Chỉ xếp theo doanh số hoặc số lượng", "Rank by net amount or quantity only", code="bad_rank"
        )
    full = by_product(engine, period, terminal_code=terminal_code)
    i = full.index("net" if by == "net" else "qty_sold")
    rows = sorted(full.rows, key=lambda r: (-int(r[i]), str(r[0])))[:n]
    return Table(
        "top_products",
        f"Top {n} sản phẩm",
        f"Top {n} products",
        full.columns,
        tuple(rows),
        _totals(full.columns, rows),
    )


def by_day(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """Every day of the period (days without sales included, for a continuous chart)."""
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT s.business_date, SUM(s.kind = 'sale'), SUM(CASE WHEN s.kind = 'sale' THEN s.total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'sale' THEN s.discount_total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'return' THEN s.total ELSE 0 END), SUM(s.total) "
            f"FROM sales s WHERE {where} GROUP BY s.business_date"
        ),
        params,
    )
    vat = dict(
        _query(
            engine,
            (
                f"SELECT s.business_date, SUM(v.vat) FROM sale_vat v JOIN sales s ON s.id = v.sale_id WHERE {where} "
                "GROUP BY s.business_date"
            ),
            params,
        )
    )
    by = {str(r[0]): r for r in rows}
    out = []
    for day in period.days():
        r = by.get(day.isoformat())
        if r is None:
            out.append((day, 0, 0, 0, 0, 0, 0))
        else:
            out.append(
                (day, int(r[1]), int(r[2]), int(r[3]), int(r[4]), int(r[5]), int(vat.get(str(r[0]), 0)))
            )
    cols = (
        Column("date", "Ngày", "Date", "date"),
        Column("receipts", "Số HĐ", "Receipts", "int"),
        Column("sales", "Doanh số", "Sales", "money"),
        Column("discounts", "Chiết khấu", "Discounts", "money"),
        Column("returns", "Trả hàng", "Returns", "money"),
        Column("net", "Thuần", "Net", "money"),
        Column("vat", "Thuế GTGT", "VAT", "money"),
    )
    return Table("by_day", "Doanh số theo ngày", "Sales by day", cols, tuple(out), _totals(cols, out))


def by_hour(
    engine: Engine, period: Period, *, tz: dt.tzinfo | None = None, terminal_code: str | None = None
) -> Table:
    """Receipts and net amount by hour of the day (shop local time; ``tz`` defaults to this machine's)."""
    where, params = _where(period, terminal_code)
    rows = _query(engine, f"SELECT s.created_at, s.kind, s.total FROM sales s WHERE {where}", params)
    counts = [0] * 24
    nets = [0] * 24
    for created, kind, total in rows:
        when = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(str(created))
        local = when.replace(tzinfo=dt.UTC).astimezone(tz)
        counts[local.hour] += kind == "sale"
        nets[local.hour] += int(total)
    out = [(f"{h:02d}:00", counts[h], nets[h]) for h in range(24)]
    cols = (
        Column("hour", "Giờ", "Hour"),
        Column("receipts", "Số HĐ", "Receipts", "int"),
        Column("net", "Thuần", "Net", "money"),
    )
    return Table("by_hour", "Doanh số theo giờ", "Sales by hour", cols, tuple(out), _totals(cols, out))


def by_cashier(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT COALESCE(NULLIF(s.cashier_name, ''), '—'), SUM(s.kind = 'sale'), "
            "SUM(CASE WHEN s.kind = 'sale' THEN s.total ELSE 0 END), "
            "SUM(CASE WHEN s.kind = 'sale' THEN s.discount_total ELSE 0 END), SUM(s.kind = 'return'), "
            "SUM(CASE WHEN s.kind = 'return' THEN s.total ELSE 0 END), SUM(s.total) AS net "
            f"FROM sales s WHERE {where} GROUP BY 1 ORDER BY net DESC, 1"
        ),
        params,
    )
    cols = (
        Column("cashier", "Thu ngân", "Cashier"),
        Column("receipts", "Số HĐ", "Receipts", "int"),
        Column("sales", "Doanh số", "Sales", "money"),
        Column("discounts", "Chiết khấu", "Discounts", "money"),
        Column("return_count", "Số lần trả", "Returns", "int"),
        Column("returns", "Tiền trả", "Refunded", "money"),
        Column("net", "Thuần", "Net", "money"),
    )
    return Table(
        "by_cashier", "Doanh số theo thu ngân", "Sales by cashier", cols, tuple(rows), _totals(cols, rows)
    )


def by_payment_method(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT p.method, SUM(p.amount > 0), SUM(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END), "
            "SUM(CASE WHEN p.amount < 0 THEN p.amount ELSE 0 END), SUM(p.amount) AS net FROM payments p "
            f"JOIN sales s ON s.id = p.sale_id WHERE {where} GROUP BY p.method ORDER BY net DESC"
        ),
        params,
    )
    out = [
        (METHOD_NAMES.get(m, (m, m))[0], METHOD_NAMES.get(m, (m, m))[1], m, int(n), int(a), int(b), int(c))
        for m, n, a, b, c in rows
    ]
    cols = (
        Column("name_vi", "Hình thức", "Method (vi)"),
        Column("name_en", "Method", "Method"),
        Column("method", "Mã", "Code"),
        Column("payments", "Số lần", "Payments", "int"),
        Column("received", "Thu", "Received", "money"),
        Column("paid_back", "Trả lại/tiền thừa", "Paid back", "money"),
        Column("net", "Thuần", "Net", "money"),
    )
    return Table(
        "by_payment_method",
        "Theo hình thức thanh toán",
        "By payment method",
        cols,
        tuple(out),
        _totals(cols, out),
    )


def vat_summary(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """VAT by rate, summed from the rows printed on each receipt (the figures for the VAT return)."""
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT v.rate_pct, SUM(v.gross), SUM(v.vat), SUM(v.gross) - SUM(v.vat) FROM sale_vat v "
            f"JOIN sales s ON s.id = v.sale_id WHERE {where} GROUP BY v.rate_pct ORDER BY v.rate_pct"
        ),
        params,
    )
    out = [(f"{int(r)}%", int(g), int(v), int(n)) for r, g, v, n in rows]
    cols = (
        Column("rate", "Thuế suất", "Rate"),
        Column("gross", "Tổng tiền", "Gross", "money"),
        Column("vat", "Tiền thuế", "VAT", "money"),
        Column("net", "Chưa thuế", "Net", "money"),
    )
    return Table("vat_summary", "Tổng hợp thuế GTGT", "VAT summary", cols, tuple(out), _totals(cols, out))


def returns_list(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """Every return and void with who made it, who approved it and why."""
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT s.business_date, s.terminal_code || '-' || printf('%06d', s.receipt_no), "
            "COALESCE(o.terminal_code || '-' || printf('%06d', o.receipt_no), ''), "
            "CASE WHEN v.reversal_sale_id IS NULL THEN 'return' ELSE 'void' END, s.cashier_name, "
            "COALESCE(a.name, ''), s.note, s.total FROM sales s LEFT JOIN sales o ON o.id = s.original_sale_id "
            "LEFT JOIN sale_voids v ON v.reversal_sale_id = s.id LEFT JOIN staff a ON a.id = s.approved_by "
            f"WHERE s.kind = 'return' AND {where} ORDER BY s.created_at"
        ),
        params,
    )
    out = [(dt.date.fromisoformat(str(r[0])), *r[1:]) for r in rows]
    cols = (
        Column("date", "Ngày", "Date", "date"),
        Column("receipt", "Số HĐ", "Receipt"),
        Column("original", "HĐ gốc", "Original"),
        Column("kind", "Loại", "Kind"),
        Column("cashier", "Thu ngân", "Cashier"),
        Column("approved_by", "Người duyệt", "Approved by"),
        Column("reason", "Lý do", "Reason"),
        Column("amount", "Số tiền", "Amount", "money"),
    )
    return Table(
        "returns", "Trả hàng và huỷ hoá đơn", "Returns and voids", cols, tuple(out), _totals(cols, out)
    )


def discounts_list(engine: Engine, period: Period, *, terminal_code: str | None = None) -> Table:
    """Every discounted sale: the amount before and after, the share, the seller and the approver."""
    where, params = _where(period, terminal_code)
    rows = _query(
        engine,
        (
            "SELECT s.business_date, s.terminal_code || '-' || printf('%06d', s.receipt_no), s.cashier_name, "
            "COALESCE(a.name, ''), s.total + s.discount_total, s.discount_total, s.total FROM sales s "
            f"LEFT JOIN staff a ON a.id = s.approved_by WHERE s.kind = 'sale' AND s.discount_total <> 0 AND {where} "
            "ORDER BY s.created_at"
        ),
        params,
    )
    out = [
        (
            dt.date.fromisoformat(str(r[0])),
            r[1],
            r[2],
            r[3],
            int(r[4]),
            int(r[5]),
            int(r[6]),
            round(100 * int(r[5]) / int(r[4]), 1) if int(r[4]) else 0.0,
        )
        for r in rows
    ]
    cols = (
        Column("date", "Ngày", "Date", "date"),
        Column("receipt", "Số HĐ", "Receipt"),
        Column("cashier", "Thu ngân", "Cashier"),
        Column("approved_by", "Người duyệt", "Approved by"),
        Column("before", "Trước CK", "Before discount", "money"),
        Column("discount", "Chiết khấu", "Discount", "money"),
        Column("total", "Thanh toán", "Paid", "money"),
        Column("pct", "%", "%", "pct"),
    )
    return Table("discounts", "Chiết khấu", "Discounts", cols, tuple(out), _totals(cols, out))


REPORTS = {
    "day": by_day,
    "hour": by_hour,
    "product": by_product,
    "category": by_category,
    "producer": by_producer,
    "stars": by_ocop_stars,
    "locality": by_locality,
    "cashier": by_cashier,
    "method": by_payment_method,
    "vat": vat_summary,
    "top": top_products,
    "returns": returns_list,
    "discounts": discounts_list,
}
