"""What an invoice generated at the till says (pure): seller, buyer, lines, amounts per VAT rate, totals, time.

Built from the very rows checkout inserts, so the invoice and the ledger cannot disagree. Prices on the till
include VAT; the invoice shows amounts before VAT per line. VAT stays as ``pos.vat`` derives it — once per rate
per sale — and each rate's VAT is spread over that rate's lines by largest remainder (``split_proportionally``),
so line amounts before VAT add up to the rate's, and rates to the total, to the đồng.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pos.einvoice.buyer import Buyer
from pos.money import split_proportionally

#: How a payment method is named on the invoice (HTTToan).
PAYMENT_WORDS = {"cash": "Tiền mặt", "fx_cash": "Tiền mặt", "vietqr": "Chuyển khoản", "card": "Thẻ"}


@dataclass(frozen=True, slots=True)
class Seller:
    name: str
    tax_code: str
    address: str
    phone: str = ""
    store_code: str = ""


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    no: int
    sku: str
    name: str
    unit: str
    qty_milli: int
    gross: int  # the line's amount, VAT included, after every discount
    net: int  # before VAT
    vat: int
    rate: int
    discount: int  # line + share of sale discount, VAT included

    @property
    def unit_net(self) -> str:
        """Unit price before VAT, six decimals at most (the data format's 21,6)."""
        if self.qty_milli == 0:
            return "0"
        return decimal_text(self.net * 1000, self.qty_milli)


@dataclass(frozen=True, slots=True)
class RateTotal:
    rate: int
    gross: int
    vat: int

    @property
    def net(self) -> int:
        return self.gross - self.vat


@dataclass(frozen=True, slots=True)
class Related:
    """The invoice an adjusting one corrects."""

    code: str
    form: str
    series: str
    issued_on: dt.date
    note: str


@dataclass(frozen=True, slots=True)
class Invoice:
    code: str
    form: str
    series: str
    issued_at: dt.datetime  # local time of the sale
    kind: str  # original | adjusting
    seller: Seller
    buyer: Buyer | None
    lines: tuple[InvoiceLine, ...]
    rates: tuple[RateTotal, ...]
    payment_method: str
    provider_tax_code: str
    receipt: str
    related: Related | None = None

    @property
    def total(self) -> int:
        return sum(r.gross for r in self.rates)

    @property
    def vat_total(self) -> int:
        return sum(r.vat for r in self.rates)

    @property
    def net_total(self) -> int:
        return self.total - self.vat_total

    @property
    def discount_total(self) -> int:
        return sum(line.discount for line in self.lines)


def decimal_text(numerator: int, denominator: int, places: int = 6) -> str:
    """``numerator / denominator`` rounded half up to ``places`` decimals, without trailing zeros."""
    sign = "-" if (numerator < 0) != (denominator < 0) and numerator != 0 else ""
    n, d = abs(numerator), abs(denominator)
    scaled = (n * 10**places * 2 + d) // (2 * d)
    whole, frac = divmod(scaled, 10**places)
    text = f"{whole}.{frac:0{places}d}".rstrip("0").rstrip(".")
    return sign + text if text != "0" else "0"


def qty_text(qty_milli: int) -> str:
    return decimal_text(qty_milli, 1000, 3)


def payment_method(pays: Sequence[Mapping[str, Any]]) -> str:
    words: list[str] = []
    for p in pays:
        word = PAYMENT_WORDS.get(str(p["method"]), "Khác")
        if int(p["amount"]) and word not in words:
            words.append(word)
    return "/".join(words) or "Tiền mặt"


def invoice_lines(
    lines: Sequence[Mapping[str, Any]], vat: Sequence[Mapping[str, Any]]
) -> tuple[InvoiceLine, ...]:
    """The sale's lines with VAT split per rate (the rate rows are ``pos.vat.breakdown``'s)."""
    vat_by_rate = {int(v["rate_pct"]): int(v["vat"]) for v in vat}
    shares: dict[int, list[int]] = {}
    for rate in vat_by_rate:
        at_rate = [abs(int(line["amount"])) for line in lines if int(line["vat_rate"]) == rate]
        shares[rate] = split_proportionally(vat_by_rate[rate], at_rate)
    out = []
    taken: dict[int, int] = {}
    for line in lines:
        rate = int(line["vat_rate"])
        i = taken.get(rate, 0)
        taken[rate] = i + 1
        line_vat = shares[rate][i] if rate in shares else 0
        gross = int(line["amount"])
        out.append(
            InvoiceLine(
                no=int(line["line_no"]),
                sku=str(line["sku"] or ""),
                name=str(line["name_vi"]),
                unit=str(line["unit"] or ""),
                qty_milli=int(line["qty_milli"]),
                gross=gross,
                net=gross - line_vat,
                vat=line_vat,
                rate=rate,
                discount=int(line["line_discount"] or 0) + int(line["sale_discount"] or 0),
            )
        )
    return tuple(out)


def build_invoice(
    *,
    code: str,
    form: str,
    series: str,
    issued_at: dt.datetime,
    seller: Seller,
    buyer: Buyer | None,
    sale: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    vat: Sequence[Mapping[str, Any]],
    pays: Sequence[Mapping[str, Any]],
    provider_tax_code: str,
    receipt: str,
    related: Related | None = None,
) -> Invoice:
    return Invoice(
        code=code,
        form=form,
        series=series,
        issued_at=issued_at,
        kind="adjusting" if related is not None else "original",
        seller=seller,
        buyer=buyer,
        lines=invoice_lines(lines, vat),
        rates=tuple(RateTotal(int(v["rate_pct"]), int(v["gross"]), int(v["vat"])) for v in vat),
        payment_method=payment_method(pays),
        provider_tax_code=provider_tax_code,
        receipt=receipt,
        related=related,
    )
