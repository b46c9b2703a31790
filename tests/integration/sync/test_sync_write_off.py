"""A write-off at a till reaches head office's stock after sync (issue 18, item 3): the ``waste`` move travels in
the outbox like every other stock move, is stored once at head office and lowers the store's stock there; the till
then shows head office's figure. Real till (SQLite file) against the real server on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text
from sync_helpers import STORE, LiveServer
from test_sync_store_stock import levels, store_levels, sync

from pos.ids import new_id
from pos.inventory.writeoffs import write_off
from pos.staff.member import StaffMember
from pos.sync.registration import register_terminal
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def test_a_till_write_off_lowers_the_stores_stock_at_head_office(
    server: LiveServer, make_till: MakeTill
) -> None:
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"), send_stock=True)
    sync(till)
    store = store_levels(server.engine, STORE)
    pid = next(p for p, q in sorted(store.items()) if q >= 3000)
    manager = StaffMember(new_id(), "M01", "Phạm Thu Hà", "manager")  # as sync_helpers signs one in
    move = write_off(till.engine, manager, pid, 2000, "expired", note="lô tháng 11")
    assert levels(till)[pid] == store[pid] - 2000  # shown at once: an unsent move
    assert store_levels(server.engine, STORE)[pid] == store[pid]
    sync(till)
    assert store_levels(server.engine, STORE)[pid] == store[pid] - 2000
    assert levels(till)[pid] == store[pid] - 2000  # now head office's figure, the move counted once
    with server.engine.connect() as c:
        row = c.execute(
            text("SELECT kind, qty_milli, reason, unit_cost FROM stock_moves WHERE id = :i"), {"i": move}
        ).one()
        c.rollback()
    assert (row[0], row[1], row[2]) == ("waste", -2000, "expired: lô tháng 11") and row[3] > 0
    sync(till)  # nothing sent twice
    assert store_levels(server.engine, STORE)[pid] == store[pid] - 2000
