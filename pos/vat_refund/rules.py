"""Which purchases of a foreign traveller qualify for a VAT refund when they leave, and how much comes back.

Pure functions over plain values: the sources and our reading of them are in docs/vat-refund.md. In short:

* the traveller holds a passport (or entry document) issued abroad: a foreigner, or a Vietnamese living abroad on a
  foreign passport; a Vietnamese passport does not qualify, nor one expired on the day of purchase;
* only goods that bore VAT qualify (not goods outside VAT or at 0 %), and not goods the shop lists as excluded:
  goods banned from export or from aircraft, goods to be consumed in Vietnam;
* the goods bought at one shop on one day, on refund forms for one traveller, come to at least
  :data:`MIN_GOODS_VALUE` (2 000 000 ₫, VAT included);
* the form is issued on the day of the purchase, at the shop;
* the refund document is a **VAT invoice** (Circular 32/2025/TT-BTC Art. 7: *hóa đơn giá trị gia tăng kiêm tờ khai
  hoàn thuế*): the sale must carry a VAT e-invoice (form 1), so a shop not enrolled for e-invoices, or one issuing
  sales invoices (form 2, the direct method), cannot issue it — :func:`invoice_problems`;
* the refund is the VAT in the qualifying goods, less the refunding bank's fee (:data:`BANK_FEE_PCT` of it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from pos.money import div_round_half_up, format_vnd, split_proportionally
from pos.vat import breakdown

#: Goods bought at one shop on one day for one traveller must reach this, VAT included (đồng).
MIN_GOODS_VALUE = 2_000_000
#: The goods leave the country within this many days of the purchase (printed on the form; checked at the gate).
DEPARTURE_DAYS = 60
#: The refunding bank keeps this share of the refundable VAT as its service fee (per cent).
BANK_FEE_PCT = 15
#: Passports the refund is not for: the traveller must hold a document issued abroad.
VIETNAM = "VNM"

#: A passport (or entry-exit document) number: 1–20 letters A–Z and digits, as the e-invoice's ``NMua/SHChieu``
#: takes it (at most 20 characters; tax authority e-invoice data format v2.1.0, docs/einvoice.md).
_PASSPORT_NO = re.compile(r"[A-Z0-9]{1,20}")
#: The longest name the e-invoice takes for the buyer's full name (``NMua/HVTNMHang``).
NAME_MAX = 100
_COUNTRY = re.compile(r"[A-Z]{3}")

Reason = tuple[str, str]  # (vi, en)


@dataclass(frozen=True, slots=True)
class Passport:
    """The traveller's document as the cashier reads it from the passport's data page."""

    number: str
    nationality: str  # ICAO/ISO 3166-1 alpha-3, as printed on the passport (CHN, KOR, USA…)
    full_name: str
    issued_on: dt.date
    expires_on: dt.date

    def normalised(self) -> Passport:
        return Passport(
            self.number.strip().upper().replace(" ", ""),
            self.nationality.strip().upper(),
            " ".join(self.full_name.split()).upper(),
            self.issued_on,
            self.expires_on,
        )


@dataclass(frozen=True, slots=True)
class RefundLine:
    """One sold line as the rules see it: its amount after discounts (VAT included), its VAT rate and category."""

    name: str
    qty_text: str
    amount: int
    rate_pct: int
    category: str | None
    #: What Circular 32 Art. 7(1)(a.4) asks besides the name: the unit, the price per unit (VAT included, as
    #: sold), the brand (an OCOP product's producer) and where it was made (the producer's locality).
    unit: str = ""
    qty_milli: int = 0
    brand: str = ""
    origin: str = ""


#: The invoice form digit of a VAT invoice (Circular 32/2025 Art. 5(1)(a)): the only kind a refund invoice can be.
VAT_INVOICE_FORM = "1"


@dataclass(frozen=True, slots=True)
class SaleInvoice:
    """The sale's e-invoice as the refund form names it: form digit, series and the tax authority's code; and the
    passport number its document (as corrected, if it was) names as the buyer's (``NMua/SHChieu``; "" if none)."""

    form: str
    series: str
    code: str
    passport_no: str = ""


