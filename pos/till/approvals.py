"""A manager's approval of the open cart: when a discount or a price needs one, and when one given still covers it.

The store's limits per role (``StorePolicy``) and the seller's rights decide what a cart needs
(``pos.till.guarded.review_cart``). Above them the cashier's change is refused with :class:`ApprovalNeeded` (the
cart unchanged) until a manager approves it by PIN; the approval then stays with the cart and covers it at
payment — but not a deeper discount or another line's price changed after it was given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pos.errors import PermissionDenied
from pos.selling.cart import Cart
from pos.staff.member import StaffMember
from pos.staff.permissions import PERMISSION_LABELS, Approval, Permission
from pos.staff.policy import StorePolicy
from pos.till.guarded import CartReview, review_cart


class ApprovalNeeded(PermissionDenied):
    """The signed-in person may not do this alone; ``permissions`` is what a manager's PIN must approve."""

    def __init__(self, permissions: Iterable[Permission]) -> None:
        self.permissions = frozenset(permissions)
        labels = [PERMISSION_LABELS[p] for p in sorted(self.permissions)]
        super().__init__(
            f"{', '.join(v for v, _ in labels)}: cần quản lý nhập mã PIN để duyệt",
            f"{', '.join(e for _, e in labels)} needs a manager's PIN approval",
            code="needs_approval",
        )


def overridden_prices(cart: Cart, review: CartReview) -> frozenset[tuple[str, int]]:
    """The lines sold at another price than the catalogue's, as (SKU, unit price)."""
    lines = cart.lines
    return frozenset((lines[i].product.sku, lines[i].unit_price) for i in review.override_lines)


@dataclass(frozen=True, slots=True)
class CartApproval:
    """An approval given for the open cart, with what it covered when it was given."""

    approval: Approval
    max_discount_pct: int  # the largest discount (%) it covered
    prices: frozenset[tuple[str, int]]  # the overridden prices it covered, as (SKU, unit price)

    @classmethod
    def given(cls, approval: Approval, cart: Cart, actor: StaffMember, policy: StorePolicy) -> CartApproval:
        review = review_cart(cart, actor, policy)
        return cls(approval, review.max_discount_pct, overridden_prices(cart, review))

    def covers(
        self, needed: frozenset[Permission], cart: Cart, actor: StaffMember, policy: StorePolicy
    ) -> bool:
        """Still valid for the cart as it stands: not spent, the same rights, no deeper discount and no other
        price override since (an approved price does not let the cashier change another line's price)."""
        if self.approval.spent or not needed <= self.approval.permissions:
            return False
        review = review_cart(cart, actor, policy)
        return review.max_discount_pct <= self.max_discount_pct and (
            Permission.PRICE_OVERRIDE not in needed or overridden_prices(cart, review) <= self.prices
        )
