"""The manager screens drive the real core: closing a shift with a blind count, a stock count applied on a
manager's approval, reports with their chart, a producer settlement — offscreen, in both languages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos.inventory.stock import stock_of
from pos.inventory.terms import set_consignment
from pos.payments.tenders import Tender
from pos.reports.table import Period
from pos.selling.checkout import SaleContext
from pos.shifts.cash import CashCount
from pos.staff.approval import approve
from pos.staff.audit import entries
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.till.guarded import guarded_checkout
from tests.integration.test_store_support import Shop, T, build_template, open_shop
from ui.i18n import set_language
from ui.manager.chart import BarChart, short_money
from ui.manager.panel import ManagerPanel
from ui.manager.reports import ReportsScreen, chart_points
from ui.manager.settlement import SettlementScreen
from ui.manager.shift_close import ShiftCloseScreen
from ui.manager.stock_count import StockCountScreen
from ui.qt import QApplication


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def shop(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Shop]:
    s = open_shop(template, tmp_path, monkeypatch)
    s.open_shift(CashCount.of({100_000: 5}))
    for sku in ("QN-0007", "QN-0008", "QN-0011"):
        cart = s.t.new_cart()
        cart.add(s.t.catalogue.resolve(s.code(sku)), 2000)
        guarded_checkout(s.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(T), s.staff("S01"))
    yield s
    set_language("vi")
    s.t.close()


def asker(shop: Shop, requester: StaffMember, calls: list[frozenset[Permission]]):  # type: ignore[no-untyped-def]
    def ask(permissions: frozenset[Permission]) -> Approval | None:
        calls.append(permissions)
        return approve(shop.engine, shop.secret, "9999", permissions, requested_by=requester)

    return ask


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_closing_a_shift_on_screen(shop: Shop, qtbot: QtBot, lang: str) -> None:
    set_language(lang)
    cashier = shop.staff("C01")
    calls: list[frozenset[Permission]] = []
    screen = ShiftCloseScreen(shop.t, cashier, asker(shop, cashier, calls))
    qtbot.addWidget(screen)
    assert screen.expected.text() == "—"  # blind: nothing about the expected cash before the count
    screen.set_counts({500_000: 2, 100_000: 1, 20_000: 1})
    assert screen.total.text() == "1.120.000 ₫"
    report = screen.close_shift()
    assert report is not None and report.z_no == 1
    assert calls == [frozenset({Permission.CLOSE_SHIFT_UNSENT})]  # sales unsent: the manager approved
    assert screen.counted.text() == "1.120.000 ₫" and screen.expected.text() != "—"
    assert not screen.close_button.isEnabled()
    assert ("Z report No. 1" if lang == "en" else "Báo cáo Z số 1") in screen.result_title.text()
    assert not screen.grab().isNull()


def test_a_manager_closing_with_unsent_sales_confirms_and_it_is_recorded(shop: Shop, qtbot: QtBot) -> None:
    set_language("en")
    manager = shop.staff("M01")
    calls: list[frozenset[Permission]] = []
    asked: list[int] = []
    answer = [False]

    def confirm(n: int) -> bool:
        asked.append(n)
        return answer[0]

    screen = ShiftCloseScreen(shop.t, manager, asker(shop, manager, calls), confirm)
    qtbot.addWidget(screen)
    screen.set_counts({500_000: 2})
    assert screen.close_shift() is None  # declined: nothing closed, the reason on screen
    assert asked == [3] and screen.report is None and screen.close_button.isEnabled()
    assert "3 sales of this shift are not yet at the server" in screen.message.text()
    assert not [e for e in entries(shop.engine) if e.action.startswith("shift_close")]
    answer[0] = True
    report = screen.close_shift()
    assert report is not None and asked == [3, 3] and calls == []  # their own right: no one else's PIN
    logged = entries(shop.engine, actions=("shift_close_unsent",))
    assert len(logged) == 1
    assert logged[0].actor_name == logged[0].approver_name == "Phạm Thu Hà"
    assert logged[0].detail["unsent_sales"] == 3 and logged[0].detail["own_right"] is True


def test_a_stock_count_on_screen_needs_a_manager_to_apply(shop: Shop, qtbot: QtBot) -> None:
    cashier = shop.staff("C01")
    calls: list[frozenset[Permission]] = []
    screen = StockCountScreen(shop.t, cashier, asker(shop, cashier, calls))
    qtbot.addWidget(screen)
    pid = shop.product_id("QN-0009")
    before = stock_of(shop.engine, pid)
    screen.scan.setText(shop.code("QN-0009"))
    screen.scan.returnPressed.emit()
    screen.scan_code("not-a-product")
    assert not screen.message.isHidden() and "not-a-product" in screen.message.text()
    table = screen.table()
    assert table is not None and table.rows[0][3:6] == (before, 1000, 1000 - before)
    assert stock_of(shop.engine, pid) == before  # nothing applied yet
    applied = screen.apply()
    assert applied is not None and calls == [frozenset({Permission.APPLY_STOCK_COUNT})]
    assert stock_of(shop.engine, pid) == 1000 and not screen.apply_button.isEnabled()


def test_reports_and_their_chart(shop: Shop, qtbot: QtBot) -> None:
    set_language("en")
    screen = ReportsScreen(shop.t, shop.staff("M01"))
    qtbot.addWidget(screen)
    screen.select("day", "7d")
    assert screen.table is not None and len(screen.chart.points) == 7
    assert screen.chart.points[-1][1] == sum(r[screen.table.index("net")] for r in screen.table.rows)
    screen.select("method", "today")
    assert screen.chart.points == [("Cash", screen.table.totals[-1])]  # type: ignore[index]
    out = Path(qtbot.screenshot(screen)).parent / "r.xlsx"
    screen.export_to(out)
    assert out.exists()
    refused = ReportsScreen(shop.t, shop.staff("C01"))
    qtbot.addWidget(refused)
    assert (
        refused.table is None
        and "Viewing reports" in refused.message.text()
        and not refused.message.isHidden()
    )
    assert chart_points(screen.table) and short_money(1_250_000) == "1,2 tr" and short_money(35_000) == "35 k"
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.set_series("x", [("a", 5), ("b", -3)])
    chart.resize(400, 240)
    assert not chart.grab().isNull()


def test_a_settlement_on_screen(shop: Shop, qtbot: QtBot) -> None:
    manager = shop.staff("M01")
    today = dt.date.today()
    set_consignment(
        shop.engine,
        manager,
        shop.product_id("QN-0007"),
        consigned=True,
        commission_bp=1500,
        valid_from=today - dt.timedelta(days=3),
    )
    screen = SettlementScreen(shop.t, manager, period=Period(today - dt.timedelta(days=1), today))
    qtbot.addWidget(screen)
    screen.select_producer("P003")
    st = screen.statement
    assert st is not None and [x.sku for x in st.lines] == ["QN-0007"]
    assert screen.due.text() == f"{st.amount_due:,} ₫".replace(",", ".")
    issued = screen.issue()
    assert issued is not None and issued.id is not None
    assert "Đã phát hành" in screen.status.text()  # the fixture's language is Vietnamese


def test_the_panel_switches_sections(shop: Shop, qtbot: QtBot) -> None:
    panel = ManagerPanel(shop.t, shop.staff("M01"), lambda permissions: None)
    qtbot.addWidget(panel)
    for key in ("count", "reports", "settlement", "shift"):
        assert panel.go(key) is panel.stack.currentWidget()
        assert panel.buttons[key].isChecked()
    set_language("en")
    QApplication.processEvents()  # Qt posts LanguageChange to every widget
    assert panel.buttons["count"].text() == "Stock count"
    assert panel.screens["count"].heading.text() == "Stock count"


def _read_back(path: Path) -> list[list[object]]:
    if path.suffix == ".csv":
        import csv

        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [list(r) for r in csv.reader(fh)]
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]


def test_export_buttons_write_the_report_to_the_file_the_manager_names(
    shop: Shop, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Export…" asks where (the save dialog, replaced here at its seam) and writes .xlsx or .csv by the name;
    a wrong type or a folder that cannot be written says so on screen and leaves no file behind."""
    set_language("en")
    screen = ReportsScreen(shop.t, shop.staff("M01"))
    qtbot.addWidget(screen)
    screen.select("product", "today")
    table = screen.table
    assert table is not None and screen.export_button.isEnabled()
    asked: list[str] = []
    answers = iter(
        [
            tmp_path / "products.xlsx",
            tmp_path / "products.csv",
            tmp_path / "products.txt",
            tmp_path / "missing" / "products.csv",
            None,
        ]
    )

    def ask(suggested: str) -> Path | None:
        asked.append(suggested)
        return next(answers)

    monkeypatch.setattr(screen, "ask_save_path", ask)
    screen.export_button.click()
    assert asked[0].startswith("by_product_") and asked[0].endswith(".xlsx")
    rows = _read_back(tmp_path / "products.xlsx")
    assert rows[0][0] == table.title("en") and rows[2] == [c.title("en") for c in table.columns]
    assert len(rows) == 3 + len(table.rows) + (1 if table.totals is not None else 0)
    assert "Saved products.xlsx" in screen.saved.text()

    screen.export_button.click()
    rows = _read_back(tmp_path / "products.csv")
    assert rows[0] == [c.title("en") for c in table.columns]
    names = {str(r[table.index("name_vi")]) for r in table.rows}
    assert names == {r[table.index("name_vi")] for r in rows[1 : 1 + len(table.rows)]}
    assert len(names) == 3

    screen.export_button.click()  # .txt: refused
    assert "Export to .csv or .xlsx only" in screen.message.text() and not screen.message.isHidden()
    screen.export_button.click()  # no such folder
    assert "Could not write" in screen.message.text()
    screen.export_button.click()  # cancelled: nothing happens
    assert sorted(p.name for p in tmp_path.glob("*products*")) == ["products.csv", "products.xlsx"]


