"""Receipt document → printed rows, for one paper width and one character repertoire.

This is the layout proper. It works in printer columns (32 on 58 mm, 48 on 80 mm) and is the same for every
mode; the only thing a mode changes is which characters it can print (``can_print``), which decides the
currency sign (₫ or đ), whether OCOP stars print as ★★★★ or ``OCOP 4*``, and what unprintable characters are
replaced with. Text is cleaned *before* it is wrapped so the column count is always the printed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pos.errors import BarcodeError
from pos.receipts.codes import code128_ink, ean_ink, normalise_ean, qr_ink
from pos.receipts.document import ReceiptDoc, ReceiptLine, ReportRow, ShelfLabel
from pos.receipts.formatting import center, format_count, format_datetime, format_money, key_value, wrap
from pos.receipts.rows import GapRow, ImageRow, Row, RuleRow, TextRow
from pos.receipts.vietnamese import clean_text
from pos.receipts.wording import COPY_BANNER, word

BARCODE_HEIGHT = 64
LABEL_BARCODE_HEIGHT = 72
_GAP_DOTS = 12
#: A few letters of each language that needs more than Latin script: a target that prints them prints its labels.
_SCRIPT_SAMPLE = {"zh": "收据合计", "ko": "영수증합계"}


@dataclass(frozen=True, slots=True)
class Target:
    """Paper and character repertoire a layout is made for."""

    columns: int
    dots: int
    can_print: Callable[[str], bool]


def compose(doc: ReceiptDoc, target: Target) -> list[Row]:
    """The rows that print ``doc`` on ``target``, top to bottom (the cut is added by the renderer)."""
    return _Composer(doc, target).build()


class _Composer:
    def __init__(self, doc: ReceiptDoc, target: Target) -> None:
        self.doc = doc
        self.target = target
        self.cols = target.columns
        self.rows: list[Row] = []
        can = target.can_print
        self.currency = "₫" if can("₫") else "đ" if can("đ") else "d"
        self.star_glyph = can("★")
        # The labels in the document's language, or in English where the target cannot print its script (a till
        # without the CJK font): readable words rather than a row of placeholders.
        script = _SCRIPT_SAMPLE.get(doc.lang)
        self.lang = doc.lang if script is None or all(can(ch) for ch in script) else "en"

    # ----------------------------------------------------------------- primitives
    def w(self, key: str, **values: object) -> str:
        return self.clean(word(key, self.lang, **values))

    def clean(self, text: str) -> str:
        return clean_text(text, self.target.can_print)

    def money(self, amount: int, *, currency: bool = True) -> str:
        return format_money(amount, self.currency if currency else "")

    def stars(self, count: int) -> str:
        return "★" * count if self.star_glyph else f"OCOP {count}*"

    def add(self, text: str, *, bold: bool = False, tall: bool = False, wide: bool = False) -> None:
        self.rows.append(TextRow(text.rstrip(), bold=bold, tall=tall, wide=wide))

    def blank(self) -> None:
        self.rows.append(TextRow(""))

    def rule(self, *, double: bool = False) -> None:
        self.rows.append(RuleRow(double=double))

    def gap(self) -> None:
        self.rows.append(GapRow(_GAP_DOTS))

    def paragraph(
        self, text: str, *, centred: bool = False, bold: bool = False, tall: bool = False, indent: int = 0
    ) -> None:
        """Clean, wrap and add ``text``; explicit line breaks in it are kept."""
        for part in text.splitlines():
            for row in wrap(self.clean(part), self.cols - indent):
                self.add(center(row, self.cols) if centred else " " * indent + row, bold=bold, tall=tall)

    def kv(self, label: str, value: str, *, bold: bool = False, tall: bool = False, indent: int = 0) -> None:
        for row in key_value(self.clean(label), self.clean(value), self.cols, indent=indent):
            self.add(row, bold=bold, tall=tall)

    def big_centred(self, text: str, *, max_rows: int) -> None:
        """Double width and height when the words fit half the columns in ``max_rows`` rows, else double height."""
        cleaned = self.clean(text)
        half = self.cols // 2
        rows = wrap(cleaned, half)
        if rows and len(rows) <= max_rows and all(len(part) <= half for part in cleaned.split()):
            for row in rows:
                self.add(center(row, half), bold=True, tall=True, wide=True)
        else:
            for row in wrap(cleaned, self.cols):
                self.add(center(row, self.cols), bold=True, tall=True)

    def big_key_value(self, label: str, value: str) -> None:
        """A total: double size on one row when it fits, else label and amount on double-size rows of their
        own, else double height only."""
        label, value = self.clean(label), self.clean(value)
        half = self.cols // 2
        if len(label) + 1 + len(value) <= half:
            self.add(label + value.rjust(half - len(label)), bold=True, tall=True, wide=True)
        elif len(label) <= half and len(value) <= half:
            self.add(label, bold=True, tall=True, wide=True)
            self.add(value.rjust(half), bold=True, tall=True, wide=True)
        else:
            for row in key_value(label, value, self.cols):
                self.add(row, bold=True, tall=True)

    # ----------------------------------------------------------------- blocks
    def build(self) -> list[Row]:
        doc = self.doc
        if doc.kind == "label" and doc.label is not None:
            self.shelf_label(doc.label)
            return self.rows
        self.header()
        if doc.lines:
            self.items()
            self.totals()
        if doc.payments or doc.change:
            self.payments()
        for section in doc.sections:
            self.section(section.title, section.rows)
        self.codes()
        if doc.footer.strip():
            self.gap()
            self.paragraph(doc.footer, centred=True)
        if doc.is_copy:
            self.gap()
            self.copy_banner()
        return self.rows

    def copy_banner(self) -> None:
        banner = f"*** {COPY_BANNER} ***"
        self.big_centred(banner if len(banner) <= self.cols // 2 else COPY_BANNER, max_rows=1)

    def header(self) -> None:
        doc = self.doc
        if doc.shop_name.strip():
            self.big_centred(doc.shop_name, max_rows=2)
        if doc.shop_address.strip():
            self.paragraph(doc.shop_address, centred=True)
        if doc.tax_code.strip():
            self.paragraph(f"{word('tax_code', self.lang)}: {doc.tax_code}", centred=True)
        inv = doc.einvoice
        title = doc.title if doc.title is not None else word(f"title.{doc.kind}", self.lang)
        if inv is not None and doc.title is None and doc.kind == "sale":
            title = word(f"title.einvoice.{inv.form}", self.lang)
        if title.strip():
            self.gap()
            self.big_centred(title, max_rows=2)
        if inv is not None:
            self.paragraph(f"({word('einvoice.origin', self.lang)})", centred=True)
        if doc.is_copy:
            self.copy_banner()
        self.gap()
        if doc.terminal:
            self.kv(self.w("terminal") + ":", doc.terminal)
        if doc.receipt_no:
            self.kv(self.w(f"no.{doc.kind}") + ":", doc.receipt_no)
        if doc.refers_to:
            self.kv(self.w("refers_to") + ":", doc.refers_to)
        if doc.printed_at is not None:
            self.kv(self.w("date") + ":", format_datetime(doc.printed_at))
        if doc.cashier:
            self.kv(self.w("cashier") + ":", doc.cashier)
        if inv is not None:
            self.kv(self.w("einvoice.series") + ":", inv.series)
            self.kv(self.w("einvoice.code") + ":", inv.code)
            if inv.adjusts:
                self.kv(self.w("einvoice.adjusts") + ":", inv.adjusts)
            if inv.buyer:
                self.paragraph(f"{self.w('einvoice.buyer')}: {inv.buyer}")
            if inv.buyer_tax_code:
                self.kv(self.w("einvoice.buyer_tax_code") + ":", inv.buyer_tax_code)
        if doc.note.strip():
            self.paragraph(doc.note)

    def items(self) -> None:
        self.rule()
        amount_key = "col.refund" if self.doc.kind == "return" else "col.amount"
        self.kv(self.w("col.item"), self.w(amount_key), bold=True)
        self.rule()
        for line in self.doc.lines:
            self.item(line)

    def item(self, line: ReceiptLine) -> None:
        name_rows = wrap(self.clean(line.name), self.cols)
        if line.stars is not None:
            stars = self.stars(line.stars)
            if name_rows and len(name_rows[-1]) + 1 + len(stars) <= self.cols:
                name_rows[-1] = f"{name_rows[-1]} {stars}"
            else:
                name_rows.append(stars)
        for row in name_rows:
            self.add(row)
        qty = f"{line.qty_text} x {self.money(line.unit_price, currency=False)}"
        self.kv(qty, self.money(line.amount, currency=False), indent=2)
        if line.discount:
            self.kv(self.w("line_discount"), self.money(-line.discount, currency=False), indent=2)

    def totals(self) -> None:
        doc = self.doc
        self.rule()
        if doc.discount_total:
            self.kv(self.w("subtotal"), self.money(doc.subtotal))
            self.kv(self.w("sale_discount"), self.money(-doc.discount_total))
        total_key = "total.return" if doc.kind == "return" else "total.sale"
        self.big_key_value(word(total_key, self.lang), self.money(doc.total))
        if doc.vat:
            self.kv(word("vat_heading", self.lang), word("vat_legend", self.lang))
            for row in doc.vat:
                gross_vat = f"{self.money(row.gross, currency=False)} / {self.money(row.vat, currency=False)}"
                self.kv(word("vat_rate", self.lang, rate=row.rate_pct), gross_vat)

    def payments(self) -> None:
        doc = self.doc
        self.rule()
        self.paragraph(word("payments.return" if doc.kind == "return" else "payments.sale", self.lang) + ":")
        for payment in doc.payments:
            self.kv(payment.label, self.money(payment.amount), indent=2)
            if payment.reference:
                self.paragraph(f"{word('reference', self.lang)}: {payment.reference}", indent=4)
        if doc.change:
            self.kv(self.w("change"), self.money(doc.change), bold=True)

    def section(self, title: str | None, rows: tuple[ReportRow, ...]) -> None:
        self.rule(double=True)
        if title:
            self.paragraph(title, bold=True)
            self.rule()
        for row in rows:
            if row.value is None:
                self.paragraph(row.label)
            elif isinstance(row.value, int) and not isinstance(row.value, bool):
                value = self.money(row.value) if row.is_money else format_count(row.value)
                self.kv(row.label, value)
            else:
                self.kv(row.label, str(row.value))

    def codes(self) -> None:
        doc = self.doc
        if doc.barcode:
            try:
                ink = code128_ink(doc.barcode, self.target.dots, BARCODE_HEIGHT)
            except BarcodeError:
                ink = None  # too long for this paper: the number is still printed as text below
            self.gap()
            if ink is not None:
                self.rows.append(ImageRow(ink))
            self.paragraph(doc.barcode, centred=True)
        inv = doc.einvoice
        if inv is not None and inv.lookup_url:
            self.gap()
            self.paragraph(f"{self.w('einvoice.lookup')}: {inv.lookup_url}", centred=True)
            self.paragraph(f"{self.w('einvoice.code')}: {inv.code}", centred=True)
        if doc.trace_qr:
            self.gap()
            self.rows.append(ImageRow(qr_ink(doc.trace_qr, self.target.dots)))
            caption = doc.qr_caption if doc.qr_caption is not None else word("qr_caption", self.lang)
            self.paragraph(caption, centred=True)

    def shelf_label(self, label: ShelfLabel) -> None:
        self.big_centred(label.name, max_rows=3)
        if label.stars is not None:
            self.big_centred(self.stars(label.stars), max_rows=1)
        self.gap()
        self.big_centred(self.money(label.price), max_rows=1)
        if label.unit.strip():
            self.paragraph(f"/ {label.unit}", centred=True)
        if label.origin.strip():
            self.paragraph(f"{word('origin', self.lang)}: {label.origin}", centred=True)
        if label.barcode:
            self.gap()
            if label.symbology == "code128":
                ink = code128_ink(label.barcode, self.target.dots, LABEL_BARCODE_HEIGHT)
                digits = label.barcode
            else:
                length = 13 if label.symbology == "ean13" else 8
                ink = ean_ink(label.barcode, length, self.target.dots, LABEL_BARCODE_HEIGHT)
                digits = normalise_ean(label.barcode, length)
            self.rows.append(ImageRow(ink))
            self.paragraph(digits, centred=True)
        if label.qr:
            self.gap()
            self.rows.append(ImageRow(qr_ink(label.qr, self.target.dots)))
            self.paragraph(word("qr_caption", self.lang), centred=True)
        if self.doc.shop_name.strip():
            self.paragraph(self.doc.shop_name, centred=True)
