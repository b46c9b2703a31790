"""Child process of the GUI benchmarks (``bench/gui_bench.py``): the real till window, offscreen, driven by key
events as a cashier and a scanner drive it; prints one JSON object on its last line.

    python -m bench.gui_child serve-scans HOME          (then "N" lines on stdin)
    python -m bench.gui_child search HOME KEYSTROKES
    python -m bench.gui_child checkout HOME SALES
    python -m bench.gui_child stall HOME SERVER_URL SECONDS_MAX
    python -m bench.gui_child wedge

Each home is a copy the parent made (a staff member ``BENCH`` with PIN 4826, the catalogue of its size); the
child signs in and opens the shift itself, outside any timing. Time for the scanner filter is a fake clock moved
one millisecond per key (USB-HID speed), so a key is never judged by how long the machine took to deliver it;
what is timed is the wall clock of the work the window does.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PIN = "4826"
MAX_LINES = 30


class FakeClock:
    """The scanner filter's milliseconds: moved by the driver, one per key."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


class Till:
    """One till window over the home at ``home``, signed in, the shift open, the sale screen showing."""

    def __init__(self, home: Path, *, sync_url: str | None = None, install_filter: bool = True) -> None:
        from pos.settings import load_settings
        from pos.till.terminal import Terminal
        from ui.app import AfterFirstFrame, build_window, ensure_app, load_after_start, settle_memory
        from ui.qt import QEvent, QObject

        self.app = ensure_app()
        self.clock = FakeClock()
        self.terminal = Terminal.open(load_settings(home))
        self.printed: list[str] = []
        kwargs: dict[str, Any] = {}
        if sync_url is not None:
            from ui.sync_bridge import SyncBridge

            kwargs["sync"] = SyncBridge(self.terminal.engine, interval_s=3600.0, first_round_delay_s=0.0)
        self.window = build_window(
            self.terminal, self.printed.append, clock=self.clock, install_filter=install_filter, **kwargs
        )
        self.window.resize(1024, 768)
        self.window.show()
        self.window.activateWindow()
        # What ``ui.app.open_till`` does once the window is up: the table models loaded after its first frame.
        AfterFirstFrame(self.window, lambda: load_after_start(self.window))
        from pos.models import MODEL_MODULES

        loaded = {f"pos.models.{m}" for m in MODEL_MODULES.values()}
        self.wait(lambda: self.window.till.idle() and loaded <= sys.modules.keys())
        session = self.window.till.session
        self.window.signin.pin.setText(PIN)
        self.window.signin.submit()
        self.wait(lambda: self.window.current in ("sale", "open_shift") and self.window.till.idle())
        if self.window.current == "open_shift":
            self.window.open_shift.open_shift()
            self.wait(lambda: self.window.current == "sale" and self.window.till.idle())
        # The payment screen is built a moment after the sale screen first shows (``PREPARE_PAYMENT_AFTER_MS``),
        # while the cashier starts the first sale: a start-up step, over before what is measured here begins.
        self.wait(lambda: "payment" in self.window.screens)
        assert session.staff is not None
        paint = QEvent.Type.Paint
        painted = self.painted = [0]

        class PaintSeen(QObject):
            def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
                if event.type() == paint:
                    painted[0] += 1
                return False

        self._paint_seen = PaintSeen()
        self.window.sale.table.viewport().installEventFilter(self._paint_seen)
        self.codes = self._codes()
        settle_memory()  # as ui.app.open_till does once the till is up

    def _codes(self) -> list[str]:
        with self.terminal.engine.connect() as conn:
            codes = [str(r[0]) for r in conn.exec_driver_sql("SELECT code FROM barcodes")]
            conn.rollback()
        return codes

    def wait(self, condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
        """Run the event loop until ``condition`` holds. The loop sleeps in Qt until an event comes (a result
        posted by the executor wakes it at once), as the till's own event loop does — not a poll that sleeps
        regardless; a 5 ms timer wakes it to look at conditions no event announces, and at the deadline."""
        from ui.qt import QApplication, QEventLoop, QTimer

        deadline = time.monotonic() + timeout_s
        tick = QTimer()
        tick.start(5)
        try:
            while not condition():
                if time.monotonic() > deadline:
                    raise TimeoutError("the till did not get there")
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        finally:
            tick.stop()

    def settle(self) -> None:
        self.wait(lambda: self.window.till.idle() and not self.window.screens[self.window.current].waiting())

    def key(self, key: int | str) -> None:
        """One key press (and its release, as a keyboard sends it) into the widget with focus, 1 ms after the last."""
        from ui.qt import QApplication, QKeyEvent, Qt

        self.clock.now += 1.0
        target = QApplication.focusWidget() or self.window
        if isinstance(key, str):
            code = Qt.Key.Key_0 + int(key) if key.isdigit() else Qt.Key(ord(key.upper()))
            text = key
        else:
            code, text = key, "\r" if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) else ""
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, text))

    def scan_keys(self, code: str) -> None:
        from ui.qt import Qt

        for ch in code:
            self.key(ch)
        self.key(Qt.Key.Key_Return)

    def until_painted(self, before: int) -> None:
        """Process events until the cart's table has painted since ``before`` (then everything due is painted)."""
        from ui.qt import QApplication

        while self.painted[0] == before:
            QApplication.processEvents()
        QApplication.processEvents()  # the rest of that frame: totals, the notice

    def new_sale(self) -> None:
        self.window.till.session.clear()
        self.settle()

    def close(self) -> None:
        self.window.shutdown()
        self.window.close()
        self.terminal.close()