def invoice_problems(einvoice_enrolled: bool, store_form: str, invoice: SaleInvoice | None) -> list[Reason]:
    """Why the sale cannot carry a refund invoice (empty: it can).

    Circular 32/2025/TT-BTC Art. 7 makes the refund document a VAT invoice with its form and series symbols
    (*hóa đơn giá trị gia tăng kiêm tờ khai hoàn thuế*). A shop not enrolled for e-invoices has no invoice to give;
    one issuing sales invoices (form 2: the direct method) has no VAT invoice; a sale made before the shop enrolled
    has none either. A paper form without it would send the traveller to the airport with nothing to claim on.
    """
    cite = "Thông tư 32/2025/TT-BTC, Điều 7", "Circular 32/2025/TT-BTC, Art. 7"
    if not einvoice_enrolled:
        return [
            (
                "Cửa hàng chưa đăng ký hoá đơn điện tử nên không lập được hoá đơn GTGT kiêm tờ khai hoàn thuế "
                f"({cite[0]}): hãy đăng ký hoá đơn điện tử (mẫu số 1, hoá đơn GTGT) trước",
                "This shop is not enrolled for e-invoices, so it cannot issue the VAT invoice that is the refund "
                f"declaration ({cite[1]}): enrol for e-invoices (form 1, VAT invoice) first",
            )
        ]
    form = invoice.form if invoice is not None else store_form
    if form != VAT_INVOICE_FORM:
        return [
            (
                f"Cửa hàng lập hoá đơn mẫu số {form}, không phải hoá đơn GTGT: chỉ người bán nộp thuế theo phương "
                f"pháp khấu trừ lập được hoá đơn GTGT kiêm tờ khai hoàn thuế ({cite[0]})",
                f"This shop issues invoices of form {form}, not VAT invoices: only a seller on the credit method "
                f"can issue the VAT invoice that is the refund declaration ({cite[1]})",
            )
        ]
    if invoice is None:
        return [
            (
                "Giao dịch này không có hoá đơn điện tử GTGT (bán trước khi cửa hàng đăng ký hoá đơn điện tử), "
                f"nên không lập được hoá đơn GTGT kiêm tờ khai hoàn thuế ({cite[0]})",
                "This sale has no VAT e-invoice (it was made before the shop enrolled for e-invoices), so it "
                f"cannot have the VAT invoice that is the refund declaration ({cite[1]})",
            )
        ]
    return []