def test_settlement_month_picker_export_and_issue(
    shop: Shop, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_language("en")
    manager = shop.staff("M01")
    today = dt.date.today()
    set_consignment(
        shop.engine,
        manager,
        shop.product_id("QN-0007"),
        consigned=True,
        commission_bp=1500,
        valid_from=today - dt.timedelta(days=3),
    )
    later = (today.replace(day=1) + dt.timedelta(days=40)).replace(day=5)  # early next month
    screen = SettlementScreen(shop.t, manager, today=later)
    qtbot.addWidget(screen)
    screen.select_producer("P003")
    this_month = Period(today.replace(day=1), (later.replace(day=1) - dt.timedelta(days=1)))
    assert screen.period == this_month  # last month, seen from next month: the sales of today
    assert screen.month.count() == 25 and screen.month.currentIndex() == 1
    assert screen.month.itemText(0).endswith("(to date)")
    st = screen.statement
    assert st is not None and [x.sku for x in st.lines] == ["QN-0007"]
    assert screen.issue_button.isEnabled() and screen.export_button.isEnabled()
    assert not screen.print_button.isEnabled()  # no printer given to this screen

    screen.month.setCurrentIndex(0)  # the month under way: nothing sold yet, and it cannot be issued
    assert screen.period == Period(later.replace(day=1), later)
    assert screen.statement is not None and not screen.statement.lines
    assert not screen.issue_button.isEnabled()
    screen.month.setCurrentIndex(1)

    monkeypatch.setattr(screen, "ask_save_path", lambda suggested: tmp_path / "p003.csv")
    screen.export_button.click()
    rows = _read_back(tmp_path / "p003.csv")
    assert any("QN-0007" in map(str, r) for r in rows)
    assert str(st.amount_due) in {str(v) for r in rows for v in r}
    assert "Saved p003.csv" in screen.status.text()

    issued = screen.issue()
    assert issued is not None and issued.id is not None and not screen.issue_button.isEnabled()


def test_every_section_has_a_permission_and_every_permission_a_section() -> None:
    from ui.manager.access import SECTION_PERMISSIONS
    from ui.manager.panel import SECTIONS

    assert [key for key, *_ in SECTIONS] == list(SECTION_PERMISSIONS)
