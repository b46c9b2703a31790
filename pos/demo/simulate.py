"""Realistic simulated trading through the real checkout: demos, training data and load tests.

Baskets are drawn from the catalogue and scanned through ``Catalogue.resolve`` and ``pos.till.scan.add_to_cart``
(the till's own path from a scan to a line); payments mix cash (with Vietnamese notes and change), VietQR, card,
foreign cash and splits, and about one sale in thirty is followed later by a return of part of an earlier sale.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import text

from pos.barcodes import with_check_digit
from pos.errors import PosError
from pos.payments.tenders import Tender
from pos.selling.checkout import CommittedSale, SaleContext, checkout, peek_next_receipt_no, receipt_label
from pos.selling.returns import find_sale, make_return
from pos.till.scan import add_to_cart
from pos.till.terminal import Terminal

NOTES = (500_000, 200_000, 100_000, 50_000, 20_000, 10_000)


@dataclass
class SimulationReport:
    sales: int = 0
    returns: int = 0
    lines: int = 0
    total: int = 0
    by_method: dict[str, int] = field(default_factory=dict)


def _cash_tendered(rng: random.Random, due: int) -> int:
    """What a customer hands over: exact, or rounded up to a note."""
    if rng.random() < 0.3:
        return due
    note = rng.choice([n for n in NOTES if n >= 50_000])
    return -(-due // note) * note


def _scan_codes(terminal: Terminal, rng: random.Random, limit: int = 5000) -> list[str]:
    with terminal.engine.connect() as conn:
        codes = [
            str(r[0])
            for r in conn.execute(
                text(
                    "SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.active = 1 "
                    "ORDER BY b.code LIMIT :n"
                ),
                {"n": limit},
            )
        ]
        weighed = [
            int(r[0])
            for r in conn.execute(
                text("SELECT plu FROM products WHERE weighed = 1 AND active = 1 AND plu IS NOT NULL")
            )
        ]
        conn.rollback()
    # In-store weight labels as the shop's scale prints them (prefix 20, PLU, grams).
    for plu in weighed:
        codes.append(with_check_digit(f"20{plu:05d}{rng.randrange(150, 1500):05d}"))
    return codes


def simulate(
    terminal: Terminal,
    n: int,
    *,
    seed: int | None = None,
    ctx: SaleContext | None = None,
    on_sale: Callable[[CommittedSale], None] | None = None,
) -> SimulationReport:
    """Perform ``n`` sales (plus a few returns) through the real checkout."""
    rng = random.Random(seed)
    codes = _scan_codes(terminal, rng)
    if not codes:
        raise PosError("Danh mục trống: hãy nạp danh mục trước", "The catalogue is empty: load one first")
    ctx = ctx or SaleContext(terminal.code, cashier_name="Mô phỏng / Simulation")
    report = SimulationReport()
    done: list[CommittedSale] = []
    for _ in range(n):
        cart = terminal.new_cart()
        for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))):
            scan = terminal.catalogue.resolve(rng.choice(codes))
            qty = None if scan.product.weighed else rng.choice((1000, 1000, 1000, 2000, 3000))
            add_to_cart(cart, scan, qty, cart.on)  # as the till adds a scan
        totals = cart.totals()
        due = totals.total
        roll = rng.random()
        if roll < 0.55:
            tenders = [Tender.cash(_cash_tendered(rng, due))]
        elif roll < 0.75:
            ref = receipt_label(terminal.code, peek_next_receipt_no(terminal.engine, terminal.code))
            tenders = [Tender.vietqr(due, ref)]
        elif roll < 0.88:
            tenders = [Tender.card(due, f"{rng.randrange(10**6):06d}")]
        elif roll < 0.94 and due > 100_000:
            part = due // 2 // 1000 * 1000
            tenders = [
                Tender.card(part, f"{rng.randrange(10**6):06d}"),
                Tender.cash(_cash_tendered(rng, due - part)),
            ]
        else:
            rate = rng.choice((("USD", 25_400_000), ("CNY", 3_550_000), ("KRW", 18_350)))
            units = -(-due * 1000 // rate[1])
            tenders = [Tender.fx_cash(rate[0], units, rate[1])]
        sale = checkout(terminal.engine, cart, tenders, ctx)
        done.append(sale)
        report.sales += 1
        report.lines += len(totals.lines)
        report.total += sale.total
        for p in sale.payments:
            report.by_method[p.method] = report.by_method.get(p.method, 0) + p.amount
        if on_sale:
            on_sale(sale)
        if len(done) > 5 and rng.random() < 1 / 30:
            original = find_sale(terminal.engine, terminal.code, rng.choice(done[:-1]).receipt_no)
            left = [
                line for line in original.lines if line.qty_left_milli > 0 and line.qty_left_milli % 1000 == 0
            ]
            if left:
                line = rng.choice(left)
                try:
                    ret = make_return(
                        terminal.engine,
                        original,
                        {line.line_id: 1000},
                        ctx,
                        approved_by=None,
                        reason="simulated return",
                    )
                except PosError:
                    continue
                report.returns += 1
                report.total += ret.total
                for p in ret.payments:
                    report.by_method[p.method] = report.by_method.get(p.method, 0) + p.amount
    return report
