"""Realistic sample documents: for the printer settings preview, the docs and the tests.

They use the hard cases on purpose: long OCOP product names with every kind of Vietnamese mark, stars, line
and sale discounts, two VAT rates, a split VietQR + cash payment with change.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Protocol

from pos.receipts.document import (
    PaymentRow,
    ReceiptDoc,
    ReceiptLine,
    ReportRow,
    ReportSection,
    ShelfLabel,
    VatRow,
)

SHOP_NAME = "Cửa hàng OCOP Quảng Ninh"
SHOP_ADDRESS = "Số 1 đường Trần Hưng Đạo, phường Hồng Gai, TP Hạ Long, tỉnh Quảng Ninh"
TAX_CODE = "5701234567"
WHEN = datetime(2024, 1, 15, 14, 35)

#: (name, unit price, OCOP stars, VAT %): names long enough to wrap on 58 mm paper.
PRODUCTS: tuple[tuple[str, int, int | None, int], ...] = (
    ("Chả mực Hạ Long loại đặc biệt, túi hút chân không 500g", 185_000, 4, 8),
    ("Rượu ba kích Ba Chẽ ngâm truyền thống chai 500ml", 320_000, 4, 10),
    ("Trà hoa vàng Ba Chẽ hộp quà tặng cao cấp", 350_000, 5, 8),
    ("Sá sùng Vân Đồn khô loại 1", 1_250_000, 4, 8),
    ("Nước mắm Cái Rồng thượng hạng", 95_000, 3, 8),
    ("Miến dong Bình Liêu", 65_000, 3, 8),
    ("Ngán Quảng Yên ủ muối", 120_000, None, 8),
    ("Mật ong rừng Đầm Hà (nguyên chất) hũ thủy tinh 1 lít", 450_000, 3, 8),
)


def _vat_rows(lines: tuple[ReceiptLine, ...], rates: tuple[int, ...], total: int) -> tuple[VatRow, ...]:
    """VAT per rate, VAT-inclusive, with a sale discount spread over the rates by their share (exact sums)."""
    by_rate: dict[int, int] = {}
    for line, rate in zip(lines, rates, strict=True):
        by_rate[rate] = by_rate.get(rate, 0) + line.net
    subtotal = sum(by_rate.values())
    rows: list[VatRow] = []
    remaining = total
    for index, (rate, amount) in enumerate(sorted(by_rate.items())):
        gross = remaining if index == len(by_rate) - 1 else amount * total // subtotal
        remaining -= gross
        vat = (gross * rate + (100 + rate) // 2) // (100 + rate)
        rows.append(VatRow(rate_pct=rate, gross=gross, vat=vat, net=gross - vat))
    return tuple(rows)


def sample_sale(
    *, lines: int = 8, lang: str = "vi", is_copy: bool = False, sale_discount: int = 20_000
) -> ReceiptDoc:
    """A sale receipt with ``lines`` lines cycling through :data:`PRODUCTS`."""
    items: list[ReceiptLine] = []
    rates: list[int] = []
    for index in range(lines):
        name, price, stars, rate = PRODUCTS[index % len(PRODUCTS)]
        qty = 1 + index % 3
        discount = 10_000 if index % 4 == 1 else 0
        items.append(ReceiptLine(name, str(qty), price, price * qty, stars=stars, discount=discount))
        rates.append(rate)
    line_tuple = tuple(items)
    subtotal = sum(line.net for line in line_tuple)
    total = subtotal - sale_discount
    transfer = total // 2
    cash_given = ((total - transfer) // 100_000 + 1) * 100_000
    return ReceiptDoc(
        kind="sale",
        lang="en" if lang == "en" else "vi",
        shop_name=SHOP_NAME,
        shop_address=SHOP_ADDRESS,
        tax_code=TAX_CODE,
        terminal="Quầy 01",
        receipt_no="HL01-000042",
        printed_at=WHEN,
        cashier="Nguyễn Thị Ánh",
        lines=line_tuple,
        subtotal=subtotal,
        discount_total=sale_discount,
        total=total,
        vat=_vat_rows(line_tuple, tuple(rates), total),
        payments=(
            PaymentRow(
                "Chuyển khoản VietQR" if lang == "vi" else "VietQR transfer", transfer, "FT24015912345678"
            ),
            PaymentRow("Tiền mặt" if lang == "vi" else "Cash", cash_given),
        ),
        change=cash_given - (total - transfer),
        is_copy=is_copy,
        barcode="R/HL01/42",
        trace_qr="https://truyxuat.quangninh.gov.vn/ocop/QN-OCOP-2023-0142",
        qr_caption="Tra cứu nguồn gốc sản phẩm OCOP" if lang == "vi" else "Trace this OCOP product",
        footer=(
            "Cảm ơn quý khách! Hẹn gặp lại.\nĐổi trả trong 7 ngày kèm hóa đơn."
            if lang == "vi"
            else "Thank you! Returns within 7 days with this receipt."
        ),
    )


def sample_return(*, lang: str = "vi") -> ReceiptDoc:
    """A return receipt refunding two items of :func:`sample_sale`, by card."""
    name, price, stars, _ = PRODUCTS[2]
    name2, price2, stars2, _ = PRODUCTS[0]
    lines = (
        ReceiptLine(name, "1", price, price, stars=stars),
        ReceiptLine(name2, "2", price2, 2 * price2, stars=stars2, discount=10_000),
    )
    total = sum(line.net for line in lines)
    return ReceiptDoc(
        kind="return",
        lang="en" if lang == "en" else "vi",
        shop_name=SHOP_NAME,
        shop_address=SHOP_ADDRESS,
        tax_code=TAX_CODE,
        terminal="Quầy 01",
        receipt_no="TH-HL01-000007",
        refers_to="R/HL01/42",
        printed_at=datetime(2024, 1, 16, 9, 5),
        cashier="Trần Văn Bình",
        note="Lý do: hộp quà bị móp khi vận chuyển",
        lines=lines,
        subtotal=total,
        total=total,
        payments=(
            PaymentRow("Hoàn về thẻ" if lang == "vi" else "Refund to card", total, "Mã chuẩn chi 482913"),
        ),
        barcode="R/HL01/42",
    )


def sample_x_report(*, lang: str = "vi", kind: str = "X") -> ReceiptDoc:
    """An X (mid-shift) or Z (end of day) report."""
    vi = lang != "en"
    return ReceiptDoc(
        kind="report",
        lang="vi" if vi else "en",
        shop_name=SHOP_NAME,
        terminal="Quầy 01",
        receipt_no=f"{kind}-0012",
        printed_at=datetime(2024, 1, 15, 18, 0),
        cashier="Nguyễn Thị Ánh",
        title=(f"BÁO CÁO {kind} - GIỮA CA" if kind == "X" else "BÁO CÁO Z - CUỐI NGÀY")
        if vi
        else f"{kind} REPORT",
        sections=(
            ReportSection(
                "Doanh thu" if vi else "Sales",
                (
                    ReportRow("Số hóa đơn" if vi else "Receipts", 42, is_money=False),
                    ReportRow("Doanh thu gộp" if vi else "Gross sales", 12_345_000),
                    ReportRow("Chiết khấu" if vi else "Discounts", -120_000),
                    ReportRow("Trả hàng" if vi else "Returns", -450_000),
                    ReportRow("Doanh thu thuần" if vi else "Net sales", 11_775_000),
                ),
            ),
            ReportSection(
                "Thuế GTGT" if vi else "VAT",
                (ReportRow("8%", 815_185), ReportRow("10%", 29_091)),
            ),
            ReportSection(
                "Thanh toán" if vi else "Tenders",
                (
                    ReportRow("Tiền mặt" if vi else "Cash", 5_000_000),
                    ReportRow("VietQR", 6_000_000),
                    ReportRow("Thẻ" if vi else "Card", 775_000),
                ),
            ),
            ReportSection(
                "Két tiền" if vi else "Cash drawer",
                (
                    ReportRow("Đầu ca" if vi else "Opening float", 1_000_000),
                    ReportRow("Đếm thực tế" if vi else "Counted", 5_990_000),
                    ReportRow("Chênh lệch" if vi else "Difference", -10_000),
                    ReportRow(
                        "Ghi chú: thiếu 10.000₫ do đổi tiền lẻ cho khách."
                        if vi
                        else "Note: 10,000₫ short after giving small change."
                    ),
                ),
            ),
        ),
    )


def sample_label(*, lang: str = "vi") -> ReceiptDoc:
    """A shelf label for a 4-star OCOP product with an EAN-13."""
    return ReceiptDoc(
        kind="label",
        lang="en" if lang == "en" else "vi",
        shop_name=SHOP_NAME,
        label=ShelfLabel(
            name="Trà hoa vàng Ba Chẽ hộp quà tặng",
            price=350_000,
            unit="hộp 100g",
            stars=4,
            origin="Ba Chẽ, Quảng Ninh",
            barcode="8936012345674",
        ),
    )


class ShopHeader(Protocol):
    """What a receipt's header and closing words take from the shop (``pos.shop.profile.ShopProfile`` has it)."""

    @property
    def name(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def tax_code(self) -> str: ...
    def footer(self, lang: str) -> str: ...


def as_shop_prints(doc: ReceiptDoc, profile: ShopHeader) -> ReceiptDoc:
    """``doc`` under the shop's own header and closing words, as its receipts print them
    (``pos.receipts.from_sale``): a preview shows the shop the manager set up, not a sample one."""
    return dataclasses.replace(
        doc,
        shop_name=profile.name or "OCOP",
        shop_address=profile.address,
        tax_code=profile.tax_code,
        footer=profile.footer(doc.lang),
    )
