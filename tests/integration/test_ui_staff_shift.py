"""Staff, permissions and the shift, driven through the till's real widgets on a real database.

Sign-in by name tile + PIN (and the lockout), a cashier kept out of the manager's side while a manager gets in,
a day's shift from the till: open with a counted float, sell, remove a line, a paid-out approved by a manager,
a void, and the close with the manager screens' blind count giving the Z report — audited all the way.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pos.errors import PermissionDenied
from pos.shifts.cash import CashCount
from pos.shifts.close import close_shift
from pos.staff.auth import authenticate
from tests.conftest_ui import FakeClock, PrintRecorder, human, on_dialogs, press, scan, settle, tap, type_into
from ui.qt import QApplication, Qt

GAT_GU = "8934656203930"  # 45.000 ₫
BA_KICH = "8936174404257"  # 240.000 ₫
CHA_MUC = "8938390707402"  # 390.000 ₫


def rows(window, sql: str, **params):  # type: ignore[no-untyped-def]
    with window.till.session.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params).all()]


def sign_in(qtbot, window, clock: FakeClock, code: str | None, pin: str) -> None:  # type: ignore[no-untyped-def]
    if code is not None:
        window.signin.choose_code(code)
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)


def test_sign_in_by_tile_locks_after_five_wrong_pins(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.switch_language("en")
    names = [tile.record.name for tile in window.signin.tiles]
    assert names[0] == "Nguyễn Thị Lan" and len(names) == 4  # cashiers first
    for _ in range(5):
        sign_in(qtbot, window, clock, "C01", "0000")
        assert window.current == "signin"
    error = window.signin.error.text()
    assert "Nguyễn Thị Lan is locked" in error and "ask a manager to unlock" in error
    lan = next(t for t in window.signin.tiles if t.record.code == "C01")
    assert "locked" in lan.text()
    sign_in(qtbot, window, clock, "C01", "1111")  # the right PIN is refused while locked
    assert window.current == "signin" and "is locked" in window.signin.error.text()
    window.signin.choose(None)
    sign_in(qtbot, window, clock, None, "2222")  # someone else, PIN only: still works
    assert (
        window.current == "sale"
        and window.till.session.staff is not None
        and window.till.session.staff.code == "S01"
    )
    actions = [
        r[0]
        for r in rows(
            window,
            "SELECT action FROM audit_log WHERE action LIKE 'sign_in%' OR action = 'locked_out' ORDER BY seq",
        )
    ]
    assert actions.count("sign_in_failed") == 5 and "locked_out" in actions and "sign_in_locked" in actions


def test_a_cashier_cannot_open_the_manager_screens_a_manager_can(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock, "C01", "1111")
    assert not window.header.manager.isVisible()
    press(qtbot, window, Qt.Key.Key_F1, clock)
    assert window.current == "menu" and window.menu.b_manager.isVisible()  # as "Stock": their stock count
    press(qtbot, window, Qt.Key.Key_F10, clock)
    assert window.current == "manager" and window.manager.panel is not None
    assert "reports" not in window.manager.panel.buttons  # the manager's sections are not theirs
    with pytest.raises(PermissionDenied):
        window.manager.go_section("reports")  # however it is asked for
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    # the core refuses the cashier too, whatever the screens do: a report screen built for them shows only that
    from ui.manager.reports import ReportsScreen

    sneaked = ReportsScreen(window.till.session.terminal, window.till.session.staff)
    qtbot.addWidget(sneaked)
    assert sneaked.table is None and not sneaked.message.isHidden() and sneaked.message.text()

    press(qtbot, window, Qt.Key.Key_Escape, clock)
    tap(qtbot, window, window.header.sign_out)
    assert window.current == "signin"
    sign_in(qtbot, window, clock, "M01", "9999")
    press(qtbot, window, Qt.Key.Key_F1, clock)
    assert window.menu.b_manager.isVisible()
    press(qtbot, window, Qt.Key.Key_F10, clock)
    assert window.current == "manager" and window.manager.panel is not None
    assert window.manager.panel.actor.code == "M01"
    reports = window.manager.go_section("reports")
    assert reports.table is not None and reports.message.isHidden()  # the core let the manager see it
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    assert window.current == "sale"
    window.sign_out()
    settle(qtbot, window)
    assert window.manager.panel is None  # nothing of the manager's session stays behind


def test_open_shift_sell_and_close_with_a_blind_count_from_the_till(
    qtbot, window, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    engine = window.till.session.engine
    # yesterday's shift (opened in the template) is closed: this till has no shift now
    manager = authenticate(engine, window.till.session.secret, "9999", staff_code="M01")
    close_shift(engine, manager, "T01", CashCount.of({100_000: 5, 50_000: 4, 10_000: 10}))
    window.switch_language("en")

    sign_in(qtbot, window, clock, "C01", "1111")
    assert window.current == "open_shift"  # no selling before the float is counted
    counter = window.open_shift.counter
    counter.spins[100_000].setFocus()
    counter.spins[100_000].selectAll()
    human(qtbot, window, "5", clock)
    counter.set_counts({100_000: 5, 50_000: 2, 10_000: 10})
    assert counter.total.text() == "700.000 ₫"
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "sale"
    shift = window.till.session.current_shift()
    assert shift is not None and shift.opening_float == 700_000 and shift.opened_by_name == "Nguyễn Thị Lan"

    # two sales, one with a line taken off before payment (logged as a line void)
    scan(qtbot, window, GAT_GU, clock)
    scan(qtbot, window, BA_KICH, clock)
    press(qtbot, window, Qt.Key.Key_F6, clock)  # removes the selected (last) line
    assert [line.product.sku for line in window.till.session.cart.lines] == ["QN-0101"]
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "100000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "390000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert rows(window, "SELECT receipt_no, total, shift_id FROM sales ORDER BY receipt_no") == [
        (1, 45_000, shift.id),
        (2, 390_000, shift.id),
    ]

    # paid-out: amount and reason, then a manager's PIN (a cashier may not alone)
    press(qtbot, window, Qt.Key.Key_F1, clock)

    def amount_and_reason(_dialog: object) -> None:
        human(qtbot, window, "20000", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        human(qtbot, window, "paper bags", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    on_dialogs(amount_and_reason, type_into(qtbot, window, clock, "9999"))
    press(qtbot, window, Qt.Key.Key_F6, clock)
    assert rows(window, "SELECT kind, amount, reason FROM cash_movements") == [
        ("paid_out", -20_000, "paper bags")
    ]

    # the X report, approved by the shift lead this time
    dialogs = on_dialogs(type_into(qtbot, window, clock, "2222"), lambda d: d.reject())
    press(qtbot, window, Qt.Key.Key_F7, clock)
    assert len(dialogs) == 2
    x_rows = dict(dialogs[1].grid.rows)
    assert x_rows["Net total"] == "435.000 ₫" and x_rows["Cash expected in the drawer"] == "1.115.000 ₫"
    assert x_rows["Lines removed before payment (1)"] == "240.000 ₫"

    # close: the blind count (a little short), then the manager approves closing with unsent sales
    press(qtbot, window, Qt.Key.Key_F8, clock)
    assert window.current == "close_shift"
    count = window.close_shift.count
    assert count is not None and count.expected.text() == "—"  # blind: nothing shown before the count
    count.set_counts({500_000: 2, 100_000: 1, 10_000: 1})  # 1.110.000 ₫, 5.000 ₫ short
    on_dialogs(type_into(qtbot, window, clock, "9999"))
    press(qtbot, window, Qt.Key.Key_F12, clock)
    report = count.report
    assert report is not None and report.z_no == 2
    assert (report.expected_cash, report.counted_cash, report.over_short) == (1_115_000, 1_110_000, -5_000)
    assert count.diff.text() == "-5.000 ₫"
    assert window.close_shift.finish.isVisible()
    assert window.till.session.current_shift() is None
    actions = [
        r[0]
        for r in rows(window, "SELECT action FROM audit_log WHERE shift_id = :s ORDER BY seq", s=shift.id)
    ]
    for action in ("shift_open", "line_void", "paid_out", "x_report", "shift_close", "shift_close_unsent"):
        assert action in actions
    override = rows(
        window,
        "SELECT actor_name, approver_name, detail FROM audit_log WHERE action = 'shift_close_unsent' AND shift_id = :s",
        s=shift.id,
    )
    assert [r[:2] for r in override] == [("Nguyễn Thị Lan", "Phạm Thu Hà")]  # the manager's PIN, recorded
    assert '"unsent_sales":2' in override[0][2].replace(" ", "")
    press(qtbot, window, Qt.Key.Key_F12, clock)  # finish: signed out, the next person opens a new shift
    assert window.current == "signin" and window.till.session.staff is None


def test_void_a_paid_sale_needs_a_manager_and_reverses_it(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock, "C01", "1111")
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "400000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    press(qtbot, window, Qt.Key.Key_F10, clock)
    scan(qtbot, window, "R/T01/1", clock)
    window.returns.reason.setFocus()
    human(qtbot, window, "wrong customer", clock)
    dialogs = on_dialogs(lambda d: d.accept(), type_into(qtbot, window, clock, "9999"))
    press(qtbot, window, Qt.Key.Key_F9, clock)
    assert len(dialogs) == 2
    assert rows(window, "SELECT kind, total FROM sales ORDER BY receipt_no") == [
        ("sale", 390_000),
        ("return", -390_000),
    ]
    voids = rows(window, "SELECT reason FROM sale_voids")
    assert voids == [("wrong customer",)]
    audit = rows(window, "SELECT actor_name, approver_name FROM audit_log WHERE action = 'void'")
    assert audit == [("Nguyễn Thị Lan", "Phạm Thu Hà")]
    assert window.current == "sale" and QApplication.activeModalWidget() is None


def test_a_new_till_with_nobody_says_how_to_create_the_first_administrator(
    qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from pos.settings import load_settings
    from pos.till.terminal import Terminal
    from ui.app import build_window, ensure_app

    home = tmp_path / "new-till"
    home.mkdir()
    monkeypatch.setenv("OCOP_POS_HOME", str(home))
    terminal = Terminal.open(load_settings(home))
    ensure_app()
    window = build_window(terminal, lambda _sale_id: None)
    qtbot.addWidget(window)
    try:
        window.switch_language("en")
        assert window.signin.tiles == []
        assert "ocop-pos staff first-admin CODE NAME" in window.signin.staff_hint.text()
    finally:
        window.shutdown()
        terminal.close()


def test_a_cashier_counts_stock_from_the_till_menu_and_sees_nothing_else(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """Counting stock is a cashier's job too: "Stock" in the till menu opens the back office with only the sections
    their role may use; a shift lead also gets receiving and the stock on hand; the manager's other sections stay closed to both."""
    window.switch_language("en")
    sign_in(qtbot, window, clock, "C01", "1111")
    assert window.current == "sale" and not window.header.manager.isVisible()
    press(qtbot, window, Qt.Key.Key_F1, clock)
    assert window.current == "menu"
    assert window.menu.b_manager.isVisible() and window.menu.b_manager.text() == "Stock"
    press(qtbot, window, Qt.Key.Key_F10, clock)
    panel = window.manager.panel
    assert window.current == "manager" and panel is not None
    # Counting, and writing off what is spoilt (a manager's approval then), and nothing else.
    assert panel.allowed == ["shift", "count", "writeoff"] and set(panel.buttons) == {
        "shift",
        "count",
        "writeoff",
    }
    assert panel.current == "count"
    scan(qtbot, window, "8936174404257", clock)  # Ba Chẽ morinda liquor, counted
    table = panel.screens["count"].table()
    assert table is not None and table.rows[0][4] == 1000
    with pytest.raises(PermissionDenied):
        panel.go("reports")
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    window.sign_out()
    sign_in(qtbot, window, clock, "S01", "2222")
    window.go("manager")
    assert window.manager.panel is not None and window.manager.panel.allowed == [
        "shift",
        "stock",  # who receives deliveries sees what is on hand
        "count",
        "receiving",
        "writeoff",  # what is spoilt, with a reason (a manager's approval when their own right is short)
        "transfers_in",  # who receives deliveries receives another centre's transfer too
    ]
