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
    """The main window over an open terminal, in the terminal's configured language."""
    set_language(terminal.settings.terminal.lang)
    return MainWindow(Till(terminal), print_receipt, **kwargs)  # type: ignore[arg-type]


def run_app(settings: Settings, print_receipt: PrintFunction | None = None) -> int:
    """Run the till until its window closes; returns the process exit code.

    ``print_receipt(sale_id)`` prints a committed sale's receipt; it runs on the print worker's thread, never on
    the GUI thread. Without it the till sells without printing.
    """
    app = ensure_app()
    terminal = Terminal.open(settings)
    try:
        window = build_window(terminal, print_receipt)
        window.showMaximized()
        return int(app.exec())
    finally:
        terminal.close()
