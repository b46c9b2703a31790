"""A demo shop a month into trading, for the manager screens' screenshots and demos.

Everything goes through the real code: deliveries received, a month of sales through the checkout, then an
open shift with sales, a return on a shift lead's approval, a paid-out and a stock count in progress.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import text

from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift, paid_out
from pos.staff.approval import approve
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.permissions import Permission
from pos.staff.pins import install_secret
from pos.till.guarded import guarded_checkout, guarded_return
from pos.till.terminal import Terminal

TRADED = ("QN-0005", "QN-0006", "QN-0007", "QN-0008", "QN-0009", "QN-0010", "QN-0011", "QN-0012", "QN-0034",
          "QN-0040", "QN-0079", "QN-0013", "QN-0105")  # fmt: skip
CONSIGNED = {"QN-0007": 1500, "QN-0008": 1500, "QN-0009": 2000, "QN-0010": 2000}


def codes_by_sku(t: Terminal) -> dict[str, str]:
    """One barcode of each product, by SKU (what a scanner would read off the shelf)."""
    with t.engine.connect() as conn:
        return {
            str(s): str(c)
            for s, c in conn.execute(
                text(
                    "SELECT p.sku, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id GROUP BY p.sku"
                )
            )
        }


def stage_month(t: Terminal, today: dt.date) -> tuple[StaffMember, StaffMember, str]:
    """A month of trading and an open shift with sales, a return, a paid-out and a stock count in progress."""
    from pos.inventory.counting import record_count, start_count
    from pos.inventory.producers import ProducerInput, get_producer, list_producers, save_producer
    from pos.inventory.receiving import ReceivingSession, receive_goods
    from pos.inventory.stock import stock_of
    from pos.inventory.terms import set_consignment

    secret = install_secret(t.settings.home)
    cashier = authenticate(t.engine, secret, "1111", staff_code="C01", terminal_code=t.code)
    manager = authenticate(t.engine, secret, "9999", staff_code="M01", terminal_code=t.code)
    codes = codes_by_sku(t)
    for sku, bp in CONSIGNED.items():
        product = t.catalogue.by_sku(sku)
        assert product is not None
        set_consignment(
            t.engine,
            manager,
            product.id,
            consigned=True,
            commission_bp=bp,
            valid_from=today - dt.timedelta(days=45),
        )
    p003 = next(p for p in list_producers(t.engine) if p.data.code == "P003")
    fields = {f: getattr(p003.data, f) for f in ProducerInput.__dataclass_fields__}
    fields.update(
        contact_name="Bà Nguyễn Thị Hoa",
        bank_bin="970405",
        bank_account="8000205123456",
        bank_account_name=get_producer(t.engine, p003.id).data.name.upper()[:60],
    )
    save_producer(t.engine, manager, ProducerInput(**fields), p003.id)
    delivery = ReceivingSession(t.catalogue)
    for sku in TRADED:
        delivery.scan(codes[sku], 80_000)
    receive_goods(
        t.engine,
        manager,
        delivery.lines,
        reference="PN-2026-101",
        now=dt.datetime.combine(today - dt.timedelta(days=31), dt.time(2)),
    )
    rng = random.Random(11)
    for back in range(29, 0, -1):
        day = today - dt.timedelta(days=back)
        for _ in range(rng.randint(4, 12) + (6 if day.weekday() >= 5 else 0)):
            cart = t.new_cart()
            cart.on = day
            for _ in range(rng.choice((1, 1, 2, 3))):
                cart.add(t.catalogue.resolve(codes[rng.choice(TRADED)]), rng.choice((1000, 1000, 2000)))
            hour = rng.choice((8, 9, 10, 10, 11, 14, 15, 15, 16, 16, 17, 19, 20))
            when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60))) - dt.timedelta(hours=7)
            due = cart.totals().total
            tender = rng.choice((Tender.cash(due), Tender.card(due, "A"), Tender.vietqr(due, "Q")))
            checkout(t.engine, cart, [tender], SaleContext(t.code, cashier.id, cashier.name), now=when)
    open_shift(t.engine, cashier, t.code, CashCount.of({100_000: 3, 50_000: 3, 20_000: 2, 10_000: 1}))
    sales = []
    for skus in (
        ("QN-0007", "QN-0011"),
        ("QN-0034",),
        ("QN-0008", "QN-0008", "QN-0012"),
        ("QN-0040",),
        ("QN-0005", "QN-0009"),
        ("QN-0079", "QN-0010"),
    ):
        cart = t.new_cart()
        for sku in skus:
            cart.add(t.catalogue.resolve(codes[sku]))
        sales.append(
            guarded_checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code), cashier)
        )
    original = find_sale(t.engine, t.code, sales[0].receipt_no)
    ok = approve(t.engine, secret, "2222", [Permission.REFUND], requested_by=cashier, reason="vỡ nắp")
    guarded_return(
        t.engine,
        original,
        {original.lines[0].line_id: 1000},
        SaleContext(t.code),
        cashier,
        reason="vỡ nắp / broken lid",
        approval=ok,
    )
    ok = approve(t.engine, secret, "2222", [Permission.PAID_IN_OUT], requested_by=cashier)
    paid_out(t.engine, cashier, t.code, 40_000, "Mua túi giấy / paper bags", approval=ok)
    count = start_count(t.engine, manager, note="Kệ trà và mật ong")
    # the shelf as counted: most right, a few short (tasting, breakage), one over (a mis-shelved box)
    shelf = {"QN-0005": 0, "QN-0006": -2_000, "QN-0007": 0, "QN-0009": -1_000, "QN-0010": 1_000, "QN-0034": 0,
             "QN-0040": -3_000}  # fmt: skip
    for sku, off in shelf.items():
        product = t.catalogue.by_sku(sku)
        assert product is not None
        record_count(t.engine, manager, count, product.id, max(0, stock_of(t.engine, product.id) + off))
    return cashier, manager, count
