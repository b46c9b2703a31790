"""Child process of the start-up benchmark: start the till the way ``ocop-pos run`` does, sign a cashier in,
report when the sale screen is on screen (wall clock, so the parent can measure from before the process
existed), the resident memory, and when each step of the start finished (so the parent can say where the time
went). The steps are the till's own start-up log records (``ocop_pos.startup``)."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from typing import Any


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class StepRecorder(logging.Handler):
    """Keeps each start-up log record's message and time."""

    def __init__(self, marks: dict[str, float]) -> None:
        super().__init__(logging.INFO)
        self.marks = marks

    def emit(self, record: logging.LogRecord) -> None:
        self.marks[str(record.msg).split(" on ")[0]] = record.created


def sell(window: Any, sales: int) -> int:
    """``sales`` sales rung up as a cashier does: three scans into the scanner path (``handle_scan``), F12,
    exact cash, F12; each waited for as a cashier waits for the screen. Returns the sales completed."""
    import random

    from ui.qt import QApplication, QKeyEvent, Qt

    def wait(condition: Any, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the till did not get there (on {window.current})")
            QApplication.processEvents()
            time.sleep(0.0005)

    def settled() -> bool:
        return bool(window.till.idle() and not window.screens[window.current].waiting())

    def f12() -> None:
        target = QApplication.focusWidget() or window
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(
                target, QKeyEvent(kind, Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier, "")
            )

    engine = window.till.session.terminal.engine
    with engine.connect() as conn:
        codes = [str(r[0]) for r in conn.exec_driver_sql("SELECT code FROM barcodes LIMIT 5000")]
        conn.rollback()
    rng = random.Random(21)
    done = [0]
    original = window.sale_completed

    def completed(sale: Any) -> None:
        done[0] += 1
        original(sale)

    window.sale_completed = completed
    if window.till.session.needs_shift():  # the day starts: the cashier opens the shift (the float counted)
        window.go("open_shift")
        window.open_shift.open_shift()
        wait(lambda: window.current == "sale" and settled())
    for i in range(sales):
        window.sale.search.setFocus()
        for code in rng.sample(codes, 3):
            window.handle_scan(code)
            wait(settled)
        f12()
        wait(lambda: window.current == "payment" and settled())
        window.payment.cash_exact()
        f12()
        wait(lambda i=i: done[0] > i and settled())
        if window.current != "sale":
            window.go("sale")
    return done[0]


def main() -> int:
    marks: dict[str, float] = {"interpreter": time.time()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    logging.getLogger("ocop_pos.startup").addHandler(StepRecorder(marks))
    from pos.cli import build_parser, command_name

    argv = ["run"]
    args = build_parser(command_name(argv)).parse_args(argv)  # exactly what `ocop-pos run` parses
    marks["command line"] = time.time()
    from ui.commands import start_till  # what `ocop-pos run` does before Qt's event loop

    window = start_till(args)
    from ui.qt import QApplication

    QApplication.processEvents()
    marks["window painted"] = time.time()
    pin_start, pin_cpu = time.perf_counter(), time.process_time()
    window.till.session.sign_in(sys.argv[1])
    pin_s, pin_cpu = time.perf_counter() - pin_start, time.process_time() - pin_cpu
    window.go("sale")
    QApplication.processEvents()
    marks["sale_screen"] = time.time()
    # CPU seconds of the whole process (every thread) to the sale screen, the sign-in's left out: on a machine
    # shared with other work the wall clock says more about the neighbours than about the till.
    cpu_s = time.process_time() - pin_cpu
    out: dict[str, object] = {"marks": marks, "pin_s": pin_s, "cpu_s": cpu_s, "rss_mb": rss_mb()}
    sales = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    if sales:
        out["sold"] = sell(window, sales)
        out["rss_mb_after_sales"] = rss_mb()
    print(json.dumps(out), flush=True)
    window.shutdown()
    window.till.session.terminal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
