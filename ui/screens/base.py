"""What every screen of the till has: the shared till state, a way to talk to the window, keys and scans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import tr
from ui.qt import QEvent, QKeyEvent, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.till import Till


class Screen(QWidget):
    """A page of the main window. Subclasses re-label themselves in ``retranslate``."""

    name = "screen"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName(type(self).__name__)

    @property
    def till(self) -> Till:
        return self.window_.till

    def retranslate(self) -> None:
        """Set every visible text in the current language."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def entered(self) -> None:
        """The screen was shown: refresh from the till and put focus where typing belongs."""

    def handle_key(self, event: QKeyEvent) -> bool:
        """A human key press (not a scan): True if the screen took it as a command."""
        return False

    def handle_scan(self, code: str) -> None:
        """A complete code from the scanner."""
        self.window_.notify(tr("Finish or leave this screen before scanning products"), "warn")
