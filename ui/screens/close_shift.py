"""Closing the shift from the till: the manager screens' blind count, then the Z report, printed and stored.

The count screen (``ui.manager.shift_close``) is built for whoever is signed in; the core checks the right to
close (every cashier may; closing with sales not yet sent to head office is an explicit, audited override: a
cashier needs a shift lead's or manager's PIN, someone holding the right confirms a question naming the sales). Once closed, the Z report prints by itself; the cashier signs out and the next person opens a new
shift with a counted float.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QHBoxLayout, QKeyEvent, Qt, QVBoxLayout
from ui.screens.base import Screen
from ui.widgets import ActionButton, NoticeBar

if TYPE_CHECKING:
    from ui.manager.shift_close import ShiftCloseScreen
    from ui.screens.host import ScreenHost


class CloseShiftScreen(Screen):
    name = "close_shift"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(0, 0, 0, 12)
        self.root.setSpacing(8)
        self.count: ShiftCloseScreen | None = None
        self.notice = NoticeBar()
        self.root.addWidget(self.notice)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(16, 0, 16, 0)
        self.back = ActionButton(QT_TR_NOOP("Back"), "Esc", "back", "quiet", on_click=self.leave)
        self.back.setMaximumWidth(320)
        self.print_z = ActionButton(
            QT_TR_NOOP("Print the Z report again"), "F9", "printer", on_click=self.print_report
        )
        self.finish = ActionButton(
            QT_TR_NOOP("Finish and sign out"), "F12", "logout", "pay", on_click=host.sign_out
        )
        self.finish.setMinimumHeight(60)
        bottom.addWidget(self.back, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.print_z, 1)
        bottom.addWidget(self.finish, 2)
        self.root.addLayout(bottom)

    def entered(self) -> None:
        """A fresh count screen for the person signed in now."""
        if self.count is not None:
            self.root.removeWidget(self.count)
            self.count.deleteLater()
        staff = self.session.require_staff()
        from ui.manager.shift_close import ShiftCloseScreen  # loaded when a shift is closed

        self.count = ShiftCloseScreen(
            self.session.terminal,
            staff,
            self.host.approval_asker(tr("Closing the shift with sales not yet sent needs approval.")),
        )
        self.count.close_button.clicked.connect(self._after_close)
        for repeated in (self.count.heading, self.count.who):  # the window's header says both already
            repeated.hide()
        self.root.insertWidget(0, self.count, 1)
        self.notice.clear()
        self._buttons()
        self.count.counter.focus_first()

    def _buttons(self) -> None:
        closed = self.count is not None and self.count.report is not None
        self.back.setVisible(not closed)
        self.print_z.setVisible(closed)
        self.finish.setVisible(closed)

    def confirm(self) -> None:
        """Close with the counted cash (as the screen's own button does)."""
        if self.count is not None and self.count.report is None:
            self.count.close_button.click()  # closes, then _after_close: the same path as a tap

    def _after_close(self) -> None:
        if self.count is None or self.count.report is None:
            return
        self.session.shift_closed()
        self._buttons()
        self.print_report()

    def print_report(self) -> None:
        if self.count is None or self.count.report is None:
            return
        doc = self.session.report_document(self.count.report, current_language())
        self.host.printing.print_document(doc, ref=f"Z{self.count.report.z_no}")
        self.notice.show_message(
            tr("Z report No. {n} sent to the printer").format(n=self.count.report.z_no), "ok"
        )

    def leave(self) -> None:
        if self.count is not None and self.count.report is not None:
            self.host.sign_out()
        else:
            self.host.go("menu")

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        closed = self.count is not None and self.count.report is not None
        if key == Qt.Key.Key_Escape:
            self.leave()
            return True
        if key == Qt.Key.Key_F12:
            if closed:
                self.host.sign_out()
            else:
                self.confirm()
            return True
        if key == Qt.Key.Key_F9 and closed:
            self.print_report()
            return True
        return False

    def handle_scan(self, code: str) -> None:
        self.notice.show_message(tr("Count the drawer first; scanning is not used here"), "warn")
        self.host.beep()
