"""Inventory: receiving, adjustments, stock counts, alerts, valuation, products, dated prices, producers, labels.
Stock is only ever changed by adding moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.errors import BarcodeError, PermissionDenied
from pos.inventory.adjustments import adjust_stock
from pos.inventory.alerts import low_stock, near_expiry
from pos.inventory.counting import apply_count, differences, record_count, scan_count, start_count
from pos.inventory.labels import label_doc, shelf_labels
from pos.inventory.prices import (
    CatalogueEditError,
    apply_due_prices,
    local_date,
    price_history,
    schedule_price,
    upcoming_prices,
)
from pos.inventory.producers import ProducerInput, get_producer, save_producer
from pos.inventory.products import ProductInput, barcode_key, create_product, load_product, update_product
from pos.inventory.receiving import ReceivingLine, ReceivingSession, StockError, average_cost, receive_goods
from pos.inventory.stock import movements, stock_of
from pos.inventory.terms import parse_percent_bp, set_consignment, set_low_stock
from pos.inventory.valuation import valuation
from pos.payments.tenders import Tender
from pos.receipts.layout import compose_rows
from pos.selling.checkout import SaleContext
from pos.till.guarded import guarded_checkout
from tests.integration.test_store_support import Shop, T, build_template, open_shop

NOW = dt.datetime.now(dt.UTC).replace(tzinfo=None)
TODAY = local_date(NOW)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    yield s
    s.t.close()


def _sell(shop: Shop, sku: str, qty: int) -> None:
    cart = shop.t.new_cart()
    cart.add(shop.t.catalogue.resolve(shop.code(sku)), qty)
    guarded_checkout(shop.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(T), shop.staff("S01"))


def _moves(shop: Shop) -> int:
    with shop.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM stock_moves")).scalar_one())


def test_receiving_posts_moves_with_batch_expiry_and_averages_the_cost(shop: Shop) -> None:
    lead = shop.staff("S01")
    pid = shop.product_id("QN-0007")  # demo: stock 67 at cost c0
    c0 = shop.t.catalogue.by_id(pid).cost  # type: ignore[union-attr]
    session = ReceivingSession(shop.t.catalogue)
    i = session.scan("(01)0" + shop.code("QN-0007") + "(10)L2611(17)270630", 10_000, unit_cost=c0 + 3_300)
    session.scan(
        shop.code("QN-0007"), 3_000, unit_cost=c0 + 3_300, batch="L2611", expiry=dt.date(2027, 6, 30)
    )
    assert len(session.lines) == 1 and session.lines[i].qty_milli == 13_000  # same lot, one line
    session.scan(shop.code("QN-0011"), 5_000)
    assert session.total_cost == session.lines[0].cost + session.lines[1].cost
    with pytest.raises(PermissionDenied):
        receive_goods(shop.engine, shop.staff("C01"), session.lines)
    producer = shop.t.catalogue.by_id(pid).producer_id  # type: ignore[union-attr]
    receipt = receive_goods(shop.engine, lead, session.lines, producer_id=producer, reference="PN-0001")
    assert receipt.total_cost == 13 * (c0 + 3_300) + 5 * shop.t.catalogue.by_sku("QN-0011").cost  # type: ignore[union-attr]
    assert stock_of(shop.engine, pid) == 80_000
    newest = movements(shop.engine, pid)[0]
    assert (newest.kind, newest.qty_milli, newest.batch, newest.expiry) == (
        "receive",
        13_000,
        "L2611",
        dt.date(2027, 6, 30),
    )
    assert shop.t.catalogue.by_id(pid).cost == average_cost(67_000, c0, 13_000, c0 + 3_300)  # type: ignore[union-attr]
    assert average_cost(-2_000, 50_000, 1_000, 60_000) == 60_000  # nothing on hand: the new cost
    with pytest.raises(StockError):
        receive_goods(shop.engine, lead, [ReceivingLine(pid, "QN-0007", "x", 0, 1)])


def test_adjustments_need_a_reason_the_right_sign_and_the_right(shop: Shop) -> None:
    manager = shop.staff("M01")
    pid = shop.product_id("QN-0009")
    before = stock_of(shop.engine, pid)
    with pytest.raises(StockError) as sign:
        adjust_stock(shop.engine, manager, pid, 2_000, "damaged")
    assert sign.value.code == "bad_sign"
    with pytest.raises(StockError):
        adjust_stock(shop.engine, manager, pid, -1_000, "lost in space")
    with pytest.raises(StockError):
        adjust_stock(shop.engine, manager, pid, 1_000, "correction")  # a correction needs a note
    with pytest.raises(PermissionDenied):
        adjust_stock(shop.engine, shop.staff("S01"), pid, -1_000, "theft")
    adjust_stock(shop.engine, manager, pid, -3_000, "samples", note="đoàn khách Hàn Quốc")
    adjust_stock(shop.engine, manager, pid, -1_000, "expired", batch="L1")
    adjust_stock(shop.engine, manager, pid, 500, "found")
    assert stock_of(shop.engine, pid) == before - 3_500
    assert [m.reason for m in movements(shop.engine, pid)[:3]] == [
        "found",
        "expired",
        "samples: đoàn khách Hàn Quốc",
    ]


def test_a_stock_count_shows_differences_before_applying_them(shop: Shop) -> None:
    cashier, manager = shop.staff("C01"), shop.staff("M01")
    a, b = shop.product_id("QN-0007"), shop.product_id("QN-0008")
    stock_a, stock_b = stock_of(shop.engine, a), stock_of(shop.engine, b)
    count = start_count(shop.engine, cashier, note="kệ trà")
    for _ in range(3):
        scan_count(shop.engine, cashier, shop.t.catalogue, count, shop.code("QN-0007"))
    scan_count(shop.engine, cashier, shop.t.catalogue, count, shop.code("QN-0007"), 60_000)
    record_count(shop.engine, cashier, count, b, stock_b)  # right on
    moves = _moves(shop)
    review = differences(shop.engine, count)
    assert {d.sku: (d.expected_milli, d.counted_milli) for d in review.lines} == {
        "QN-0007": (stock_a, 63_000),
        "QN-0008": (stock_b, stock_b),
    }
    assert [d.sku for d in review.changes] == ["QN-0007"]
    assert _moves(shop) == moves and stock_of(shop.engine, a) == stock_a  # reviewing changes nothing
    with pytest.raises(PermissionDenied):
        apply_count(shop.engine, cashier, count)
    shop.open_shift()
    _sell(shop, "QN-0007", 2_000)  # sold while counting: the count is applied against the level now
    applied = apply_count(shop.engine, manager, count)
    assert stock_of(shop.engine, a) == 63_000 and stock_of(shop.engine, b) == stock_b
    assert applied.changes[0].expected_milli == stock_a - 2_000
    assert movements(shop.engine, a)[0].kind == "count"
    with pytest.raises(StockError):
        record_count(shop.engine, cashier, count, a, 1_000)  # closed


def test_a_full_count_zeroes_what_was_not_found(shop: Shop) -> None:
    manager = shop.staff("M01")
    count = start_count(shop.engine, manager, full=True)
    record_count(shop.engine, manager, count, shop.product_id("QN-0001"), 6_000)
    review = differences(shop.engine, count)
    uncounted = [d for d in review.lines if not d.counted]
    assert len(uncounted) > 100 and all(d.counted_milli == 0 for d in uncounted)
    assert review.value_diff < 0
    apply_count(shop.engine, manager, count)
    with shop.engine.connect() as conn:
        left = dict(
            conn.execute(
                text(
                    "SELECT p.sku, SUM(m.qty_milli) FROM stock_moves m JOIN products p "
                    "ON p.id = m.product_id GROUP BY p.sku HAVING SUM(m.qty_milli) <> 0"
                )
            ).all()
        )
    assert left == {"QN-0001": 6_000}


def test_low_stock_and_near_expiry_lists(shop: Shop) -> None:
    manager = shop.staff("M01")
    a = shop.product_id("QN-0004")  # demo stock 2
    set_low_stock(shop.engine, manager, a, 2_000)
    set_low_stock(shop.engine, manager, shop.product_id("QN-0006"), 5_000)  # demo stock 57: fine
    assert [s.sku for s in low_stock(shop.engine)] == ["QN-0004"]
    set_low_stock(shop.engine, manager, a, None)
    assert low_stock(shop.engine) == []

    honey = shop.product_id("QN-0010")  # demo stock 62, undated
    session = ReceivingSession(shop.t.catalogue)
    session.scan(shop.code("QN-0010"), 10_000, batch="OLD", expiry=TODAY + dt.timedelta(days=10))
    session.scan(shop.code("QN-0010"), 10_000, batch="NEW", expiry=TODAY + dt.timedelta(days=200))
    receive_goods(shop.engine, manager, session.lines)
    lots = near_expiry(shop.engine, today=TODAY, within_days=30)
    assert [(x.batch, x.qty_milli, x.days_left) for x in lots] == [("OLD", 10_000, 10)]
    # sell down to 15 units: first-expiring first out leaves 10 of NEW and 5 of OLD
    adjust_stock(shop.engine, manager, honey, -67_000, "correction", note="kiểm lại")
    assert [(x.batch, x.qty_milli) for x in near_expiry(shop.engine, today=TODAY, within_days=30)] == [
        ("OLD", 5_000)
    ]
    adjust_stock(shop.engine, manager, honey, -5_000, "expired", batch="OLD")
    assert near_expiry(shop.engine, today=TODAY, within_days=30) == []
    assert [x.batch for x in near_expiry(shop.engine, today=TODAY, within_days=365)] == ["NEW"]


def test_the_day_overview_counts_what_the_lists_hold(shop: Shop) -> None:
    from pos.till.overview import day_overview

    manager = shop.staff("M01")
    before = day_overview(shop.engine, T, TODAY)
    assert before.shift is None
    shop.open_shift()
    _sell(shop, "QN-0007", 2_000)
    set_low_stock(shop.engine, manager, shop.product_id("QN-0004"), 2_000)  # demo stock 2: low
    session = ReceivingSession(shop.t.catalogue)
    session.scan(shop.code("QN-0010"), 4_000, batch="SOON", expiry=TODAY + dt.timedelta(days=3))
    session.scan(shop.code("QN-0010"), 4_000, batch="GONE", expiry=TODAY - dt.timedelta(days=1))
    receive_goods(shop.engine, manager, session.lines)
    after = day_overview(shop.engine, T, TODAY)
    with shop.engine.connect() as conn:
        n, total = conn.execute(
            text("SELECT COUNT(*), SUM(total) FROM sales WHERE kind = 'sale' AND business_date = :d"),
            {"d": TODAY.isoformat()},
        ).one()
    assert (after.sales, after.sales_total) == (n, total) and after.sales == before.sales + 1
    assert after.unsent_sales == before.unsent_sales + 1  # no head office in this test: it waits
    assert after.low_stock == len(low_stock(shop.engine)) == before.low_stock + 1
    lots = near_expiry(shop.engine, today=TODAY)
    assert (after.near_expiry, after.expired) == (len(lots), 1) and after.expiry_days == 30
    assert after.shift is not None and after.shift.is_open
    assert after.net_total == after.sales_total + after.returns_total


def test_the_printer_preview_sample_carries_the_shop_profile() -> None:
    from pos.receipts.samples import SHOP_NAME, as_shop_prints, sample_sale
    from pos.shop.profile import ShopProfile

    profile = ShopProfile(name="OCOP Tiên Yên", address="Khu 2", tax_code="5702000111", footer_vi="Cảm ơn!")
    doc = as_shop_prints(sample_sale(lines=2), profile)
    assert (doc.shop_name, doc.shop_address, doc.tax_code, doc.footer) == (
        "OCOP Tiên Yên",
        "Khu 2",
        "5702000111",
        "Cảm ơn!",
    )
    assert (
        as_shop_prints(sample_sale(lines=2, lang="en"), profile).footer == "Cảm ơn!"
    )  # no English footer set
    assert as_shop_prints(sample_sale(lines=2), ShopProfile()).shop_name == "OCOP" != SHOP_NAME  # as receipts


def test_valuation_at_cost_keeps_consigned_goods_apart(shop: Shop) -> None:
    manager = shop.staff("M01")
    before = valuation(shop.engine, on=TODAY)
    pid = shop.product_id("QN-0005")
    line = next(x for x in before.lines if x.level.product_id == pid)
    set_consignment(shop.engine, manager, pid, consigned=True, commission_bp=1500)
    after = valuation(shop.engine, on=TODAY)
    assert after.owned_value == before.owned_value - line.value
    assert after.consigned_value == line.value
    assert line.value == line.level.qty_milli * line.level.cost // 1000
    assert valuation(shop.engine, on=TODAY - dt.timedelta(days=1)).consigned_value == 0  # terms are dated
    adjust_stock(shop.engine, manager, shop.product_id("QN-0004"), -5_000, "theft")
    assert [x.level.sku for x in valuation(shop.engine, on=TODAY).negative] == ["QN-0004"]


def test_prices_take_effect_on_their_date(shop: Shop) -> None:
    manager = shop.staff("M01")
    pid = shop.product_id("QN-0008")
    old = shop.t.catalogue.by_id(pid).price  # type: ignore[union-attr]
    later = TODAY + dt.timedelta(days=3)
    schedule_price(shop.engine, manager, pid, old + 10_000, later)
    assert shop.t.catalogue.by_id(pid).price == old  # type: ignore[union-attr]
    assert [(p.valid_from, p.price) for p in upcoming_prices(shop.engine)] == [(later, old + 10_000)]
    assert shelf_labels(shop.engine, [pid], price_on=later)[0].price == old + 10_000
    assert apply_due_prices(shop.engine, now=NOW) == []
    assert apply_due_prices(shop.engine, now=NOW + dt.timedelta(days=3)) == [(pid, old, old + 10_000)]
    assert shop.t.catalogue.by_id(pid).price == old + 10_000  # type: ignore[union-attr]
    assert apply_due_prices(shop.engine, now=NOW + dt.timedelta(days=4)) == []  # applied once
    schedule_price(shop.engine, manager, pid, old, now=NOW + dt.timedelta(days=4))  # today: at once
    assert shop.t.catalogue.by_id(pid).price == old  # type: ignore[union-attr]
    assert [h.price for h in price_history(shop.engine, pid)][:2] == [old, old + 10_000]
    with pytest.raises(CatalogueEditError):
        schedule_price(shop.engine, manager, pid, old, TODAY - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        schedule_price(shop.engine, shop.staff("S01"), pid, 1)


def test_products_are_checked_field_by_field(shop: Shop) -> None:
    manager = shop.staff("M01")
    bad = ProductInput(
        sku="QN-0001",
        name_vi="",
        price=-5,
        vat_class="vat7",
        ocop_stars=6,
        barcodes=("8930000000000", "2012345000017"),
        plu=0,
    )
    with pytest.raises(CatalogueEditError) as info:
        create_product(shop.engine, manager, bad)
    for words in (
        "SKU QN-0001",
        "name",
        "Price",
        "VAT class",
        "OCOP stars",
        "check digit",
        "prefix 20",
        "PLU",
    ):
        assert words in info.value.en, words
    with pytest.raises(BarcodeError):
        barcode_key("  ")
    assert barcode_key("0" + shop.code("QN-0001")) == shop.code("QN-0001")  # GTIN-14 form
    new = ProductInput(
        sku="NEW-9",
        name_vi="Bánh gật gù Quảng Yên",
        name_en="Gat gu cake",
        price=45_000,
        vat_class="reduced",
        category_code="snacks",
        ocop_stars=3,
        ocop_level="provincial",
        ocop_rated_on=dt.date(2025, 2, 1),
        barcodes=("SHOP-0009",),
    )
    pid = create_product(shop.engine, manager, new)
    assert shop.t.catalogue.resolve("SHOP-0009").product.id == pid
    assert shop.t.catalogue.search("banh gat gu")[0].id == pid
    update_product(shop.engine, manager, pid, _edit(new))
    edited = load_product(shop.engine, pid)
    assert (edited.name_vi, edited.price, edited.barcodes) == ("Bánh gật gù", 48_000, ("SHOP-0010",))


def _edit(p: ProductInput) -> ProductInput:
    fields = {f: getattr(p, f) for f in ProductInput.__dataclass_fields__}
    return ProductInput(**{**fields, "name_vi": "Bánh gật gù", "price": 48_000, "barcodes": ("SHOP-0010",)})


def test_producers_with_contact_and_bank_details(shop: Shop) -> None:
    manager = shop.staff("M01")
    data = ProducerInput(
        code="P900",
        name="HTX Chè Đường Hoa",
        kind="cooperative",
        commune="xã Đường Hoa",
        district="Hải Hà",
        phone="0203 388 1234",
        contact_name="Bà Lò Thị Mai",
        email="chehaiha@example.vn",
        tax_code="5701999888",
        bank_bin="970405",
        bank_account="1234567890123",
        bank_account_name="HTX CHE DUONG HOA",
    )
    pid = save_producer(shop.engine, manager, data)
    got = get_producer(shop.engine, pid)
    assert got.data == data and got.locality == "xã Đường Hoa, Hải Hà"
    with pytest.raises(CatalogueEditError) as info:
        save_producer(
            shop.engine,
            manager,
            ProducerInput(code="P900", name="", kind="club", bank_bin="12", email="no-at"),
        )
    for words in ("already used", "name", "Kind", "BIN", "email"):
        assert words in info.value.en, words
    with pytest.raises(PermissionDenied):
        save_producer(shop.engine, shop.staff("S01"), data, pid)


def test_shelf_labels_print(shop: Shop) -> None:
    pid = shop.product_id("QN-0011")
    label = shelf_labels(shop.engine, [pid, "no-such-id"])
    assert len(label) == 1 and label[0].symbology == "ean13" and label[0].stars is not None
    assert label[0].origin  # the producer and its district
    doc = label_doc(label[0], shop_name="OCOP", lang="en")
    assert doc.kind == "label" and doc.label is not None and doc.label.price == label[0].price
    assert compose_rows(doc, width_mm=58, mode="raster")
    assert parse_percent_bp("12,5%") == 1250
    with pytest.raises(CatalogueEditError):
        parse_percent_bp("101")


def test_product_terms_go_with_the_product_edit_in_one_transaction(shop: Shop) -> None:
    from pos.inventory.prices import CatalogueEditError
    from pos.inventory.terms import ProductTerms, parse_threshold_milli, product_terms

    assert parse_threshold_milli("") is None and parse_threshold_milli(" 5 ") == 5000
    assert parse_threshold_milli("1,5") == 1500 and parse_threshold_milli("0") == 0
    for bad in ("-1", "0,0001", "abc", "nan", "inf"):
        with pytest.raises(CatalogueEditError):
            parse_threshold_milli(bad)
    manager = shop.staff("M01")
    pid = shop.product_id("QN-0101")
    data = load_product(shop.engine, pid)
    renamed = dataclasses.replace(data, name_en="Renamed")
    with pytest.raises(CatalogueEditError):  # a commission on goods not consigned: nothing at all is saved
        update_product(shop.engine, manager, pid, renamed, terms=ProductTerms(False, 1000, 2000))
    assert load_product(shop.engine, pid).name_en == data.name_en
    assert product_terms(shop.engine, pid) == ProductTerms()
    update_product(shop.engine, manager, pid, renamed, terms=ProductTerms(True, 1000, 2000))
    assert product_terms(shop.engine, pid) == ProductTerms(True, 1000, 2000)
    new = create_product(
        shop.engine,
        manager,
        ProductInput(sku="QN-9100", name_vi="Mật ong rừng Ba Chẽ", price=150_000, vat_class="reduced"),
        terms=ProductTerms(True, 2000, None),
    )
    assert product_terms(shop.engine, new) == ProductTerms(True, 2000, None)
