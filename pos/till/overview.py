"""What a shop manager checks first, in one read: today's takings, the shift, sales not yet at head office, and
how many products are low or lots near their expiry.

Every figure comes from the queries the rest of the core already answers with (``pos.shifts.shift``,
``pos.inventory.alerts``); only today's sales total and the unsent count are summed here. The printer's state is
the till's (its print worker knows it), not the database's, so it is not part of this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.inventory.alerts import low_stock, near_expiry
from pos.shifts.shift import ShiftInfo, current_shift
from pos.staff.policy import load_policy
from pos.sync.outbox import QUARANTINED


@dataclass(frozen=True, slots=True)
class DayOverview:
    day: dt.date
    sales: int  # how many sales today (returns not counted)
    sales_total: int  # what they came to, VAT included, in đồng
    returns: int
    returns_total: int  # refunded, a negative amount (or 0)
    shift: ShiftInfo | None  # this till's open shift, if any
    unsent_sales: int  # sales and returns waiting in the outbox for head office
    stuck: int  # outbox entries head office refused (quarantined): someone must look at them
    low_stock: int  # active products at or below their reorder level
    near_expiry: int  # dated lots on hand expiring within the policy's days (expired ones included)
    expired: int  # of those, already past their date
    expiry_days: int  # "near": within this many days (the store policy's)

    @property
    def net_total(self) -> int:
        return self.sales_total + self.returns_total


def day_overview(engine: Engine, terminal_code: str, today: dt.date) -> DayOverview:
    """The overview of business date ``today`` (the shop's local date) on this till's database."""
    with engine.connect() as conn:
        by_kind = {
            str(kind): (int(n), int(total))
            for kind, n, total in conn.execute(
                text(
                    "SELECT kind, COUNT(*), COALESCE(SUM(total), 0) FROM sales WHERE business_date = :d "
                    "GROUP BY kind"
                ),
                {"d": today.isoformat()},
            ).all()
        }
        unsent, stuck = conn.execute(
            text(
                "SELECT COALESCE(SUM(CASE WHEN entity = 'sale' THEN 1 ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN last_error LIKE :q THEN 1 ELSE 0 END), 0) FROM outbox"
            ),
            {"q": QUARANTINED + "%"},
        ).one()
        conn.rollback()
    days = load_policy(engine).near_expiry_days
    lots = near_expiry(engine, today=today, within_days=days)
    sales, sales_total = by_kind.get("sale", (0, 0))
    returns, returns_total = by_kind.get("return", (0, 0))
    return DayOverview(
        day=today,
        sales=sales,
        sales_total=sales_total,
        returns=returns,
        returns_total=returns_total,
        shift=current_shift(engine, terminal_code),
        unsent_sales=int(unsent),
        stuck=int(stuck),
        low_stock=len(low_stock(engine)),
        near_expiry=len(lots),
        expired=sum(1 for lot in lots if lot.expired),
        expiry_days=days,
    )
