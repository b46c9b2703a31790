"""The payment screen flips to "Money received" by itself when head office has the bank's notification: the real
till window (pytest-qt), the real server (uvicorn, SQLite and PostgreSQL), the SePay payload as documented."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bank_payloads import CASSO_KEY, SEPAY_KEY, post_sepay, sepay
from sqlalchemy import text
from sync_helpers import LiveServer, ServerDb, register

from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, human, plug_second_screen, press, scan, settle
from ui.qt import Qt

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫
DEMO_ACCOUNT = "1019990000"  # the demo shop's account (pos.demo)


@pytest.fixture
def bank_server(server_db: ServerDb) -> Iterator[LiveServer]:
    live = LiveServer(server_db, bank_sepay_api_key=SEPAY_KEY, bank_casso_secret=CASSO_KEY).start()
    yield live
    live.stop()


def _sign_in(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def _confirmations(window) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.receipt_no, c.reference, c.amount, c.confirmed_by, c.source, c.transaction_id "
                "FROM transfer_confirmations c JOIN sales s ON s.id = c.sale_id ORDER BY s.receipt_no"
            )
        ).all()
        conn.rollback()
    return [tuple(r) for r in rows]


def test_the_payment_screen_flips_by_itself_when_the_bank_confirms(
    qtbot, window, ui_terminal: Terminal, bank_server: LiveServer, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    register(ui_terminal, bank_server)
    _sign_in(qtbot, window, clock)
    window.display_control.ask = lambda: (False, False)  # not yet: the status bar's button opens it
    plug_second_screen(window, monkeypatch)
    window.toggle_customer_display()
    display = window.customer_display
    assert display is not None
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    press(qtbot, window, Qt.Key.Key_F2, clock)  # VietQR for the whole amount
    settle(qtbot, window)
    pay = window.payment
    assert pay.transfer is not None and pay.transfer.reference == "T01-000001"
    assert pay.transfer.amount == 390_000
    qtbot.waitUntil(lambda: pay.watch_state == "waiting", timeout=30_000)
    assert pay.received is None and not pay.tenders
    assert "F9" in pay.bank_state.text() and pay.transfer_confirm.isEnabled()
    window.grab().save("/tmp/bank-payment-waiting.png")

    # the customer pays; the bank tells SePay, SePay tells head office — nobody touches the till
    body = sepay(55001, "NGUYEN VAN A chuyen tien T01 000001", 390_000, account=DEMO_ACCOUNT)
    assert post_sepay(bank_server.url, body).status_code == 200
    qtbot.waitUntil(lambda: pay.received is not None, timeout=30_000)

    assert [(t.method, t.amount, t.reference) for t in pay.tenders] == [("vietqr", 390_000, "T01-000001")]
    assert pay.remaining() == 0 and pay.complete.isEnabled()
    state = pay.qr.text()  # where the QR was
    assert "Đã nhận tiền" in state and "390.000 ₫" in state and "14:02:37 07/12" in state
    assert display.qr_panel.isVisible() and "Đã nhận tiền" in display.qr_title.text()
    assert "390.000 ₫" in display.qr_info.text() and "14:02:37 07/12" in display.qr_info.text()
    window.grab().save("/tmp/bank-payment-flipped.png")
    display.grab().save("/tmp/bank-customer-display.png")

    press(qtbot, window, Qt.Key.Key_F12, clock)
    settle(qtbot, window)
    assert window.current == "sale"
    assert _confirmations(window) == [(1, "T01-000001", 390_000, "bank", "sepay", "55001")]

    # the next sale: head office has nothing yet, the cashier sees the money and confirms by hand (F9)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    press(qtbot, window, Qt.Key.Key_F2, clock)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: pay.watch_state == "waiting", timeout=30_000)
    press(qtbot, window, Qt.Key.Key_F9, clock)
    assert pay.watch_state == "" and pay.received is None
    press(qtbot, window, Qt.Key.Key_F12, clock)
    settle(qtbot, window)
    assert _confirmations(window)[1] == (2, "T01-000002", 390_000, "manual", "", "")


def test_a_till_without_head_office_keeps_the_manual_confirmation(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    _sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    press(qtbot, window, Qt.Key.Key_F2, clock)
    settle(qtbot, window)
    pay = window.payment
    qtbot.waitUntil(lambda: pay.watch_state == "off", timeout=30_000)
    assert "F9" in pay.bank_state.text() and pay.transfer_confirm.isEnabled()
    press(qtbot, window, Qt.Key.Key_F9, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    settle(qtbot, window)
    assert _confirmations(window) == [(1, "T01-000001", 390_000, "manual", "", "")]
