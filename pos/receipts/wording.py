"""Printed labels in Vietnamese and English, picked by the document's ``lang``."""

from __future__ import annotations

_WORDS: dict[str, tuple[str, str]] = {
    # A sale without an e-invoice (the store not enrolled) is a payment slip, never titled as an invoice.
    "title.sale": ("PHIẾU THANH TOÁN", "PAYMENT SLIP"),
    "title.einvoice.1": ("HÓA ĐƠN GIÁ TRỊ GIA TĂNG", "VAT INVOICE"),
    "title.einvoice.2": ("HÓA ĐƠN BÁN HÀNG", "SALES INVOICE"),
    "einvoice.origin": ("Khởi tạo từ máy tính tiền", "Generated from a cash register"),
    "einvoice.code": ("Mã CQT", "Tax auth. code"),
    "einvoice.series": ("Ký hiệu", "Series"),
    "einvoice.adjusts": ("Điều chỉnh HĐ", "Adjusts"),
    "einvoice.lookup": ("Tra cứu hoá đơn", "Look the invoice up"),
    "einvoice.buyer": ("Người mua", "Buyer"),
    "einvoice.buyer_tax_code": ("MST người mua", "Buyer's tax code"),
    "qr_caption.einvoice": ("Quét mã để tra cứu hoá đơn điện tử", "Scan to look up the e-invoice"),
    "title.return": ("PHIẾU TRẢ HÀNG", "RETURN RECEIPT"),
    "title.report": ("BÁO CÁO", "REPORT"),
    "title.test": ("TRANG IN THỬ", "PRINTER TEST PAGE"),
    "tax_code": ("MST", "Tax code"),
    "terminal": ("Quầy", "Terminal"),
    "no.sale": ("Số HĐ", "Receipt no."),
    "no.return": ("Số phiếu", "Return no."),
    "no.report": ("Số", "No."),
    "no.test": ("Số", "No."),
    "no.label": ("Số", "No."),
    "date": ("Ngày", "Date"),
    "cashier": ("Thu ngân", "Cashier"),
    "refers_to": ("HĐ gốc", "Original receipt"),
    "col.item": ("Mặt hàng", "Item"),
    "col.amount": ("Thành tiền", "Amount"),
    "col.refund": ("Tiền hoàn", "Refund"),
    "line_discount": ("Giảm giá", "Discount"),
    "subtotal": ("Tổng tiền hàng", "Subtotal"),
    "sale_discount": ("Chiết khấu", "Discount"),
    "total.sale": ("TỔNG CỘNG", "TOTAL"),
    "total.return": ("TỔNG HOÀN TRẢ", "REFUND TOTAL"),
    "vat_heading": ("Giá đã gồm thuế GTGT", "Prices include VAT"),
    "vat_legend": ("tiền hàng / thuế", "gross / VAT"),
    "vat_rate": ("Thuế GTGT {rate}%", "VAT {rate}%"),
    "payments.sale": ("Thanh toán", "Payment"),
    "payments.return": ("Hoàn tiền qua", "Refunded by"),
    "reference": ("Mã GD", "Ref"),
    "change": ("Tiền thừa trả khách", "Change"),
    "qr_caption": ("Quét mã để tra cứu", "Scan to look up"),
    "origin": ("Xuất xứ", "Origin"),
}

#: Printed on copies in both languages, whatever the document's language: a copy must be obvious to anyone.
COPY_BANNER = "BẢN SAO / COPY"


def word(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` ("vi" or "en"), with ``{placeholders}`` filled from ``values``."""
    vi, en = _WORDS[key]
    text = vi if lang == "vi" else en
    return text.format(**values) if values else text
