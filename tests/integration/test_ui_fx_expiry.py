"""The payment screen with head office's exchange rates (issue 18, item 4): a rate past its ``valid_until`` shows why
it is not taken and cannot be added; a rate in force is taken as before. Real widgets over the demo till."""

from __future__ import annotations

import datetime as dt

from pos.db import write_tx
from pos.models.values import utcnow
from pos.payments.fx_store import write_office_rates
from tests.conftest_ui import FakeClock, human, press, scan, settle
from ui.qt import Qt

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫


def test_an_expired_head_office_rate_is_not_taken(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    now = utcnow()
    with write_tx(window.till.session.terminal.engine) as conn:
        write_office_rates(
            conn,
            [
                ("USD", 25_400_000, now - dt.timedelta(hours=1)),
                ("EUR", 27_000_000, now + dt.timedelta(days=1)),
            ],
            now - dt.timedelta(days=1),
        )
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    pay = window.payment
    assert window.current == "payment"
    qtbot.waitUntil(lambda: pay.fx_currency.count() == 2)
    pay.choose("fx_cash")
    pay.fx_currency.setCurrentIndex(pay.fx_currency.findData("USD"))
    pay.fx_amount.setText("20")
    pay.update_fx()
    settle(qtbot, window)
    assert "hết hạn" in pay.fx_rate_label.text() and not pay.fx_add.isEnabled()
    window.grab().save("/tmp/rules/payment_fx_expired.png")
    pay.fx_currency.setCurrentIndex(pay.fx_currency.findData("EUR"))
    pay.fx_amount.setText("20")
    pay.update_fx()
    assert "27.000" in pay.fx_rate_label.text() and pay.fx_add.isEnabled()
    settle(qtbot, window)
    window.grab().save("/tmp/rules/payment_fx_ok.png")
