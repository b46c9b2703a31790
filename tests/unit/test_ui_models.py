"""The GUI's item models and small helpers, over real core objects (no database, no window)."""

from __future__ import annotations

import datetime as dt

import pytest

from pos.catalogue.lookup import ProductInfo, ScanResult
from pos.selling.cart import Cart, Discount
from pos.selling.parked import ParkedSale
from pos.selling.returns import ReturnableLine, ReturnableSale
from pos.vat import VatSchedule
from ui.formatting import parse_qty, qty
from ui.models import CartModel, ParkedModel, ProductListModel, ReturnLinesModel, SubtitleRole, WarningRole
from ui.qt import Qt

TODAY = dt.date(2026, 11, 29)


def product(
    sku: str,
    price: int,
    *,
    stars: int | None = 4,
    expires: dt.date | None = None,
    stock: int = 5000,
    weighed: bool = False,
) -> ProductInfo:
    return ProductInfo(
        id=f"id-{sku}",
        sku=sku,
        name_vi=f"Hàng {sku}",
        name_en=f"Item {sku}",
        unit="kg" if weighed else "hộp",
        price=price,
        cost=0,
        vat_class="reduced",
        ocop_stars=stars,
        ocop_level="provincial" if stars else None,
        ocop_expires_on=expires,
        weighed=weighed,
        plu=None,
        trace_code=None,
        category_code="seafood",
        producer_id=None,
        picture=None,
        favourite=False,
        stock_milli=stock,
    )


@pytest.fixture(autouse=True)
def english(qapp):  # type: ignore[no-untyped-def]
    from ui.i18n import set_language

    set_language("en")
    yield
    set_language("vi")


@pytest.fixture
def cart() -> Cart:
    c = Cart(VatSchedule.default(), TODAY)
    c.add(ScanResult(product("A", 390_000), "A"), 2000)
    c.add(ScanResult(product("B", 420_000, stars=5, expires=dt.date(2025, 12, 19), stock=0), "B"))
    c.add(ScanResult(product("W", 780_000, weighed=True), "W", qty_milli=453))
    return c


def test_quantities_read_and_shown_per_language() -> None:
    assert qty(453, "vi") == "0,453" and qty(453, "en") == "0.453" and qty(3000, "vi", "hộp") == "3 hộp"
    assert parse_qty("1,5") == 1500 and parse_qty("0.453") == 453 and parse_qty("2") == 2000
    assert parse_qty("0") is None and parse_qty("abc") is None and parse_qty("1.2345") is None


def test_cart_model_shows_what_the_core_priced(qapp, cart: Cart) -> None:  # type: ignore[no-untyped-def]
    model = CartModel(lambda: cart, lambda: TODAY)
    assert model.rowCount() == 3 and model.columnCount() == 7
    cell = lambda r, c: model.data(model.index(r, c))  # noqa: E731
    assert cell(0, CartModel.COL_QTY) == "2"
    assert cell(0, CartModel.COL_AMOUNT) == "780.000 ₫"
    assert cell(0, CartModel.COL_STARS) == "★★★★"
    assert cell(2, CartModel.COL_AMOUNT) == "353.340 ₫"
    assert "kg" in model.data(model.index(2, CartModel.COL_NAME), SubtitleRole)
    assert model.data(model.index(0, CartModel.COL_NAME), WarningRole) == ""
    warning = model.data(model.index(1, CartModel.COL_NAME), WarningRole)
    assert "OCOP" in warning and "stock" in warning
    cart.set_sale_discount(Discount(percent=10))
    model.refresh()
    total = sum(line.amount for line in model.totals.lines)
    assert total == model.totals.total == cart.totals().total
    assert cell(0, CartModel.COL_DISCOUNT).startswith("−")