def line_vats(lines: Sequence[RefundLine]) -> tuple[int, ...]:
    """Each line's VAT: the VAT of each rate (as :func:`decide` and the sale's VAT rows round it) spread over
    that rate's lines by largest remainder, so the lines add up to the rate to the đồng — the way the sale's
    e-invoice splits it (``pos.einvoice.content.invoice_lines``)."""
    by_rate = {row.rate_pct: row.vat for row in breakdown((line.rate_pct, line.amount) for line in lines)}
    shares = {
        rate: iter(split_proportionally(vat, [line.amount for line in lines if line.rate_pct == rate]))
        for rate, vat in by_rate.items()
    }
    return tuple(next(shares[line.rate_pct]) for line in lines)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the rules decided: the qualifying lines and the money, or every reason why not."""

    lines: tuple[RefundLine, ...]
    goods_value: int
    vat_amount: int
    bank_fee: int
    refund_amount: int
    reasons: tuple[Reason, ...]
    #: Lines left off the form, each with why (the rest of the sale may still qualify).
    left_out: tuple[tuple[RefundLine, Reason], ...] = ()

    @property
    def qualifies(self) -> bool:
        return not self.reasons


def passport_problems(passport: Passport, on: dt.date) -> list[Reason]:
    """Why ``passport`` cannot be used for a refund on ``on`` (empty: it can)."""
    p = passport.normalised()
    out: list[Reason] = []
    if not _PASSPORT_NO.fullmatch(p.number):
        out.append(
            (
                "Số hộ chiếu không hợp lệ: 1–20 chữ cái A–Z và chữ số, như trên hộ chiếu",
                "The passport number is not valid: 1–20 letters A–Z and digits, as on the passport",
            )
        )
    if not _COUNTRY.fullmatch(p.nationality):
        out.append(
            (
                "Quốc tịch phải là mã 3 chữ như trên hộ chiếu (CHN, KOR…)",
                "Nationality must be the passport's 3-letter code (CHN, KOR…)",
            )
        )
    elif p.nationality == VIETNAM:
        out.append(
            (
                "Hộ chiếu Việt Nam không được hoàn thuế: chỉ hộ chiếu hoặc giấy tờ nhập cảnh do nước ngoài cấp",
                "A Vietnamese passport does not qualify: only a passport or entry document issued abroad",
            )
        )
    if not p.full_name:
        out.append(("Cần họ tên như trên hộ chiếu", "The name as on the passport is required"))
    elif len(p.full_name) > NAME_MAX:
        out.append(
            (
                f"Họ tên dài quá {NAME_MAX} ký tự (giới hạn của hoá đơn điện tử)",
                f"The name is longer than {NAME_MAX} characters (the e-invoice's limit)",
            )
        )
    if p.issued_on > on:
        out.append(("Ngày cấp hộ chiếu sau ngày mua hàng", "The passport's issue date is after the purchase"))
    if p.expires_on < on:
        out.append(("Hộ chiếu đã hết hạn", "The passport has expired"))
    if p.expires_on <= p.issued_on:
        out.append(("Ngày hết hạn phải sau ngày cấp", "The expiry date must be after the issue date"))
    return out


def decide(
    lines: Sequence[RefundLine],
    passport: Passport,
    *,
    on: dt.date,
    enrolled: bool,
    einvoice_enrolled: bool,
    einvoice_form: str = VAT_INVOICE_FORM,
    invoice: SaleInvoice | None,
    excluded_categories: frozenset[str] = frozenset(),
    earlier_today: int = 0,
    is_sale: bool = True,
    sold_on: dt.date | None = None,
) -> Decision:
    """Whether a sale made ``sold_on`` qualifies for a refund form issued ``on``, with what lines and money.

    ``earlier_today``: the goods value on refund forms this shop already issued to the same passport that day (the
    minimum is per shop, per day, per traveller). ``einvoice_enrolled``, ``einvoice_form``: the store's e-invoice
    enrolment and invoice form; ``invoice``: the sale's e-invoice (:func:`invoice_problems`). Every failed rule is a reason, so the cashier can tell the
    traveller all of it at once.
    """
    reasons: list[Reason] = []
    if not enrolled:
        reasons.append(
            (
                "Cửa hàng chưa đăng ký bán hàng hoàn thuế GTGT",
                "This shop is not registered to sell goods for VAT refund",
            )
        )
    reasons += invoice_problems(einvoice_enrolled, einvoice_form, invoice)
    if not is_sale:
        reasons.append(("Chỉ hoàn thuế cho hoá đơn bán hàng", "Only a sale can have a refund form"))
    if sold_on is not None and sold_on != on:
        reasons.append(
            (
                "Tờ khai hoàn thuế phải lập ngay ngày mua hàng",
                "The refund form must be issued on the day of the purchase",
            )
        )
    reasons += passport_problems(passport, on)
    kept: list[RefundLine] = []
    left_out: list[tuple[RefundLine, Reason]] = []
    for line in lines:
        if line.amount <= 0:
            continue
        if line.rate_pct <= 0:
            left_out.append((line, ("không chịu thuế GTGT", "no VAT was charged on it")))
        elif line.category is not None and line.category in excluded_categories:
            left_out.append(
                (
                    line,
                    ("thuộc nhóm hàng cửa hàng không bán hoàn thuế", "the shop does not sell it for refund"),
                )
            )
        else:
            kept.append(line)
    goods = sum(line.amount for line in kept)
    if not kept:
        reasons.append(("Không có hàng hoá nào được hoàn thuế", "None of the goods qualifies for a refund"))
    elif goods + earlier_today < MIN_GOODS_VALUE:
        short = MIN_GOODS_VALUE - goods - earlier_today
        reasons.append(
            (
                f"Hàng được hoàn thuế mua trong ngày tại cửa hàng chỉ {format_vnd(goods + earlier_today)}, "
                f"chưa đủ mức tối thiểu {format_vnd(MIN_GOODS_VALUE)} (thiếu {format_vnd(short)})",
                f"Qualifying goods bought here today come to {format_vnd(goods + earlier_today)}, under the "
                f"minimum of {format_vnd(MIN_GOODS_VALUE)} ({format_vnd(short)} short)",
            )
        )
    vat = sum(
        row.vat for row in breakdown((line.rate_pct, line.amount) for line in kept)
    )  # as the sale's VAT
    fee = div_round_half_up(vat * BANK_FEE_PCT, 100)
    return Decision(tuple(kept), goods, vat, fee, vat - fee, tuple(reasons), tuple(left_out))
