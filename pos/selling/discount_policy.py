"""How much discount each role may give without a manager's approval.

The cashier types a discount in đồng or percent; above their limit the till asks for a manager PIN instead of
refusing, so a legitimate promotion is never blocked. The limits are per role and expressed in percent of what
the discount applies to (the line, or the sale after line discounts); a đồng discount is compared by the
percentage it represents. (The staff/permissions module may later read the limits from its own tables.)
"""

from __future__ import annotations

from collections.abc import Mapping

from pos.selling.cart import Discount

#: Highest discount percent each role may give on its own.
DEFAULT_LIMITS: Mapping[str, int] = {"cashier": 10, "shift_lead": 20, "manager": 100, "admin": 100}
APPROVER_ROLES = ("manager", "admin")


def discount_limit(role: str, limits: Mapping[str, int] = DEFAULT_LIMITS) -> int:
    """The role's own limit in percent; an unknown role may give none."""
    return int(limits.get(role, 0))


def effective_percent_milli(discount: Discount, base: int) -> int:
    """The discount as thousandths of a percent of ``base`` (exact integers: 12.5 % → 12 500)."""
    if discount.percent:
        return discount.percent * 1000
    if base <= 0:
        return 0 if discount.amount == 0 else 100_000
    return -(-discount.amount * 100_000 // base)  # ceiling: never round a discount down past a limit


def needs_approval(
    role: str, discount: Discount, base: int, limits: Mapping[str, int] = DEFAULT_LIMITS
) -> bool:
    """True when ``role`` may not give ``discount`` on ``base`` đồng alone."""
    return effective_percent_milli(discount, base) > discount_limit(role, limits) * 1000
