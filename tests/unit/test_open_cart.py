"""The sale in progress on disk (``pos.selling.open_cart``): every field comes back exactly, the basket is never in
two places or none (checkout, park, recall write in one transaction with it), a different day or a damaged row
is handled, and a refused write never stops selling. Real SQLite files, the demo catalogue."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import pytest
from sqlalchemy import event, text

from pos.catalogue.lookup import ScanResult
from pos.errors import PaymentError
from pos.open_cart_store import KEY, rekey_product, stored_document
from pos.payments.tenders import Tender
from pos.selling.cart import Cart, Discount
from pos.selling.checkout import SaleContext
from pos.selling.open_cart import UNREADABLE_PREFIX, OpenCart
from pos.selling.parked import ParkedSales
from pos.selling.promotions import Promotion, PromotionsInForce
from pos.settings import load_settings
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.pins import install_secret
from pos.till.guarded import guarded_checkout
from pos.till.terminal import Terminal
from pos.vat import DEFAULT_SCHEDULE, VatSchedule

CHA_MUC = "8938390707402"  # 390 000 ₫
BA_KICH = "8936174404257"  # 240 000 ₫
GAT_GU = "8934656203930"  # 45 000 ₫
SCALE_LABEL = "2000011004538"  # a weighed product, 453 g, its price on the label
DAY = dt.date(2026, 3, 14)
SAVED_AT = dt.datetime(2026, 3, 14, 3, 21, 5)

PROMO = Promotion(
    id="p-1",
    code="TET10",
    name_vi="Tết giảm 10%",
    name_en="Tet 10% off",
    kind="percent",
    value=10,
    scope="product",
    target="QN-0101",
    starts_on=dt.date(2026, 1, 1),
    ends_on=dt.date(2026, 12, 31),
    store_codes=frozenset({"QN-HL01"}),
    producer_ids=frozenset({"prod-9"}),
)


def rows(t: Terminal, sql: str, **params: object) -> list[tuple[object, ...]]:
    with t.engine.connect() as conn:
        out = [tuple(r) for r in conn.execute(text(sql), params).all()]
        conn.rollback()
    return out


def stored(t: Terminal) -> dict[str, object] | None:
    found = rows(t, "SELECT value FROM terminal_state WHERE key = :k", k=KEY)
    return stored_document(found[0][0]) if found else None  # type: ignore[arg-type]


def every_kind_of_line(t: Terminal) -> Cart:
    """A cart holding every field a line and a cart can have."""
    cart = Cart(t.vat, DAY, promotions=PromotionsInForce((PROMO,)))
    cart.add(t.catalogue.resolve(CHA_MUC))
    cart.add(t.catalogue.resolve(CHA_MUC))  # same line, qty 2
    cart.add(t.catalogue.resolve(BA_KICH))
    cart.set_unit_price(1, 199_000)  # a price override
    cart.set_line_discount(0, Discount(percent=7))
    cart.add(t.catalogue.resolve(GAT_GU), 3000)  # gets the promotion
    cart.set_qty(2, 5000)
    weighed = t.catalogue.resolve(SCALE_LABEL)  # weighed, 453 g from the scale's label
    cart.add(weighed)
    cart.add(ScanResult(weighed.product, "2400011067950", amount=67_950))  # price-embedded: a fixed amount
    gat_gu = t.catalogue.resolve(GAT_GU).product
    cart.add(
        ScanResult(
            gat_gu, "(01)08934656203930(10)L2603(17)260930", batch="L2603", expiry=dt.date(2026, 9, 30)
        )
    )
    cart.set_line_discount(5, Discount(amount=5_000))
    cart.lines[5] = dataclasses.replace(cart.lines[5], original_line_id="line-xyz")
    cart.set_sale_discount(Discount(amount=12_000))
    cart.note = "khách đoàn Hà Nội — ghi hoá đơn"
    return cart


def test_every_field_of_the_cart_comes_back_exactly(demo_terminal: Terminal) -> None:
    t = demo_terminal
    cart = every_kind_of_line(t)
    assert cart.lines[2].promotion == PROMO and cart.lines[2].applied_promotion == PROMO
    assert cart.lines[3].qty_milli == 453 and cart.lines[4].fixed_amount == 67_950
    assert cart.lines[5].batch == "L2603" and cart.lines[5].expiry == dt.date(2026, 9, 30)
    store = OpenCart(t.engine)
    assert store.save(cart, cashier_name="Lan", cashier_id="s-1", customer_lang="en", now=SAVED_AT)

    t.close()  # the till process ends (however); a new one opens the same database
    t = Terminal.open(load_settings(t.settings.home))
    today = PromotionsInForce(())
    restored = OpenCart(t.engine).restore(t.vat, DAY, today)
    assert restored is not None
    assert (
        restored.cart.lines == cart.lines
    )  # product snapshots, qty, prices, overrides, discounts, promotions,
    # batch, expiry, price-embedded amounts, original line ids: every field of every line
    assert restored.cart.sale_discount == Discount(amount=12_000)
    assert restored.cart.note == cart.note
    assert restored.cart.on == DAY and restored.started_on == DAY and not restored.from_another_day()
    assert restored.cart.totals() == cart.totals()
    assert restored.cart.promotions is today  # lines added from now on get the restoring day's promotions
    assert (restored.started_by, restored.started_by_id, restored.customer_lang) == ("Lan", "s-1", "en")
    assert restored.started_at == restored.saved_at == SAVED_AT
    t.close()


def test_who_started_the_cart_is_kept_across_saves_and_restarts(demo_terminal: Terminal) -> None:
    t = demo_terminal
    store = OpenCart(t.engine)
    cart = t.new_cart(DAY)
    cart.add(t.catalogue.resolve(CHA_MUC))
    store.save(cart, cashier_name="Lan", cashier_id="s-1", now=SAVED_AT)
    cart.add(t.catalogue.resolve(BA_KICH))
    later = SAVED_AT + dt.timedelta(minutes=4)
    store.save(cart, cashier_name="Minh", cashier_id="s-2", now=later)  # another cashier signed in meanwhile
    doc = stored(t)
    assert doc is not None and doc["started_by"] == "Lan" and doc["saved_at"] == later.isoformat()

    again = OpenCart(t.engine)  # the next run
    restored = again.restore(t.vat, DAY)
    assert restored is not None and restored.started_by == "Lan" and restored.started_at == SAVED_AT
    restored.cart.add(t.catalogue.resolve(GAT_GU))
    again.save(restored.cart, cashier_name="Minh", cashier_id="s-2")
    assert stored(t)["started_by"] == "Lan"  # type: ignore[index]
    # sold out: the next cart is a new one, started by whoever starts it
    restored.cart.clear()
    again.save(restored.cart)
    assert stored(t) is None
    cart = t.new_cart(DAY)
    cart.add(t.catalogue.resolve(GAT_GU))
    again.save(cart, cashier_name="Minh", cashier_id="s-2", now=later)
    assert stored(t)["started_by"] == "Minh"  # type: ignore[index]


def test_an_empty_cart_removes_the_row_and_writes_nothing_more(demo_terminal: Terminal) -> None:
    t = demo_terminal
    store = OpenCart(t.engine)
    cart = t.new_cart()
    writes: list[str] = []
    event.listen(t.engine, "before_cursor_execute", lambda *a: writes.append(str(a[2])))
    assert store.save(cart) and store.save(cart)  # nothing is stored yet: the first still makes sure
    assert len([w for w in writes if w.startswith("DELETE")]) == 1
    cart.add(t.catalogue.resolve(GAT_GU))
    store.save(cart)
    assert stored(t) is not None
    cart.remove(0)
    store.save(cart)
    assert stored(t) is None
    assert OpenCart(t.engine).restore(t.vat, dt.date.today()) is None


def test_a_cart_from_another_day_keeps_its_prices_and_takes_the_vat_of_the_day_it_is_paid(
    demo_terminal: Terminal,
) -> None:
    t = demo_terminal
    # a VAT change at midnight: "reduced" is 8 % until 31/12/2026, 10 % from 1/1/2027 (DEFAULT_SCHEDULE)
    vat = VatSchedule.default()
    cart = Cart(vat, dt.date(2026, 12, 31))
    product = dataclasses.replace(t.catalogue.resolve(GAT_GU).product, vat_class="reduced")
    cart.add(ScanResult(product, GAT_GU))
    before = cart.totals()
    OpenCart(t.engine).save(cart, cashier_name="Lan", now=dt.datetime(2026, 12, 31, 14, 0))
    # the price changes overnight too
    with t.engine.begin() as conn:
        conn.execute(text("UPDATE products SET price = 50000 WHERE sku = 'QN-0101'"))

    restored = OpenCart(t.engine).restore(vat, dt.date(2027, 1, 1))
    assert restored is not None and restored.from_another_day()
    assert restored.started_on == dt.date(2026, 12, 31) and restored.cart.on == dt.date(2027, 1, 1)
    after = restored.cart.totals()
    assert restored.cart.lines[0].unit_price == 45_000 and after.total == before.total == 45_000
    assert [r.rate_pct for r in before.vat] == [8] and [r.rate_pct for r in after.vat] == [10]


@pytest.fixture
def cashier(demo_terminal: Terminal) -> StaffMember:
    secret = install_secret(demo_terminal.settings.home)
    member = authenticate(demo_terminal.engine, secret, "1111", staff_code="C01", terminal_code="T01")
    open_shift(demo_terminal.engine, member, "T01", CashCount.of({100_000: 5}))
    return member


def test_the_checkout_removes_the_open_cart_in_its_own_transaction(
    demo_terminal: Terminal, cashier: StaffMember
) -> None:
    t = demo_terminal
    store = OpenCart(t.engine)
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(GAT_GU))
    store.save(cart, cashier_name=cashier.name)
    ctx = SaleContext("T01")

    def fails_after(conn, sale_row):  # type: ignore[no-untyped-def]
        store.drop(conn, sale_row)
        raise RuntimeError("power cut mid-commit")

    with pytest.raises(RuntimeError):
        guarded_checkout(t.engine, cart, [Tender.cash(45_000)], ctx, cashier, also=fails_after)
    assert stored(t) is not None and rows(t, "SELECT COUNT(*) FROM sales") == [(0,)]  # neither happened
    with pytest.raises(PaymentError):
        guarded_checkout(t.engine, cart, [Tender.cash(1_000)], ctx, cashier, also=store.drop)
    assert stored(t) is not None

    sale = guarded_checkout(t.engine, cart, [Tender.cash(45_000)], ctx, cashier, also=store.drop)
    assert stored(t) is None and rows(t, "SELECT id FROM sales") == [(sale.id,)]  # both happened


def test_park_and_recall_move_the_basket_in_one_transaction(demo_terminal: Terminal) -> None:
    t = demo_terminal
    store, parked = OpenCart(t.engine), ParkedSales(t.engine)
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(CHA_MUC))
    store.save(cart, cashier_name="Lan")
    summary = parked.park(cart, cashier_name="Lan", also=store.drop)
    assert stored(t) is None and parked.count() == 1

    recalled = parked.recall(summary.id, t.vat, also=lambda conn, c: store.put(conn, c, cashier_name="Minh"))
    doc = stored(t)
    assert parked.count() == 0 and doc is not None and doc["started_by"] == "Minh"
    restored = OpenCart(t.engine).restore(t.vat, dt.date.today())
    assert restored is not None and restored.cart.lines == recalled.lines == cart.lines


def test_a_parked_cart_that_cannot_be_read_stays_parked(demo_terminal: Terminal) -> None:
    t = demo_terminal
    store, parked = OpenCart(t.engine), ParkedSales(t.engine)
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(CHA_MUC))
    summary = parked.park(cart)
    with t.engine.begin() as conn:
        conn.execute(
            text("UPDATE terminal_state SET value = json_set(value, '$.cart.v', 99) WHERE key = :k"),
            {"k": "parked:" + summary.id},
        )
    with pytest.raises(Exception, match="định dạng lạ"):
        parked.recall(summary.id, t.vat, also=lambda conn, c: store.put(conn, c))
    assert parked.count() == 1 and stored(t) is None


def test_a_damaged_open_cart_is_kept_aside_and_the_till_starts_empty(
    demo_terminal: Terminal, caplog: pytest.LogCaptureFixture
) -> None:
    t = demo_terminal
    with t.engine.begin() as conn:
        conn.execute(
            text('INSERT INTO terminal_state (key, value) VALUES (:k, \'{"v": 1, "cart": \')'), {"k": KEY}
        )
    with caplog.at_level(logging.ERROR):
        assert OpenCart(t.engine).restore(t.vat, dt.date.today()) is None
    aside = rows(t, "SELECT key, value FROM terminal_state WHERE key LIKE :p", p=UNREADABLE_PREFIX + "%")
    assert len(aside) == 1 and aside[0][1] == '{"v": 1, "cart": ' and stored(t) is None
    assert "cannot be read" in caplog.text


def test_a_refused_write_is_logged_once_and_selling_goes_on(
    demo_terminal: Terminal, caplog: pytest.LogCaptureFixture
) -> None:
    t = demo_terminal
    store = OpenCart(t.engine)
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(CHA_MUC))

    def read_only(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        dbapi_conn.execute("PRAGMA query_only = ON")

    t.engine.dispose()
    event.listen(t.engine, "connect", read_only)
    with caplog.at_level(logging.WARNING):
        assert store.save(cart) is False
        cart.add(t.catalogue.resolve(BA_KICH))
        assert store.save(cart) is False
    assert caplog.text.count("could not be saved") == 1 and "readonly" in caplog.text
    event.remove(t.engine, "connect", read_only)
    t.engine.dispose()
    with caplog.at_level(logging.WARNING):
        assert store.save(cart) is True
    assert "saved again" in caplog.text
    assert len(OpenCart(t.engine).restore(t.vat, dt.date.today()).cart.lines) == 2  # type: ignore[union-attr]


def test_a_cart_the_till_can_no_longer_price_is_kept_aside(demo_terminal: Terminal) -> None:
    t = demo_terminal
    product = dataclasses.replace(t.catalogue.resolve(GAT_GU).product, vat_class="retired")
    vat = VatSchedule([*DEFAULT_SCHEDULE, ("retired", dt.date(2000, 1, 1), 5)])
    cart = Cart(vat, DAY)
    cart.add(ScanResult(product, GAT_GU))
    OpenCart(t.engine).save(cart)
    assert OpenCart(t.engine).restore(t.vat, DAY) is None  # today's rates have no "retired" class
    assert len(rows(t, "SELECT key FROM terminal_state WHERE key LIKE :p", p=UNREADABLE_PREFIX + "%")) == 1


def test_the_saved_cart_is_deflated_and_a_plain_json_one_still_restores(demo_terminal: Terminal) -> None:
    """The document is stored zlib-compressed (one page to sync per scan); a row of plain JSON text, as an older
    version wrote it, restores the same cart."""
    t = demo_terminal
    cart = every_kind_of_line(t)
    OpenCart(t.engine).save(cart, cashier_name="Lan")
    (raw,) = rows(t, "SELECT value FROM terminal_state WHERE key = :k", k=KEY)[0]
    assert isinstance(raw, bytes) and len(raw) < len(json.dumps(stored_document(raw)))
    with t.engine.begin() as conn:
        conn.execute(
            text("UPDATE terminal_state SET value = :v WHERE key = :k"),
            {"k": KEY, "v": json.dumps(stored_document(raw), ensure_ascii=False)},
        )
    assert isinstance(rows(t, "SELECT value FROM terminal_state WHERE key = :k", k=KEY)[0][0], str)
    restored = OpenCart(t.engine).restore(t.vat, DAY)
    assert restored is not None and restored.cart.lines == cart.lines and restored.started_by == "Lan"


def test_a_product_rekeyed_by_head_office_is_rekeyed_in_the_deflated_cart(demo_terminal: Terminal) -> None:
    t = demo_terminal
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(CHA_MUC))
    OpenCart(t.engine).save(cart)
    old_id = cart.lines[0].product.id
    new_id = "0190aaaa-bbbb-7ccc-8ddd-eeeeffff0000"
    with t.engine.begin() as conn:
        rekey_product(conn, old_id, new_id)
    doc = stored(t)
    assert doc is not None and doc["cart"]["lines"][0]["product"]["id"] == new_id  # type: ignore[index]
    assert old_id not in json.dumps(doc)
