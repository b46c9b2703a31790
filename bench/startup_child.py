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
    pin_start = time.perf_counter()
    window.till.session.sign_in(sys.argv[1])
    pin_s = time.perf_counter() - pin_start
    window.go("sale")
    QApplication.processEvents()
    marks["sale_screen"] = time.time()
    print(json.dumps({"marks": marks, "pin_s": pin_s, "rss_mb": rss_mb()}), flush=True)
    window.shutdown()
    window.till.session.terminal.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
