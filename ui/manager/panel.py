"""The manager's side of the till in one widget: a column of sections and the chosen screen.

The till's main window can host it for a signed-in manager (``ManagerPanel(terminal, actor)``); each screen
asks for a PIN through ``ApprovalDialog`` when the core needs someone else's approval.
"""

from __future__ import annotations

from collections.abc import Callable

from pos.staff.member import StaffMember
from pos.terminal import Terminal
from ui.manager.approval_dialog import dialog_asker
from ui.manager.base import ApprovalAsker, ManagerScreen
from ui.manager.reports import ReportsScreen
from ui.manager.settlement import SettlementScreen
from ui.manager.shift_close import ShiftCloseScreen
from ui.manager.stock_count import StockCountScreen
from ui.manager.words import t
from ui.qt import QEvent, QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from ui.theme import set_role

SECTIONS: tuple[tuple[str, str, str, Callable[..., ManagerScreen]], ...] = (
    ("shift", "Đóng ca", "Close shift", ShiftCloseScreen),
    ("count", "Kiểm kê", "Stock count", StockCountScreen),
    ("reports", "Báo cáo", "Reports", ReportsScreen),
    ("settlement", "Quyết toán ký gửi", "Settlement", SettlementScreen),
)


class ManagerPanel(QWidget):
    def __init__(
        self, terminal: Terminal, actor: StaffMember, ask_approval: ApprovalAsker | None = None
    ) -> None:
        super().__init__()
        asker = ask_approval or dialog_asker(terminal, actor, self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        nav = QVBoxLayout()
        nav.setContentsMargins(12, 18, 0, 18)
        self.buttons: dict[str, QPushButton] = {}
        self.screens: dict[str, ManagerScreen] = {}
        self.stack = QStackedWidget()
        for key, _vi, _en, cls in SECTIONS:
            button = QPushButton()
            set_role(button, "toggle")
            button.setCheckable(True)
            button.setMinimumSize(170, 48)
            button.clicked.connect(lambda _=False, k=key: self.go(k))
            nav.addWidget(button)
            self.buttons[key] = button
            screen = cls(terminal, actor, asker)
            self.screens[key] = screen
            self.stack.addWidget(screen)
        nav.addStretch(1)
        row.addLayout(nav)
        row.addWidget(self.stack, 1)
        self.retranslate()
        self.go(SECTIONS[0][0])

    def go(self, key: str) -> ManagerScreen:
        for k, button in self.buttons.items():
            button.setChecked(k == key)
        self.stack.setCurrentWidget(self.screens[key])
        return self.screens[key]

    def retranslate(self) -> None:
        for key, vi, en, _cls in SECTIONS:
            self.buttons[key].setText(t(vi, en))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
