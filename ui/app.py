"""Starting the till: the Qt application, the look, the language, the terminal and the main window."""

from __future__ import annotations

import contextlib
import gc
import logging
import signal
import socket
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Unpack

from pos.integrity import IntegrityCheck
from pos.last_run import Run
from pos.models import load_all as load_table_models
from pos.settings import Settings
from pos.till.terminal import Terminal
from ui.i18n import set_language
from ui.main_window import MainWindow, WindowParts
from ui.qt import QApplication, QEvent, QObject, QSocketNotifier, QTimer
from ui.theme import apply_theme
from ui.till import Till
from ui.workers import PrintFunction

#: Start-up steps, each with its time (the log record's), for the shop's log file and the start-up benchmark.
startup_log = logging.getLogger("ocop_pos.startup")
#: Seconds between the window showing and the first sync round ("Sync now" does not wait for it).
FIRST_SYNC_DELAY_S = 3.0
#: Python's GIL switch interval in the till (seconds; Python's default is 0.005).
SWITCH_INTERVAL_S = 0.001
#: The socket pair and notifier that let a signal wake Python inside Qt's event loop (``close_on_signals``).
_signal_wakeup: list[object] = []


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (created once), themed."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
        app.setApplicationName("OCOP POS")
        app.setOrganizationName("OCOP")
    assert isinstance(app, QApplication)
    # Background threads (the database executor, sync, printing) hand the GIL back to the GUI thread within a
    # millisecond instead of Python's default five: a frame is 16 ms, and a scan must be painted within one.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    if not app.property("ocop_pos_themed"):  # restyling every live widget is slow: once per process
        apply_theme(app)
        app.setProperty("ocop_pos_themed", True)
    return app


def build_window(
    terminal: Terminal, print_receipt: PrintFunction | None = None, **parts: Unpack[WindowParts]
) -> MainWindow:
    """The main window over an open terminal, in the terminal's configured language.

    ``printing=`` (a :class:`ui.printing.TillPrinter`) and ``sync=`` (a :class:`ui.sync_bridge.SyncBridge`) plug
    in the receipt printer and head-office sync; without ``printing`` the window makes one from the terminal's
    ``[printer]`` settings (``print_receipt`` then prints sale receipts instead of the printer).
    """
    set_language(terminal.settings.terminal.lang)
    return MainWindow(Till(terminal), print_receipt, **parts)


def open_till(
    settings: Settings,
    print_receipt: PrintFunction | None = None,
    *,
    integrity: IntegrityCheck | None = None,
    run: Run | None = None,
) -> MainWindow:
    """Everything the till does before Qt's event loop takes over: open the database (collecting the verdict of
    ``integrity``, the check started ahead, if given), apply prices that fell due, start the printer, the sync
    worker, the e-invoice sender and the day's backup, show the window. Each step is logged with its time
    (``ocop_pos.startup``).

    Every committed sale and return is printed on the configured receipt printer (``[printer]`` in config.toml,
    set up from the manager's printer screen) through the persistent print queue, never on the GUI thread; the
    sync worker sends sales to head office and the e-invoice sender sends the invoices this till sends itself
    (``[einvoice.<provider>]`` in config.toml), in the background. All three report in the status bar.

    ``run`` (``pos.last_run.begin_run``) is this run of the till: the window says how the last one ended, keeps
    the run's heartbeat, and ends it when it closes.
    """
    from pos.einvoice.worker import default_factory
    from pos.inventory.prices import apply_due_prices
    from ui.daily_backup import DailyBackup
    from ui.einvoice_bridge import EInvoiceBridge
    from ui.printing import TillPrinter
    from ui.sync_bridge import SyncBridge

    startup_log.info("imports done")
    ensure_app()
    startup_log.info("Qt application ready")
    terminal = Terminal.open(settings, integrity=integrity)
    startup_log.info("database open")
    try:
        apply_due_prices(terminal.engine)
        printing = TillPrinter(terminal.engine, settings, print_receipt=print_receipt)
        sync = SyncBridge(
            terminal.engine,
            interval_s=float(settings.sync.interval_s),
            batch_size=settings.sync.batch_size,
            first_round_delay_s=FIRST_SYNC_DELAY_S,
        )
        einvoice = EInvoiceBridge(
            terminal.engine,
            default_factory(settings.device("einvoice")),
            interval_s=float(settings.sync.interval_s),
            first_round_delay_s=FIRST_SYNC_DELAY_S,
        )
        window = build_window(
            terminal, printing=printing, sync=sync, backup=DailyBackup(settings), run=run, einvoice=einvoice
        )
        window.showMaximized()
    except BaseException:
        terminal.close()
        raise
    settle_memory()
    startup_log.info("window shown")
    AfterFirstFrame(window, lambda: load_after_start(window))
    return window


