"""Signing in: tap your name, type your PIN, Enter. A PIN alone works too (it is checked against everyone's).

With a name tile the core checks one PIN hash and counts wrong PINs against that person (locked for a while after
too many); a PIN alone is checked against every active person's hash (slower) and its failures lock PIN-only
sign-in on this till. Either way a lockout is spelt out with the minutes left and who can unlock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos.errors import PosError
from pos.staff.directory import StaffRecord
from ui.formatting import ROLE_NAMES
from ui.i18n import current_language, tr
from ui.qt import (
    QT_TR_NOOP,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPushButton,
    QResizeEvent,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
)
from ui.restart_notices import StopNotice
from ui.screens.base import Screen
from ui.theme import COLORS, icon, icon_pixmap, set_role
from ui.widgets import ActionButton, PinPad, heading

if TYPE_CHECKING:
    from ui.screens.host import ScreenHost


#: Below this height (px) the sign-in screen is laid out tighter (the window's minimum, 1024×700, leaves ~612).
SHORT = 660

# Who signs in most often comes first.
ROLE_ORDER = {"cashier": 0, "shift_lead": 1, "manager": 2, "admin": 3}


class StaffTile(QPushButton):
    """A person's name and role; checked when chosen for the PIN that follows."""

    def __init__(self, record: StaffRecord) -> None:
        super().__init__()
        self.record = record
        self.setObjectName("StaffTile")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(180, 60)
        set_role(self, "toggle")
        self.retranslate()

    def retranslate(self) -> None:
        role = tr(ROLE_NAMES.get(self.record.role, self.record.role))
        locked = " · " + tr("locked") if self.record.locked() else ""
        self.setText(f"{self.record.name}\n{role}{locked}")
        self.setIcon(icon("user", COLORS["danger"] if locked else COLORS["brand_dark"], 22))