def scan_to_screen(till: Till, scans: int, rng: random.Random) -> list[list[float]]:
    """``scans`` scans into the window, one after another: from the first key event into the scanner filter to
    the cart's table painted with the new line, [wall ms, the GUI thread's CPU ms]. A sale is 30 lines; the
    31st scan starts a new one."""
    out = []
    for _ in range(scans):
        if len(till.window.till.session.cart.lines) >= MAX_LINES:
            till.new_sale()
        till.window.sale.search.setFocus()
        code = rng.choice(till.codes)
        before = till.painted[0]
        cpu = time.thread_time()
        start = time.perf_counter()
        till.scan_keys(code)
        till.until_painted(before)
        out.append([_ms(start), (time.thread_time() - cpu) * 1000])
        till.settle()  # the open cart's save (on the executor, after the frame) is not the scan's: untimed
    return out


def _serve_scans(home: str) -> None:
    """Scans on command, so the parent can alternate two catalogues in blocks (each in its own process, its
    window always the active one): a line ``N`` on stdin → N scans → their times as one JSON line."""
    till = Till(Path(home))
    rng = random.Random(11)
    print(json.dumps({"ready": True}), flush=True)
    try:
        for line in sys.stdin:
            n = int(line)
            if n <= 0:
                break
            print(json.dumps(scan_to_screen(till, n, rng)), flush=True)
    finally:
        till.close()


WORDS = [
    "cha muc",
    "ruou ba kich",
    "tra hoa vang",
    "mien dong",
    "ha long",
    "nuoc mam cai rong",
    "mat ong",
    "dong trieu",
    "quang yen",
    "van don sa sung",
    "banh gat gu",
    "tien yen",
]


def search_keystrokes(till: Till, keystrokes: int) -> dict[str, Any]:
    """A person types queries into the search box, a key every 150 ms on the scanner filter's clock: for each
    keystroke, from its key event into the filter to the results for the box's new text painted (ms).

    The filter holds a person's key for ``max_gap_ms`` (35 ms by default) to tell it from a scanner's; on its
    fake clock that hold passes at once, so the figure is the window's own work: releasing the key, the search
    on the executor, the list painted. The hold is reported beside it."""
    from ui.qt import QApplication, Qt

    window = till.window
    sale = window.sale
    shown = [0]
    sale.search_shown.connect(lambda: shown.__setitem__(0, shown[0] + 1))
    rng = random.Random(5)
    out: list[float] = []
    results: list[int] = []
    hold = window.wedge.decoder.config.max_gap_ms
    while len(out) < keystrokes:
        sale.search.setFocus()
        sale.search.clear()
        till.settle()
        for ch in rng.choice(WORDS):
            before = shown[0]
            gc.collect(0)
            start = time.perf_counter()
            till.key(ch)
            till.clock.now += hold + 1  # the filter lets the person's key out (its timer, on the fake clock)
            window.wedge.poll()
            while shown[0] == before or not till.window.till.idle():
                QApplication.processEvents()
            QApplication.processEvents()  # paint the list
            out.append(_ms(start))
            results.append(sale.results_model.rowCount())
            till.clock.now += 150
        till.key(Qt.Key.Key_Escape)
        till.settle()
    return {"ms": out[:keystrokes], "results": results[:keystrokes], "hold_ms": hold}


