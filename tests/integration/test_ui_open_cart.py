"""The sale in progress on disk, through the real window: every scan, quantity, discount, price, park and recall
updates the stored cart at once, paying clears it; a new window on the same database (the till started again)
brings the cart back, tells who started it, and asks for a manager's approval again; after an unexpected stop
the sign-in screen says when, why and where the log is, until dismissed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text

from pos.last_run import Run, UncleanStop
from pos.logs import FaultLog
from pos.open_cart_store import KEY, stored_document
from pos.selling.parked import decode_cart
from tests.conftest_ui import FakeClock, PrintRecorder, human, next_dialog, on_dialogs, press, scan, type_into
from tests.integration.test_ui_sale import BA_KICH, CHA_MUC, GAT_GU, sign_in
from ui.qt import QApplication, Qt, QTimer


def stored(window) -> dict | None:  # type: ignore[no-untyped-def,type-arg]
    with window.till.session.terminal.engine.connect() as conn:
        value = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": KEY}).scalar()
        conn.rollback()
    return None if value is None else stored_document(value)


def assert_stored_is_the_cart(window) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """What is on disk decodes to exactly the cart on screen."""
    doc = stored(window)
    assert doc is not None
    cart = window.till.session.cart
    on_disk = decode_cart(doc["cart"], window.till.session.terminal.vat, cart.on)
    assert on_disk.lines == cart.lines and on_disk.sale_discount == cart.sale_discount
    assert on_disk.totals() == cart.totals()
    return doc


def discount_by_keys(qtbot, window, clock: FakeClock, key, percent: str, pin: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """F4 (line) or F5 (sale), type the percentage, Enter; a manager's PIN if one is asked."""

    def fill() -> None:
        human(qtbot, window, percent, clock)
        if pin is not None:
            next_dialog(approve, after=QApplication.activeModalWidget())
        press(qtbot, window, Qt.Key.Key_Return, clock)

    def approve() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.windowTitle() in ("Duyệt", "Approval")
        human(qtbot, window, pin, clock)  # type: ignore[arg-type]
        press(qtbot, window, Qt.Key.Key_Return, clock)

    QTimer.singleShot(0, fill)
    press(qtbot, window, key, clock)


def test_every_change_is_stored_at_once_and_paying_clears_it(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    assert stored(window) is None
    for n, code in enumerate((CHA_MUC, BA_KICH, GAT_GU), start=1):
        scan(qtbot, window, code, clock)
        assert len(assert_stored_is_the_cart(window)["cart"]["lines"]) == n
    doc = stored(window)
    assert doc is not None and doc["started_by"] == "Nguyễn Thị Lan"

    press(qtbot, window, Qt.Key.Key_Plus, clock)  # one more of the picked line (the last scanned)
    assert [line["qty_milli"] for line in assert_stored_is_the_cart(window)["cart"]["lines"]] == [
        1000,
        1000,
        2000,
    ]
    press(qtbot, window, Qt.Key.Key_Up, clock)
    discount_by_keys(qtbot, window, clock, Qt.Key.Key_F4, "3")  # a line discount within the cashier's limit
    assert assert_stored_is_the_cart(window)["cart"]["lines"][1]["discount"] == {"amount": 0, "percent": 3}
    discount_by_keys(qtbot, window, clock, Qt.Key.Key_F5, "2")  # and a sale discount (4.94 % on that line)
    assert assert_stored_is_the_cart(window)["cart"]["sale_discount"] == {"amount": 0, "percent": 2}
    press(qtbot, window, Qt.Key.Key_Delete, clock)  # a line taken off
    assert len(assert_stored_is_the_cart(window)["cart"]["lines"]) == 2
    press(qtbot, window, Qt.Key.Key_F11, clock)  # the customer speaks English
    assert stored(window)["customer_lang"] == "en"  # type: ignore[index]

    press(qtbot, window, Qt.Key.Key_F7, clock)  # parked: no longer the open cart
    assert window.till.session.cart.is_empty and stored(window) is None
    press(qtbot, window, Qt.Key.Key_F8, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)  # recalled: the open cart again
    assert window.current == "sale" and len(assert_stored_is_the_cart(window)["cart"]["lines"]) == 2

    total = window.till.session.cart.totals().total
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    human(qtbot, window, str(total), clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and window.till.session.cart.is_empty
    assert stored(window) is None  # paid: nothing to bring back


def test_a_restarted_till_brings_the_cart_back_and_asks_for_the_approval_again(
    qtbot, window, clock: FakeClock, printer: PrintRecorder, ui_terminal, ui_home: Path
) -> None:  # type: ignore[no-untyped-def]
    from ui.app import build_window

    sign_in(qtbot, window, clock)
    for code in (CHA_MUC, GAT_GU, GAT_GU):
        scan(qtbot, window, code, clock)
    discount_by_keys(qtbot, window, clock, Qt.Key.Key_F5, "30", pin="9999")  # a manager approved 30 %
    assert window.till.session.approvals_needed() == frozenset()
    before = window.till.session.cart
    window.shutdown()
    window.hide()

    # The till starts again on the same database after it stopped unexpectedly (a crash, here).
    stop = UncleanStop(
        "crash",
        dt.datetime(2026, 3, 14, 3, 0),
        dt.datetime(2026, 3, 14, 3, 21),
        ui_home / "logs" / "faults.log",
        4242,
        "Fatal Python error: Segmentation fault",
    )
    run = Run(ui_home / "till.running", stop, FaultLog(ui_home / "logs" / "faults.log", 0))
    again = build_window(ui_terminal, printer, clock=clock, run=run)
    qtbot.addWidget(again)
    again.resize(1024, 768)
    again.show()
    qtbot.waitExposed(again)
    again.activateWindow()
    try:
        notice = again.signin.stop_notice
        assert notice.isVisible()
        assert "faults.log" in notice.text.text() and str(ui_home) in notice.text.text()
        assert "14/03/2026" in notice.text.text()
        assert (
            "dừng đột ngột" in notice.text.text() and "đang chờ trên màn hình bán hàng" in notice.text.text()
        )
        again.switch_language("en")
        assert notice.text.text().startswith("The till stopped unexpectedly at")
        assert "the program crashed" in notice.text.text()
        press(qtbot, again, Qt.Key.Key_Escape, clock)  # dismissed
        assert not notice.isVisible()

        # A shift lead signs in: the cart is the one the cashier left, and who started it is said.
        sign_in(qtbot, again, clock, "2222")
        assert (
            again.till.session.cart.lines == before.lines
            and again.till.session.cart.sale_discount == before.sale_discount
        )
        assert again.till.session.cart.totals() == before.totals()
        message = again.sale.notice.text.text()
        assert "restored after an unexpected stop" in message and "Nguyễn Thị Lan" in message
        assert "manager's approval again" in message  # 30 % is above a shift lead's 10 %
        assert again.sale.notice.kind == "warn"

        total = again.till.session.cart.totals().total
        press(qtbot, again, Qt.Key.Key_F12, clock)
        human(qtbot, again, str(total), clock)
        asked: list[str] = []

        def approve(dialog):  # type: ignore[no-untyped-def]
            asked.append(dialog.windowTitle())  # read while it is open: a dialog is deleted when it closes
            type_into(qtbot, again, clock, "9999")(dialog)

        on_dialogs(approve)
        press(qtbot, again, Qt.Key.Key_F12, clock)  # complete
        # the approval did not carry over: asked again, given again
        assert asked == ["Approval"]
        assert again.current == "sale" and again.till.session.cart.is_empty and stored(again) is None
    finally:
        again.shutdown()
