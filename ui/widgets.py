"""Small building blocks every screen uses: action buttons that show their key, the notice line, the PIN pad."""

from __future__ import annotations

from collections.abc import Callable

from ui.i18n import tr
from ui.qt import (
    QButtonGroup,
    QEvent,
    QFont,
    QFrame,
    QGridLayout,
    QIcon,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QPainter,
    QPaintEvent,
    QPushButton,
    QRectF,
    QResizeEvent,
    QSize,
    QSizePolicy,
    Qt,
    QTimer,
    QWidget,
)
from ui.theme import COLORS, icon, icon_pixmap, set_role


class Translatable:
    """Mix-in for a widget: ``retranslate()`` runs when the cashier switches language. A plain class, listed before
    the Qt class (``class ActionButton(Translatable, QPushButton)``): PySide6 cannot take a second Qt base."""

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]  # the Qt class after the mix-in in the MRO has it


class ActionButton(Translatable, QPushButton):
    """A touch-sized button labelled in the cashier's language, with its keyboard key drawn as a badge.

    The English ``label`` is the translation source; ``key`` ("F12", "Esc") is what the screen maps to the same
    action, shown so nobody has to learn it from a manual.
    """

    def __init__(
        self,
        label: str,
        key: str = "",
        icon_name: str = "",
        role: str = "",
        parent: QWidget | None = None,
        on_click: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.label = label
        self.key = key
        self.icon_name = icon_name
        self.suffix = ""  # untranslated text after the label, e.g. a count
        self.compact = False  # icon only (the label goes to the tooltip) where room is short
        self.tight = False  # label without the icon, less padding: a row of them on a 1024-pixel screen
        self.setFocusPolicy(
            Qt.FocusPolicy.NoFocus
        )  # keys go to the search box; Enter never lands on a button
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if role:
            set_role(self, role)
        if on_click is not None:
            self.clicked.connect(on_click)
        # A bound method, not a lambda holding ``self``: the connection would keep that lambda, and with it this
        # button's wrapper and everything it refers to, for as long as the button exists.
        self.toggled.connect(self._toggled)
        self._apply_icon()
        self.retranslate()

    def _toggled(self, _checked: bool) -> None:
        self._apply_icon()

    def _icon_color(self) -> str:
        role = self.property("role") or ""
        if role in ("primary", "pay", "danger", "dark") or (self.isCheckable() and self.isChecked()):
            return COLORS["white"]
        return COLORS["brand_dark"]

    def _apply_icon(self) -> None:
        if self.tight:
            self.setIcon(QIcon())
            return
        if self.icon_name:
            size = 26 if self.property("role") == "pay" else 20
            self.setIcon(icon(self.icon_name, self._icon_color(), size))
            self.setIconSize(QSize(size, size))

    def set_role(self, role: str) -> None:
        set_role(self, role)
        self._apply_icon()

    def retranslate(self) -> None:
        text = "" if self.compact else tr(self.label) + self.suffix
        if self.text() != text:  # a new text lays the button's row out again
            self.setText(text)
        self.setToolTip(f"{tr(self.label)} ({self.key})" if self.key else tr(self.label) + self.suffix)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.retranslate()

    def set_tight(self, tight: bool) -> None:
        """Where a row of buttons is short of width: the label stays whole, the icon goes."""
        if tight != self.tight:
            self.tight = tight
            self.setProperty("tight", tight)
            self.style().unpolish(self)
            self.style().polish(self)
            self._apply_icon()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.key:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        font = QFont(self.font())
        note = self.property("role") == "note"
        # A note button's amount is large and centred and may run to the edge on a 1024-pixel screen: its badge
        # stays small and in the very corner, above the digits, never on them.
        font.setPointSizeF(7.5 if note else max(7.0, font.pointSizeF() * 0.68))
        font.setBold(True)
        painter.setFont(font)
        metrics = painter.fontMetrics()
        w = metrics.horizontalAdvance(self.key) + 8
        h = metrics.height() + 1
        rect = QRectF(self.width() - w - (3 if note else 5), 2 if note else 4, w, h)
        dark = (self.property("role") or "") in ("primary", "pay", "danger", "dark")
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(Qt.GlobalColor.white if not dark else Qt.GlobalColor.transparent)
        painter.setOpacity(0.9 if not dark else 1.0)
        if not dark:
            painter.setBrush(self.palette().window())
        painter.drawRoundedRect(rect, 4, 4)
        painter.setOpacity(1.0)
        painter.setPen(Qt.GlobalColor.white if dark else Qt.GlobalColor.darkGray)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.key)
        painter.end()


