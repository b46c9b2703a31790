"""Money and VAT: integer đồng, the stated rounding rule, totals that always add up."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.errors import CartError
from pos.money import div_round_half_up, format_vnd, parse_vnd, split_proportionally
from pos.selling.cart import Cart, Discount
from pos.vat import VatSchedule, breakdown, vat_of_gross

RATES = st.sampled_from([0, 5, 8, 10])


def product(pid: str, price: int, vat_class: str = "reduced", weighed: bool = False) -> ProductInfo:
    return ProductInfo(
        pid,
        pid,
        f"Sản phẩm {pid}",
        f"Product {pid}",
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
        None,
        None,
        None,
        False,
        10_000,
    )


def test_format_and_parse_vnd() -> None:
    assert format_vnd(150000) == "150.000 ₫"
    assert format_vnd(-1500) == "-1.500 ₫"
    assert format_vnd(0, symbol=False) == "0"
    assert parse_vnd("150.000") == parse_vnd("150 000 ₫") == parse_vnd("150k") == 150000
    with pytest.raises(CartError):
        parse_vnd("abc")


def test_round_half_up() -> None:
    assert div_round_half_up(5, 10) == 1
    assert div_round_half_up(4, 10) == 0
    assert div_round_half_up(15, 10) == 2
    assert div_round_half_up(25, 10) == 3


def test_reduced_rate_changes_on_new_year_2027() -> None:
    vat = VatSchedule.default()
    assert vat.rate("reduced", dt.date(2026, 12, 31)) == 8
    assert vat.rate("reduced", dt.date(2027, 1, 1)) == 10
    assert vat.rate("std10", dt.date(2026, 6, 1)) == 10
    assert vat.rate("vat5", dt.date(2026, 6, 1)) == 5
    with pytest.raises(CartError):
        vat.rate("nonsense", dt.date(2026, 6, 1))


def test_the_next_rate_change_of_a_class_is_its_next_different_rate() -> None:
    vat = VatSchedule.default()
    assert vat.next_change("reduced", dt.date(2026, 6, 1)) == (dt.date(2027, 1, 1), 10)
    assert vat.next_change("reduced", dt.date(2027, 1, 1)) is None
    assert vat.next_change("reduced", dt.date(2024, 1, 1)) == (dt.date(2025, 7, 1), 8)
    assert vat.next_change("std10", dt.date(2026, 6, 1)) is None
    assert vat.next_change("nonsense", dt.date(2026, 6, 1)) is None
    same = VatSchedule(
        [("x", dt.date(2020, 1, 1), 5), ("x", dt.date(2026, 1, 1), 5), ("x", dt.date(2028, 1, 1), 0)]
    )
    assert same.next_change("x", dt.date(2021, 1, 1)) == (
        dt.date(2028, 1, 1),
        0,
    )  # a repeated rate is no change


def test_vat_of_known_amounts() -> None:
    assert vat_of_gross(108_000, 8) == 8_000
    assert vat_of_gross(110_000, 10) == 10_000
    assert vat_of_gross(105_000, 5) == 5_000
    assert vat_of_gross(100_000, 0) == 0
    assert vat_of_gross(-108_000, 8) == -8_000


@given(st.lists(st.tuples(RATES, st.integers(0, 50_000_000)), max_size=40))
def test_breakdown_adds_up_and_is_within_half_a_dong(pairs: list[tuple[int, int]]) -> None:
    rows = breakdown(pairs)
    assert sum(r.gross for r in rows) == sum(a for _, a in pairs)
    for row in rows:
        assert row.net + row.vat == row.gross
        exact_times_denominator = row.gross * row.rate_pct
        # |vat − gross·r/(100+r)| ≤ 0.5  ⇔  |2·vat·(100+r) − 2·gross·r| ≤ (100+r)
        assert abs(2 * row.vat * (100 + row.rate_pct) - 2 * exact_times_denominator) <= 100 + row.rate_pct


@given(st.integers(-(10**9), 10**9), st.lists(st.integers(0, 10**7), min_size=1, max_size=30))
def test_split_proportionally_is_exact(total: int, weights: list[int]) -> None:
    parts = split_proportionally(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)


lines_strategy = st.lists(
    st.tuples(
        st.integers(1_000, 2_000_000),  # price
        st.integers(1, 20),  # qty (units)
        st.sampled_from(["reduced", "vat5", "std10", "vat0"]),
        st.integers(0, 30),  # line discount %
    ),
    min_size=1,
    max_size=15,
)


@given(lines_strategy, st.integers(0, 50), st.booleans())
def test_cart_totals_equal_sum_of_lines(
    lines: list[tuple[int, int, str, int]], sale_pct: int, on_2027: bool
) -> None:
    cart = Cart(VatSchedule.default(), dt.date(2027, 1, 2) if on_2027 else dt.date(2026, 11, 29))
    for i, (price, qty, vat_class, pct) in enumerate(lines):
        idx = cart.add(ScanResult(product(f"P{i}", price, vat_class), f"code{i}"), qty * 1000)
        if pct:
            cart.set_line_discount(idx, Discount(percent=pct))
    cart.set_sale_discount(Discount(percent=sale_pct))
    t = cart.totals()
    assert t.total == sum(p.amount for p in t.lines)
    assert t.total == sum(r.gross for r in t.vat)
    assert t.total == t.subtotal - t.sale_discount
    assert t.discount_total == sum(p.line_discount for p in t.lines) + t.sale_discount
    assert all(p.amount >= 0 for p in t.lines)
    assert {r.rate_pct for r in t.vat} <= {0, 5, 8, 10}
    if on_2027:
        assert 8 not in {r.rate_pct for r in t.vat}


def test_cart_merges_repeat_scans_and_keeps_weighed_lines_apart() -> None:
    cart = Cart(VatSchedule.default(), dt.date(2026, 11, 29))
    jar = product("JAR", 85_000)
    assert cart.add(ScanResult(jar, "8930000000001")) == 0
    assert cart.add(ScanResult(jar, "8930000000001")) == 0
    assert cart.lines[0].qty_milli == 2000
    fish = product("FISH", 320_000, "vat5", weighed=True)
    cart.add(ScanResult(fish, "2000012004535", qty_milli=453))
    cart.add(ScanResult(fish, "2000012002008", qty_milli=200))
    assert len(cart.lines) == 3
    t = cart.totals()
    assert [p.amount for p in t.lines] == [170_000, 144_960, 64_000]
    with pytest.raises(CartError):
        cart.add(ScanResult(fish, "x"))  # a weighed product needs a weight


def test_price_embedded_line_keeps_the_printed_amount() -> None:
    cart = Cart(VatSchedule.default(), dt.date(2026, 11, 29))
    cart.add(ScanResult(product("SQUID", 400_000, "vat5", weighed=True), "2500120123456", amount=123_456))
    t = cart.totals()
    assert t.total == 123_456
    assert t.vat[0].rate_pct == 5


def test_discount_validation() -> None:
    with pytest.raises(CartError):
        Discount(percent=120)
    with pytest.raises(CartError):
        Discount(amount=-5)
    assert Discount(amount=500_000).of(100_000) == 100_000  # never below zero
