"""X/Z reports as printable documents (``pos.receipts.document.ReceiptDoc`` of kind ``report``).

Only wording and arrangement live here; every number comes from the ``ShiftReport`` as stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.receipts.document import ReceiptDoc, ReportRow, ReportSection
from pos.shifts.report import ShiftReport

METHOD_LABELS = {
    "cash": ("Tiền mặt", "Cash"),
    "vietqr": ("Chuyển khoản VietQR", "VietQR transfer"),
    "card": ("Thẻ", "Card"),
    "fx_cash": ("Ngoại tệ (quy đổi)", "Foreign cash (in đồng)"),
}


@dataclass(frozen=True, slots=True)
class ShopHeader:
    name: str
    address: str = ""
    tax_code: str = ""


def shop_header(engine: Engine) -> ShopHeader:
    """The shop as receipts print it (``store_profile``), or a neutral name if none is set."""
    with engine.connect() as conn:
        row = conn.execute(text("SELECT name, address, tax_code FROM store_profile WHERE id = 1")).first()
        conn.rollback()
    return ShopHeader("OCOP POS") if row is None else ShopHeader(str(row[0]), str(row[1]), str(row[2]))


def local_time(iso_utc: str) -> dt.datetime:
    """A stored naive-UTC timestamp as the shop's local wall-clock time (naive), for printing."""
    return dt.datetime.fromisoformat(iso_utc).replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _hm(iso_utc: str | None) -> str:
    return "" if not iso_utc else f"{local_time(iso_utc):%d/%m/%Y %H:%M}"


def method_label(method: str, lang: str) -> str:
    vi, en = METHOD_LABELS.get(method, (method, method))
    return vi if lang == "vi" else en


def report_doc(report: ShiftReport, shop: ShopHeader, *, lang: str = "vi") -> ReceiptDoc:
    vi = lang != "en"

    def w(v: str, e: str) -> str:
        return v if vi else e

    title = (
        w(f"BÁO CÁO Z SỐ {report.z_no} - KẾT CA", f"Z REPORT No. {report.z_no} - SHIFT CLOSE")
        if report.kind == "Z"
        else w("BÁO CÁO X - GIỮA CA", "X REPORT - MID-SHIFT")
    )
    receipts = f"{report.first_receipt}–{report.last_receipt}" if report.first_receipt is not None else "—"
    head = ReportSection(
        None,
        (
            ReportRow(w("Mở ca", "Opened"), f"{_hm(report.opened_at)} {report.opened_by}"),
            ReportRow(
                w("Kết ca", "Closed") if report.kind == "Z" else w("Lúc", "Taken"),
                f"{_hm(report.closed_at or report.taken_at)} {report.closed_by}".rstrip(),
            ),
            ReportRow(w("Số hoá đơn", "Receipt numbers"), receipts),
        ),
    )
    sales = ReportSection(
        w("Doanh thu", "Sales"),
        (
            ReportRow(w("Số hoá đơn bán", "Sales"), report.sales_count, is_money=False),
            ReportRow(w("Số lượng hàng", "Items sold"), f"{report.items_sold_milli / 1000:g}"),
            ReportRow(w("Doanh thu trước CK", "Gross before discounts"), report.gross_before_discounts),
            ReportRow(
                w(f"Chiết khấu ({report.discounts_count} HĐ)", f"Discounts ({report.discounts_count})"),
                -report.discounts_total,
            ),
            ReportRow(w("Doanh thu bán", "Sales total"), report.sales_total),
            ReportRow(
                w(f"Trả hàng ({report.returns_count})", f"Returns ({report.returns_count})"),
                report.returns_total,
            ),
            ReportRow(
                w(
                    f"Huỷ sau thanh toán ({report.voids_count})",
                    f"Voids after payment ({report.voids_count})",
                ),
                report.voids_total,
            ),
            ReportRow(w("Doanh thu thuần", "Net total"), report.net_total),
            ReportRow(
                w(
                    f"Xoá dòng trước TT ({report.line_voids_count})",
                    f"Lines voided ({report.line_voids_count})",
                ),
                report.line_voids_amount,
            ),
            ReportRow(w("Mở két không bán", "No-sale drawer opens"), report.no_sale_opens, is_money=False),
        ),
    )
    methods = ReportSection(
        w("Thanh toán", "Payments"),
        tuple(ReportRow(method_label(m.method, "vi" if vi else "en"), m.amount) for m in report.by_method)
        + tuple(
            ReportRow(f"  {f.currency} {f.foreign_amount:,}".replace(",", "."), f.dong)
            for f in report.foreign_cash
        ),
    )
    vat_rows: list[ReportRow] = []
    for v in report.vat:
        vat_rows.append(ReportRow(w(f"{v.rate_pct}% - tiền hàng", f"{v.rate_pct}% - net"), v.net))
        vat_rows.append(ReportRow(w(f"{v.rate_pct}% - thuế GTGT", f"{v.rate_pct}% - VAT"), v.vat))
    vat = ReportSection(w("Thuế GTGT theo thuế suất", "VAT by rate"), tuple(vat_rows))
    drawer_rows = [
        ReportRow(w("Tiền đầu ca", "Opening float"), report.opening_float),
        ReportRow(w("Tiền mặt bán hàng", "Cash sales"), report.cash_sales),
        ReportRow(w("Tiền mặt hoàn trả", "Cash refunds"), report.cash_refunds),
        ReportRow(w("Nộp vào két", "Paid in"), report.paid_in),
        ReportRow(w("Rút khỏi két", "Paid out"), -report.paid_out),
        ReportRow(w("Tiền mặt phải có", "Expected cash"), report.expected_cash),
    ]
    for move in report.cash_moves:
        drawer_rows.append(ReportRow(f"{local_time(move.at):%H:%M} {move.reason}"))
    if report.counted_cash is not None:
        drawer_rows.append(ReportRow(w("Đếm thực tế", "Counted"), report.counted_cash))
        diff = report.over_short or 0
        drawer_rows.append(ReportRow(w("Thừa (+) / thiếu (−)", "Over (+) / short (−)"), diff))
    sections = [head, sales, methods, vat, ReportSection(w("Két tiền", "Cash drawer"), tuple(drawer_rows))]
    if report.counted:
        sections.append(
            ReportSection(
                w("Kiểm đếm theo mệnh giá", "Count by denomination"),
                tuple(
                    ReportRow(f"{note:,} x {n}".replace(",", "."), note * n)
                    for note, n in report.counted
                    if n
                ),
            )
        )
    taken = local_time(report.taken_at)
    return ReceiptDoc(
        kind="report",
        shop_name=shop.name,
        lang="vi" if vi else "en",
        shop_address=shop.address,
        tax_code=shop.tax_code,
        terminal=report.terminal_code,
        receipt_no=f"Z-{report.z_no:04d}" if report.z_no is not None else "X",
        printed_at=taken,
        cashier=report.closed_by or report.opened_by,
        title=title,
        sections=tuple(sections),
    )
