"""Signing in with a staff PIN: type it or tap it, Enter. A wrong PIN says so and clears the field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import PosError
from ui.i18n import current_language, tr
from ui.qt import QT_TR_NOOP, QFrame, QHBoxLayout, QKeyEvent, QLabel, QLineEdit, Qt, QVBoxLayout
from ui.screens.base import Screen
from ui.theme import COLORS, icon_pixmap, set_role
from ui.widgets import ActionButton, PinPad, heading

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class SignInScreen(Screen):
    name = "signin"

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._error: PosError | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("SignInCard")
        card.setFixedWidth(420)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(32, 28, 32, 28)
        lay.setSpacing(12)
        logo = QLabel()
        logo.setPixmap(icon_pixmap("logo", 56, COLORS["brand"]))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(logo)
        self.shop = heading("", "h2")
        self.shop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shop.setWordWrap(True)
        lay.addWidget(self.shop)
        self.prompt = QLabel()
        set_role(self.prompt, "muted")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.prompt)
        self.pin = QLineEdit()
        self.pin.setObjectName("PinEntry")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pin.setMaxLength(8)
        self.pin.returnPressed.connect(self.submit)
        lay.addWidget(self.pin)
        self.error = QLabel()
        set_role(self.error, "error")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        lay.addWidget(PinPad(self.pin))
        self.go = ActionButton(QT_TR_NOOP("Sign in"), "Enter", "check", "primary", on_click=self.submit)
        self.go.setMinimumHeight(56)
        lay.addWidget(self.go)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.shop.setText(self.window_.shop_name)
        self.prompt.setText(tr("Enter your staff PIN"))
        self.pin.setPlaceholderText("• • • •")
        if self._error is not None:
            self.error.setText(self._error.message(current_language()))

    def entered(self) -> None:
        self.pin.clear()
        self._error = None
        self.error.clear()
        self.pin.setFocus()

    def submit(self) -> None:
        pin = self.pin.text()
        if not pin:
            return
        try:
            self.till.sign_in(pin)
        except PosError as exc:
            self.pin.clear()
            self._error = exc
            self.error.setText(exc.message(current_language()))
            self.window_.beep()
            return
        self._error = None
        self.error.clear()
        self.window_.go("sale")

    def handle_key(self, event: QKeyEvent) -> bool:
        if not self.pin.hasFocus():
            self.pin.setFocus()
        return False

    def handle_scan(self, code: str) -> None:
        self.error.setText(tr("Sign in first, then scan"))
        self.window_.beep()
