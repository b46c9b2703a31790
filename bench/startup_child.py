"""Child process of the start-up benchmark: start the real app, sign a cashier in, report when the sale screen
is on screen (wall clock, so the parent can measure from before the process existed) and the resident memory."""

from __future__ import annotations

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
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from pos.settings import load_settings
    from pos.terminal import Terminal
    from ui.app import build_window, ensure_app
    from ui.qt import QApplication

    app = ensure_app()
    terminal = Terminal.open(load_settings())
    window = build_window(terminal)
    window.show()
    QApplication.processEvents()
    signin_ready = time.time()
    pin_start = time.perf_counter()
    window.till.sign_in(sys.argv[1])
    pin_s = time.perf_counter() - pin_start
    window.go("sale")
    QApplication.processEvents()
    ready = time.time()
    print(f"{signin_ready} {ready} {pin_s} {rss_mb()}", flush=True)
    window.close()
    terminal.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
