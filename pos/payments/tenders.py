"""Tenders offered by the customer, and settling them against a sale total.

Settlement rule: card and VietQR transfer are taken for exactly their amount and may not exceed what is due
(no change is given from a card or a transfer). Cash in đồng and foreign-currency cash may exceed it; the change is
always given in đồng and is taken off the đồng cash row (or recorded as a negative đồng cash row when the customer
paid only in foreign notes), so the payment rows of a sale always add up exactly to its total and the đồng drawer
balances.

Change for foreign notes: a rate turns 50 000 KRW at 18,35 ₫ into 917 500 ₫, and 1 234 KRW into 22 644 ₫, so the
exact change can end in hundreds or single đồng that no note in anyone's till pays out. When foreign cash is among
the tenders, the change in đồng is rounded to the nearest ``FX_CHANGE_STEP`` (1 000 ₫, the smallest note counters
actually hold; an exact half goes to the customer, the half-up rule of ``pos.money``). The difference (at most
500 ₫ either way) is taken into the đồng value credited for the foreign notes — the rate is a valuation, the notes
are what they are — so the rows still add up to the total and the đồng drawer holds exactly what was paid out.
Sales paid in đồng alone give exact change, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pos.errors import PaymentError
from pos.money import div_round_half_up, format_vnd
from pos.payments.card_slip import CardSlip

METHODS = ("cash", "vietqr", "card", "fx_cash")
EXACT_METHODS = ("vietqr", "card")
#: Change given against foreign cash is rounded to this many đồng (see the module's docstring).
FX_CHANGE_STEP = 1_000


@dataclass(frozen=True, slots=True)
class Tender:
    """One means of payment offered; ``amount`` is its value in đồng."""

    method: str
    amount: int
    reference: str = ""
    currency: str = "VND"
    foreign_amount: int = 0
    fx_rate_milli: int = 0
    #: A card's brand and last four digits from the terminal's slip, when the cashier typed them
    #: (``pos.payments.card_slip``: kept beside the payment, not in it).
    slip: CardSlip | None = None

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise PaymentError(
                f"Hình thức thanh toán lạ: {self.method}", f"Unknown payment method: {self.method}"
            )

    @staticmethod
    def cash(tendered: int) -> Tender:
        return Tender("cash", tendered)

    @staticmethod
    def vietqr(amount: int, reference: str) -> Tender:
        return Tender("vietqr", amount, reference=reference)

    @staticmethod
    def card(amount: int, approval_code: str, slip: CardSlip | None = None) -> Tender:
        if not approval_code.strip():
            raise PaymentError(
                "Cần mã chuẩn chi của máy thẻ", "The card terminal's approval code is required"
            )
        return Tender("card", amount, reference=approval_code.strip(), slip=slip)

    @staticmethod
    def fx_cash(currency: str, foreign_amount: int, fx_rate_milli: int) -> Tender:
        """Foreign notes: ``fx_rate_milli`` is đồng per unit × 1000 (KRW at 18.35 → 18350)."""
        if foreign_amount <= 0 or fx_rate_milli <= 0:
            raise PaymentError("Số ngoại tệ hoặc tỷ giá không hợp lệ", "Invalid foreign amount or rate")
        value = div_round_half_up(foreign_amount * fx_rate_milli, 1000)
        return Tender(
            "fx_cash",
            value,
            currency=currency.upper(),
            foreign_amount=foreign_amount,
            fx_rate_milli=fx_rate_milli,
        )


@dataclass(frozen=True, slots=True)
class PaymentRow:
    """A payment as stored: ``amount`` is what it contributes to the sale total."""

    method: str
    amount: int
    tendered: int
    reference: str
    currency: str
    foreign_amount: int
    fx_rate_milli: int


def settle(total: int, tenders: Sequence[Tender]) -> tuple[list[PaymentRow], int]:
    """Payment rows and change due for ``total``. Raises ``PaymentError`` when tenders don't settle it.

    A refund (negative ``total``) must be paid out exactly, with no change.
    """
    if not tenders:
        raise PaymentError("Chưa có thanh toán", "No payment entered")
    if total < 0:
        if any(t.amount > 0 for t in tenders) or sum(t.amount for t in tenders) != total:
            raise PaymentError(
                f"Tiền hoàn phải đúng {format_vnd(-total)}",
                f"The refund must be exactly {format_vnd(-total)}",
            )
        return [_row(t, t.amount) for t in tenders], 0
    if any(t.amount <= 0 for t in tenders):
        raise PaymentError("Số tiền thanh toán phải lớn hơn 0", "Payment amounts must be positive")
    exact = sum(t.amount for t in tenders if t.method in EXACT_METHODS)
    if exact > total:
        raise PaymentError(
            "Thẻ/chuyển khoản không được vượt quá số phải trả",
            "Card or transfer payments cannot exceed the amount due",
        )
    offered = sum(t.amount for t in tenders)
    if offered < total:
        raise PaymentError(
            f"Còn thiếu {format_vnd(total - offered)}", f"{format_vnd(total - offered)} still due"
        )
    change = offered - total
    rows = [_row(t, t.amount) for t in tenders]
    change = _round_fx_change(change, tenders, rows)
    if change:
        cash_rows = [i for i, t in enumerate(tenders) if t.method == "cash"]
        if cash_rows:
            i = cash_rows[-1]
            r = rows[i]
            rows[i] = PaymentRow(r.method, r.amount - change, r.tendered, r.reference, r.currency, 0, 0)
        else:
            rows.append(PaymentRow("cash", -change, 0, "change", "VND", 0, 0))
    return rows, change


def _row(t: Tender, amount: int) -> PaymentRow:
    tendered = t.amount if t.method in ("cash", "fx_cash") else 0
    return PaymentRow(t.method, amount, tendered, t.reference, t.currency, t.foreign_amount, t.fx_rate_milli)


def round_fx_change(exact_change: int) -> int:
    """Change in đồng for a payment that included foreign notes: to the nearest ``FX_CHANGE_STEP``, halves up."""
    return div_round_half_up(exact_change, FX_CHANGE_STEP) * FX_CHANGE_STEP


def _round_fx_change(change: int, tenders: Sequence[Tender], rows: list[PaymentRow]) -> int:
    """Round the change when foreign notes were given, moving the difference into the largest foreign row.

    The foreign row keeps a positive value (a foreign tender worth under the step leaves the change exact).
    """
    fx = [i for i, t in enumerate(tenders) if t.method == "fx_cash"]
    if not change or not fx:
        return change
    rounded = round_fx_change(change)
    i = max(fx, key=lambda k: tenders[k].amount)
    r = rows[i]
    credited = r.amount - (change - rounded)
    if credited <= 0:
        return change
    rows[i] = PaymentRow(
        r.method, credited, r.tendered, r.reference, r.currency, r.foreign_amount, r.fx_rate_milli
    )
    return rounded