class AfterFirstFrame(QObject):
    """Runs ``fn`` once, as soon as ``window``'s first frame is painted (from the event loop, after the repaint
    that Qt's first update request of the window runs), or after ``fallback_ms`` if no frame comes (no screen)."""

    def __init__(self, window: QObject, fn: Callable[[], None], fallback_ms: int = 1000) -> None:
        super().__init__(window)
        self._window, self._fn, self._done = window, fn, False
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and not self._done:
            QTimer.singleShot(0, self._run)  # after this event: the frame painted
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._fn()


def load_after_start(window: MainWindow) -> None:
    """What the sale screen does not need to be on screen, loaded on the database executor once the window's
    first frame is painted (not before: beside it, it slowed the frame): the table models (``pos.models``, a fifth
    of a second of class building), which the first write that names one (the sign-in's audit entry, a sale's
    journal) would otherwise build. By the time the cashier has typed a PIN they are built; a use case that needs
    one sooner waits for them (Python's import lock) or builds them itself, as it would have at the start. What
    they made is then kept out of the garbage collector's view, as the start's objects are."""

    def loaded(_result: object, error: BaseException | None) -> None:
        if error is not None:  # a bug: the first use imports them again and fails where it is seen
            startup_log.error("loading the table models failed", exc_info=error)
        settle_memory()

    window.till.executor.submit(load_table_models, loaded, label="load the table models")


def settle_memory() -> None:
    """Everything made to start the till lives as long as the till (modules, classes, the window): moved out of
    the garbage collector's view, so a full collection during the day only walks what the day made — with
    SQLAlchemy, PySide6 and the till loaded that is several hundred thousand objects, tens of milliseconds of
    frozen screen per full collection otherwise. Only the young generations are collected first: start-up leaves
    no garbage among the old objects (a full collection here found none of ~100 000 and cost a twentieth of the
    start's CPU time), so they are frozen as they are."""
    gc.collect(1)
    gc.freeze()


def run_event_loop(window: MainWindow) -> int:
    """Run the till until its window closes; returns the process exit code."""
    close_on_signals(window)
    try:
        return int(ensure_app().exec())
    finally:
        window.till.session.terminal.close()


def close_on_signals(window: MainWindow) -> None:
    """SIGTERM (the computer shutting down, a service manager stopping the till) and SIGHUP close the till as its
    close button does, so such a stop is a clean one (no "stopped unexpectedly" at the next start).

    Python runs a signal handler only between bytecodes, and Qt's event loop is C++: the signal's number is
    written to a socket (``signal.set_wakeup_fd``) that a ``QSocketNotifier`` watches, which wakes Python up.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    receive, wake = socket.socketpair()
    receive.setblocking(False)
    wake.setblocking(False)
    signal.set_wakeup_fd(wake.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(receive.fileno(), QSocketNotifier.Type.Read, window)

    def drain() -> None:
        with contextlib.suppress(OSError):
            receive.recv(256)

    def close(signum: int, _frame: object) -> None:
        startup_log.warning("signal %d: closing the till", signum)
        window.close()
        QApplication.quit()

    notifier.activated.connect(drain)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), close)
    _signal_wakeup[:] = [receive, wake, notifier]  # kept alive for the rest of the process


def run_app(
    settings: Settings, print_receipt: PrintFunction | None = None, *, integrity: IntegrityCheck | None = None
) -> int:
    """Open the till (:func:`open_till`) and run it until its window closes."""
    return run_event_loop(open_till(settings, print_receipt, integrity=integrity))
