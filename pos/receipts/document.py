"""What to print, independent of the database and of the printer.

A receipt document is a frozen value built once (by ``from_sale`` for sales and returns, by the report and
label code for the rest) and then turned into bytes by :func:`pos.receipts.layout.render`. Keeping it free of
ORM objects means a reprint months later prints exactly what the customer got, and tests can build one by hand.

One document type serves every paper the till prints: the ``kind`` picks the default title and wording, and the
layout prints only the blocks that have content (a report has sections but no lines, a shelf label has a
:class:`ShelfLabel` and little else).

Money is integer đồng everywhere. The document checks that its numbers add up, because a receipt whose
lines, totals and payments disagree must never reach paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, get_args

DocKind = Literal["sale", "return", "report", "label", "test"]
Lang = Literal["vi", "en", "zh", "ko"]  # pos.translations.CUSTOMER_LANGUAGES
Symbology = Literal["code128", "ean13", "ean8"]

DOC_KINDS: tuple[str, ...] = get_args(DocKind)
LANGS: tuple[str, ...] = get_args(Lang)
SYMBOLOGIES: tuple[str, ...] = get_args(Symbology)
_LANG_OF: dict[str, Lang] = {"vi": "vi", "en": "en", "zh": "zh", "ko": "ko"}


def as_lang(value: str | None, default: Lang = "vi") -> Lang:
    """``value`` as a document language; ``default`` for anything a receipt does not speak."""
    return _LANG_OF.get(value or "", default)


def _require_money(name: str, value: object) -> None:
    # bool is an int subclass; a True where an amount belongs is always a bug.
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int number of đồng, got {value!r}")


def _require_stars(stars: int | None) -> None:
    if stars is not None and (isinstance(stars, bool) or not isinstance(stars, int) or not 1 <= stars <= 5):
        raise ValueError(f"OCOP stars must be 1..5 or None, got {stars!r}")


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One sold (or returned) item.

    ``amount`` is what ``qty_text`` × ``unit_price`` comes to *before* the line's own discount; ``discount`` is
    that line discount in đồng (0 = none) and is printed on its own row; :attr:`net` is what the line adds to
    the subtotal. ``qty_text`` is preformatted ("2", "1,5 kg") because only the selling code knows the unit.
    """

    name: str
    qty_text: str
    unit_price: int
    amount: int
    stars: int | None = None
    discount: int = 0

    def __post_init__(self) -> None:
        _require_money("unit_price", self.unit_price)
        _require_money("amount", self.amount)
        _require_money("discount", self.discount)
        _require_stars(self.stars)
        if self.discount < 0:
            raise ValueError(f"line discount must not be negative, got {self.discount}")
        if self.discount > abs(self.amount):
            raise ValueError(f"line discount {self.discount} exceeds the line amount {self.amount}")

    @property
    def net(self) -> int:
        """The line's amount after its own discount."""
        return self.amount - self.discount


@dataclass(frozen=True, slots=True)
class VatRow:
    """VAT included in the total at one rate: ``gross`` = ``net`` + ``vat`` (prices are VAT-inclusive)."""

    rate_pct: int
    gross: int
    vat: int
    net: int

    def __post_init__(self) -> None:
        for name in ("rate_pct", "gross", "vat", "net"):
            _require_money(name, getattr(self, name))
        if self.gross != self.net + self.vat:
            raise ValueError(
                f"VAT row {self.rate_pct}%: gross {self.gross} != net {self.net} + vat {self.vat}"
            )


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """One tender (or, on a return receipt, one refund).

    ``reference`` is what lets the shop find the money later: the VietQR transfer reference or the card
    terminal's approval code.
    """

    label: str
    amount: int
    reference: str | None = None

    def __post_init__(self) -> None:
        _require_money("amount", self.amount)


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of a report section.

    ``value`` as int is money (printed with the currency sign) unless ``is_money`` is False (a count such as the
    number of receipts); as str it is printed as given; None makes the row a wrapped paragraph of ``label``.
    """

    label: str
    value: int | str | None = None
    is_money: bool = True


@dataclass(frozen=True, slots=True)
class ReportSection:
    """A titled block of key/value rows (X/Z reports, the printer test page)."""

    title: str | None
    rows: tuple[ReportRow, ...] = ()


@dataclass(frozen=True, slots=True)
class ShelfLabel:
    """A shelf/product label: what a shopper needs to see on the shelf edge."""

    name: str
    price: int
    unit: str = ""
    stars: int | None = None
    origin: str = ""
    barcode: str | None = None
    symbology: Symbology = "ean13"
    #: The product's public page (its GS1 Digital Link URI), printed as a QR code beside the barcode.
    qr: str | None = None

    def __post_init__(self) -> None:
        _require_money("price", self.price)
        _require_stars(self.stars)
        if self.symbology not in SYMBOLOGIES:
            raise ValueError(f"unknown barcode symbology {self.symbology!r}")


@dataclass(frozen=True, slots=True)
class EInvoiceStub:
    """What the paper shows of a sale's e-invoice."""

    code: str
    form: str
    series: str
    lookup_url: str = ""
    adjusts: str = ""
    buyer: str = ""
    buyer_tax_code: str = ""


