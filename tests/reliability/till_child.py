"""Child process of the till crash tests: the real ``ocop-pos run`` (``pos.cli.main(["run"])``: run marker, fault
log, log file, integrity check, window, event loop) on the home in ``OCOP_POS_HOME``, driven by real key events
from inside its own event loop, offscreen.

    python -m tests.reliability.till_child sell     sign in as the cashier, scan three products, one more of the
                                                    last, a 5 % sale discount; print the report, keep running
    python -m tests.reliability.till_child segv     the same, then crash in native code (SIGSEGV) from a Qt slot
    python -m tests.reliability.till_child abort    the same, then abort (SIGABRT) from a Qt slot
    python -m tests.reliability.till_child inspect  say what the sign-in screen shows, sign in as the shift lead,
                                                    say what the sale screen shows, close the till normally

The report is one JSON line on stdout: the sign-in notice (shown, text), the sale screen's notice, the cart.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
from collections.abc import Callable
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtTest import QTest

from ui.app import ensure_app
from ui.main_window import MainWindow
from ui.qt import QApplication, Qt, QTimer

CODES = ("8938390707402", "8936174404257", "8934656203930")  # chả mực, rượu ba kích, bánh gật gù
HUMAN_GAP_MS = 90  # a person's keys: well above the scanner decoder's 35 ms


def the_window() -> MainWindow | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None
    )


def target(window: MainWindow) -> Any:
    return QApplication.focusWidget() or window


def type_as_a_person(window: MainWindow, text: str) -> None:
    for ch in text:
        QTest.keyClick(target(window), ch)
        QTest.qWait(HUMAN_GAP_MS)
    QTest.qWait(150)


def press(window: MainWindow, key: Qt.Key) -> None:
    QTest.keyClick(target(window), key)
    QTest.qWait(200)  # the decoder lets a person's key out once the burst is over


def scan(window: MainWindow, code: str) -> None:
    """A keyboard-wedge scanner: the keys back to back, then Enter."""
    for ch in code:
        QTest.keyClick(target(window), ch)
    QTest.keyClick(target(window), Qt.Key.Key_Return)
    QTest.qWait(100)


def wait_for(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise TimeoutError("the till did not get there")
        QTest.qWait(20)
        waited += 20


def on_next_dialog(window: MainWindow, step: Callable[[], None]) -> None:
    """Run ``step`` once a modal dialog is up (it runs inside the dialog's own event loop)."""

    def check() -> None:
        if QApplication.activeModalWidget() is None:
            QTimer.singleShot(20, check)
            return
        step()

    QTimer.singleShot(20, check)


def cart_state(window: MainWindow) -> dict[str, Any]:
    cart = window.till.session.cart
    return {
        "lines": [
            [line.product.sku, line.qty_milli, line.unit_price, line.discount.percent, line.discount.amount]
            for line in cart.lines
        ],
        "sale_discount": [cart.sale_discount.percent, cart.sale_discount.amount],
        "total": cart.totals().total,
    }


def sign_in(window: MainWindow, pin: str) -> None:
    window.signin.pin.setFocus()
    type_as_a_person(window, pin)
    press(window, Qt.Key.Key_Return)
    wait_for(lambda: window.current == "sale")


def crash_in_a_slot(how: str) -> None:
    """A fatal error in native code while Qt is dispatching: what the fault handler is there for."""
    if how == "segv":
        faulthandler._sigsegv()
    os.abort()


def drive(mode: str) -> None:
    window = the_window()
    if window is None:  # still starting (an event may be processed before the window is up): later
        QTimer.singleShot(50, lambda: drive(mode))
        return
    window.activateWindow()
    notice = window.signin.stop_notice
    report: dict[str, Any] = {
        "pid": os.getpid(),
        "notice_visible": notice.isVisible(),
        "notice": notice.text.text() if notice.isVisible() else "",
        "cart_at_start": cart_state(window),
    }
    sign_in(window, "2222" if mode == "inspect" else "1111")
    report["sale_notice"] = window.sale.notice.text.text()
    report["signed_in"] = window.till.session.staff.name if window.till.session.staff else ""
    if mode == "inspect":
        report["cart"] = cart_state(window)
        print(json.dumps(report, ensure_ascii=False), flush=True)
        window.close()  # a normal end: the till closes as by its close button
        return
    for code in CODES:
        scan(window, code)
    press(window, Qt.Key.Key_Plus)  # one more of the picked line, the last scanned

    def give_discount() -> None:
        type_as_a_person(window, "5")
        press(window, Qt.Key.Key_Return)

    on_next_dialog(window, give_discount)
    press(window, Qt.Key.Key_F5)  # a 5 % sale discount (the cashier's own limit)
    wait_for(
        lambda: (
            QApplication.activeModalWidget() is None and window.till.session.cart.sale_discount.percent == 5
        )
    )
    report["cart"] = cart_state(window)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    if mode in ("segv", "abort"):
        QTimer.singleShot(50, lambda: crash_in_a_slot(mode))


def main() -> int:
    mode = sys.argv[1]
    ensure_app()
    QTimer.singleShot(0, lambda: drive(mode))
    from pos.cli import main as ocop_pos

    return ocop_pos(["run"])


if __name__ == "__main__":
    sys.exit(main())
