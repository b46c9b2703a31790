"""The manager's side inside the till window: shift close, stock count, receiving, products and prices, producers,
reports, producer settlement, the shop's own details and the receipt printer. A manager or admin sees every
section; a cashier only those of the work they may do (stock count), a shift lead receiving too
(``ui/manager/access.py``).

The window refuses to open it for someone with no section (and the core refuses their operations anyway). The panel is built
for the person signed in when it is opened and dropped at sign-out, so it never acts as someone who left.
A scan goes to the section that takes scans (stock count, receiving, products).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QHBoxLayout, QKeyEvent, Qt, QVBoxLayout
from ui.screens.base import Screen
from ui.widgets import ActionButton, NoticeBar

if TYPE_CHECKING:
    from ui.manager.base import ManagerScreen
    from ui.manager.panel import ManagerPanel
    from ui.manager.shift_close import ShiftCloseScreen
    from ui.screens.host import ScreenHost


class ManagerHostScreen(Screen):
    name = "manager"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 10)
        self.root.setSpacing(6)
        self.panel: ManagerPanel | None = None
        self._panel_for = ""
        self.notice = NoticeBar()
        self.root.addWidget(self.notice)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(12, 0, 12, 0)
        self.back = ActionButton(QT_TR_NOOP("Back to the till"), "Esc", "back", "quiet", on_click=self.leave)
        self.back.setMaximumWidth(320)
        bottom.addWidget(self.back)
        bottom.addStretch(1)
        self.root.addLayout(bottom)

    def entered(self) -> None:
        staff = self.session.require_staff()
        if self.panel is None or self._panel_for != staff.id:
            # Imported here, not at start-up: the manager screens (reports, charts, previews) load only when used.
            from ui.manager.panel import ManagerPanel

            self.drop_panel()
            self.panel = ManagerPanel(
                self.session.terminal,
                staff,
                self.host.approval_asker(tr("This needs the approval of someone with the right.")),
                printing=self.host.printing,
            )
            self.panel.section_built.connect(self._section_built)
            for key, built in self.panel.screens.items():  # the first section was built with the panel
                self._section_built(key, built)
            self._panel_for = staff.id
            self.root.insertWidget(0, self.panel, 1)
        self.notice.clear()

    def _section_built(self, key: str, screen: object) -> None:
        """Closing the shift here prints the Z report, as closing it from the till menu does; an e-invoice offered
        again is sent at once, and the status bar says so."""
        from ui.manager.einvoices import EInvoicesScreen
        from ui.manager.shift_close import ShiftCloseScreen

        if key == "shift" and isinstance(screen, ShiftCloseScreen):
            screen.close_button.clicked.connect(lambda: self._shift_closed(screen))
        if key == "einvoices" and isinstance(screen, EInvoicesScreen) and self.host.einvoice is not None:
            screen.states_changed.connect(self.host.einvoice.send_now)

    def _shift_closed(self, screen: ShiftCloseScreen) -> None:
        if screen.report is None:
            return
        self.session.shift_closed()
        doc = self.session.report_document(screen.report, current_language())
        self.host.printing.print_document(doc, ref=f"Z{screen.report.z_no}")
        self.notice.show_message(
            tr("Z report No. {n} sent to the printer").format(n=screen.report.z_no), "ok"
        )

    def drop_panel(self) -> None:
        if self.panel is not None:
            self.root.removeWidget(self.panel)
            self.panel.hide()
            self.panel.deleteLater()
            self.panel = None
            self._panel_for = ""

    def go_section(self, key: str) -> ManagerScreen:
        """Open a section (the window must be on this screen)."""
        assert self.panel is not None
        return self.panel.go(key)

    def leave(self) -> None:
        self.host.back_to_till()

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_Escape:
            self.leave()
            return True
        screen = self.panel.current_screen() if self.panel is not None else None
        return screen is not None and screen.on_key(key)

    def handle_scan(self, code: str) -> None:
        screen = self.panel.current_screen() if self.panel is not None else None
        scan = getattr(screen, "scan_code", None)
        if scan is None:
            self.notice.show_message(tr("Scanning works in stock count, receiving and products"), "warn")
            self.host.beep()
            return
        scan(code)
