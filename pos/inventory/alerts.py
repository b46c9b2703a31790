"""What needs attention: products at or below their low-stock threshold, and lots close to their expiry.

Sales rarely scan a batch (only GS1 codes carry one), so what is left of each dated lot is estimated the way
goods leave a shelf, first-expiring first out: the product's current stock is assigned to its dated lots from
the latest expiry backwards, each lot capped by what was received of it minus what left with its batch named.
Stock beyond the dated lots (opening stock, undated deliveries) is not listed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.inventory.stock import StockLevel, stock_levels
from pos.staff.policy import load_policy


@dataclass(frozen=True, slots=True)
class ExpiringLot:
    product_id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    batch: str | None
    expiry: dt.date
    qty_milli: int
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


def low_stock(engine: Engine) -> list[StockLevel]:
    """Active products at or below their threshold, emptiest first (relative to the threshold)."""
    low = [s for s in stock_levels(engine) if s.is_low]
    return sorted(low, key=lambda s: (s.qty_milli - (s.low_milli or 0), s.sku))


def near_expiry(engine: Engine, *, today: dt.date, within_days: int | None = None) -> list[ExpiringLot]:
    """Lots still (estimated) on hand that expire within ``within_days`` of ``today`` (or already expired).

    ``within_days`` defaults to the store policy's ``near_expiry_days``.
    """
    days = load_policy(engine).near_expiry_days if within_days is None else within_days
    with engine.connect() as conn:
        lots = conn.execute(
            text(
                "SELECT m.product_id, m.batch, m.expiry, SUM(m.qty_milli) FROM stock_moves m "
                "WHERE m.expiry IS NOT NULL AND m.qty_milli > 0 GROUP BY m.product_id, m.batch, m.expiry"
            )
        ).all()
        tagged_out = conn.execute(
            text(
                "SELECT product_id, batch, -SUM(qty_milli) FROM stock_moves WHERE batch IS NOT NULL AND qty_milli < 0 "
                "GROUP BY product_id, batch"
            )
        ).all()
        products = conn.execute(
            text(
                "SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, "
                "COALESCE((SELECT SUM(m.qty_milli) FROM stock_moves m WHERE m.product_id = p.id), 0) "
                "FROM products p WHERE p.active = 1 AND p.id IN (SELECT product_id FROM stock_moves WHERE expiry IS NOT NULL)"
            )
        ).all()
        conn.rollback()
    out_by_batch = {(str(p), str(b)): int(q) for p, b, q in tagged_out}
    by_product: dict[str, list[tuple[dt.date, str | None, int]]] = {}
    for pid, batch, expiry, qty in lots:
        exp = expiry if isinstance(expiry, dt.date) else dt.date.fromisoformat(str(expiry))
        by_product.setdefault(str(pid), []).append((exp, batch, int(qty)))
    result: list[ExpiringLot] = []
    horizon = today + dt.timedelta(days=days)
    for pid, sku, name_vi, name_en, unit, stock in products:
        left = int(stock)
        for exp, batch, received in sorted(
            by_product.get(str(pid), []), key=lambda lot: lot[0], reverse=True
        ):
            if left <= 0:
                break
            cap = received
            if batch is not None:
                taken = out_by_batch.get((str(pid), batch), 0)
                used = min(taken, cap)
                cap -= used
                out_by_batch[(str(pid), batch)] = taken - used
            on_hand = min(cap, left)
            left -= on_hand
            if on_hand > 0 and exp <= horizon:
                result.append(
                    ExpiringLot(
                        str(pid),
                        str(sku),
                        str(name_vi),
                        str(name_en or ""),
                        str(unit),
                        batch,
                        exp,
                        on_hand,
                        (exp - today).days,
                    )
                )
    return sorted(result, key=lambda lot: (lot.expiry, lot.sku))
