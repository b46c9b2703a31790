"""Starting the till: the Qt application, the look, the language, the terminal and the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pos.settings import Settings
from pos.terminal import Terminal
from ui.i18n import set_language
from ui.main_window import MainWindow
from ui.qt import QApplication
from ui.theme import apply_theme
from ui.till import Till
from ui.workers import PrintFunction


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


def run_app(settings: Settings, print_receipt: PrintFunction | None = None) -> int:
    """Run the till until its window closes; returns the process exit code.

    Every committed sale and return is printed on the configured receipt printer (``[printer]`` in config.toml,
    set up from the manager's printer screen) through the persistent print queue, never on the GUI thread; the
    sync worker sends sales to head office in the background. Both report in the status bar.
    """
    from pos.inventory.prices import apply_due_prices
    from ui.printing import TillPrinter
    from ui.sync_bridge import SyncBridge

    app = ensure_app()
    terminal = Terminal.open(settings)
    try:
        apply_due_prices(terminal.engine)
        printing = TillPrinter(terminal.engine, settings, print_receipt=print_receipt)
        sync = SyncBridge(
            terminal.engine, interval_s=float(settings.sync.interval_s), batch_size=settings.sync.batch_size
        )
        window = build_window(terminal, printing=printing, sync=sync)
        window.showMaximized()
        return int(app.exec())
    finally:
        terminal.close()
