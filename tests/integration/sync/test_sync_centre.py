"""A centre with several tills (issue 18), on PostgreSQL: T01 and T02 of one store and T03 of another against one
server — sales, the store's stock after both sync, a return at T02 of a receipt of T01, two tills returning the
same line at once (one wins, one is refused), and a return made offline without the original, reconciled later.

Runs on the real PostgreSQL ``tests/pg.py`` starts: without PostgreSQL it fails, it does not skip.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sync_helpers import STORE, LiveServer, manager, register
from test_sync_store_stock import centre_of_three, levels, own_opening, store_levels, sync

from pos.errors import ReturnError
from pos.selling.checkout import SaleContext
from pos.selling.remote_returns import fetch_remote, remote_return
from pos.selling.returns import ReturnableSale, find_sale
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff.audit import entries
from pos.sync import state
from pos.sync.outbox import counts
from pos.till.guarded import return_without_original
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]

pytestmark = pytest.mark.postgres


def a_returnable_receipt(till: Terminal, skip: int = 0) -> tuple[int, str, int]:
    """(receipt number, product id, quantity) of a sale line of ``till`` nothing was returned of yet."""
    with till.engine.connect() as c:
        row = c.execute(
            text(
                "SELECT s.receipt_no, l.product_id, l.qty_milli FROM sales s JOIN sale_lines l ON l.sale_id = s.id "
                "WHERE s.kind = 'sale' AND l.qty_milli >= 1000 AND NOT EXISTS "
                "(SELECT 1 FROM sales r WHERE r.original_sale_id = s.id) AND s.receipt_no != :skip "
                "ORDER BY s.receipt_no LIMIT 1"
            ),
            {"skip": skip},
        ).one()
        c.rollback()
    return int(row[0]), str(row[1]), int(row[2])


def line_of(sale: ReturnableSale, product_id: str) -> str:
    return next(ln.line_id for ln in sale.lines if ln.product_id == product_id)


def test_a_centre_with_several_tills(pg_live: LiveServer, make_till: MakeTill) -> None:
    server = pg_live
    assert server.db.dialect == "postgresql"
    t1, t2, t3 = centre_of_three(server, make_till)
    other_before = levels(t3)

    # Sales and the store's stock after both sync.
    assert levels(t1) == levels(t2) == store_levels(server.engine, STORE)

    # A receipt of T01 returned at T02: read from head office, the refund decided there, linked to the sale.
    receipt_no, product_id, _qty = a_returnable_receipt(t1)
    with pytest.raises(ReturnError):
        find_sale(t2.engine, "T01", receipt_no)  # not in T02's own database
    original = fetch_remote(t2.engine, "T01", receipt_no)
    line_id = line_of(original, product_id)
    back = remote_return(
        t2.engine, original, {line_id: 1000}, SaleContext("T02"), approved_by=None, reason="khách đổi ý"
    )
    sync(t2)
    stored = server.scalar("SELECT original_sale_id FROM sales WHERE id = :i", i=back.id)
    assert stored == original.sale_id
    assert server.scalar("SELECT original_line_id FROM sale_lines WHERE sale_id = :i", i=back.id) == line_id
    again = fetch_remote(t2.engine, "T01", receipt_no)
    assert next(ln for ln in again.lines if ln.line_id == line_id).qty_returned_milli == 1000
    sync(t1)
    assert (
        levels(t1) == levels(t2) == store_levels(server.engine, STORE)
    )  # the item is back on the store's shelf
    assert levels(t3) == other_before  # another centre's stock never moves

    # Two tills return the same line (all of it) at once: head office decides, one wins, one is refused.
    receipt_no, product_id, left = a_returnable_receipt(t1, skip=receipt_no)
    original = fetch_remote(t2.engine, "T01", receipt_no)
    line_id = line_of(original, product_id)
    seen = {"T01": find_sale(t1.engine, "T01", receipt_no), "T02": original}  # T01: its own receipt
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def try_return(till: Terminal) -> None:
        start.wait()
        try:
            outcome[till.code] = remote_return(
                till.engine,
                seen[till.code],
                {line_id: left},
                SaleContext(till.code),
                approved_by=None,
                reason="x",
            )
        except ReturnError as exc:
            outcome[till.code] = exc

    threads = [threading.Thread(target=try_return, args=(t,)) for t in (t1, t2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    refused = [e for e in outcome.values() if isinstance(e, ReturnError)]
    assert len(outcome) == 2 and len(refused) == 1, outcome
    assert refused[0].code == "over_return"
    assert "already returned" in refused[0].en
    for t in (t1, t2):
        sync(t)
    returned = server.scalar(
        "SELECT COALESCE(-SUM(l.qty_milli), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
        "WHERE s.kind = 'return' AND l.original_line_id = :l",
        l=line_id,
    )
    sold = server.scalar("SELECT qty_milli FROM sale_lines WHERE id = :l", l=line_id)
    assert returned == sold  # never more than was sold, across tills
    refunded = server.scalar(
        "SELECT COALESCE(-SUM(l.amount), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
        "WHERE s.kind = 'return' AND l.original_line_id = :l",
        l=line_id,
    )
    assert refunded == server.scalar("SELECT amount FROM sale_lines WHERE id = :l", l=line_id)


def test_a_return_without_the_original_is_reconciled_when_it_arrives(
    pg_live: LiveServer, make_till: MakeTill
) -> None:
    server = pg_live
    t1 = make_till("T01")
    t2 = make_till("T02", empty=True)
    own_opening(t2, keep=False)
    register(t2, server)
    sync(t2)
    receipt_no, product_id, _qty = a_returnable_receipt(t1)  # T01 has not sent its sales yet
    with pytest.raises(ReturnError) as refused:
        fetch_remote(t2.engine, "T01", receipt_no)
    assert refused.value.code == "no_sale"
    # Head office cannot confirm it: a manager approves a return without the original.
    boss = manager(t2)
    open_shift(t2.engine, boss, t2.code, CashCount.of({100_000: 5}))
    back = return_without_original(
        t2.engine, "T01", receipt_no, {product_id: 1000}, SaleContext("T02"), boss, reason="hàng lỗi"
    )
    assert [e.action for e in entries(t2.engine, actions=("return_without_original",))] == [
        "return_without_original"
    ]
    sync_round_once(t2)
    assert counts(t2.engine).total == 1  # held back: nothing uploaded without its original
    with t2.engine.connect() as c:
        assert c.execute(text("SELECT status FROM remote_returns")).scalar() == "pending"
        c.rollback()
    register(t1, server)
    sync(t1)  # the original arrives at head office
    sync(t2)  # reconciled: linked, claimed, sent
    with t2.engine.connect() as c:
        assert c.execute(text("SELECT status FROM remote_returns")).scalar() == "linked"
        c.rollback()
    original_id = server.scalar(
        "SELECT id FROM sales WHERE terminal_code = 'T01' AND receipt_no = :n", n=receipt_no
    )
    assert server.scalar("SELECT original_sale_id FROM sales WHERE id = :i", i=back.id) == original_id
    assert state.read(t2.engine, state.TOKEN)


def sync_round_once(till: Terminal) -> None:
    from pos.sync.rounds import client_for, sync_round

    with client_for(till.engine) as client:
        sync_round(till.engine, client)
