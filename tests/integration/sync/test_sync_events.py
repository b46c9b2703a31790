"""Stock and shift events made at the till reach the server once, with the sales: receiving goods, adjusting,
counting, opening a shift, a paid-out and closing. The server's stock per store then equals the till's."""

from __future__ import annotations

import json
from collections.abc import Callable

from sqlalchemy import text
from sync_helpers import STORE, LiveServer, assert_server_has_exactly, manager, outbox_size, register

from pos.inventory.adjustments import adjust_stock
from pos.inventory.counting import apply_count, record_count, start_count
from pos.inventory.receiving import ReceivingLine, receive_goods
from pos.ledger.verify import verify_journal
from pos.models.values import utcnow
from pos.server import rollups
from pos.server.stock import stock_levels
from pos.shifts.cash import CashCount
from pos.shifts.close import close_shift
from pos.shifts.shift import open_shift, paid_out
from pos.sync import outbox
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _products(till: Terminal, n: int) -> list[tuple[str, str]]:
    with till.engine.connect() as c:
        rows = c.execute(text("SELECT id, sku FROM products ORDER BY sku LIMIT :n"), {"n": n}).all()
        c.rollback()
    return [(str(r[0]), str(r[1])) for r in rows]


def _till_levels_without_opening(till: Terminal) -> dict[str, int]:
    """The till's stock per product minus its opening stock: the generated catalogue's opening moves were written
    by the test data generator straight into the till's database, not by a till operation, so they never go up."""
    with till.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT product_id, SUM(qty_milli) FROM stock_moves WHERE kind <> 'opening' GROUP BY product_id"
            )
        ).all()
        c.rollback()
    return {str(p): int(q) for p, q in rows if int(q) != 0}


def _server_levels(server: LiveServer) -> dict[str, int]:
    store_id = str(server.scalar("SELECT id FROM stores WHERE code = :c", c=STORE))
    rollups.catch_up(server.engine)  # as the stock API does before it reads
    with server.engine.connect() as c:
        rows = stock_levels(c, store_id)
        c.rollback()
    return {r.product_id: r.qty_milli for r in rows if r.qty_milli != 0}


def _counts(server: LiveServer) -> tuple[object, ...]:
    return tuple(
        server.scalar(f"SELECT COUNT(*) FROM {t}")
        for t in ("sales", "sale_lines", "payments", "stock_moves", "shift_events", "quarantine")
    )


def test_stock_and_shift_events_reach_the_server_once(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    boss = manager(till)
    (p1, s1), (p2, s2), (p3, _s3) = _products(till, 3)
    sales_queued = outbox_size(till.engine)

    shift = open_shift(till.engine, boss, till.code, CashCount.of({100_000: 5}))
    receive_goods(
        till.engine,
        boss,
        [ReceivingLine(p1, s1, "", 12_000, 45_000, "L7"), ReceivingLine(p2, s2, "", 2_500, 80_000)],
        reference="PN-001",
    )
    adjust_stock(till.engine, boss, p1, -2_000, "damaged", note="vỡ hộp")
    count_id = start_count(till.engine, boss)
    record_count(till.engine, boss, count_id, p3, 7_000, replace=True)
    applied = apply_count(till.engine, boss, count_id)
    assert [c.product_id for c in applied.changes] == [p3]
    paid = paid_out(till.engine, boss, till.code, 120_000, "mua nước đá")
    close_shift(till.engine, boss, till.code, CashCount.of({100_000: 3, 50_000: 1, 10_000: 3}))

    # Each change wrote its own outbox entry, in its own transaction: 4 moves, 3 shift events.
    with till.engine.connect() as c:
        kinds = dict(c.execute(text("SELECT entity, COUNT(*) FROM outbox GROUP BY entity")).all())
        docs = [
            json.loads(p) for (p,) in c.execute(text("SELECT payload FROM outbox WHERE entity <> 'sale'"))
        ]
        c.rollback()
    assert kinds == {"sale": sales_queued, "stock_move": 4, "shift_event": 3}
    events = [d["event"] for d in docs if d["type"] == "shift_event"]
    assert [(e["kind"], e["shift_id"]) for e in events] == [
        ("open", shift.id),
        ("paid_out", shift.id),
        ("close", shift.id),
    ]
    assert events[1]["id"] == paid and events[1]["data"]["amount"] == -120_000
    assert events[2]["data"]["counted_cash"] == 380_000
    # The journal check reads sale entries only; the new kinds are not flagged.
    assert verify_journal(till.engine).ok

    sent = outbox.fresh_batch(till.engine, 0, 1000)
    with client_for(till.engine) as client:
        report = sync_round(till.engine, client, batch_size=100)
    assert report.all_sent and not report.upload.quarantined
    assert assert_server_has_exactly(till, server.engine) == sales_queued

    # Each event once, as the till recorded it.
    with server.engine.connect() as c:
        moves = {
            str(r[0]): tuple(r[1:])
            for r in c.execute(
                text("SELECT id, product_id, qty_milli, kind, batch, unit_cost FROM stock_moves")
            )
        }
        c.rollback()
    with till.engine.connect() as c:
        mine = {
            str(r[0]): tuple(r[1:])
            for r in c.execute(
                text(
                    "SELECT id, product_id, qty_milli, kind, batch, unit_cost FROM stock_moves "
                    "WHERE kind IN ('receive', 'adjust', 'count')"
                )
            )
        }
        c.rollback()
    assert moves == mine
    assert server.scalar("SELECT COUNT(*) FROM shift_events WHERE shift_id = :s", s=shift.id) == 3
    close = json.loads(
        str(server.scalar("SELECT data FROM shift_events WHERE shift_id = :s AND kind = 'close'", s=shift.id))
    )
    assert close["z_no"] == 1 and close["unsent_sales"] == 0

    # The server's stock for the store is the till's (both without the generator's opening stock).
    assert _server_levels(server) == _till_levels_without_opening(till)

    # The same batch sent again changes nothing and is all held.
    before = _counts(server)
    with client_for(till.engine) as client:
        again = client.upload(outbox.envelope(sent, utcnow()))
    assert set(again.held) == {r.entity_id for r in sent} and not again.quarantined
    assert _counts(server) == before
    assert _server_levels(server) == _till_levels_without_opening(till)
