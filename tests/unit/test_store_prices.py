"""Who wins among head office's prices on a till (``pos.catalogue.due_prices.resolve``), and a catalogue page's
rules applied in its one transaction: a store's own price, prices to come, what the till refuses (reported, the
rest applied), and the price at midnight on the till's clock — a cart opened before keeps its lines' prices."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from pos.catalogue.due_prices import DuePrice, resolve
from pos.db import write_tx
from pos.inventory.prices import apply_due_prices
from pos.selling.cart import Cart
from pos.staff.audit import entries
from pos.sync import state
from pos.sync.catalogue_apply import apply_page
from pos.sync.price_rules import REJECTED_KEY, report_rejected
from pos.sync.wire import ChangesPage, ConsignmentTermDoc, ProductRulesDoc, ScheduledPriceDoc
from pos.till.scan import scan_into
from pos.till.terminal import Terminal

D = dt.date(2026, 12, 7)
T0 = dt.datetime(2026, 12, 1, 9, 0)


def due(origin: str, day: int, price: int, minute: int = 0) -> DuePrice:
    return DuePrice(origin, D + dt.timedelta(days=day), T0 + dt.timedelta(minutes=minute), price)


def test_a_stores_own_price_beats_the_network_whatever_the_days() -> None:
    assert resolve(100, None, [due("network", 0, 90), due("store", -3, 80)]) == (80, 80)
    assert resolve(80, 80, [due("network", 1, 70)]) == (80, 80)  # the store keeps its own


def test_the_latest_day_wins_and_a_tie_goes_to_the_one_set_last() -> None:
    assert resolve(100, None, [due("network", 0, 90), due("network", -1, 95)]) == (90, None)
    assert resolve(100, None, [due("network", 0, 91, minute=5), due("network", 0, 92, minute=1)]) == (
        91,
        None,
    )
    assert resolve(100, None, [due("store", 0, 70, minute=1), due("store", 0, 75, minute=9)]) == (75, 75)
    assert resolve(100, None, []) == (100, None)
    assert resolve(100, None, [due("till", 0, 99)]) == (
        99,
        None,
    )  # a manager's own price is the till's network


def _at_local(day: dt.date, hour: int = 0, minute: int = 1) -> dt.datetime:
    """Naive UTC of a wall-clock time on this machine (the till's clock, as the applier reads it)."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone(dt.UTC).replace(tzinfo=None)


def _products(t: Terminal, n: int) -> list[tuple[str, int, str]]:
    with t.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT p.id, p.price, b.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "WHERE p.active = 1 AND p.weighed = 0 ORDER BY p.sku LIMIT :n"
            ),
            {"n": n},
        ).all()
        c.rollback()
    return [(str(a), int(b), str(c)) for a, b, c in rows]


def _price(t: Terminal, pid: str) -> int:
    with t.engine.connect() as c:
        v = int(c.execute(text("SELECT price FROM products WHERE id = :p"), {"p": pid}).scalar_one())
        c.rollback()
    return v


def _rules(pid: str, **kw: object) -> ProductRulesDoc:
    return ProductRulesDoc.model_validate({"product_id": pid, **kw})


def _scheduled(sid: str, day: dt.date, price: int, *, store: bool = False) -> dict[str, object]:
    return ScheduledPriceDoc(
        id=sid, valid_from=day, price=price, store=store, created_at=dt.datetime(2026, 12, 1, 8)
    ).model_dump()


def test_a_page_of_rules_applies_whole_and_refuses_what_it_cannot(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    (a, pa, _), (b, pb, _), (c, pc, _) = _products(t, 3)
    today = dt.date.today()
    page = ChangesPage(
        cursor="x",
        more=False,
        rules=[
            _rules(
                a,
                store_price=pa + 5_000,
                consignment=[ConsignmentTermDoc(valid_from=today, consigned=True, commission_bp=1500)],
            ),
            _rules(b, scheduled=[_scheduled("s-b", today + dt.timedelta(days=1), pb + 1_000)]),
            _rules(c, store_price=1_000, scheduled=[_scheduled("s-c", today, -5)]),  # a negative price
            _rules("no-such-product", store_price=10_000),
        ],
    )
    refused: list[dict[str, str]] = []
    with write_tx(t.engine) as conn:
        apply_page(conn, page, "2026-12-07 10:00:00", at=_at_local(today, 10), rejected=refused)
        report_rejected(conn, refused, "T01")
    assert sorted((r["product_id"], r["reason"]) for r in refused) == [
        (c, "bad_price"),
        ("no-such-product", "no_product"),
    ]
    assert _price(t, a) == pa + 5_000  # the store's own price, at once
    assert _price(t, b) == pb  # tomorrow's price waits for tomorrow
    assert _price(t, c) == pc  # refused whole: neither its store price nor its schedule
    with t.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT COUNT(*) FROM store_prices WHERE product_id = :p"), {"p": c}).scalar()
            == 0
        )
        terms = conn.execute(
            text("SELECT consigned, commission_bp FROM consignment_terms WHERE product_id = :p"), {"p": a}
        ).all()
        assert [tuple(r) for r in terms] == [(1, 1500)]
        assert state.get(conn, REJECTED_KEY) and c in str(state.get(conn, REJECTED_KEY))
        conn.rollback()
    assert [e.action for e in entries(t.engine, actions=("catalogue_rejected",))] == ["catalogue_rejected"]

    # At midnight on the till's clock (no network): a cart opened before keeps its line; the next scan sells anew.
    _, _, code_b = next(x for x in _products(t, 3) if x[0] == b)
    cart = Cart(t.vat, today)
    scan_into(cart, t.catalogue, code_b, None, today)
    changed = apply_due_prices(t.engine, now=_at_local(today + dt.timedelta(days=1), 0, 1))
    assert (b, pb, pb + 1_000) in changed
    scan_into(cart, t.catalogue, code_b, None, today + dt.timedelta(days=1))
    assert [(ln.unit_price, ln.qty_milli) for ln in cart.lines] == [(pb, 1000), (pb + 1_000, 1000)]


