"""The store is the unit of stock (issue 18, item 1): every till of a store shows head office's figure for the store
as of its last sync plus its own moves not sent yet; another store's sales never show.

Real tills (SQLite files) against the real server on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text
from sync_helpers import STORE, LiveServer, drain, manager, register

from pos.demo.simulate import simulate
from pos.ids import new_id
from pos.inventory.counting import apply_count, differences, record_count, start_count
from pos.inventory.stock import stock_as_of, stock_levels
from pos.server.provisioning import add_store
from pos.server.stock import stock_levels as server_levels
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]
OTHER = "QN-MC01"


def levels(till: Terminal) -> dict[str, int]:
    return {s.product_id: s.qty_milli for s in stock_levels(till.engine) if s.qty_milli}


def store_levels(engine: Engine, store: str) -> dict[str, int]:
    with engine.connect() as c:
        sid = c.execute(text("SELECT id FROM stores WHERE code = :s"), {"s": store}).scalar_one()
        out = {r.product_id: r.qty_milli for r in server_levels(c, str(sid)) if r.qty_milli}
        c.rollback()
    return out


def sync(till: Terminal) -> None:
    with client_for(till.engine) as client:
        drain(till.engine, client)


def own_opening(till: Terminal, *, keep: bool) -> None:
    """The template tills share one catalogue copy: give this shop its own opening stock (fresh move ids), or none
    (a second counter of a store holds no stock of its own)."""
    with till.engine.begin() as c:
        ids = [str(r[0]) for r in c.execute(text("SELECT id FROM stock_moves WHERE kind = 'opening'"))]
        for old in ids:
            if keep:
                c.execute(text("UPDATE stock_moves SET id = :n WHERE id = :o"), {"n": new_id(), "o": old})
            else:
                c.execute(text("DELETE FROM stock_moves WHERE id = :o"), {"o": old})


def registered_centre_of_three(
    server: LiveServer, make_till: MakeTill
) -> tuple[Terminal, Terminal, Terminal]:
    """T01 (which sold alone first) and T02 (no stock of its own) of one store, T03 of another store with its own
    opening stock: all three registered, none synced yet."""
    t1 = make_till("T01")
    t2 = make_till("T02", empty=True)
    own_opening(t2, keep=False)
    add_store(server.engine, OTHER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    t3 = make_till("T03", empty=True)
    own_opening(t3, keep=True)
    register_terminal(t1.settings, t1.engine, server.url, server.provision("T01"), send_stock=True)
    register(t2, server)
    register_terminal(
        t3.settings, t3.engine, server.url, server.provision("T03", store=OTHER), send_stock=True
    )
    return t1, t2, t3


def centre_of_three(server: LiveServer, make_till: MakeTill) -> tuple[Terminal, Terminal, Terminal]:
    """The three tills of :func:`registered_centre_of_three`, synced once — the several-tills stories start here."""
    tills = registered_centre_of_three(server, make_till)
    for t in tills:
        sync(t)
    return tills


def test_two_tills_of_a_store_show_one_stock(server: LiveServer, make_till: MakeTill) -> None:
    # T01 sold alone for a while: opening stock and 150 sales waiting
    t1, t2, t3 = registered_centre_of_three(server, make_till)
    assert stock_as_of(t2.engine) is None  # not synced yet: its own (empty) stock
    before_t3 = levels(t3)

    sync(t1)
    sync(t2)
    sync(t3)
    store = store_levels(server.engine, STORE)
    # T01's opening stock and sales reached head office; T02 shows the store's stock, not its own (none).
    assert store and levels(t1) == store and levels(t2) == store
    assert stock_as_of(t2.engine) is not None
    assert levels(t3) == before_t3 == store_levels(server.engine, OTHER)

    # T01 sells: its own screen shows it at once (unsent moves), T02 after both sync.
    simulate(t1, 12, seed=1818)
    after_sale = levels(t1)
    assert after_sale != store
    assert levels(t2) == store
    sync(t1)
    sync(t2)
    assert levels(t2) == levels(t1) == after_sale == store_levels(server.engine, STORE)
    # Selling at one centre never touches another's stock.
    sync(t3)
    assert levels(t3) == before_t3

    # A stock count at T02 (which holds no stock of its own) expects the store's figure, and what it finds becomes
    # the store's figure at head office: one shelf, whichever counter counts it.
    product = next(iter(after_sale))
    boss = manager(t2)
    count_id = start_count(t2.engine, boss)
    record_count(t2.engine, boss, count_id, product, after_sale[product] - 1_000, replace=True)
    review = differences(t2.engine, count_id)
    assert [(d.product_id, d.expected_milli) for d in review.lines] == [(product, after_sale[product])]
    apply_count(t2.engine, boss, count_id)
    sync(t2)
    sync(t1)
    assert store_levels(server.engine, STORE)[product] == after_sale[product] - 1_000
    assert levels(t1)[product] == levels(t2)[product] == after_sale[product] - 1_000