@dataclass(frozen=True, slots=True)
class ReceiptDoc:
    """Everything one printed paper shows.

    Totals: ``subtotal`` is the sum of the lines' :attr:`ReceiptLine.net`; ``discount_total`` is the discount on
    the whole sale (on top of the line discounts, which are printed on their lines); ``total`` = ``subtotal`` -
    ``discount_total`` is what the customer pays (or, for ``kind="return"``, gets back). ``payments`` minus
    ``change`` must equal ``total`` when payments are given. ``vat`` rows, when given, must add up to ``total``.

    ``barcode`` is printed as Code128 (the receipt number, so a return can be scanned); ``trace_qr`` is printed
    as a QR code with ``qr_caption`` under it (traceability page or e-invoice lookup). ``title`` overrides the
    kind's default heading; ``refers_to`` is the original receipt number on a return; ``note`` is free text
    under the header (return reason, customer name).
    """

    kind: DocKind
    shop_name: str
    lang: Lang = "vi"
    shop_address: str = ""
    tax_code: str = ""
    terminal: str = ""
    receipt_no: str = ""
    printed_at: datetime | None = None
    cashier: str = ""
    title: str | None = None
    refers_to: str | None = None
    note: str = ""
    lines: tuple[ReceiptLine, ...] = ()
    subtotal: int = 0
    discount_total: int = 0
    total: int = 0
    vat: tuple[VatRow, ...] = ()
    payments: tuple[PaymentRow, ...] = ()
    change: int = 0
    sections: tuple[ReportSection, ...] = ()
    label: ShelfLabel | None = None
    is_copy: bool = False
    barcode: str | None = None
    trace_qr: str | None = None
    qr_caption: str | None = None
    footer: str = ""
    #: The sale's e-invoice (``pos.einvoice``): its tax-authority code, series, the invoice it adjusts, where a
    #: buyer looks it up, and the buyer named on it; None when the sale has none (the store is not enrolled).
    einvoice: EInvoiceStub | None = None

    def __post_init__(self) -> None:
        if self.kind not in DOC_KINDS:
            raise ValueError(f"unknown document kind {self.kind!r}")
        if self.lang not in LANGS:
            raise ValueError(f"unknown language {self.lang!r}")
        for name in ("subtotal", "discount_total", "total", "change"):
            _require_money(name, getattr(self, name))
        for name in ("lines", "vat", "payments", "sections"):
            if not isinstance(getattr(self, name), tuple):
                raise TypeError(f"{name} must be a tuple (documents are immutable)")
        if self.barcode is not None:
            bad = [ch for ch in self.barcode if not 32 <= ord(ch) < 127]
            if not self.barcode or bad:
                raise ValueError(f"receipt barcode must be non-empty printable ASCII, got {self.barcode!r}")
        if self.kind == "label" and self.label is None:
            raise ValueError("a label document needs its ShelfLabel")
        if self.kind in ("sale", "return"):
            self._check_sums()

    def _check_sums(self) -> None:
        if not self.lines:
            raise ValueError(f"a {self.kind} receipt needs at least one line")
        lines_sum = sum(line.net for line in self.lines)
        if lines_sum != self.subtotal:
            raise ValueError(f"subtotal {self.subtotal} != sum of line nets {lines_sum}")
        if self.subtotal - self.discount_total != self.total:
            raise ValueError(
                f"total {self.total} != subtotal {self.subtotal} - sale discount {self.discount_total}"
            )
        if self.change < 0:
            raise ValueError(f"change must not be negative, got {self.change}")
        if self.payments:
            paid = sum(p.amount for p in self.payments)
            if paid - self.change != self.total:
                raise ValueError(f"payments {paid} - change {self.change} != total {self.total}")
        if self.vat:
            gross = sum(row.gross for row in self.vat)
            if gross != self.total:
                raise ValueError(f"VAT rows gross {gross} != total {self.total}")