class SignInScreen(Screen):
    name = "signin"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self._error: PosError | None = None
        self.tiles: list[StaffTile] = []
        self.chosen: StaffRecord | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        self.outer = outer
        outer.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(20)
        row.addStretch(1)

        staff_card = QFrame()
        staff_card.setObjectName("SignInCard")
        staff_card.setMinimumWidth(420)
        staff_box = QVBoxLayout(staff_card)
        staff_box.setContentsMargins(24, 24, 24, 24)
        staff_box.setSpacing(10)
        self.staff_title = heading("", "h2")
        staff_box.addWidget(self.staff_title)
        self.staff_hint = QLabel()
        self.staff_hint.setWordWrap(True)
        set_role(self.staff_hint, "muted")
        staff_box.addWidget(self.staff_hint)
        self.tile_area = QWidget()
        self.tile_grid = QGridLayout(self.tile_area)
        self.tile_grid.setContentsMargins(0, 0, 0, 0)
        self.tile_grid.setSpacing(8)
        self.tile_area.setObjectName("StaffTiles")
        self.tile_area.setStyleSheet("#StaffTiles { background: transparent; }")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        scroll.viewport().setAutoFillBackground(False)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.tile_area)
        staff_box.addWidget(scroll, 1)
        # After an unexpected stop: when, why if known, where the log is — until someone dismisses it. Above the
        # staff tiles, whose scroll area gives it the room (the PIN card keeps its full height on 1024×768).
        left = QVBoxLayout()
        left.setSpacing(12)
        self.stop_notice = StopNotice()
        self.stop_notice.setMaximumWidth(staff_card.minimumWidth() + 120)
        left.addWidget(self.stop_notice)
        left.addWidget(staff_card, 1)
        row.addLayout(left)
        if host.unclean_stop is not None:
            self.stop_notice.show_stop(host.unclean_stop, self.session.restored is not None)

        card = QFrame()
        card.setObjectName("SignInCard")
        card.setFixedWidth(400)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(32, 24, 32, 24)
        lay.setSpacing(10)
        self.card_layout = lay
        self.logo = QLabel()
        self.logo.setPixmap(icon_pixmap("logo", 48, COLORS["brand"]))
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.logo)
        self.shop = heading("", "h2")
        self.shop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.shop.setWordWrap(True)
        lay.addWidget(self.shop)
        self.prompt = QLabel()
        set_role(self.prompt, "muted")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.setWordWrap(True)
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
        self.fill_tiles()
        self.retranslate()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a short window (1024×700) the logo goes (the header has it) and the margins shrink, so the PIN
        pad's last row (C 0 ⌫) and the sign-in key stay whole, even under a two-line error."""
        super().resizeEvent(event)
        short = self.height() < SHORT
        self.logo.setVisible(not short)
        margin = 12 if short else 24
        self.outer.setContentsMargins(24, margin, 24, margin)
        self.card_layout.setContentsMargins(32, 16 if short else 24, 32, 16 if short else 24)
        self.card_layout.setSpacing(8 if short else 10)

    # --- staff tiles -------------------------------------------------------------------------------------------
    def fill_tiles(self) -> None:
        """One tile per active person (locks shown), in two columns."""
        chosen = self.chosen.id if self.chosen is not None else None
        for tile in self.tiles:
            self.tile_grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles = []
        try:
            records = sorted(self.session.staff_list(), key=lambda r: (ROLE_ORDER.get(r.role, 9), r.name))
        except PosError:
            records = []
        for i, record in enumerate(records):
            tile = StaffTile(record)
            tile.clicked.connect(lambda _=False, r=record: self.choose(r))
            tile.setChecked(record.id == chosen)
            self.tiles.append(tile)
            self.tile_grid.addWidget(tile, i // 2, i % 2)
        self.tile_grid.setRowStretch(len(records) // 2 + 1, 1)
        if chosen is not None and not any(t.record.id == chosen for t in self.tiles):
            self.chosen = None

    def choose(self, record: StaffRecord | None, *, toggle: bool = True) -> None:
        """Pick the person signing in (tapping the same tile again goes back to PIN only)."""
        if toggle and record is not None and self.chosen is not None and record.id == self.chosen.id:
            record = None
        self.chosen = record
        for tile in self.tiles:
            tile.setChecked(record is not None and tile.record.id == record.id)
        self._error = None
        self.error.clear()
        self.retranslate()
        self.pin.setFocus()

    def choose_code(self, code: str) -> None:
        record = next((t.record for t in self.tiles if t.record.code.upper() == code.upper()), None)
        if record is not None:
            self.choose(record, toggle=False)

    # --- texts and state -----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.shop.setText(self.host.shop_name)
        self.staff_title.setText(tr("Who is signing in?"))
        if self.tiles:
            self.staff_hint.setText(tr("Tap your name, then type your PIN. Or just type your PIN."))
        else:  # a new till: nobody can sign in until its first administrator exists
            self.staff_hint.setText(
                tr(
                    "Nobody can sign in yet. Create the first administrator: ocop-pos staff first-admin CODE NAME"
                )
            )
        if self.chosen is None:
            self.prompt.setText(tr("Enter your staff PIN"))
        else:
            self.prompt.setText(tr("PIN for {name}").format(name=self.chosen.name))
        self.pin.setPlaceholderText("• • • •")
        for tile in self.tiles:
            tile.retranslate()
        self.stop_notice.retranslate()
        if self._error is not None:
            self.error.setText(self._error.message(current_language()))

    def entered(self) -> None:
        self.pin.clear()
        self._error = None
        self.error.clear()
        self.chosen = None
        self.fill_tiles()
        self.retranslate()
        self.pin.setFocus()

    def submit(self) -> None:
        pin = self.pin.text()
        if not pin:
            return
        code = self.chosen.code if self.chosen is not None else None
        try:
            self.session.sign_in(pin, code)
        except PosError as exc:
            self.pin.clear()
            self._error = exc
            self.error.setText(exc.message(current_language()))
            self.host.beep()
            if exc.code == "locked":
                self.fill_tiles()  # show the lock on the person's tile
            return
        self._error = None
        self.error.clear()
        self.host.signed_in()

    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.tiles:
            ids = [t.record.id for t in self.tiles]
            current = ids.index(self.chosen.id) if self.chosen is not None else -1
            step = -1 if key == Qt.Key.Key_Up else 1
            target = (current + step) % len(self.tiles)
            self.choose(self.tiles[target].record, toggle=False)
            return True
        if key == Qt.Key.Key_Escape and self.chosen is not None:
            self.choose(None)
            return True
        if key == Qt.Key.Key_Escape and self.stop_notice.isVisible():
            self.stop_notice.hide()
            return True
        if not self.pin.hasFocus():
            self.pin.setFocus()
        return False

    def handle_scan(self, code: str) -> None:
        self.error.setText(tr("Sign in first, then scan"))
        self.host.beep()
