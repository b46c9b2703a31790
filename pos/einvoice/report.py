"""Tax reports for a month or a quarter: VAT by rate and the sales totals a VAT return needs, and the invoice
list an accountant hands over (``pos.reports.export`` writes them to XLSX or CSV).

Sums come straight from the ledger (``sales``, ``sale_vat``, ``einvoices``) by business date; returns count
negative, so a period's figures are net of what came back. Head office has the same tables (with a ``store_id`` on
its sales) and runs the same queries over the stores it is asked about (``store_ids``; ``pos.server.einvoices``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, TextClause, bindparam, text

from pos.einvoice.issue import local_time
from pos.reports.table import Column, ReportError, Table


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str


def parse_period(text_: str) -> Period:
    """``2026-12`` (a month) or ``2026-Q4`` (a quarter)."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", text_.strip())
    if m:
        year, month = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            start = dt.date(year, month, 1)
            end = (dt.date(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
            return Period(start, end, f"{month:02d}/{year}")
    m = re.fullmatch(r"(\d{4})-[Qq]([1-4])", text_.strip())
    if m:
        year, q = int(m[1]), int(m[2])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return Period(start, end, f"Q{q}/{year}")
    raise ReportError(
        f"Kỳ {text_!r} không hợp lệ: dùng 2026-12 (tháng) hoặc 2026-Q4 (quý)",
        f"Period {text_!r} is invalid: use 2026-12 (month) or 2026-Q4 (quarter)",
        code="bad_period",
    )


_RATE_COLUMNS = (
    Column("rate", "Thuế suất", "VAT rate", "pct"),
    Column("net", "Doanh thu chưa thuế", "Sales before VAT", "money"),
    Column("vat", "Thuế GTGT", "VAT", "money"),
    Column("gross", "Tổng thanh toán", "Total paid", "money"),
    Column("sales", "Số giao dịch", "Sales", "int"),
)


def _scope(sql: str, store_ids: Sequence[str] | None) -> tuple[TextClause, dict[str, object]]:
    """``sql`` with its ``{stores}`` placeholder filled: nothing at the till, the stores asked for at head office."""
    if store_ids is None:
        return text(sql.format(stores="")), {}
    stmt = text(sql.format(stores=" AND s.store_id IN :stores")).bindparams(
        bindparam("stores", expanding=True)
    )
    return stmt, {"stores": list(store_ids)}


def vat_by_rate(engine: Engine, period: Period, *, store_ids: Sequence[str] | None = None) -> Table:
    """VAT by rate over the period (every sale, invoiced or not), with a totals row."""
    days = {"a": period.start, "b": period.end}
    by_rate, scope = _scope(
        "SELECT v.rate_pct, SUM(v.gross) - SUM(v.vat), SUM(v.vat), SUM(v.gross), COUNT(DISTINCT s.id) "
        "FROM sale_vat v JOIN sales s ON s.id = v.sale_id "
        "WHERE s.business_date BETWEEN :a AND :b{stores} GROUP BY v.rate_pct ORDER BY v.rate_pct",
        store_ids,
    )
    counted, _ = _scope(
        "SELECT COUNT(*) FROM sales s WHERE s.business_date BETWEEN :a AND :b{stores}", store_ids
    )
    with engine.connect() as conn:
        rows = conn.execute(by_rate, {**days, **scope}).all()
        count = conn.execute(counted, {**days, **scope}).scalar_one()
        conn.rollback()
    body = tuple((int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows)
    totals = (None, sum(r[1] for r in body), sum(r[2] for r in body), sum(r[3] for r in body), int(count))
    return Table(
        "vat_by_rate",
        f"Thuế GTGT theo thuế suất — {period.label}",
        f"VAT by rate — {period.label}",
        _RATE_COLUMNS,
        body,
        totals,
    )


_LIST_COLUMNS = (
    Column("code", "Mã của CQT", "Tax-authority code"),
    Column("series", "Ký hiệu", "Series"),
    Column("issued_at", "Thời điểm lập", "Made at", "datetime"),
    Column("receipt", "Số phiếu", "Receipt"),
    Column("kind", "Loại", "Kind"),
    Column("related", "Điều chỉnh cho", "Adjusts"),
    Column("buyer", "Người mua", "Buyer"),
    Column("buyer_tax_code", "MST người mua", "Buyer's tax code"),
    Column("net", "Chưa thuế", "Before VAT", "money"),
    Column("vat", "Thuế GTGT", "VAT", "money"),
    Column("total", "Tổng cộng", "Total", "money"),
    Column("state", "Trạng thái", "Status"),
)


def invoice_list(engine: Engine, period: Period, *, store_ids: Sequence[str] | None = None) -> Table:
    """Every invoice made in the period, in order, with its status at the tax authority (and the buyer as
    corrected after a rejection, if it was)."""
    query, scope = _scope(
        "SELECT e.code, e.series, e.issued_at, s.terminal_code, s.receipt_no, e.kind, e.related_code, "
        "COALESCE(NULLIF(st.corrected_buyer_name, ''), e.buyer_name), "
        "CASE WHEN st.corrected_xml <> '' THEN st.corrected_buyer_tax_code ELSE e.buyer_tax_code END, "
        "e.total - e.vat_total, e.vat_total, e.total, st.state "
        "FROM einvoices e JOIN sales s ON s.id = e.sale_id JOIN einvoice_status st ON st.sale_id = e.sale_id "
        "WHERE s.business_date BETWEEN :a AND :b{stores} ORDER BY e.issued_at, e.code",
        store_ids,
    )
    with engine.connect() as conn:
        rows = conn.execute(query, {"a": period.start, "b": period.end, **scope}).all()
        conn.rollback()
    body = tuple(
        (
            str(r[0]),
            str(r[1]),
            local_time(r[2] if isinstance(r[2], dt.datetime) else dt.datetime.fromisoformat(str(r[2]))),
            f"{r[3]}-{int(r[4]):06d}",
            str(r[5]),
            str(r[6]),
            str(r[7]),
            str(r[8]),
            int(r[9]),
            int(r[10]),
            int(r[11]),
            str(r[12]),
        )
        for r in rows
    )
    totals = (None,) * 8 + (sum(r[8] for r in body), sum(r[9] for r in body), sum(r[10] for r in body), None)
    return Table(
        "einvoices",
        f"Bảng kê hoá đơn điện tử — {period.label}",
        f"E-invoice list — {period.label}",
        _LIST_COLUMNS,
        body,
        totals,
    )
