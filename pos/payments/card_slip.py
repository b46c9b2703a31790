"""What the till keeps of a card payment besides the terminal's approval code: the card's brand and the last
four digits of its number, as printed on the terminal's slip.

The VAT refund form for a foreign traveller names how the goods were paid, and for an international card "the
card's name and number" (Circular 32/2025/TT-BTC Art. 7; docs/vat-refund.md). A till never sees a card: the bank's
terminal reads it. The cashier copies the brand and the last four digits from the slip when the customer wants
the refund form — never the whole number (a masked number is all the form needs, and a card number is not the
shop's to keep). Both are optional: an ordinary card sale needs only the approval code.

Kept beside the sale's payment (``card_slips``), written in the sale's transaction; the sale's payment rows, its
journal entry and what head office receives are unchanged.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from pos.errors import PaymentError

#: The brands a terminal in Vietnam prints on its slips (NAPAS: domestic cards); "Other" for the rest.
BRANDS = ("Visa", "Mastercard", "JCB", "American Express", "UnionPay", "NAPAS", "Other")


@dataclass(frozen=True, slots=True)
class CardSlip:
    """The card's brand (one of :data:`BRANDS`) and the last four digits of its number."""

    brand: str
    last4: str

    def masked(self) -> str:
        """As the form prints it: ``Visa •••• 1234``."""
        return f"{self.brand} •••• {self.last4}"


def card_slip(brand: str, last4: str) -> CardSlip | None:
    """The slip's details as typed (None when neither was given); ``PaymentError`` saying what is wrong."""
    brand, last4 = brand.strip(), "".join(last4.split())
    if not brand and not last4:
        return None
    if brand not in BRANDS:
        raise PaymentError("Chọn loại thẻ", "Choose the card's brand")
    if len(last4) != 4 or not last4.isdigit():
        raise PaymentError("Nhập 4 số cuối của thẻ", "Type the card number's last 4 digits")
    return CardSlip(brand, last4)


def write_card_slips(cur: sqlite3.Cursor, sale_id: str, slips: Iterable[tuple[str, CardSlip]]) -> None:
    """Keep each ``(approval code, slip)`` with the sale's card payment of that code, on the checkout's own cursor
    (after its payment rows: a slip exists exactly when its payment does)."""
    for code, slip in slips:
        cur.execute(
            "INSERT INTO card_slips (sale_id, payment_seq, brand, last4) SELECT sale_id, seq, ?, ? FROM payments "
            "WHERE sale_id = ? AND method = 'card' AND reference = ? "
            "AND seq NOT IN (SELECT payment_seq FROM card_slips WHERE sale_id = ?) ORDER BY seq LIMIT 1",
            (slip.brand, slip.last4, sale_id, code, sale_id),
        )
