"""Rules a sale must satisfy beyond its schema: it belongs to the sending till and its amounts add up.

A failed rule quarantines that one sale with a reason in both languages; the rest of the batch goes on.
The arithmetic checked is the till's own (``pos.vat``, ``pos.payments.tenders``): lines sum to the total, the VAT
rows are the per-rate breakdown of the lines, payments sum to the total.
"""

from __future__ import annotations

from dataclasses import dataclass

from pos.einvoice.code import parse_code
from pos.einvoice.errors import EInvoiceError
from pos.server.provisioning import TerminalIdentity
from pos.sync.wire import EInvoiceDoc, SaleDoc, SaleHeader
from pos.vat import vat_of_gross


@dataclass(frozen=True)
class Problem:
    code: str
    vi: str
    en: str


def check_sale(doc: SaleDoc, entry_id: str, who: TerminalIdentity) -> Problem | None:
    """The first rule ``doc`` breaks, or None."""
    s = doc.sale
    if s.id != entry_id:
        return Problem(
            "id_mismatch", "Mã giao dịch không khớp với mục gửi lên", "The sale id differs from the entry id"
        )
    if s.terminal_code != who.terminal_code:
        return Problem(
            "wrong_terminal",
            f"Giao dịch của máy {s.terminal_code} gửi từ máy {who.terminal_code}",
            f"Sale of terminal {s.terminal_code} sent by terminal {who.terminal_code}",
        )
    sign = 1 if s.kind == "sale" else -1
    if s.kind == "return" and not s.original_sale_id:
        return Problem(
            "return_without_original",
            "Phiếu trả hàng thiếu hoá đơn gốc",
            "A return without its original sale",
        )
    if any(line.qty_milli * sign <= 0 for line in doc.lines):
        return Problem("bad_quantity", "Số lượng sai dấu", "A line quantity has the wrong sign")
    if s.total * sign < 0:
        return Problem("bad_total", "Tổng tiền sai dấu", "The total has the wrong sign")
    if len({line.line_no for line in doc.lines}) != len(doc.lines) or len(
        {line.id for line in doc.lines}
    ) != len(doc.lines):
        return Problem("duplicate_line", "Dòng hàng bị lặp", "Duplicate sale lines")
    line_sum = sum(line.amount for line in doc.lines)
    if line_sum != s.total:
        return Problem(
            "lines_total",
            f"Tổng các dòng {line_sum} ≠ tổng hoá đơn {s.total}",
            f"Lines add up to {line_sum}, not the total {s.total}",
        )
    sale_discounts = sum(line.sale_discount for line in doc.lines)
    line_discounts = sum(line.line_discount for line in doc.lines)
    if s.subtotal - sale_discounts != s.total or line_discounts + sale_discounts != s.discount_total:
        return Problem(
            "discounts",
            "Tạm tính, chiết khấu và tổng không khớp",
            "Subtotal, discounts and total do not agree",
        )
    by_rate: dict[int, int] = {}
    for line in doc.lines:
        by_rate[line.vat_rate] = by_rate.get(line.vat_rate, 0) + line.amount
    vat_rows = {row.rate_pct: row for row in doc.vat}
    if len(vat_rows) != len(doc.vat) or set(vat_rows) != set(by_rate):
        return Problem(
            "vat_rates",
            "Các dòng thuế không khớp thuế suất của hàng",
            "VAT rows do not match the lines' rates",
        )
    for rate, gross in by_rate.items():
        row = vat_rows[rate]
        if row.gross != gross or row.vat != vat_of_gross(gross, rate):
            return Problem("vat_amount", f"Thuế suất {rate}% tính sai", f"VAT at {rate}% is computed wrongly")
    if len({p.seq for p in doc.payments}) != len(doc.payments) or len({p.id for p in doc.payments}) != len(
        doc.payments
    ):
        return Problem("duplicate_payment", "Thanh toán bị lặp", "Duplicate payments")
    paid = sum(p.amount for p in doc.payments)
    if paid != s.total:
        return Problem(
            "payments_total", f"Thanh toán {paid} ≠ tổng {s.total}", f"Payments {paid} ≠ total {s.total}"
        )
    if s.change_due < 0:
        return Problem("bad_change", "Tiền thối âm", "Negative change")
    if doc.einvoice is not None:
        return check_einvoice(doc.einvoice, s, sum(v.vat for v in doc.vat))
    return None


def _bad_invoice(vi: str, en: str) -> Problem:
    return Problem(
        "bad_einvoice",
        f"Hoá đơn điện tử không khớp giao dịch: {vi}",
        f"The e-invoice does not fit the sale: {en}",
    )


def check_einvoice(inv: EInvoiceDoc, sale: SaleHeader, vat: int) -> Problem | None:
    """The invoice is the sale's: a code in the official structure for its form, the kind the sale's kind calls
    for, the sale's amounts (the till checked its XML in full; ``MCCQT`` here is just the same code)."""
    try:
        code = parse_code(inv.code)
    except EInvoiceError:
        return _bad_invoice(f"mã {inv.code!r} sai cấu trúc", f"the code {inv.code!r} is malformed")
    if code.form != inv.form:
        return _bad_invoice("mẫu số khác mã", "the form differs from the code's")
    if (inv.kind == "adjusting") != (sale.kind == "return") or (
        inv.kind == "adjusting" and not inv.related_code
    ):
        return _bad_invoice(
            "loại hoá đơn không hợp với giao dịch", "the kind of invoice does not fit the sale"
        )
    if inv.total != sale.total or inv.vat_total != vat:
        return _bad_invoice("số tiền khác giao dịch", "the amounts differ from the sale's")
    if f"<MCCQT>{inv.code}</MCCQT>" not in inv.xml:
        return _bad_invoice("tài liệu XML mang mã khác", "the XML document carries another code")
    return None
