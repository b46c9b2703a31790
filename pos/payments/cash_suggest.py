"""The cash a customer is likely to hand over for an amount due: one-key buttons on the payment screen.

Vietnamese banknotes run from 500 to 500 000 đồng (``BANKNOTES``). Customers round up with the notes they hold:
small notes to the next 10 000, then 50 000, 100 000, a 500 000 note, two of them (1 000 000). So for 790 000 ₫
the likely amounts are 800 000 and 1 000 000; for 45 000 ₫, 50 000, 100 000 and 500 000 (a tourist's big note).
Rounding to 20 000 or 200 000 is left out: it rarely gives an amount the other steps miss, and when it does
(60 000 for 45 000) it is not what people hand over. The exact amount has a button of its own.
"""

from __future__ import annotations

#: The notes (and the last coin-sized note) in circulation, in đồng.
BANKNOTES: tuple[int, ...] = (500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000)

#: The steps customers round up to, smallest first (1 000 000 = two 500 000 notes).
ROUND_UP_TO: tuple[int, ...] = (10_000, 50_000, 100_000, 500_000, 1_000_000)


def likely_cash(due: int, at_most: int = 3) -> list[int]:
    """Amounts above ``due`` a customer is likely to give, smallest first, at most ``at_most`` of them."""
    if due <= 0 or at_most <= 0:
        return []
    amounts = sorted({-(-due // step) * step for step in ROUND_UP_TO} - {due})
    return amounts[:at_most]
