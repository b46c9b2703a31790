"""The durable checkout: all rows or none, gapless receipt numbers, returns."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from pos.errors import CartError, CheckoutError, PaymentError, ReturnError
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale, make_return
from pos.till.terminal import Terminal

TABLES = ("sales", "sale_lines", "sale_vat", "payments", "stock_moves", "journal", "outbox")


def counts(t: Terminal) -> dict[str, int]:
    with t.engine.connect() as conn:
        return {name: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {name}").scalar_one() for name in TABLES}


def codes(t: Terminal, n: int) -> list[str]:
    with t.engine.connect() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT code FROM barcodes ORDER BY code LIMIT ?", (n,))]


def full_cart(t: Terminal, n: int = 3):  # type: ignore[no-untyped-def]
    cart = t.new_cart()
    for code in codes(t, n):
        cart.add(t.catalogue.resolve(code))
    return cart


CTX = SaleContext("T01", cashier_id="c1", cashier_name="Nguyễn Thị Lan")


def test_checkout_writes_everything_in_one_go(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    before = counts(t)
    cart = full_cart(t, 3)
    cart.add(t.catalogue.resolve(codes(t, 1)[0]))  # same product twice → one line of 2
    total = cart.totals().total
    sale = checkout(t.engine, cart, [Tender.cash(total + 7_000)], CTX)
    after = counts(t)
    assert sale.receipt_no == 1 and sale.change_due == 7_000 and sale.total == total
    assert after["sales"] == before["sales"] + 1
    assert after["sale_lines"] == before["sale_lines"] + 3
    assert after["stock_moves"] == before["stock_moves"] + 3
    assert after["journal"] == before["journal"] + 1 and after["outbox"] == before["outbox"] + 1
    with t.engine.connect() as conn:
        paid = conn.exec_driver_sql(
            "SELECT SUM(amount) FROM payments WHERE sale_id = ?", (sale.id,)
        ).scalar_one()
        vat = conn.exec_driver_sql(
            "SELECT SUM(gross) FROM sale_vat WHERE sale_id = ?", (sale.id,)
        ).scalar_one()
        payload = json.loads(conn.exec_driver_sql("SELECT payload FROM outbox").scalar_one())
        sync = conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar_one()
    assert paid == total and vat == total
    assert payload["sale"]["id"] == sale.id and len(payload["lines"]) == 3
    assert sync == 2 and mode == "wal"  # FULL, WAL


@pytest.mark.parametrize("table", ["sale_lines", "sale_vat", "payments", "stock_moves", "journal", "outbox"])
def test_a_failure_in_any_part_leaves_nothing_behind(stocked_terminal: Terminal, table: str) -> None:
    t = stocked_terminal
    checkout(t.engine, full_cart(t), [Tender.card(full_cart(t).totals().total, "123456")], CTX)
    before = counts(t)
    raw = sqlite3.connect(t.settings.db_path)
    raw.execute(
        f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'disk says no'); END"
    )
    raw.commit()
    cart = full_cart(t)
    with pytest.raises(CheckoutError) as info:
        checkout(t.engine, cart, [Tender.cash(10_000_000)], CTX)
    assert "nothing was written" in info.value.en
    assert counts(t) == before
    assert len(cart.lines) == 3  # the cart is kept for another try
    raw.execute(f"DROP TRIGGER fail_{table}")
    raw.commit()
    raw.close()
    sale = checkout(t.engine, cart, [Tender.cash(10_000_000)], CTX)
    assert sale.receipt_no == 2  # the failed attempt burnt no number


def test_receipt_numbers_are_sequential_per_terminal(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    numbers = []
    for i in range(6):
        cart = full_cart(t, 1 + i % 3)
        ctx = CTX if i % 2 == 0 else SaleContext("T02")
        numbers.append(
            (ctx.terminal_code, checkout(t.engine, cart, [Tender.cash(cart.totals().total)], ctx).receipt_no)
        )
    assert [n for term, n in numbers if term == "T01"] == [1, 2, 3]
    assert [n for term, n in numbers if term == "T02"] == [1, 2, 3]


def test_bad_payments_change_nothing(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    before = counts(t)
    cart = full_cart(t)
    total = cart.totals().total
    with pytest.raises(PaymentError):
        checkout(t.engine, cart, [Tender.cash(total - 1)], CTX)
    with pytest.raises(PaymentError):
        checkout(t.engine, cart, [Tender.card(total + 1000, "111111")], CTX)
    with pytest.raises(CartError):
        checkout(t.engine, t.new_cart(), [Tender.cash(1000)], CTX)
    assert counts(t) == before


def test_split_and_foreign_cash_balance_the_drawer(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    cart = full_cart(t)
    total = cart.totals().total
    sale = checkout(
        t.engine, cart, [Tender.fx_cash("USD", 100, 25_400_000), Tender.vietqr(0 + 1000, "T01-000001")], CTX
    )
    assert sum(p.amount for p in sale.payments) == total
    assert sale.change_due == 2_540_000 + 1000 - total
    assert sale.payments[-1].method == "cash" and sale.payments[-1].amount == -sale.change_due


def test_return_refunds_original_methods_and_never_twice(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    cart = full_cart(t, 2)
    cart.set_qty(0, 3000)
    total = cart.totals().total
    sale = checkout(t.engine, cart, [Tender.card(total, "777777")], CTX, now=dt.datetime(2026, 11, 29, 3, 0))
    original = find_sale(t.engine, "T01", sale.receipt_no)
    first = original.lines[0]
    stock_before = t.catalogue.by_id(first.product_id or "").stock_milli  # type: ignore[union-attr]
    ret = make_return(t.engine, original, {first.line_id: 1000}, CTX, approved_by="m1", reason="vỡ hộp")
    assert ret.kind == "return" and ret.total < 0
    assert ret.payments[0].method == "card" and ret.payments[0].reference == "777777"
    assert t.catalogue.by_id(first.product_id or "").stock_milli == stock_before + 1000  # type: ignore[union-attr]
    again = find_sale(t.engine, "T01", sale.receipt_no)
    assert again.lines[0].qty_left_milli == 2000
    make_return(t.engine, again, {first.line_id: 2000}, CTX, approved_by="m1")
    done = find_sale(t.engine, "T01", sale.receipt_no)
    assert done.lines[0].refunded == done.lines[0].amount  # refunded exactly what was paid
    with pytest.raises(ReturnError):
        make_return(t.engine, done, {first.line_id: 1000}, CTX, approved_by="m1")
    with pytest.raises(ReturnError):
        find_sale(t.engine, "T01", 999)
