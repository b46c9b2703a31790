"""Smoke: the window opens and a PIN signs in."""

from __future__ import annotations

from tests.conftest_ui import FakeClock, human, press, scan
from ui.qt import Qt


def test_sign_in_and_scan(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    assert window.current == "signin"
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    assert window.signin.pin.text() == "1111"
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"
    scan(qtbot, window, "8938390707402", clock)
    assert len(window.till.session.cart.lines) == 1
    assert window.sale.search.text() == ""