class NoticeBar(QFrame):
    """The non-blocking message line: a scan that failed, a sale that completed, a printer that is offline.

    Never modal, never steals focus; it fades itself after a while (errors stay a little longer).

    It places its icon and text itself, without a layout: a new message re-lays out the screen around the bar
    only when the bar's height changes (a message on more lines). With a layout every message did — on the sale
    screen, every scan re-laid the whole window out (about 4 ms a scan, measured by ``python -m bench``).
    """

    KINDS = ("info", "ok", "warn", "error")
    _LEFT, _TOP, _RIGHT, _BOTTOM = 14, 8, 14, 8
    _SPACING = 10
    _ICON = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NoticeBar")
        self._icon = QLabel(self)
        self._icon.setFixedSize(self._ICON, self._ICON)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setObjectName("NoticeText")
        self._height = self._TOP + self._ICON + self._BOTTOM
        self.kind = "info"
        self._icon_kind = ""  # the kind whose icon is shown ("": none)
        self._measured: tuple[tuple[str, int, str] | None, int] = (
            None,
            0,
        )  # (text, width, kind) → its height
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.clear)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.clear()

    def sizeHint(self) -> QSize:
        return QSize(200, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._LEFT + self._ICON + self._SPACING + 40 + self._RIGHT, self._height)

    def _text_width(self, width: int) -> int:
        return max(40, width - self._LEFT - self._ICON - self._SPACING - self._RIGHT)

    def _fit(self) -> None:
        """Place the icon and the text; ask the screen for another height only if the text needs one."""
        width = self._text_width(self.width())
        text = self.text.text()
        key = (text, width, self.kind)
        if self._measured[0] != key:  # measured once per text: a message places the bar twice
            self._measured = (key, self.text.heightForWidth(width) if text else 0)
        text_h = self._measured[1]
        inner = max(self._ICON, text_h)
        self._icon.move(self._LEFT, self._TOP + (inner - self._ICON) // 2)
        self.text.setGeometry(self._LEFT + self._ICON + self._SPACING, self._TOP, width, inner)
        height = self._TOP + inner + self._BOTTOM
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the text changed (a label asks its parent so)
            self._fit()
            return True
        return super().event(event)

    def show_message(self, text: str, kind: str = "info", timeout_ms: int | None = None) -> None:
        self.kind = kind
        set_role(self, kind)
        colors = {
            "info": COLORS["brand"],
            "ok": COLORS["pay"],
            "warn": COLORS["warn"],
            "error": COLORS["danger"],
        }
        names = {"info": "barcode", "ok": "check", "warn": "warning", "error": "warning"}
        if self._icon_kind != kind:  # the same icon again repainted it (and the screen under it) every scan
            self._icon_kind = kind
            self._icon.setPixmap(
                icon_pixmap(names.get(kind, "barcode"), 22, colors.get(kind, COLORS["brand"]))
            )
        self.text.setText(text)
        self._fit()
        self.setVisible(True)
        if timeout_ms is None:
            timeout_ms = 9000 if kind in ("error", "warn") else 6000
        if timeout_ms > 0:
            self._timer.start(timeout_ms)

    def clear(self) -> None:
        self.text.setText("")
        self.kind = "info"
        set_role(self, "idle")
        self._icon.clear()
        self._icon_kind = ""
        self._fit()


class PinPad(QWidget):
    """A 3×4 touch keypad feeding a line edit: digits, clear, backspace."""

    KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫")

    def __init__(
        self, target: QLineEdit, on_enter: Callable[[], None] | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(8)
        grid.setContentsMargins(0, 0, 0, 0)
        # One group signal with the key's index instead of a lambda per button: a lambda holding ``self`` on a
        # child's signal keeps this pad's wrapper referenced from C++, where Python's collector cannot see it.
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.group.idClicked.connect(self._pressed)
        self.keys: dict[str, QPushButton] = {}
        for i, k in enumerate(self.KEYS):
            b = QPushButton(k)
            b.setObjectName(f"key_{k}")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setMinimumSize(72, 46)  # the style sheet's min-height (44 px and its border) rules the height
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            b.setProperty("role", "key")
            self.keys[k] = b
            if k == "⌫":
                b.setText("")
                b.setIcon(icon("backspace", COLORS["brand_dark"], 24))
                b.setIconSize(QSize(24, 24))
            self.group.addButton(b, i)
            grid.addWidget(b, i // 3, i % 3)
        self.on_enter = on_enter

    def _pressed(self, index: int) -> None:
        self._press(self.KEYS[index])

    def _press(self, key: str) -> None:
        if key == "C":
            self.target.clear()
        elif key == "⌫":
            self.target.backspace()
        else:
            self.target.insert(key)
        self.target.setFocus()


#: Most digits an amount of đồng may have (999 tỷ): more is a finger resting on a key.
MONEY_DIGITS = 12


def group_thousands(digits: str) -> str:
    """``"620000"`` → ``"620.000"``: how Vietnamese write đồng (``""`` stays empty, leading zeros go)."""
    digits = digits.lstrip("0") or ("0" if digits else "")
    return f"{int(digits):,}".replace(",", ".") if digits else ""


class MoneyEdit(QLineEdit):
    """An amount of đồng as the cashier types it, its thousands dotted as they go (``620.000``).

    Only digits count (a typed dot or space is the grouping the field does itself); ``k`` — or the *000* key
    beside the field — adds three zeros, so 620 000 ₫ is ``620k``. The caret keeps its place among the digits
    when the dots move. ``text()`` is what ``pos.money.parse_vnd`` reads.
    """

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MoneyEntry")
        self.setPlaceholderText(placeholder)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # a bound method: a lambda holding ``self`` on its own signal would keep this field for good
        self.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        self._regroup()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text() in ("k", "K"):
            self.add_thousands()
            return
        super().keyPressEvent(event)

    def add_thousands(self) -> None:
        """Three zeros at the caret (``62`` → ``62.000``); on an empty field, nothing (no amount is "000")."""
        if self.text().strip():
            self.insert("000")
            self._regroup()
            self.textEdited.emit(self.text())

    def _regroup(self) -> None:
        text = self.text()
        right = sum(ch.isdigit() for ch in text[self.cursorPosition() :])  # digits after the caret
        digits = "".join(ch for ch in text if ch.isdigit())[:MONEY_DIGITS]
        grouped = group_thousands(digits)
        if grouped == text:
            return
        self.setText(grouped)
        pos, seen = len(grouped), 0
        while pos > 0 and seen < right:
            pos -= 1
            seen += grouped[pos].isdigit()
        self.setCursorPosition(pos)


def heading(text: str = "", role: str = "h1") -> QLabel:
    label = QLabel(text)
    set_role(label, role)
    return label


def hline() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setObjectName("Rule")
    return line
