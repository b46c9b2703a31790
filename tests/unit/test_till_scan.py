"""Where a scan becomes a cart line (``pos.till.scan``): the typed quantity prefix, the line, its warnings."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from pos.catalogue.lookup import ScanResult
from pos.selling.cart import Cart
from pos.till.scan import OCOP_EXPIRED, OUT_OF_STOCK, add_to_cart, line_warnings, split_qty_prefix
from pos.vat import VatSchedule
from tests.unit.test_promotions import product

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3*", (3000, "")),
        ("2,5*chả", (2500, "chả")),
        ("10 x ", (10000, "")),
        ("ruou", (None, "ruou")),
        ("0*", (None, "")),
        ("3**", (3000, "*")),
    ],
)
def test_quantity_prefix(text: str, expected: tuple[int | None, str]) -> None:
    assert split_qty_prefix(text) == expected


def test_a_line_is_added_with_what_the_cashier_should_look_twice_at() -> None:
    cart = Cart(VatSchedule.default(), TODAY)
    fine = product("A", 390_000)
    lapsed = dataclasses.replace(product("B", 420_000), ocop_expires_on=dt.date(2025, 12, 19), stock_milli=0)
    assert add_to_cart(cart, ScanResult(fine, "A"), 2000, TODAY).warnings == ()
    added = add_to_cart(cart, ScanResult(lapsed, "B"), None, TODAY)
    assert (added.index, added.warnings) == (1, (OCOP_EXPIRED, OUT_OF_STOCK))
    assert [line.qty_milli for line in cart.lines] == [2000, 1000]
    assert line_warnings(lapsed, dt.date(2025, 12, 19)) == (OUT_OF_STOCK,)  # still valid that day