def test_product_list_and_parked_models(qapp) -> None:  # type: ignore[no-untyped-def]
    products = ProductListModel(lambda: TODAY)
    products.set_products([product("A", 6_000), product("B", 48_000, stock=0)])
    assert products.rowCount() == 2
    assert "6.000 ₫" in products.data(products.index(0, 0), SubtitleRole)
    assert products.data(products.index(1, 0), WarningRole)
    parked = ParkedModel()
    parked.set_items(
        [
            ParkedSale(
                "p1",
                2,
                "",
                dt.datetime(2026, 11, 29, 3, 0),
                "Lan",
                3,
                5,
                250_000,
                ("Nước mắm", "Miến dong"),
                ("Fish sauce", "Noodles"),
            )
        ]
    )
    assert parked.data(parked.index(0, 0)).startswith("#2") and "…" in parked.data(parked.index(0, 0))
    assert parked.data(parked.index(0, 4)) == "250.000 ₫"


def test_return_lines_model_keeps_choices_within_what_is_left(qapp) -> None:  # type: ignore[no-untyped-def]
    lines = (
        ReturnableLine(
            "l1", 1, "p1", "A", "Hàng A", "Item A", "hộp", 3000, 1000, 1_170_000, 390_000, 390_000, 8, 4
        ),
        ReturnableLine("l2", 2, "p2", "W", "Hàng W", "Item W", "kg", 453, 0, 353_340, 0, 780_000, 8, 4),
    )
    sale = ReturnableSale(
        "s1", "T01", 7, dt.datetime(2026, 11, 29, 2, 0), 1_523_340, lines, (("cash", 1_523_340, ""),)
    )
    model = ReturnLinesModel()
    model.set_sale(sale)
    model.step(0, 5)
    assert model.quantities() == {"l1": 2000}  # only two boxes are left to return
    assert model.refund_total() == 780_000
    model.step(1, 1)  # a weighed line comes back whole
    assert model.quantities()["l2"] == 453
    assert model.refund_total() == 780_000 + 353_340
    assert model.setData(model.index(0, ReturnLinesModel.COL_RETURN), "1")
    assert model.quantities()["l1"] == 1000
    assert not model.setData(model.index(0, ReturnLinesModel.COL_RETURN), "abc")
    assert model.flags(model.index(0, ReturnLinesModel.COL_RETURN)) & Qt.ItemFlag.ItemIsEditable


def test_product_list_formats_once_and_follows_the_day(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A paint asks every row for its texts many times: the clock is read once, not per call; the day's turn
    (an OCOP certificate expiring at midnight) still shows once the model looks at the date again."""
    days = [TODAY]
    calls = []

    def today() -> dt.date:
        calls.append(1)
        return days[0]

    products = ProductListModel(today)
    products.set_products([product("A", 6_000, expires=TODAY)])
    index = products.index(0, 0)
    for _ in range(50):
        products.data(index, WarningRole)
        products.data(index, SubtitleRole)
    assert len(calls) == 1
    assert not products.data(index, WarningRole)
    days[0] = TODAY + dt.timedelta(days=1)
    monkeypatch.setattr(ProductListModel, "DAY_CHECK_S", 0.0)
    assert products.data(index, WarningRole)


def test_product_list_changes_rows_in_place_when_the_list_keeps_its_shape(qapp) -> None:  # type: ignore[no-untyped-def]
    """A search answers every keystroke with a full list: rows as many and as tall as before (a warning line or
    not) change in place, so the view keeps its layout; any other list resets the model (the view lays it out)."""
    products = ProductListModel(lambda: TODAY)
    resets: list[int] = []
    changed: list[tuple[int, int]] = []
    products.modelReset.connect(lambda: resets.append(1))
    products.dataChanged.connect(lambda top, bottom, *_: changed.append((top.row(), bottom.row())))
    products.set_products([product("A", 6_000), product("B", 48_000, stock=0)])
    assert len(resets) == 1 and not changed
    products.set_products([product("C", 7_000), product("D", 9_000, stock=0)])
    assert len(resets) == 1 and changed == [(0, 1)]
    assert "7.000 ₫" in products.data(products.index(0, 0), SubtitleRole)
    assert products.products[1].sku == "D" and products.data(products.index(1, 0), WarningRole)
    products.set_products(
        [product("E", 7_000, stock=0), product("F", 9_000)]
    )  # the warning moved: taller row 0
    assert len(resets) == 2
    products.set_products([product("G", 1_000)])
    assert len(resets) == 3 and products.rowCount() == 1
    products.set_products([])
    assert len(resets) == 4 and products.rowCount() == 0
