"""Sales reports: every breakdown adds up to the same net total, and exports to CSV/XLSX read back."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pos.payments.tenders import Tender
from pos.reports import sales as R
from pos.reports.export import export
from pos.reports.table import Period, ReportError, Table
from pos.selling.cart import Discount
from pos.selling.checkout import CommittedSale, SaleContext
from pos.selling.returns import find_sale
from pos.staff.approval import approve
from pos.staff.permissions import Permission
from pos.till.guarded import guarded_checkout, guarded_return, void_sale
from tests.integration.test_store_support import Shop, T, build_template, open_shop

DAY1, DAY3 = dt.date(2026, 5, 4), dt.date(2026, 5, 6)
PERIOD = Period(DAY1, DAY3)
VN = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture(scope="module")
def traded(
    template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Shop, list[CommittedSale]]]:
    """Two days of trading (the middle day closed): cash, card, VietQR, a discount, a return and a void."""
    mp = pytest.MonkeyPatch()
    shop = open_shop(template, tmp_path_factory.mktemp("run"), mp)
    shop.open_shift()
    lan, hung, ha = shop.staff("C01"), shop.staff("S01"), shop.staff("M01")
    done: list[CommittedSale] = []

    def sell(who, items, hour, day, pay="cash", discount=None, approval=None):  # type: ignore[no-untyped-def]
        cart = shop.t.new_cart()
        for sku, qty in items:
            cart.add(shop.t.catalogue.resolve(shop.code(sku)), qty)
        if discount:
            cart.set_sale_discount(discount)
        due = cart.totals().total
        tender = {"cash": Tender.cash(due), "card": Tender.card(due, "C1"), "qr": Tender.vietqr(due, "Q")}[
            pay
        ]
        when = dt.datetime.combine(day, dt.time(hour)) - dt.timedelta(hours=7)  # hour is Vietnam time
        sale = guarded_checkout(shop.engine, cart, [tender], SaleContext(T), who, approval=approval, now=when)
        done.append(sale)
        return sale

    s1 = sell(lan, [("QN-0007", 2000), ("QN-0011", 1000)], 9, DAY1)
    sell(lan, [("QN-0001", 1000)], 10, DAY1, "card")
    sell(hung, [("QN-0005", 3000)], 15, DAY1, "qr")
    ok = approve(shop.engine, shop.secret, "9999", [Permission.DISCOUNT_ABOVE_LIMIT], requested_by=lan)
    sell(lan, [("QN-0006", 2000)], 15, DAY3, "cash", Discount(percent=25), ok)
    s5 = sell(hung, [("QN-0012", 1000), ("QN-0023", 1000)], 20, DAY3, "card")
    original = find_sale(shop.engine, T, s1.receipt_no)
    line = next(x for x in original.lines if x.sku == "QN-0007")
    done.append(
        guarded_return(
            shop.engine,
            original,
            {line.line_id: 1000},
            SaleContext(T),
            hung,
            reason="vỡ",
            now=dt.datetime.combine(DAY3, dt.time(9)),
        )
    )
    done.append(
        void_sale(
            shop.engine,
            T,
            s5.receipt_no,
            SaleContext(T),
            ha,
            reason="bấm nhầm",
            now=dt.datetime.combine(DAY3, dt.time(14)),
        )
    )
    yield shop, done
    shop.t.close()
    mp.undo()


def net_of(t: Table) -> int:
    assert t.totals is not None
    return int(t.totals[t.index("net")])


def test_every_breakdown_adds_up_to_the_same_net(traded: tuple[Shop, list[CommittedSale]]) -> None:
    shop, done = traded
    net = sum(s.total for s in done)
    for name in ("day", "product", "category", "producer", "stars", "locality", "cashier", "method"):
        table = R.REPORTS[name](shop.engine, PERIOD)  # type: ignore[operator]
        assert net_of(table) == net, name
        assert sum(int(r[table.index("net")]) for r in table.rows) == net, name
    vat = R.vat_summary(shop.engine, PERIOD)
    assert vat.totals is not None and vat.totals[1] == net
    assert all(g == v + n for _r, g, v, n in vat.rows)
    hours = R.by_hour(shop.engine, PERIOD, tz=VN)
    assert net_of(hours) == net
    busy = {r[0]: r[1] for r in hours.rows if r[1]}
    assert busy == {"09:00": 1, "10:00": 1, "15:00": 2, "20:00": 1}


def test_days_products_and_rankings(traded: tuple[Shop, list[CommittedSale]]) -> None:
    shop, _ = traded
    days = R.by_day(shop.engine, PERIOD)
    assert [r[0] for r in days.rows] == [DAY1, dt.date(2026, 5, 5), DAY3]
    assert days.rows[1][1:] == (0, 0, 0, 0, 0, 0)  # a quiet day still shows, for the chart
    assert days.rows[0][1] == 3 and days.rows[2][1] == 2
    products = {r["sku"]: r for r in R.by_product(shop.engine, PERIOD).as_dicts()}
    row = products["QN-0007"]
    assert (row["qty_sold"], row["qty_returned"]) == (2000, 1000) and row["net"] == row["sales"] + row[
        "returns"
    ]
    assert products["QN-0012"]["net"] == 0  # sold and voided
    top = R.top_products(shop.engine, PERIOD, n=2)
    assert [r[0] for r in top.rows] == ["QN-0001", "QN-0005"]
    by_qty = R.top_products(shop.engine, PERIOD, n=1, by="qty")
    assert by_qty.rows[0][0] == "QN-0005"
    with pytest.raises(ReportError):
        R.top_products(shop.engine, PERIOD, by="colour")
    stars = {r["stars"]: r["net"] for r in R.by_ocop_stars(shop.engine, PERIOD).as_dicts()}
    assert set(stars) <= {0, 1, 2, 3, 4, 5} and stars[5] > 0
    cashiers = {r["cashier"]: r for r in R.by_cashier(shop.engine, PERIOD).as_dicts()}
    assert cashiers["Nguyễn Thị Lan"]["receipts"] == 3 and cashiers["Trần Văn Hùng"]["return_count"] == 1


def test_returns_and_discounts_lists(traded: tuple[Shop, list[CommittedSale]]) -> None:
    shop, _ = traded
    returns = R.returns_list(shop.engine, PERIOD).as_dicts()
    assert [(r["kind"], r["cashier"]) for r in returns] == [
        ("return", "Trần Văn Hùng"),
        ("void", "Phạm Thu Hà"),
    ]
    assert returns[0]["reason"] == "vỡ" and returns[0]["approved_by"] == "Trần Văn Hùng"
    discounts = R.discounts_list(shop.engine, PERIOD).as_dicts()
    assert (
        len(discounts) == 1 and discounts[0]["pct"] == 25.0 and discounts[0]["approved_by"] == "Phạm Thu Hà"
    )
    assert discounts[0]["before"] - discounts[0]["discount"] == discounts[0]["total"]


def test_exports(traded: tuple[Shop, list[CommittedSale]], tmp_path: Path) -> None:
    shop, _ = traded
    tables = [
        R.by_day(shop.engine, PERIOD),
        R.by_product(shop.engine, PERIOD),
        R.vat_summary(shop.engine, PERIOD),
    ]
    export(tables[:1], tmp_path / "days.csv", lang="vi")
    raw = (tmp_path / "days.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 with the BOM
    with (tmp_path / "days.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:3] == ["Ngày", "Số HĐ", "Doanh số"] and rows[1][0] == "2026-05-04"
    assert rows[-1][0] == "Tổng / Total" and int(rows[-1][5]) == net_of(tables[0])
    export(tables, tmp_path / "all.xlsx", lang="en", subtitle=PERIOD.label())
    wb = load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == ["Sales by day", "Sales by product", "VAT summary"]
    ws = wb["Sales by product"]
    assert [c.value for c in ws[3]][:2] == ["SKU", "Name (vi)"]
    assert ws.cell(row=ws.max_row, column=9).value == net_of(tables[1])
    with pytest.raises(ReportError):
        export(tables, tmp_path / "x.csv")
    with pytest.raises(ReportError):
        Period(DAY3, DAY1)
