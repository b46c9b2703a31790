"""Printed labels in the customer's language, picked by the document's ``lang``.

Each label is a pair: the Vietnamese text and the English one. The English text is also the source string of the
project's translation files (marked with :func:`pos.translations.QT_TR_NOOP`), so a Chinese or Korean receipt
reads its labels from ``ocop_pos_zh.ts`` / ``ocop_pos_ko.ts`` — the one translation system the GUI uses too.
"""

from __future__ import annotations

from pos.translations import QT_TR_NOOP, translate

_WORDS: dict[str, tuple[str, str]] = {
    # A sale without an e-invoice (the store not enrolled) is a payment slip, never titled as an invoice.
    "title.sale": ("PHIẾU THANH TOÁN", QT_TR_NOOP("PAYMENT SLIP")),
    "title.einvoice.1": ("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", QT_TR_NOOP("VAT INVOICE")),
    "title.einvoice.2": ("HÓA ĐƠN BÁN HÀNG", QT_TR_NOOP("SALES INVOICE")),
    "einvoice.origin": ("Khởi tạo từ máy tính tiền", QT_TR_NOOP("Generated from a cash register")),
    "einvoice.code": ("Mã CQT", QT_TR_NOOP("Tax auth. code")),
    "einvoice.series": ("Ký hiệu", QT_TR_NOOP("Series")),
    "einvoice.adjusts": ("Điều chỉnh HĐ", QT_TR_NOOP("Adjusts")),
    "einvoice.lookup": ("Tra cứu hoá đơn", QT_TR_NOOP("Look the invoice up")),
    "einvoice.buyer": ("Người mua", QT_TR_NOOP("Buyer")),
    "einvoice.buyer_tax_code": ("MST người mua", QT_TR_NOOP("Buyer's tax code")),
    "qr_caption.einvoice": (
        "Quét mã để tra cứu hoá đơn điện tử",
        QT_TR_NOOP("Scan to look up the e-invoice"),
    ),
    "title.return": ("PHIẾU TRẢ HÀNG", QT_TR_NOOP("RETURN RECEIPT")),
    "title.report": ("BÁO CÁO", QT_TR_NOOP("REPORT")),
    "title.test": ("TRANG IN THỬ", QT_TR_NOOP("PRINTER TEST PAGE")),
    "tax_code": ("MST", QT_TR_NOOP("Tax code")),
    "terminal": ("Quầy", QT_TR_NOOP("Terminal")),
    "no.sale": ("Số HĐ", QT_TR_NOOP("Receipt no.")),
    "no.return": ("Số phiếu", QT_TR_NOOP("Return no.")),
    "no.report": ("Số", QT_TR_NOOP("No.")),
    "no.test": ("Số", QT_TR_NOOP("No.")),
    "no.label": ("Số", QT_TR_NOOP("No.")),
    "date": ("Ngày", QT_TR_NOOP("Date")),
    "cashier": ("Thu ngân", QT_TR_NOOP("Cashier")),
    "refers_to": ("HĐ gốc", QT_TR_NOOP("Original receipt")),
    "col.item": ("Mặt hàng", QT_TR_NOOP("Item")),
    "col.amount": ("Thành tiền", QT_TR_NOOP("Amount")),
    "col.refund": ("Tiền hoàn", QT_TR_NOOP("Refund")),
    "line_discount": ("Giảm giá", QT_TR_NOOP("Discount")),
    "subtotal": ("Tổng tiền hàng", QT_TR_NOOP("Subtotal")),
    "sale_discount": ("Chiết khấu", QT_TR_NOOP("Discount")),
    "total.sale": ("TỔNG CỘNG", QT_TR_NOOP("TOTAL")),
    "total.return": ("TỔNG HOÀN TRẢ", QT_TR_NOOP("REFUND TOTAL")),
    "vat_heading": ("Giá đã gồm thuế GTGT", QT_TR_NOOP("Prices include VAT")),
    "vat_legend": ("tiền hàng / thuế", QT_TR_NOOP("gross / VAT")),
    "vat_rate": ("Thuế GTGT {rate}%", QT_TR_NOOP("VAT {rate}%")),
    "payments.sale": ("Thanh toán", QT_TR_NOOP("Payment")),
    "payments.return": ("Hoàn tiền qua", QT_TR_NOOP("Refunded by")),
    "reference": ("Mã GD", QT_TR_NOOP("Ref")),
    "change": ("Tiền thừa trả khách", QT_TR_NOOP("Change")),
    "qr_caption": ("Quét mã để tra cứu", QT_TR_NOOP("Scan to look up")),
    "origin": ("Xuất xứ", QT_TR_NOOP("Origin")),
    "method.cash": ("Tiền mặt", QT_TR_NOOP("Cash")),
    "method.vietqr": ("Chuyển khoản VietQR", QT_TR_NOOP("VietQR transfer")),
    "method.card": ("Thẻ", QT_TR_NOOP("Card")),
    "method.fx_cash": ("Ngoại tệ", QT_TR_NOOP("Foreign cash")),
    # Change for foreign notes rounded to whole 1 000 ₫ (pos.payments.tenders): by how much.
    "change_rounding": ("Làm tròn tiền thừa", QT_TR_NOOP("Change rounding")),
    "trace_caption": ("Truy xuất nguồn gốc: {name}", QT_TR_NOOP("Trace the origin: {name}")),
}

#: Printed on copies in both languages, whatever the document's language: a copy must be obvious to anyone.
COPY_BANNER = "BẢN SAO / COPY"


def word(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` (one of ``CUSTOMER_LANGUAGES``), ``{placeholders}`` filled from ``values``."""
    vi, en = _WORDS[key]
    text = vi if lang == "vi" else translate(lang, en)
    return text.format(**values) if values else text


def has_word(key: str) -> bool:
    return key in _WORDS
