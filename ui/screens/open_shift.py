"""Opening the shift: the cashier counts the float in the drawer by denomination, then sells.

Shown after sign-in when no shift is open on this till (the store's policy wants one before selling). The count
is stored with the shift and becomes the opening float of the cash-up; the core also puts prices due today into
effect when a shift opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import PosError
from ui.cash_count import CashCountWidget
from ui.formatting import money
from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QFrame, QHBoxLayout, QKeyEvent, QLabel, Qt, QVBoxLayout
from ui.screens.base import Screen
from ui.theme import set_role
from ui.widgets import ActionButton, NoticeBar, heading

if TYPE_CHECKING:
    from ui.screens.host import ScreenHost


class OpenShiftScreen(Screen):
    name = "open_shift"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        root = QVBoxLayout(self)
        root.setContentsMargins(24, 18, 24, 18)
        root.setSpacing(12)
        self.title = heading("", "h1")
        root.addWidget(self.title)
        self.info = QLabel()
        self.info.setWordWrap(True)
        set_role(self.info, "muted")
        root.addWidget(self.info)
        card = QFrame()
        card.setObjectName("Card")
        box = QVBoxLayout(card)
        box.setContentsMargins(24, 18, 24, 18)
        self.count_title = heading("", "h3")
        box.addWidget(self.count_title)
        self.counter = CashCountWidget()
        box.addWidget(self.counter, 1)
        root.addWidget(card, 1)  # the whole width: two columns of notes, nothing to scroll at 1024×768
        self.notice = NoticeBar()
        root.addWidget(self.notice)
        self.counter.finished.connect(
            lambda: self.notice.show_message(tr("Counted? F12 opens the shift."), "info")
        )
        bottom = QHBoxLayout()
        self.back = ActionButton(QT_TR_NOOP("Sign out"), "Esc", "logout", "quiet", on_click=host.sign_out)
        self.open_button = ActionButton(
            QT_TR_NOOP("Open the shift"), "F12", "check", "pay", on_click=self.open_shift
        )
        self.open_button.setMinimumHeight(64)
        bottom.addWidget(self.back, 1)
        bottom.addWidget(self.open_button, 2)
        root.addLayout(bottom)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Open the shift"))
        self.info.setText(
            tr(
                "No shift is open on till {code}. Count the cash in the drawer (the float) note by note, "
                "then open the shift to start selling."
            ).format(code=self.session.code)
        )
        self.count_title.setText(tr("Float in the drawer"))
        self.counter.total_caption.setText(tr("FLOAT"))

    def entered(self) -> None:
        self.counter.clear()
        self.notice.clear()
        self.counter.focus_first()

    def open_shift(self) -> None:
        count = self.counter.count()
        try:
            info = self.session.open_shift(count)
        except PosError as exc:
            self.host.beep()
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.host.go("sale")
        self.host.notify(
            tr("Shift opened with a float of {amount}").format(amount=money(info.opening_float)), "ok"
        )

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key == Qt.Key.Key_F12:
            self.open_shift()
            return True
        if key == Qt.Key.Key_Escape:
            self.host.sign_out()
            return True
        return False

    def handle_scan(self, code: str) -> None:
        self.notice.show_message(tr("Open the shift first, then scan"), "warn")
        self.host.beep()