def test_a_failed_page_leaves_nothing_behind(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    (a, pa, _), *_ = _products(t, 1)
    page = ChangesPage(cursor="x", more=False, rules=[_rules(a, store_price=pa + 1)])
    with pytest.raises(RuntimeError), write_tx(t.engine) as conn:
        apply_page(conn, page, "2026-12-07 10:00:00")
        raise RuntimeError("the page's transaction fails after the rules")
    assert _price(t, a) == pa


def test_a_price_with_a_time_of_day_starts_then_on_the_tills_clock(stocked_terminal: Terminal) -> None:
    t = stocked_terminal
    (a, pa, _), (b, pb, _) = _products(t, 2)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    later = ScheduledPriceDoc(
        id="s-t", valid_from=tomorrow, valid_time=dt.time(10, 30), price=pa + 300, created_at=T0
    )
    midnight = ScheduledPriceDoc(id="s-m", valid_from=tomorrow, price=pb + 100, created_at=T0)
    page = ChangesPage(
        cursor="x",
        more=False,
        rules=[_rules(a, scheduled=[later.model_dump()]), _rules(b, scheduled=[midnight.model_dump()])],
    )
    with write_tx(t.engine) as conn:
        apply_page(conn, page, "2026-12-07 10:00:00", at=_at_local(dt.date.today(), 12))
    apply_due_prices(t.engine, now=_at_local(tomorrow, 0, 1))
    assert (_price(t, a), _price(t, b)) == (pa, pb + 100)
    apply_due_prices(t.engine, now=_at_local(tomorrow, 10, 29))
    assert _price(t, a) == pa
    apply_due_prices(t.engine, now=_at_local(tomorrow, 10, 30))
    assert _price(t, a) == pa + 300


def test_within_a_day_the_later_time_wins() -> None:
    early = DuePrice("network", D, T0 + dt.timedelta(minutes=9), 90, "08:00")
    late = DuePrice("network", D, T0, 95, "17:00")
    assert resolve(100, None, [late, early]) == (95, None)


def test_a_shelf_label_for_a_later_day_shows_the_price_the_till_will_sell_at(
    stocked_terminal: Terminal,
) -> None:
    from pos.inventory.labels import shelf_labels

    t = stocked_terminal
    (a, pa, _), (b, pb, _) = _products(t, 2)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    page = ChangesPage(
        cursor="x",
        more=False,
        rules=[
            _rules(a, store_price=pa + 1_000, scheduled=[_scheduled("n-a", tomorrow, pa + 2_000)]),
            _rules(b, scheduled=[_scheduled("n-b", tomorrow, pb + 3_000)]),
        ],
    )
    with write_tx(t.engine) as conn:
        apply_page(conn, page, "2026-12-07 10:00:00")
    labels = {x.product_id: x.price for x in shelf_labels(t.engine, [a, b], price_on=tomorrow)}
    assert labels == {a: pa + 1_000, b: pb + 3_000}  # the store's own price stays; the network's changes


def test_refusals_are_held_until_head_office_puts_them_right_and_go_with_the_tills_status(
    stocked_terminal: Terminal,
) -> None:
    from pos.sync.price_rules import held_refusals
    from pos.sync.rounds import till_status

    t = stocked_terminal
    (a, pa, _), *_ = _products(t, 1)
    bad = ChangesPage(
        cursor="x", more=False, rules=[_rules(a, store_price=-1), _rules("gone", store_price=5)]
    )
    for page, expected in (
        (bad, 2),
        (ChangesPage(cursor="y", more=False, rules=[_rules(a, store_price=pa)]), 1),
    ):
        refused: list[dict[str, str]] = []
        with write_tx(t.engine) as conn:
            apply_page(conn, page, "2026-12-07 10:00:00", rejected=refused)
            report_rejected(conn, refused, "T01", [r.product_id for r in page.rules])
        assert till_status(t.engine).rejected_rules == expected
    with t.engine.connect() as conn:
        assert held_refusals(conn) == [{"product_id": "gone", "reason": "no_product"}]
        conn.rollback()
