"""Consignment settlement per producer: units sold and returned, gross, commission at the dated rate, amount due."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from pos.errors import PermissionDenied
from pos.inventory.terms import set_consignment
from pos.payments.tenders import Tender
from pos.receipts.layout import compose_rows
from pos.reports.export import export
from pos.reports.table import Period
from pos.selling.checkout import CommittedSale, SaleContext
from pos.selling.returns import find_sale
from pos.settlement.statement import (
    SettlementError,
    build_statement,
    issue_statement,
    issued_statements,
    mark_paid,
    statement_doc,
    statement_table,
)
from pos.till.guarded import guarded_checkout, guarded_return
from tests.integration.test_store_support import Shop, T, build_template, open_shop

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def noon(day: int, month: int = 3) -> dt.datetime:
    """Midday UTC: the same calendar day in Vietnam and wherever the tests run."""
    return dt.datetime(2026, month, day, 12, 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    s.open_shift()
    yield s
    s.t.close()


def sell(shop: Shop, items: list[tuple[str, int]], when: dt.datetime) -> CommittedSale:
    cart = shop.t.new_cart()
    for sku, qty in items:
        cart.add(shop.t.catalogue.resolve(shop.code(sku)), qty)
    return guarded_checkout(
        shop.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(T), shop.staff("S01"), now=when
    )


def producer_id(shop: Shop, code: str) -> str:
    with shop.engine.connect() as conn:
        return str(conn.execute(text("SELECT id FROM producers WHERE code = :c"), {"c": code}).scalar_one())


def test_a_statement_for_a_month_of_consigned_sales(shop: Shop, tmp_path: Path) -> None:
    manager = shop.staff("M01")
    tea_a, tea_b = shop.product_id("QN-0005"), shop.product_id("QN-0006")  # both from producer P002
    set_consignment(
        shop.engine, manager, tea_a, consigned=True, commission_bp=1500, valid_from=dt.date(2026, 3, 1)
    )
    set_consignment(
        shop.engine, manager, tea_a, consigned=True, commission_bp=2000, valid_from=dt.date(2026, 3, 10)
    )
    price = shop.t.catalogue.by_id(tea_a).price  # type: ignore[union-attr]

    first = sell(shop, [("QN-0005", 3000), ("QN-0006", 1000)], noon(5))  # tea_b is the shop's own stock
    sell(shop, [("QN-0005", 1000)], noon(12))  # at 20 %
    sell(shop, [("QN-0005", 1000)], noon(28, 2))  # February: not in this statement
    original = find_sale(shop.engine, T, first.receipt_no)
    line = next(x for x in original.lines if x.sku == "QN-0005")
    guarded_return(
        shop.engine,
        original,
        {line.line_id: 1000},
        SaleContext(T),
        shop.staff("S01"),
        reason="hộp móp",
        now=noon(15),
    )  # returned at the terms of the sale it returns: 15 %

    st = build_statement(shop.engine, producer_id(shop, "P002"), MARCH)
    assert [(x.sku, x.commission_bp, x.qty_sold_milli, x.qty_returned_milli) for x in st.lines] == [
        ("QN-0005", 1500, 3000, 1000),
        ("QN-0005", 2000, 1000, 0),
    ]
    at15, at20 = st.lines
    assert (at15.gross_sales, at15.returns, at15.net) == (3 * price, -price, 2 * price)
    assert at15.commission == (2 * price * 15 + 50) // 100 and at20.commission == price * 20 // 100
    assert st.net == 3 * price and st.commission == at15.commission + at20.commission
    assert st.amount_due == st.net - st.commission
    assert tea_b not in {x.product_id for x in st.lines}

    with pytest.raises(PermissionDenied):
        issue_statement(shop.engine, shop.staff("S01"), producer_id(shop, "P002"), MARCH)
    issued = issue_statement(shop.engine, manager, producer_id(shop, "P002"), MARCH)
    with pytest.raises(SettlementError) as overlap:
        issue_statement(
            shop.engine,
            manager,
            producer_id(shop, "P002"),
            Period(dt.date(2026, 3, 31), dt.date(2026, 4, 30)),
        )
    assert overlap.value.code == "overlap"
    assert issued.id is not None
    mark_paid(shop.engine, manager, issued.id, "FT26091234567")
    with pytest.raises(SettlementError):
        mark_paid(shop.engine, manager, issued.id, "again")
    stored = issued_statements(shop.engine, producer_id(shop, "P002"))[0]
    assert (
        stored.lines == st.lines and stored.paid_reference == "FT26091234567" and stored.paid_at is not None
    )

    table = statement_table(st)
    export([table], tmp_path / "st.csv", lang="en")
    with (tmp_path / "st.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:2] == ["SKU", "Product"] and rows[-1][-1] == str(st.amount_due)
    assert rows[1][3:5] == ["3", "1"]  # units, not thousandths
    export([table], tmp_path / "st.xlsx", lang="vi", subtitle=MARCH.label())
    ws = load_workbook(tmp_path / "st.xlsx").active
    assert ws is not None and ws["A2"].value == "01/03/2026 – 31/03/2026"
    assert ws.cell(row=ws.max_row, column=11).value == st.amount_due
    doc = statement_doc(issued, shop_name="OCOP", lang="vi")
    assert doc.kind == "report" and compose_rows(doc, width_mm=80, mode="raster")


def test_a_period_with_more_returns_than_sales_gives_back_commission(shop: Shop) -> None:
    manager = shop.staff("M01")
    tea = shop.product_id("QN-0005")
    set_consignment(
        shop.engine, manager, tea, consigned=True, commission_bp=1000, valid_from=dt.date(2026, 2, 1)
    )
    sale = sell(shop, [("QN-0005", 2000)], noon(20, 2))
    original = find_sale(shop.engine, T, sale.receipt_no)
    guarded_return(
        shop.engine,
        original,
        {original.lines[0].line_id: 2000},
        SaleContext(T),
        shop.staff("S01"),
        reason="đổi ý",
        now=noon(2),
    )
    st = build_statement(shop.engine, producer_id(shop, "P002"), MARCH)
    assert (
        st.net == -sale.total
        and st.commission == -(sale.total // 10)
        and st.amount_due == st.net - st.commission
    )
    set_consignment(shop.engine, manager, tea, consigned=False, valid_from=dt.date(2026, 4, 1))
    sell(shop, [("QN-0005", 1000)], noon(2, 4))
    assert (
        build_statement(
            shop.engine, producer_id(shop, "P002"), Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
        ).lines
        == ()
    )
