"""Head-office promotions at the till: which are in force, which one a line gets, and what the cart makes of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.selling.cart import Cart, Discount
from pos.selling.checkout import sale_note
from pos.selling.parked import decode_cart, encode_cart
from pos.selling.promotions import (
    MAX_NOTE,
    PromotionsInForce,
    parse_promotion,
    parse_promotions,
    promotion_note,
)
from pos.vat import VatSchedule, vat_of_gross

DAY = dt.date(2026, 11, 29)
STORE = "QN-HL01"


def product(
    sku: str,
    price: int,
    *,
    category: str | None = "FOOD",
    producer: str | None = "prod-1",
    weighed: bool = False,
    vat_class: str = "reduced",
) -> ProductInfo:
    return ProductInfo(
        f"id-{sku}",
        sku,
        f"Sản phẩm {sku}",
        f"Product {sku}",
        "kg" if weighed else "hộp",
        price,
        price // 2,
        vat_class,
        4,
        "provincial",
        None,
        weighed,
        None,
        None,
        category,
        producer,
        None,
        False,
        10_000,
    )


def doc(code: str, kind: str = "percent", value: int = 10, scope: str = "all", **more: Any) -> dict[str, Any]:
    """A promotion as the till stores it (``PromotionDoc`` JSON)."""
    return {
        "id": f"id-{code}",
        "code": code,
        "name_vi": f"Khuyến mãi {code}",
        "name_en": f"Promotion {code}",
        "kind": kind,
        "value": value,
        "scope": scope,
        "target": "",
        "starts_on": None,
        "ends_on": None,
        "store_codes": [],
        "active": True,
        **more,
    }


def in_force(*docs: dict[str, Any], producers: dict[str, str] | None = None) -> PromotionsInForce:
    return PromotionsInForce.select(parse_promotions(docs, producers), DAY, STORE)


# --- in force: active, dates inclusive, stores ---------------------------------------------------------------


def test_dates_are_inclusive_and_open_ended() -> None:
    p = parse_promotion(doc("TET", starts_on="2026-11-29", ends_on="2026-12-01"))
    assert p.in_force(DAY, STORE) and p.in_force(dt.date(2026, 12, 1), STORE)
    assert not p.in_force(dt.date(2026, 11, 28), STORE) and not p.in_force(dt.date(2026, 12, 2), STORE)
    open_start = parse_promotion(doc("A", ends_on="2026-11-29"))
    open_end = parse_promotion(doc("B", starts_on="2026-11-29"))
    assert open_start.in_force(dt.date(2000, 1, 1), STORE) and open_end.in_force(dt.date(2099, 1, 1), STORE)


def test_store_codes_empty_means_every_store() -> None:
    everywhere = parse_promotion(doc("ALL"))
    here = parse_promotion(doc("HERE", store_codes=[STORE, "QN-UB02"]))
    there = parse_promotion(doc("THERE", store_codes=["HN-01"]))
    assert everywhere.in_force(DAY, "ANY-STORE")
    assert here.in_force(DAY, STORE) and not there.in_force(DAY, STORE)
    assert [p.code for p in in_force(doc("ALL"), doc("THERE", store_codes=["HN-01"])).promotions] == ["ALL"]


def test_inactive_and_unreadable_promotions_are_left_out() -> None:
    promos = in_force(
        doc("OFF", active=False),
        doc("BIG", value=150),  # percent above 100
        doc("ODD", kind="bogo"),  # a kind this till does not know
        doc("NOTARGET", scope="product"),
        {"code": "BROKEN"},
        doc("OK"),
    )
    assert [p.code for p in promos.promotions] == ["OK"]


# --- targets, mapped to head office's vocabulary --------------------------------------------------------------


def test_scopes_match_sku_category_and_producer_code() -> None:
    tea = product("TRA-01", 100_000, category="TEA", producer="prod-1")
    fish = product("MUC-01", 100_000, category="SEAFOOD", producer="prod-2")
    by_sku = parse_promotion(doc("P", scope="product", target="TRA-01"))
    by_id = parse_promotion(doc("PI", scope="product", target="id-TRA-01"))
    by_cat = parse_promotion(doc("C", scope="category", target="SEAFOOD"))
    by_producer = parse_promotion(doc("H", scope="producer", target="HTX-COTO"), {"HTX-COTO": "prod-2"})
    unknown_producer = parse_promotion(doc("U", scope="producer", target="HTX-KHAC"), {"HTX-COTO": "prod-2"})
    assert by_sku.covers(tea) and not by_sku.covers(fish)
    assert by_id.covers(tea) and not by_id.covers(fish)
    assert by_cat.covers(fish) and not by_cat.covers(tea)
    assert by_producer.covers(fish) and not by_producer.covers(tea)
    assert not unknown_producer.covers(fish) and not unknown_producer.covers(tea)
    no_category = product("X", 1000, category=None, producer=None)
    assert not by_cat.covers(no_category) and not by_producer.covers(no_category)
    assert parse_promotion(doc("ALL")).covers(no_category)


# --- amounts and best-of ---------------------------------------------------------------------------------------


def test_percent_and_amount_per_unit_never_more_than_the_line() -> None:
    ten = parse_promotion(doc("P10", value=10))
    assert ten.discount_on(33_335, 1000) == 3_334  # 3 333.5 rounded half up
    per_unit = parse_promotion(doc("A5K", kind="amount", value=5_000))
    assert per_unit.discount_on(60_000, 3000) == 15_000  # 5 000 đ × 3
    assert per_unit.discount_on(240_000, 1_250) == 6_250  # weighed: per kg × 1.25 kg
    assert per_unit.discount_on(4_000, 1000) == 4_000  # capped at the line
    assert per_unit.discount_on(0, 1000) == 0


def test_the_biggest_discount_wins_and_ties_go_to_the_smallest_code() -> None:
    p = product("TRA-01", 50_000)
    promos = in_force(
        doc("B-PCT", value=10),  # 5 000 on one unit
        doc("A-AMT", kind="amount", value=8_000, scope="category", target="FOOD"),  # 8 000
        doc("C-OTHER", value=50, scope="product", target="OTHER"),  # not this product
    )
    assert promos.best_for(p, 50_000, 1000).code == "A-AMT"  # type: ignore[union-attr]
    cheap = product("KEO", 100_000)
    assert promos.best_for(cheap, 100_000, 1000).code == "B-PCT"  # type: ignore[union-attr]  # 10 000 > 8 000
    tie = in_force(doc("Z", kind="amount", value=5_000), doc("Y", value=10))
    assert tie.best_for(p, 50_000, 1000).code == "Y"  # type: ignore[union-attr]
    assert in_force().best_for(p, 50_000, 1000) is None


# --- the cart -------------------------------------------------------------------------------------------------


def cart_with(*docs: dict[str, Any]) -> Cart:
    return Cart(VatSchedule.default(), DAY, promotions=in_force(*docs))


def test_a_promotion_is_the_lines_discount_when_added_and_follows_the_quantity() -> None:
    cart = cart_with(doc("TET", kind="amount", value=3_000, scope="product", target="TRA-01"))
    tea = product("TRA-01", 45_000)
    i = cart.add(ScanResult(tea, "893"), 2000)
    line = cart.lines[i]
    assert line.applied_promotion is not None and line.applied_promotion.code == "TET"
    assert cart.totals().lines[0].line_discount == 6_000
    cart.add(ScanResult(tea, "893"))  # the same product again goes onto its line: 3 units
    assert len(cart.lines) == 1 and cart.totals().lines[0].line_discount == 9_000
    cart.set_qty(0, 1000)
    assert cart.totals().lines[0].line_discount == 3_000
    cart.add(ScanResult(product("OTHER", 10_000), "x"))
    assert cart.lines[1].promotion is None and cart.totals().lines[1].line_discount == 0


def test_a_manual_discount_wins_and_removing_it_brings_the_promotion_back() -> None:
    cart = cart_with(doc("P20", value=20))
    cart.add(ScanResult(product("A", 100_000), "a"))
    assert cart.totals().lines[0].line_discount == 20_000
    cart.set_line_discount(0, Discount(amount=5_000))
    assert cart.lines[0].applied_promotion is None and cart.totals().lines[0].line_discount == 5_000
    cart.set_qty(0, 2000)  # the manual discount still wins after a quantity change
    assert cart.totals().lines[0].line_discount == 5_000
    cart.set_line_discount(0, Discount())
    assert cart.totals().lines[0].line_discount == 40_000
    assert cart.lines[0].applied_promotion is not None


def test_weighed_and_price_labelled_lines() -> None:
    cart = cart_with(doc("KG", kind="amount", value=10_000))
    fish = product("CA", 240_000, weighed=True)
    cart.add(ScanResult(fish, "plu", qty_milli=1_250))  # 300 000
    cart.add(ScanResult(fish, "label", amount=120_000))  # price-embedded: 0.5 kg
    t = cart.totals()
    assert [p.line_discount for p in t.lines] == [12_500, 5_000]
    assert t.total == 300_000 - 12_500 + 120_000 - 5_000


def test_totals_and_vat_rows_add_up_to_the_dong_with_a_sale_discount_on_top() -> None:
    cart = cart_with(
        doc("P7", value=7, scope="category", target="FOOD"),
        doc("A1", kind="amount", value=1_111, scope="product", target="RUOU"),
    )
    cart.add(ScanResult(product("TRA", 33_333), "t"), 3000)
    cart.add(ScanResult(product("RUOU", 123_457, category="DRINK", vat_class="std10"), "r"), 2000)
    cart.add(ScanResult(product("KEO", 9_999, category="SWEET"), "k"))
    cart.set_sale_discount(Discount(percent=5))
    t = cart.totals()
    assert [p.line_discount for p in t.lines] == [7_000, 2_222, 0]  # 7% of 99 999 = 6 999.93 → 7 000
    assert sum(p.amount for p in t.lines) == t.total
    assert t.subtotal - t.sale_discount == t.total
    assert t.discount_total == sum(p.line_discount + p.sale_discount for p in t.lines)
    for p in t.lines:
        assert p.amount == p.gross - p.line_discount - p.sale_discount
    assert sum(r.gross for r in t.vat) == t.total
    by_rate: dict[int, int] = {}
    for p in t.lines:
        by_rate[p.vat_rate] = by_rate.get(p.vat_rate, 0) + p.amount
    assert {r.rate_pct: r.gross for r in t.vat} == by_rate
    assert all(r.vat == vat_of_gross(r.gross, r.rate_pct) for r in t.vat)


def test_an_empty_promotion_set_changes_nothing() -> None:
    cart = Cart(VatSchedule.default(), DAY)
    cart.add(ScanResult(product("A", 10_000), "a"), 2000)
    assert cart.lines[0].promotion is None and cart.totals().total == 20_000


def test_a_parked_line_keeps_its_promotion() -> None:
    promo = doc("H", kind="amount", value=2_000, scope="producer", target="HTX")
    cart = Cart(VatSchedule.default(), DAY, promotions=in_force(promo, producers={"HTX": "prod-1"}))
    cart.add(ScanResult(product("A", 10_000), "a"), 2000)
    assert cart.totals().lines[0].line_discount == 4_000
    back = decode_cart(encode_cart(cart), VatSchedule.default(), DAY)  # no promotions in force any more
    assert back.lines[0].promotion == cart.lines[0].promotion
    assert back.totals() == cart.totals()


# --- the record on the sale -----------------------------------------------------------------------------------


def test_the_sale_note_names_each_promotion_and_its_lines() -> None:
    cart = cart_with(doc("TET", value=10, scope="category", target="FOOD"))
    cart.note = "Khách quen"
    cart.add(ScanResult(product("A", 10_000), "a"))
    cart.add(ScanResult(product("B", 10_000, category="DRINK"), "b"))
    cart.add(ScanResult(product("C", 10_000), "c"))
    note = sale_note(cart.note, cart.totals(), "vi")
    assert note == "Khách quen\nKM TET (Khuyến mãi TET): dòng 1, 3"
    assert sale_note("", cart.totals(), "en") == "Promo TET (Promotion TET): lines 1, 3"
    cart.set_line_discount(0, Discount(percent=15))  # manual wins: line 1 no longer had the promotion
    assert sale_note("", cart.totals(), "vi") == "KM TET (Khuyến mãi TET): dòng 3"
    assert sale_note("x", Cart(VatSchedule.default(), DAY).totals(), "vi") == "x"


def test_a_long_promotion_note_stays_within_what_the_server_stores() -> None:
    promos = parse_promotions(
        [doc(f"CODE-{n:02d}-{'X' * 20}", name_vi="Tên rất dài " * 10) for n in range(20)]
    )
    note = promotion_note([(n + 1, p) for n, p in enumerate(promos)], "vi")
    assert len(note) <= MAX_NOTE and note.endswith("…")
    assert note.startswith(f"KM {promos[0].code}: dòng 1\n")  # names dropped first, codes kept
    assert "Tên rất dài" in promotion_note([(1, promos[0])], "vi")  # one fits with its name


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_promotion_no_note(lang: str) -> None:
    assert promotion_note([], lang) == ""
