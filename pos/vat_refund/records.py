"""A refund form as kept and shown: the plain records ``forms`` reads and writes and ``paper`` lays out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pos.vat_refund.rules import Passport, SaleInvoice


@dataclass(frozen=True, slots=True)
class Paid:
    """One way the sale was paid, as the form shows it (Circular 32 Art. 7(1)(a.6)): the method, the đồng paid
    by it, and what the till knows of it — for a card the terminal's approval code, and per card payment its
    brand and masked number when the cashier copied them from the slip (``cards``: ``Visa •••• 1234``, or "" for
    a payment without them; ``pos.payments.card_slip``), for foreign cash the currency and the notes' amount."""

    method: str
    amount: int
    reference: str = ""
    currency: str = "VND"
    foreign_amount: int = 0
    cards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RefundForm:
    """A form as stored: the sale it belongs to, the traveller, the money."""

    form_no: str
    sale_id: str
    receipt_no: str
    issued_at: dt.datetime
    issued_by: str
    passport: Passport
    goods_value: int
    vat_amount: int
    bank_fee: int
    refund_amount: int
    lines: tuple[dict[str, Any], ...]
    voided_at: dt.datetime | None = None
    void_reason: str = ""
    #: The sale's VAT e-invoice, which the form is (None on a form issued before 7 December 2026 without one).
    invoice: SaleInvoice | None = None
    paid: tuple[Paid, ...] = ()

    @property
    def void(self) -> bool:
        return self.voided_at is not None
