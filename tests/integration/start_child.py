"""Child process of ``test_start_loading.py``: the till started as ``ocop-pos run`` starts it (``start_till``, in a
fresh interpreter, so nothing is imported yet that the start did not import), then — with no pause for what loads
after the window is up — the cashier signs in, scans a product with the wedge scanner's keys, and pays cash with
F12. Reports, as one JSON line: which table-model modules and whether SQLAlchemy's ORM were loaded when the window
was shown, the cart after the scan, the sale's receipt, and the model modules loaded at the end.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CODE = "8938390707402"  # chả mực Hạ Long (demo catalogue)


def loaded_models() -> list[str]:
    return sorted(m for m in sys.modules if m.startswith("pos.models."))


def main() -> int:
    from pos.cli import build_parser, command_name

    args = build_parser(command_name(["run"])).parse_args(["run"])
    from ui.commands import start_till

    window = start_till(args)
    at_start = {"models": loaded_models(), "orm": "sqlalchemy.orm" in sys.modules}
    from PySide6.QtTest import QTest

    from pos.selling.checkout import CommittedSale
    from ui.qt import QApplication, Qt

    def wait(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the till did not get there (on {window.current})")
            QApplication.processEvents()
            time.sleep(0.002)

    def settled() -> bool:
        return bool(window.till.idle() and not window.screens[window.current].waiting())

    window.till.session.sign_in("1111")  # at once: the models may still be loading on the executor
    window.go("sale")
    window.activateWindow()
    window.sale.search.setFocus()
    target = QApplication.focusWidget() or window
    for ch in CODE:  # a keyboard-wedge scanner: the keys back to back, then Enter
        QTest.keyClick(target, ch)
    QTest.keyClick(target, Qt.Key.Key_Return)
    wait(lambda: bool(window.till.session.cart.lines) and settled())
    lines = [[line.product.sku, line.qty_milli] for line in window.till.session.cart.lines]
    sold: list[str] = []
    original = window.sale_completed

    def completed(sale: CommittedSale) -> None:
        sold.append(str(sale.receipt_no))
        original(sale)

    window.sale_completed = completed  # type: ignore[method-assign]
    window.go("payment")
    wait(lambda: window.current == "payment" and settled())
    window.payment.cash_exact()
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    wait(lambda: bool(sold) and settled())
    report = {"at_start": at_start, "lines": lines, "sold": sold, "at_end": loaded_models()}
    print(json.dumps(report), flush=True)
    window.shutdown()
    window.till.session.terminal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