def checkout_vs_bare(till: Till, sales: int) -> dict[str, Any]:
    """Five lines scanned, F12, F12 with the exact cash: timed from the key that completes the sale to the sale
    committed and back on the GUI thread (``sale_completed``), against a bare ``sqlite3`` transaction of the
    same rows into the same file (``bench.core_bench.SameRowsBare``), alternated."""
    from bench.core_bench import SameRowsBare
    from ui.qt import QApplication, Qt

    window = till.window
    completed: list[float] = []
    original = window.sale_completed

    def sale_completed(sale: Any) -> None:
        completed.append(time.perf_counter())
        original(sale)

    window.sale_completed = sale_completed  # type: ignore[method-assign]
    app_filter = window.wedge
    rng = random.Random(9)
    gui: list[float] = []
    bare_ms: list[float] = []
    bare: SameRowsBare | None = None
    for i in range(sales + 5):
        window.sale.search.setFocus()
        for code in rng.sample(till.codes, 5):
            till.scan_keys(code)
            till.settle()
        till.key(Qt.Key.Key_F12)
        till.settle()
        assert window.current == "payment", window.current
        window.payment.cash_exact()
        # The cashier sees the amount before pressing F12: the screen's answer to taking the exact cash (its
        # layout and paint) is that step's work, not the sale's, so it is done before the timing starts.
        till.settle()
        QApplication.processEvents()
        count = len(completed)
        gc.collect(0)
        start = time.perf_counter()
        till.key(Qt.Key.Key_F12)
        till.wait(lambda c=count: len(completed) > c)  # type: ignore[misc]
        elapsed = (completed[-1] - start) * 1000
        till.settle()
        if i < 5:  # warm: the pool's connection, statement caches, the WAL
            continue
        if bare is None:
            bare = SameRowsBare(till.terminal)
        gui.append(elapsed)
        bare_ms.append(bare.once())
    if bare is not None:
        bare.close()
    del app_filter
    return {"gui_ms": gui, "bare_ms": bare_ms}


class StallMeter:
    """A 1 ms precise timer on the GUI thread that records how late each tick is: the event loop's stalls."""

    def __init__(self) -> None:
        from ui.qt import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.late: list[float] = []

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.late.append(max(0.0, (now - self.last) * 1000 - 1.0))
        self.last = now


def cashier_loop(till: Till, seconds: float, done: Callable[[], bool]) -> dict[str, Any]:
    """A cashier at work while the event loop is measured: a scan every 250 ms (key events), a sale paid every
    five scans (F12, exact cash, F12); stops after ``seconds`` or when ``done()``."""
    from ui.qt import QApplication, Qt, QTimer

    window = till.window
    rng = random.Random(13)
    meter = StallMeter()
    state = {"scans": 0, "sales": 0, "step": 0}
    deadline = time.monotonic() + seconds

    def step() -> None:
        if time.monotonic() > deadline or done():
            state["step"] = -1
            return
        if not window.till.idle():
            QTimer.singleShot(5, step)
            return
        if window.current == "sale" and state["scans"] % 5 == 4:
            till.key(Qt.Key.Key_F12)
        elif window.current == "payment":
            window.payment.cash_exact()
            till.key(Qt.Key.Key_F12)
            state["sales"] += 1
        else:
            window.sale.search.setFocus()
            till.scan_keys(rng.choice(till.codes))
        state["scans"] += 1
        QTimer.singleShot(250, step)

    meter.start()
    QTimer.singleShot(0, step)
    while state["step"] != -1:
        QApplication.processEvents()
        time.sleep(0.0002)
    meter.stop()
    till.settle()
    late = meter.late
    return {
        "max_ms": max(late) if late else None,
        "p99_ms": statistics.quantiles(late, n=100)[98] if len(late) > 100 else None,
        "ticks": len(late),
        "over_16ms": sum(1 for x in late if x > 16),
        "scans": state["scans"],
        "sales": state["sales"],
    }


