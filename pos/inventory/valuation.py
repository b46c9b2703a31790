"""Stock valued at cost, split into goods the shop owns and goods held on consignment.

Consigned goods belong to the producer until sold, so they are shown but not counted in the shop's own stock
value. Negative levels (sold before being received) are listed with zero value so they get fixed, not hidden.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine

from pos.inventory.stock import StockLevel, stock_levels
from pos.inventory.terms import consigned_products


@dataclass(frozen=True, slots=True)
class ValuationLine:
    level: StockLevel
    consigned: bool

    @property
    def value(self) -> int:
        return self.level.value_at_cost


@dataclass(frozen=True, slots=True)
class Valuation:
    on: dt.date
    lines: tuple[ValuationLine, ...]

    @property
    def owned_value(self) -> int:
        return sum(line.value for line in self.lines if not line.consigned)

    @property
    def consigned_value(self) -> int:
        return sum(line.value for line in self.lines if line.consigned)

    @property
    def negative(self) -> tuple[ValuationLine, ...]:
        return tuple(line for line in self.lines if line.level.qty_milli < 0)


def valuation(engine: Engine, *, on: dt.date) -> Valuation:
    """Every active product with stock (or negative stock), valued at its current (weighted average) cost."""
    consigned = consigned_products(engine, on)
    lines = tuple(
        ValuationLine(level, level.product_id in consigned)
        for level in stock_levels(engine)
        if level.qty_milli != 0
    )
    return Valuation(on, lines)
