"""What every screen of the till has: the window as a narrow host, the till session, keys and scans."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import tr
from ui.qt import QEvent, QKeyEvent, QWidget

if TYPE_CHECKING:
    from pos.till.session import TillSession
    from ui.screens.host import ScreenHost
    from ui.till import Till


class Screen(QWidget):
    """A page of the main window. Subclasses re-label themselves in ``retranslate``.

    ``host`` is the window as a :class:`~ui.screens.host.ScreenHost`; ``session`` is the till's use cases
    (``pos.till.session.TillSession``), ``till`` its signals.
    """

    name = "screen"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__()
        self.host = host
        self.setObjectName(type(self).__name__)

    @property
    def till(self) -> Till:
        return self.host.till

    @property
    def session(self) -> TillSession:
        return self.host.till.session

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
        self.host.notify(tr("Finish or leave this screen before scanning products"), "warn")