def _run_stall(home: str, _server: str, seconds_max: str) -> dict[str, Any]:
    """Baseline first (the cashier alone, sync idle), then the same with the sync worker uploading the backlog."""
    from pos.sync import outbox

    till = Till(Path(home), sync_url=None)
    try:
        baseline = cashier_loop(till, 8.0, lambda: False)
    finally:
        till.close()
    till = Till(Path(home), sync_url="configured")
    engine = till.terminal.engine

    def outbox_left() -> int:
        return outbox.total(engine)

    # Whether the upload is done is the benchmark's question, not the till's: asked on a thread of its own, so
    # the GUI thread's event loop measures only the till (asked in the loop's own steps, ``outbox.counts`` read
    # every document of the outbox on the GUI thread: the longest "stalls" measured were the benchmark's).
    left_now = [outbox_left()]
    queued = left_now[0]
    watching = threading.Event()

    def watch() -> None:
        while not watching.wait(0.25):
            left_now[0] = outbox_left()

    watcher = threading.Thread(target=watch, name="bench-outbox-watch", daemon=True)
    start = time.perf_counter()
    try:
        till.window.sync.sync_now()  # type: ignore[union-attr]
        watcher.start()
        during = cashier_loop(till, float(seconds_max), lambda: left_now[0] == 0)
        upload_s = time.perf_counter() - start
        watching.set()
        watcher.join()
        left = outbox_left()
    finally:
        watching.set()
        till.close()
    return {"baseline": baseline, "during_sync": during, "queued": queued, "left": left, "upload_s": upload_s}


def wedge_rates() -> dict[str, Any]:
    """The scanner filter (``ui.wedge_filter.WedgeFilter``, the till's own decoder behind it) fed real key events,
    a key every millisecond (a USB-HID scanner at full speed), scans of 13 digits + Enter one after another at a
    given rate. The highest rate at which 200 scans all come out whole, none lost or merged and no key left in
    the focused field. At 1 ms a key a scan takes 14 ms, so ~71 scans/s is back to back."""
    from ui.qt import QApplication, QKeyEvent, QLineEdit, Qt
    from ui.wedge_filter import WedgeFilter

    app = QApplication.instance()
    assert app is not None
    field = QLineEdit()
    field.show()
    field.setFocus()
    clock = FakeClock()
    got: list[str] = []
    wedge = WedgeFilter(got.append, clock=clock)
    app.installEventFilter(wedge)
    rng = random.Random(4)
    results: dict[str, bool] = {}
    best = 0.0
    try:
        for rate in (10, 20, 30, 40, 50, 60, 65, 70, 71):
            codes = [f"893{rng.randrange(10**10):010d}" for _ in range(200)]
            got.clear()
            field.clear()
            events: list[tuple[float, str]] = []
            for i, code in enumerate(codes):
                t0 = 1_000_000.0 + i * 1000.0 / rate
                events += [(t0 + k, ch) for k, ch in enumerate([*code, "\r"])]
            events.sort()
            for at, ch in events:
                if at > clock.now:
                    clock.now = at
                    wedge.poll()
                code = Qt.Key.Key_Return if ch == "\r" else Qt.Key.Key_0 + int(ch)
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(field, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, ch))
            clock.now += 1000
            wedge.poll()
            ok = got == codes and field.text() == ""
            results[str(rate)] = ok
            if ok:
                best = float(rate)
            else:
                break
    finally:
        app.removeEventFilter(wedge)
    return {"lossless_scans_per_s": best, "rates": results, "key_ms": 1.0}


def main(argv: list[str]) -> int:
    from ui.app import ensure_app

    ensure_app()
    mode, args = argv[0], argv[1:]
    if mode == "serve-scans":
        _serve_scans(args[0])
        return 0
    if mode == "search":
        till = Till(Path(args[0]))
        try:
            result = search_keystrokes(till, int(args[1]))
        finally:
            till.close()
    elif mode == "checkout":
        till = Till(Path(args[0]))
        try:
            result = checkout_vs_bare(till, int(args[1]))
        finally:
            till.close()
    elif mode == "stall":
        result = _run_stall(*args)
    elif mode == "wedge":
        result = wedge_rates()
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
