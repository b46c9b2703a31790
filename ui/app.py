"""Starting the till: the Qt application, the look, the language, the terminal and the main window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from pos.integrity import IntegrityCheck
from pos.settings import Settings
from pos.till.terminal import Terminal
from ui.i18n import set_language
from ui.main_window import MainWindow
from ui.qt import QApplication
from ui.theme import apply_theme
from ui.till import Till
from ui.workers import PrintFunction

#: Start-up steps, each with its time (the log record's), for the shop's log file and the start-up benchmark.
startup_log = logging.getLogger("ocop_pos.startup")
#: Seconds between the window showing and the first sync round ("Sync now" does not wait for it).
FIRST_SYNC_DELAY_S = 3.0


def ensure_app(argv: Sequence[str] | None = None) -> QApplication:
    """The process's QApplication (created once), themed."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv if argv is not None else sys.argv[:1]))
        app.setApplicationName("OCOP POS")
        app.setOrganizationName("OCOP")
    assert isinstance(app, QApplication)
    if not app.property("ocop_pos_themed"):  # restyling every live widget is slow: once per process
        apply_theme(app)
        app.setProperty("ocop_pos_themed", True)
    return app


def build_window(
    terminal: Terminal, print_receipt: PrintFunction | None = None, **kwargs: object
) -> MainWindow:
    """The main window over an open terminal, in the terminal's configured language.

    ``printing=`` (a :class:`ui.printing.TillPrinter`) and ``sync=`` (a :class:`ui.sync_bridge.SyncBridge`) plug
    in the receipt printer and head-office sync; without ``printing`` the window makes one from the terminal's
    ``[printer]`` settings (``print_receipt`` then prints sale receipts instead of the printer).
    """
    set_language(terminal.settings.terminal.lang)
    return MainWindow(Till(terminal), print_receipt, **kwargs)  # type: ignore[arg-type]


def open_till(
    settings: Settings, print_receipt: PrintFunction | None = None, *, integrity: IntegrityCheck | None = None
) -> MainWindow:
    """Everything the till does before Qt's event loop takes over: open the database (collecting the verdict of
    ``integrity``, the check started ahead, if given), apply prices that fell due, start the printer, the sync
    worker and the day's backup, show the window. Each step is logged with its time (``ocop_pos.startup``).

    Every committed sale and return is printed on the configured receipt printer (``[printer]`` in config.toml,
    set up from the manager's printer screen) through the persistent print queue, never on the GUI thread; the
    sync worker sends sales to head office in the background. Both report in the status bar.
    """
    from pos.inventory.prices import apply_due_prices
    from ui.daily_backup import DailyBackup
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
        window = build_window(terminal, printing=printing, sync=sync, backup=DailyBackup(settings))
        window.showMaximized()
    except BaseException:
        terminal.close()
        raise
    startup_log.info("window shown")
    return window


def run_event_loop(window: MainWindow) -> int:
    """Run the till until its window closes; returns the process exit code."""
    try:
        return int(QApplication.instance().exec())  # type: ignore[union-attr]
    finally:
        window.till.session.terminal.close()


def run_app(
    settings: Settings, print_receipt: PrintFunction | None = None, *, integrity: IntegrityCheck | None = None
) -> int:
    """Open the till (:func:`open_till`) and run it until its window closes."""
    return run_event_loop(open_till(settings, print_receipt, integrity=integrity))
