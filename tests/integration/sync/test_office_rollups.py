"""The office's roll-ups (folded behind ingest) and stock on hand (kept at ingest) equal the sums of the raw rows —
after replayed and duplicated uploads, a quarantined sale, stock moves and returns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Engine, text
from sync_helpers import LiveServer, outbox_size, register

from pos.server import rollups
from pos.server.db import write_tx
from pos.server.stock import raw_stock_levels, stock_levels
from pos.sync import outbox
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]
TABLES = ("rollup_lines", "rollup_payments", "rollup_vat", "rollup_receipts", "stock_on_hand")


def _read(c: Connection) -> dict[str, set[tuple[Any, ...]]]:
    out = {}
    for t in TABLES:
        names = list(c.execute(text(f"SELECT * FROM {t} LIMIT 0")).keys())
        cols = ", ".join(n for n in names if n != "cashier_name")
        rows = c.execute(text(f"SELECT {cols} FROM {t}")).all()
        # A key whose sums all came back to zero (a sale and its return) may be kept or not: drop it.
        out[t] = {tuple(str(x) for x in r) for r in rows if any(v != 0 for v in r if isinstance(v, int))}
    return out


def snapshot(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """The tables as an office page reads them: the queued sales folded in first."""
    rollups.catch_up(engine)
    with engine.connect() as c:
        out = _read(c)
        c.rollback()
    return out


def rebuilt(engine: Engine) -> dict[str, set[tuple[Any, ...]]]:
    """The same tables recomputed from the raw rows (in a transaction that is rolled back)."""
    with engine.connect() as c:
        tx = c.begin()
        rollups.rebuild(c)
        out = _read(c)
        tx.rollback()
    return out


def test_rollups_equal_raw_sums_after_replays_and_quarantine(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    other = make_till("T02")
    register(till, server)
    register(other, server)
    # A sale whose lines do not add up: quarantined, so it must not count anywhere.
    with till.engine.begin() as c:
        row = c.execute(
            text("SELECT id, payload FROM outbox WHERE entity = 'sale' ORDER BY id LIMIT 1")
        ).one()
        doc = json.loads(row[1])
        doc["sale"]["total"] += 1000
        c.execute(text("UPDATE outbox SET payload = :p WHERE id = :i"), {"p": json.dumps(doc), "i": row[0]})
    queued = outbox_size(till.engine)
    rows = outbox.fresh_batch(till.engine, 0, 60)
    body = outbox.envelope(rows, dt.datetime.now(dt.UTC).replace(tzinfo=None))
    with client_for(till.engine) as client:
        first = client.upload(body)
        again = client.upload(body)  # a replayed batch (the answer was lost)
        assert sorted(first.held) == sorted(again.held)
        assert len(first.quarantined) == 1
        report = sync_round(till.engine, client, batch_size=37)
    with client_for(other.engine) as client:
        assert sync_round(other.engine, client, batch_size=50).all_sent
    assert report.left.total == 1  # the quarantined sale waits in the till's outbox
    assert server.scalar("SELECT COUNT(*) FROM sales WHERE terminal_code = 'T01'") == queued - 1
    # Head office records goods received at the store: stock on hand follows.
    with server.admin() as api:
        pid = server.scalar("SELECT id FROM products ORDER BY sku LIMIT 1")
        r = api.post(
            "/api/v1/stores/QN-HL01/stock-moves",
            json=[{"product_id": pid, "qty_milli": 5000, "kind": "receive"}],
        )
        assert r.status_code == 201, r.text
    kept = snapshot(server.engine)
    assert (
        kept["rollup_lines"] and kept["rollup_payments"] and kept["rollup_receipts"] and kept["stock_on_hand"]
    )
    assert kept == rebuilt(server.engine)
    # Month rows add up to the day rows, and any grouping adds up to the sales' own totals.
    with server.engine.connect() as c:
        day = c.execute(text("SELECT SUM(sales + returns) FROM rollup_lines WHERE grain = 'd'")).scalar_one()
        month = c.execute(
            text("SELECT SUM(sales + returns) FROM rollup_lines WHERE grain = 'm'")
        ).scalar_one()
        raw = c.execute(text("SELECT SUM(total) FROM sales")).scalar_one()
        receipts = c.execute(
            text("SELECT SUM(sales_total + returns_total) FROM rollup_receipts WHERE grain = 'm'")
        ).scalar_one()
        paid = c.execute(text("SELECT SUM(amount) FROM rollup_payments WHERE grain = 'd'")).scalar_one()
        vat = c.execute(text("SELECT SUM(gross) FROM rollup_vat WHERE grain = 'm'")).scalar_one()
        store_id = c.execute(text("SELECT id FROM stores WHERE code = 'QN-HL01'")).scalar_one()
        assert stock_levels(c, store_id) == [r for r in raw_stock_levels(c, store_id)]
        c.rollback()
    assert day == month == raw == receipts == paid == vat


def test_fold_counts_each_queued_sale_once(server: LiveServer, make_till: MakeTill) -> None:
    """Ingest queues the sales it stores; a fold adds them (roll-ups and stock on hand) and empties the queue, so
    folding again (or a replayed upload) adds nothing."""
    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        rows = outbox.fresh_batch(till.engine, 0, 1000)
        body = outbox.envelope(rows, dt.datetime.now(dt.UTC).replace(tzinfo=None))
        client.upload(body)
    sales = server.scalar("SELECT COUNT(*) FROM sales")
    assert sales and server.scalar("SELECT COUNT(*) FROM rollup_pending") == sales
    assert server.scalar("SELECT COUNT(*) FROM rollup_receipts") == 0  # not counted yet: queued
    assert rollups.catch_up(server.engine) == sales
    with server.engine.connect() as c:
        store_id = c.execute(text("SELECT id FROM stores WHERE code = 'QN-HL01'")).scalar_one()
        assert stock_levels(c, store_id) == raw_stock_levels(c, store_id)
    assert server.scalar("SELECT COUNT(*) FROM rollup_pending") == 0
    folded = snapshot(server.engine)
    assert rollups.catch_up(server.engine) == 0
    with client_for(till.engine) as client:
        client.upload(body)  # the answer was lost: the same batch again
    assert server.scalar("SELECT COUNT(*) FROM rollup_pending") == 0
    assert snapshot(server.engine) == folded == rebuilt(server.engine)


def test_rebuild_after_bulk_load_matches(server: LiveServer, make_till: MakeTill) -> None:
    """``rebuild`` is idempotent: run twice on the same rows it gives the same tables."""
    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        assert sync_round(till.engine, client).all_sent
    before = snapshot(server.engine)
    with write_tx(server.engine) as c:
        rollups.rebuild(c)
    with write_tx(server.engine) as c:
        rollups.rebuild(c)
    assert snapshot(server.engine) == before


def test_till_reports_its_status_once_a_round(server: LiveServer, make_till: MakeTill) -> None:
    """The network page's till columns come from the till itself: unsent entries, version, printer state."""
    from pos.receipts.printer_status import PrinterStatus
    from pos.receipts.queue import QueueState
    from pos.sync.state import set_device_state

    till = make_till("T01")
    register(till, server)
    set_device_state(
        till.engine, "printer", QueueState(True, 0, printer_status=PrinterStatus(paper_end=True)).word()
    )
    with client_for(till.engine) as client:
        rows = outbox.fresh_batch(till.engine, 0, 10)
        client.upload(outbox.envelope(rows, dt.datetime.now(dt.UTC).replace(tzinfo=None)))
        report = sync_round(till.engine, client, batch_size=1000)
    assert report.all_sent
    with server.engine.connect() as c:
        unsent, printer, version, status_at = c.execute(
            text(
                "SELECT unsent_count, printer_state, app_version, status_at FROM terminals WHERE code = 'T01'"
            )
        ).one()
        c.rollback()
    assert (unsent, printer, version) == (0, "paper_out", "0.1.0") and status_at is not None
    assert QueueState(False, 2).word() == "offline" and QueueState(True, 0).word() == "ok"
