"""Child process of the start-up benchmark: start the real app, sign a cashier in, report when the sale screen
is on screen (wall clock, so the parent can measure from before the process existed), the resident memory, and
when each step of the start finished (so the parent can say where the time went)."""

from __future__ import annotations

import json
import os
import sys
import time


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    marks: dict[str, float] = {"interpreter": time.time()}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pos.settings import load_settings
    from pos.terminal import Terminal

    marks["import_core"] = time.time()
    from ui.app import build_window, ensure_app
    from ui.qt import QApplication

    marks["import_ui"] = time.time()
    app = ensure_app()
    marks["qt_app"] = time.time()
    terminal = Terminal.open(load_settings())
    marks["open_database"] = time.time()
    window = build_window(terminal)
    window.show()
    QApplication.processEvents()
    marks["window"] = time.time()
    pin_start = time.perf_counter()
    window.till.sign_in(sys.argv[1])
    pin_s = time.perf_counter() - pin_start
    window.go("sale")
    QApplication.processEvents()
    marks["sale_screen"] = time.time()
    print(json.dumps({"marks": marks, "pin_s": pin_s, "rss_mb": rss_mb()}), flush=True)
    window.close()
    terminal.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
