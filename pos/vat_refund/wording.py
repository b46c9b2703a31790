"""What the refund form prints, in Vietnamese with the English beside it in brackets, as Circular 32/2025/TT-BTC
Art. 7(2) lays the refund invoice out; and the traveller's notice also in Chinese or Korean.

Each entry is a pair, the Vietnamese and the English text, like the receipt's wording (``pos.receipts.wording``).
The few the traveller reads in their own language are marked with :func:`QT_TR_NOOP`, so their Chinese and Korean
live in ``resources/translations/ocop_pos_{zh,ko}.ts`` (this module is one of ``ui.languages.CUSTOMER_SOURCES``)
— the one translation system of the project.
"""

from __future__ import annotations

from pos.translations import QT_TR_NOOP, TRANSLATED_LANGUAGES, translate

_WORDS: dict[str, tuple[str, str]] = {
    "title.invoice": (
        "HÓA ĐƠN GIÁ TRỊ GIA TĂNG KIÊM TỜ KHAI HOÀN THUẾ",
        QT_TR_NOOP("VAT INVOICE CUM TAX REFUND DECLARATION"),
    ),
    "title.no_invoice": ("TỜ KHAI HOÀN THUẾ — KHÔNG PHẢI HÓA ĐƠN GTGT", "REFUND FORM — NOT A VAT INVOICE"),
    "void": ("ĐÃ HUỶ", "VOID"),
    "section.invoice": ("Hoá đơn GTGT", "VAT invoice"),
    "invoice.form": ("Mẫu số", "Form No"),
    "invoice.series": ("Ký hiệu", "Reference No"),
    "invoice.code": ("Mã của cơ quan thuế", "Tax authority's code"),
    "invoice.form_no": ("Số tờ khai", "Refund form no."),
    "invoice.receipt": ("Hoá đơn bán hàng", "Sales receipt"),
    "invoice.missing": (
        "Đây không phải hoá đơn GTGT: cửa hàng phải lập hoá đơn GTGT kiêm tờ khai hoàn thuế cho giao dịch này.",
        "This is not a VAT invoice: the shop must issue the VAT invoice cum tax refund declaration for this sale.",
    ),
    "section.shop": ("Cửa hàng hoàn thuế", "Refund shop"),
    "shop.registration": ("Xác nhận của cơ quan thuế", "Registration"),
    "section.traveller": ("Người mua", "Tourist"),
    "traveller.name": ("Họ tên", "Name"),
    "traveller.nationality": ("Quốc tịch", "Nationality"),
    "traveller.passport": ("Số hộ chiếu", "Passport no."),
    "traveller.issued": ("Ngày cấp", "Date of issue"),
    "traveller.expires": ("Ngày hết hạn", "Date of expiry"),
    "passport.on_invoice": (
        "Số hộ chiếu được ghi trên hoá đơn điện tử {code}.",
        QT_TR_NOOP("The passport number is on e-invoice {code}."),
    ),
    "passport.not_on_invoice": (
        "Hoá đơn điện tử {code} không ghi số hộ chiếu này.",
        QT_TR_NOOP("E-invoice {code} does not carry this passport number."),
    ),
    "section.goods": ("Hàng hoá được hoàn thuế", "Goods for refund"),
    "goods.brand": ("Nhãn hiệu", "Brand"),
    "goods.origin": ("Xuất xứ", "Origin"),
    "goods.made_in": ("Việt Nam", "Made in Vietnam"),
    "goods.qty": ("Số lượng × đơn giá chưa thuế", "Qty × unit price excl. VAT"),
    "goods.net": ("Thành tiền chưa thuế", "Amount excl. VAT"),
    "goods.rate": ("Thuế suất", "VAT rate"),
    "goods.vat": ("Tiền thuế GTGT", "VAT"),
    "goods.gross": ("Thành tiền có thuế", "Amount incl. VAT"),
    "section.totals": ("Tổng cộng", "Totals"),
    "totals.rate": ("Thuế GTGT {rate}%", "VAT {rate}%"),
    "totals.net": ("Tổng tiền chưa thuế", "Total excl. VAT"),
    "totals.vat": ("Tổng tiền thuế GTGT", "Total VAT"),
    "totals.gross": ("Tổng cộng tiền thanh toán", "Total payment"),
    "section.paid": ("Hình thức thanh toán", "Payment methods"),
    "paid.cash": ("Tiền mặt", "Cash"),
    "paid.fx_cash": ("Tiền mặt ngoại tệ", "Foreign cash"),
    "paid.card": ("Thẻ", "Card"),
    "paid.vietqr": ("Chuyển khoản", "Bank transfer"),
    "paid.approval": ("Mã chuẩn chi", "Approval code"),
    "paid.card_number": ("Tên thẻ, số thẻ", "Card name and number"),
    "paid.card_unrecorded": (
        "Tên thẻ, số thẻ: quầy chưa ghi nhận",
        "Card name and number: not recorded at the till",
    ),
    "section.refund": ("Hoàn thuế", "Refund"),
    "refund.vat": ("Thuế GTGT được hoàn", "VAT to refund"),
    "refund.fee": ("Phí ngân hàng ({pct}%)", "Bank fee ({pct}%)"),
    "refund.due": ("Được hoàn", "Refund due"),
    "notice.title": ("Thông tin quan trọng cho người nước ngoài", QT_TR_NOOP("Important notice to tourists")),
    "notice": (
        "Xuất trình hàng, hộ chiếu và hoá đơn này tại quầy hoàn thuế của sân bay quốc tế hoặc cảng biển quốc tế "
        "khi xuất cảnh bằng đường hàng không hoặc đường biển, trong {days} ngày kể từ ngày mua (hàng mua trong "
        "ngày tại cửa hàng tối thiểu {minimum}).",
        QT_TR_NOOP(
            "Show the goods, your passport and this invoice at the VAT refund counter of an international airport "
            "or international seaport when you leave Vietnam by air or by sea, within {days} days of the purchase "
            "(at least {minimum} of goods bought at this shop on one day)."
        ),
    ),
    "sign.seller": ("Người bán ký", "Seller's signature"),
    "sign.buyer": ("Người mua ký", "Tourist's signature"),
}


def vi(key: str, **values: object) -> str:
    text = _WORDS[key][0]
    return text.format(**values) if values else text


def en(key: str, **values: object) -> str:
    text = _WORDS[key][1]
    return text.format(**values) if values else text


def both(key: str, **values: object) -> str:
    """``Tiếng Việt (English)``: the layout Art. 7(2) allows, the English to the right in brackets."""
    return f"{vi(key, **values)} ({en(key, **values)})"


def in_lang(key: str, lang: str, **values: object) -> str | None:
    """The entry in the traveller's own language when it is one the form adds (Chinese, Korean), else None."""
    if lang not in TRANSLATED_LANGUAGES:
        return None
    text = translate(lang, _WORDS[key][1])
    return text.format(**values) if values else text
