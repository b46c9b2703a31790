"""What paying the open cart needs that the tender does not change, worked out while the cashier is on the
payment screen (the cart is frozen there), so F12 is left with the seller's checks and the durable transaction.

Prepared: the cart's pricing (``Cart.totals``: the rows' amounts, the VAT breakdown, the review of discounts) and
the empty cart of the next sale (today's head-office promotions, read from the database). F12 once cost both —
the next cart's reads between the commit and the screen's answer.

A prepared pricing is used only for the very cart state it was made from: the cart object, each of its lines
(frozen objects, replaced on every change), its discount, note, day, promotions and VAT schedule, compared by
identity. Anything changed since — a line added after going back to the sale, a discount — and the cart is
priced again at F12, as without preparation. Prices and stock are not read at checkout (a line keeps the price
it was scanned at), so the same cart state gives the same rows. The next cart is used only on the day it was
made for and with the VAT schedule it was made with, once; a promotions refresh drops it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from pos.selling.cart import Cart, CartLine, CartTotals, Discount
from pos.selling.promotions import PromotionsInForce
from pos.vat import VatSchedule


class CartState(NamedTuple):
    """Everything ``Cart.totals`` reads, as objects whose identity changes when the cart changes."""

    cart: Cart
    vat_schedule: VatSchedule
    on: dt.date
    lines: tuple[CartLine, ...]
    sale_discount: Discount
    note: str
    promotions: PromotionsInForce

    @classmethod
    def of(cls, cart: Cart) -> CartState:
        return cls(
            cart,
            cart.vat_schedule,
            cart.on,
            tuple(cart.lines),
            cart.sale_discount,
            cart.note,
            cart.promotions,
        )

    def same(self, other: CartState) -> bool:
        """The same cart, unchanged: every part the very same object (lines are replaced on every change)."""
        return (
            len(self.lines) == len(other.lines)
            and all(a is b for a, b in zip(self, other, strict=True) if not isinstance(a, tuple))
            and all(a is b for a, b in zip(self.lines, other.lines, strict=True))
        )

    def priced(self) -> CartTotals:
        """The pricing of this state (on a copy: it is exactly the state recorded)."""
        return Cart(
            self.vat_schedule, self.on, list(self.lines), self.sale_discount, self.note, self.promotions
        ).totals()


@dataclass(frozen=True, slots=True)
class PreparedPayment:
    """The pricing of one cart state and the next sale's empty cart."""

    state: CartState
    totals: CartTotals
    next_cart: Cart
    on: dt.date

    def totals_for(self, cart: Cart) -> CartTotals | None:
        """The prepared pricing if ``cart`` is exactly as it was priced, else None (price it again)."""
        return self.totals if self.state.same(CartState.of(cart)) else None

    def next_cart_for(self, today: dt.date, vat_schedule: VatSchedule) -> Cart | None:
        """The prepared empty cart, if it is still today's and has the terminal's VAT schedule."""
        cart = self.next_cart
        if today != self.on or cart.vat_schedule is not vat_schedule or not cart.is_empty:
            return None
        return cart


def prepare(cart: Cart, next_cart: Cart, today: dt.date) -> PreparedPayment:
    """Price ``cart`` as it stands now and keep ``next_cart`` (made ``today``) for after the sale."""
    state = CartState.of(cart)
    return PreparedPayment(state, state.priced(), next_cart, today)
